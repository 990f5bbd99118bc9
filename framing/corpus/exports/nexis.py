"""Nexis / LexisNexis downloads: nexis.com ``.txt`` and Nexis Uni ``.docx`` files, as LexisNexisTools reads them.

The layouts are those R's LexisNexisTools (Gruber, ``lnt_read``) parses:

**nexis.com ``.txt``** — a cover page, then each article starting with a centred line
``N of M DOCUMENTS`` (German ``Dokument N von M``, French ``Document N de M``); the metadata — the
outlet (first non-empty line), the date line (``January 11, 2010 Monday``), optional edition lines
right under it, the headline, ``BYLINE:``, ``SECTION:`` — ends with the line ``LENGTH: 355 words``
(``LÄNGE:``, ``LONGUEUR:``); the body runs to the line ``LANGUAGE: ENGLISH`` (``SPRACHE:``,
``LANGUE:``), with ``LOAD-DATE:``, ``UPDATE:``, ``GRAPHIC:``/``GRAFIK:`` and ``DATELINE:`` lines
left out; the copyright lines after it are dropped. Paragraphs (wrapped at 80 columns) are
re-joined; blank lines separate them.

**Nexis Uni ``.docx``** — each Word paragraph is a line: a cover page (``Job Number:``, the search
terms, the list of documents), then per article the headline, the outlet, the date line, then
``Copyright``, ``Section:``, ``Length: 482 words``, ``Byline:`` lines, the line ``Body``, the
paragraphs of the text, optionally ``Classification`` with ``Language:``, ``Subject:`` …, a
``Load-Date:`` line, and ``End of Document``. The headline and outlet are the two non-empty lines
before the date line, so the cover page needs no marker of its own.

The ``.docx`` (a zip archive) is read with :mod:`zipfile` and :mod:`xml.etree.ElementTree` alone:
only ``word/document.xml`` is opened, at most :data:`MAX_XML_BYTES` are read (whatever size the
archive declares), an archive that expands more than :data:`MAX_RATIO` times is refused, and so is
XML with a document type declaration (which a Word document never has, and which entity-expansion
attacks need).

Each article maps onto the corpus as ``outlet`` (the outlet line), ``date`` (the date line; English
month names, or numeric dates), ``title`` (the headline), ``text`` (the body, paragraphs separated
by a blank line), ``language`` (from ``LANGUAGE:``, as an ISO 639-1 code), plus ``byline``,
``section``, ``length`` and ``edition`` where present, ``doc_id`` ``<file stem>-<record>`` and the
provenance columns.

>>> lines = ["1 of 1 DOCUMENT", "", "Vijesti", "", "March 2, 2022 Wednesday", "", "Головна вијест",
...          "", "LENGTH: 4 words", "", "Прва реченица текста.", "", "LANGUAGE: SERBIAN"]
>>> record = parse_txt(lines, "x.txt")[0]
>>> record["outlet"], record["date"], record["title"], record["text"], record["language"]
('Vijesti', '2022-03-02', 'Головна вијест', 'Прва реченица текста.', 'sr')
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from framing._infra.errors import CorpusError
from framing.corpus.corpus import Corpus
from framing.corpus.exports.common import Paths, build_corpus, export_files, language_code
from framing.corpus.readers import read_file_text

MAX_XML_BYTES = 256 << 20
"""The most bytes of ``word/document.xml`` read from a ``.docx`` (Nexis Uni files of 100 articles hold ~2 MB)."""
MAX_RATIO = 200
"""The most a ``.docx`` member may expand (text XML compresses about tenfold; a zip bomb by thousands)."""

TXT_START = re.compile(r"^\s*(?:\d+ of \d+ DOCUMENTS?|Dokument \d+ von \d+|Document \d+ de \d+)\s*$")
TXT_LENGTH = re.compile(r"^(?:LENGTH|LÄNGE|LONGUEUR): ")
TXT_END = re.compile(r"^(?:LANGUAGE|SPRACHE|LANGUE): ")
TXT_SKIP = re.compile(r"^(?:LOAD-DATE|UPDATE|GRAPHIC|GRAFIK|DATELINE): ")
FIELD = re.compile(r"^([A-ZÄÖÜ][A-ZÄÖÜ-]+): ?(.*)$")
UNI_FIELD = re.compile(r"^(Section|Length|Byline|Author|Language|Load-Date|Highlight|Dateline):\s*(.*)$")
UNI_BODY = re.compile(r"^(?:Body|Text)$")
UNI_AFTER_BODY = re.compile(r"^(?:Classification|Load-Date:.*|Graphic|End of Document)$")
UNI_END = re.compile(r"^End of Document$")
MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                          "august", "september", "october", "november", "december"])}
DATE_LINE = re.compile(r"^\s*(?P<month>[^\W\d_]+)\.? (?P<day>\d{1,2}), (?P<year>\d{4})\b|"
                       r"^\s*(?P<day2>\d{1,2})\.? (?P<month2>[^\W\d_]+)\.? (?P<year2>\d{4})\b|"
                       r"^\s*(?P<iso>\d{4}-\d{2}-\d{2})\b")
"""A line that starts with a date: ``January 11, 2010 Monday``, ``11 January 2010``, ``2010-01-11``."""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_nexis(path: Paths, *, encoding: str = "utf-8", **options: Any) -> Corpus:
    """Read Nexis downloads: ``.txt`` (nexis.com) and ``.docx`` (Nexis Uni) files, a folder of them, or a list.

    Args:
        path: the download(s).
        encoding: of ``.txt`` files (Nexis writes UTF-8, often with a byte-order mark).
        options: those of :func:`framing.from_dataframe` (``constants=``, ``on_bad_date=``, ``dedupe=``).

    Each article carries ``source_format`` (``nexis-txt`` or ``nexis-docx``), ``source_file`` and
    ``source_record`` (its number in the file, from 1). See the module docstring for the layouts.

    Raises:
        CorpusError: a file holds no article, an article lacks the line that ends its metadata or its
            date, or a ``.docx`` is damaged or oversized — each naming the file, the record and what to do.
    """
    files = export_files(path, (".txt", ".txt.gz", ".docx"), "Nexis")
    records: list[dict[str, Any]] = []
    for file in files:
        if file.name.lower().endswith(".docx"):
            found = parse_docx_lines(docx_paragraphs(file), str(file))
        else:
            found = parse_txt(read_file_text(file, encoding).splitlines(), str(file))
        for number, record in enumerate(found, start=1):
            stem = file.name.split(".")[0]
            record.update(doc_id=f"{stem}-{number}", source_format="nexis-docx" if file.suffix.lower() == ".docx"
                          else "nexis-txt", source_file=str(file), source_record=number)
            records.append(record)
    labels = [f"{Path(r['source_file']).name} record {r['source_record']}" for r in records]
    source = str(files[0]) if len(files) == 1 else f"{files[0].parent} ({len(files)} Nexis files)"
    return build_corpus(records, labels, fmt="Nexis", source=source, **options)


# --- nexis.com .txt -------------------------------------------------------------------------
def parse_txt(lines: Sequence[str], source: str) -> list[dict[str, Any]]:
    """The articles of a nexis.com ``.txt`` download, as records (see the module docstring)."""
    starts = [i for i, line in enumerate(lines) if TXT_START.match(line)]
    if not starts:
        raise CorpusError(f"{source}: no line 'N of M DOCUMENTS' starts an article, so this is not a nexis.com "
                          ".txt download; Nexis Uni downloads are read from their .docx files.")
    records = []
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(lines)]), start=1):
        where = f"{source}: record {number} (line {start + 1}, {lines[start].strip()!r})"
        records.append(_txt_record(list(lines[start + 1:end]), start + 1, where))
    return records


def _txt_record(lines: list[str], offset: int, where: str) -> dict[str, Any]:
    length_at = next((i for i, line in enumerate(lines) if TXT_LENGTH.match(line)), None)
    if length_at is None:
        raise CorpusError(f"{where}: no 'LENGTH: … words' line ends the article's metadata; the article is cut or "
                          "was edited. Restore the line, or delete the article from the file.")
    meta = [line.strip() for line in lines[:length_at + 1]]
    record = _meta_record(meta, where, offset)
    end_at = next((i for i in range(length_at + 1, len(lines)) if TXT_END.match(lines[i])), len(lines))
    body = [line for line in lines[length_at + 1:end_at] if not TXT_SKIP.match(line)]
    record["text"] = "\n\n".join(" ".join(part.split()) for part in "\n".join(body).split("\n\n") if part.strip())
    if end_at < len(lines):
        record["language"] = language_code(lines[end_at].split(":", 1)[1])
    fields = {m.group(1): m.group(2).strip() for m in map(FIELD.match, meta) if m}
    record.update(byline=fields.get("BYLINE") or fields.get("AUTOR", ""), section=fields.get("SECTION", ""),
                  length=lines[length_at].split(":", 1)[1].strip())
    return record


def _meta_record(meta: list[str], where: str, offset: int) -> dict[str, Any]:
    """Outlet, date, edition and headline from the metadata lines of a ``.txt`` article."""
    date_at = next((i for i, line in enumerate(meta[:12]) if line and DATE_LINE.match(line)), None)
    if date_at is None:
        raise CorpusError(f"{where}: no date line (such as 'January 11, 2010 Monday') among the first lines of the "
                          "article; add it, or delete the article from the file.")
    outlet = next((line for line in meta[:date_at] if line), "")
    edition: list[str] = []
    i = date_at + 1
    while i < len(meta) and meta[i]:
        edition.append(meta[i].rstrip(";"))
        i += 1
    headline = [line for line in meta[i:] if line and not FIELD.match(line)]
    return {"outlet": outlet, "date": parse_date(meta[date_at], f"{where}, line {offset + date_at + 1}"),
            "title": " ".join(headline), "edition": "; ".join(edition), "language": ""}


def parse_date(line: str, where: str) -> str:
    """The ISO date of a Nexis date line (English month names or numeric), or a :class:`CorpusError`."""
    m = DATE_LINE.match(line)
    if m and m.group("iso"):
        return m.group("iso")
    if m:
        month_name = (m.group("month") or m.group("month2")).lower()
        day, year = int(m.group("day") or m.group("day2")), int(m.group("year") or m.group("year2"))
        month = MONTHS.get(month_name) or next((n for name, n in MONTHS.items()
                                                if len(month_name) >= 3 and name.startswith(month_name)), None)
        if month:
            return f"{year:04d}-{month:02d}-{day:02d}"
    raise CorpusError(f"{where}: cannot read the date {line.strip()!r}; Nexis dates with English month names "
                      "('March 2, 2022') or numbers ('2022-03-02') are read. Download with the interface in "
                      "English, or fix the line.")


# --- Nexis Uni .docx ------------------------------------------------------------------------
def docx_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph of a ``.docx`` file's main document, read within the limits above."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo("word/document.xml")
            except KeyError:
                raise CorpusError(f"{path}: a Word document has a part word/document.xml, this archive does not; "
                                  "is it a Nexis Uni .docx download?") from None
            if info.file_size > MAX_XML_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise CorpusError(f"{path}: word/document.xml declares {info.file_size:,} bytes "
                                  f"({info.compress_size:,} compressed); framing reads at most {MAX_XML_BYTES:,} bytes "
                                  f"expanding at most {MAX_RATIO} times. Split the download into smaller files.")
            with archive.open(info) as member:
                data = member.read(MAX_XML_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise CorpusError(f"{path}: not a readable .docx file ({exc}); download it again.") from exc
    if len(data) > MAX_XML_BYTES:
        raise CorpusError(f"{path}: word/document.xml holds more than {MAX_XML_BYTES:,} bytes; split the download.")
    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data.upper():
        raise CorpusError(f"{path}: word/document.xml declares a document type or entities, which Word never "
                          "writes; the file was altered and is not read.")
    try:
        root = ElementTree.fromstring(data)  # noqa: S314 — no DTD, so no entity expansion or external entities
    except ElementTree.ParseError as exc:
        raise CorpusError(f"{path}: word/document.xml is not well-formed XML ({exc}); download it again.") from exc
    return [_paragraph_text(p) for p in root.iter(f"{W}p")]


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts).replace("\u00a0", " ").strip()


def parse_docx_lines(lines: Sequence[str], source: str) -> list[dict[str, Any]]:
    """The articles of a Nexis Uni download given as its paragraphs (see the module docstring)."""
    ends = [i for i, line in enumerate(lines) if UNI_END.match(line)]
    if not ends:
        raise CorpusError(f"{source}: no paragraph 'End of Document' closes an article, so this is not a Nexis Uni "
                          "download (or it is cut); download it again.")
    records = []
    for number, (start, end) in enumerate(zip([0, *[e + 1 for e in ends[:-1]]], ends), start=1):
        records.append(_uni_record(list(lines[start:end]), f"{source}: record {number} (paragraph {start + 1})"))
    return records


def _uni_record(lines: list[str], where: str) -> dict[str, Any]:
    body_at = next((i for i, line in enumerate(lines) if UNI_BODY.match(line)), None)
    if body_at is None:
        raise CorpusError(f"{where}: no paragraph 'Body' separates the metadata from the text; the article is cut "
                          "or was edited. Restore it, or delete the article from the file.")
    meta = lines[:body_at]
    length_at = next((i for i, line in enumerate(meta) if line.startswith("Length:")), len(meta))
    date_at = next((i for i in range(length_at - 1, -1, -1) if DATE_LINE.match(meta[i])), None)
    if date_at is None:
        raise CorpusError(f"{where}: no date line (such as 'February 24, 2022 Thursday') before 'Length:'; add it, "
                          "or delete the article from the file.")
    above = [line for line in meta[:date_at] if line]
    if len(above) < 2:
        raise CorpusError(f"{where}: the headline and the outlet should be the two paragraphs above the date line "
                          f"{meta[date_at]!r}; found {above!r}.")
    after = next((i for i in range(body_at + 1, len(lines)) if UNI_AFTER_BODY.match(lines[i])), len(lines))
    fields = {m.group(1): m.group(2).strip() for m in map(UNI_FIELD.match, [*meta, *lines[after:]]) if m}
    return {"outlet": above[-1], "title": above[-2], "date": parse_date(meta[date_at], f"{where}, date line"),
            "text": "\n\n".join(line for line in lines[body_at + 1:after] if line),
            "language": language_code(fields.get("Language", "")), "byline": fields.get("Byline", ""),
            "section": fields.get("Section", ""), "length": fields.get("Length", ""), "edition": ""}
