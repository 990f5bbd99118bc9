"""Hostile JavaScript record files: code in place of data, nesting and sizes built to exhaust the reader.

The ``js-records`` source reads a JavaScript module's array literal as data
(:mod:`framing.corpus.sources.jsliteral`), never executing it. Each test is one attack: the message
names the file, line and column and what was refused, the reader stops at once (within a deadline),
and nothing outside the named folder is touched (:func:`sandbox`); the command line prints one
``error:`` line and builds no corpus.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from framing._infra.errors import CatalogError
from framing.corpus.sources.jsliteral import MAX_DEPTH, read_module
from hostile.guards import cli_error, deadline

ZERO = "0" * 40


def refused(text: str, *, seconds: float = 5, **limits: int) -> str:
    """The message of the :class:`CatalogError` that reading ``text`` raises, within ``seconds``."""
    with deadline(seconds), pytest.raises(CatalogError) as caught:
        read_module(text, where="m.js", **limits)
    return str(caught.value)


def test_code_instead_of_data_is_never_run(sandbox):
    """[js] a module that calls require(...) to run a command → refused at the call, nothing run"""
    marker = sandbox.inside / "pwned"
    text = f"const source = [require('child_process').execSync('touch {marker}')]\nmodule.exports = source"
    assert refused(text) == ("m.js, line 1, column 17: expected a value (a string, number, true, false, null, '[' "
                             "or '{'), found the name 'require': names, calls and expressions are code, not data.")
    assert not marker.exists()


def test_template_substitution_is_refused(sandbox):
    """[js] a backtick string with ${process.exit()} → refused: a substitution is code"""
    assert refused("[{text: `a\nb ${process.exit(1)}`}]").startswith(
        "m.js, line 2, column 3: a template substitution '${' is code, not data")


def test_getter_and_spread_are_refused(sandbox):
    """[js] an object with a getter or a spread → refused, naming where"""
    assert refused("[{get text() { return 1 }}]") == (
        "m.js, line 1, column 7: expected ':' after the key 'get', found 'text'.")
    assert refused("[{...other}]") == (
        "m.js, line 1, column 3: expected a key (a name, a quoted string or a number) or '}', found '.'.")


def test_deep_nesting_stops_at_the_depth_limit(sandbox):
    """[js] a million nested '[' → refused at level 65, no recursion error"""
    message = refused("[" * 1_000_000)
    assert message == (f"m.js, line 1, column {MAX_DEPTH + 1}: nested deeper than {MAX_DEPTH} levels of arrays and "
                       "objects; this is not a record file.")
    assert refused('{"a":' * 100_000).startswith(f"m.js, line 1, column {5 * MAX_DEPTH + 1}: nested deeper than")


def test_huge_number_is_refused_without_building_it(sandbox):
    """[js] a number of a million digits → refused (Python would build a huge integer)"""
    assert refused("[" + "9" * 1_000_000 + "]", seconds=2) == (
        "m.js, line 1, column 2: expected a number of at most 100 characters; this one is longer.")


def test_unclosed_string_in_a_large_file_is_found_fast(sandbox):
    """[js] a 20 MB backtick string that never closes → refused, naming where it starts"""
    text = "const s = [\n  {text: `" + "війна " * 3_000_000
    assert refused(text) == "m.js, line 2, column 10: this string is not closed: expected ` before the end of the file."


def test_unclosed_comment_in_a_large_file_is_found_fast(sandbox):
    """[js] a block comment that never closes, before 10 MB of text → refused at the comment"""
    assert refused("[1, /*" + " x" * 5_000_000) == (
        "m.js, line 1, column 5: this comment is not closed: expected '*/' before the end of the file.")


def test_input_beyond_the_size_limit_is_refused_before_reading(sandbox):
    """[js] a file longer than the limit → refused before any parsing"""
    assert refused("[" + "1," * 600 + "1]", max_chars=1000) == (
        "m.js: 1,203 characters, more than the 1,000 a JavaScript literal may have here; this is not a record file.")


def test_wide_literal_reads_in_linear_time(sandbox):
    """[js] 50,000 records in one array → read within the deadline (no quadratic step)"""
    text = "module.exports = [" + "{id: 'a', n: 1, t: `x`}," * 50_000 + "]"
    with deadline(15):
        assert len(read_module(text, where="m.js")) == 50_000


def _recipe(sandbox, data: bytes) -> None:
    """A recipe ``hostile-js`` of one js-records file holding ``data``, and a mirror folder with it."""
    entry = {"path": "m.js", "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "meta": {"language": "uk"}}
    recipe = {"name": "hostile-js", "sources": [{
        "outlet": "a.example", "language": "uk", "format": "js-records", "repo": "o/r", "commit": ZERO,
        "license": "CC0", "id": "a-{parallel_id}", "parallel": "id",
        "fields": {"title": "name", "date": "date", "text": "text", "url": "url"}, "files": [entry]}]}
    (sandbox.inside / "recipes").mkdir()
    (sandbox.inside / "recipes" / "hostile-js.json").write_text(json.dumps(recipe), encoding="utf-8")
    target = sandbox.inside / "mirror" / "github" / "o/r" / ZERO / "m.js"
    target.parent.mkdir(parents=True)
    target.write_bytes(data)


@pytest.mark.parametrize("data, message", [
    (b"const source = [{id: 'a', text: `${alert(1)}`}]",
     "m.js, line 1, column 34: a template substitution '${' is code, not data"),
    (b"const source = [{id: 'a'}]\nfetch('http://example.invalid/')",
     "m.js, line 2, column 1: expected the end of the file, or 'module.exports = source', found 'fetch'."),
    (b"module.exports = [{id: '\xff'}]", "m.js: not valid UTF-8 at byte 24"),
])
def test_fetch_of_a_hostile_record_file_prints_one_error(sandbox, monkeypatch, capsys, data, message):
    """[js] `framing corpus fetch` of a recipe whose record file is hostile → one error line, no corpus"""
    for var in ("FRAMING_MIRROR", "FRAMING_RAW_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("FRAMING_RECIPES", str(sandbox.inside / "recipes"))
    _recipe(sandbox, data)
    line = cli_error(["corpus", "fetch", "hostile-js", "--mirror", str(sandbox.inside / "mirror")], capsys)
    assert line.startswith(f"error: o/r@{ZERO}:{message}"), line
    assert not (sandbox.inside / "data" / "hostile-js").exists()
