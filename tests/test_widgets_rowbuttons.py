"""RowButtons: one widget model for any number of clickable rows (framing.widgets.rowbuttons)."""

from __future__ import annotations

import pytest
from ipywidgets.widgets.widget import _instances

from framing._infra.errors import ArgumentError
from framing.widgets.rowbuttons import RowButtons

ROWS = ["<b>Агресија</b> на Украјину", "&lt;script&gt;alert(1)&lt;/script&gt;", "x" * 5000]


def test_a_click_reaches_python_with_the_rows_index():
    rows, clicked = RowButtons(), []
    rows.on_click(clicked.append)
    rows.show(ROWS)
    rows._message(rows, {"event": "click", "index": 2}, [])     # what the page sends
    rows.click(0)
    assert clicked == [2, 0] and rows.html == ROWS


@pytest.mark.parametrize("content", [{"event": "click", "index": 3}, {"event": "click", "index": -1},
                                     {"event": "click", "index": "1"}, {"event": "other"}, "click", None])
def test_a_message_for_no_shown_row_or_of_another_shape_is_ignored(content):
    rows, clicked = RowButtons(), []
    rows.on_click(clicked.append)
    rows.show(ROWS)
    rows._message(rows, content, [])
    assert clicked == []


def test_clicking_a_row_not_shown_says_how_many_are():
    rows = RowButtons()
    rows.show(ROWS[:1])
    with pytest.raises(ArgumentError, match="there is no row 1: 1 rows are shown"):
        rows.click(1)


def test_any_number_of_rows_is_one_widget_model_and_its_layout():
    before = set(_instances)
    rows = RowButtons(label="open")
    rows.show([f"line {i}" for i in range(500)])
    assert set(_instances) - before == {rows.model_id, rows.layout.model_id}
