"""Text pipeline: normalisation, transliteration, tokenisation, stopwords, lemmas, cleaning.

Tokens are made in C by Arrow kernels (``pyarrow.compute``), never by a Python loop per
token: texts are NFKC-normalised and lower-cased, URLs and e-mail addresses removed,
and split on anything that is not a letter, digit, hyphen or apostrophe, except that
acronyms keep their dots (``u.s.``) and numbers their separators (``1,000``, ``100.000``);
the rules are in :mod:`framing.corpus.text.rules`. Hyphenated compounds (``kyiv-based``)
and apostrophes inside words (Ukrainian ``м'ясо``, English ``don't``, ``russia's``; the
variants ’ ʼ ` ´ are unified to ') are kept; letters with diacritics (č ć š ž đ, ё, ї є ґ)
are letters. Sentence punctuation, except after an abbreviation ("Mr.", "tzv.", "т.е."),
leaves an invisible boundary so that n-grams never span two sentences. Markup is removed
by the readers (:mod:`framing.corpus.text.markup`). Then each distinct token is case-folded
(``str.casefold``), Serbian/Montenegrin/Bosnian Cyrillic is transliterated to Latin
(:func:`to_latin`, via ``cyrtranslit``), and optionally lemmatised with ``simplemma`` —
per distinct token and language, not per occurrence.

>>> from framing.corpus.text import tokenize
>>> tokenize("Агресија и Agresija — NATO's \\"sphere of influence\\"!", language="sr")
['agresija', 'i', 'agresija', "nato's", 'sphere', 'of', 'influence']
"""

from framing.corpus.text.boilerplate import BOILERPLATE, clean_boilerplate, find_boilerplate
from framing.corpus.text.markup import html_to_text, markdown_to_text
from framing.corpus.text.normalise import normalize_term
from framing.corpus.text.options import SERBIAN_LIKE, TextOptions, Transliterate
from framing.corpus.text.script import detect_script, to_latin
from framing.corpus.text.stopwords import stopword_set, stopwords
from framing.corpus.text.tokenise import ChunkedTokens, Tokens, count_tokens, tokenize, tokenize_chunks, tokenize_texts

__all__ = ["BOILERPLATE", "SERBIAN_LIKE", "ChunkedTokens", "TextOptions", "Tokens", "Transliterate",
           "clean_boilerplate", "count_tokens", "detect_script", "find_boilerplate", "html_to_text",
           "markdown_to_text", "normalize_term", "stopword_set", "stopwords", "to_latin", "tokenize",
           "tokenize_chunks", "tokenize_texts"]
