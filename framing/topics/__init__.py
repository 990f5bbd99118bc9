"""Topic models with gensim: fit, summarise, coherence, stability, prevalence, sweeps, inference.

>>> from framing.topics import fit_topics
>>> fit_topics.__name__
'fit_topics'
"""

from framing.topics.model import LdaOptions, TopicModel, fit_topics, load_topics

__all__ = ["LdaOptions", "TopicModel", "fit_topics", "load_topics"]
