"""The click paths of the three views in a real JupyterLab and in Voilà, in Chromium, each checked against its fixture.

Each view gets its own notebook, written by the test and opened once for its class of tests in each
front end: in JupyterLab (run with Run All, its kernel alone) and in Voilà (a server of its own, which
runs the notebook on load and shows its outputs alone). The same test bodies run in both. A
TermExplorer and a KeynessExplorer on a small messy corpus (Ukrainian, Russian, Serbian in both
scripts, HTML and Markdown debris, a junk token, dates with and without times), a TopicExplorer on
a seeded model of 40 short documents on three themes. The tests click as a user does (a point of the
time chart, a collocate row, a keyness bar and table row, the "Context of" box, a topic term, a
representative document, a circle of the intertopic map) and wait for the state that the click
alone can produce; every count and text they expect is computed here from the fixture with a
regular expression, not taken from the package. Screenshots go to build/test-output/browser/.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest
from test_browser import (  # noqa: F401 (fixtures)
    RUN_TIMEOUT,
    UPDATE_TIMEOUT,
    browser,
    demo_corpus,
    lab,
    notebook_dir,
    selected,
    server_env,
    shot,
    shown_errors,
    voila,
)
from test_browser_charts import point
from test_browser_views import open_and_run

from benchmarks.lab_server import write_notebook

pytestmark = pytest.mark.browser
expect = pytest.importorskip("playwright.sync_api").expect
pytest.importorskip("altair", reason="interactive charts need altair: pip install altair anywidget vl-convert-python")

# --- the corpus of the term and keyness views -------------------------------------------------
JUNK = "xQ9" * 20
ROWS = [  # outlet, date, text
    ("kyiv.ua", "2022-01-12", "Brutal invasion feared. Вторгнення можливе."),
    ("kyiv.ua", "2022-02-03", "The <b>brutal invasion</b>: troops invaded Kyiv region."),
    ("kyiv.ua", "2022-02-17T08:30", "**Invasion** day 3: a brutal invasion, said officials."),
    ("kyiv.ua", "2022-02-28 23:10", f"Late news: invading columns stopped near Irpin. {JUNK}"),
    ("kyiv.ua", "2022-03-09", "Invasion anniversary? No — агресія continues; the invasion is brutal."),
    ("kyiv.ua", "2022-03-12", "Shelling of Kharkiv: brutal shelling overnight, shelling again."),
    ("moscow.ru", "2022-01-20", "Special military operation, not an invasion."),
    ("moscow.ru", "2022-02-10", "Спецоперация. The West invents an invasion story."),
    ("moscow.ru", "2022-03-01", "No invasion; operation only. [link](http://x.test/a)"),
    ("moscow.ru", "2022-03-14", "Denazification and demilitarisation: the operation goes to plan."),
    ("moscow.ru", "2022-03-15", "DENAZIFICATION again; #operation, says the ministry."),
    ("daily.rs", "2022-01-25", "Агресија на Украјину. Invazija je počela."),
    ("daily.rs", "2022-02-14", "The invasion, kako kažu, traje."),
    ("daily.rs", "2022-03-16", "Agresija na Ukrajinu, kažu analitičari; агресија траје."),
    ("daily.rs", "2022-03-20", "<p>Invasion</p> &amp; agresija, brutal words."),
]
PATTERN = "invasion|invad*"
AGGRESSION = "agresij*|агресиј*"
WORD = re.compile(r"[^\W_]+")
"""A word of the fixtures' texts (which have no apostrophes or hyphens)."""
NEAR = 5
"""Words each side of a match in which a collocate is counted (the views' window)."""
SPAN = tuple(f"{f(pd.Timestamp(d) for _, d, _ in ROWS):%Y-%m-%d}" for f in (min, max))
"""The first and last day of the fixture: the views' date range at first."""

