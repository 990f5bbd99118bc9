"""Parse a column of dates as written by people and scrapers into one calendar.

Three rules, each chosen so that a document lands on the day its outlet dated it:

- **Day/month order is never guessed row by row.** A value such as ``01/02/2022`` (also with
  ``.`` or ``-`` between the parts) is 1 February or 2 January depending on the outlet's
  convention; parsed one row at a time, a column holding ``13/01/2022`` and ``01/02/2022``
  would mix both. When such a value could be either, reading stops and asks for
  ``dayfirst=True``/``False`` or an explicit ``date_format`` (``"%d/%m/%Y"``, codes of
  :meth:`datetime.datetime.strptime`). A column whose values can only be read one way
  (every first part above 12, say) is read that way.
- **An offset keeps the local calendar day** (``offsets="local"``, the default):
  ``2022-02-24T01:30+02:00`` is 24 February 01:30, the outlet's own clock, not 23 February
  23:30 UTC. ``offsets="utc"`` converts to UTC instead (for comparing the hour of events).
- **Any year from 1 to 9999**: dates are held as ``datetime64[us]`` (pandas' default
  resolution for parsed text), which reaches far beyond pandas' nanosecond range
  (1677–2262), so UN debates from 1946 and historical press from the 1600s read as they are.

>>> import pandas as pd
>>> values = pd.Series(["13/01/2022", "01/02/2022"])
>>> parsed, _ = parse_dates(values, ["row 2", "row 3"], source="a.csv", column="date", dayfirst=True)
>>> parsed.dt.strftime("%Y-%m-%d").tolist(), str(parsed.dtype)
(['2022-01-13', '2022-02-01'], 'datetime64[us]')
>>> parse_dates(pd.Series(["2022-02-24T01:30+02:00"]), ["row 2"], source="a.csv", column="date")[0].tolist()
[Timestamp('2022-02-24 01:30:00')]
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from framing._infra.errors import CorpusError

OnBadDate = Literal["raise", "drop"]
Offsets = Literal["local", "utc"]
DATE_RANGE = "0001-01-01 to 9999-12-31"
"""The dates a corpus can hold (those Python's :class:`datetime.datetime` can write); others are bad dates."""
_FIRST, _LAST = pd.Timestamp("0001-01-01"), pd.Timestamp("9999-12-31 23:59:59.999999")
# day and month as the first two parts, the year (2 or 4 digits) last, then an optional time
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[T ,])(.*)$")
# an offset after a time of day: "+02:00", "+0200", "+02", "Z", "UTC", "GMT"
_OFFSET = r"(?<=\d)\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$"
_TIME = re.compile(r"\d{1,2}:\d{2}")


@dataclasses.dataclass(frozen=True)
class DateOptions:
    """How a reader parses dates (the reader options ``date_format``, ``dayfirst``, ``offsets``).

    Attributes:
        date_format: a :meth:`~datetime.datetime.strptime` format every value follows, e.g.
            ``"%d/%m/%Y"``; ``None``: ISO 8601 and the common written forms.
        dayfirst: the order of ``01/02/2022``-style values: ``True`` day first (1 February),
            ``False`` month first (2 January); ``None``: refuse a column in which it is ambiguous.
        offsets: ``"local"`` keeps the time as written (the outlet's calendar day), ``"utc"``
            converts timestamps with an offset to UTC.
    """

    date_format: str | None = None
    dayfirst: bool | None = None
    offsets: Offsets = "local"


def parse_dates(values: pd.Series, labels: Sequence[str], *, source: str, column: str,
                on_bad_date: OnBadDate = "raise", options: DateOptions | None = None,
                dayfirst: bool | None = None) -> tuple[pd.Series, list[tuple[int, str]]]:
    """``values`` as naive ``datetime64[us]``, and ``(position, value)`` of each bad date.

    A bad date (empty, unparseable, or outside :data:`DATE_RANGE`) raises a
    :class:`CorpusError` naming ``source``, ``column``, the row's label and the value, or
    with ``on_bad_date="drop"`` is returned (as NaT) for the caller to drop and report.
    ``dayfirst`` given here overrides ``options.dayfirst``.
    """
    options = options or DateOptions()
    if dayfirst is not None:
        options = dataclasses.replace(options, dayfirst=dayfirst)
    if on_bad_date not in ("raise", "drop"):
        raise CorpusError(f"on_bad_date must be 'raise' or 'drop', got {on_bad_date!r}")
    if options.offsets not in ("local", "utc"):
        raise CorpusError(f"offsets must be 'local' or 'utc', got {options.offsets!r}")
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed, outside = _from_datetimes(values, options.offsets), pd.Series(False, index=values.index)
    else:
        parsed, outside = _from_text(values, labels, source, column, options)
    bad = np.flatnonzero(parsed.isna().to_numpy())
    dropped = [(int(i), str(values.iloc[i])) for i in bad]
    if len(bad) and on_bad_date == "raise":
        i = int(bad[0])
        more = f" (and {len(bad) - 1} more rows)" if len(bad) > 1 else ""
        if outside.iloc[i]:
            raise CorpusError(f"{source}: the date in column {column!r} at {labels[i]}, {values.iloc[i]!r}, is "
                              f"outside the dates framing can hold ({DATE_RANGE}){more}; fix the value, or pass "
                              "on_bad_date='drop' to skip such rows.")
        hint = f" does not match date_format={options.date_format!r}" if options.date_format else ""
        raise CorpusError(f"{source}: cannot parse the date in column {column!r} at {labels[i]}: "
                          f"{values.iloc[i]!r}{hint}{more}. Fix the value, or pass on_bad_date='drop' "
                          "to skip such rows.")
    return parsed, dropped


