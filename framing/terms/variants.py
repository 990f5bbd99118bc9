"""Spelling variants: one column for a word however it is spelt (defence/defense, Kiev/Kyiv).

Keyness compares the words of two outlets, so an outlet that writes "defence" and one that writes
"defense" differ by a word that is only their spelling. :func:`merge_variants` sums the columns
of a matrix that spell one word in several ways into the column of its *canonical* spelling,
from a variants table (:func:`load_variants`: variant → canonical). Two tables are shipped in
``framing/data/variants/`` (their header comments give sources and rules):

- ``"en-GB/en-US"`` — 1,772 British and American spellings of the same word (defence/defense,
  programme/program, organise/organize, labour/labor, centre/center, co-operation/cooperation),
  from the table of breame 0.1.2 (Apache-2.0), with the pairs that would join two different
  words dropped (``analyses`` is also the plural of *analysis*) and a few errors corrected. The
  canonical form is the American one, which for ``-ize`` is also the Oxford spelling;
- ``"translit"`` — 65 romanisations of one Ukrainian or Russian name (Kiev/Kyiv, Kharkov/Kharkiv,
  Odessa/Odesa, Donbass/Donbas, Lugansk/Luhansk, Zelensky/Zelenskyy): spellings of *one* name,
  never renamings (Artemovsk is not merged into Bakhmut) nor names of two languages (Киев and
  Київ are the Russian and the Ukrainian word, and stay apart).

A user's rows (``extra=``) are added to the shipped ones and decide every word they name: a row
``kyiv → kiev`` replaces the shipped ``kiev → kyiv`` (the opposite direction), and shipped rows
that led to ``kyiv`` lead to ``kiev`` instead.

Merging is done on the normalised vocabulary (lower case, as the tokeniser folds words): a column
is renamed word by word, so n-grams follow their words ("kiev regime" → "kyiv regime"), and a
variant is also respelt inside a hyphenated token and before a clitic ("kiev-based" →
"kyiv-based", "kiev's" → "kyiv's"). Columns that end up with one name are summed (exact integer
sums), the token stream is respelt the same way, and document lengths do not change. The
merged matrix equals the matrix of the texts rewritten with the canonical spellings, built with
the same options, except where ``min_df``/``max_df`` dropped a variant before merging.

>>> import framing as fr, pandas as pd
>>> corpus = fr.from_dataframe(pd.DataFrame({"outlet": ["a", "b"], "date": ["2022-03-01"] * 2,
...     "text": ["Kiev's defence. The Kiev regime.", "Kyiv's defense. The Kyiv regime."]}))
>>> dtm = fr.document_term_matrix(corpus, ngrams=2, cache=False)
>>> merged = merge_variants(dtm, load_variants())
>>> merged.count("kyiv regime"), merged.count("kyiv's"), merged.count("defense"), merged.count("kiev regime")
(2, 2, 2, 0)
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from framing._infra.errors import ArgumentError
from framing._infra.hashing import sha256_json
from framing.corpus.text import Tokens, normalize_term
from framing.dtm.matrix import DocTermMatrix
from framing.dtm.patterns import FOLD_PUNCTUATION, TOKEN_SHAPE, arrow_vocab

SETS = {"en-GB/en-US": "en-gb-en-us.tsv", "translit": "translit.tsv"}
"""The shipped variant sets and their files in ``framing/data/variants``."""
DEFAULT_SETS = tuple(SETS)
"""The sets :func:`load_variants` loads by default: all shipped ones."""
USER_SET = "user"
"""The ``set`` of a user's rows that name none."""
COLUMNS = ["variant", "canonical", "set"]
"""The columns of a variants table."""
FIELDS = (*COLUMNS, "note")
"""The columns a variants file may have (``note`` is free text and is not kept)."""
MAX_SPELLINGS = 200
"""Most spellings :func:`term_variants` returns (a pattern's limit of alternatives)."""

VariantSource = pd.DataFrame | Mapping[str, str] | str | os.PathLike[str]
"""A user's variants: a table (columns ``variant``, ``canonical``, optional ``set``), a dict
variant → canonical, or the path of a file (see :func:`parse_variants`)."""

