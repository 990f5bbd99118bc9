"""The view machinery: steps bound to controls, messages instead of tracebacks, saving, selection."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest

from framing._infra.errors import CorpusError, PatternError
from framing.widgets.base import SCREEN_PX_PER_INCH, TABLE_ROWS, View
from framing.widgets.controls import Selection


class Line(View):
    """A toy view: the slope control draws a line and a table; slope 0 is 'bad input'."""

    name = "line"

    def __init__(self) -> None:
        super().__init__()
        self.slope = widgets.IntText(value=1)
        self.label = widgets.Text(value="invasion")
        self.calls = {"line": 0, "caption": 0}
        self.bind(self.line, self.slope)
        self.bind(self.caption, self.label)
        self.arrange(self.slope, self.label, figures=["line"], tables=["points", "label"])
        self.refresh()

    def line(self) -> None:
        self.calls["line"] += 1
        slope = self.slope.value
        if slope == 0:
            raise PatternError("slope 0 matches nothing: type another slope")
        if slope == 13:
            raise ZeroDivisionError("unlucky")
        x = np.arange(5)
        self.draw("line", lambda ax: ax.plot(x, slope * x))
        self.show_table("points", pd.DataFrame({"x": x, "y": slope * x}))

    def caption(self) -> None:
        self.calls["caption"] += 1
        self.show_table("label", pd.DataFrame({"term": [self.label.value] * 50}))


def test_a_control_change_reruns_only_its_steps():
    view = Line()
    assert view.calls == {"line": 1, "caption": 1}
    view.label.value = "aggression"
    assert view.calls == {"line": 1, "caption": 2}
    assert "aggression" in view.htmls["label"].value
    assert set(view.tables["label"]["term"]) == {"aggression"}


def test_figure_data_and_image_bytes_change_with_the_control():
    view = Line()
    before = bytes(view.images["line"].value)
    assert view.images["line"].format == "svg+xml" and before.lstrip().startswith(b"<?xml")
    assert b"<svg" in before
    width = view.figures["line"].get_figwidth()
    assert view.images["line"].layout.max_width == f"{round(width * SCREEN_PX_PER_INCH)}px"
    assert view.images["line"].layout.width == "100%"      # follows its container, up to that width
    assert view.figures["line"].axes[0].lines[0].get_ydata().tolist() == [0, 1, 2, 3, 4]
    view.slope.value = 3
    assert view.figures["line"].axes[0].lines[0].get_ydata().tolist() == [0, 3, 6, 9, 12]
    assert bytes(view.images["line"].value) != before
    assert view.tables["points"]["y"].tolist() == [0, 3, 6, 9, 12]


def test_a_framing_error_is_a_message_and_the_view_recovers():
    view = Line()
    view.slope.value = 0
    assert view.errors == {"line": "slope 0 matches nothing: type another slope"}
    assert 'class="framing-error"' in view.message.value
    assert "slope 0 matches nothing: type another slope" in view.message.value
    assert bytes(view.images["line"].value) == b"" and "line" not in view.figures
    assert "points" not in view.tables and view.htmls["points"].value == ""
    view.label.value = "still works"                      # other controls keep working
    assert "still works" in view.htmls["label"].value and view.errors
    view.slope.value = 2
    assert view.errors == {} and view.message.value == ""
    assert view.figures["line"].axes[0].lines[0].get_ydata().tolist() == [0, 2, 4, 6, 8]


def test_an_unexpected_exception_is_reported_not_raised():
    view = Line()
    view.slope.value = 13
    assert view.errors["line"].startswith("unexpected ZeroDivisionError in line: unlucky")
    assert "view.last_traceback" in view.message.value
    assert "ZeroDivisionError: unlucky" in view.last_traceback


class Picker(View):
    """A toy view: a word list offers its words in a picker; a step shows the picked word."""

    name = "picker"

    def __init__(self) -> None:
        super().__init__()
        self.words = widgets.Text(value="a b c")
        self.pick = widgets.Dropdown()
        self.shown: list[str] = []
        self.bind(self.offer_words, self.words)
        self.bind(self.show, self.pick)
        self.arrange(self.words, self.pick)
        self.refresh()

    def offer_words(self) -> None:
        self.offer(self.pick, self.words.value.split())

    def show(self) -> None:
        self.shown.append(self.pick.value)


def test_new_options_keep_the_value_and_run_each_step_once():
    view = Picker()
    assert view.shown == ["a"]
    view.pick.value = "b"
    view.words.value = "x b y"                        # 'b' stays: nothing to show again
    assert view.pick.value == "b" and view.shown == ["a", "b"]
    view.words.value = "p q"                          # 'b' gone: the first word, shown once
    assert view.pick.value == "p" and view.shown == ["a", "b", "p"]


def test_message_is_html_escaped():
    view = Line()
    view.run(lambda: (_ for _ in ()).throw(PatternError("<b>no match</b> for 'x'")))
    assert "&lt;b&gt;no match&lt;/b&gt;" in view.message.value


def test_tables_show_the_first_rows_and_keep_all():
    view = Line()
    assert len(view.tables["label"]) == 50
    html = view.htmls["label"].value
    assert html.count("<tr") == TABLE_ROWS + 1           # header + shown rows
    assert f"first {TABLE_ROWS} of 50 rows; save table writes all" in html


def test_memo_recomputes_only_for_a_new_key():
    view, calls = Line(), []

    def compute(value: int) -> int:
        calls.append(value)
        return value * 2

    assert view.memo("double", 1, lambda: compute(1)) == 2
    assert view.memo("double", 1, lambda: compute(1)) == 2
    assert view.memo("double", 2, lambda: compute(2)) == 4
    assert calls == [1, 2]


def test_the_view_displays_as_its_widget():
    view = Line()
    bundle = view._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == view.widget.model_id
    assert view.message in view.widget.children and view.save.widget in view.widget.children


# --- saving ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("svg", b"<?xml")])
def test_save_figure_writes_the_chosen_format_reproducibly(tmp_path, fmt, magic):
    view = Line()
    view.save.folder.value = str(tmp_path / "out")
    view.save.format.value = fmt
    view.save.figure_button.click()
    path = tmp_path / "out" / f"line-line.{fmt}"
    assert view.save.status.value == f"saved {path}"
    first = path.read_bytes()
    assert first.startswith(magic)
    view.save.figure_button.click()
    assert path.read_bytes() == first


def test_save_table_writes_every_table_as_csv(tmp_path):
    view = Line()
    view.slope.value = 2
    view.save.folder.value = str(tmp_path)
    view.save.table_button.click()
    points = pd.read_csv(tmp_path / "line-points.csv")
    assert points["y"].tolist() == [0, 2, 4, 6, 8]
    assert len(pd.read_csv(tmp_path / "line-label.csv")) == 50
    assert "line-points.csv" in view.save.status.value and "line-label.csv" in view.save.status.value


def test_save_problems_appear_in_the_status_line(tmp_path):
    view = Line()
    view.save.folder.value = "  "
    view.save.figure_button.click()
    assert "name a folder to save into (the Folder box is empty)" in view.save.status.value
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    view.save.folder.value = str(blocker)
    view.save.table_button.click()
    assert 'class="framing-error"' in view.save.status.value
    view.slope.value = 0
    view.save.folder.value = str(tmp_path)
    view.save.figure_button.click()
    assert "no figure to save: fix the message above first" in view.save.status.value


# --- selection ------------------------------------------------------------------------------

@pytest.fixture
def docs() -> pd.DataFrame:
    return pd.DataFrame({"outlet": ["a", "b", "a", "c"],
                         "date": pd.to_datetime(["2022-01-01 00:00", "2022-02-01 15:30",
                                                 "2022-03-01 00:00", "2022-02-01 00:00"])})


def test_selection_starts_with_everything(docs):
    sel = Selection(docs)
    assert sel.outlets.options == ("a", "b", "c") and sel.outlets.value == ("a", "b", "c")
    assert (sel.start.value, sel.end.value) == (dt.date(2022, 1, 1), dt.date(2022, 3, 1))
    assert sel.rows().tolist() == [0, 1, 2, 3]


def test_selection_end_day_is_included_whole(docs):
    sel = Selection(docs)
    sel.end.value = dt.date(2022, 2, 1)
    assert sel.rows().tolist() == [0, 1, 3]
    sel.start.value = dt.date(2022, 2, 1)
    sel.outlets.value = ("b",)
    assert sel.rows().tolist() == [1]
    assert sel.key() == (("b",), dt.date(2022, 2, 1), dt.date(2022, 2, 1))


def test_selection_errors_say_what_to_change(docs):
    sel = Selection(docs)
    sel.outlets.value = ()
    with pytest.raises(CorpusError, match="no outlet selected: pick at least one in the Outlets list"):
        sel.rows()
    sel.outlets.value = ("c",)
    sel.start.value, sel.end.value = dt.date(2022, 3, 1), dt.date(2022, 1, 1)
    with pytest.raises(CorpusError,
                       match=r"the date range is empty: From \(2022-03-01\) is after To \(2022-01-01\)"):
        sel.rows()
    sel.end.value = dt.date(2022, 12, 31)
    with pytest.raises(CorpusError, match="no documents from c between 2022-03-01 and 2022-12-31: "
                                          "widen the date range or pick other outlets"):
        sel.rows()


def test_selection_without_outlets_has_only_dates(docs):
    sel = Selection(docs, outlets=False)
    assert sel.controls == (sel.start, sel.end)
    assert sel.outlets not in sel.widget.children


class Spy(Line):
    """A Line whose steps record the busy and stale marks they see while they run."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, bool, bool, bool]] = []
        super().__init__()

    def line(self) -> None:
        self.seen.append(("line", "framing-busy" in self.widget._dom_classes, "updating" in self.busy.value,
                          "framing-stale" in self.images["line"]._dom_classes))
        super().line()


