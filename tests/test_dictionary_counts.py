"""Frame-dictionary counts against a plain scan of the texts (an independent count)."""

from __future__ import annotations

import re

import pandas as pd

import framing as fr
from framing.terms.dictionaries import FrameDictionary

TEXTS = [("a", "The invasion began. Invaders crossed; the INVASION went on."),
         ("a", "A special military operation, they said: the special military operation."),
         ("b", "Вторгнення почалося. Агресія триває."),
         ("b", "Агресија се наставља. Agresija i invazija.")]
DICTIONARY = FrameDictionary("demo", {
    "INVASION": {"en": ["invasion|invader*"], "uk": ["вторгнен*"], "sr-Latn": ["invazij*"]},
    "SMO": {"en": ["special military operation"]},
    "AGGRESSION": {"uk": ["агресі*"], "sr-Cyrl": ["агресиј*"], "sr-Latn": ["agresij*"]},
})
# the same concepts as regular expressions over the lower-cased text (Serbian Cyrillic written out)
SCAN = {"INVASION": r"\binvasion\b|\binvader\w*|\bвторгнен\w*|\binvazij\w*",
        "SMO": r"\bspecial military operation\b",
        "AGGRESSION": r"\bагресі\w*|\bагресиј\w*|\bagresij\w*"}


def test_concept_counts_equal_a_regex_scan_of_the_texts():
    corpus = fr.from_dataframe(pd.DataFrame({"outlet": [o for o, _ in TEXTS], "date": "2022-03-01",
                                             "text": [t for _, t in TEXTS]}))
    rates = fr.term_rates(corpus, DICTIONARY, n_boot=0).set_index(["outlet", "pattern"])
    for concept, regex in SCAN.items():
        for outlet in ("a", "b"):
            texts = [t.lower() for o, t in TEXTS if o == outlet]
            count = sum(len(re.findall(regex, t)) for t in texts)
            docs = sum(bool(re.search(regex, t)) for t in texts)
            assert rates.loc[(outlet, concept), "count"] == count, (concept, outlet)
            assert rates.loc[(outlet, concept), "docs_matched"] == docs, (concept, outlet)
