"""Reading and checking figure configs: TOML and YAML, defaults, and every error message."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from framing._infra.errors import ConfigError
from framing.figures import describe, get_kind, load_config, resolve
from framing.figures.registry import KINDS, Kind, Option

TOML = """\
title = "Paper"

[defaults]
corpus = "docs.jsonl"
width = "double"

[figures.volume]
kind = "documents"
caption = "Documents per month."
outlets = "kremlin.ru"
start = 2022-01-01
end = "2022-06-30"

[figures."weekly-b"]
kind = "documents"
period = "W"
width = 5.5
aspect = 0.3
dpi = 150
"""

YAML = """\
title: Paper
defaults:
  corpus: docs.jsonl
  width: double
figures:
  volume:
    kind: documents
    caption: Documents per month.
    outlets: kremlin.ru
    start: 2022-01-01
    end: "2022-06-30"
  weekly-b:
    kind: documents
    period: W
    width: 5.5
    aspect: 0.3
    dpi: 150
"""


def write(tmp_path: Path, text: str, name: str = "figs.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def specs(path: Path) -> list:
    figset = load_config(path)
    return [resolve(figset, e) for e in figset.entries]


def error(tmp_path: Path, text: str, name: str = "figs.toml") -> str:
    """The message of the ConfigError that loading and resolving ``text`` raises."""
    with pytest.raises(ConfigError) as info:
        specs(write(tmp_path, text, name))
    return str(info.value)


@pytest.fixture
def needy(monkeypatch: pytest.MonkeyPatch) -> Kind:
    """A test kind with a required option and a cross-option check."""
    def check(options):
        if options["low"] > options["high"]:
            raise ConfigError(f"low={options['low']} is above high={options['high']}")

    kind = Kind("needy", "test kind", compute=lambda c, o: None, plot=lambda t, o, f: None, seeded=True,
                options={"terms": Option("a list of terms, e.g. [\"invasion\"]", types=(list,)),
                         "low": Option("lower bound", 0), "high": Option("upper bound", 10),
                         "show": Option("what to show", "rate", choices=("rate", "share")),
                         "lexicon": Option("a word list file", None, types=(str,), file=True)},
                check=check)
    get_kind("documents")  # load the built-in kinds first
    monkeypatch.setitem(KINDS, "needy", kind)
    return kind


def test_toml_entries_get_defaults_and_normalised_values(tmp_path: Path) -> None:
    volume, weekly = specs(write(tmp_path, TOML))
    assert load_config(tmp_path / "figs.toml").title == "Paper"
    assert volume.record() == {"kind": "documents", "corpus": "docs.jsonl", "caption": "Documents per month.",
                               "seed": None, "width": "double", "aspect": 0.45, "dpi": 300,
                               "outlets": ["kremlin.ru"], "start": "2022-01-01", "end": "2022-06-30",
                               "options": {"by": "outlet", "period": "M"}}
    assert (weekly.name, weekly.width, weekly.aspect, weekly.dpi, weekly.options["period"]) == \
           ("weekly-b", 5.5, 0.3, 150, "W")
    assert weekly.subset == {"outlets": None, "start": None, "end": None}


def test_yaml_gives_the_same_figures(tmp_path: Path) -> None:
    from_toml = [s.record() for s in specs(write(tmp_path, TOML))]
    from_yaml = [s.record() for s in specs(write(tmp_path, YAML, "figs.yaml"))]
    assert from_yaml == from_toml


def test_compute_inputs_leave_out_the_drawing(tmp_path: Path, needy: Kind) -> None:
    (spec,) = specs(write(tmp_path, '[figures.a]\nkind = "needy"\ncorpus = "c.csv"\nterms = ["x"]\n'
                                    'show = "share"\ncaption = "c"\nwidth = 4\n'))
    assert spec.compute_inputs() == {"kind": "needy", "corpus": "c.csv", "seed": 1, "outlets": None,
                                     "start": None, "end": None, "files": {},
                                     "options": {"terms": ["x"], "low": 0, "high": 10, "show": "share",
                                                 "lexicon": None}}
    assert spec.compute_options() == {"terms": ["x"], "low": 0, "high": 10, "show": "share", "lexicon": None,
                                      "seed": 1}


def test_file_options_are_resolved_and_keyed_by_content(tmp_path: Path, needy: Kind) -> None:
    (tmp_path / "words").mkdir()
    (tmp_path / "words" / "list.txt").write_text("invasion\n")
    path = write(tmp_path, '[figures.a]\nkind = "needy"\ncorpus = "c.csv"\nterms = ["x"]\nlexicon = "words/list.txt"\n')
    (spec,) = specs(path)
    assert spec.record()["options"]["lexicon"] == "words/list.txt"  # as written: no absolute path recorded
    assert spec.compute_options()["lexicon"] == str(tmp_path / "words" / "list.txt")
    digest = hashlib.sha256(b"invasion\n").hexdigest()
    assert spec.inputs()["files"] == spec.compute_inputs()["files"] == {"lexicon": digest}
    (tmp_path / "words" / "list.txt").write_text("aggression\n")
    assert spec.inputs()["files"]["lexicon"] != digest
    (other,) = specs(write(tmp_path, '[figures.a]\nkind = "needy"\ncorpus = "c.csv"\nterms = ["x"]\n'
                                     'lexicon = "ukraine"\n'))
    assert other.files == {} and other.compute_options()["lexicon"] == "ukraine"  # a name, not a file


def test_toml_that_does_not_parse_names_file_and_line(tmp_path: Path) -> None:
    text = 'title = "x"\n\n[figures.a]\nkind = \ncorpus = "c.csv"\n'
    assert error(tmp_path, text) == "figs.toml:4: cannot parse the TOML: Invalid value (at line 4, column 8)"


def test_duplicate_figure_names_are_a_parse_error(tmp_path: Path) -> None:
    text = '[figures.a]\nkind = "documents"\n[figures.a]\nkind = "documents"\n'
    assert error(tmp_path, text).startswith("figs.toml:3: cannot parse the TOML: Cannot declare ('figures', 'a') twice")


def test_yaml_that_does_not_parse_names_file_and_line(tmp_path: Path) -> None:
    text = "figures:\n  a:\n    kind: [documents\n    corpus: c.csv\n"
    assert error(tmp_path, text, "figs.yml") == "figs.yml:4: cannot parse the YAML: expected ',' or ']', but got ':'"


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"figure config .*nothere.toml does not exist; pass a .toml or .yaml file"):
        load_config(tmp_path / "nothere.toml")


@pytest.mark.parametrize(("text", "message"), [
    ('[figures]\n', "figs.toml:1: the config defines no figure: add a [figures.NAME] table with a 'kind'"),
    ('title = "t"\n', "figs.toml: the config defines no figure: add a [figures.NAME] table with a 'kind'"),
    ('titel = "t"\n[figures.a]\nkind = "documents"\n',
     "figs.toml:1: unknown top-level key 'titel'; a config has only 'title', [defaults] and [figures.NAME] tables"),
    ('[defaults]\ncorpus = "c.csv"\nperiod = "W"\n[figures.a]\nkind = "documents"\n',
     "figs.toml:3: [defaults] cannot set 'period'; it may set aspect, corpus, dpi, end, outlets, seed, start, width"),
    ('[figures."../up"]\nkind = "documents"\n',
     "figs.toml:1: figure name '../up' cannot be a file name: use letters, digits, '_', '-' and '.'"),
    ('figures = {a = 3}\n', "figs.toml:1: figure 'a' must be a table of fields"),
])
def test_bad_config_structure(tmp_path: Path, text: str, message: str) -> None:
    assert error(tmp_path, text) == message


@pytest.mark.parametrize(("fields", "message"), [
    ('corpus = "c.csv"', "figs.toml:1: figure 'a': no 'kind' given; see `framing figures --kinds` for the kinds"),
    ('kind = "documentz"\ncorpus = "c.csv"',
     "figs.toml:2: figure 'a': unknown figure kind 'documentz' (did you mean 'documents'?); the kinds are: "),
    ('kind = "documents"', "figs.toml:1: figure 'a': no 'corpus' given: name a corpus (e.g. \"ukraine-2022\") "
                           "or a file, here or in [defaults]"),
    ('kind = "documents"\ncorpus = "c.csv"\nperoid = "W"',
     "figs.toml:4: figure 'a': unknown option 'peroid' for kind 'documents' (did you mean 'period'?); "
     "it takes: by, period"),
    ('kind = "documents"\ncorpus = "c.csv"\nperiod = "fortnight"',
     "figs.toml:4: figure 'a': option 'period' must be one of 'D', 'W', 'M', 'Q', 'Y', got 'fortnight'"),
    ('kind = "documents"\ncorpus = "c.csv"\nperiod = 3',
     "figs.toml:4: figure 'a': option 'period' must be str, got 3: days, weeks, months, quarters or years"),
    ('kind = "documents"\ncorpus = "c.csv"\nseed = 3',
     "figs.toml:4: figure 'a': kind 'documents' draws no random numbers: remove 'seed'"),
    ('kind = "documents"\ncorpus = "c.csv"\nwidth = "wide"',
     "figs.toml:4: figure 'a': width must be \"single\", \"double\" or a width in inches (1–20), got 'wide'"),
    ('kind = "documents"\ncorpus = "c.csv"\ndpi = 10',
     "figs.toml:4: figure 'a': dpi must be a whole number between 50 and 1200, got 10"),
    ('kind = "documents"\ncorpus = "c.csv"\nstart = "24 Februray"',
     "figs.toml:4: figure 'a': start must be a date such as 2022-02-24, got '24 Februray'"),
    ('kind = "documents"\ncorpus = "c.csv"\noutlets = [1, 2]',
     "figs.toml:4: figure 'a': outlets must be an outlet or a list of outlets, got [1, 2]"),
    ('kind = "documents"\ncorpus = ""', "figs.toml:3: figure 'a': corpus must be a corpus name, a file path, or a table"),
    ('kind = "documents"\ncorpus = "c.csv"\ncaption = 3', "figs.toml:4: figure 'a': caption must be a string, got 3"),
])
def test_bad_figure_entries(tmp_path: Path, fields: str, message: str) -> None:
    assert error(tmp_path, f"[figures.a]\n{fields}\n").startswith(message)


def test_missing_required_option_wrong_type_and_checks(tmp_path: Path, needy: Kind) -> None:
    base = '[figures.a]\nkind = "needy"\ncorpus = "c.csv"\n'
    assert error(tmp_path, base) == ("figs.toml:1: figure 'a': kind 'needy' needs option 'terms': "
                                     "a list of terms, e.g. [\"invasion\"]")
    assert error(tmp_path, base + 'terms = "invasion"\n') == (
        "figs.toml:4: figure 'a': option 'terms' must be list, got 'invasion': a list of terms, e.g. [\"invasion\"]")
    assert error(tmp_path, base + 'terms = ["x"]\nlow = true\n') == (
        "figs.toml:5: figure 'a': option 'low' must be int or float, got True: lower bound")
    assert error(tmp_path, base + 'terms = ["x"]\nlow = 11\n') == "figs.toml:1: figure 'a': low=11 is above high=10"


def test_errors_from_defaults_point_at_the_defaults_line(tmp_path: Path) -> None:
    text = '[defaults]\ncorpus = "c.csv"\nwidth = "huge"\n\n[figures.a]\nkind = "documents"\n'
    assert error(tmp_path, text).startswith("figs.toml:3: figure 'a': width must be")


def test_yaml_errors_name_the_line_too(tmp_path: Path) -> None:
    text = "figures:\n  a:\n    kind: documents\n    corpus: c.csv\n    colour: red\n"
    assert error(tmp_path, text, "figs.yaml") == ("figs.yaml:5: figure 'a': unknown option 'colour' for kind "
                                                  "'documents'; it takes: by, period")


def test_describe_lists_every_kind_and_option() -> None:
    text = describe()
    for name, kind in KINDS.items():
        assert re.search(rf"^{re.escape(name)}: ", text, re.M)
        for option in kind.options:
            assert f"    {option} (" in text
    assert "    period (default 'M'): days, weeks, months, quarters or years" in text
