"""The base of every view: controls wired to steps, outputs, a message line, save buttons.

A view is a set of *steps*. A step is a method that reads some controls, calls package
functions and shows what they return with :meth:`View.show_figure` (a matplotlib
:class:`~matplotlib.figure.Figure`, rendered as SVG: sharp on HiDPI screens, as wide as its
container up to :data:`SCREEN_PX_PER_INCH` pixels per inch of the figure) or
:meth:`View.show_table` (a DataFrame, rendered as an HTML table). :meth:`View.bind`
ties a step to the controls it reads, so a control change re-runs only the steps that
depend on it; expensive, control-independent work (the document-term matrix, a fitted
model) is done once in the view's constructor.

One control change is one *batch*: the view shows "updating…" (class ``framing-busy``) and
marks the outputs of the steps about to run as stale (class ``framing-stale``, faded) before
the first step runs, so the browser shows within a message's time that the numbers are
being replaced; both marks go when the batch ends.

When the view is displayed by IPython, a static snapshot (:mod:`framing.widgets.snapshot`)
is displayed beside the widget and refreshed after each batch: a notebook reopened without
a kernel, or rendered on GitHub, shows the last figures and tables instead of "model not
found". While the widget is live, a style rule inside it hides the snapshot.

A step that raises :class:`~framing._infra.errors.FramingError` (a pattern with no match, an
empty date range) does not raise out of the callback: its message appears in the view,
the outputs the step drew are blanked, and the other controls keep working. Any other
exception is reported the same way, as a bug, with the traceback kept in
:attr:`View.last_traceback` rather than printed.

Headless use (tests, benchmarks): set a control's ``.value``; the callbacks run
synchronously, so afterwards ``view.figures``, ``view.tables`` and ``view.errors`` hold the
new state.

>>> from framing.widgets.base import View
>>> import pandas as pd, ipywidgets as w
>>> class Echo(View):
...     name = "echo"
...     def __init__(self):
...         super().__init__()
...         self.term = w.Text(value="invasion")
...         self.bind(self.echo, self.term)
...         self.arrange(self.term, tables=["echo"])
...     def echo(self):
...         self.show_table("echo", pd.DataFrame({"term": [self.term.value]}))
>>> view = Echo()
>>> view.term.value = "aggression"
>>> view.tables["echo"]["term"].tolist()
['aggression']
"""

from __future__ import annotations

import html
import traceback
import warnings
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import ipywidgets as widgets
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from framing._infra.cache import Memo
from framing._infra.errors import FramingError, FramingWarning
from framing.viz.render import clean_style, figure_bytes, new_figure
from framing.widgets.charts import MAX_WIDTH, ChartOutput
from framing.widgets.context import ContextPanel
from framing.widgets.picktable import PickTable
from framing.widgets.snapshot import STYLE, Snapshot, fmt_number

Step = Callable[[], None]
T = TypeVar("T")
SCREEN_PX_PER_INCH = 150
"""Largest on-screen width of a figure, in CSS pixels per inch of its journal size (8 pt type
then shows at about 17 px); narrower containers shrink it. Saved figures use 300 dpi."""
TABLE_ROWS = 30
"""Rows shown in a table widget; a saved table has all rows."""


