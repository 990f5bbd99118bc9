"""First/previous/next/last buttons and "lines 26–50 of 1,234": the paging of a long list.

:class:`Pager` holds only the page number and its controls; the component that embeds it
(the concordance panel, a pick table) owns the items, shows the page's slice and redraws
when a button asks for another page. Pages are clipped to those there are, and the buttons
that would go nowhere are disabled.

>>> pager = Pager(25, noun="lines", on_go=lambda page: None)
>>> pager.clip(7, 60)          # 60 lines: pages 0, 1, 2
2
>>> pager.update(); pager.label.value, pager.buttons["next"].disabled, pager.buttons["prev"].disabled
('lines 51–60 of 60', True, False)
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

NAMES = (("first", "«"), ("prev", "‹"), ("next", "›"), ("last", "»"))
"""The buttons, in the order shown, and their text."""


class Pager:
    """The page shown of ``total`` items, ``size`` to a page, and its buttons.

    Args:
        size: items to a page.
        noun: what the items are called in the label ("lines", "rows").
        on_go: called with the page a button asks for (not yet clipped); the owner calls
            :meth:`clip` and redraws.
        css: prefix of the CSS classes (``{css}-first`` … ``{css}-last``, ``{css}-label``), so that
            two pagers in one view can be told apart.

    Attributes:
        page: the page shown (0 first).
        label: "lines a–b of n" (an HTML widget).
        buttons: the buttons by name (``first``, ``prev``, ``next``, ``last``).
        controls: the buttons and the label, in the order shown.
    """

    def __init__(self, size: int, *, noun: str, on_go: Callable[[int], None], css: str = "framing-page") -> None:
        self.size, self.noun, self.page, self.total = int(size), noun, 0, 0
        self.label = widgets.HTML().add_class(f"{css}-label")
        self.buttons = {name: widgets.Button(description=text, tooltip=f"{name} page",
                                             layout=widgets.Layout(width="40px")).add_class(f"{css}-{name}")
                        for name, text in NAMES}
        for name, button in self.buttons.items():
            button.on_click(lambda _b, name=name: on_go(self._target(name)))
        b = self.buttons
        self.controls = [b["first"], b["prev"], self.label, b["next"], b["last"]]

    @property
    def first(self) -> int:
        """The position of the page's first item."""
        return self.page * self.size

    def clip(self, page: int, total: int) -> int:
        """Make ``page`` (clipped to the pages of ``total`` items) the page shown, and return it."""
        self.total = int(total)
        last = max(0, -(-self.total // self.size) - 1)
        self.page = min(max(0, int(page)), last)
        return self.page

    def update(self) -> None:
        """Say which items the page holds ("lines 26–50 of 60"), and disable the buttons that go nowhere."""
        n, first = self.total, self.first
        shown = max(0, min(self.size, n - first))
        self.label.value = f"{self.noun} {first + 1:,}–{first + shown:,} of {n:,}" if n else f"no {self.noun}"
        last = first + self.size >= n
        for name, off in (("first", first == 0), ("prev", first == 0), ("next", last), ("last", last)):
            self.buttons[name].disabled = off

    def _target(self, name: str) -> int:
        return {"first": 0, "prev": self.page - 1, "next": self.page + 1, "last": self.total}[name]

