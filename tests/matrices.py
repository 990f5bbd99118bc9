"""Document-term matrices built straight from counts, for tests that need no tokenising."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framing.dtm.matrix import DocTermMatrix, DTMOptions


def matrix_of(counts, lengths, outlets, dates: Sequence[str] | None = None,
              vocab: Sequence[str] = ("invasion", "operation")) -> DocTermMatrix:
    """A matrix with one row of ``counts`` per document (as many terms as columns, named from ``vocab``)."""
    n = len(outlets)
    counts = np.asarray(counts, dtype=np.int64).reshape(n, -1)
    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(n)], "outlet": outlets,
                         "date": pd.to_datetime(dates if dates is not None else ["2022-01-01"] * n)})
    return DocTermMatrix(matrix=sp.csr_matrix(counts), vocab=np.array(list(vocab)[:counts.shape[1]], dtype=object),
                         doc_lengths=np.asarray(lengths, dtype=np.int64), docs=docs, options=DTMOptions(),
                         fingerprint="test")
