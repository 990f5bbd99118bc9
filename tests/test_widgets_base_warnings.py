"""A view step's warnings: FramingWarnings become the view's notes, every other warning is passed on once.

Passing a warning on used to happen inside the block that records them, so it was recorded again
and passed on again, without end (a numpy RuntimeWarning in a step hung the notebook until memory
ran out).
"""

from __future__ import annotations

import warnings

import ipywidgets as widgets
import pytest

import framing.widgets.base as base
from framing._infra.errors import FramingWarning
from framing.widgets.base import View


class Warner(View):
    """A toy view whose one step warns with the given categories."""

    name = "warner"

    def __init__(self, *categories: type[Warning]) -> None:
        super().__init__()
        self.categories = categories
        self.x = widgets.IntText(value=1)
        self.bind(self.step, self.x)
        self.arrange(self.x)
        self.refresh()

    def step(self) -> None:
        for category in self.categories:
            warnings.warn(f"a {category.__name__}", category, stacklevel=1)


@pytest.fixture
def passed_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the view passes on (stopping after 10, which would mean it never stops)."""
    seen: list[str] = []
    pass_on = warnings.warn_explicit

    def counted(message, category, *args, **kwargs):
        seen.append(str(message))
        if len(seen) > 10:
            raise RuntimeError("the same warning passed on again and again")
        pass_on(message, category, *args, **kwargs)

    monkeypatch.setattr(base.warnings, "warn_explicit", counted)
    return seen


def test_another_warning_is_passed_on_once(passed_on: list[str]) -> None:
    with pytest.warns(RuntimeWarning, match="a RuntimeWarning"):
        view = Warner(RuntimeWarning)
    assert passed_on == ["a RuntimeWarning"]
    assert view.errors == {} and view.notes["step"] == []


def test_framing_warnings_are_notes_and_not_passed_on(passed_on: list[str]) -> None:
    with pytest.warns(UserWarning, match="a UserWarning"):
        view = Warner(FramingWarning, UserWarning)
    assert passed_on == ["a UserWarning"]
    assert view.notes["step"] == ["a FramingWarning"] and view.errors == {}
