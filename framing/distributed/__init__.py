"""framing on a Dask cluster: what is specific to Dask lives here, everything else stays engine-neutral.

Install with ``pip install "framing[dask]"``. A distributed run gives the same numbers as one
machine: integer results (the matrix, counts, rates, keyness, concordance lines) are equal for any
number of partitions and workers; see the guide page "On a cluster".
"""

from framing.distributed.cluster import connect, local_client, progress
from framing.distributed.corpus import DaskCorpus
from framing.distributed.matrix import DaskMatrix, MatrixBlock, join_tokens

__all__ = ["DaskCorpus", "DaskMatrix", "MatrixBlock", "connect", "join_tokens", "local_client", "progress"]
