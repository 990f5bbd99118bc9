"""The Corpus: an immutable, validated table of documents.

A :class:`Corpus` wraps one pandas DataFrame with one row per document and the columns

``doc_id`` (unique str), ``outlet`` (str), ``date`` (datetime64, naive), ``title`` (str),
``text`` (str), optionally ``url``, ``language`` (ISO 639-1 such as ``en``, ``ru``, ``uk``,
``sr``), ``script`` (ISO 15924: ``Latn`` or ``Cyrl``), ``license``, and any user columns.

Operations never mutate a corpus: :meth:`Corpus.filter`, :meth:`Corpus.sample` and
:meth:`Corpus.with_columns` return new ones. Build a corpus with the readers in
:mod:`framing.corpus.readers` (``read_csv``, ``read_jsonl``, ``read_parquet``, ``read_folder``,
``from_dataframe``), which validate and report problems.

>>> import pandas as pd
>>> from framing import from_dataframe
>>> corpus = from_dataframe(pd.DataFrame({
...     "doc_id": ["a", "b"], "outlet": ["kremlin.ru", "president.gov.ua"],
...     "date": ["2022-02-24", "2022-02-25"], "title": ["", ""],
...     "text": ["A special military operation.", "Russian invasion."]}))
>>> len(corpus), corpus.outlets
(2, ['kremlin.ru', 'president.gov.ua'])
>>> len(corpus.filter(outlets=["kremlin.ru"]))
1
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing._infra.atomic import atomic_path
from framing._infra.cache import cached
from framing._infra.errors import CorpusError
from framing._infra.hashing import new_sha256

REQUIRED = ("doc_id", "outlet", "date", "title", "text")
OPTIONAL = ("url", "language", "script", "license")
NO_DOCUMENTS = ("the corpus has no documents: check the file or folder it was read from (is it empty, or were "
                "all its rows dropped?) and the filters that selected them (outlets, dates, ids)")
"""The message of :func:`require_documents`."""


def require_documents(n_docs: int) -> None:
    """Raise :class:`CorpusError` (:data:`NO_DOCUMENTS`) when a corpus or matrix has no documents.

    Analyses call it first, so that an empty corpus is named as such instead of failing later
    on a consequence of it (no term passing ``min_df``, no groups to compare).

    >>> require_documents(0)
    Traceback (most recent call last):
    ...
    framing._infra.errors.CorpusError: the corpus has no documents: check the file or folder ...
    """
    if n_docs == 0:
        raise CorpusError(NO_DOCUMENTS)


@dataclasses.dataclass(frozen=True)
class ReadReport:
    """What a reader found and did while building a corpus.

    Attributes:
        source: the file or object read.
        rows_read: rows in the input.
        bad_dates_dropped: ``(row label, value)`` of rows dropped by ``on_bad_date="drop"``.
        duplicate_texts: ``(kept doc_id, duplicate doc_id)`` pairs of identical texts.
        duplicates_dropped: whether those duplicates were dropped (``dedupe=True``).
        empty_texts: doc_ids whose text is empty or only white space.
        surrogates_replaced: ``"<row label> (<column>)"`` of values that held a lone surrogate
            (half of a UTF-16 pair, which UTF-8 cannot store), replaced by U+FFFD.
        boilerplate_removed: ``(doc_id, lines)`` of the news-page furniture removed by the
            reader option ``boilerplate=`` (view counters, photo credits, ...).
        empty_outlets: row labels (``"row 7"``, ``"line 3"``) of documents without an outlet
            (empty or null in the input); they are kept with the outlet ``""``.
        near_duplicates: ``(kept doc_id, dropped doc_id)`` pairs dropped by ``dedupe="near"``
            (:func:`framing.near_duplicates`: Jaccard ≥ 0.8 within 3 days, the earliest kept).
    """

    source: str = "<DataFrame>"
    rows_read: int = 0
    bad_dates_dropped: tuple[tuple[str, str], ...] = ()
    duplicate_texts: tuple[tuple[str, str], ...] = ()
    duplicates_dropped: bool = False
    empty_texts: tuple[str, ...] = ()
    surrogates_replaced: tuple[str, ...] = ()
    empty_outlets: tuple[str, ...] = ()
    boilerplate_removed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    near_duplicates: tuple[tuple[str, str], ...] = ()

    def lines(self) -> list[str]:
        """Human-readable lines, one per problem found (empty when all was clean)."""
        out = []
        if self.bad_dates_dropped:
            shown = ", ".join(f"{r} ({v!r})" for r, v in self.bad_dates_dropped[:3])
            out.append(f"{self.source}: dropped {len(self.bad_dates_dropped)} rows with "
                       f"unparseable dates: {shown}")
        if self.duplicate_texts:
            shown = ", ".join(f"{b} = {a}" for a, b in self.duplicate_texts[:3])
            verb = "dropped" if self.duplicates_dropped else "kept (pass dedupe=True to drop)"
            out.append(f"{self.source}: {len(self.duplicate_texts)} documents repeat the exact "
                       f"text of an earlier one, {verb}: {shown}")
        if self.empty_texts:
            shown = ", ".join(self.empty_texts[:3])
            out.append(f"{self.source}: {len(self.empty_texts)} documents have empty text: {shown}")
        if self.surrogates_replaced:
            shown = ", ".join(self.surrogates_replaced[:3])
            out.append(f"{self.source}: {len(self.surrogates_replaced)} values held a lone surrogate (half of a "
                       f"UTF-16 pair that UTF-8 cannot store), replaced by U+FFFD: {shown}")
        if self.empty_outlets:
            shown = ", ".join(self.empty_outlets[:3]) + (", ..." if len(self.empty_outlets) > 3 else "")
            out.append(f"{self.source}: {len(self.empty_outlets)} documents have no outlet (kept with the outlet "
                       f"''): {shown}; fill the column, or give one outlet with constants={{'outlet': ...}}")
        if self.near_duplicates:
            shown = ", ".join(f"{b} ≈ {a}" for a, b in self.near_duplicates[:3])
            out.append(f"{self.source}: {len(self.near_duplicates)} documents are near-duplicates of an earlier one "
                       f"(dedupe='near'), dropped: {shown}; framing.near_duplicates() shows the clusters")
        if self.boilerplate_removed:
            from framing.corpus.text.boilerplate import boilerplate_summary

            out.append(f"{self.source}: {boilerplate_summary(self.boilerplate_removed, of=self.rows_read)} "
                       "(report.boilerplate_removed lists them all)")
        return out


class Corpus:
    """An immutable table of documents; see the module docstring for the schema.

    Construct it with a reader (:func:`framing.from_dataframe` and friends); the
    constructor only checks the schema of an already normalised frame.
    """

    def __init__(self, df: pd.DataFrame, *, report: ReadReport | None = None) -> None:
        missing = [c for c in REQUIRED if c not in df.columns]
        if missing:
            raise CorpusError(f"a Corpus needs the columns {list(REQUIRED)}; missing {missing}. "
                              "Build it with framing.from_dataframe(), which maps your column names.")
        if not pd.api.types.is_datetime64_any_dtype(df["date"]):
            raise CorpusError("the 'date' column of a Corpus must be datetime64; "
                              "build it with framing.from_dataframe(), which parses dates.")
        if not df["doc_id"].is_unique:
            dup = df.loc[df["doc_id"].duplicated(), "doc_id"].head(5).tolist()
            raise CorpusError(f"doc_id values must be unique; repeated: {dup}")
        self._df = df.reset_index(drop=True)
        self.report = report or ReadReport(rows_read=len(df))

    # --- access -------------------------------------------------------------------------
    @property
    def df(self) -> pd.DataFrame:
        """The documents as a DataFrame (a copy: changing it does not change the corpus)."""
        return self._df.copy(deep=False)

    @property
    def texts(self) -> pd.Series:
        """The ``text`` column."""
        return self._df["text"].copy(deep=False)

    @property
    def outlets(self) -> list[str]:
        """The outlets present, sorted."""
        return sorted(self._df["outlet"].unique().tolist())

    @property
    def columns(self) -> list[str]:
        """All column names."""
        return list(self._df.columns)

    def __len__(self) -> int:
        return len(self._df)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self._df.itertuples(index=False, name="Document")

    def __repr__(self) -> str:
        if not len(self):
            return "Corpus(0 documents)"
        lo, hi = self._df["date"].min(), self._df["date"].max()
        return (f"Corpus({len(self):,} documents, {len(self.outlets)} outlets, "
                f"{lo:%Y-%m-%d} to {hi:%Y-%m-%d})")

    def doc(self, doc_id: str) -> pd.Series:
        """One document by id; a :class:`CorpusError` names a near id when it is unknown."""
        hit = self._df.index[self._df["doc_id"] == doc_id]
        if not len(hit):
            raise CorpusError(f"no document with doc_id {doc_id!r}; "
                              f"the first ids are {self._df['doc_id'].head(3).tolist()}")
        return self._df.loc[hit[0]]

    @cached_property
    def fingerprint(self) -> str:
        """A stable SHA-256 of the content and metadata (all columns, in row order).

        Two corpora with the same documents, columns and order have the same
        fingerprint on any machine; it keys caches and goes into figure manifests.
        """
        return self._hash_columns([*REQUIRED, *sorted(c for c in self._df.columns if c not in REQUIRED)])

    @cached_property
    def text_fingerprint(self) -> str:
        """A SHA-256 of what tokenising depends on: the texts and, when present, the ``language`` column.

        It keys the document-term matrix cache, so a change of other metadata (relabelled
        outlets, new columns) finds the matrix already made; the metadata is joined at use.
        """
        return self._hash_columns(["text", *(["language"] if "language" in self._df.columns else [])])

    def _hash_columns(self, columns: list[str]) -> str:
        h = new_sha256()
        for col in columns:
            values = self._df[col]
            if col == "date":
                values = values.dt.strftime("%Y-%m-%dT%H:%M:%S")
            h.update(col.encode() + b"\x1d")
            strings = values.astype("string").fillna("\x00")
            for start in range(0, len(strings), 20_000):  # bounded memory on large corpora
                h.update("\x1e".join(strings.iloc[start:start + 20_000].tolist()).encode("utf-8"))
                h.update(b"\x1e")
            h.update(b"\x1d")
        return h.hexdigest()

    # --- derivation ---------------------------------------------------------------------
    def _derive(self, df: pd.DataFrame) -> Corpus:
        out = Corpus.__new__(Corpus)
        out._df = df.reset_index(drop=True)  # noqa: SLF001 (a Corpus builds another Corpus)
        out.report = self.report
        return out

    def filter(self, *, outlets: Iterable[str] | None = None, start: Any = None, end: Any = None,
               languages: Iterable[str] | None = None, doc_ids: Iterable[str] | None = None,
               mask: Sequence[bool] | np.ndarray | pd.Series | None = None) -> Corpus:
        """Documents matching every given condition, as a new corpus.

        Args:
            outlets: keep these outlets; an unknown name raises and lists the known ones.
            start, end: inclusive date bounds (anything ``pd.Timestamp`` parses); a bare
                date as ``end`` includes that whole day.
            languages: keep these ``language`` values.
            doc_ids: keep these ids.
            mask: a boolean array aligned with the documents.
        """
        keep = np.ones(len(self._df), dtype=bool)
        if outlets is not None:
            outlets = [outlets] if isinstance(outlets, str) else list(outlets)
            unknown = sorted(set(outlets) - set(self.outlets))
            if unknown:
                raise CorpusError(f"unknown outlet(s) {unknown}; the corpus has {self.outlets}")
            keep &= self._df["outlet"].isin(outlets).to_numpy()
        if start is not None:
            keep &= (self._df["date"] >= _timestamp(start, "start")).to_numpy()
        if end is not None:
            stamp = _timestamp(end, "end")
            if stamp == stamp.normalize():
                stamp = stamp + pd.Timedelta(days=1) - pd.Timedelta(1, "ns")
            keep &= (self._df["date"] <= stamp).to_numpy()
        if languages is not None:
            if "language" not in self._df:
                raise CorpusError("this corpus has no 'language' column to filter on")
            keep &= self._df["language"].isin(list(languages)).to_numpy()
        if doc_ids is not None:
            keep &= self._df["doc_id"].isin(list(doc_ids)).to_numpy()
        if mask is not None:
            mask = np.asarray(mask, dtype=bool)
            if mask.shape != keep.shape:
                raise CorpusError(f"mask has {mask.size} values for {keep.size} documents")
            keep &= mask
        return self._derive(self._df.loc[keep])

    def sample(self, n: int, *, seed: int = 1, by: str | None = None) -> Corpus:
        """``n`` documents drawn without replacement (``n`` per group when ``by`` is a column).

        Groups smaller than ``n`` are kept whole. The same seed gives the same sample;
        documents keep their original order.
        """
        if n < 0:
            raise CorpusError(f"sample size must be non-negative, got {n}")
        rng = np.random.default_rng(seed)
        if by is None:
            take = np.sort(rng.choice(len(self._df), size=min(n, len(self._df)), replace=False))
        else:
            if by not in self._df:
                raise CorpusError(f"cannot sample by {by!r}: columns are {self.columns}")
            parts = [rng.choice(idx, size=min(n, len(idx)), replace=False)
                     for _, idx in sorted(self._df.groupby(by, sort=True).indices.items())]
            take = np.sort(np.concatenate(parts)) if parts else np.array([], dtype=int)
        return self._derive(self._df.iloc[take])

    def with_columns(self, **columns: Sequence[Any] | pd.Series) -> Corpus:
        """A new corpus with columns added or replaced (the required ones are validated)."""
        df = self._df.copy(deep=False)
        for name, values in columns.items():
            df[name] = list(values) if not isinstance(values, pd.Series) else values.to_numpy()
        return Corpus(df, report=self.report)

    @classmethod
    def concat(cls, corpora: Sequence[Corpus], *, prefix_ids: bool = False) -> Corpus:
        """One corpus with the documents of ``corpora``, in order; ``doc_id`` values must not clash.

        Columns that only some corpora have are kept (missing values are null). The reports
        are combined: each row label is prefixed with its source (``"b.csv: row 3"``).

        Args:
            corpora: the corpora to join.
            prefix_ids: prefix each id with its corpus's source file name without suffixes
                (``articles-1`` of ``vijesti.csv`` → ``vijesti/articles-1``), for files that
                each number their documents from 1.

        Raises:
            CorpusError: no corpus given, or an id occurs in more than one corpus (the message
                names the id and the corpora).

        >>> import pandas as pd, framing as fr
        >>> a = fr.from_dataframe(pd.DataFrame({"doc_id": ["1"], "outlet": ["x"], "date": ["2022-02-24"],
        ...                                     "text": ["war"]}), source="x.csv")
        >>> b = fr.from_dataframe(pd.DataFrame({"doc_id": ["1"], "outlet": ["y"], "date": ["2022-02-25"],
        ...                                     "text": ["peace"]}), source="y.csv")
        >>> Corpus.concat([a, b], prefix_ids=True).df["doc_id"].tolist()
        ['x/1', 'y/1']
        """
        corpora = list(corpora)
        if not corpora:
            raise CorpusError("Corpus.concat needs at least one corpus")
        frames = [c._df.assign(doc_id=Path(c.report.source).name.split(".")[0] + "/" + c._df["doc_id"])  # noqa: SLF001
                  if prefix_ids else c._df for c in corpora]  # noqa: SLF001
        _check_no_clash(frames, [c.report.source for c in corpora], prefix_ids)
        df = pd.concat(frames, ignore_index=True)
        return cls(df, report=_joined_report([c.report for c in corpora]))

    # --- summaries ----------------------------------------------------------------------
    def token_counts(self, *, cache: bool = True) -> np.ndarray:
        """Tokens per document, counted by :func:`framing.corpus.text.count_tokens` (the tokeniser of
        the document-term matrix, before any cleaning).

        The counts are kept in the cache (namespace ``dtm``, keyed by :attr:`text_fingerprint`
        and the token rules), where building a matrix also puts them: a second call, or a call
        after the corpus's matrix was made, reads them instead of tokenising.
        """
        from framing.corpus.text import count_tokens

        if not cache:
            return count_tokens(self._df["text"])
        return cached("dtm", token_counts_key(self.text_fingerprint), lambda: count_tokens(self._df["text"]),
                      write=write_token_counts, read=lambda folder: read_token_counts(folder, len(self)))

    def summary(self) -> pd.DataFrame:
        """Per outlet: documents, tokens, first and last date (tidy, one row per outlet).

        Tokens are :meth:`token_counts`, read from the cache when the corpus was counted before.
        """
        df = self._df.assign(tokens=self.token_counts())
        out = df.groupby("outlet", sort=True).agg(
            documents=("doc_id", "size"), tokens=("tokens", "sum"),
            first_date=("date", "min"), last_date=("date", "max"))
        return out.reset_index()

    # --- writing ------------------------------------------------------------------------
    def to_parquet(self, path: str | Path) -> Path:
        """Write the corpus to Parquet atomically (temporary file, then rename)."""
        with atomic_path(path) as tmp:
            self._df.to_parquet(tmp, index=False)
        return Path(path)

    def to_jsonl(self, path: str | Path) -> Path:
        """Write one JSON object per line (gzip when the name ends in ``.gz``), atomically."""
        import gzip

        df = self._df.assign(date=self._df["date"].dt.strftime("%Y-%m-%d"))
        records = df.to_dict(orient="records")
        payload = "".join(json.dumps(_plain({str(k): v for k, v in r.items()}), ensure_ascii=False) + "\n"
                          for r in records)
        data = payload.encode("utf-8")
        if str(path).endswith(".gz"):
            data = gzip.compress(data, mtime=0)
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
        return Path(path)


COUNTS_FILE = "token_counts.npy"


def token_counts_key(text_fingerprint: str) -> dict[str, Any]:
    """The cache inputs of a corpus's token counts (see :meth:`Corpus.token_counts`)."""
    from framing.corpus.text.rules import TOKEN_RULES

    return {"token_counts": text_fingerprint, "token_rules": TOKEN_RULES}