_SEPARATOR = re.compile(r"->|→")
_PARTS = re.compile(r"([-'])")  # the separators inside a token, kept by the split
_CLITIC = "'s"


@dataclasses.dataclass(frozen=True)
class _Row:
    variant: str
    canonical: str
    set: str
    where: str  # "my.tsv line 4", "row 3", "entry 'Kiev'": where an error points


# --- reading -----------------------------------------------------------------------------------
def _word(value: object, what: str, where: str) -> str:
    """``value`` normalised like a token (NFKC, case-folded); an :class:`ArgumentError` unless it is one word."""
    missing = value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
    text = "" if missing else str(value).strip()
    word = normalize_term(text.translate(FOLD_PUNCTUATION), transliterate="never")
    if not word:
        raise ArgumentError(f"{where}: the {what} is empty; give a word in each of variant and canonical")
    if not TOKEN_SHAPE.fullmatch(word):
        raise ArgumentError(f"{where}: the {what} {text!r} is not a single word; variants are single tokens "
                            "(letters and digits, inner hyphens or apostrophes), without spaces or punctuation")
    return word


def _row(variant: object, canonical: object, set_: object, where: str) -> _Row:
    row = _Row(_word(variant, "variant", where), _word(canonical, "canonical", where),
               str(set_).strip() if isinstance(set_, str) and set_.strip() else USER_SET, where)
    if row.variant == row.canonical:
        raise ArgumentError(f"{where}: variant and canonical are both {row.variant!r}; remove the row")
    return row


def _fields(line: str) -> list[str]:
    """A line's fields: split at tabs, else commas, else an arrow (``->``, ``→``), else white space."""
    if "\t" in line:
        return [f.strip() for f in line.split("\t")]
    if "," in line:
        return [f.strip() for f in line.split(",")]
    if _SEPARATOR.search(line):
        return [f.strip() for f in _SEPARATOR.split(line)]
    return line.split()


def _text_rows(text: str, source: str) -> list[_Row]:
    rows: list[_Row] = []
    names: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source} line {number}"
        fields = _fields(line)
        if names is None and not rows and fields[0].lower() == "variant":
            names = [f.lower() for f in fields]
            unknown = [n for n in names if n not in FIELDS]
            if unknown or "canonical" not in names:
                raise ArgumentError(f"{where}: the header names the columns {fields}; a variants table has the "
                                    f"columns variant and canonical, and may have {FIELDS[2]} and {FIELDS[3]}")
            continue
        columns = names or COLUMNS[:max(len(fields), 2)]
        if len(fields) != len(columns):
            raise ArgumentError(f"{where}: {len(fields)} fields ({line.strip()!r}) where {len(columns)} are expected "
                                f"({', '.join(columns)}); write one pair a line, e.g. 'kiev, kyiv'")
        value = dict(zip(columns, fields))
        rows.append(_row(value["variant"], value["canonical"], value.get("set"), where))
    return rows


def parse_variants(text: str, *, source: str = "variants") -> pd.DataFrame:
    """A variants table from text: one pair a line, as a view's text box or a file holds it.

    A line is ``variant, canonical`` (or separated by a tab, ``->``, ``→`` or spaces), optionally
    with a third field, the ``set``; or a tab-separated file with the header ``variant canonical
    [set] [note]``. Blank lines and lines starting with ``#`` are skipped. Words are normalised
    like the vocabulary (lower case). Errors name ``source`` and the line.

    >>> parse_variants("Kiev -> Kyiv\\n# spelling\\ndefence, defense")
      variant canonical   set
    0    kiev      kyiv  user
    1 defence   defense  user

    Raises:
        ArgumentError: a line is not a pair of single words, a variant is its own canonical, a
            variant is given two canonical spellings, or a canonical spelling is itself a variant.
    """
    return _table(_checked(_text_rows(text, source)), sort=False)


