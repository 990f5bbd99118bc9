"""plot_agreement draws each concept's rate in originals and translations where the table puts them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure

from framing._infra.errors import ArgumentError
from framing.viz.plots.languages import plot_agreement


def table(**changes) -> pd.DataFrame:
    rows = pd.DataFrame({"group_a": ["uk"] * 3, "group_b": ["en"] * 3, "pattern": ["AGGRESSION", "INVASION", "NATO"],
                         "per_10k_a": [9.0, 12.0, 0.0], "per_10k_a_lo": [7.0, 10.0, 0.0],
                         "per_10k_a_hi": [11.5, 14.0, 0.0],
                         "per_10k_b": [8.0, 18.5, 0.0], "per_10k_b_lo": [6.0, 16.0, 0.0],
                         "per_10k_b_hi": [10.0, 21.0, 0.0], "retention": [8 / 9, 18.5 / 12, np.nan]})
    return rows.assign(**changes)


def axes():
    return Figure().add_subplot()


def drawn(ax) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The interval segments and the dot positions of each side, in drawing order (originals first)."""
    lines = [c.get_segments() for c in ax.collections if isinstance(c, LineCollection)]
    dots = [c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)]
    return lines, dots


def test_dots_and_intervals_sit_at_the_rates_of_each_side():
    ax = plot_agreement(table(), ax=axes())
    lines, dots = drawn(ax)
    assert len(lines) == 2 and len(dots) == 2
    for side, segments, offsets, shift in (("a", lines[0], dots[0], -0.13), ("b", lines[1], dots[1], 0.13)):
        rows = table()
        np.testing.assert_allclose(offsets[:, 0], rows[f"per_10k_{side}"])
        np.testing.assert_allclose(offsets[:, 1], np.arange(3) + shift)
        np.testing.assert_allclose([s[0][0] for s in segments], rows[f"per_10k_{side}_lo"])
        np.testing.assert_allclose([s[1][0] for s in segments], rows[f"per_10k_{side}_hi"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["AGGRESSION", "INVASION", "NATO"]
    assert ax.get_ylim()[0] > ax.get_ylim()[1], "the first row is at the top"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["originals (uk)", "translations (en)"]
    assert ax.get_xlim()[0] == 0


def test_the_right_axis_gives_the_retention():
    ax = plot_agreement(table(), ax=axes())
    right = ax.child_axes[0]
    labels = [t.get_text() for t in right.yaxis.get_ticklabels()]
    assert labels == ["×0.89", "×1.54", "–"]
    assert right.get_ylabel() == "retention"
    assert not plot_agreement(table().drop(columns="retention"), ax=axes()).child_axes


def test_intervals_without_replicates_are_not_drawn():
    nan = [np.nan] * 3
    ax = plot_agreement(table(per_10k_a_lo=nan, per_10k_a_hi=nan, per_10k_b_lo=nan, per_10k_b_hi=nan), ax=axes())
    lines, dots = drawn(ax)
    assert [len(segments) for segments in lines] == [0, 0]
    np.testing.assert_allclose(dots[1][:, 0], [8.0, 18.5, 0.0])


@pytest.mark.parametrize(("data", "message"), [
    (table().drop(columns=["per_10k_b_lo"]),
     "plot_agreement needs the columns ['per_10k_b_lo'] (dictionary_agreement output); the table has"),
    (table().iloc[:0], "plot_agreement: the table has no rows"),
    (pd.concat([table(), table(group_b="ru")]),
     "plot_agreement draws one comparison; the table has 2 pairs of sides — filter it, e.g. table[table.group_b == "
     "'en']"),
])
def test_bad_tables_are_named(data: pd.DataFrame, message: str):
    with pytest.raises(ArgumentError) as error:
        plot_agreement(data, ax=axes())
    assert str(error.value).startswith(message)