CORPUS = f'''\
import pandas as pd
import framing as fr

rows = {ROWS!r}
corpus = fr.from_dataframe(pd.DataFrame(rows, columns=["outlet", "date", "text"]))
'''
TERMS_SETUP = CORPUS + f'''\
from framing.widgets import TermExplorer, TermOptions

view = TermExplorer(corpus, patterns="{PATTERN}, {AGGRESSION}", dictionary=None, options=TermOptions(n_boot=50))
view
'''
KEYNESS_SETUP = CORPUS + '''\
from framing.widgets import KeynessExplorer, KeynessOptions

view = KeynessExplorer(corpus, target="kyiv.ua", options=KeynessOptions(min_freq=2, n=5))
view
'''


def glob(pattern: str) -> re.Pattern:
    """A pattern of the views (``|`` alternatives, ``*`` at the end of a word) as a regular expression of a word."""
    return re.compile("|".join(re.escape(p.rstrip("*")) + (r"\w*" if p.endswith("*") else "")
                               for p in pattern.split("|")), re.IGNORECASE)


def lines(pattern: str, *, outlet: str | None = None, first: dt.date | None = None, last: dt.date | None = None,
          near: str | None = None, by_next_word: bool = False) -> list[tuple[str, str]]:
    """``(outlet date, matched word)`` of every match of ``pattern`` in the fixture's documents of ``outlet`` dated
    ``first`` to ``last`` (the last day whole), with ``near`` within :data:`NEAR` words when given, in document
    order (outlet, date, position); with ``by_next_word``, AntConc's "1R" order: by the case-folded word after the
    match (matches at the end of a text last), ties in document order."""
    word = glob(pattern)
    found = []
    for where, date, text in ROWS:
        day = pd.Timestamp(date)
        if (outlet and where != outlet) or (first and day.date() < first) or (last and day.date() > last):
            continue
        words = WORD.findall(text)
        for i, w in enumerate(words):
            close = [v.casefold() for v in words[max(0, i - NEAR):i + NEAR + 1]]
            after = words[i + 1].casefold() if i + 1 < len(words) else ""
            if word.fullmatch(w) and (near is None or near in close):
                key = (not after, after) if by_next_word else ()
                found.append(((*key, where, day, i), f"{where} {day:%Y-%m-%d}", w))
    return [(meta, w) for _, meta, w in sorted(found)]


def counted(n_lines: int, n_docs: int) -> str:
    """"n lines in m documents" as the concordance title says it ("1 line in 1 document")."""
    return f"{n_lines} line{'s' * (n_lines != 1)} in {n_docs} document{'s' * (n_docs != 1)}"


def found_in(found: list[tuple[str, str]]) -> str:
    """:func:`counted` of lines of :func:`lines` (the fixture has one document per outlet and day)."""
    return counted(len(found), len({meta for meta, _ in found}))


def shown_lines(view, n: int) -> list[tuple[str, str]]:
    """``(outlet date, match)`` of the concordance lines on the page, once there are ``n``."""
    rows = view.locator(".framing-kwic-line:visible")
    expect(rows).to_have_count(n, timeout=UPDATE_TIMEOUT)
    return list(zip(rows.locator(".framing-kwic-meta").all_inner_texts(), rows.locator("mark").all_inner_texts(),
                    strict=True))


def titled(view, text: str | re.Pattern):
    """The concordance title once it shows ``text`` (which the title before the click must not show)."""
    title = view.locator(".framing-context-title", has_text=text)
    title.wait_for()
    return title.inner_text()


def cells(row) -> list[str]:
    """The texts of a pick-table row's cells, in the order of its columns."""
    return [t.strip() for t in row.locator("span").all_inner_texts()]


def pick_rows(view, table: str):
    return view.locator(f".framing-table-{table} .framing-pick-row:visible")


def row_of(view, table: str, *values: str):
    """The row of pick table ``table`` whose first cells are ``values`` (its text runs the cells together), once
    the page shows it (the kernel may be idle before the browser has drawn every row)."""
    candidates = pick_rows(view, table)
    for value in values:
        candidates = candidates.filter(has_text=value)
    candidates.first.wait_for()
    shown = [(r, cells(r)) for r in pick_rows(view, table).all()]
    rows = [r for r, texts in shown if texts[:len(values)] == list(values)]
    assert len(rows) == 1, f"{len(rows)} rows of {table} start with {values}: {[texts for _, texts in shown]}"
    return rows[0]


