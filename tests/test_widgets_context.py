"""The drill-down components, headless: every line of a selection, paged and sorted, and a whole document.

The corpus is messy on purpose — Serbian in Cyrillic and Latin, Ukrainian, Russian, Hebrew and
Arabic, HTML and Markdown debris, a ``<script>``, a 60-character junk token, dates with and
without times, an outlet without a match — and every expectation is computed here without the
code under test: matches by a regular expression over the published text, orders by Python's
stable sort of words taken from the raw text, the shown text by un-escaping the HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd
import pytest

import framing as fr
import framing.widgets.context as ctx
from framing._infra.errors import FramingError
from framing.corpus.text.script import to_latin
from framing.widgets.context import ContextPanel, DocumentPanel

PATTERN = "invasion|invazij*|вторгнен*|вторжени*"
EXPECT = re.compile(r"(?<![^\W_])(?<![^\W_]['’\-])(invasion|invazij[^\W_]*|вторгнен[^\W_]*|вторжени[^\W_]*)"
                    r"(?![^\W_])(?!['’\-][^\W_])", re.IGNORECASE)
"""The matches of PATTERN as a regular expression: whole words (not inside a hyphenated or apostrophe word)."""
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
JUNK = "xQ9" * 20
DOCS = pd.DataFrame([
    ("en-1", "kremlin.ru", "2022-02-24T06:00:00", "en", "The <title> & invasion",
     "https://example.org/a?b=1&c=<2>",
     "The invasion began at dawn.\n\n<script>alert('invasion')</script> Critics & **Invasion** watchers wrote: "
     "[invasion](http://x.test) — invasion!"),
    ("en-2", "kremlin.ru", "2022-03-01 23:30", "en", "Fruit", "javascript:alert(1)",
     "zebra invasion; Apple invasion. mango INVASION and kiwi invasion, the end."),
    ("sr-1", "rts.rs", "2022-03-02", "sr", "", "",
     "Руска инвазија на Украјину.\r\nInvazija je počela; ИНВАЗИЈА траје # ## `code`."),
    ("uk-1", "pravda.com.ua", "2022-02-25", "uk", "", "",
     "Повномасштабне вторгнення почалося. Вторгнення &amp; <b>війна</b> " + JUNK + " вторгнення."),
    ("ru-1", "ria.ru", "2021-12-31", "ru", "", "",
     "Никакого вторжения не будет, the invasion is a myth. הפלישה invasion שלנו. غزو invasion"),
    ("q-1", "quiet.org", "2022-03-01", "en", "", "", "Nothing to see: peace talks & <i>markdown</i> __only__."),
], columns=["doc_id", "outlet", "date", "language", "title", "url", "text"])
CORPUS = fr.from_dataframe(DOCS)


def latin(text: str, language: str) -> str:
    """``text`` with Serbian Cyrillic in Latin letters (one for one: the fixture has no љ, њ or џ)."""
    out = to_latin(text) if language == "sr" else text
    assert len(out) == len(text)
    return out


def doc(doc_id: str) -> pd.Series:
    return DOCS.set_index("doc_id").loc[doc_id]


def spans(doc_id: str) -> list[tuple[int, int]]:
    return [m.span() for m in EXPECT.finditer(latin(doc(doc_id)["text"], doc(doc_id)["language"]))]


def expected_lines(doc_ids) -> list[tuple[str, int, int]]:
    return sorted((d, s, e) for d in doc_ids for s, e in spans(d))


def located(panel: ContextPanel) -> list[tuple[str, int, int]]:
    return sorted(zip(panel.lines["doc_id"], panel.lines["start"], panel.lines["end"]))


def shown_rows(panel: ContextPanel) -> list[str]:
    """The HTML of the lines shown on the page."""
    return list(panel.rows.html)


def unescaped(fragment: str) -> str:
    return html.unescape(fragment)


def parts(row_html: str) -> tuple[str, str, str]:
    """Left context, match and right context of a line's HTML, un-escaped."""
    left = re.search(r'class="framing-kwic-left"[^>]*><bdi>(.*?)</bdi>', row_html).group(1)
    match = re.search(r"<mark[^>]*>(.*?)</mark>", row_html).group(1)
    right = re.search(r'class="framing-kwic-right"[^>]*><bdi>(.*?)</bdi>', row_html).group(1)
    return unescaped(left), unescaped(match), unescaped(right)


def document_text(panel: DocumentPanel) -> str:
    """The text shown by a document panel: tags dropped, line breaks back, un-escaped."""
    body = re.sub(r"^<div[^>]*>|</div>$", "", panel.text.value)
    return html.unescape(re.sub(r"</?mark[^>]*>", "", body.replace("<br>", "\n")))


