"""IntrusionCoder: word- and topic-intrusion items shown one by one, the coder's picks saved to a CSV file.

Each item (:func:`framing.validation.word_intrusion_items`,
:func:`framing.validation.topic_intrusion_items`) shows its options in the order drawn; the
coder picks the one that does not belong and clicks "Record and next". A word item shows
words; a topic item shows the document (its title, outlet and date, and its text when a
``corpus`` is given) and its topics, each by its top words. Answers go to the coder's file
(``coder, item, answer, answered_at``; see :mod:`framing.validation.answers`) and are scored by
:func:`framing.validation.intrusion_precision`. The view never tells the coder which option was
the intruder.

>>> import framing as fr                                                          # doctest: +SKIP
>>> from framing.validation import word_intrusion_items                           # doctest: +SKIP
>>> view = IntrusionCoder(word_intrusion_items(model), coder="anna", path="intrusion/anna.csv")  # doctest: +SKIP
>>> view.choice.value = "tanks"; view.record_button.click()                       # doctest: +SKIP
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets
import pandas as pd

from framing._infra.errors import ArgumentError
from framing.corpus.corpus import Corpus
from framing.validation.intrusion import ITEM_COLUMNS
from framing.widgets.questionnaire import Questionnaire

TEXT_CHARS = 3000
"""Characters of a document's text shown with a topic-intrusion item."""
QUESTIONS = {"word": "Which word does not belong with the others?",
             "topic": "Which topic does not belong to this document?"}


class IntrusionCoder(Questionnaire):
    """One intrusion item at a time; the coder's picks go to ``path``.

    Args:
        items: the items (their ``item`` ids are what the answer file records).
        coder: the coder's name, written on every line of the file.
        path: the coder's answer file; an existing one is read and coding resumes.
        corpus: the documents of topic-intrusion items, to show their text.

    Attributes:
        choice: the options of the item shown (value: the picked word, or topic id as text).
    """

    name = "intrusion"

    def __init__(self, items: pd.DataFrame, *, coder: str, path: str | os.PathLike[str],
                 corpus: Corpus | None = None) -> None:
        missing = [c for c in ITEM_COLUMNS if c not in items]
        if missing:
            raise ArgumentError(f"items lack the column(s) {missing}: make them with word_intrusion_items or "
                                "topic_intrusion_items")
        super().__init__(items["item"].astype(str).tolist(), coder=coder, path=path, key="item",
                         fields=["answer"], what="item")
        self.items = items.reset_index(drop=True)
        self.texts = corpus.df.set_index("doc_id")["text"] if corpus is not None else None
        self.choice = widgets.RadioButtons(options=[], value=None, layout=widgets.Layout(width="auto"))
        self.choice.add_class("framing-choice")
        self.bind(self.show, self.position)
        self.arrange(self.progress, self.position, self.unit, self.choice, self.record_button)
        self.refresh()

    def present(self, index: int) -> None:
        item = self.items.iloc[index]
        task = str(item["task"])
        parts = [f"<p><b>{html.escape(QUESTIONS.get(task, 'Which one does not belong?'))}</b></p>"]
        if task == "topic":
            parts.append(self._document(str(item["doc_id"])))
            labels = [str(label) for label in item["labels"]]
            self.choice.options = list(zip(labels, [str(o) for o in item["options"]]))
        else:
            self.choice.options = [(str(o), str(o)) for o in item["options"]]
        self.choice.value = None
        self.unit.value = "".join(parts)

    def _document(self, doc_id: str) -> str:
        text = ""
        if self.texts is not None and doc_id in self.texts.index:
            full = str(self.texts[doc_id])
            text = html.escape(full[:TEXT_CHARS]) + (" …" if len(full) > TEXT_CHARS else "")
        return (f"<div class='framing-document'><p><i>document {html.escape(doc_id)}</i></p>"
                f"<p style='white-space: pre-wrap'>{text}</p></div>")

    def collect(self) -> dict[str, str]:
        if self.choice.value is None:
            raise ArgumentError("pick the option that does not belong, then record")
        return {"answer": str(self.choice.value)}

    def restore(self, row: dict[str, str] | None) -> None:
        values = [v for _label, v in self.choice.options]
        self.choice.value = row["answer"] if row is not None and row["answer"] in values else None