def write_token_counts(folder: Path, counts: np.ndarray) -> None:
    """Write token counts into a cache entry's folder."""
    with open(folder / COUNTS_FILE, "wb") as handle:
        np.save(handle, np.asarray(counts, dtype=np.int64), allow_pickle=False)


def read_token_counts(folder: Path, n_docs: int) -> np.ndarray:
    """Token counts of a cache entry, checked to be ``n_docs`` non-negative integers."""
    counts = np.load(folder / COUNTS_FILE, allow_pickle=False)
    if counts.dtype != np.int64 or counts.shape != (n_docs,) or (counts < 0).any():
        raise ValueError(f"it holds {counts.shape} {counts.dtype} counts, not {n_docs} token counts")
    return counts


def _check_no_clash(frames: Sequence[pd.DataFrame], sources: Sequence[str], prefixed: bool) -> None:
    """A :class:`CorpusError` naming an id that two of the corpora share, and those corpora."""
    owner: dict[str, int] = {}
    for i, frame in enumerate(frames):
        taken = frame["doc_id"][frame["doc_id"].isin(list(owner))]
        if len(taken):
            doc_id = taken.iloc[0]
            hint = ("the sources share a file name: rename one, or give the documents distinct ids" if prefixed
                    else "pass prefix_ids=True to prefix each id with its file name, or map another id column "
                    "with doc_id='<column>'")
            raise CorpusError(f"doc_id {doc_id!r} is in both {sources[owner[doc_id]]} and {sources[i]} ({len(taken)} "
                              f"ids of {sources[i]} are taken by an earlier corpus); ids must be unique: {hint}.")
        owner.update(dict.fromkeys(frame["doc_id"].tolist(), i))


