"""Byte-identical figure files: fixed style, fixed metadata, fixed fonts.

Matplotlib writes a creation date into PDF and SVG files, its version into PNG
metadata, and random ids into SVG; this module removes all three so that the same
figure drawn twice — in another process, on another day — gives the same bytes:

- the style is reset to matplotlib's defaults (a user's ``matplotlibrc`` is ignored),
  then :data:`framing.viz.style.RC` is applied: DejaVu Sans (shipped with matplotlib),
  TrueType fonts embedded in PDF (``pdf.fonttype = 42``), glyphs as paths in SVG,
  ``svg.hashsalt`` fixed;
- PDF: no ``CreationDate``; ``Creator``/``Producer`` fixed; SVG: no ``Date``;
  PNG: ``Software`` fixed;
- tables: CSV with ``\\n`` line ends, no index, floats to 10 significant digits.

>>> import pandas as pd
>>> fig = new_figure(width="single", aspect=0.5)
>>> _ = fig.add_subplot().plot([0, 1], [1, 0])
>>> freeze_layout(fig)
>>> figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
True
>>> csv_bytes(pd.DataFrame({"outlet": ["a"], "rate": [1 / 3]}))
b'outlet,rate\\na,0.3333333333\\n'
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.style
import pandas as pd
from matplotlib.figure import Figure

from framing._infra.hashing import sha256_file
from framing.viz import style

FORMATS = ("pdf", "svg", "png")
"""Image formats written for every figure."""
METADATA: dict[str, dict[str, Any]] = {
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "framing", "Producer": "framing"},
    "svg": {"Date": None, "Creator": "framing"},
    "png": {"Software": "framing"},
}
"""Metadata written into each format: nothing that changes between runs."""
RC_FIXED: dict[str, Any] = {"svg.hashsalt": "framing", "pdf.fonttype": 42, "svg.fonttype": "path"}
"""Settings that determinism depends on, kept here even if the journal style changes."""


@contextlib.contextmanager
def clean_style(**overrides: Any) -> Iterator[None]:
    """Matplotlib's defaults, then the journal style, then ``overrides``, inside a block."""
    with mpl.style.context("default"), style.journal(**RC_FIXED, **overrides):
        yield


def new_figure(*, width: str | float = "single", aspect: float = 0.62) -> Figure:
    """An empty figure of a journal width (no pyplot: nothing global is touched)."""
    return Figure(figsize=style.figure_size(width, aspect), layout="constrained")


def freeze_layout(fig: Figure) -> None:
    """Run the layout engine once and switch it off.

    Constrained layout is re-run at every save and need not reach the same positions
    twice; freezing it makes the PDF, SVG and PNG share one layout, and saving twice
    give the same bytes.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


def figure_bytes(fig: Figure, fmt: str, *, dpi: int = 300) -> bytes:
    """The figure saved as ``fmt`` ("pdf", "svg" or "png"), deterministically."""
    buffer = io.BytesIO()
    fixed: Any = RC_FIXED  # matplotlib's stubs want literal keys
    with mpl.rc_context(fixed):  # read at save time, so set here too
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=METADATA[fmt])
    return buffer.getvalue()


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A tidy table as UTF-8 CSV bytes: no index, ``\\n`` line ends, ``%.10g`` floats."""
    return table.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8")


def font_files() -> dict[str, str]:
    """The font files the journal style resolves to, by family, with their SHA-256.

    Paths inside matplotlib's own data folder are given relative to it (they ship with
    matplotlib, so the same version gives the same glyphs everywhere).
    """
    from matplotlib import font_manager

    with clean_style():
        families = mpl.rcParams["font.family"]
        out = {}
        for family in families:
            path = Path(font_manager.findfont(font_manager.FontProperties(family=family)))
            data = Path(mpl.get_data_path())
            label = f"matplotlib:{path.relative_to(data)}" if path.is_relative_to(data) else path.name
            out[family] = f"{label} sha256:{sha256_file(path)}"
    return out
