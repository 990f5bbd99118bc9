"""The document-term matrix, grouping of its documents, and term patterns resolved against it.

>>> from framing.dtm import document_term_matrix
>>> document_term_matrix.__name__
'document_term_matrix'
"""

from framing.dtm.matrix import (
                                PERIODS,
                                DocTermMatrix,
                                DTMOptions,
                                cache_dir,
                                corpus_tokens,
                                document_term_matrix,
                                group_keys,
                                resolve_stopwords,
)

__all__ = ["PERIODS", "DTMOptions", "DocTermMatrix", "cache_dir", "corpus_tokens",
           "document_term_matrix", "group_keys", "resolve_stopwords"]
