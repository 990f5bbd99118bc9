"""Hostile news-archive exports: a Nexis Uni .docx built to exhaust memory or read files through XML entities.

A .docx is a zip archive whose ``word/document.xml`` framing parses. Each test is one attack on
:func:`framing.read_nexis`: the message names the file and what was refused, the reader stops at
once (within a deadline), and nothing outside the named folder is touched (:func:`sandbox`).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import framing as fr
from framing.corpus.exports import nexis
from hostile.guards import deadline

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path: Path, xml: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return path


def test_docx_entity_expansion_bomb(sandbox):
    """[exports] word/document.xml with nested entities ("billion laughs") → refused before parsing"""
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "lol">{lol}]><w:document {W}><w:body><w:p><w:r>'
           f"<w:t>&l9;</w:t></w:r></w:p></w:body></w:document>").encode()
    path = docx(sandbox.inside / "bomb.docx", xml)
    with deadline(5), pytest.raises(fr.CorpusError, match=r"bomb.docx: word/document.xml declares a document type "
                                                          r"or entities, which Word never writes"):
        fr.read_nexis(path)


def test_docx_external_entity_reading_a_file_outside(sandbox):
    """[exports] word/document.xml whose entity names a file of the user's → refused, the file never read"""
    secret = sandbox.outside / "notes.txt"
    xml = (f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file://{secret}">]><w:document {W}><w:body>'
           "<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>").encode()
    with pytest.raises(fr.CorpusError, match=r"declares a document type or entities"):
        fr.read_nexis(docx(sandbox.inside / "xxe.docx", xml))


def test_docx_zip_bomb(sandbox):
    """[exports] a .docx whose document expands 1,000-fold (20 MB from 20 kB) → refused from the zip header"""
    path = docx(sandbox.inside / "zipbomb.docx", f"<w:document {W}>".encode() + b" " * 20_000_000 + b"</w:document>")
    with deadline(5), pytest.raises(fr.CorpusError, match=r"zipbomb.docx: word/document.xml declares 20,000,\d+ bytes "
                                                          r"\([\d,]+ compressed\); framing reads at most [\d,]+ bytes "
                                                          r"expanding at most 200 times"):
        fr.read_nexis(path)


def test_docx_larger_than_the_limit(sandbox, monkeypatch):
    """[exports] a .docx document larger than MAX_XML_BYTES (lowered to 1 kB here) → refused, names the limit"""
    monkeypatch.setattr(nexis, "MAX_XML_BYTES", 1000)
    words = " ".join(f"w{i}" for i in range(1000))
    path = docx(sandbox.inside / "big.docx", f"<w:document {W}><w:body><w:p><w:r><w:t>{words}</w:t></w:r></w:p>"
                                             "</w:body></w:document>".encode())
    with pytest.raises(fr.CorpusError, match=r"big.docx: word/document.xml declares [\d,]+ bytes .* at most 1,000 "
                                             r"bytes"):
        fr.read_nexis(path)
