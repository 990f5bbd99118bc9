"""Readers for researchers' own data: CSV, JSON Lines, Parquet, folders of text files.

Every reader maps the user's column names onto the Corpus schema (``doc_id``, ``outlet``,
``date``, ``title``, ``text``), validates, and reports problems with the file, the row or
line, and what to do. Input files are opened read-only and never modified. Files ending in
``.gz`` are decompressed on the fly.

>>> import framing as fr, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "articles.csv"
>>> _ = path.write_text("source,published,headline,body\\nkremlin.ru,2022-02-24,T,Text one.\\n")
>>> corpus = fr.read_csv(path, text="body", outlet="source", date="published", title="headline")
>>> corpus.df.loc[0, ["doc_id", "outlet", "text"]].tolist()
['articles-1', 'kremlin.ru', 'Text one.']
"""

from __future__ import annotations

import gzip
import io
import json
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from framing._infra.errors import ArgumentError, CorpusError, FramingWarning
from framing._infra.safeyaml import FRONT_MATTER_CHARS, FRONT_MATTER_VALUES, YAMLRefused, load_yaml
from framing.corpus.corpus import OPTIONAL, REQUIRED, Corpus, ReadReport
from framing.corpus.dates import DateOptions, Offsets, OnBadDate, parse_dates
from framing.corpus.duplicates import drop_near_duplicate_rows
from framing.corpus.text.boilerplate import clean_pages
from framing.corpus.text.markup import Markup, to_plain_text
from framing.corpus.values import check_nested, check_unique_names, empty_outlets, front_matter_values

Columns = str | Sequence[str] | None


