"""Validation by people: intrusion tests of topic models, and human frame coding compared with the machine.

- Intrusion tests (Chang et al. 2009): :func:`word_intrusion_items`, :func:`topic_intrusion_items`,
  answers recorded by :class:`framing.widgets.IntrusionCoder`, read by :func:`read_intrusion_answers`,
  scored by :func:`intrusion_precision` (model precision, topic log odds, bootstrap intervals).
- Frame coding: :func:`draw_coding_sample` (stratified, seeded), a :class:`Codebook`
  (:func:`load_codebook`; framing ships ``ukraine``), codes recorded by
  :class:`framing.widgets.FrameCoder`, read by :func:`read_codes`; :func:`coder_agreement`
  (Krippendorff's α with a bootstrap interval); :func:`compare_codes` (precision, recall, F1 of
  :func:`dictionary_codes` or :func:`topic_codes` against the human codes).

>>> from framing.validation import load_codebook
>>> load_codebook("ukraine").name
'ukraine'
"""

from framing.validation.agreement import coder_agreement
from framing.validation.codebook import Codebook, available_codebooks, codebook_from_dictionary, load_codebook
from framing.validation.codes import read_codes
from framing.validation.compare import compare_codes, dictionary_codes, topic_codes
from framing.validation.intrusion import topic_intrusion_items, word_intrusion_items
from framing.validation.precision import intrusion_precision, read_intrusion_answers
from framing.validation.sampling import draw_coding_sample

__all__ = ["Codebook", "available_codebooks", "coder_agreement", "codebook_from_dictionary", "compare_codes",
           "dictionary_codes", "draw_coding_sample", "intrusion_precision", "load_codebook", "read_codes",
           "read_intrusion_answers", "topic_codes", "topic_intrusion_items", "word_intrusion_items"]
