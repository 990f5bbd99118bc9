"""Exceptions raised by framing.

Every error a user can trigger with bad input is a subclass of :class:`FramingError`,
so analysis code can catch them in one place; each message names the file, row or
field at fault and says what to do. There is one class per kind of problem, chosen by
what the user has to change (``docs/conventions.md``): an argument (:class:`ArgumentError`),
the documents (:class:`CorpusError`), a pattern (:class:`PatternError`), a named corpus
(:class:`CatalogError`), a topic model or its files (:class:`ModelError`), a figure
configuration, command line or environment variable (:class:`ConfigError`), a codebook or a
coder's answer file (:class:`CodingError`).
"""

from __future__ import annotations


class FramingError(Exception):
    """Base class of the errors that framing raises for bad input."""


class ArgumentError(FramingError, ValueError):
    """An argument has a value the function cannot use: ``n_boot=-1``, ``ci=95``, an unknown
    measure or period, ``k=1``, a group name that is not in the data, a table without the
    columns a plot draws. The message names the argument and the values it accepts."""


class CorpusError(FramingError, ValueError):
    """A corpus could not be read or validated (missing column, bad date, duplicate id, ...)."""


class PatternError(FramingError, ValueError):
    """A term pattern is empty, malformed, or matches nothing in the vocabulary."""


class CatalogError(FramingError):
    """A named corpus could not be fetched, verified or built."""


class ModelError(FramingError, ValueError):
    """A topic model could not be fitted, saved or loaded."""


class ConfigError(FramingError, ValueError):
    """A figure configuration, a command line or an environment variable is malformed or names
    something unknown (``FRAMING_CACHE`` naming a file, say)."""


class CodingError(FramingError, ValueError):
    """A codebook or a coder's answer file is malformed or does not fit its items: a missing column,
    a frame the codebook does not have, another coder's name, an item that does not exist. The
    message names the file, line and field."""


class FramingWarning(UserWarning):
    """A problem in the input that framing handled (duplicates, empty texts, dropped rows)."""
