"""Corpora: the :class:`Corpus` table, readers for users' files, streaming, named corpora and text.

>>> from framing.corpus import Corpus
>>> Corpus.__name__
'Corpus'
"""

from framing.corpus.corpus import OPTIONAL, REQUIRED, Corpus, ReadReport
from framing.corpus.readers import from_dataframe, read, read_csv, read_folder, read_jsonl, read_parquet

__all__ = ["OPTIONAL", "REQUIRED", "Corpus", "ReadReport", "from_dataframe", "read", "read_csv",
           "read_folder", "read_jsonl", "read_parquet"]