def mark(scope, kind: str, text: str):
    """The SVG mark of ``kind`` (Vega's class: ``symbol``, ``rect``) whose aria-label holds ``text``."""
    return scope.locator(f".framing-chart .mark-{kind} path[aria-label*='{text}']")


@contextlib.contextmanager
def in_lab(request, page, path, ready: str) -> Iterator[None]:
    """Notebook ``path`` run in the session's JupyterLab with its kernel alone (stopped on leaving)."""
    lab = request.getfixturevalue("lab")
    try:
        open_and_run(lab, page, path, ready)
        yield
    finally:
        lab.close_sessions()


@contextlib.contextmanager
def in_voila(request, page, path, ready: str) -> Iterator[None]:
    """Notebook ``path`` shown by a Voilà server of its own (which runs it on load), until leaving."""
    with voila(f"voila-{path.stem}", path, request.getfixturevalue("server_env")) as server:
        page.goto(f"{server.url}/?token={server.token}", timeout=RUN_TIMEOUT)
        chart = page.locator(ready)
        chart.wait_for(state="attached", timeout=RUN_TIMEOUT)   # drawn once the notebook has run
        chart.scroll_into_view_if_needed()
        assert shown_errors(page) == []
        yield


FRONTS = {"lab": in_lab, "voila": in_voila}
"""The front ends every click path is tested in (a class-scoped fixture's parameter)."""


