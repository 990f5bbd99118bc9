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
from framing.collocates import collocates, compare_collocates
from framing.context import kwic
from framing.dictionaries import FrameDictionary, available_dictionaries, load_dictionary, term_audit
from framing.keyness import keyness
from framing.patterns import Alternative, Pattern, compile_patterns, match_terms, pattern_counts
from framing.rates import term_rates, term_share
from framing.coherence import topic_coherence, topic_texts
from framing.prevalence import prevalence_differences, topic_prevalence
from framing.stability import match_topics, seed_stability, topic_similarity
from framing.sweep import SweepOptions, sweep_topics
from framing.topics import LdaOptions, TopicModel, fit_topics, load_topics
from framing.catalog import known_corpora, load_corpus

__version__ = "0.1.0"

__all__ = [
    "CatalogError", "ConfigError", "Corpus", "CorpusError", "DocTermMatrix", "FramingError",
    "FramingWarning", "ModelError", "PatternError", "ReadReport", "TextOptions",
    "clean_boilerplate", "document_term_matrix", "from_dataframe", "read", "read_csv",
    "read_folder", "read_jsonl", "read_parquet", "to_latin", "tokenize",
]
__all__ += [  # topic models
    "LdaOptions", "SweepOptions", "TopicModel", "fit_topics", "load_topics",
    "match_topics", "prevalence_differences", "seed_stability", "sweep_topics", "topic_prevalence",
    "topic_coherence", "topic_similarity", "topic_texts",
]
__all__ += [  # comparing terms
    "Alternative", "FrameDictionary", "Pattern", "available_dictionaries", "collocates",
    "compare_collocates", "compile_patterns", "keyness", "kwic", "load_dictionary", "match_terms",
    "pattern_counts", "term_audit", "term_rates", "term_share",
]
__all__ += ["known_corpora", "load_corpus"]  # named corpora (framing.catalog)
