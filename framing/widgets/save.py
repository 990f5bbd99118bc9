"""The save panel of a view: figures and tables into files named from the view's state, the code
that reproduces the view, figure config entries, and downloads.

**Saving.** "Save figure" writes every current figure (PNG, PDF or SVG), "Save table" every
current table (UTF-8 CSV, all rows) into the Folder, rendered by :mod:`framing.viz.render`
like the paper's figures (300 dpi, no dates or version stamps: the same view gives the same
bytes). A file is named by :func:`framing.widgets.recipe.file_stem` from ``view.state()``
(``rates_invasion_kremlin.ru_2022-01..2022-04.pdf``; ``<view>-<output>.png`` for views without
a state) and is never overwritten: when the name holds other bytes, ``…-2.pdf`` (then ``-3``,
…) is written instead, and the status line says which name was taken; when it holds the same
bytes nothing is written and the status says "unchanged". A file is created atomically and
only if its name is free at that moment (a hard link of the finished temporary file; where
the file system has no hard links, checked just before the rename).

**Copy code** (views with a recipe: terms, keyness, topics) shows the framing calls that
reproduce the view (:func:`framing.widgets.code.code_for`) in a read-only box and copies them
to the clipboard (:class:`framing.widgets.clipboard.Clipboard`).

**Add to figures config** appends an entry per figure that a figure kind draws
(:func:`framing.widgets.recipe.figure_entries`) to the TOML config named in the Config box
(``figures.toml``, relative to the Folder; made with a title if absent), for ``framing figures``.

**Downloads.** After each save the panel offers every file as a link (``<a download>`` with a
``data:`` URL, class ``framing-download``), up to :data:`MAX_DOWNLOAD` bytes in all. In Voilà
(the kernel has ``VOILA_KERNEL_ID`` set) the server's folders are not the user's: the panel
hides the Folder and Config boxes, and its buttons offer downloads instead of writing files
("Add to figures config" offers a ``figures.toml`` with the entries).

A problem (no folder named, a folder that cannot be written, nothing to save) appears in the
status line; the next action that succeeds, or :meth:`SavePanel.outputs_changed`, clears it.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from framing._infra.atomic import atomic_path
from framing._infra.errors import FramingError
from framing.viz.render import clean_style, csv_bytes, figure_bytes
from framing.widgets.clipboard import Clipboard
from framing.widgets.code import code_for
from framing.widgets.recipe import (
    VIEW_NAMES,
    VIEWS,
    add_to_config,
    append_entries,
    figure_entries,
    file_stem,
    new_config,
)


class View(Protocol):
    """What the panel saves of a view (:class:`framing.widgets.base.View` has it); a view with a
    recipe also has ``state() -> dict`` (:mod:`framing.widgets.recipe`)."""

    @property
    def name(self) -> str: ...

    figures: dict[str, Figure]
    tables: dict[str, pd.DataFrame]

FORMATS = ("png", "pdf", "svg")
"""Figure formats offered by the panel."""
MIME = {"png": "image/png", "pdf": "application/pdf", "svg": "image/svg+xml", "csv": "text/csv",
        "toml": "application/toml"}
"""Media type of each file suffix, for download links."""
MAX_VERSIONS = 1000
"""Most versions of one file name (``name.pdf``, ``name-2.pdf``, ...) the panel writes into a folder."""
MAX_DOWNLOAD = 20_000_000
"""Most bytes offered as download links after one action (they travel to the page as base64)."""


@dataclasses.dataclass(frozen=True)
class Saved:
    """One file of a save: its name and bytes, where it is (``None``: offered as a download only),
    whether it was written now (``False``: the same bytes were there already) and the name it
    would have had when that one was taken by other bytes (``""`` otherwise)."""

    name: str
    data: bytes
    path: Path | None = None
    written: bool = False
    taken: str = ""


def in_voila() -> bool:
    """Whether this kernel runs a notebook for Voilà (which sets ``VOILA_KERNEL_ID``)."""
    return "VOILA_KERNEL_ID" in os.environ


class _Taken(Exception):
    """The name was taken while the file was being written."""


def _create(path: Path, data: bytes) -> bool:
    """Write ``data`` to a new file ``path``, atomically; ``False`` (nothing written) when ``path`` exists."""
    try:
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
            try:
                os.link(tmp, path)  # atomic, and fails when the name exists: never replaces a file
            except FileExistsError:
                raise _Taken from None
            except OSError:  # no hard links here (FAT, some network shares): check, then rename
                if os.path.lexists(path):
                    raise _Taken from None
    except _Taken:
        return False
    return True


def write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Saved:
    """Write ``data`` to ``folder/stem.suffix`` or, when that holds other bytes, to ``stem-2.suffix``,
    ``stem-3.suffix``, ...: the first name that is free or holds the same bytes (then nothing is written).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> [(s.name, s.written) for s in (write_new(folder, "rates", "csv", b) for b in (b"a", b"b", b"a"))]
    [('rates.csv', True), ('rates-2.csv', True), ('rates.csv', False)]
    """
    first = f"{stem}.{suffix}"
    for n in range(1, MAX_VERSIONS + 1):
        path = folder / (first if n == 1 else f"{stem}-{n}.{suffix}")
        if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return Saved(path.name, data, path, written=False)
        if not os.path.lexists(path) and _create(path, data):
            return Saved(path.name, data, path, written=True, taken="" if n == 1 else first)
    raise FramingError(f"{folder} holds {MAX_VERSIONS} versions of {first} already: save into another folder")


def download_links(files: list[Saved]) -> str:
    """HTML links that download ``files`` from ``data:`` URLs; a message instead when they are too large."""
    total = sum(len(f.data) for f in files)
    if total > MAX_DOWNLOAD:
        return (f"<i>{total / 1e6:.1f} MB is too much to offer as downloads here (at most "
                f"{MAX_DOWNLOAD / 1e6:.0f} MB): take the files from the folder, or save PNG instead of SVG</i>")
    links = []
    for f in files:
        mime = MIME.get(f.name.rsplit(".", 1)[-1], "application/octet-stream")
        url = f"data:{mime};base64,{base64.b64encode(f.data).decode('ascii')}"
        name = html.escape(f.name, quote=True)
        links.append(f'<a class="framing-download" download="{name}" href="{url}">&#8681; {name}</a> '
                     f"({len(f.data) / 1024:,.0f} kB)")
    return "download: " + " &middot; ".join(links) if links else ""


class SavePanel:
    """Folder, format, save buttons, "Copy code" and "Add to figures config" of a view.

    Args:
        view: the view whose outputs are saved.
        downloads_only: offer downloads instead of writing files (default: when running in Voilà).
    """

    def __init__(self, view: View, *, downloads_only: bool | None = None) -> None:
        self.view = view
        self.downloads_only = in_voila() if downloads_only is None else downloads_only
        verb = "Download" if self.downloads_only else "Save"
        self.folder = widgets.Text(value="framing-output", description="Folder",
                                   placeholder="folder for saved files")
        self.format = widgets.Dropdown(options=FORMATS, value="png", description="Format",
                                       layout=widgets.Layout(width="160px"))
        self.figure_button = widgets.Button(description=f"{verb} figure", icon="image")
        self.table_button = widgets.Button(description=f"{verb} table", icon="table")
        self.config = widgets.Text(value="figures.toml", description="Config",
                                   placeholder="figure config (.toml)", layout=widgets.Layout(width="280px"))
        self.config_button = widgets.Button(description="Add to figures config", icon="plus",
                                            layout=widgets.Layout(width="200px")).add_class("framing-add-figure")
        self.clipboard = Clipboard(self._provide_code, layout=widgets.Layout(width="100%"))
        self.status = widgets.HTML().add_class("framing-saved")
        self.downloads = widgets.HTML().add_class("framing-download")
        self.figure_button.on_click(lambda _b: self._report(lambda: self._files(self.save_figures())))
        self.table_button.on_click(lambda _b: self._report(lambda: self._files(self.save_tables())))
        self.config_button.on_click(lambda _b: self._report(self._add))
        where = [] if self.downloads_only else [self.folder]
        rows: list[widgets.Widget] = [widgets.HBox([*where, self.format, self.figure_button, self.table_button])]
        if self.has_recipe:  # the code box below takes the whole width
            rows += [widgets.HBox([self.config_button, *([] if self.downloads_only else [self.config])]),
                     self.clipboard]
        self.widget = widgets.VBox([*rows, self.status, self.downloads])

    @property
    def has_recipe(self) -> bool:
        """Whether the view can give its code and config entries (terms, keyness, topics with ``state()``)."""
        return self.view.name in VIEWS and callable(getattr(self.view, "state", None))

    def state(self) -> Mapping[str, Any]:
        """The view's state (``{}`` for a view without ``state()``: files keep ``<view>-<output>`` names)."""
        state = getattr(self.view, "state", None)
        return dict(state()) if callable(state) else {}

    def _target(self) -> Path:
        folder = self.folder.value.strip()
        if not folder:
            raise FramingError("name a folder to save into (the Folder box is empty)")
        return Path(folder).expanduser()

    def _deliver(self, files: list[tuple[str, str, bytes]]) -> list[Saved]:
        """``(stem, suffix, bytes)`` files written into the folder, or kept for download only."""
        if self.downloads_only:
            return [Saved(f"{stem}.{suffix}", data) for stem, suffix, data in files]
        folder = self._target()
        return [write_new(folder, stem, suffix, data) for stem, suffix, data in files]

    def save_figures(self) -> list[Saved]:
        """Save every current figure of the view in the chosen format; returns the files."""
        if not self.view.figures:
            raise FramingError("no figure to save: fix the message above first")
        fmt, state = self.format.value, self.state()
        with clean_style():
            files = [(file_stem(self.view.name, key, state), fmt, figure_bytes(fig, fmt))
                     for key, fig in self.view.figures.items()]
        return self._deliver(files)

    def save_tables(self) -> list[Saved]:
        """Save every current table of the view as UTF-8 CSV (all rows); returns the files."""
        if not self.view.tables:
            raise FramingError("no table to save: fix the message above first")
        state = self.state()
        return self._deliver([(file_stem(self.view.name, key, state), "csv", csv_bytes(table))
                              for key, table in self.view.tables.items()])

    def copy_code(self) -> str:
        """The code that reproduces the view (:func:`framing.widgets.code.code_for`)."""
        if not self.has_recipe:
            raise FramingError(f"the {self.view.name} view has no code to copy: only the {VIEW_NAMES} views have one")
        return code_for(self.view.name, self.state())

    def add_figures(self) -> tuple[Path | None, list[tuple[str, bool]], tuple[str, ...]]:
        """Append the view's figures to the figure config; returns the config (``None``: offered
        as a download), ``(name, added)`` per entry and the outputs that no figure kind draws."""
        if not self.has_recipe:
            raise FramingError(f"the {self.view.name} view has no figure config entries: only the {VIEW_NAMES} "
                               "views have them")
        found = figure_entries(self.view.name, self.state())
        if self.downloads_only:
            text, names = append_entries(new_config(), found.entries, folder=Path.cwd())
            self.downloads.value = download_links([Saved("figures.toml", text.encode("utf-8"))])
            return None, names, found.missing
        return self._config_path(), add_to_config(self._config_path(), found.entries), found.missing

    def _config_path(self) -> Path:
        name = self.config.value.strip()
        if not name:
            raise FramingError("name the figure config to add to (the Config box is empty), e.g. figures.toml")
        path = Path(name).expanduser()
        return path if path.is_absolute() else self._target() / path

    def outputs_changed(self) -> None:
        """Clear an error in the status line: the view's outputs changed, so it may no longer hold."""
        if "framing-error" in self.status.value:
            self.status.value = ""

    # --- status line ----------------------------------------------------------------------
    def _files(self, files: list[Saved]) -> str:
        self.downloads.value = download_links(files)
        if self.downloads_only:
            return "ready to download: " + ", ".join(html.escape(f.name) for f in files)
        new = [html.escape(str(f.path)) + (f" ({html.escape(f.taken)} exists: not overwritten)" if f.taken else "")
               for f in files if f.written]
        same = [html.escape(str(f.path)) for f in files if not f.written]
        return "; ".join(([f"saved {', '.join(new)}"] if new else []) +
                         ([f"unchanged, already saved: {', '.join(same)}"] if same else []))

    def _add(self) -> str:
        path, names, missing = self.add_figures()
        added = [f"[figures.{n}]" for n, new in names if new]
        there = [f"[figures.{n}]" for n, new in names if not new]
        where = str(path) if path is not None else "figures.toml (download it below)"
        parts = [f"added {', '.join(added)} to {where}"] if added else []
        parts += [f"already in {where}: {', '.join(there)}"] if there else []
        parts += [f"build with: framing figures {path} --out figures"] if path is not None else []
        parts += [f"left out, as no figure kind draws them (Copy code computes them): {'; '.join(missing)}"] if missing else []
        return html.escape("; ".join(parts))

    def _provide_code(self) -> str | None:
        try:
            code = self.copy_code()
        except FramingError as exc:
            self._error(exc)
            return None
        self.status.value = "code of the view below (copied to the clipboard where the browser allows it)"
        return code

    def _error(self, exc: Exception) -> None:
        self.status.value = ('<span class="framing-error" style="color:#B00020">'
                             f"&#9888; {html.escape(str(exc))}</span>")

    def _report(self, action: Callable[[], str]) -> None:
        try:
            self.status.value = action()
        except (FramingError, OSError) as exc:
            self._error(exc)