@pytest.fixture
def panel() -> ContextPanel:
    return ContextPanel(CORPUS, window=8, page_size=4)


# --- all the lines ------------------------------------------------------------------------------
def test_all_lines_of_the_corpus_equal_a_regex_count_and_kwic(panel):
    panel.show(PATTERN)
    assert panel.error is None
    assert located(panel) == expected_lines(DOCS["doc_id"])
    everything = fr.kwic(CORPUS, PATTERN, window=8, n=None)
    assert located(panel) == sorted(zip(everything["doc_id"], everything["start"], everything["end"]))
    n = len(panel.lines)
    assert n > panel.page_size and f"{n:,} lines in 5 documents" in panel.title.value


def test_outlets_and_dates_select_the_documents_the_end_day_whole(panel):
    panel.show(PATTERN, outlets=["kremlin.ru", "rts.rs"], start=dt.date(2022, 2, 25), end="2022-03-01")
    assert located(panel) == expected_lines(["en-2"])  # en-2 at 23:30 on the end day is in, en-1 (24 Feb) out
    panel.show(PATTERN, start="2022-02-24", end=dt.date(2022, 2, 25))
    assert located(panel) == expected_lines(["en-1", "uk-1"])
    assert "kremlin.ru" in set(panel.lines["outlet"]) and "ria.ru" not in set(panel.lines["outlet"])


def test_doc_ids_restrict_the_lines_to_those_documents(panel):
    panel.show(PATTERN, doc_ids=["sr-1", "q-1"], title="a representative document")
    assert located(panel) == expected_lines(["sr-1"])
    assert "a representative document" in panel.title.value and "in 2 chosen documents" in panel.title.value


def test_an_outlet_without_a_match_is_a_note_not_an_error(panel):
    panel.show(PATTERN, outlets=["quiet.org"])
    assert panel.error is None and panel.lines.empty
    assert panel.notes == [f"no lines of {PATTERN} in quiet.org"]
    assert "framing-error" not in panel.message.value and "no lines of" in panel.message.value
    assert panel.label.value == "no lines" and shown_rows(panel) == []


def test_the_matrix_passed_gives_the_same_lines():
    with_matrix = ContextPanel(CORPUS, dtm=fr.document_term_matrix(CORPUS), page_size=4)
    with_matrix.show(PATTERN, outlets=["ria.ru", "pravda.com.ua"])
    assert located(with_matrix) == expected_lines(["ru-1", "uk-1"])
    with pytest.raises(FramingError, match="dtm must be the matrix of this corpus"):
        ContextPanel(CORPUS, dtm=fr.document_term_matrix(CORPUS.filter(outlets=["ria.ru"])))


def test_paging_and_sorting_reuse_the_lines_found(panel, monkeypatch):
    calls = []
    original = ctx.matrix_lines
    monkeypatch.setattr(ctx, "matrix_lines", lambda *a, **k: calls.append(1) or original(*a, **k))
    panel.show(PATTERN)
    panel.buttons["next"].click()
    panel.sort.value = "1R"
    panel.buttons["last"].click()
    panel.show(PATTERN)
    assert len(calls) == 1