def _frame_rows(frame: pd.DataFrame) -> list[_Row]:
    missing = [c for c in ("variant", "canonical") if c not in frame.columns]
    if missing:
        raise ArgumentError(f"the variants table needs the columns variant and canonical (and may have set); "
                            f"it has {list(frame.columns)}")
    sets = frame["set"] if "set" in frame.columns else pd.Series(USER_SET, index=frame.index)
    return [_row(v, c, s, f"variants table row {i!r}")
            for i, v, c, s in zip(frame.index, frame["variant"], frame["canonical"], sets)]


def _source_rows(source: VariantSource) -> list[_Row]:
    if isinstance(source, pd.DataFrame):
        return _frame_rows(source)
    if isinstance(source, Mapping):
        return [_row(v, c, None, f"variants entry {v!r}") for v, c in source.items()]
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise ArgumentError(f"variants file {str(path)!r} does not exist; give a file of 'variant, canonical' "
                                "lines, a dict or a table")
        return _text_rows(path.read_text(encoding="utf-8"), path.name)
    raise ArgumentError(f"variants must be a table, a dict variant -> canonical or a file path, got "
                        f"{type(source).__name__}")


def _shipped(name: str) -> list[_Row]:
    if name not in SETS:
        raise ArgumentError(f"unknown variant set {name!r}; the shipped sets are {list(SETS)}")
    text = (resources.files("framing") / "data" / "variants" / SETS[name]).read_text("utf-8")
    return _text_rows(text, SETS[name])


# --- checking and combining --------------------------------------------------------------------
def _checked(rows: list[_Row]) -> list[_Row]:
    """``rows`` without repeats; an error for a variant with two canonical spellings, or a chain."""
    first: dict[str, _Row] = {}
    for row in rows:
        seen = first.setdefault(row.variant, row)
        if seen.canonical != row.canonical:
            raise ArgumentError(f"{row.where}: {row.variant!r} is mapped to {row.canonical!r} here and to "
                                f"{seen.canonical!r} at {seen.where}; keep one")
    for row in first.values():
        chained = first.get(row.canonical)
        if chained is not None:
            raise ArgumentError(f"{row.where}: the canonical {row.canonical!r} is itself a variant of "
                                f"{chained.canonical!r} ({chained.where}); map {row.variant!r} to "
                                f"{chained.canonical!r} directly")
    return list(first.values())


def _combined(shipped: list[_Row], extra: list[_Row]) -> list[_Row]:
    """The user's rows, then the shipped rows for the words they do not name, led on through theirs."""
    extra = _checked(extra)
    named = {r.variant for r in extra} | {r.canonical for r in extra}
    onward = {r.variant: r.canonical for r in extra}
    kept = [dataclasses.replace(r, canonical=onward.get(r.canonical, r.canonical))
            for r in shipped if r.variant not in named]
    return _checked(extra + [r for r in kept if r.variant != r.canonical])


def _table(rows: Iterable[_Row], *, sort: bool = True) -> pd.DataFrame:
    rows = list(rows)
    table = pd.DataFrame({"variant": [r.variant for r in rows], "canonical": [r.canonical for r in rows],
                          "set": [r.set for r in rows]}, columns=COLUMNS)
    if sort:
        table = table.sort_values(["canonical", "variant"], kind="stable")
    return table.reset_index(drop=True)


def load_variants(sets: str | Sequence[str] = DEFAULT_SETS, *, extra: VariantSource | None = None) -> pd.DataFrame:
    """The variants table: shipped sets plus a user's rows, checked; columns ``variant, canonical, set``.

    Args:
        sets: the shipped sets to include (:data:`SETS`: ``"en-GB/en-US"``, ``"translit"``); ``()`` for none.
        extra: the user's rows (:data:`VariantSource`): added, and deciding every word they name
            (see the module docstring). Their ``set`` is ``"user"`` unless they give one.

    Returns:
        One row per variant, sorted by canonical spelling, then variant.

    >>> table = load_variants(extra={"Kyiv": "Kiev"})
    >>> table[table["canonical"] == "kiev"]["variant"].tolist()
    ['kyiv']
    >>> len(load_variants("translit")), len(load_variants())
    (65, 1837)

    Raises:
        ArgumentError: an unknown set, or a bad row (the message names the file and line, the
            table row or the dict entry).
    """
    names = [sets] if isinstance(sets, str) else list(sets)
    shipped = [row for name in dict.fromkeys(names) for row in _shipped(name)]
    return _table(_combined(shipped, _source_rows(extra) if extra is not None else []))


