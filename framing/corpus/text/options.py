"""How texts become tokens: :class:`TextOptions` and the languages transliterated by default."""

from __future__ import annotations

import dataclasses
from typing import Literal

SERBIAN_LIKE = frozenset({"sr", "srp", "me", "cnr", "bs", "bos", "sh", "hbs"})
"""Language codes whose Cyrillic texts are transliterated to Latin by default."""

Transliterate = Literal["auto", "always", "never"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class TextOptions:
    """How texts become tokens.

    Attributes:
        transliterate: ``"auto"`` turns Cyrillic into Latin in documents whose
            ``language`` is Serbian, Montenegrin or Bosnian (:data:`SERBIAN_LIKE`);
            ``"always"`` does so in every document (Serbian rules); ``"never"`` keeps scripts.
        lemmatize: reduce tokens to lemmas with simplemma, using each document's
            ``language`` (documents without a supported language are left as they are).
        clean: remove news-page furniture first (:func:`clean_boilerplate`): turn it on for
            news outlets' pages; a :class:`~framing._infra.errors.FramingWarning` says how many
            lines it removed from how many documents (:func:`find_boilerplate` lists them).
    """

    transliterate: Transliterate = "auto"
    lemmatize: bool = False
    clean: bool = False

    def __post_init__(self) -> None:
        if self.transliterate not in ("auto", "always", "never"):
            raise ValueError(f"transliterate must be 'auto', 'always' or 'never', "
                             f"got {self.transliterate!r}")


