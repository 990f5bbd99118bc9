"""Scripts: detect Cyrillic or Latin per text, and transliterate Serbian/Montenegrin to Latin."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from framing._infra.deprecation import accept_positional
from framing.corpus.text.arrow import as_arrow


def script_letters(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Per text, letters in U+0400–U+04FF and in A–Z, a–z, U+00C0–U+024F, counted on UTF-8 bytes.

    A regex match per letter is slow; in UTF-8 these code points are exactly the lead bytes
    D0–D3 (Cyrillic), the ASCII letters, the lead bytes C3–C8, and C9 followed by 80–8F.
    """
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int64)[texts.offset:texts.offset + len(texts) + 1]
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8) if texts.buffers()[2] else np.zeros(0, np.uint8)
    data = np.append(data[:offsets[-1]], np.uint8(0))  # a sentinel, so that every start is a valid index
    cyr = (data - np.uint8(0xD0)) < 4
    lat = ((data | np.uint8(0x20)) - np.uint8(0x61) < 26) | ((data - np.uint8(0xC3)) < 6)
    lat[:-1] |= (data[:-1] == 0xC9) & ((data[1:] - np.uint8(0x80)) < 16)
    empty = offsets[1:] == offsets[:-1]

    def per_text(mask: np.ndarray) -> np.ndarray:
        counts = np.add.reduceat(mask.view(np.uint8), offsets[:-1], dtype=np.int64) if len(offsets) > 1 \
            else np.zeros(0, np.int64)
        counts[empty] = 0  # reduceat gives the element at an empty segment's start
        return counts

    return per_text(cyr), per_text(lat)


def detect_script(texts: Sequence[str] | pd.Series, *, sample_chars: int = 2000) -> pd.Series:
    """ISO 15924 script of each text: ``"Cyrl"`` or ``"Latn"`` by majority of letters, else ``""``.

    Only the first ``sample_chars`` characters of each text are looked at.

    >>> detect_script(["Агресија", "agresija", "2022"]).tolist()
    ['Cyrl', 'Latn', '']
    """
    if isinstance(texts, pd.Series) and isinstance(texts.dtype, pd.StringDtype) and not texts.hasnans:
        arr = as_arrow(texts)  # zero-copy for pandas' Arrow strings
    else:
        values = texts.astype(str).tolist() if isinstance(texts, pd.Series) else list(texts)
        arr = pa.array(values, pa.large_string())
    cyr, lat = script_letters(pc.utf8_slice_codeunits(arr, 0, sample_chars))
    out = np.where(cyr > lat, "Cyrl", np.where(lat > 0, "Latn", ""))
    return pd.Series(out, index=texts.index if isinstance(texts, pd.Series) else None, dtype=object)


@accept_positional("language")
def to_latin(text: str, *, language: str = "sr") -> str:
    """Serbian/Montenegrin Cyrillic to Gaj's Latin alphabet (Latin text passes unchanged).

    Digraphs come out right (љ→lj, њ→nj, џ→dž) and Montenegrin С́ З́ become Ś Ź with
    ``language="me"``. Uses ``cyrtranslit``.

    >>> to_latin("Љубљана, џем, њега"), to_latin("С́утра", language="me")
    ('Ljubljana, džem, njega', 'Śutra')
    """
    import cyrtranslit

    code = "me" if language in ("me", "cnr") else "sr"
    # cyrtranslit leaves С́ as S + combining acute; NFC composes it to Ś.
    return unicodedata.normalize("NFC", cyrtranslit.to_latin(text, code))


