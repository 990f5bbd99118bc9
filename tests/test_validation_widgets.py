"""The coding views, headless: pick options and tick frames by setting values, click "Record", read the files."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import framing as fr
from framing.validation import Codebook, read_codes, read_intrusion_answers, word_intrusion_items
from framing.widgets import FrameCoder, IntrusionCoder

PHI = np.array([[.30, .25, .20, .10, .05, .04, .03, .02, .01, .00],
                [.00, .01, .02, .03, .04, .05, .10, .20, .25, .30],
                [.01, .02, .30, .25, .20, .10, .05, .04, .02, .01]])
VOCAB = np.array(list("abcdefghij"))
BOOK = Codebook("demo", {"WAR": "It is a war.", "PEACE": "It calls for peace."}, examples={"WAR": "A war."},
                instructions="Tick every frame.")


def lines(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def items() -> pd.DataFrame:
    model = SimpleNamespace(topic_term_=PHI, doc_topic_=np.full((2, 3), 1 / 3),
                            dtm=SimpleNamespace(vocab=VOCAB, docs=pd.DataFrame({"doc_id": ["d0", "d1"]})))
    return word_intrusion_items(model, n_words=3, seed=1)


@pytest.fixture
def sample() -> fr.Corpus:
    return fr.from_dataframe(pd.DataFrame({"doc_id": ["x", "y", "z"], "outlet": ["a", "b", "a"],
                                           "date": ["2022-03-01", "2022-03-02", "2022-03-03"], "title": ["X", "Y", "Z"],
                                           "text": ["War & tanks.", "Peace talks.", "Nothing."]}))


def test_intrusion_coder_records_answers_and_moves_on(items, tmp_path):
    path = tmp_path / "anna.csv"
    view = IntrusionCoder(items, coder="anna", path=path)
    assert view.position.value == 0 and view.choice.value is None
    assert sorted(v for _, v in view.choice.options) == sorted(items.loc[0, "options"])
    assert "Which word does not belong" in view.unit.value and "0 of 3 answered" in view.progress.value
    view.record_button.click()                       # nothing picked: a message, no line, still usable
    assert "pick the option that does not belong" in view.message.value and not path.exists()
    view.choice.value = items.loc[0, "intruder"]
    view.record_button.click()
    assert view.errors == {} and view.position.value == 1 and view.choice.value is None
    assert [(r["coder"], r["item"], r["answer"]) for r in lines(path)] == [("anna", "word-0-0", items.loc[0, "intruder"])]
    wrong = next(o for o in items.loc[1, "options"] if o != items.loc[1, "intruder"])
    view.choice.value = wrong
    view.record_button.click()
    assert "2 of 3 answered" in view.progress.value
    view.position.value = 0                          # going back shows the saved answer
    assert view.choice.value == items.loc[0, "intruder"]
    answers = read_intrusion_answers(path, items, coder="anna")
    assert answers["answer"].tolist() == [items.loc[0, "intruder"], wrong]
    assert view.tables["answers"]["item"].tolist() == ["word-0-0", "word-1-0"]


def test_intrusion_coder_resumes_at_the_first_unanswered_item_and_refuses_another_coders_file(items, tmp_path):
    path = tmp_path / "anna.csv"
    first = IntrusionCoder(items, coder="anna", path=path)
    first.choice.value = items.loc[0, "options"][0]
    first.record_button.click()
    again = IntrusionCoder(items, coder="anna", path=path)
    assert again.position.value == 1 and "1 of 3 answered" in again.progress.value
    with pytest.raises(fr.CodingError, match=r"anna\.csv, line 2, field 'coder': the file holds the answers of 'anna', "
                                             "not 'ben'"):
        IntrusionCoder(items, coder="ben", path=path)


def test_frame_coder_writes_one_line_per_document_and_restores_them(sample, tmp_path):
    path = tmp_path / "ben.csv"
    view = FrameCoder(sample, BOOK, coder="ben", path=path)
    assert list(view.boxes) == ["WAR", "PEACE"] and "War &amp; tanks." in view.unit.value
    assert "Tick every frame." in view.widget.children[1].value
    view.boxes["WAR"].value = True
    view.boxes["PEACE"].value = True
    view.record_button.click()
    assert view.position.value == 1 and not any(b.value for b in view.boxes.values())
    view.record_button.click()                      # no frame: a valid code too
    view.record("z", ["PEACE"])
    assert [(r["coder"], r["doc_id"], r["frames"]) for r in lines(path)] == \
        [("ben", "x", "WAR;PEACE"), ("ben", "y", ""), ("ben", "z", "PEACE")]
    assert "all answered" in view.progress.value
    view.position.value = 0
    assert view.boxes["WAR"].value and view.boxes["PEACE"].value
    codes = read_codes(path, BOOK, coder="ben")
    assert codes.query("present == 1")[["doc_id", "frame"]].values.tolist() == \
        [["x", "WAR"], ["x", "PEACE"], ["z", "PEACE"]]
    resumed = FrameCoder(sample, BOOK, coder="ben", path=path)
    assert resumed.answers.rows == view.answers.rows
    with pytest.raises(fr.CodingError, match="'WARS' is not a frame of codebook 'demo'"):
        view.record("x", ["WARS"])


def test_frame_coder_refuses_a_file_with_unknown_frames(sample, tmp_path):
    path = tmp_path / "ben.csv"
    path.write_text("coder,doc_id,frames,answered_at\nben,x,WAR,t\nben,y,TRUCE,t\n", encoding="utf-8")
    with pytest.raises(fr.CodingError, match=r"ben\.csv, line 3, field 'frames': 'TRUCE' is not a frame"):
        FrameCoder(sample, BOOK, coder="ben", path=path)