# --- the common path -------------------------------------------------------------------
def from_dataframe(df: pd.DataFrame, *, doc_id: str | None = None, outlet: str | None = None,
                   date: str | None = None, title: str | None = None, text: Columns = None,
                   constants: Mapping[str, str] | None = None, on_bad_date: OnBadDate = "raise",
                   dedupe: bool | Literal["near"] = False, source: str = "<DataFrame>",
                   row_labels: Sequence[str] | None = None, date_format: str | None = None,
                   dayfirst: bool | None = None, offsets: Offsets = "local",
                   boilerplate: bool | Sequence[str] = False) -> Corpus:
    """Build a validated :class:`Corpus` from a DataFrame, mapping column names.

    Args:
        df: one row per document.
        doc_id, outlet, date, title: the name of the column holding each field, when it
            differs from the field's name. Without an id column, ids are ``<source>-<row>``.
        text: the text column, or several columns joined by a blank line (e.g.
            ``["summary", "body"]``).
        constants: values for fields the table lacks, e.g. ``{"outlet": "Vijesti",
            "language": "sr"}``.
        on_bad_date: ``"raise"`` (default) stops at the first date that does not parse or
            lies outside 0001-01-01 to 9999-12-31 (:data:`DATE_RANGE`), naming the row and
            value; ``"drop"`` drops such rows and reports them.
        date_format, dayfirst, offsets: how dates are read (:mod:`framing.corpus.dates`):
            a ``strptime`` format such as ``"%d/%m/%Y"``; the order of ``01/02/2022``-style
            dates (``True``: day first), required when a column leaves it ambiguous;
            ``"local"`` (default) keeps a timestamp's own calendar day, ``"utc"`` converts
            timestamps with an offset to UTC. Dates are ``datetime64[us]``: any year 1-9999.
        dedupe: ``True`` drops documents whose text repeats an earlier document's exactly;
            ``"near"`` also drops near-duplicates — the later documents of each cluster of
            :func:`framing.near_duplicates` (Jaccard similarity of 5-word shingles ≥ 0.8, dates
            at most 3 days apart), keeping the earliest — and reports them.
        source: the name used in messages (the readers pass the file path).
        row_labels: how to name each row in messages (readers pass ``"line 7"`` etc.).
        boilerplate: remove news-page furniture (view counters, photo credits, "Bonus
            video:" tails; :func:`framing.clean_boilerplate`) from every text (``True``) or from
            the documents of the named outlets (``["Vijesti", ...]``: the news pages); the
            report lists the lines removed per document.

    A string holding a lone surrogate (which UTF-8 cannot store) is repaired and reported
    (:func:`replace_surrogates`); like duplicate and empty texts and documents without an
    outlet, it is a :class:`~framing._infra.errors.FramingWarning` and a field of the
    corpus's ``report``.

    Raises:
        CorpusError: a required column is missing (the message lists the columns present),
            two columns share a name, a field holds a nested value (a JSON object or list),
            a date does not parse, is out of range or has an ambiguous day/month order, or
            ``doc_id`` values repeat.
    """
    constants = dict(constants or {})
    labels = list(row_labels) if row_labels is not None else [f"row {i + 1}" for i in range(len(df))]
    check_unique_names(list(df.columns), source=source)
    df, replaced = replace_surrogates(df, labels)
    mapping = {"doc_id": doc_id, "outlet": outlet, "date": date, "title": title}
    out = pd.DataFrame(index=df.index)
    for field in ("outlet", "date"):
        out[field] = _column(df, field, mapping[field], constants, source)
    out["title"] = (_column(df, "title", title, constants, source)
                    if (title or "title" in df or "title" in constants) else "")
    check_nested(df, [text or "text"] if text is None or isinstance(text, str) else text, labels, source=source)
    out["text"] = _text(df, text, constants, source)
    if doc_id or "doc_id" in df:
        out["doc_id"] = _column(df, "doc_id", doc_id, constants, source).astype(str)
    elif "id" in df:
        out["doc_id"] = df["id"].astype(str)
    else:
        stem = Path(source).name.split(".")[0] if source != "<DataFrame>" else "doc"
        out["doc_id"] = [f"{stem}-{i + 1}" for i in range(len(df))]
    used = {c for c in [*mapping.values(), *([text] if isinstance(text, str) else text or [])] if c}
    used |= {"id"} if "doc_id" not in df and "id" in df and not doc_id else set()
    for col in df.columns:
        if col not in out.columns and col not in used:
            out[col] = df[col]
    for key, value in constants.items():
        if key not in out.columns or key not in df.columns:
            out[key] = value
    check_nested(out, ["outlet", "title", "text", "doc_id"], labels, source=source)
    no_outlet = empty_outlets(out["outlet"], labels)
    for col in ("outlet", "title", "text"):
        out[col] = out[col].fillna("").astype(str)
    out["date"], dropped = parse_dates(out["date"], labels, source=source, column=date or "date",
                                       on_bad_date=on_bad_date, options=DateOptions(date_format, dayfirst, offsets))
    keep = np.ones(len(out), dtype=bool)
    if dropped:
        keep[[i for i, _ in dropped]] = False
        no_outlet = [label for label, kept in zip(labels, keep) if kept and label in set(no_outlet)]
    out = out.loc[keep].reset_index(drop=True)
    _check_unique_ids(out, source)
    out["text"], furniture = clean_pages(out, boilerplate)
    if "script" not in out:
        from framing.corpus.text import detect_script

        out["script"] = detect_script(out["text"])
    if dedupe not in (True, False, "near"):
        raise ArgumentError(f"dedupe must be False, True or 'near', got {dedupe!r}")
    dup_pairs, out = _duplicates(out, bool(dedupe))
    near_pairs: list[tuple[str, str]] = []
    if dedupe == "near":
        out, near_pairs = drop_near_duplicate_rows(out)
    empty = out.loc[out["text"].str.strip() == "", "doc_id"].tolist()
    report = ReadReport(source=source, rows_read=len(df),
                        bad_dates_dropped=tuple((labels[i], v) for i, v in dropped),
                        duplicate_texts=tuple(dup_pairs), duplicates_dropped=bool(dedupe),
                        near_duplicates=tuple(near_pairs),
                        empty_texts=tuple(empty), surrogates_replaced=tuple(replaced),
                        empty_outlets=tuple(no_outlet), boilerplate_removed=furniture)
    for line in report.lines():
        warnings.warn(line, FramingWarning, stacklevel=3)
    order = [*REQUIRED, *[c for c in OPTIONAL if c in out], *[c for c in out if
                                                            c not in REQUIRED and c not in OPTIONAL]]
    return Corpus(out[order], report=report)


