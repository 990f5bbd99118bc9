"""The built-in figure kinds, registered on import (see :mod:`framing.figures.registry`).

- :mod:`.corpus`: ``documents`` — the corpus's make-up over time;
- :mod:`.terms`: ``rates``, ``rates_over_time``, ``term_share``, ``keyness``, ``collocates``;
- :mod:`.compare`: ``rate_ratios``;
- :mod:`.topics`: ``topic_sweep``, ``topic_prevalence``;
- :mod:`.frames`: ``topic_effect``, ``frame_network``, ``topic_wording`` (topics as frames);
- :mod:`.meaning`: ``term_neighbours``, ``neighbours_ratio``, ``embedding_regression``, ``document_scores``.
- :mod:`.languages`: ``translation_agreement`` (do translations keep the frame words?).

Each kind is a pair of adapters: options → a package compute function → tidy table,
and table → a package plot function. Heavy modules are imported inside the adapters,
so checking a config or skipping an up-to-date figure does not load them.
"""

from framing.figures.kinds import compare, corpus, frames, languages, meaning, terms, topics  # noqa: F401