# --- merging -----------------------------------------------------------------------------------
def _word_map(variants: pd.DataFrame | Mapping[str, str], transliterate: str = "never") -> dict[str, str]:
    """variant → canonical, checked, in the matrix's normal form (Latin script under ``transliterate="always"``)."""
    rows = _checked(_source_rows(variants))
    if transliterate != "always":
        return {r.variant: r.canonical for r in rows}
    latin = {normalize_term(r.variant, transliterate="always"): normalize_term(r.canonical, transliterate="always")
             for r in rows}
    return {v: c for v, c in latin.items() if v != c}


def respell(token: str, words: Mapping[str, str]) -> str:
    """One token in canonical spelling: the whole token, else before a clitic ``'s``, else each part
    between hyphens and apostrophes.

    >>> words = {"kiev": "kyiv", "ivano-frankovsk": "ivano-frankivsk"}
    >>> respell("kiev-based", words), respell("ivano-frankovsk's", words), respell("kievan", words)
    ('kyiv-based', "ivano-frankivsk's", 'kievan')
    """
    whole = words.get(token)
    if whole is not None:
        return whole
    if token.endswith(_CLITIC) and token[:-2] in words:
        return words[token[:-2]] + _CLITIC
    if "-" not in token and "'" not in token:
        return token
    return "".join(p if i % 2 else words.get(p, p) for i, p in enumerate(_PARTS.split(token)))


def _candidates(vocab: np.ndarray, words: Mapping[str, str]) -> np.ndarray:
    """Positions of the terms that may hold a variant (a superset, found by Arrow kernels, not a loop)."""
    terms = arrow_vocab(vocab)
    simple = [w for w in words if "-" not in w and "'" not in w]
    parts = pc.split_pattern_regex(terms, r"[ '\-]")
    hit = pc.is_in(pc.list_flatten(parts), value_set=pa.array(simple, pa.large_string())).to_numpy(zero_copy_only=False)
    found = [pc.list_parent_indices(parts).to_numpy()[hit]]
    joined = sorted(set(words) - set(simple))  # hyphenated or with an apostrophe: one RE2 pass
    if joined:
        inside = pc.match_substring_regex(terms, "|".join(re.escape(w) for w in joined))
        found.append(np.flatnonzero(inside.to_numpy(zero_copy_only=False)))
    return np.unique(np.concatenate([np.zeros(0, np.int64), *found]))


def _relabel(vocab: np.ndarray, words: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray] | None:
    """The sorted vocabulary after respelling, and the new position of each old term (``None``: nothing changes).

    The unchanged terms keep their order; the few new names are inserted by binary search, so
    the cost is one pass over the vocabulary, not a sort of it.
    """
    at = _candidates(vocab, words)
    renamed = np.array([" ".join(respell(t, words) for t in term.split(" ")) for term in vocab[at]], dtype=object)
    moved = renamed != vocab[at]
    at, renamed = at[moved], renamed[moved]
    if not len(at):
        return None
    keep = np.ones(len(vocab), dtype=bool)
    keep[at] = False
    kept = vocab[keep].astype(object)  # a fixed-width string array would cut the longer new names
    new = np.unique(renamed)
    slot = np.searchsorted(kept, new)
    present = slot < len(kept)
    present[present] = kept[slot[present]] == new[present]
    new, slot = new[~present], slot[~present]
    merged = np.insert(kept, slot, new)
    target = np.empty(len(vocab), dtype=np.int64)
    rank = np.arange(len(kept))
    target[keep] = rank + np.searchsorted(slot, rank, side="right")
    target[at] = np.searchsorted(merged, renamed)
    return merged, target