def test_a_change_shows_the_busy_mark_and_fades_the_outputs_it_replaces_until_they_are_drawn():
    view = Spy()
    assert view.seen == [("line", True, True, False)]      # the first run: nothing drawn yet, so nothing stale
    view.slope.value = 4
    assert view.seen[-1] == ("line", True, True, True)
    assert "framing-busy" not in view.widget._dom_classes and view.busy.value == ""
    assert "framing-stale" not in view.images["line"]._dom_classes
    view.slope.value = 13                                  # a bug in the step: the marks still go
    assert "framing-busy" not in view.widget._dom_classes and "framing-stale" not in view.images["line"]._dom_classes
    view.label.value = "x"                                 # a control of another step: the line is not faded
    assert "framing-stale" not in view.htmls["points"]._dom_classes


def test_one_change_runs_each_bound_step_once_in_the_order_bound():
    class Two(View):
        name = "two"

        def __init__(self) -> None:
            super().__init__()
            self.x = widgets.IntText(value=1)
            self.order: list[str] = []
            self.bind(self.first, self.x)
            self.bind(self.second, self.x)
            self.arrange(self.x)
            self.refresh()

        def first(self) -> None:
            self.order.append("first")

        def second(self) -> None:
            self.order.append("second")

    view = Two()
    view.x.value = 2
    assert view.order == ["first", "second", "first", "second"]


