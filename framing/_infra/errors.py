"""Exceptions raised by framing.

Every error a user can trigger with bad input is a subclass of :class:`FramingError`,
so analysis code can catch them in one place; each message names the file, row or
field at fault and says what to do.
"""

from __future__ import annotations


class FramingError(Exception):
    """Base class of the errors that framing raises for bad input."""


class CorpusError(FramingError, ValueError):
    """A corpus could not be read or validated (missing column, bad date, duplicate id, ...)."""


class PatternError(FramingError, ValueError):
    """A term pattern is empty, malformed, or matches nothing in the vocabulary."""


class CatalogError(FramingError):
    """A named corpus could not be fetched, verified or built."""


class ModelError(FramingError, ValueError):
    """A topic model could not be fitted, saved or loaded."""


class ConfigError(FramingError, ValueError):
    """A figure configuration is malformed or names something unknown."""


class FramingWarning(UserWarning):
    """A problem in the input that framing handled (duplicates, empty texts, dropped rows)."""
