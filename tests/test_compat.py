"""Old module names of framing 0.1 still import, warn, and give the module at its new place."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

from framing._compat import MOVED, new_name

OLD_SUBMODULES = ["framing.sources.fetch", "framing.plots.terms"]


def test_old_names_import_the_new_modules_with_a_warning():
    # a fresh interpreter, so that the first import of each old name is the one observed
    code = (
        "import importlib, json, sys, warnings\n"
        "out = {}\n"
        "for old, new in json.loads(sys.argv[1]).items():\n"
        "    with warnings.catch_warnings(record=True) as caught:\n"
        "        warnings.simplefilter('always')\n"
        "        module = importlib.import_module(old)\n"
        "    real = importlib.import_module(new)\n"
        "    mine = [str(w.message) for w in caught if w.category is DeprecationWarning\n"
        "            and str(w.message).startswith(old + ' ')]\n"
        "    out[old] = [module is real, real.__spec__.name, mine]\n"
        "print(json.dumps(out))\n"
    )
    names = {old: new_name(old) for old in [*sorted(MOVED), *OLD_SUBMODULES]}
    run = subprocess.run([sys.executable, "-c", code, json.dumps(names)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    for old, (same, spec_name, messages) in json.loads(run.stdout).items():
        new = names[old]
        assert same, f"{old} gave a second copy of {new}"
        assert spec_name == new, f"importing {old} changed the spec of {new}"
        assert messages == [f"{old} has moved to {new}; import it from there "
                            "(the old name will be removed in framing 0.4)"]


def test_from_import_of_an_old_name_keeps_user_code_working():
    with pytest.warns(DeprecationWarning, match="framing.rates has moved to framing.terms.rates"):
        sys.modules.pop("framing.rates", None)
        from framing.rates import term_rates
    from framing.terms.rates import term_rates as new
    assert term_rates is new


def test_old_module_as_attribute_of_the_package():
    import framing as fr

    sys.modules.pop("framing.text", None)
    with pytest.warns(DeprecationWarning, match="framing.text has moved to framing.corpus.text"):
        module = fr.text
    assert module is importlib.import_module("framing.corpus.text")
    with pytest.raises(AttributeError, match="module 'framing' has no attribute 'nonsense'"):
        fr.nonsense  # noqa: B018


def test_every_new_place_exists_and_names_that_did_not_move_are_left_alone():
    for old, new in MOVED.items():
        assert importlib.util.find_spec(new) is not None, f"{old} points at a missing module {new}"
    assert new_name("framing.terms.rates") is None and new_name("framing.ratesx") is None
