"""The pick table as a data grid, headless: header sorts, the filter box, pages, and picks after all three.

The fixture is messy on purpose — Serbian in Cyrillic and Latin, Russian, HTML debris and a
``<script>``, 60-character junk tokens, empty cells, NaN and NaT, ties that differ only in case —
and every expectation is computed here without the code under test: orders by Python's stable
``sorted`` with a key written here (NFKC, case fold, Serbian Cyrillic by ``cyrtranslit``), counts
by looping over the rows, the shown text by un-escaping the rows' HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata

import cyrtranslit
import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from test_widgets import synthetic_corpus

from framing._infra.errors import ArgumentError
from framing.widgets.keyness import KeynessExplorer, KeynessOptions
from framing.widgets.picktable import PickTable, folded, shown_text

JUNK = "xQ9" * 20
WORDS = ["War", "war", "WAR", "Агресија", "agresija", "Agresija", "aggression", "вторжение", "<b>bold</b>",
         "<script>alert('x')</script>", JUNK, "**Invasion**", "[link](http://x.test)", "Ñandú", "", None,
         "Љубљана", "ljubljana", "&amp; co", "z"]
PAGE = 7


def messy(n: int = 95, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    score = rng.normal(size=n).round(2) * 10
    score[rng.choice(n, size=9, replace=False)] = np.nan
    dates = pd.Series(pd.to_datetime("2022-01-01") + pd.to_timedelta(rng.integers(0, 400, size=n), unit="D"))
    dates[rng.choice(n, size=5, replace=False)] = pd.NaT
    return pd.DataFrame({
        "term": [WORDS[i] for i in rng.integers(0, len(WORDS), size=n)],
        "outlet": rng.choice(["rts.rs", "ria.ru", "kyiv.ua", "<i>x</i>.org"], size=n),
        "count": rng.integers(0, 6, size=n),
        "score": score,
        "date": dates,
        "hidden": "not shown",
    })


COLUMNS = ["term", "outlet", "count", "score", "date"]


def key(text: str) -> str:
    """How the table should compare text: NFKC, case fold, Serbian Cyrillic in Latin letters."""
    return unicodedata.normalize("NFC", cyrtranslit.to_latin(unicodedata.normalize("NFKC", text).casefold(), "sr"))


def cell(value) -> str:
    """A cell as it should be shown."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def expected_order(table: pd.DataFrame, column: str, ascending: bool) -> list[int]:
    """Row positions sorted by ``column`` (Python's stable sort), missing cells last in their table order."""
    values = table[column].tolist()
    text = column in ("term", "outlet")
    present = [i for i, v in enumerate(values) if (cell(v) != "" if text else not pd.isna(v))]
    missing = [i for i in range(len(values)) if i not in present]
    by = (lambda i: key(cell(values[i]))) if text else (lambda i: values[i])
    return sorted(present, key=by, reverse=not ascending) + missing


def shown(table: PickTable) -> list[list[str]]:
    """The cells of the visible rows, as the browser shows them (tags taken out, entities un-escaped)."""
    return [[html.unescape(c) for c in re.findall(r"<span[^>]*>(.*?)</span>", r)] for r in table.rows.html]


@pytest.fixture
def grid() -> PickTable:
    table = PickTable(rows=PAGE, label="lines")
    table.show(messy(), columns=COLUMNS, caption="a messy table")
    return table


def sorter(table: PickTable, column: str) -> widgets.Button:
    return next(b for b in table.sorters if b.tooltip == f"sort by {column}")


# --- sorting ------------------------------------------------------------------------------------
@pytest.mark.parametrize("column", COLUMNS)
def test_a_header_click_sorts_and_a_second_reverses(grid, column):
    data = messy()
    sorter(grid, column).click()
    assert grid.order.tolist() == expected_order(data, column, ascending=True)
    assert sorter(grid, column).description == f"{column} ▲"
    assert [r[COLUMNS.index(column)] for r in shown(grid)] == [cell(data.at[i, column]) for i in grid.order[:PAGE]]
    sorter(grid, column).click()
    assert grid.order.tolist() == expected_order(data, column, ascending=False)
    assert sorter(grid, column).description == f"{column} ▼"
    assert all(sorter(grid, c).description == c for c in COLUMNS if c != column)


def test_missing_cells_come_last_in_both_directions(grid):
    data = messy()
    for ascending in (True, False):
        grid.sort_by("score", ascending=ascending)
        tail = grid.order[-int(data["score"].isna().sum()):]
        assert data["score"].iloc[tail].isna().all()
        assert tail.tolist() == sorted(tail.tolist())              # in table order
        grid.sort_by("term", ascending=ascending)
        empty = [i for i, v in enumerate(data["term"]) if cell(v) == ""]
        assert grid.order[-len(empty):].tolist() == empty