# --- paging -------------------------------------------------------------------------------------
def test_pages_show_the_right_slice_with_the_same_widgets(panel):
    panel.show(PATTERN)
    rows = panel.rows
    n, size = len(panel.lines), panel.page_size
    assert panel.buttons["first"].disabled and panel.buttons["prev"].disabled
    for page in range(-(-n // size)):
        first = page * size
        chunk = panel.lines.iloc[first:first + size]
        assert panel.page == page
        assert panel.label.value == f"lines {first + 1}–{first + len(chunk)} of {n}"
        shown = shown_rows(panel)
        assert [parts(r) for r in shown] == list(zip(chunk["left"], chunk["match"], chunk["right"]))
        panel.buttons["next"].click()
    assert panel.page == -(-n // size) - 1  # "next" on the last page stays there
    assert panel.buttons["next"].disabled and panel.buttons["last"].disabled
    assert len(shown_rows(panel)) == n - panel.page * size
    panel.buttons["prev"].click()
    assert panel.page == -(-n // size) - 2
    panel.buttons["first"].click()
    assert panel.page == 0
    assert panel.rows is rows and len(rows.html) == size
    assert (rows.button_class, rows.row_class) == ("framing-open-line", "framing-kwic-line")


# --- sorting ------------------------------------------------------------------------------------
def words(text: str, language: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(latin(text, language))]


def independent_order(by: str) -> list[tuple[str, int]]:
    """(doc_id, start) of every line in the order ``by``: document order, then Python's stable sort."""
    dates = CORPUS.df.set_index("doc_id")["date"]
    rows = sorted(((d, s, e) for d, s, e in expected_lines(DOCS["doc_id"])),
                  key=lambda r: (doc(r[0])["outlet"], dates[r[0]], r[0], r[1]))
    if by == "document":
        return [(d, s) for d, s, _ in rows]

    def key(row):
        d, s, e = row
        text, lang = doc(d)["text"], doc(d)["language"]
        if by == "match":
            return (False, " ".join(words(text[s:e], lang)))
        side = words(text[:s], lang)[::-1] if by[1] == "L" else words(text[e:], lang)
        k = int(by[0])
        return (len(side) < k, side[k - 1] if len(side) >= k else "")

    return [(d, s) for d, s, _ in sorted(rows, key=key)]


@pytest.mark.parametrize("by", [v for _, v in ctx.SORT_CHOICES])
def test_each_sort_order_equals_an_independent_sort(panel, by):
    panel.show(PATTERN)
    panel.sort.value = "3R" if by == "document" else "document"
    panel.buttons["next"].click()
    panel.sort.value = by
    assert panel.page == 0
    assert list(zip(panel.lines["doc_id"], panel.lines["start"])) == independent_order(by)
    first = panel.lines.iloc[0]
    assert parts(shown_rows(panel)[0]) == (first["left"], first["match"], first["right"])


def test_the_sort_dropdown_offers_antconc_orders(panel):
    assert panel.sort.value == "document" and "framing-sort" in panel.sort._dom_classes
    assert [label for label, _ in ctx.SORT_CHOICES] == [
        "document order (outlet, date)", "1st word left (1L)", "2nd word left (2L)", "3rd word left (3L)",
        "1st word right (1R)", "2nd word right (2R)", "3rd word right (3R)", "match"]


# --- highlighting and escaping ------------------------------------------------------------------
def test_the_match_is_marked_and_all_text_escaped(panel):
    panel.show(PATTERN, outlets=["kremlin.ru"])
    texts = {r["doc_id"]: doc(r["doc_id"])["text"] for _, r in panel.lines.iterrows()}
    for (i, line), value in zip(panel.lines.iterrows(), shown_rows(panel)):
        assert value.count("<mark") == 1
        assert parts(value)[1] == texts[line["doc_id"]][line["start"]:line["end"]]
    page = "".join(shown_rows(panel))
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;" in page
    assert "Critics &amp; **Invasion** watchers" in page and "<strong>" not in page  # as published, not rendered


def test_right_to_left_and_cyrillic_context_is_kept_as_published(panel):
    panel.show(PATTERN, outlets=["ria.ru"])
    assert [parts(r) for r in shown_rows(panel)] == list(
        zip(panel.lines["left"], panel.lines["match"], panel.lines["right"]))
    assert "הפלישה" in panel.lines["left"].iloc[2] and "غزو" in panel.lines["left"].iloc[3]
    assert panel.lines["match"].tolist() == ["вторжения", "invasion", "invasion", "invasion"]


# --- opening a line -----------------------------------------------------------------------------
@pytest.mark.parametrize("page, i", [(0, 0), (0, 3), (1, 2), (2, 1)])
def test_open_shows_the_lines_document_with_every_match_marked(panel, page, i):
    panel.show(PATTERN)
    opened = []
    panel.on_open(opened.append)
    panel.go(page)
    panel.rows.click(i)
    line = panel.lines.iloc[page * panel.page_size + i]
    document = panel.document
    assert document.doc_id == line["doc_id"] and opened[0]["doc_id"] == line["doc_id"]
    original = doc(line["doc_id"])["text"]
    assert document_text(document) == original.replace("\r\n", "\n")
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", document.text.value)
    assert len(marked) == len(spans(line["doc_id"])) == len(document.spans)
    assert [html.unescape(m.replace("<br>", "\n")) for m in marked] == [original[s:e] for s, e in spans(line["doc_id"])]
    current = re.findall(r'<mark class="framing-current"[^>]*>(.*?)</mark>', document.text.value)
    assert [html.unescape(c) for c in current] == [original[line["start"]:line["end"]]]
    assert "framing-document" in document.text._dom_classes and document.text.layout.max_height


def test_the_document_shows_escaped_metadata_and_a_safe_link():
    panel = DocumentPanel(CORPUS)
    panel.show("en-1", PATTERN)
    meta = panel.meta.value
    assert "The &lt;title&gt; &amp; invasion" in meta and "<title>" not in meta
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in meta
    tokens = fr.document_term_matrix(CORPUS).doc_lengths[0]
    assert f"{tokens:,} tokens, {len(doc('en-1')['text']):,} characters" in meta
    assert "2022-02-24" in meta and "kremlin.ru" in meta
    assert "<br><br>" in panel.text.value and "<script>" not in panel.text.value
    panel.show("en-2")
    assert "href" not in panel.meta.value and "javascript:alert(1)" in panel.meta.value  # shown, not a link
    assert "<mark" not in panel.text.value and panel.spans == []


def test_a_phrase_is_marked_across_a_line_break_but_not_a_sentence_end():
    c = fr.from_dataframe(pd.DataFrame({"doc_id": ["p"], "outlet": ["a"], "date": ["2022-03-01"], "text": [
        "A Special Military\nOperation began. It was special military. Operation names differ."]}))
    panel = DocumentPanel(c)
    panel.show("p", "special military operation")
    assert re.findall(r"<mark>(.*?)</mark>", panel.text.value) == ["Special Military<br>Operation"]


def test_a_long_document_is_cut_with_a_note():
    body = ("word " * 99 + "invasion ") * 4_500  # 2.25 MB, one match in a hundred words
    c = fr.from_dataframe(pd.DataFrame({"doc_id": ["big", "small"], "outlet": ["a", "a"],
                                        "date": ["2022-03-01"] * 2, "text": [body, "invasion"]}))
    panel = DocumentPanel(c, max_chars=200_000)
    panel.show("big", "invasion")
    shown = document_text(panel)
    assert len(shown) <= 200_000 and body.startswith(shown) and shown.endswith(("word", "invasion"))
    assert len(panel.text.value) < 300_000
    assert panel.notes[-1] == f"the first {len(shown):,} of {len(body):,} characters are shown"
    assert panel.text.value.count("<mark>") == shown.count("invasion") == len(panel.spans)


# --- errors -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    ({"pattern": "invasion|"}, "empty"),
    ({"pattern": 42}, "pattern must be a string or a Pattern, got int"),
    ({"pattern": PATTERN, "outlets": ["tass.ru"]}, "unknown outlet(s) ['tass.ru']"),
    ({"pattern": PATTERN, "start": "2022-13-45"}, "cannot read start='2022-13-45' as a date"),
    ({"pattern": PATTERN, "start": "2022-03-02", "end": "2022-03-01"}, "the date range is empty"),
    ({"pattern": PATTERN, "near": " "}, "near must be a word such as 'brutal'"),
])
def test_errors_show_in_the_message_line_and_the_panel_stays_usable(panel, kwargs, message):
    panel.show(PATTERN)
    pattern = kwargs.pop("pattern")
    panel.show(pattern, **kwargs)
    assert message in panel.error and message in html.unescape(panel.message.value)
    assert "framing-error" in panel.message.value and panel.last_traceback is None
    assert panel.lines.empty and shown_rows(panel) == [] and panel.title.value == ""  # nothing stale to save
    panel.sort.value = "2R"
    panel.buttons["next"].click()
    assert message in panel.error and "framing-error" in panel.message.value  # sorting does not hide the error
    panel.show(PATTERN, outlets=["rts.rs"])
    assert panel.error is None and "framing-error" not in panel.message.value
    assert located(panel) == expected_lines(["sr-1"])


def test_a_pattern_without_a_match_anywhere_names_near_terms(panel):
    panel.show("invasoin")
    assert panel.error is None and panel.lines.empty
    assert any("Did you mean 'invasion'" in n for n in panel.notes)
    assert panel.notes[-1] == "no lines of invasoin in all outlets"


def test_an_unknown_document_is_an_error_in_its_panel():
    panel = DocumentPanel(CORPUS)
    panel.show("en-1", PATTERN)
    panel.show("nope", PATTERN)
    assert panel.error == "no document with doc_id 'nope'; the first ids are ['en-1', 'en-2', 'sr-1']"
    assert panel.doc_id is None and panel.text.value == "" and "framing-error" in panel.message.value
    panel.show("sr-1", PATTERN)
    assert panel.error is None and len(panel.spans) == 3


def test_bad_constructor_arguments_are_argument_errors():
    with pytest.raises(FramingError, match="page_size must be a positive number of lines, got 0"):
        ContextPanel(CORPUS, page_size=0)
    with pytest.raises(FramingError, match="window must be a whole number of words ≥ 0, got -2"):
        ContextPanel(CORPUS, window=-2)
    with pytest.raises(FramingError, match="max_chars must be a positive number of characters, got 0"):
        DocumentPanel(CORPUS, max_chars=0)


# --- near a collocate ---------------------------------------------------------------------------
def test_near_keeps_the_lines_with_the_word_within_five_words(panel):
    panel.show(PATTERN, near="Began")
    assert panel.error is None
    expected = [(d, s, e) for d, s, e in expected_lines(DOCS["doc_id"])
                if "began" in words(doc(d)["text"][:s], "en")[::-1][:5] + words(doc(d)["text"][e:], "en")[:5]]
    assert located(panel) == expected and len(expected) == 2
    assert "with 'began' within 5 words" in html.unescape(panel.title.value)
