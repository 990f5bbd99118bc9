"""The document-term matrix, grouping of its documents, and term patterns resolved against it.

>>> from framing.dtm import document_term_matrix
>>> document_term_matrix.__name__
'document_term_matrix'
"""

from framing._infra.paths import cache_root as cache_dir  # its 0.1 name here; the cache root
from framing.dtm.grouping import (
    PERIOD_CODES,
    PERIOD_NAMES,
    PERIODS,
    Grouping,
    group_keys,
    period_code,
)
from framing.dtm.matrix import DocTermMatrix, DTMOptions, corpus_tokens, document_term_matrix, resolve_stopwords

__all__ = ["PERIODS", "PERIOD_CODES", "PERIOD_NAMES", "DTMOptions", "DocTermMatrix", "Grouping", "cache_dir",
           "corpus_tokens", "document_term_matrix", "group_keys", "period_code", "resolve_stopwords"]