def opened(request, browser, path, ready: str) -> Iterator:
    """A page showing notebook ``path`` run in front end ``request.param`` with chart ``ready`` (a CSS selector)
    drawn, until the class's tests are done."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(UPDATE_TIMEOUT)
    try:
        with FRONTS[request.param](request, page, path, ready):
            yield page
    finally:
        page.close()


def check(page, name: str, action) -> None:
    """Run ``action()``; on failure keep a screenshot ``name``. Then no error is shown (nor a widget that
    failed to display)."""
    try:
        action()
    except Exception:
        shot(page, f"clicks-{name}-{'lab' if '/lab/' in page.url else 'voila'}-failed")
        raise
    assert shown_errors(page) == []


# --- TermExplorer ---------------------------------------------------------------------------------
@pytest.fixture(scope="class", params=list(FRONTS))
def terms_page(request, browser, notebook_dir):
    path = write_notebook(notebook_dir / "clicks_terms.ipynb", TERMS_SETUP)
    yield from opened(request, browser, path, ".framing-view-terms .framing-figure-over_time svg.marks")


class TestTermClicks:
    @pytest.mark.parametrize("month", [2, 3], ids=["whole-month", "month-cut-by-the-last-day"])
    def test_a_time_point_shows_that_outlets_lines_in_that_period(self, terms_page, month):
        view = terms_page.locator(".framing-view-terms")
        start = dt.date(2022, month, 1)
        end = start.replace(day=calendar.monthrange(start.year, month)[1])
        first, last = max(start, dt.date.fromisoformat(SPAN[0])), min(end, dt.date.fromisoformat(SPAN[1]))
        expected = lines(PATTERN, outlet="kyiv.ua", first=first, last=last)

        def action():
            point(view, "kyiv.ua", f"period: {start:%Y-%m-%d}").first.click(force=True)   # March's is hollow: cut
            title = titled(view, f"(kyiv.ua from {first} to {last})")
            assert found_in(expected) in title
            assert shown_lines(view, len(expected)) == expected

        check(terms_page, "time-point", action)

    def test_a_collocate_row_shows_the_lines_with_it_near(self, terms_page):
        view = terms_page.locator(".framing-view-terms")
        expected = lines(PATTERN, outlet="kyiv.ua", near="brutal")

        def action():
            row = row_of(view, "collocates", "kyiv.ua", "brutal")
            freq = cells(row)[2]
            assert int(freq) == len(expected)
            row.locator("button.framing-pick").click()
            title = titled(view, f"(kyiv.ua from {SPAN[0]} to {SPAN[1]}, with 'brutal' within {NEAR} words)")
            assert found_in(expected) in title
            assert shown_lines(view, int(freq)) == expected

        check(terms_page, "collocate", action)

    def test_a_rates_row_shows_its_lines_and_a_line_its_document(self, terms_page):
        view = terms_page.locator(".framing-view-terms")
        expected = lines(AGGRESSION, outlet="daily.rs")
        meta, match = expected[2]        # the second match of the one document with two
        text = next(t for o, d, t in ROWS if f"{o} {pd.Timestamp(d):%Y-%m-%d}" == meta)
        marked = [w for w in WORD.findall(text) if glob(AGGRESSION).fullmatch(w)]

        def action():
            row_of(view, "rates", "daily.rs", AGGRESSION).locator("button.framing-pick").click()
            assert found_in(expected) in titled(view, f"(daily.rs from {SPAN[0]} to {SPAN[1]})")
            assert shown_lines(view, len(expected)) == expected
            view.locator(".framing-kwic-line:visible button.framing-open-line").nth(2).click()
            view.locator(".framing-document-meta td", has_text=re.compile(rf"^{meta.split()[1]}$")).wait_for()
            marks = view.locator(".framing-document mark")
            expect(marks).to_have_count(len(marked), timeout=UPDATE_TIMEOUT)
            assert len(marked) == 2 and marks.all_inner_texts() == marked
            assert view.locator(".framing-document mark.framing-current").inner_text() == match
            assert "daily.rs" in view.locator(".framing-document-meta").inner_text()

        check(terms_page, "rates-row", action)

    def test_a_rates_point_shows_that_outlets_lines_which_sort_by_the_next_word(self, terms_page):
        view = terms_page.locator(".framing-view-terms")
        expected = lines(PATTERN, outlet="moscow.ru")
        metas = view.locator(".framing-kwic-line:visible .framing-kwic-meta")
        sort = view.locator(".framing-sort select")

        def action():
            view.locator(f".framing-figure-rates .mark-symbol path[aria-label*='moscow.ru']"
                         f"[aria-label*='pattern: {PATTERN}']").first.click(force=True)
            assert found_in(expected) in titled(view, f"(moscow.ru from {SPAN[0]} to {SPAN[1]})")
            assert shown_lines(view, len(expected)) == expected
            by_next = [m for m, _ in lines(PATTERN, outlet="moscow.ru", by_next_word=True)]
            assert by_next != [m for m, _ in expected]      # else the sort would change nothing to wait for
            sort.select_option(label=next(t for t in sort.locator("option").all_inner_texts() if t.endswith("(1R)")))
            expect(metas).to_have_text(by_next, timeout=UPDATE_TIMEOUT)
            sort.select_option(label="document order (outlet, date)")      # as the other tests expect
            expect(metas).to_have_text([m for m, _ in expected], timeout=UPDATE_TIMEOUT)

        check(terms_page, "rates-point", action)


# --- KeynessExplorer ------------------------------------------------------------------------------
@pytest.fixture(scope="class", params=list(FRONTS))
def keyness_page(request, browser, notebook_dir):
    path = write_notebook(notebook_dir / "clicks_keyness.ipynb", KEYNESS_SETUP)
    yield from opened(request, browser, path, ".framing-view-keyness .framing-figure-keyness svg.marks")


class TestKeynessClicks:
    @staticmethod
    def shows_lines_of(view, term: str) -> None:
        expected = lines(term)
        title = titled(view, f"{term} in all outlets —")
        where = f"(all outlets from {SPAN[0]} to {SPAN[1]})"
        assert f"{found_in(expected)} {where}" in title
        assert shown_lines(view, len(expected)) == expected

    def test_a_keyness_bar_shows_that_terms_lines(self, keyness_page):
        view = keyness_page.locator(".framing-view-keyness")

        def action():
            mark(view, "rect", "term: denazification").first.click(force=True)
            self.shows_lines_of(view, "denazification")
            assert view.locator(".framing-term input").input_value() == "denazification"

        check(keyness_page, "keyness-bar", action)

    def test_a_keyness_table_row_shows_that_terms_lines(self, keyness_page):
        view = keyness_page.locator(".framing-view-keyness")

        def action():
            in_target = len(lines("shelling", outlet="kyiv.ua"))
            row = row_of(view, "keyness", "shelling", str(in_target), str(len(lines("shelling")) - in_target))
            row.locator("button.framing-pick").click()
            self.shows_lines_of(view, "shelling")

        check(keyness_page, "keyness-row", action)

    def test_a_term_typed_in_context_of_shows_its_lines(self, keyness_page):
        view = keyness_page.locator(".framing-view-keyness")

        def action():
            box = view.locator(".framing-term input")
            box.fill(AGGRESSION)
            box.press("Enter")
            self.shows_lines_of(view, AGGRESSION)

        check(keyness_page, "keyness-typed", action)


# --- TopicExplorer --------------------------------------------------------------------------------
THEMES = {
    "war": "tanks shelling troops frontline artillery missiles soldiers offensive вторгнення granatiranje".split(),
    "energy": "gas oil prices pipeline sanctions inflation supply exports газ нафта".split(),
    "diplomacy": "talks negotiations summit ministers treaty envoy dialogue agreement переговоры преговори".split(),
}
OUTLETS = ["kyiv.ua", "moscow.ru", "daily.rs"]
DATES = ["2022-01-{:02d}", "2022-02-{:02d}T10:00:00", "2022-03-{:02d} 08:15"]


def topic_rows(n: int = 40, seed: int = 3) -> list[dict[str, str]]:
    """``n`` documents of one theme each (10 of its words), HTML and Markdown debris, a junk token each."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        theme = list(THEMES)[i % 3]
        words = [str(w) for w in rng.choice(THEMES[theme], size=10)]
        words[0], words[4] = words[0].capitalize(), f"**{words[4]}**"
        rows.append({"doc_id": f"d{i:02d}", "outlet": OUTLETS[(i // 2) % 3], "date": DATES[(i // 3) % 3].format(1 + i % 27),
                     "title": f"Вести / Vesti №{i} <i>{theme}</i>", "theme": theme,
                     "text": f"<p>{' '.join(words[:5])}.</p> &nbsp; {' '.join(words[5:])}. xq{i}{'z9' * 12}"})
    return rows


TOPIC_ROWS = topic_rows()
N_TERMS, N_DOCS = 6, 5
"""Top terms and representative documents the topic view lists (fewer terms than a theme has words)."""
TOPICS_SETUP = f'''\
import pandas as pd
import framing as fr
from framing.widgets import TopicExplorer, TopicOptions

rows = pd.DataFrame({TOPIC_ROWS!r}).drop(columns="theme")
corpus = fr.from_dataframe(rows)
dtm = fr.document_term_matrix(corpus, min_df=2, max_df=0.5)
model = fr.fit_topics(dtm, 3, seed=1, options=fr.LdaOptions(passes=10), progress=False)
view = TopicExplorer(model, corpus=corpus, options=TopicOptions(n_terms={N_TERMS}, n_docs={N_DOCS}, n_boot=20))
view
'''


def theme_of(terms: list[str]) -> str:
    """The one theme whose words ``terms`` are (the model separates the themes: each document has one)."""
    themes = {t for t, words in THEMES.items() if set(terms) <= set(words)}
    assert len(themes) == 1, f"{terms} are not the words of one theme"
    return themes.pop()


@pytest.fixture(scope="class", params=list(FRONTS))
def topics_page(request, browser, notebook_dir):
    path = write_notebook(notebook_dir / "clicks_topics.ipynb", TOPICS_SETUP)
    yield from opened(request, browser, path, ".framing-view-topics .framing-figure-map svg.marks")


class TestTopicClicks:
    @staticmethod
    def topic_terms(view) -> tuple[int, list[str]]:
        """The topic whose terms the table shows, and its terms."""
        caption = view.locator(".framing-table-terms .framing-pick-caption", has_text="top terms of topic ")
        topic = int(re.search(r"top terms of topic (\d+) ", caption.inner_text()).group(1))
        rows = pick_rows(view, "terms")
        expect(rows).to_have_count(N_TERMS, timeout=UPDATE_TIMEOUT)
        return topic, [cells(r)[0] for r in rows.all()]

    def test_a_topic_term_shows_its_lines_in_the_topics_documents(self, topics_page):
        view = topics_page.locator(".framing-view-topics")

        def action():
            topic, terms = self.topic_terms(view)
            term, theme = terms[0], theme_of(terms)
            mostly = sorted((r for r in TOPIC_ROWS if r["theme"] == theme),   # document order: outlet, date
                            key=lambda r: (r["outlet"], pd.Timestamp(r["date"]), r["doc_id"]))
            found = [w for r in mostly for w in WORD.findall(r["text"]) if w.casefold() == term]
            with_it = sum(any(w.casefold() == term for w in WORD.findall(r["text"])) for r in mostly)
            pick_rows(view, "terms").first.locator("button.framing-pick").click()
            title = titled(view, f"{term} in the {len(mostly)} documents mostly of topic {topic} —")
            assert f"{counted(len(found), with_it)} (all outlets in {len(mostly)} chosen documents)" in title
            assert [m for _, m in shown_lines(view, len(found))] == found

        check(topics_page, "topic-term", action)

    def test_a_representative_document_opens_with_the_topics_terms_marked(self, topics_page):
        view = topics_page.locator(".framing-view-topics")

        def action():
            _topic, terms = self.topic_terms(view)
            expect(pick_rows(view, "documents")).to_have_count(N_DOCS, timeout=UPDATE_TIMEOUT)
            row = pick_rows(view, "documents").first
            title = cells(row)[3]
            doc = next(r for r in TOPIC_ROWS if r["title"] == title)
            assert doc["theme"] == theme_of(terms)
            expected = [w for w in WORD.findall(doc["text"]) if w.casefold() in terms]
            row.locator("button.framing-pick").click()
            view.locator(".framing-document-meta td", has_text=re.compile(rf"^{doc['doc_id']}$")).wait_for()
            marks = view.locator(".framing-document mark")
            expect(marks).to_have_count(len(expected), timeout=UPDATE_TIMEOUT)
            assert marks.all_inner_texts() == expected
            assert title in view.locator(".framing-document-meta").inner_text()

        check(topics_page, "topic-document", action)

    def test_a_circle_of_the_map_chooses_its_topic(self, topics_page):
        view = topics_page.locator(".framing-view-topics")
        select = view.locator(".framing-topic select")

        def action():
            before, terms = self.topic_terms(view)
            labels = [t.replace("\xa0", " ") for t in select.locator("option").all_inner_texts()]  # shown with nbsp
            chosen = (before + 1) % len(labels)
            label = next((t for t in labels if t.startswith(f"{chosen}: ")), None)
            assert label is not None, f"no topic {chosen} in {labels}"
            mark(view, "symbol", label).first.click(force=True)
            view.locator(".framing-table-terms .framing-pick-caption", has_text=f"top terms of topic {chosen} ").wait_for()
            assert selected(select).replace("\xa0", " ") == label
            now, shown = self.topic_terms(view)
            assert now == chosen and theme_of(shown) != theme_of(terms)
            assert theme_of(label.split(": ", 1)[1].split(", ")) == theme_of(shown)
            mark(view, "symbol", label).and_(view.locator("[fill='#D55E00']")).wait_for()   # the map marks it

        check(topics_page, "topic-map", action)