def test_an_empty_or_half_typed_date_is_said_not_ignored(docs):
    import warnings

    from framing._infra.errors import FramingWarning

    sel = Selection(docs)
    sel.start.value = None                                 # what the picker reports for "2022-0"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = sel.rows()
    assert rows.tolist() == [0, 1, 2, 3]
    assert [str(w.message) for w in caught if w.category is FramingWarning] == [
        "From is empty or not a complete date (YYYY-MM-DD): using 2022-01-01, the first day of the documents"]


def test_the_first_build_shows_its_phases_then_each_step_on_a_progress_bar(monkeypatch):
    from framing.widgets import progress

    seen: list[tuple[int, int, str]] = []
    real = progress.BuildProgress.step

    def spy(bar, following=""):
        real(bar, following)
        seen.append((bar.done, bar.total, following))

    monkeypatch.setattr(progress.BuildProgress, "step", spy)

    class Built(Line):
        def __init__(self) -> None:
            View.__init__(self)
            self.begin("matrix")
            self.phase("drawing")
            self.slope, self.label = widgets.IntText(value=1), widgets.Text(value="a")
            self.calls = {"line": 0, "caption": 0}
            self.bind(self.line, self.slope)
            self.bind(self.caption, self.label)
            self.arrange(self.slope, self.label, figures=["line"], tables=["points", "label"])
            self.refresh()

    view = Built()
    assert seen == [(1, 1, "drawing"), (2, 3, "caption"), (3, 3, "")]
    assert view.calls == {"line": 1, "caption": 1} and view._bar is None
