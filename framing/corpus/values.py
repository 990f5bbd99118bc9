"""Checks on the values a reader maps onto the corpus fields, before they become text.

A table can hold things a field cannot take as they are. Each is stopped or reported with
the rows named, never passed on silently:

- a **nested value** (a JSON object or list) in ``text``, ``title``, ``outlet`` or ``doc_id``
  would be stored as its Python spelling (``"{'body': 'nested text'}"``), which is then counted
  as words: a :class:`CorpusError` names the rows;
- **two columns with one name** (a CSV header ``text,...,text``; a JSON object with the key
  ``text`` twice) would be renamed ``text.1`` or overwritten: a :class:`CorpusError`;
- a document **without an outlet** (empty or null) cannot be compared with others: it is kept
  under the outlet ``""`` and reported (:attr:`ReadReport.empty_outlets`, a
  :class:`FramingWarning`), so that a few missing values do not stop the reading.

>>> import pandas as pd
>>> df = pd.DataFrame({"text": ["fine", {"body": "nested"}]}, dtype=object)
>>> check_nested(df, ["text"], ["line 1", "line 2"], source="a.jsonl")
Traceback (most recent call last):
...
framing._infra.errors.CorpusError: a.jsonl: column 'text' holds a JSON object instead of text at line 2 ...
>>> empty_outlets(pd.Series(["a", None, " "]), ["row 2", "row 3", "row 4"])
['row 3', 'row 4']
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from framing._infra.errors import CorpusError

SHOWN = 5
"""How many rows a message names."""


def rows_named(labels: Sequence[str]) -> str:
    """The first :data:`SHOWN` labels, and how many more."""
    more = f" and {len(labels) - SHOWN} more" if len(labels) > SHOWN else ""
    return ", ".join(labels[:SHOWN]) + more


def check_nested(df: pd.DataFrame, columns: Iterable[Hashable], labels: Sequence[str], *, source: str) -> None:
    """A :class:`CorpusError` when a value of ``columns`` is a mapping or a list (a nested JSON value)."""
    for col in columns:
        if col not in df or df[col].dtype != object:
            continue
        nested = [i for i, v in enumerate(df[col].tolist()) if isinstance(v, (dict, list, tuple))]
        if nested:
            kind = "a JSON object" if isinstance(df[col].iloc[nested[0]], dict) else "a list"
            raise CorpusError(
                f"{source}: column {col!r} holds {kind} instead of text at {rows_named([labels[i] for i in nested])}"
                f" ({len(nested)} rows); framing does not guess which part is the text. Flatten the records "
                f"first, e.g. pandas.json_normalize(records) names a nested field '{col}.body', then pass "
                f"framing.from_dataframe(table, {_field(col)}='{col}.body'), or join a list into one string.")


def _field(col: Hashable) -> str:
    return str(col) if col in ("text", "title", "outlet", "doc_id") else "text"


def check_unique_names(names: Sequence[Hashable], *, source: str, where: str = "columns") -> None:
    """A :class:`CorpusError` naming a column name that appears twice (and its positions)."""
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        seen.setdefault(str(name), []).append(i + 1)
    repeated = {name: at for name, at in seen.items() if len(at) > 1}
    if repeated:
        name, at = next(iter(repeated.items()))
        more = f"; also repeated: {sorted(repeated)[1:][:SHOWN]}" if len(repeated) > 1 else ""
        which = " and ".join(map(str, at)) + (" are both" if len(at) == 2 else " are all")
        raise CorpusError(f"{source}: {where} {which} named {name!r}{more}; a field "
                          "cannot come from two columns. Rename one (and map it, e.g. text=['summary', 'body'] "
                          "to join two text columns).")


def empty_outlets(outlets: pd.Series, labels: Sequence[str]) -> list[str]:
    """The labels of rows whose outlet is missing, empty or only white space."""
    text = outlets.astype("string")
    empty = (text.isna() | (text.str.strip() == "")).fillna(True).to_numpy()
    return [labels[i] for i in empty.nonzero()[0]]


def front_matter_values(record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with its values as columns can keep them: dates as ISO text, lists and mappings as JSON text.

    YAML reads ``2022-02-24`` as a :class:`datetime.date` and ``[a, b]`` as a list. In a user
    column either would make the JSON writer fail or come back from Parquet as another type
    (changing the corpus's fingerprint); as text they round-trip, and the ``date`` field is
    parsed from its text like any other.

    >>> import datetime as dt
    >>> front_matter_values({"updated": dt.date(2022, 3, 1), "tags": ["war", "peace"], "n": 2})
    {'updated': '2022-03-01', 'tags': '["war", "peace"]', 'n': 2}
    """
    return {k: _as_text(v) if isinstance(v, (dt.date, dt.time, list, dict)) else v for k, v in record.items()}


def _as_text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, (dt.date, dt.time))
                      else str(v))