def test_cyrillic_and_latin_serbian_sort_together_and_case_ties_keep_table_order():
    table = PickTable(rows=10)
    table.show(pd.DataFrame({"term": ["z", "Љубљана", "WAR", "agresija", "b", "Агресија", "war", "Ljubljana",
                                      "aggression", "Agresija"]}))
    table.sort_by("term")
    # by hand: aggression < agresija (three spellings, in table order) < b < ljubljana (two) < war (two) < z
    assert table.shown["term"].tolist() == ["aggression", "agresija", "Агресија", "Agresija", "b", "Љубљана",
                                            "Ljubljana", "WAR", "war", "z"]
    table.sort_by("term", ascending=False)
    assert table.shown["term"].tolist() == ["z", "WAR", "war", "Љубљана", "Ljubljana", "b", "agresija", "Агресија",
                                            "Agresija", "aggression"]


def test_the_fold_is_the_concordances_fold():
    from framing.corpus.text.normalise import fold

    text = pd.Series([w for w in WORDS if w is not None] + ["ﬁnal", "ΣΊΣΥΦΟΣ", "Straße"])
    assert folded(text).tolist() == [fold(t, "sr") for t in text] == [key(t) for t in text]


def test_shown_text_is_each_cell_as_shown():
    data = messy()
    for column in COLUMNS:
        assert shown_text(data[column]).tolist() == [cell(v) for v in data[column]]


# --- filtering ----------------------------------------------------------------------------------
@pytest.mark.parametrize("needle", ["war", "АГРЕСИЈА", "agresija", "<b>", "script", "q9xq", "ia.r", "2022-0", "1",
                                    "&amp;", "ljublj"])
def test_the_filter_keeps_the_rows_with_the_text_in_a_shown_cell(grid, needle):
    data = messy()
    expected = [i for i in range(len(data)) if any(key(needle) in key(cell(data.at[i, c])) for c in COLUMNS)]
    grid.filter.value = needle
    assert grid.order.tolist() == expected
    assert grid.filter_error is None
    assert f"{len(expected)} of {len(data)} rows match" in grid.caption.value
    assert grid.pager.label.value == (f"rows 1–{min(PAGE, len(expected))} of {len(expected)}" if expected
                                      else "no rows")


def test_a_hidden_column_is_not_searched(grid):
    grid.filter.value = "not shown"
    assert len(grid.order) == 0 and grid.pager.label.value == "no rows"


def test_column_and_number_filters(grid):
    data = messy()
    grid.filter.value = "Outlet: RIA"
    assert grid.order.tolist() == [i for i in range(len(data)) if "ria" in data.at[i, "outlet"]]
    grid.filter.value = "score >= 2.5"
    assert grid.order.tolist() == [i for i, v in enumerate(data["score"]) if not pd.isna(v) and v >= 2.5]
    grid.filter.value = "count=3"
    assert grid.order.tolist() == [i for i, v in enumerate(data["count"]) if v == 3]
    grid.filter.value = "http://x.test"                         # "http" is not a column: plain text
    assert grid.order.tolist() == [i for i, t in enumerate(data["term"]) if t == "[link](http://x.test)"]


@pytest.mark.parametrize(("text", "message"), [
    ("term>3", "term is not a column of numbers, so > cannot compare it: write term:3"),
    ("score<abc", "score< needs a number after <, such as score<3 or score<0.5 (got 'abc')"),
    ("score>", "score> needs a number after >"),
])
def test_a_filter_that_cannot_apply_is_said_and_every_row_stays(grid, text, message):
    data = messy()
    grid.filter.value = text
    assert message in grid.filter_error
    assert "framing-pick-filter-error" in grid.caption.value and html.escape(message) in grid.caption.value
    assert grid.order.tolist() == list(range(len(data)))
    assert grid.pager.label.value == f"rows 1–{PAGE} of {len(data)}"
    sorter(grid, "count").click()                               # still usable
    assert grid.order.tolist() == expected_order(data, "count", ascending=True)
    grid.filter.value = "score>0"
    assert grid.filter_error is None and "framing-pick-filter-error" not in grid.caption.value


