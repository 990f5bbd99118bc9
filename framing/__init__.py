"""framing — media-framing research in JupyterLab.

Read a corpus, count and compare terms across outlets and periods, read them in
context, and fit topic models; every function takes and returns pandas objects.

>>> import framing as fr
>>> fr.__version__
'0.1.0'
"""

from framing.corpus import Corpus, ReadReport
from framing.dtm import DocTermMatrix, document_term_matrix
from framing.errors import (CatalogError, ConfigError, CorpusError, FramingError, ModelError,
                            PatternError)
from framing.readers import (FramingWarning, from_dataframe, read, read_csv, read_folder,
                             read_jsonl, read_parquet)
from framing.text import TextOptions, clean_boilerplate, to_latin, tokenize

__version__ = "0.1.0"

__all__ = [
    "CatalogError", "ConfigError", "Corpus", "CorpusError", "DocTermMatrix", "FramingError",
    "FramingWarning", "ModelError", "PatternError", "ReadReport", "TextOptions",
    "clean_boilerplate", "document_term_matrix", "from_dataframe", "read", "read_csv",
    "read_folder", "read_jsonl", "read_parquet", "to_latin", "tokenize",
]
