"""Deprecating a public name: the old name keeps working for two minor versions, with a warning.

A renamed function, method, keyword or column-producing option stays usable under its
old name from the release that renames it (0.2) through the next (0.3), and is removed in
the one after (:data:`REMOVED_IN`). Using it emits a :class:`DeprecationWarning` that names
the replacement (``docs/conventions.md``, "Renaming").

- :func:`renamed_keywords` — a decorator accepting old keyword names of parameters;
- :func:`accept_positional` — a decorator accepting, for now, options that became keyword-only
  as positional arguments;
- :func:`warn_deprecated` — the warning itself, for aliases written by hand (a method, a
  figure option).

The decorated function's signature (:func:`inspect.signature`) shows only the new names;
the old ones are listed in its ``__deprecated_keywords__`` mapping (old → new).

>>> import warnings
>>> @renamed_keywords(level="ci")
... def interval(*, ci: float = 0.95) -> float:
...     return ci
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     interval(level=0.9)
0.9
>>> str(caught[0].message)
'interval(level=...) is deprecated: use interval(ci=...) (the old name will be removed in framing 0.4)'
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

REMOVED_IN = "0.4"
"""The release that removes the names deprecated in 0.2 (two minor versions later)."""


def warn_deprecated(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` is deprecated in favour of ``new`` (a :class:`DeprecationWarning`).

    ``stacklevel`` counts from the caller of this function (3: the caller's caller, the user's line).
    """
    warnings.warn(f"{old} is deprecated: use {new} (the old name will be removed in framing {REMOVED_IN})",
                  DeprecationWarning, stacklevel=stacklevel)


def renamed_keywords(**old_to_new: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: the keyword ``old`` still works as ``new``, with a :class:`DeprecationWarning`.

    Passing both names is a :class:`TypeError` (as for any argument given twice).
    """
    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        name = getattr(func, "__qualname__", getattr(func, "__name__", "function"))
        for new in old_to_new.values():
            if new not in inspect.signature(func).parameters:
                raise TypeError(f"{name} has no parameter {new!r} to rename to")

        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{name}() got {old}= and {new}=; {old} is the deprecated name of "
                                        f"{new}: pass only {new}=")
                    warn_deprecated(f"{name}({old}=...)", f"{name}({new}=...)")
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__deprecated_keywords__ = {  # type: ignore[attr-defined]
            **getattr(func, "__deprecated_keywords__", {}), **old_to_new}
        return wrapper

    return decorate


def accept_positional(*names: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: keyword-only parameters ``names`` may still be passed by position, with a warning.

    For options that used to be positional: ``f(x, "sr")`` keeps working as ``f(x, language="sr")``
    while the signature shows them keyword-only.
    """
    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        name = getattr(func, "__qualname__", getattr(func, "__name__", "function"))
        params = inspect.signature(func).parameters.values()
        n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> R:
            extra = args[n_positional:]
            if extra:
                if len(extra) > len(names):
                    raise TypeError(f"{name}() takes {n_positional} positional arguments but {len(args)} "
                                    "were given")
                given = ", ".join(f"{n}=..." for n in names[:len(extra)])
                warn_deprecated(f"passing {', '.join(names[:len(extra)])} to {name}() by position",
                                f"{name}(..., {given})")
                kwargs.update(zip(names, extra))
            return func(*args[:n_positional], **kwargs)

        return wrapper

    return decorate
