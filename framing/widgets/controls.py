"""Controls shared by the views, and the document selection they describe.

:class:`Selection` bundles an outlet multi-select and a start/end date pair;
:meth:`Selection.rows` turns their values into the row numbers of the chosen documents,
and raises a :class:`~framing._infra.errors.CorpusError` (shown in the view) when no document
is left, naming the outlets and dates so the user sees what to widen.

>>> import pandas as pd
>>> docs = pd.DataFrame({"outlet": ["a", "b", "a"],
...                      "date": pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01"])})
>>> sel = Selection(docs)
>>> sel.outlets.value = ("a",)
>>> sel.rows().tolist()
[0, 2]
"""

from __future__ import annotations

import datetime as dt
import warnings

import ipywidgets as widgets
import numpy as np
import pandas as pd

from framing._infra.errors import CorpusError, FramingWarning
from framing.dtm.grouping import PERIOD_NAMES

PERIOD_CHOICES = tuple((name, code) for code, name in PERIOD_NAMES.items())
"""Period dropdown entries: label, period code (:data:`framing.dtm.grouping.PERIOD_NAMES`)."""


def period_picker(value: str = "M") -> widgets.Dropdown:
    """A dropdown of grouping periods (day, week, month, quarter, year)."""
    return widgets.Dropdown(options=PERIOD_CHOICES, value=value, description="Period",
                            layout=widgets.Layout(width="200px"))


def _date(value: pd.Timestamp) -> dt.date:
    return value.date()


class Selection:
    """Outlets and a date range over a table of documents (``outlet`` and ``date`` columns).

    Attributes:
        outlets: multi-select of the outlets (all selected at first).
        start, end: date pickers, first and last day of the documents at first; the end
            day is included whole.
        widget: the controls in a row (without the outlet list when ``outlets=False``,
            for views that pick outlets otherwise).
    """

    def __init__(self, docs: pd.DataFrame, *, outlets: bool = True) -> None:
        self._outlet = docs["outlet"].astype(str).to_numpy()
        self._date = docs["date"].to_numpy()
        names = sorted(set(self._outlet))
        self.outlets = widgets.SelectMultiple(options=names, value=tuple(names), description="Outlets",
                                              rows=min(len(names), 5))
        first, last = (_date(docs["date"].min()), _date(docs["date"].max())) if len(docs) else (None, None)
        self.first, self.last = first, last
        self.start = widgets.DatePicker(value=first, description="From")
        self.end = widgets.DatePicker(value=last, description="To")
        dates = widgets.VBox([self.start, self.end])
        self.widget = widgets.HBox([self.outlets, dates] if outlets else [dates])
        self._controls = (self.outlets, self.start, self.end) if outlets else (self.start, self.end)

    @property
    def controls(self) -> tuple[widgets.ValueWidget, ...]:
        """The controls whose change changes the selection."""
        return self._controls

    def key(self) -> tuple:
        """The current values, hashable (for caching results per selection)."""
        return tuple(self.outlets.value), self.start.value, self.end.value

    def rows(self) -> np.ndarray:
        """Row numbers of the selected documents; :class:`CorpusError` when there are none.

        An empty date box (cleared, or a date typed halfway, which the picker reports as no
        date) means the first or last day of the documents, and a :class:`FramingWarning` says
        so: the view shows it, so an unfinished date is never ignored without a word.
        """
        chosen, start, end = self.key()
        for box, value, edge in (("From", start, self.first), ("To", end, self.last)):
            if value is None and edge is not None:
                warnings.warn(f"{box} is empty or not a complete date (YYYY-MM-DD): using {edge}, "
                              f"the {'first' if box == 'From' else 'last'} day of the documents",
                              FramingWarning, stacklevel=2)
        if not chosen:
            raise CorpusError("no outlet selected: pick at least one in the Outlets list")
        if start is not None and end is not None and start > end:
            raise CorpusError(f"the date range is empty: From ({start}) is after To ({end})")
        keep = np.isin(self._outlet, list(chosen))
        if start is not None:
            keep &= self._date >= np.datetime64(start, "ns")
        if end is not None:
            keep &= self._date < np.datetime64(end + dt.timedelta(days=1), "ns")
        rows = np.flatnonzero(keep)
        if not rows.size:
            raise CorpusError(f"no documents from {', '.join(chosen)} between {start or 'the start'} "
                              f"and {end or 'the end'}: widen the date range or pick other outlets")
        return rows
