"""framing on a Dask cluster: what is specific to Dask lives here, everything else stays engine-neutral.

Install with ``pip install "framing[dask]"``. A distributed run gives the same numbers as one
machine: integer results (the matrix, counts, rates, keyness, concordance lines) are equal for any
number of partitions and workers; see the guide page "On a cluster".
"""

from framing.distributed.build import dask_document_term_matrix
from framing.distributed.cluster import connect, local_client, progress
from framing.distributed.coherence import dask_coherence_counts, dask_topic_coherence, dask_window_counts
from framing.distributed.concordance import dask_collocates, dask_kwic
from framing.distributed.corpus import DaskCorpus, read_dask
from framing.distributed.matrix import DaskMatrix, MatrixBlock, join_tokens
from framing.distributed.terms import dask_keyness, dask_term_rates, dask_term_share
from framing.distributed.topics import (
    DaskTopicModel,
    batch_doc_topics,
    batch_fit_topics,
    dask_doc_topics,
    dask_fit_topics,
)

__all__ = ["DaskCorpus", "DaskMatrix", "MatrixBlock", "connect", "join_tokens", "local_client", "progress"]
__all__ += ["DaskTopicModel", "batch_doc_topics", "batch_fit_topics", "dask_coherence_counts", "dask_doc_topics",
            "dask_fit_topics", "dask_topic_coherence", "dask_window_counts"]
__all__ += ["dask_document_term_matrix", "read_dask"]  # reading files, building the matrix
__all__ += ["dask_collocates", "dask_keyness", "dask_kwic", "dask_term_rates", "dask_term_share"]  # term analyses