def _from_datetimes(values: pd.Series, offsets: Offsets) -> pd.Series:
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC") if offsets == "utc" else values
        values = values.dt.tz_localize(None)
    return values.astype("datetime64[us]")


def _from_text(values: pd.Series, labels: Sequence[str], source: str, column: str,
               options: DateOptions) -> tuple[pd.Series, pd.Series]:
    text = pd.Series([None if _missing(v) else str(v).strip() for v in values], index=values.index,
                     dtype="string")
    if options.offsets == "local":
        timed = text.str.contains(_TIME.pattern, regex=True).fillna(False).astype(bool)
        text = text.str.replace(_OFFSET, "", regex=True).where(timed, text)
    fmt = options.date_format
    if fmt and options.offsets == "local":
        fmt = re.sub(r"\s*%[zZ]", "", fmt)
    if fmt:
        parsed = pd.to_datetime(text, errors="coerce", format=fmt, utc=True)
    else:
        text = _numeric_to_iso(text, labels, source, column, options.dayfirst)
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=True)
        retry = parsed.isna() & text.notna() & (text != "")
        if retry.any():
            parsed[retry] = pd.to_datetime(text[retry], errors="coerce", format="mixed", utc=True)
    parsed = parsed.dt.tz_localize(None).astype("datetime64[us]")
    outside = (parsed < _FIRST) | (parsed > _LAST) | (parsed.isna() & _beyond_range(text))
    return parsed.mask(outside), outside.fillna(False)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT


def _beyond_range(text: pd.Series) -> pd.Series:
    """Values that look like ISO dates with a year of more than four digits (or a sign)."""
    return text.str.match(r"^[+-]?\d{5,}-\d{2}-\d{2}|^-\d{4}-\d{2}-\d{2}").fillna(False).astype(bool)


def _numeric_to_iso(text: pd.Series, labels: Sequence[str], source: str, column: str,
                    dayfirst: bool | None) -> pd.Series:
    """``dd/mm/yyyy``-like values rewritten as ISO ``yyyy-mm-dd`` in one order for the whole column."""
    parts = text.str.extract(_NUMERIC)
    found = parts[0].notna().to_numpy()
    if not found.any():
        return text
    first, second = parts[0].astype(float).to_numpy(), parts[2].astype(float).to_numpy()
    if dayfirst is None:
        dayfirst = _order(text, labels, source, column, found, first, second)
    day, month = (parts[0], parts[2]) if dayfirst else (parts[2], parts[0])
    years = parts[3].fillna("0")
    written = years.astype(int).to_numpy()
    # two-digit years as strptime's %y reads them: 69-99 → 1900s, 00-68 → 2000s
    full = np.where(years.str.len().to_numpy() == 2, np.where(written >= 69, 1900, 2000) + written, written)
    year = pd.Series([f"{y:04d}" for y in full], index=text.index, dtype="string")
    iso = year + "-" + month.str.zfill(2) + "-" + day.str.zfill(2) + parts[4].fillna("")
    return text.where(~found, iso)


def _order(text: pd.Series, labels: Sequence[str], source: str, column: str, found: np.ndarray,
           first: np.ndarray, second: np.ndarray) -> bool:
    """Day first (``True``) or month first, when the values show it; else a :class:`CorpusError`."""
    day_first = np.flatnonzero(found & (first > 12) & (second <= 12))
    month_first = np.flatnonzero(found & (second > 12) & (first <= 12))
    either = np.flatnonzero(found & (first >= 1) & (first <= 12) & (second >= 1) & (second <= 12))
    where = lambda i: f"{labels[i]} {text.iloc[i]!r}"  # noqa: E731
    if len(day_first) and len(month_first):
        raise CorpusError(f"{source}: column {column!r} mixes day-first dates ({where(day_first[0])}) and "
                          f"month-first dates ({where(month_first[0])}); fix the rows in the other order, "
                          "or pass date_format= (e.g. '%d/%m/%Y') and on_bad_date='drop' to skip them.")
    if len(either):
        seen = (f"; {where(day_first[0])} can only be day first, so dayfirst=True is likely" if len(day_first)
                else f"; {where(month_first[0])} can only be month first, so dayfirst=False is likely"
                if len(month_first) else "")
        raise CorpusError(f"{source}: the day/month order of the dates in column {column!r} is ambiguous: "
                          f"{where(either[0])} is {_spell(first[either[0]], second[either[0]], text.iloc[either[0]])}"
                          f"{seen}. Pass dayfirst=True (day/month/year) or dayfirst=False (month/day/year), "
                          "or date_format='%d/%m/%Y'.")
    return bool(len(day_first))


def _spell(first: float, second: float, value: str) -> str:
    months = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
    year = _NUMERIC.match(value)
    y = year.group(4) if year else ""
    return (f"{int(first)} {months[int(second) - 1]} {y} read day first, "
            f"{int(second)} {months[int(first) - 1]} {y} read month first").replace(" ,", ",")
