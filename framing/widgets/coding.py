"""FrameCoder: the documents of a coding sample shown one by one, the frames a coder marks saved to a CSV file.

The view shows the codebook's instructions, one document (title, outlet, date, text) and a
checkbox per frame with its definition; the coder ticks every frame the document uses (none,
one or several) and clicks "Record and next". Each coder has their own file
(``coder, doc_id, frames, answered_at``; see :mod:`framing.validation.answers`), read back by
:func:`framing.validation.read_codes` for :func:`framing.validation.coder_agreement` and
:func:`framing.validation.compare_codes`. :meth:`FrameCoder.record` records codes from code
(for a coder working from a printout, or a simulation).

>>> from framing.validation import draw_coding_sample, load_codebook      # doctest: +SKIP
>>> sample = draw_coding_sample(corpus, 5, by="outlet", period="Q")      # doctest: +SKIP
>>> view = FrameCoder(sample, load_codebook("ukraine"), coder="anna", path="coding/anna.csv")  # doctest: +SKIP
>>> view.boxes["INVASION"].value = True; view.record_button.click()      # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable

import ipywidgets as widgets
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.validation.codebook import Codebook
from framing.validation.codes import FRAMES, frames_text, parse_frames
from framing.widgets.questionnaire import Questionnaire


class FrameCoder(Questionnaire):
    """One sampled document at a time, with a checkbox per frame of the codebook.

    Args:
        sample: the documents to code (:func:`framing.validation.draw_coding_sample`), in the
            order shown.
        codebook: the frames and their definitions.
        coder: the coder's name, written on every line of the file.
        path: the coder's answer file; an existing one is read and coding resumes.

    Attributes:
        boxes: ``{frame: checkbox}``.
    """

    name = "coding"

    def __init__(self, sample: Corpus, codebook: Codebook, *, coder: str, path: str | os.PathLike[str]) -> None:
        docs = sample.df
        super().__init__(docs["doc_id"].astype(str).tolist(), coder=coder, path=path, key="doc_id",
                         fields=[FRAMES], what="document")
        self.docs = docs.reset_index(drop=True)
        self.codebook = codebook
        for line, row in enumerate(self.answers.rows.values(), start=2):
            parse_frames(row[FRAMES], codebook, where=f"{self.answers.path}, line {line}")
        self.boxes = {f: widgets.Checkbox(value=False, description=f, indent=False,
                                          layout=widgets.Layout(width="260px")).add_class(f"framing-frame-{f}")
                      for f in codebook.frame_names}
        frames = widgets.VBox([widgets.HBox([box, widgets.HTML(self._definition(f))])
                               for f, box in self.boxes.items()]).add_class("framing-frames")
        instructions = widgets.HTML(f"<p>{html.escape(codebook.instructions)}</p>" if codebook.instructions else "")
        self.bind(self.show, self.position)
        self.arrange(instructions, self.progress, self.position, self.unit, frames, self.record_button)
        self.refresh()

    def _definition(self, frame: str) -> str:
        example = self.codebook.examples.get(frame)
        tail = f" <i>e.g. “{html.escape(example)}”</i>" if example else ""
        return f"<span>{html.escape(self.codebook.definitions[frame])}{tail}</span>"

    def record(self, doc_id: str, frames: Iterable[str]) -> None:
        """Record that the coder marked ``frames`` (and no other) in document ``doc_id``."""
        if str(doc_id) not in self.units:
            raise ArgumentError(f"document {doc_id!r} is not in the coding sample")
        text = frames_text(frames)
        parse_frames(text, self.codebook, where=f"the frames of document {doc_id!r}")
        self.answers.record(str(doc_id), **{FRAMES: text})
        self.show()

    def present(self, index: int) -> None:
        doc = self.docs.iloc[index]
        date = pd.Timestamp(doc["date"]).strftime("%Y-%m-%d") if pd.notna(doc["date"]) else ""
        title = html.escape(str(doc.get("title") or ""))
        self.unit.value = (f"<div class='framing-document'><h4>{title}</h4>"
                           f"<p><i>{html.escape(str(doc['outlet']))}, {date} — {html.escape(str(doc['doc_id']))}"
                           f"</i></p><p style='white-space: pre-wrap'>{html.escape(str(doc['text']))}</p></div>")

    def collect(self) -> dict[str, str]:
        return {FRAMES: frames_text(f for f, box in self.boxes.items() if box.value)}

    def restore(self, row: dict[str, str] | None) -> None:
        marked = set(row[FRAMES].split(";")) if row is not None else set()
        for frame, box in self.boxes.items():
            box.value = frame in marked
