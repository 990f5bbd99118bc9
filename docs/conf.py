"""Sphinx configuration of framing's documentation site (``make docs`` → build/docs/).

Why Sphinx and not MkDocs: the docstrings are written for Sphinx — roles such as ``:func:``,
``:class:``, ``:mod:``, ``:data:``, ``:attr:`` and ``:math:`` and Google-style ``Args:`` /
``Returns:`` / ``Raises:`` sections — so autodoc with napoleon renders and cross-links them as
they are, where mkdocstrings would show the roles as text. The pages are Markdown (myst-parser),
the notebooks are executed at build time by myst-nb (no pandoc), the theme is PyData's.

The build is offline: MathJax is copied into the site (sphinx-mathjax-offline), no
intersphinx (references to other projects stay plain text), and references to framing's own
names are checked (``nitpicky``; ``make docs`` turns every warning into an error).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
BUILD = ROOT / "build"
sys.path[:0] = [str(DOCS / "_ext"), str(ROOT)]

import framing  # noqa: E402
from framing.cli.lab import jupyter_path  # noqa: E402

# The notebooks run in this Python (its python3 kernel spec first on JUPYTER_PATH, as for
# `framing lab`), with the inline backend of a kernel, as for a user.
os.environ["JUPYTER_PATH"] = jupyter_path()
os.environ.pop("MPLBACKEND", None)

project = "framing"
author = "The framing developers"
copyright = "The framing developers"
release = version = framing.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx-mathjax-offline",
    "myst_nb",
    "framing_docs",
]

exclude_patterns = ["_build", "_ext", "**.ipynb_checkpoints", "figures/*.csv"]
# config.cache: conf.py's values are not all picklable (a change to conf.py rebuilds everything);
# ref.python: two classes are named TopicModel (the model, and the protocol in topics.summaries)
suppress_warnings = ["config.cache", "ref.python"]

# --- the API reference --------------------------------------------------------------------
autosummary_generate = True
autosummary_ignore_module_all = True  # a module page documents what the module defines, once
autosummary_mock_imports = ["framing.cli.__main__"]  # importing it runs the command
autodoc_default_options = {"members": True, "member-order": "bysource", "ignore-module-all": True,
                           "show-inheritance": True}
autodoc_typehints = "signature"
autodoc_preserve_defaults = True
autodoc_class_signature = "separated"
python_use_unqualified_type_names = True
napoleon_google_docstring = True
napoleon_numpy_docstring = True
napoleon_use_rtype = False
napoleon_attr_annotations = True
add_module_names = False
viewcode_line_numbers = True

# Broken references to framing's own names are errors; other projects' names (numpy, pandas,
# gensim, ...) stay plain text, because intersphinx would need the network.
nitpicky = True
nitpick_ignore_regex = [(r"py:.*", r"(?!framing\b).*"),
                        (r"py:class", r"framing\.[\w.]+\.[A-Z]")]  # type variables (T, R) of generic helpers

# --- notebooks (myst-nb) -------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = os.environ.get("FRAMING_DOCS_EXECUTE", "cache")
nb_execution_cache_path = str(BUILD / "docs-cache" / "jupyter")
nb_execution_timeout = 900
nb_execution_raise_on_error = True     # a notebook that fails fails the build
nb_execution_show_tb = True
nb_execution_excludepatterns: list[str] = []
nb_merge_streams = True
# The views are ipywidgets: their JavaScript would come from a CDN, which a page opened from disk
# cannot reach. framing_docs gives each view a static HTML snapshot (its figures and tables)
# and the site shows that instead of the live widget.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None),
                              ("html", "application/vnd.jupyter.widget-state+json", None)]
nb_ipywidgets_js: dict[str, dict[str, str]] = {}

# --- what framing_docs generates -------------------------------------------------------------
framing_docs_figures = os.environ.get("FRAMING_DOCS_FIGURES", str(BUILD / "docs-figures"))
"""The demo figure set (``framing figures --out``), shown in the gallery."""
framing_docs_sample = int(os.environ.get("FRAMING_DOCS_SAMPLE", "40"))
"""Documents per outlet that the notebooks read (a sample of the demo corpus keeps the build quick)."""

# --- HTML ------------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"framing {version}"
html_static_path = ["_static"]
html_css_files = ["framing.css"]
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 5,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"index": [], "changelog": []}
