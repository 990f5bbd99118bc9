"""One place for the look of every figure: fonts, sizes, colours per outlet.

Sizes follow common journal columns (single 3.5 in, double 7.2 in). Colours come from
the Okabe–Ito palette (safe for colour-blind readers); each outlet also gets a marker and
a line style, so figures stay readable in greyscale. Known outlets of the demo corpus
have fixed colours; other outlets get palette colours in sorted-name order, so the same
outlets always get the same colours.

>>> from framing.viz import style
>>> style.outlet_style(["kremlin.ru", "whitehouse.gov"])["kremlin.ru"]["color"]
'#D55E00'
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

import matplotlib as mpl

SINGLE_COLUMN = 3.5
"""Width in inches of a single-column figure."""
DOUBLE_COLUMN = 7.2
"""Width in inches of a double-column figure."""

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)), (0, (5, 5)))

KNOWN_OUTLETS = {
    "kremlin.ru": 5,          # vermilion
    "president.gov.ua": 4,    # blue
    "whitehouse.gov": 2,      # bluish green
    "UN General Debate": 7,   # black
}

RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.5,
    "lines.linewidth": 1.2,
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "savefig.bbox": "standard",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "framing",
    "path.simplify": True,
    # Unhinted glyphs keep text the same size in inches at every dpi: the layout, computed once at
    # figure.dpi, then fits the 100-dpi screen image, the 300-dpi PNG and the PDF alike (hinted, a long
    # tick label is 6% wider at 110 dpi than at 150 and its first letters fall off the saved figure).
    "text.hinting": "none",
}
"""Matplotlib settings applied by :func:`journal`; fonts embedded as TrueType in PDF."""


def outlet_style(outlets: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Colour, marker and line style for each outlet, stable across figures.

    Known outlets keep their palette slot; the others take free slots in sorted order
    (cycling when there are more than eight).
    """
    names = sorted(set(outlets))
    taken = {KNOWN_OUTLETS[n] for n in names if n in KNOWN_OUTLETS}
    free = [i for i in range(len(OKABE_ITO)) if i not in taken and i != 3] or list(range(len(OKABE_ITO)))
    out: dict[str, dict[str, Any]] = {}
    k = 0
    for name in names:
        if name in KNOWN_OUTLETS:
            slot = KNOWN_OUTLETS[name]
        else:
            slot = free[k % len(free)]
            k += 1
        out[name] = {"color": OKABE_ITO[slot], "marker": MARKERS[slot], "linestyle": LINESTYLES[slot]}
    return out


def figure_size(width: str | float = "single", aspect: float = 0.62) -> tuple[float, float]:
    """(width, height) in inches: ``"single"``, ``"double"`` or a width in inches."""
    w = {"single": SINGLE_COLUMN, "double": DOUBLE_COLUMN}.get(width, width)  # type: ignore[arg-type]
    return float(w), float(w) * aspect


@contextlib.contextmanager
def journal(**overrides: Any) -> Iterator[None]:
    """Apply :data:`RC` (plus overrides) inside a ``with`` block."""
    rc: Any = {**RC, **overrides}  # matplotlib's stubs want literal keys; these come from RC
    with mpl.rc_context(rc):
        yield