def _summed(matrix: sp.csr_matrix, target: np.ndarray, n_terms: int) -> sp.csr_matrix:
    """The columns of ``matrix`` moved to ``target`` and those that meet summed; rows sorted, int64."""
    out = sp.csr_matrix((matrix.data.astype(np.int64), target[matrix.indices].astype(matrix.indices.dtype),
                         matrix.indptr.copy()), shape=(matrix.shape[0], n_terms))
    out.sum_duplicates()
    return out


def _respelt_tokens(tokens: Tokens, words: Mapping[str, str]) -> Tokens:
    relabelled = _relabel(tokens.vocab, words)
    if relabelled is None:
        return tokens
    vocab, target = relabelled
    ids = np.append(target, -1).astype(tokens.ids.dtype)[tokens.ids]  # a sentence end (-1) stays -1
    return Tokens(ids=ids, offsets=tokens.offsets, vocab=vocab)


def merge_variants(dtm: DocTermMatrix, variants: pd.DataFrame | Mapping[str, str]) -> DocTermMatrix:
    """``dtm`` with the columns of variant spellings summed into their canonical spelling's column.

    Args:
        dtm: the matrix.
        variants: the table of :func:`load_variants` (or any table with ``variant`` and
            ``canonical`` columns), or a dict variant → canonical.

    Returns:
        A matrix with the same documents, lengths and options: every term respelt word by word
        (module docstring), the columns that meet summed, the vocabulary sorted, the token stream
        respelt. Its ``fingerprint`` is the corpus's with ``+variants:`` and a digest of the table
        appended, so caches and saved models never take it for the unmerged matrix. When neither
        a term nor a token changes, ``dtm`` itself is returned.

    Keyness, rates and topic models take the result as they take any matrix: the counts of a
    variant are then those of its canonical term (``fr.keyness(merge_variants(dtm, table))``).
    """
    words = _word_map(variants, dtm.options.text.transliterate)
    relabelled = _relabel(dtm.vocab, words) if words else None
    tokens = dtm.tokens if dtm.tokens is None or not words else _respelt_tokens(dtm.tokens, words)
    if relabelled is None and tokens is dtm.tokens:
        return dtm
    matrix, vocab = dtm.matrix, dtm.vocab
    if relabelled is not None:
        vocab, target = relabelled
        matrix = _summed(dtm.matrix, target, len(vocab))
    if tokens is not None and len(tokens.vocab) == len(vocab) and np.array_equal(tokens.vocab, vocab):
        vocab = tokens.vocab  # one array, as document_term_matrix keeps it for a full unigram matrix
    digest = sha256_json(sorted(words.items()))[:16]
    return dataclasses.replace(dtm, matrix=matrix, vocab=vocab, tokens=tokens,
                               fingerprint=f"{dtm.fingerprint}+variants:{digest}")


def term_variants(term: str, variants: pd.DataFrame | Mapping[str, str]) -> list[str]:
    """Every spelling merged into ``term`` by :func:`merge_variants`, ``term`` first (at most :data:`MAX_SPELLINGS`).

    For reading a merged term in context: ``"|".join(term_variants("kyiv regime", table))`` is a
    pattern that finds "Kiev regime" too.

    >>> term_variants("kyiv regime", {"kiev": "kyiv", "kyyiv": "kyiv"})
    ['kyiv regime', 'kiev regime', 'kyyiv regime']
    """
    spellings: dict[str, list[str]] = {}
    for variant, canonical in _word_map(variants).items():
        spellings.setdefault(canonical, []).append(variant)

    def forms(token: str) -> list[str]:
        whole = [token, *spellings.get(token, [])]
        pieces = _PARTS.split(token)
        if len(pieces) == 1:
            return whole
        parted = ["".join(p) for p in itertools.product(*[[p] if i % 2 else [p, *spellings.get(p, [])]
                                                           for i, p in enumerate(pieces)])]
        return list(dict.fromkeys(whole + parted))

    words = normalize_term(term, transliterate="never").split(" ")
    combined = itertools.product(*[forms(w) for w in words])
    return [" ".join(c) for c in itertools.islice(combined, MAX_SPELLINGS)]
