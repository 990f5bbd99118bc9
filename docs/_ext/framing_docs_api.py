"""The API reference's glue: the names of ``framing`` by layer, reference resolution, docstring checks.

Each object is documented once, on the page of the module that defines it (autosummary,
one page per module). Users reach it by shorter paths — ``framing.term_rates``,
``framing.terms.term_rates`` — and type hints name it bare (``DocTermMatrix``); references
written that way are resolved here to the documented object, so ``nitpicky`` only reports
references that lead nowhere.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
import inspect
import os
import pkgutil
from collections.abc import Iterator
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import framing

logger = logging.getLogger(__name__)

LAYERS = [
    ("framing.corpus", "Corpus: documents, readers, named corpora, text", "corpus"),
    ("framing.dtm", "Document-term matrix: counts, grouping, patterns", "dtm"),
    ("framing.stats", "Statistics: bootstrap, intervals, tests", "stats"),
    ("framing.terms", "Comparing terms: rates, keyness, KWIC, collocates, dictionaries", "terms"),
    ("framing.topics", "Topics: models, coherence, stability, prevalence, effects", "topics"),
    ("framing.embeddings", "Meaning: word vectors, embedding regression, scaling", "embeddings"),
    ("framing.validation", "Validation by people: intrusion tests, frame coding", "validation"),
    ("framing.distributed", "On a cluster: Dask", "distributed"),
    ("framing.viz", "Plots", "viz"),
    ("framing.figures", "The figure pipeline", "figures"),
    ("framing.widgets", "Views for JupyterLab", "widgets"),
    ("framing.cli", "The command line", "cli"),
    ("framing._infra", "Foundations: errors, paths, cache, atomic files", "infra"),
]
"""(package, title, page in docs/api/), lowest-level packages last as in the import contract's
order of use: what a user calls first comes first."""


def layer_of(module: str) -> str:
    """The package of ``LAYERS`` that ``module`` belongs to."""
    for package, _, _ in LAYERS:
        if module == package or module.startswith(package + "."):
            return package
    raise ValueError(f"{module} is in no layer of the API reference: add its package to LAYERS in {__file__}")


def role(obj: Any) -> str:
    if inspect.isclass(obj):
        return "exc" if issubclass(obj, BaseException) else "class"
    return "func" if callable(obj) else "data"


def summary(obj: Any) -> str:
    """The first sentence of the docstring, for the table of names."""
    doc = inspect.getdoc(obj) or ""
    first = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    return first.split(". ", 1)[0].rstrip(".") + "." if first else ""


class FramingNames(SphinxDirective):
    """``framing-names``: every name of ``framing.__all__``, grouped by layer, linked and summarised."""

    def run(self) -> list[nodes.Node]:
        grouped: dict[str, list[str]] = {package: [] for package, _, _ in LAYERS}
        for name in sorted(framing.__all__, key=str.lower):
            obj = getattr(framing, name)
            if not hasattr(obj, "__module__") or not hasattr(obj, "__qualname__"):
                continue  # __version__: a string, shown on the page itself
            target = f"{obj.__module__}.{obj.__qualname__}"
            grouped[layer_of(obj.__module__)].append(
                f"   * - :py:{role(obj)}:`{name} <{target}>`\n     - {summary(obj)}")
        lines = []
        for package, title, page in LAYERS:
            if grouped[package]:
                lines += [f".. rubric:: {title}", "", f"Defined in :doc:`{package} <{page}>`.", "",
                          ".. list-table::", "   :widths: 30 70", "", *grouped[package], ""]
        container = nodes.container()
        self.state.nested_parse(StringList("\n".join(lines).splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, container)
        return container.children


def public_objects() -> Iterator[tuple[str, Any]]:
    """(full name, object) of every public function and class, by the module that defines it."""
    for info in pkgutil.walk_packages(framing.__path__, "framing."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        yield info.name, module
        for key, obj in vars(module).items():
            if not key.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj)) \
                    and obj.__module__ == info.name:
                yield f"{info.name}.{key}", obj


def undocumented() -> list[str]:
    """Public modules, functions and classes without a docstring (a dataclass's generated one counts as none)."""
    missing = []
    for name, obj in public_objects():
        doc = (obj.__doc__ or "").strip()
        generated = dataclasses.is_dataclass(obj) and doc.startswith(f"{getattr(obj, '__name__', '')}(")
        if not doc or generated:
            missing.append(name)
    return missing


def check_docstrings(app: Sphinx) -> None:
    for name in undocumented():
        logger.warning(f"{name} is public and has no docstring: write one (or make it _private)",
                       type="framing", subtype="docstring")


def candidates(env: BuildEnvironment, target: str, module: str | None) -> list[str]:
    """Documented names that ``target`` may mean.

    ``framing.a.Name.attr``: the object it imports as (``framing.term_rates`` →
    ``framing.terms.rates.term_rates``), else the one documented name under the package
    ``framing.a`` that ends in ``Name.attr`` (data and attributes carry no ``__module__``).
    A bare ``Name`` (a type hint): the one documented framing name ending in it, preferring
    the referring module's own.
    """
    objects = env.get_domain("py").objects  # type: ignore[attr-defined]
    if target.startswith("framing."):
        parts = target.split(".")
        package, rest = "framing", ".".join(parts[1:])
        obj: Any = framing
        for i, part in enumerate(parts[1:], start=1):
            obj = getattr(obj, part, None)
            if obj is None:
                break
            if inspect.ismodule(obj):
                package, rest = ".".join(parts[:i + 1]), ".".join(parts[i + 1:])
        if obj is not None and hasattr(obj, "__module__") and hasattr(obj, "__qualname__"):
            return [f"{obj.__module__}.{obj.__qualname__}"]
        found = [full for full in objects if full.startswith(package + ".") and full.endswith("." + rest)]
        return found if len(found) == 1 else []
    if "." in target:
        return []
    short = [full for full in objects if full.startswith("framing.") and full.rsplit(".", 1)[-1] == target]
    same_module = [full for full in short if module and full.rsplit(".", 1)[0] == module]
    return same_module or (short if len(short) == 1 else [])


def resolve(app: Sphinx, env: BuildEnvironment, node: nodes.Element, contnode: nodes.Element) -> nodes.Node | None:
    if node.get("refdomain") != "py":
        return None
    domain = env.get_domain("py")
    for candidate in candidates(env, node["reftarget"].lstrip("~."), node.get("py:module")):
        if candidate != node["reftarget"]:
            ref = domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode)
            if ref is None and node["reftype"] != "obj":
                ref = domain.resolve_xref(env, node["refdoc"], app.builder, "obj", candidate, node, contnode)
            if ref is not None:
                return ref
    return None


def stale_module_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                       removed: set[str]) -> list[str]:
    """Pages of modules whose source changed since the page was read, and the list of names.

    Sphinx rereads a page when its own file changes, not when the docstrings it shows do.
    """
    stale = ["api/index"]
    for docname, read_at in env.all_docs.items():
        if docname.startswith("api/generated/framing"):
            spec = importlib.util.find_spec(docname.removeprefix("api/generated/"))
            if spec and spec.origin and os.stat(spec.origin).st_mtime_ns // 1000 > read_at:
                stale.append(docname)
    return stale


def setup(app: Sphinx) -> None:
    app.add_directive("framing-names", FramingNames)
    app.connect("env-get-outdated", stale_module_pages)
    app.connect("builder-inited", check_docstrings)
    app.connect("missing-reference", resolve)