def _joined_report(reports: Sequence[ReadReport]) -> ReadReport:
    """The reports of several sources as one, each row label prefixed with its source."""
    def labelled(name: str) -> tuple[Any, ...]:
        return tuple(f"{r.source}: {v}" if isinstance(v, str) else (f"{r.source}: {v[0]}", *v[1:])
                     for r in reports for v in getattr(r, name))

    sources = [r.source for r in reports]
    source = ", ".join(sources) if len(sources) <= 3 else f"{sources[0]} and {len(sources) - 1} more files"
    return ReadReport(source=source, rows_read=sum(r.rows_read for r in reports),
                      bad_dates_dropped=labelled("bad_dates_dropped"),
                      duplicate_texts=tuple(p for r in reports for p in r.duplicate_texts),
                      duplicates_dropped=any(r.duplicates_dropped for r in reports),
                      empty_texts=tuple(d for r in reports for d in r.empty_texts),
                      surrogates_replaced=labelled("surrogates_replaced"), empty_outlets=labelled("empty_outlets"),
                      boilerplate_removed=tuple(p for r in reports for p in r.boilerplate_removed),
                      near_duplicates=tuple(p for r in reports for p in r.near_duplicates))


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if (v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA) else
                v.item() if isinstance(v, np.generic) else v) for k, v in record.items()}


def _timestamp(value: Any, name: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise CorpusError(f"cannot read {name}={value!r} as a date; use e.g. '2022-02-24'") from exc
