"""Sphinx extension of framing's documentation: what the site generates from the package.

- ``docs/examples/``: the notebooks of ``notebooks/``, each with a cell after its
  ``parameters`` cell that runs it on a sample of the demo corpus (the papermill convention,
  as in tests/test_notebooks.py), executed by myst-nb (:mod:`framing_docs_notebooks`);
- ``docs/gallery/``: the demo figure set with its captions and config entries
  (:mod:`framing_docs_gallery`);
- the ``framing-names`` directive: every name of ``framing.__all__``, grouped by layer, with
  its summary line and a link to its documentation (:mod:`framing_docs_api`);
- references to framing's names by the path users type (``framing.term_rates``) or by a
  short name in a type hint (``DocTermMatrix``) resolve to where the object is documented;
- a public function or class without a docstring is a warning (an error under ``-W``).

Both generated folders are rewritten only where their content changed, so Sphinx's
incremental build and myst-nb's execution cache keep working.
"""

from __future__ import annotations

from typing import Any

import framing_docs_api
import framing_docs_gallery
import framing_docs_notebooks
from sphinx.application import Sphinx
from sphinx.config import Config


def generate(app: Sphinx, config: Config) -> None:
    """Write docs/examples/ and docs/gallery/ before Sphinx looks for source files."""
    framing_docs_notebooks.write_examples(app.srcdir, sample=config.framing_docs_sample,
                                          figures=config.framing_docs_figures)
    framing_docs_gallery.write_gallery(app.srcdir, config.framing_docs_figures)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("framing_docs_figures", "", "env")
    app.add_config_value("framing_docs_sample", 40, "env")
    app.connect("config-inited", generate)
    framing_docs_api.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
