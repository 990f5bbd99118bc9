"""pyproject.toml is the single source of dependencies; environment.yml must agree."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return requirement.strip()[len(_name(requirement)):].replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {_name(r): _spec(r) for r in conda + pip if not r.startswith("-e") and _name(r) not in ("python", "pip")}
    wanted = {_name(r): _spec(r) for r in project["dependencies"]}
    assert listed == wanted, "environment.yml and pyproject.toml list different packages or versions"
    assert "-e ." in pip, "environment.yml must install the package itself with pip"
    assert "python=3.11" in conda and "conda-forge" in env["channels"]


def test_console_command_help_and_version():
    out = subprocess.run([sys.executable, "-m", "framing.cli", "--help"], capture_output=True, text=True, check=True)
    assert "corpus" in out.stdout and "usage: framing" in out.stdout
    version = subprocess.run([sys.executable, "-m", "framing.cli", "--version"], capture_output=True, text=True)
    import framing

    assert version.stdout.strip() == f"framing {framing.__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["version"] == framing.__version__
    assert project["scripts"]["framing"] == "framing.cli:main"


def test_py_typed_lets_a_user_type_check_their_analysis(tmp_path):
    """The shipped py.typed marker is honest: mypy reads framing's annotations in a user's script.

    framing is put on the path of a bare virtual environment by a ``.pth`` file, so mypy
    treats it as an installed package (PEP 561), as it would a wheel, whatever the install mode here.
    """
    api = pytest.importorskip("mypy.api", reason="mypy is in the lint extra: pip install -e '.[lint]'")
    import venv

    assert (ROOT / "framing" / "py.typed").is_file()
    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "framing-checkout.pth").write_text(f"{ROOT}\n")
    (tmp_path / "mypy.ini").write_text("[mypy]\nignore_missing_imports = True\n")
    script = tmp_path / "analysis.py"
    script.write_text("import framing as fr\n"
                      "corpus = fr.read_csv('a.csv')\n"
                      "reveal_type(corpus)\n"
                      "fr.term_rates(corpus, 'invasion', n_boot='many')\n")
    stdout, _, status = api.run([str(script), "--python-executable", str(python), "--no-incremental",
                                 "--config-file", str(tmp_path / "mypy.ini")])
    assert 'Revealed type is "framing.corpus.corpus.Corpus"' in stdout, stdout
    assert 'Argument "n_boot" to "term_rates" has incompatible type "str"; expected "int"' in stdout, stdout
    assert status == 1
