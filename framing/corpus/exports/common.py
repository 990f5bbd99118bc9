"""What the news-archive readers share: finding the files, reading them, provenance columns, language names.

Every record read from an export carries three provenance columns: ``source_format`` (``mediacloud``,
``gdelt``, ``nexis-txt``, ``nexis-docx``), ``source_file`` (the file's path as given or found) and
``source_record`` (the record's number in that file, from 1), so any document can be traced back.

>>> language_code("Russian"), language_code("ENGLISH"), language_code("Klingon")
('ru', 'en', '')
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing._infra.errors import CorpusError, FramingWarning
from framing.corpus.corpus import Corpus
from framing.corpus.readers import from_dataframe

Paths = str | Path | Sequence[str | Path]
PROVENANCE = ("source_format", "source_file", "source_record")
"""The provenance columns every export reader adds."""

LANGUAGES = {
    "english": "en", "russian": "ru", "ukrainian": "uk", "serbian": "sr", "croatian": "hr", "bosnian": "bs",
    "montenegrin": "sr", "belarusian": "be", "polish": "pl", "czech": "cs", "slovak": "sk", "slovenian": "sl",
    "bulgarian": "bg", "macedonian": "mk", "romanian": "ro", "hungarian": "hu", "german": "de", "french": "fr",
    "spanish": "es", "italian": "it", "portuguese": "pt", "dutch": "nl", "swedish": "sv", "norwegian": "no",
    "danish": "da", "finnish": "fi", "estonian": "et", "latvian": "lv", "lithuanian": "lt", "greek": "el",
    "turkish": "tr", "arabic": "ar", "hebrew": "he", "persian": "fa", "chinese": "zh", "japanese": "ja",
    "korean": "ko", "hindi": "hi", "georgian": "ka", "armenian": "hy", "kazakh": "kk", "albanian": "sq",
}
"""Language names as GDELT and Nexis write them (``English``, ``RUSSIAN``) → ISO 639-1 codes."""


def language_code(name: str) -> str:
    """The ISO 639-1 code of a language name (any case), or ``""`` when it is not in :data:`LANGUAGES`."""
    return LANGUAGES.get(name.strip().lower(), "")


def export_files(path: Paths, suffixes: Sequence[str], what: str) -> list[Path]:
    """The files to read: ``path`` itself, each of a list, or a folder's files ending in ``suffixes`` (sorted).

    Raises:
        CorpusError: a path does not exist, or a folder holds no such file.
    """
    paths = [Path(path)] if isinstance(path, str | Path) else [Path(p) for p in path]
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.name.lower().endswith(tuple(suffixes))
                           and not f.name.startswith("~$"))  # Word's lock files
            if not found:
                raise CorpusError(f"{p}: no {what} files (ending in {list(suffixes)}) in this folder.")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise CorpusError(f"{p}: no such file or folder (looked in {p.resolve().parent}); check the path.")
    if not files:
        raise CorpusError(f"no {what} file given; pass a file, a folder or a list of files.")
    return files


def build_corpus(records: list[dict[str, Any]], labels: list[str], *, fmt: str, source: str,
                 **options: Any) -> Corpus:
    """A :class:`Corpus` from parsed records (each with provenance), through :func:`from_dataframe`.

    ``options`` are those of :func:`from_dataframe` (``constants=``, ``on_bad_date=``, ``dedupe=``).
    """
    if not records:
        raise CorpusError(f"{source}: no {fmt} records found.")
    df = pd.DataFrame.from_records(records)
    return from_dataframe(df, source=source, row_labels=labels, **options)


def drop_repeated_ids(records: list[dict[str, Any]], labels: list[str], source: str,
                      what: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Records without repeats of an earlier ``doc_id`` (the same story in two overlapping exports), with a warning."""
    seen: dict[str, str] = {}
    kept, kept_labels, repeats = [], [], []
    for record, label in zip(records, labels):
        key = str(record["doc_id"])
        if key in seen:
            repeats.append(f"{label} = {seen[key]}")
            continue
        seen[key] = label
        kept.append(record)
        kept_labels.append(label)
    if repeats:
        warnings.warn(f"{source}: {len(repeats)} records repeat the {what} of an earlier one and were read once: "
                      f"{', '.join(repeats[:3])}", FramingWarning, stacklevel=3)
    return kept, kept_labels


def no_text_warning(source: str, what: str) -> None:
    """Warn that an export holds titles and URLs but no article text."""
    warnings.warn(f"{source}: {what} exports hold titles and URLs but no article text, so the corpus's texts "
                  "are empty; pass text='title' to analyse the titles, or fetch the articles and join them "
                  "by url.", FramingWarning, stacklevel=3)
