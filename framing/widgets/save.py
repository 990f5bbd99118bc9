"""The save panel of a view: its figures (PNG, PDF or SVG) and tables (CSV) into a folder.

Files are named ``<view>-<output>.<ext>`` (``terms-rates.pdf``, ``keyness-keyness.csv``)
and written atomically, so a failed save never leaves half a file. Figures and tables
are written by :mod:`framing.viz.render`, like the figures of the paper pipeline:
300 dpi, no dates or version stamps, so saving the same view twice gives the same bytes.
A problem (no folder named, a folder that cannot be written) appears in the panel's
status line.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from framing._infra.atomic import write_bytes
from framing._infra.errors import FramingError
from framing.viz.render import clean_style, csv_bytes, figure_bytes


class View(Protocol):
    """What the panel saves of a view (:class:`framing.widgets.base.View` has it)."""

    @property
    def name(self) -> str: ...

    figures: dict[str, Figure]
    tables: dict[str, pd.DataFrame]

FORMATS = ("png", "pdf", "svg")
"""Figure formats offered by the panel."""


class SavePanel:
    """Folder box, format picker, "Save figure" and "Save table" buttons of a view."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.folder = widgets.Text(value="framing-output", description="Folder",
                                   placeholder="folder for saved files")
        self.format = widgets.Dropdown(options=FORMATS, value="png", description="Format",
                                       layout=widgets.Layout(width="160px"))
        self.figure_button = widgets.Button(description="Save figure", icon="image")
        self.table_button = widgets.Button(description="Save table", icon="table")
        self.status = widgets.HTML().add_class("framing-saved")
        self.figure_button.on_click(lambda _b: self._report(self.save_figures))
        self.table_button.on_click(lambda _b: self._report(self.save_tables))
        self.widget = widgets.VBox([widgets.HBox([self.folder, self.format, self.figure_button,
                                                  self.table_button]), self.status])

    def _target(self) -> Path:
        folder = self.folder.value.strip()
        if not folder:
            raise FramingError("name a folder to save into (the Folder box is empty)")
        return Path(folder).expanduser()

    def save_figures(self) -> list[Path]:
        """Save every current figure of the view; returns the files written."""
        if not self.view.figures:
            raise FramingError("no figure to save: fix the message above first")
        folder, fmt = self._target(), self.format.value
        with clean_style():
            return [write_bytes(folder / f"{self.view.name}-{key}.{fmt}", figure_bytes(fig, fmt))
                    for key, fig in self.view.figures.items()]

    def save_tables(self) -> list[Path]:
        """Save every current table of the view as UTF-8 CSV; returns the files written."""
        if not self.view.tables:
            raise FramingError("no table to save: fix the message above first")
        folder = self._target()
        return [write_bytes(folder / f"{self.view.name}-{key}.csv", csv_bytes(table))
                for key, table in self.view.tables.items()]

    def _report(self, action: Callable[[], list[Path]]) -> None:
        try:
            paths = action()
        except (FramingError, OSError) as exc:
            self.status.value = ('<span class="framing-error" style="color:#B00020">'
                                 f"&#9888; {html.escape(str(exc))}</span>")
        else:
            names = ", ".join(html.escape(str(p)) for p in paths)
            self.status.value = f"saved {names}"