def _column(df: pd.DataFrame, field: str, name: str | None, constants: Mapping[str, str],
            source: str) -> pd.Series:
    col = name or field
    if col in df:
        return df[col]
    if name is None and field in constants:
        return pd.Series(constants[field], index=df.index)
    hint = (f"map it with {field}='<your column>'" if name is None else
            f"check the spelling of {field}={name!r}")
    extra = f" or give a fixed value with constants={{'{field}': ...}}" if field == "outlet" else ""
    raise CorpusError(f"{source}: missing required column {col!r} for the field '{field}'; "
                      f"the file has columns {list(map(str, df.columns))}. {hint.capitalize()}{extra}.")


def records_frame(records: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A table of records (JSON objects, front matter), one row each.

    A string holding a lone surrogate cannot become one of pandas' Arrow strings; then every
    column is kept as Python objects, for :func:`from_dataframe` to repair and report.
    """
    try:
        return pd.DataFrame.from_records(records)
    except UnicodeEncodeError:
        return pd.DataFrame(list(records), dtype=object)


def replace_surrogates(df: pd.DataFrame, labels: Sequence[str]) -> tuple[pd.DataFrame, list[str]]:
    """``df`` with each lone surrogate in its strings replaced by U+FFFD, and where they were.

    A lone surrogate (U+D800–U+DFFF: half of a UTF-16 pair, typically a JSON escape
    ``\\ud83d`` cut from its partner by a scraper) cannot be written as UTF-8, so every later
    step would fail on it; a complete pair is joined into its character. Only columns of
    Python objects can hold one (pandas' Arrow strings refuse it), and only non-ASCII strings
    are looked at. Returns the table (a copy if anything was repaired: ``df`` is not changed)
    and ``"<row label> (<column>)"`` of each repaired value.

    >>> df = pd.DataFrame({"text": ["war \\ud800 peace", "ok"]}, dtype=object)
    >>> fixed, where = replace_surrogates(df, ["line 1", "line 2"])
    >>> where, fixed["text"].tolist()
    (['line 1 (text)'], ['war \ufffd peace', 'ok'])
    """
    where: list[str] = []
    for col in df.columns:
        if df[col].dtype != object:
            continue
        values = df[col].tolist()
        bad = [i for i, v in enumerate(values) if isinstance(v, str) and not v.isascii() and not _encodes(v)]
        for i in bad:
            values[i] = values[i].encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        if bad:
            df = df.copy(deep=False) if not where else df
            df[col] = pd.Series(values, index=df.index, dtype=object)
            where += [f"{labels[i]} ({col})" for i in bad]
    return df, where


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(df: pd.DataFrame, text: Columns, constants: Mapping[str, str], source: str) -> pd.Series:
    if text is None or isinstance(text, str):
        return _column(df, "text", text, constants, source)
    parts = [_column(df, "text", c, constants, source).fillna("").astype(str) for c in text]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.str.cat(part, sep="\n\n").str.strip()
    return joined


def _check_unique_ids(df: pd.DataFrame, source: str) -> None:
    dup = df["doc_id"].duplicated(keep=False)
    if dup.any():
        ids = list(dict.fromkeys(df.loc[dup, "doc_id"]))
        raise CorpusError(f"{source}: doc_id values must be unique; {len(ids)} ids repeat, "
                          f"first {ids[:5]}. Map another column with doc_id=..., or drop the "
                          "column to have ids generated.")


def _duplicates(df: pd.DataFrame, dedupe: bool) -> tuple[list[tuple[str, str]], pd.DataFrame]:
    nonempty = df["text"].str.strip() != ""
    dup = df["text"].duplicated(keep="first") & nonempty
    if not dup.any():
        return [], df
    first = df.loc[nonempty].drop_duplicates("text").set_index("text")["doc_id"]
    pairs = [(first[t], d) for t, d in zip(df.loc[dup, "text"], df.loc[dup, "doc_id"])]
    return pairs, (df.loc[~dup].reset_index(drop=True) if dedupe else df)


# --- file access -----------------------------------------------------------------------
def _read_bytes(path: str | Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file (looked in {path.resolve().parent}); "
                          "check the path or the current folder.")
    if path.is_dir():
        raise CorpusError(f"{path}: is a folder; use framing.read_folder() for folders of texts.")
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise CorpusError(f"{path}: not a valid gzip file ({exc}); "
                              "remove the .gz suffix if it is not compressed.") from exc
    if not data.strip():
        raise CorpusError(f"{path}: the file is empty.")
    return data


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def read_file_text(path: str | Path, encoding: str = "utf-8") -> str:
    """The text of a file, gzip-decompressed when its name ends in ``.gz``.

    With the default UTF-8 a byte-order mark (UTF-8, UTF-16, UTF-32) decides the encoding.
    Raises :class:`CorpusError` naming the file (missing, a folder, empty, not gzip, not in
    ``encoding`` — with advice that fits the bytes).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = path.write_bytes("\ufeffNATO".encode("utf-16-le"))
    >>> read_file_text(path)
    'NATO'
    """
    return _decode(_read_bytes(path), path, encoding)


def _decode(data: bytes, path: str | Path, encoding: str) -> str:
    """``data`` as text; with the default UTF-8, a byte-order mark (UTF-8, UTF-16, UTF-32) decides instead."""
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        encoding = next((name for bom, name in _BOMS if data.startswith(bom)), encoding)
        if encoding in ("utf-8", "utf8") and data[:4000].count(0) > len(data[:4000]) // 4:
            # UTF-16 text in the Latin range is valid UTF-8, with a zero byte between letters
            raise CorpusError(f"{path}: {_encoding_hint(data)}")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not valid {encoding} at byte offset {exc.start} "
                          f"(bytes {data[exc.start:exc.start + 4]!r}); {_encoding_hint(data)}") from exc


def _encoding_hint(data: bytes) -> str:
    """Advice on the encoding: UTF-16 without a byte-order mark shows as a zero byte in every other place."""
    head = data[:4000]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) > len(head) // 4:
        guess = "utf-16-le" if odd > even else "utf-16-be"
        return (f"it looks like UTF-16 without a byte-order mark (every other byte is zero): pass "
                f"encoding={guess!r}, or save the file as UTF-8.")
    return "pass the file's encoding, e.g. encoding='cp1251' or encoding='latin-1'."


def read_csv(path: str | Path, *, text: Columns = "text", encoding: str = "utf-8",
             sep: str = ",", **options: Any) -> Corpus:
    """Read a CSV file (fields may hold newlines, quotes and more than 128 KiB).

    Keyword options are those of :func:`from_dataframe` (``outlet=``, ``date=``,
    ``title=``, ``doc_id=``, ``constants=``, ``on_bad_date=``, ``dedupe=``, ``date_format=``,
    ``dayfirst=``, ``offsets=``). A header naming one column twice is an error (pandas would
    rename the second ``text.1``). A byte-order mark (UTF-8, UTF-16, UTF-32) sets the encoding.

    >>> # fr.read_csv("articles.csv", text="body", outlet="source", date="published")
    """
    data = read_file_text(path, encoding)
    try:
        df = pd.read_csv(io.StringIO(data), sep=sep, dtype=str, keep_default_na=False,
                         engine="c")
    except pd.errors.ParserError as exc:
        raise CorpusError(f"{path}: not a well-formed CSV file ({exc}); check quoting, "
                          "or pass sep=';' or sep='\\t' if another separator is used.") from exc
    if any(str(c) != str(h) for c, h in zip(df.columns, _header(data, sep))):
        check_unique_names(_header(data, sep), source=str(path), where="the header's columns")
    labels = [f"row {i + 2} (counting the header as row 1)" for i in range(len(df))]
    return from_dataframe(df, text=text, source=str(path), row_labels=labels, **options)


def _header(data: str, sep: str) -> list[str]:
    """The CSV header as written (pandas renames a repeated name ``text`` to ``text.1``)."""
    return pd.read_csv(io.StringIO(data), sep=sep, header=None, nrows=1, dtype=str, keep_default_na=False,
                       engine="c").iloc[0].tolist()


def read_jsonl(path: str | Path, *, text: Columns = "text", encoding: str = "utf-8",
               **options: Any) -> Corpus:
    """Read JSON Lines: one JSON object per line with fields id/doc_id, outlet, date, title, text.

    Blank lines are skipped; a malformed line raises with its line number.
    """
    data = read_file_text(path, encoding)
    records, labels = [], []
    for number, line in enumerate(data.splitlines(), start=1):
        if line.strip():
            records.append(parse_json_line(line, number, path))
            labels.append(f"line {number}")
    return from_dataframe(records_frame(records), text=text, source=str(path), row_labels=labels, **options)


def parse_json_line(line: str, number: int, path: str | Path) -> dict:
    """One JSON Lines record; a :class:`CorpusError` names the file and line when it is not an object."""
    try:
        record = json.loads(line, object_pairs_hook=_one_value_per_key)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{path}: line {number} is not valid JSON ({exc.msg} at column "
                          f"{exc.colno}): {line[:80]!r}") from exc
    except _RepeatedKey as exc:
        raise CorpusError(f"{path}: line {number} has the key {exc.args[0]!r} twice; a field cannot take two "
                          "values (JSON keeps only the last). Rename one of them.") from None
    if not isinstance(record, dict):
        raise CorpusError(f"{path}: line {number} is a JSON {type(record).__name__}, "
                          "not an object with fields such as outlet, date, text.")
    return record


class _RepeatedKey(Exception):
    """A JSON object names a key twice."""


def _one_value_per_key(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) < len(pairs):
        seen: set[str] = set()
        raise _RepeatedKey(next(k for k, _ in pairs if k in seen or seen.add(k)))  # type: ignore[func-returns-value]
    return record


def read_parquet(path: str | Path, *, text: Columns = "text", **options: Any) -> Corpus:
    """Read a Parquet file (e.g. one written by :meth:`Corpus.to_parquet`)."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file (looked in {path.resolve().parent}).")
    try:
        df = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for damaged files
        raise CorpusError(f"{path}: not a readable Parquet file ({exc}).") from exc
    return from_dataframe(df, text=text, source=str(path), **options)


def read_folder(path: str | Path, *, metadata: str | Path | None = None, on: str = "file",
                suffixes: Sequence[str] = (".txt", ".md"), encoding: str = "utf-8",
                markup: Markup = "auto", **options: Any) -> Corpus:
    """Read a folder of ``.txt`` / ``.md`` files, one document each (sub-folders included).

    ``markup="auto"`` reads ``.md`` files as Markdown and ``.html``/``.htm`` files (add them to
    ``suffixes``) as HTML, keeping only the text a reader sees: link targets, image names and
    tags are dropped (:mod:`framing.corpus.text.markup`, as for the demo corpus);
    ``"markdown"``/``"html"`` read every file so, ``"none"`` keeps the files as they are.

    A file may start with YAML front matter between ``---`` lines; its keys become
    columns (dates as ISO text, lists and mappings as JSON text:
    :func:`~framing.corpus.values.front_matter_values`). Front matter is read with the safe loader of :mod:`framing._infra.safeyaml`:
    at most 64 KiB, no Python tags, no aliases that expand past 10,000 values. A ``metadata`` table (CSV, or anything :func:`read_table` reads) is joined on
    its ``on`` column, which holds file names relative to the folder (with or without the
    suffix). ``doc_id`` defaults to the relative path without suffix. ``outlet`` may be a
    template filled from each file's path (``"{parent}"``: the name of its folder; see
    :mod:`framing.corpus.many`).
    """
    import yaml

    from framing.corpus.many import fill, is_template

    root = Path(path)
    if not root.is_dir():
        raise CorpusError(f"{root}: no such folder; give the folder that holds the text files.")
    files = sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.is_file())
    if not files:
        raise CorpusError(f"{root}: no files ending in {list(suffixes)} found.")
    rows = []
    for file in files:
        raw = _decode(file.read_bytes(), file, encoding)
        meta: dict[str, Any] = {}
        body = raw
        if raw.startswith("---"):
            head, sep, rest = raw[3:].partition("\n---")
            if sep:
                try:
                    meta = load_yaml(head, max_chars=FRONT_MATTER_CHARS, max_values=FRONT_MATTER_VALUES) or {}
                except YAMLRefused as exc:
                    raise CorpusError(f"{file}: the YAML front matter is not read: {exc}") from None
                except yaml.YAMLError as exc:
                    raise CorpusError(f"{file}: the YAML front matter does not parse: {exc}") from exc
                except ValueError as exc:  # a date that is not a calendar day, e.g. 2022-02-30
                    raise CorpusError(f"{file}: the YAML front matter does not parse: {_bad_date(head)}{exc}; "
                                      "fix the date, or quote it to keep it as text.") from None
                if not isinstance(meta, dict):
                    kind = "list" if isinstance(meta, list) else "text" if isinstance(meta, str) else type(meta).__name__
                    raise CorpusError(f"{file}: the YAML front matter is a {kind}, not a mapping of keys to values "
                                      "(outlet: ..., date: ...); write one 'key: value' per line.")
                body = rest.split("\n", 1)[1] if "\n" in rest else ""
        rel = file.relative_to(root).as_posix()
        if is_template(options.get("outlet")):
            meta = {**meta, "outlet": fill(str(options["outlet"]), file.relative_to(root))}
        rows.append({"doc_id": rel.rsplit(".", 1)[0], **front_matter_values({str(k): v for k, v in meta.items()}),
                     on: rel, "text": to_plain_text(body, markup, suffix=file.suffix).strip()})
    df = records_frame(rows)
    if metadata is not None:
        meta_df = read_table(metadata)
        if on not in meta_df:
            raise CorpusError(f"{metadata}: needs a column {on!r} with the file names; "
                              f"it has {list(meta_df.columns)}. Pass on='<column>'.")
        key = meta_df[on].astype(str).str.replace(r"\.(txt|md)$", "", regex=True)
        _check_one_row_per_file(key, meta_df[on], metadata)
        missing = sorted(set(df["doc_id"]) - set(key))
        if missing:
            raise CorpusError(f"{metadata}: no row for {len(missing)} files, first "
                              f"{missing[:3]}; add them to the table's {on!r} column.")
        meta_df = meta_df.drop(columns=[on]).assign(_key=key)
        df = df.merge(meta_df, how="left", left_on="doc_id", right_on="_key",
                      suffixes=("_file", "")).drop(columns=["_key"])
        df = df.drop(columns=[c for c in df.columns if c.endswith("_file")])
    labels = [f"file {f.relative_to(root).as_posix()}" for f in files]
    if is_template(options.get("outlet")):
        options = {**options, "outlet": None}
    return from_dataframe(df, source=str(root), row_labels=labels, **options)