class View:
    """Controls, steps and outputs of one interactive view; display it like a widget.

    Subclasses set :attr:`name` (the prefix of saved files), build their controls, call
    :meth:`bind` for each step and :meth:`arrange` once; the constructor of the subclass
    ends by calling :meth:`refresh` to run every step once.

    Attributes:
        figures: the current matplotlib figure of each figure output.
        tables: the current DataFrame of each table output (all rows).
        errors: the current error message of each failing step.
        widget: the ipywidgets container shown in the notebook.
    """

    name: ClassVar[str] = "view"

    def __init__(self) -> None:
        from framing.widgets.save import SavePanel

        self.figures: dict[str, Figure] = {}
        self.tables: dict[str, pd.DataFrame] = {}
        self.errors: dict[str, str] = {}
        self.notes: dict[str, list[str]] = {}
        self.last_traceback: str | None = None
        self.message = widgets.HTML().add_class("framing-message")
        self.busy = widgets.HTML().add_class("framing-busy-indicator")
        self.style = widgets.HTML(STYLE, layout=widgets.Layout(display="none")).add_class("framing-style")
        self.snapshot = Snapshot(self)
        self.images: dict[str, widgets.Image] = {}
        self.htmls: dict[str, widgets.HTML] = {}
        self.picks: dict[str, PickTable] = {}
        self.charts: dict[str, ChartOutput] = {}
        self.figure_keys: list[str] = []
        self.save = SavePanel(self)
        self.widget = widgets.VBox().add_class("framing-view").add_class(f"framing-view-{self.name}")
        self._steps: list[Step] = []
        self._drawn: dict[str, set[str]] = {}
        self._running: str | None = None
        self._memos: dict[str, Memo] = {}
        self._inputs: dict[str, tuple[widgets.ValueWidget, ...]] = {}
        self._done: dict[str, tuple] = {}
        self._bound: dict[int, list[Step]] = {}
        self._muted = False
        self._batch = 0
        self._bar: Any = None

    # --- wiring -------------------------------------------------------------------------
    def bind(self, step: Step, *controls: widgets.ValueWidget) -> None:
        """Run ``step`` whenever the ``value`` of one of ``controls`` changes.

        A step is skipped when the values of its controls are those of its last successful
        run: when one change reaches a step twice (directly, and through a picker whose
        options it changed), the step runs once.
        """
        self._steps.append(step)
        self._inputs[step.__name__] = controls
        for control in controls:
            if id(control) not in self._bound:
                control.observe(lambda _change, c=control: self.changed(c), names="value")
            self._bound.setdefault(id(control), []).append(step)

    def changed(self, control: widgets.ValueWidget) -> None:
        """Run the steps bound to ``control``, in the order they were bound, as one batch."""
        if self._muted:
            return
        self.run_batch(self._bound.get(id(control), []))

    def run_batch(self, steps: Sequence[Step]) -> None:
        """Run ``steps`` with the busy mark shown and their outputs marked stale until they finish."""
        outer = self._batch
        self._batch += 1
        stale = self._outputs({k for step in steps for k in self._drawn.get(step.__name__, ())})
        if not outer:
            self.busy.value = '<span class="framing-busy">&#8987; updating&#8230;</span>'
            self.widget.add_class("framing-busy")
        for output in stale:
            output.add_class("framing-stale")
        try:
            for step in steps:
                self.run(step)
        finally:
            self._batch = outer
            for output in stale:
                output.remove_class("framing-stale")
            if not outer:
                self.busy.value = ""
                self.widget.remove_class("framing-busy")
                self.save.outputs_changed()
                self.snapshot.refresh()

    def act(self, action: Callable[[], None], name: str = "drill") -> None:
        """Run a user's action (a click in a table) like a step: busy mark, errors as messages."""
        def step() -> None:
            action()
        step.__name__ = name
        self.run_batch([step])

    def _outputs(self, keys: set[str]) -> list[widgets.DOMWidget]:
        """The widgets showing outputs ``keys`` (a table kept only for saving has none)."""
        shown = {**self.images, **self.htmls, **{k: p.widget for k, p in self.picks.items()},
                 **{k: c.widget for k, c in self.charts.items()}}
        return [shown[k] for k in sorted(keys) if k in shown]

    def offer(self, picker: widgets.Dropdown, options: Sequence[Any]) -> None:
        """Give ``picker`` new options, keeping its value if it is one of them, and run the
        steps bound to it once (ipywidgets would report a change to the first option first)."""
        options = list(options)
        if tuple(options) == tuple(picker.options):
            return
        value = picker.value if picker.value in options else next(iter(options), None)
        self._muted = True
        try:
            picker.options = options
            picker.value = value
        finally:
            self._muted = False
        self.run_batch(self._bound.get(id(picker), []))

    def arrange(self, *controls: widgets.Widget, figures: Sequence[str] = (),
               tables: Sequence[str] = (), picks: Mapping[str, PickTable] | None = None,
               panels: Sequence[widgets.Widget] = (), charts: Sequence[str] = ()) -> None:
        """Arrange controls, message, figure outputs, table outputs, tables whose rows can be
        clicked (``picks``, beside each other), ``panels`` (a concordance) and the save panel.

        A figure also in ``charts`` is shown as an interactive chart (:meth:`show_chart`); its
        matplotlib figure is kept for saving and for the snapshot."""
        self.picks = dict(picks or {})
        self.figure_keys = list(figures)
        self.charts = {key: ChartOutput() for key in charts}
        for key, chart in self.charts.items():
            chart.widget.add_class(f"framing-figure-{key}").layout.width = "100%"
        for key, pick in self.picks.items():
            pick.widget.add_class(f"framing-table-{key}")
        for key in (k for k in figures if k not in self.charts):
            self.images[key] = widgets.Image(format="svg+xml", layout=widgets.Layout(
                width="100%", align_self="flex-start")).add_class(f"framing-figure-{key}")
        for key in tables:
            self.htmls[key] = widgets.HTML(layout=widgets.Layout(
                max_height="360px", overflow="auto")).add_class(f"framing-table-{key}")
        shown = [self.charts[k].widget if k in self.charts else self.images[k] for k in figures]
        rows = [widgets.HBox(shown, layout=widgets.Layout(flex_flow="row wrap"))]
        rows += [self.htmls[k] for k in tables]
        if self.picks:
            rows.append(widgets.HBox([p.widget for p in self.picks.values()],
                                     layout=widgets.Layout(flex_flow="row wrap", grid_gap="1em")))
        rows += panels
        self.widget.children = [self.style, *controls, self.busy, self.message, *rows,
                                self.save.widget]

    def memo(self, name: str, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, re-run only when ``key`` differs from the last call with this ``name``.

        Steps share results this way: changing the plotted unit re-draws the rates from
        the table computed for the same patterns and selection.
        """
        return self._memos.setdefault(name, Memo(size=1)).get(key, compute)

    def begin(self, *phases: str) -> None:
        """Show a progress bar (:class:`~framing.widgets.progress.BuildProgress`) over the view's
        first build: the named ``phases`` (each ended by :meth:`phase`), then each step of the
        first :meth:`refresh`."""
        from framing.widgets.progress import BuildProgress

        self._bar = BuildProgress(f"{self.name} view", phases)

    def phase(self, following: str = "") -> None:
        """End the running phase of :meth:`begin`'s bar; ``following`` names the next one."""
        if self._bar is not None:
            self._bar.step(following)

    def refresh(self) -> None:
        """Run every step once (at construction, or after changing several controls)."""
        bar, self._bar = self._bar, None
        if bar is None:
            self.run_batch(self._steps)
            return
        bar.grow(len(self._steps))
        following = [s.__name__ for s in self._steps[1:]] + [""]
        try:
            for step, name in zip(self._steps, following, strict=True):
                self.run_batch([step])
                bar.step(name)
        finally:
            bar.close()

    def run(self, step: Step) -> None:
        """Run one step; show a :class:`FramingError` (or a bug) as a message instead of raising."""
        if self._muted:
            return
        name = step.__name__
        inputs = tuple(c.value for c in self._inputs.get(name, ()))
        if name in self._inputs and self._done.get(name) == inputs:
            return
        outer, self._running = self._running, name
        caught: list[warnings.WarningMessage] = []
        try:
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", FramingWarning)
                    step()
            finally:  # outside the block: a warning passed on inside it would be recorded again, forever
                self._note(name, caught)
        except FramingError as exc:
            self._fail(name, str(exc))
        except Exception as exc:  # a callback must never leave a traceback in the notebook
            self.last_traceback = traceback.format_exc()
            self._fail(name, f"unexpected {type(exc).__name__} in {name}: {exc} "
                             "(a bug: please report it with view.last_traceback)")
        else:
            self.errors.pop(name, None)
            self._done[name] = inputs
        finally:
            self._running = outer
        self._show_message()

    def _note(self, name: str, caught: list[warnings.WarningMessage]) -> None:
        """Keep the step's FramingWarnings (an absent term: a finding, shown in the view); pass on the others."""
        self.notes[name] = list(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, FramingWarning)))
        for w in caught:
            if not issubclass(w.category, FramingWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)

    def _fail(self, name: str, message: str) -> None:
        self.errors[name] = message
        self._done.pop(name, None)
        for key in self._drawn.get(name, ()):
            self.figures.pop(key, None)
            self.tables.pop(key, None)
            if key in self.images:
                self.images[key].value = b""
            if key in self.htmls:
                self.htmls[key].value = ""
            if key in self.picks:
                self.picks[key].clear()
            if key in self.charts:
                self.charts[key].clear()

    def _show_message(self) -> None:
        unique = list(dict.fromkeys(self.errors.values()))
        notes = [n for n in dict.fromkeys(n for ns in self.notes.values() for n in ns) if n not in unique]
        self.message.value = "".join(
            f'<div class="framing-error" style="color:#B00020">&#9888; {html.escape(m)}</div>'
            for m in unique) + "".join(
            f'<div class="framing-note" style="color:#8A5A00">{html.escape(n)}</div>' for n in notes)

    # --- outputs ------------------------------------------------------------------------
    def _drew(self, key: str) -> None:
        if self._running:
            self._drawn.setdefault(self._running, set()).add(key)

    def new_figure(self, *, width: str | float = "single", aspect: float = 0.62) -> Figure:
        """A fresh figure in the journal style (not registered with pyplot, so nothing leaks)."""
        with clean_style():
            return new_figure(width=width, aspect=aspect)

    def draw(self, key: str, plot: Callable[[Axes], Any], *, width: str | float = "single",
             aspect: float = 0.62) -> None:
        """Draw ``plot(ax)`` on a fresh figure in the journal style and show it as output ``key``."""
        figure = self.new_figure(width=width, aspect=aspect)
        with clean_style():
            plot(figure.subplots())
        self.show_figure(key, figure)

    def show_figure(self, key: str, figure: Figure) -> None:
        """Keep ``figure`` as output ``key`` and show it as an SVG image as wide as its container,
        at most :data:`SCREEN_PX_PER_INCH` pixels per inch of the figure."""
        self._drew(key)
        self.figures[key] = figure
        if key not in self.images:   # shown as a chart: the figure is kept for saving
            return
        image = self.images[key]
        width = f"{round(figure.get_figwidth() * SCREEN_PX_PER_INCH)}px"
        if image.layout.max_width != width:
            image.layout.max_width = width
        with clean_style():
            image.value = figure_bytes(figure, "svg")

    def show_chart(self, key: str, chart: Any, *, max_width: int = MAX_WIDTH) -> None:
        """Show the Altair ``chart`` (:mod:`framing.viz.charts`) as output ``key``: hover values, zoom,
        and clicks that reach the view (:meth:`ChartOutput.on_pick`). A chart whose width is
        ``"container"`` (every builder's) follows the view's width, from
        :data:`~framing.widgets.charts.MIN_WIDTH` to ``max_width`` pixels."""
        self._drew(key)
        self.charts[key].show(chart, max_width=max_width)

    def follow_lines(self, panel: ContextPanel, key: str = "kwic") -> None:
        """Keep the saved table ``key`` in the order the concordance ``panel`` shows once a drill-down
        has put its lines there (its Sort dropdown re-orders them)."""
        def resorted(lines: pd.DataFrame) -> None:
            if key in self.tables:
                self.tables[key] = lines

        panel.on_sorted(resorted)

    def keep_table(self, key: str, table: pd.DataFrame) -> None:
        """Keep ``table`` as output ``key`` for "save table" without showing it."""
        self._drew(key)
        self.tables[key] = table

    def show_picks(self, key: str, table: pd.DataFrame, *, columns: Sequence[str] | None = None,
                   caption: str = "", order: tuple[str, bool] | None = None) -> None:
        """Keep ``table`` as output ``key`` (what "save table" writes, whatever the sort and filter
        shown) and show it in the pick table ``key`` (:class:`~framing.widgets.picktable.PickTable`:
        paged, sortable, filterable), each row behind a button that drills down to the texts;
        ``order`` says how the table is sorted already (a column, ascending)."""
        self.keep_table(key, table)
        self.picks[key].show(table, columns=columns, caption=caption, order=order)

    def show_table(self, key: str, table: pd.DataFrame, *, columns: Sequence[str] | None = None,
                   rows: int = TABLE_ROWS, caption: str = "", right: Sequence[str] = ()) -> None:
        """Keep ``table`` as output ``key`` (all rows and columns: what "save table" writes)
        and show its first ``rows`` rows, only ``columns`` when given, the ``right`` columns
        right-aligned (the left context of KWIC lines, so the matches line up)."""
        self.keep_table(key, table)
        shown = table.head(rows)
        if columns is not None:
            shown = shown[list(columns)]
        more = f" (first {rows} of {len(table):,} rows; save table writes all)" if len(table) > rows else ""
        head = f"<div><b>{html.escape(caption)}</b>{html.escape(more)}</div>"
        if not len(table):
            self.htmls[key].value = head + "<p><i>no rows</i></p>"
            return
        scope = f"framing-rows-{key}"
        css = "".join(f".{scope} td:nth-child({list(shown.columns).index(c) + 1}) {{text-align: right}}"
                      for c in right)
        body = shown.to_html(index=False, border=0, classes=f"framing-table {scope}", float_format=fmt_number,
                             na_rep="")
        self.htmls[key].value = head + (f"<style>{css}</style>" if css else "") + body

    # --- display ------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
        self.snapshot.display()