# --- pages and picks ----------------------------------------------------------------------------
def test_pages_cover_every_row_that_passes(grid):
    data = messy()
    rows = grid.rows
    n = len(data)
    assert grid.pager.buttons["first"].disabled and grid.pager.buttons["prev"].disabled
    seen = []
    for page in range(-(-n // PAGE)):
        assert grid.pager.page == page
        first = page * PAGE
        assert grid.pager.label.value == f"rows {first + 1}–{min(first + PAGE, n)} of {n}"
        seen += shown(grid)
        grid.pager.buttons["next"].click()
    assert seen == [[cell(data.at[i, c]) for c in COLUMNS] for i in range(n)]
    assert grid.pager.buttons["next"].disabled and grid.pager.buttons["last"].disabled
    grid.pager.buttons["first"].click()
    assert grid.pager.page == 0 and grid.rows is rows and len(rows.html) == PAGE


def test_a_pick_after_sort_filter_and_page_is_the_row_shown_there(grid):
    data = messy()
    picked = []
    grid.on_pick(picked.append)
    grid.sort_by("score", ascending=False)
    grid.filter.value = "a"
    passing = [i for i in range(len(data)) if any("a" in key(cell(data.at[i, c])) for c in COLUMNS)]
    order = [i for i in expected_order(data, "score", ascending=False) if i in passing]
    grid.pager.buttons["next"].click()
    grid.rows.click(3)
    assert picked[-1].name == order[PAGE + 3]
    pd.testing.assert_series_equal(picked[-1], data.iloc[order[PAGE + 3]])
    assert shown(grid)[3] == [cell(data.at[order[PAGE + 3], c]) for c in COLUMNS]
    grid.pager.buttons["last"].click()
    last = (len(order) - 1) % PAGE
    grid.pick(last)
    assert picked[-1].name == order[-1]
    with pytest.raises(ArgumentError, match=f"there is no row {last + 1}: the page shows {last + 1}"):
        grid.pick(last + 1)


def test_a_new_table_keeps_the_sort_and_the_filter_and_starts_on_page_one(grid):
    grid.sort_by("count", ascending=False)
    grid.filter.value = "war"
    grid.pager.buttons["next"].click()
    other = messy(seed=11)
    grid.show(other, columns=COLUMNS)
    passing = [i for i in range(len(other)) if any(key("war") in key(cell(other.at[i, c])) for c in COLUMNS)]
    assert grid.order.tolist() == [i for i in expected_order(other, "count", ascending=False) if i in passing]
    assert grid.pager.page == 0
    grid.show(other, columns=["term", "score"])                 # the sorted column is gone: the table's order
    assert grid.sort_column is None and [s.description for s in grid.header.children] == ["term", "score"]


def test_a_given_order_is_marked_and_a_click_on_it_reverses(grid):
    data = messy().sort_values("score", ascending=False, kind="stable")
    grid.show(data, columns=COLUMNS, order=("score", False))
    assert sorter(grid, "score").description == "score ▼" and grid.order.tolist() == list(range(len(data)))
    sorter(grid, "score").click()
    assert grid.sort_column == "score" and grid.ascending
    assert grid.order.tolist() == expected_order(data.reset_index(drop=True), "score", ascending=True)


def test_a_hundred_thousand_rows_cost_no_more_widgets():
    rng = np.random.default_rng(0)
    big = pd.DataFrame({"term": [f"t{i}" for i in rng.integers(0, 50_000, size=100_000)],
                        "value": rng.normal(size=100_000)})
    table = PickTable(rows=10)
    table.show(big.head(5))
    before = (table.rows, list(table.sorters))
    table.show(big)
    table.sort_by("value", ascending=False)
    assert table.order.tolist() == np.argsort(-big["value"].to_numpy(), kind="stable").tolist()
    table.filter.value = "term:t4999"
    assert table.order.tolist() == [i for i in np.argsort(-big["value"].to_numpy(), kind="stable")
                                    if big.at[i, "term"].startswith("t4999")]
    assert table.rows is before[0] and table.sorters == before[1]


def test_clear_shows_nothing(grid):
    grid.clear()
    assert shown(grid) == [] and grid.caption.value == "" and grid.header.children == ()
    assert grid.bar.layout.display == "none"


# --- the keyness view's own order ---------------------------------------------------------------
def test_keyness_dropdown_orders_what_is_saved_and_drops_the_header_sort():
    view = KeynessExplorer(synthetic_corpus(per_outlet=4), options=KeynessOptions(min_freq=2, n=5))
    grid, saved = view.picks["keyness"], view.tables["keyness"]
    assert sorter(grid, "log_odds_z").description == "log_odds_z ▼"    # the measure's order, marked
    sorter(grid, "term").click()
    grid.filter.value = "e"
    pd.testing.assert_frame_equal(view.tables["keyness"], saved)        # what is saved is the whole table
    assert grid.shown["term"].tolist() == sorted((t for t in saved["term"] if "e" in t), key=key)
    view.sort.value = "count_a"
    assert grid.sort_column is None and sorter(grid, "count_a").description == "count_a ▼"
    assert grid.shown["count_a"].tolist() == sorted((c for c, t in zip(saved["count_a"], saved["term"], strict=True)
                                                     if "e" in t), reverse=True)


def test_a_bug_in_a_click_is_said_in_the_caption_not_raised(grid, monkeypatch):
    def broken() -> None:
        raise KeyError("boom")

    monkeypatch.setattr(grid, "_sorted", broken)
    sorter(grid, "term").click()
    assert "unexpected KeyError: &#x27;boom&#x27; (a bug" in grid.caption.value
    assert "KeyError" in grid.last_traceback