def _bad_date(head: str) -> str:
    """``"line N, 'value': "`` of the first date in front matter that is not a calendar day (or ``""``).

    Only called after the front matter was read within the limits of :mod:`framing._infra.safeyaml`,
    so composing it again is bounded; an alias is the node it names, so each node is seen once.
    """
    import yaml

    loader = yaml.SafeLoader(head)
    try:
        stack, seen, bad = [loader.get_single_node()], set(), []
        while stack:
            node = stack.pop()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
                try:
                    loader.construct_yaml_timestamp(node)
                except ValueError:
                    bad.append(node)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(part for pair in node.value for part in pair)
    finally:
        loader.dispose()
    if not bad:
        return ""
    first = min(bad, key=lambda n: n.start_mark.index)
    return f"line {first.start_mark.line + 1}, {first.value!r}: "  # the head starts on the file's first line


def _check_one_row_per_file(key: pd.Series, names: pd.Series, metadata: str | Path) -> None:
    """A :class:`CorpusError` naming a file that has several rows of a metadata table, and those rows."""
    repeated = np.flatnonzero(key.duplicated(keep=False).to_numpy())
    if not len(repeated):
        return
    rows = np.flatnonzero((key == key.iloc[repeated[0]]).to_numpy())
    name = Path(str(metadata)).name.removesuffix(".gz")
    if name.endswith((".csv", ".tsv")):
        where = f"rows {_and([i + 2 for i in rows])}, counting the header as row 1"
    else:
        where = f"{'lines' if name.endswith('.jsonl') else 'rows'} {_and([i + 1 for i in rows])}"
    others = key.iloc[repeated].nunique() - 1
    more = f"; {others} more files have several rows too" if others else ""
    raise CorpusError(f"{metadata}: each file must have one row, but {names.iloc[rows[0]]!r} has {len(rows)} "
                      f"({where}){more}; remove the extra rows.")


