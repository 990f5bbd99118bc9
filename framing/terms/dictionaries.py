"""Frame dictionaries: named concepts mapped to patterns per language and script.

A :class:`FrameDictionary` maps each concept (``INVASION``) to patterns per language key
(``en``, ``ru``, ``uk``, ``sr-Cyrl``, ``sr-Latn``, ...), in the syntax of
:mod:`framing.dtm.patterns`. Used as ``patterns`` anywhere (rates, shares, KWIC), it counts
each concept as the distinct vocabulary terms that any of its patterns match, whatever
the language. :func:`term_audit` shows which surface forms matched, per outlet — read it
before trusting a count.

Dictionaries are written in YAML, TOML or JSON::

    name: ukraine
    concepts:
      INVASION:
        description: The war named as an invasion.
        en: ["invasion*", "invad*"]
        sr-Latn: ["invazij*"]

The project ships ``ukraine`` (:func:`available_dictionaries`), written for the 2022 case.

>>> d = FrameDictionary("demo", {"SMO": {"en": ["special military operation"],
...                                      "ru": ["специальн* военн* операци*"]}})
>>> d.table()
  concept language                     pattern
0     SMO       en  special military operation
1     SMO       ru  специальн* военн* операци*
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._infra.errors import PatternError
from framing._infra.safeyaml import load_yaml
from framing.corpus.corpus import Corpus
from framing.dtm.lemmas import document_languages
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import (
    Pattern,
    PatternSpec,
    alternative_columns,
    column_major,
    parse_pattern,
    pattern_columns,
    resolve,
)

_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?$")
_SUFFIXES = (".yaml", ".yml", ".toml", ".json")
MAX_DICTIONARY_CHARS = 10_000_000
"""Largest YAML dictionary read (its aliases may not expand it past this either; see framing._infra.safeyaml)."""


@dataclasses.dataclass(frozen=True)
class FrameDictionary:
    """Concepts → language → patterns.

    Attributes:
        name: the dictionary's name.
        concepts: ``{concept: {language: (pattern, ...)}}``; language keys are ISO 639
            codes, optionally with an ISO 15924 script (``sr-Cyrl``), which decide how a
            pattern is transliterated (see :mod:`framing.dtm.patterns`).
        descriptions: optional ``{concept: text}``.
        description: what the dictionary is for.
    """

    name: str
    concepts: Mapping[str, Mapping[str, Sequence[str]]]
    descriptions: Mapping[str, str] = dataclasses.field(default_factory=dict)
    description: str = ""

    def __post_init__(self) -> None:
        clean: dict[str, dict[str, tuple[str, ...]]] = {}
        if not isinstance(self.concepts, Mapping) or not self.concepts:
            raise PatternError(f"frame dictionary {self.name!r} has no concepts")
        for concept, langs in self.concepts.items():
            where = f"frame dictionary {self.name!r}, concept {concept!r}"
            if not isinstance(langs, Mapping) or not langs:
                raise PatternError(f"{where}: give patterns per language, e.g. {{'en': ['invasion']}}")
            clean[str(concept)] = {}
            for lang, pats in langs.items():
                if not _LANGUAGE_KEY.match(str(lang)):
                    raise PatternError(f"{where}: {lang!r} is not a language key such as 'en', 'ru' or "
                                       "'sr-Latn'")
                pats = [pats] if isinstance(pats, str) else pats
                if not isinstance(pats, Sequence) or not pats:
                    raise PatternError(f"{where}, language {lang!r}: give a non-empty list of patterns")
                for p in pats:
                    try:
                        parse_pattern(p, language=lang)
                    except PatternError as exc:
                        raise PatternError(f"{where}, language {lang!r}: {exc}") from None
                clean[str(concept)][str(lang)] = tuple(pats)
        object.__setattr__(self, "concepts", clean)
        object.__setattr__(self, "descriptions", dict(self.descriptions))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> FrameDictionary:
        """A dictionary from the YAML/TOML/JSON structure (``name``, ``description``, ``concepts``)."""
        if not isinstance(data, Mapping) or not isinstance(data.get("concepts"), Mapping):
            raise PatternError(f"{source}: a frame dictionary needs a 'concepts' mapping "
                               "(concept -> language -> patterns)")
        concepts, descriptions = {}, {}
        for concept, entry in data["concepts"].items():
            if not isinstance(entry, Mapping):
                raise PatternError(f"{source}: concept {concept!r} must map languages to patterns")
            entry = dict(entry)
            if "description" in entry:
                descriptions[concept] = str(entry.pop("description"))
            concepts[concept] = entry
        try:
            return cls(name=str(data.get("name") or Path(source).stem), concepts=concepts,
                       descriptions=descriptions, description=str(data.get("description") or ""))
        except PatternError as exc:
            raise PatternError(f"{source}: {exc}") from None

    @property
    def concept_names(self) -> list[str]:
        """The concepts, in file order."""
        return list(self.concepts)

    @property
    def languages(self) -> list[str]:
        """The language keys used by any concept, sorted."""
        return sorted({lang for langs in self.concepts.values() for lang in langs})

    def table(self) -> pd.DataFrame:
        """One row per pattern: ``concept``, ``language``, ``pattern``."""
        rows = [(c, lang, p) for c, langs in self.concepts.items() for lang, ps in langs.items() for p in ps]
        return pd.DataFrame(rows, columns=["concept", "language", "pattern"])

    def to_patterns(self, languages: Sequence[str] | None = None) -> tuple[Pattern, ...]:
        """One :class:`~framing.dtm.patterns.Pattern` per concept, alternatives from the chosen languages."""
        out = []
        for concept, langs in self.concepts.items():
            alts = [a for lang, ps in langs.items() if languages is None or lang in languages
                    for p in ps for a in parse_pattern(p, language=lang).alternatives]
            if alts:
                out.append(Pattern(name=concept, alternatives=tuple(alts), required=False))
        if not out:
            raise PatternError(f"frame dictionary {self.name!r} has no patterns in {list(languages or [])}; "
                               f"its languages are {self.languages}")
        return tuple(out)


def available_dictionaries() -> list[str]:
    """Names of the dictionaries shipped with framing."""
    folder = resources.files("framing") / "data" / "dictionaries"
    return sorted(p.name.rsplit(".", 1)[0] for p in folder.iterdir() if p.name.endswith(_SUFFIXES))


def _parse_text(text: str, suffix: str, source: str) -> Any:
    try:
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
        return load_yaml(text, max_chars=MAX_DICTIONARY_CHARS)
    except Exception as exc:  # each parser has its own error class; all mean "malformed file"
        raise PatternError(f"{source}: not valid {suffix.lstrip('.').upper()}: {exc}") from None


def load_dictionary(source: str | Path) -> FrameDictionary:
    """A frame dictionary by shipped name (``"ukraine"``) or from a .yaml/.yml/.toml/.json file.

    >>> d = load_dictionary("ukraine")
    >>> d.concept_names[:2], d.languages
    (['AGGRESSION', 'INVASION'], ['en', 'ru', 'sr-Cyrl', 'sr-Latn', 'uk'])
    """
    if isinstance(source, str) and source in available_dictionaries():
        path = resources.files("framing") / "data" / "dictionaries" / f"{source}.yaml"
        return FrameDictionary.from_dict(_parse_text(path.read_text("utf-8"), ".yaml", source), source=source)
    path = Path(source)
    if path.suffix.lower() not in _SUFFIXES:
        raise PatternError(f"no frame dictionary {str(source)!r}: shipped ones are {available_dictionaries()}, "
                           f"files must end in {', '.join(_SUFFIXES)}")
    if not path.is_file():
        raise PatternError(f"frame dictionary file {str(path)!r} does not exist")
    text = path.read_text(encoding="utf-8")
    return FrameDictionary.from_dict(_parse_text(text, path.suffix.lower(), str(path)), source=str(path))


# --- audit ------------------------------------------------------------------------------------
def _term_languages(dtm: DocTermMatrix, pattern: Pattern) -> dict[int, set[str]]:
    """Matched column → the language keys whose patterns matched it."""
    found: dict[int, set[str]] = {}
    languages = document_languages(dtm.docs)
    for alt in pattern.alternatives:
        for col in alternative_columns(dtm.vocab, alt, dtm.options.text.transliterate, languages):
            found.setdefault(int(col), set()).add(alt.language or "")
    return found


def term_audit(data: Corpus | DocTermMatrix, patterns: PatternSpec, *,
               by: str | Sequence[str] | None = "outlet", period: str | None = None) -> pd.DataFrame:
    """Which surface forms each pattern (or dictionary concept) matched, per group, and how often.

    Returns columns ``pattern``, ``term`` (normalised vocabulary term), ``languages``
    (dictionary language keys whose patterns matched it, comma-separated; empty for plain
    patterns), the group columns, ``count`` (occurrences), ``docs`` (documents containing
    it) and ``share`` (count / all matches of the pattern in the group). Rows with count 0
    are left out.

    >>> import framing as fr
    >>> c = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
    ...     "text": ["They invaded. The invasion!", "An invasion."]}))
    >>> term_audit(c, {"INV": "invasion|invad*"})[["pattern", "term", "outlet", "count", "share"]]
      pattern      term outlet  count  share
    0     INV   invaded      a      1    0.5
    1     INV  invasion      a      1    0.5
    2     INV  invasion      b      1    1.0
    """
    dtm, compiled = resolve(data, patterns)
    labels, groups = dtm.groups(by, period)
    csc = column_major(dtm.matrix)
    frames = []
    for pattern in compiled:
        langs = _term_languages(dtm, pattern)
        if not langs:  # raises (or warns, for a dictionary concept) with near vocabulary entries
            pattern_columns(dtm.vocab, pattern, transliterate=dtm.options.text.transliterate,
                            languages=document_languages(dtm.docs))
            continue
        cols = np.array(sorted(langs), dtype=np.int64)
        sub = csc[:, cols]
        counts = (groups @ sub).toarray()
        docs = (groups @ (sub > 0).astype(np.int64)).toarray()
        g, t = np.nonzero(counts)
        total = counts.sum(axis=1)
        frame = labels.iloc[g].reset_index(drop=True)
        frame.insert(0, "languages", [",".join(sorted(langs[int(c)] - {""})) for c in cols[t]])
        frame.insert(0, "term", pd.Series(dtm.vocab[cols[t]], dtype=object))
        frame.insert(0, "pattern", pattern.name)
        frame["count"] = counts[g, t].astype(np.int64)
        frame["docs"] = docs[g, t].astype(np.int64)
        frame["share"] = counts[g, t] / total[g]
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["pattern", "term", "languages", *labels.columns, "count", "docs", "share"])
    return pd.concat(frames, ignore_index=True)
