"""The base of the coding views: units shown one at a time, each answer written to the coder's file.

A :class:`Questionnaire` holds a list of units (intrusion items, sampled documents), a
position slider, a "Record" button and the coder's :class:`~framing.validation.answers.AnswerFile`.
Recording writes the whole file atomically (a temporary file, then a rename) and moves on to the
next unit not yet answered; opening the same file again restores the answers and starts at the
first unanswered unit, so a coder can stop and resume. Going back to an answered unit shows its
answer, and recording again replaces it. A unit recorded without an answer, or any other
problem, appears in the view's message line and the view stays usable.

Subclasses show a unit (:meth:`Questionnaire.present`), read the controls into an answer
(:meth:`Questionnaire.collect`) and put a saved answer back into the controls
(:meth:`Questionnaire.restore`).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence

import ipywidgets as widgets
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.validation.answers import AnswerFile
from framing.widgets.base import View


class Questionnaire(View):
    """Units answered one at a time into a coder's CSV file (see the module docstring).

    Attributes:
        units: the unit ids, in the order shown.
        answers: the coder's answer file (``answers.rows`` holds the answers so far).
        position: the slider of the unit shown (0-based).
        record_button: records the answer and moves on.
        progress: how many units are answered, by whom, into which file.
        unit: the unit shown.
    """

    def __init__(self, units: Sequence[str], *, coder: str, path: str | os.PathLike[str], key: str,
                 fields: Sequence[str], what: str) -> None:
        super().__init__()
        if not len(units):
            raise ArgumentError(f"there is no {what} to answer: give at least one")
        self.units = [str(u) for u in units]
        self.what = what
        self.answers = AnswerFile(path, coder=coder, key=key, fields=fields)
        self.position = widgets.IntSlider(value=self.next_open(0), min=0, max=max(len(self.units) - 1, 0),
                                          description=what.capitalize(), continuous_update=False)
        self.position.add_class("framing-position")
        self.record_button = widgets.Button(description="Record and next", button_style="primary",
                                            icon="check").add_class("framing-record")
        self.record_button.on_click(lambda _button: self.run(self.record_shown))
        self.progress = widgets.HTML().add_class("framing-progress")
        self.unit = widgets.HTML(layout=widgets.Layout(max_height="420px", overflow="auto")).add_class("framing-unit")

    def next_open(self, start: int) -> int:
        """The first unanswered unit from ``start`` on (wrapping round); ``start`` when all are answered."""
        n = len(self.units)
        for step in range(n):
            i = (start + step) % n
            if self.units[i] not in self.answers.rows:
                return i
        return min(start, max(n - 1, 0))

    # --- steps -------------------------------------------------------------------------------
    def show(self) -> None:
        """Show the unit at the slider's position, with its saved answer if there is one."""
        i = self.position.value
        self.present(i)
        self.restore(self.answers.rows.get(self.units[i]))
        self._show_progress()

    def record_shown(self) -> None:
        """Write the answer to the unit shown, then show the next unanswered unit."""
        i = self.position.value
        self.answers.record(self.units[i], **self.collect())
        self._show_progress()
        following = self.next_open((i + 1) % len(self.units))
        if following != i:
            self.position.value = following
        else:
            self.show()

    def _show_progress(self) -> None:
        done = sum(u in self.answers.rows for u in self.units)
        state = "all answered, thank you" if done == len(self.units) else f"{done} of {len(self.units)} answered"
        self.progress.value = (f"<b>{html.escape(self.answers.coder)}</b>: {self.what} {self.position.value + 1} of "
                               f"{len(self.units)}; {state} (saved to <code>{html.escape(str(self.answers.path))}"
                               "</code>)")
        self.keep_table("answers", pd.DataFrame(list(self.answers.rows.values()), columns=self.answers.columns))

    # --- what subclasses provide ---------------------------------------------------------------
    def present(self, index: int) -> None:
        """Show unit ``index`` in :attr:`unit` and set up the answer controls for it."""
        raise NotImplementedError

    def collect(self) -> dict[str, str]:
        """The answer in the controls, one text per answer field."""
        raise NotImplementedError

    def restore(self, row: dict[str, str] | None) -> None:
        """Put a saved answer (``None``: no answer yet) back into the controls."""
        raise NotImplementedError