def _and(numbers: Sequence[int]) -> str:
    shown = [str(n) for n in numbers[:5]] + (["..."] if len(numbers) > 5 else [])
    return ", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0]


def read_table(path: str | Path) -> pd.DataFrame:
    """A metadata table from CSV, TSV, JSON Lines or Parquet, as strings."""
    path = Path(path)
    name = path.name.removesuffix(".gz")
    if name.endswith(".parquet"):
        return pd.read_parquet(path)
    data = read_file_text(path)
    if name.endswith(".jsonl"):
        return pd.read_json(io.StringIO(data), lines=True, dtype=False)
    sep = "\t" if name.endswith(".tsv") else ","
    return pd.read_csv(io.StringIO(data), sep=sep, dtype=str, keep_default_na=False)


def read(path: str | Path | Sequence[str | Path], **options: Any) -> Corpus:
    """Read a corpus, choosing the reader by the file name (or folder).

    ``.csv``/``.tsv``, ``.jsonl``, ``.parquet`` (each optionally ``.gz``) and folders. A list
    of paths or a glob (``"scraped/*.csv"``) reads every file and joins them
    (:mod:`framing.corpus.many`); ``outlet="{stem}"`` takes each file's outlet from its name. A
    folder's ``corpus.toml`` (:mod:`framing.corpus.mapping`) supplies options not given here.
    """
    from framing.corpus.files import is_glob
    from framing.corpus.many import is_template, read_many

    if not isinstance(path, (str, Path)) or (is_glob(str(path)) and not Path(path).exists()):
        return read_many(path, read, **options)
    p = Path(path)
    name = p.name.removesuffix(".gz")
    if p.is_dir():
        from framing.corpus.mapping import folder_options

        options = {**folder_options(p), **options}
        if "files" in options:
            return read_many(options.pop("files"), read, **options)
        if options.get("prefix_ids"):
            raise CorpusError(f"{p}: prefix_ids applies to several files; the ids of a folder of texts are "
                              "already their paths.")
        return read_folder(p, **options)
    if "files" in options:
        raise CorpusError(f"{p}: files= names files inside a folder; {p} is not a folder.")
    if is_template(options.get("outlet")) or "prefix_ids" in options:
        return read_many([p], read, **options)
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return read_jsonl(p, **options)
    if name.endswith(".parquet"):
        return read_parquet(p, **options)
    if name.endswith(".tsv"):
        return read_csv(p, sep="\t", **options)
    if name.endswith(".csv"):
        return read_csv(p, **options)
    if not p.exists():
        raise CorpusError(f"{p}: no such file or folder.")
    raise CorpusError(f"{p}: unknown file type; use .csv, .tsv, .jsonl, .parquet "
                      "(optionally .gz) or a folder of .txt/.md files.")
