"""framing — media-framing research in JupyterLab.

Read a corpus, count and compare terms across outlets and periods, read them in
context, and fit topic models; every function takes and returns pandas objects.

>>> import framing as fr
>>> fr.__version__
'0.1.0'
"""

from framing import _compat
from framing._infra.errors import (
    ArgumentError,
    CatalogError,
    CodingError,
    ConfigError,
    CorpusError,
    FramingError,
    FramingWarning,
    ModelError,
    PatternError,
)
from framing._infra.version import __version__
from framing.corpus.catalog import known_corpora, load_corpus
from framing.corpus.corpus import Corpus, ReadReport
from framing.corpus.duplicates import drop_near_duplicates, near_duplicates
from framing.corpus.exports import read_gdelt, read_mediacloud, read_nexis
from framing.corpus.readers import from_dataframe, read, read_csv, read_folder, read_jsonl, read_parquet
from framing.corpus.text import TextOptions, clean_boilerplate, normalize_term, to_latin, tokenize
from framing.dtm.documents import documents_per_period
from framing.dtm.matrix import DocTermMatrix, document_term_matrix, load_matrix
from framing.dtm.patterns import Alternative, Pattern, compile_patterns, match_terms, pattern_counts
from framing.embeddings import (
    VectorOptions,
    WordVectors,
    embedding_regression,
    load_vectors,
    meaning_similarity,
    neighbours_ratio,
    save_vectors,
    scale_documents,
    term_neighbours,
    term_uses,
    train_vectors,
)
from framing.terms.agreement import dictionary_agreement
from framing.terms.collocates import collocates, compare_collocates
from framing.terms.compare import compare_rates
from framing.terms.dictionaries import FrameDictionary, available_dictionaries, load_dictionary, term_audit
from framing.terms.keyness import keyness
from framing.terms.kwic import kwic
from framing.terms.rates import term_rates, term_share
from framing.topics.coherence import topic_coherence, topic_texts
from framing.topics.effects import EffectEstimate, estimate_effect
from framing.topics.model import LdaOptions, TopicModel, fit_topics, load_topics
from framing.topics.networks import FrameNetwork, frame_network
from framing.topics.prevalence import prevalence_differences, topic_prevalence
from framing.topics.slices import topic_wording
from framing.topics.stability import match_topics, seed_stability, topic_similarity
from framing.topics.sweep import SweepOptions, sweep_topics
from framing.validation import (
    Codebook,
    coder_agreement,
    compare_codes,
    dictionary_codes,
    draw_coding_sample,
    intrusion_precision,
    load_codebook,
    read_codes,
    read_intrusion_answers,
    topic_codes,
    topic_intrusion_items,
    word_intrusion_items,
)

__all__ = [
    "__version__",
    "ArgumentError", "CatalogError", "ConfigError", "Corpus", "CorpusError", "DocTermMatrix", "FramingError",
    "FramingWarning", "ModelError", "PatternError", "ReadReport", "TextOptions",
    "clean_boilerplate", "document_term_matrix", "load_matrix", "documents_per_period", "normalize_term", "from_dataframe",
    "read", "read_csv",
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
__all__ += [  # topics as frames: covariate effects, frame networks, wording per outlet (framing.topics)
    "EffectEstimate", "FrameNetwork", "estimate_effect", "frame_network", "topic_wording",
]
__all__ += ["known_corpora", "load_corpus"]  # named corpora (framing.corpus.catalog)
__all__ += ["compare_rates"]  # rate ratios and differences (framing.terms.compare)
__all__ += ["dictionary_agreement"]  # originals vs translations (framing.terms.agreement)
__all__ += [  # validation by people: intrusion tests, frame coding (framing.validation)
    "CodingError", "Codebook", "coder_agreement", "compare_codes", "dictionary_codes", "draw_coding_sample",
    "intrusion_precision", "load_codebook", "read_codes", "read_intrusion_answers", "topic_codes",
    "topic_intrusion_items", "word_intrusion_items",
]
__all__ += ["drop_near_duplicates", "near_duplicates", "read_gdelt", "read_mediacloud", "read_nexis"]  # exports, wire copy
__all__ += [  # meaning: word vectors, embedding regression, scaling (framing.embeddings)
    "VectorOptions", "WordVectors", "embedding_regression", "load_vectors", "meaning_similarity", "neighbours_ratio",
    "save_vectors", "scale_documents", "term_neighbours", "term_uses", "train_vectors",
]

__all__ += ["read_dask"]  # files read on a Dask cluster (framing.distributed, imported on first use)

_compat.install()


def __getattr__(name: str) -> object:
    """``framing.rates`` and the other 0.1 module names as attributes, with a DeprecationWarning; and
    ``framing.read_dask``, whose layer (:mod:`framing.distributed`) is imported only when it is first used."""
    if name == "read_dask":
        from framing.distributed.corpus import read_dask

        return read_dask
    if f"framing.{name}" in _compat.MOVED:
        import importlib

        return importlib.import_module(f"framing.{name}")
    raise AttributeError(f"module 'framing' has no attribute {name!r}")
