"""Interactive views: time from a control change to the updated output, on the demo corpus.

Each row sets one control of a view (alternating between two values, so every change
recomputes: the views remember only the last result), the way JupyterLab does when the
user types or picks. Callbacks run synchronously, so the time until ``.value = ...``
returns is the time until *every* output of the view is updated; a row ending in
"→ <figure>" is the time until that figure's image was replaced (observed on the image
widget), which is what the user sees first. Sending the new PNG to the browser adds a
few milliseconds on loopback (not counted).

The peer is what one would write without the views: ``ipywidgets.interact`` over the
package functions, i.e. the same computation from the corpus for the selection and a
fresh figure each time (``fr.term_rates(corpus.filter(...), ...)`` + ``plot_rates``;
``fr.keyness(corpus.filter(...), ...)`` + ``plot_keyness``), with the matrix cache warm.

    .venv/bin/python benchmarks/bench_widgets.py           # the demo corpus (2,118 documents)
    .venv/bin/python benchmarks/bench_widgets.py --quick   # 40 documents per outlet, two rounds

Target: ≤ 300 ms for the terms and keyness views' first output. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # runnable as a script as well as -m

import framing as fr  # noqa: E402
from benchmarks.harness import Measurement, Row, measure, report, row, within  # noqa: E402
from framing.viz.render import clean_style, figure_bytes, new_figure  # noqa: E402
from framing.widgets import KeynessExplorer, KeynessOptions, TermExplorer, TermOptions, TopicExplorer, TopicOptions  # noqa: E402

TARGET = within(0.3)
NAIVE_TERMS = "interact over term_rates + plot_rates"
NAIVE_KEYNESS = "interact over keyness + plot_keyness"


def toggler(control: Any, values: Sequence[Any]) -> Callable[[], None]:
    """A callable that sets ``control.value`` to the next of ``values`` on each call."""
    cycle = itertools.cycle(values)
    return lambda: setattr(control, "value", next(cycle))


def first_output(change: Callable[[], None], view: Any, key: str, repeat: int) -> list[float]:
    """Seconds from each change to the moment figure ``key`` of ``view`` was updated: its chart got a
    new spec, or its image widget new bytes."""
    stamps: list[float] = []
    shown, trait = (view.charts[key].jupyter_chart, "spec") if key in view.charts else (view.images[key], "value")
    shown.observe(lambda _c: stamps.append(time.perf_counter()), names=trait)
    change()                                                    # warm-up
    times = []
    for _ in range(repeat):
        stamps.clear()
        start = time.perf_counter()
        change()
        times.append(stamps[-1] - start)
    return times


def naive_figure(draw: Callable[[Any], Any]) -> bytes:
    """A fresh figure drawn and rendered as the view does (same size, same dpi)."""
    with clean_style():
        fig = new_figure()
        draw(fig.subplots())
        return figure_bytes(fig, "png", dpi=100)


def term_rows(corpus: fr.Corpus, label: str, repeat: int) -> list[Row]:
    """TermExplorer: outlets, dates, pattern, unit."""
    from framing.viz.plots import plot_rates

    o = TermOptions()
    view = TermExplorer(corpus, options=o)
    outlets = view.selection.outlets
    two = tuple(o for o in outlets.options if o != "UN General Debate")
    patterns = ["invasion|invade*, aggression, special military operation", "sanction*, nato, sovereign*"]
    docs = len(corpus)

    def naive(chosen: tuple) -> Callable[[], bytes]:
        def run() -> bytes:
            table = fr.term_rates(corpus.filter(outlets=list(chosen)), patterns[0].split(", "),
                                  n_boot=o.n_boot, seed=o.seed)
            return naive_figure(lambda ax: plot_rates(table, ax=ax))
        return run

    rows = []
    change = toggler(outlets, [two, outlets.options])
    naive_cycle = itertools.cycle([naive(two), naive(tuple(outlets.options))])
    firsts = first_output(change, view, "rates", repeat)
    whole = measure(change, lambda: next(naive_cycle)(), repeat=repeat)
    rows.append(row("terms: outlets → rates figure", label, docs,
                    Measurement(firsts, whole.peer, whole.peak_bytes), peer=NAIVE_TERMS, target=TARGET,
                    note=f"{o.n_boot} bootstrap replicates; peer recomputes from the corpus each time"))
    rows.append(row("terms: outlets → all outputs", label, docs, whole,
                    peer=NAIVE_TERMS, note="rates, rates over time, KWIC lines, collocates"))
    change = toggler(view.patterns, patterns)
    rows.append(row("terms: new patterns → rates figure", label, docs,
                    Measurement(first_output(change, view, "rates", repeat), [], 0), target=TARGET))
    rows.append(row("terms: new patterns → all outputs", label, docs, measure(change, repeat=repeat),
                    note="includes collocates of the first pattern (framing.terms.collocates)"))
    start = view.selection.start
    change = toggler(start, [dt.date(2022, 2, 24), start.value])
    rows.append(row("terms: start date → rates figure", label, docs,
                    Measurement(first_output(change, view, "rates", repeat), [], 0), target=TARGET))
    rows.append(row("terms: start date → all outputs", label, docs, measure(change, repeat=repeat)))
    change = toggler(view.unit, ["doc_share", "per_10k"])
    rows.append(row("terms: unit (redraw only)", label, docs, measure(change, repeat=repeat), target=TARGET))
    return rows


def keyness_rows(corpus: fr.Corpus, label: str, repeat: int) -> list[Row]:
    """KeynessExplorer: target, measure, number of terms."""
    from framing.viz.plots import plot_keyness

    o = KeynessOptions()
    view = KeynessExplorer(corpus, target="kremlin.ru", options=o)
    docs, rows = len(corpus), []
    targets = ["kremlin.ru", "president.gov.ua"]

    def naive(target: str) -> Callable[[], bytes]:
        def run() -> bytes:
            table = fr.keyness(corpus, target=target, min_freq=o.min_freq)
            return naive_figure(lambda ax: plot_keyness(table, n=o.n, ax=ax))
        return run

    naive_cycle = itertools.cycle([naive(t) for t in targets[::-1]])
    change = toggler(view.target, targets[::-1])
    firsts = first_output(change, view, "keyness", repeat)
    whole = measure(change, lambda: next(naive_cycle)(), repeat=repeat)
    rows.append(row("keyness: target → keyness figure", label, docs,
                    Measurement(firsts, whole.peer, whole.peak_bytes),
                    peer=NAIVE_KEYNESS, target=TARGET,
                    note="the peer's keyness(corpus) has no stopwords (its default matrix)"))
    rows.append(row("keyness: target → all outputs", label, docs, whole,
                    peer=NAIVE_KEYNESS, note="keyness figure, table, KWIC lines of the top term"))
    change = toggler(view.measure, ["g2", "log_odds"])
    rows.append(row("keyness: measure → keyness figure", label, docs,
                    Measurement(first_output(change, view, "keyness", repeat), [], 0), target=TARGET))
    change = toggler(view.n, [25, 15])
    rows.append(row("keyness: number of terms (redraw only)", label, docs, measure(change, repeat=repeat),
                    target=TARGET))
    return rows


def topic_rows(corpus: fr.Corpus, label: str, repeat: int, *, k: int, passes: int) -> list[Row]:
    """TopicExplorer: topic and λ (the model is fitted once, before timing)."""
    dtm = fr.document_term_matrix(corpus, stopwords="auto", min_df=5, max_df=0.5)
    start = time.perf_counter()
    model = fr.fit_topics(dtm, k, options=fr.LdaOptions(passes=passes), progress=False)
    fit_s = time.perf_counter() - start
    view = TopicExplorer(model, options=TopicOptions())
    docs = len(corpus)
    change = toggler(view.topic, [1, 0])
    rows = [row("topics: topic → top-terms figure", label, docs,
                Measurement(first_output(change, view, "terms", repeat), [], 0),
                note=f"k={k}, {passes} passes, fitted once in {fit_s:.1f} s before"),
            row("topics: topic → all outputs", label, docs, measure(change, repeat=repeat)),
            row("topics: λ → top-terms figure", label, docs,
                Measurement(first_output(toggler(view.relevance, [1.0, 0.6]), view, "terms", repeat),
                            [], 0))]
    return rows


def main(argv: Sequence[str] | None = None) -> list[Row]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="40 documents per outlet, two rounds")
    parser.add_argument("--repeat", type=int, default=5, help="timed changes per row (default 5)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    corpus = fr.load_corpus("ukraine-2022", progress=False)
    label = "ukraine-2022"
    if args.quick:
        corpus, label = corpus.sample(40, by="outlet"), "ukraine-2022, 40 per outlet"
    repeat = 2 if args.quick else args.repeat
    print(f"{len(corpus):,} documents; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}",
          file=sys.stderr)
    rows = [*term_rows(corpus, label, repeat), *keyness_rows(corpus, label, repeat),
            *topic_rows(corpus, label, repeat, k=4 if args.quick else 10, passes=1 if args.quick else 5)]
    report(rows, name="widgets-quick" if args.quick else "widgets")
    return rows


if __name__ == "__main__":
    main()
