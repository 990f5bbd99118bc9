"""Meaning, not only counts: word vectors, à-la-carte embeddings of each use of a term, embedding
regression with permutation inference, nearest neighbours per group, and Latent Semantic Scaling."""

from framing.embeddings.alacarte import ALaCarte, TermUses, alacarte_transform, fit_alacarte, term_uses
from framing.embeddings.files import load_vectors, save_vectors
from framing.embeddings.neighbours import meaning_similarity, neighbours_ratio, term_neighbours
from framing.embeddings.regression import embedding_regression, regress_embeddings
from framing.embeddings.scaling import LatentScaling, load_seeds, scale_documents
from framing.embeddings.vectors import VectorOptions, WordVectors, train_vectors

__all__ = ["ALaCarte", "LatentScaling", "TermUses", "VectorOptions", "WordVectors", "alacarte_transform",
           "embedding_regression", "fit_alacarte", "load_seeds", "load_vectors", "meaning_similarity",
           "neighbours_ratio", "regress_embeddings", "save_vectors", "scale_documents", "term_neighbours",
           "term_uses", "train_vectors"]
