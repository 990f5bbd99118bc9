"""pyproject.toml is the single source of dependencies; environment.yml must agree."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

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
