"""Readers for news-archive exports: Media Cloud story lists, GDELT DOC 2.0 article lists, Nexis downloads.

One function per archive, because each export has its own layout and options (Media Cloud and
GDELT list titles and URLs, Nexis holds full texts in a line layout of its own) and a file's name
does not tell a Media Cloud CSV from any other CSV. Each maps its records onto the corpus schema,
adds the provenance columns ``source_format``, ``source_file`` and ``source_record``
(:data:`framing.corpus.exports.common.PROVENANCE`), and passes the rest to
:func:`framing.from_dataframe` (``constants=``, ``on_bad_date=``, ``dedupe=``).

>>> from framing.corpus.exports import read_gdelt, read_mediacloud, read_nexis
>>> read_nexis.__name__
'read_nexis'
"""

from framing.corpus.exports.gdelt import read_gdelt
from framing.corpus.exports.mediacloud import read_mediacloud
from framing.corpus.exports.nexis import read_nexis

__all__ = ["read_gdelt", "read_mediacloud", "read_nexis"]
