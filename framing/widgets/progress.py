"""The progress bar of a view's first build, gone once the view is shown.

Building a view can take seconds on a cold cache (the document-term matrix, a bootstrap of
every topic) before the view itself can be displayed. :class:`BuildProgress` shows a bar for
those phases: in a notebook an ``IntProgress`` output that is replaced by nothing when the
build ends (so a saved notebook keeps no dead widget that would read "model not found"
without a kernel), elsewhere a tqdm bar on standard error.

>>> bar = BuildProgress("terms view", ["document-term matrix"])
>>> bar.step("rates"); bar.total, bar.done
(1, 1)
>>> bar.close()
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets


def _in_kernel() -> bool:
    from IPython import get_ipython

    return getattr(get_ipython(), "kernel", None) is not None


class BuildProgress:
    """A bar over named phases; :meth:`grow` adds phases known later (the view's steps).

    Args:
        title: what is being built ("terms view").
        phases: the phases known at the start; the first is shown as running.
    """

    def __init__(self, title: str, phases: Sequence[str]) -> None:
        self.title, self.total, self.done = title, len(phases), 0
        self._id: str | None = None
        self._tqdm: Any = None
        running = phases[0] if phases else ""
        if _in_kernel():
            from IPython.display import display

            self._bar = widgets.IntProgress(value=0, max=max(self.total, 1), description=title,
                                            style={"description_width": "initial"})
            self._label = widgets.Label(running)
            self._id = f"framing-build-{uuid.uuid4().hex}"
            self._box = widgets.HBox([self._bar, self._label]).add_class("framing-build-progress")
            display(self._box, display_id=self._id)
        else:
            from tqdm.auto import tqdm

            self._tqdm = tqdm(total=self.total, desc=title, unit="step", leave=False)
            self._tqdm.set_postfix_str(running)

    def grow(self, n: int) -> None:
        """Add ``n`` phases to the total."""
        self.total += n
        if self._tqdm is not None:
            self._tqdm.total = self.total
        elif self._id is not None:
            self._bar.max = self.total

    def step(self, following: str = "") -> None:
        """One phase done; ``following`` names the one now running."""
        self.done += 1
        if self._tqdm is not None:
            self._tqdm.update(1)
            self._tqdm.set_postfix_str(following)
        elif self._id is not None:
            self._bar.value, self._label.value = self.done, following

    def close(self) -> None:
        """Remove the bar (in a notebook its output is replaced by an empty one)."""
        if self._tqdm is not None:
            self._tqdm.close()
        elif self._id is not None:
            from IPython.display import update_display

            update_display({"text/plain": ""}, raw=True, display_id=self._id)
            for widget in (self._box, self._bar, self._label):  # all: Voilà fails on a box with a closed child
                widget.close()
