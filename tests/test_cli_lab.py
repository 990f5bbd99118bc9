"""``framing lab``: the command line and environment it starts JupyterLab with.

(That JupyterLab really starts with them and runs the notebooks is tests/test_browser.py.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from framing._infra.errors import FramingError
from framing.cli import main
from framing.cli.lab import install_kernel, jupyter_path, lab_command


def test_kernel_spec_runs_this_python(tmp_path):
    folder = install_kernel(tmp_path / "jupyter")
    spec = json.loads((folder / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["argv"][:3] == [sys.executable, "-m", "ipykernel_launcher"]
    assert spec["display_name"] == "Python 3 (framing)"
    install_kernel(tmp_path / "jupyter")                        # replacing an older spec works
    assert (folder / "kernels" / "python3" / "kernel.json").exists()


def test_jupyter_path_puts_the_kernel_first(monkeypatch, tmp_path):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("JUPYTER_PATH", os.pathsep.join(["/elsewhere", str(tmp_path / "cache" / "jupyter")]))
    assert jupyter_path().split(os.pathsep) == [str(tmp_path / "cache" / "jupyter"), "/elsewhere"]


def test_lab_command(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    argv, env = lab_command(tmp_path, port=8890, token="secret", open_browser=False)
    assert argv[:3] == [sys.executable, "-m", "jupyterlab"]
    assert {f"--ServerApp.root_dir={tmp_path.resolve()}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port=8890",
            "--ServerApp.port_retries=0", "--IdentityProvider.token=secret", "--no-browser"} <= set(argv)
    assert ("--allow-root" in argv) == (os.geteuid() == 0)
    assert env["JUPYTER_PATH"].split(os.pathsep)[0] == str(tmp_path / "cache" / "jupyter")


def test_lab_without_port_or_token_lets_jupyter_choose(tmp_path):
    argv, _ = lab_command(tmp_path)
    assert not any(a.startswith(("--ServerApp.port", "--IdentityProvider.token")) for a in argv)
    assert "--no-browser" not in argv


def test_lab_command_needs_an_existing_folder(tmp_path):
    with pytest.raises(FramingError, match=r"^no notebook folder '.+nowhere'; pass --dir with the folder to open$"):
        lab_command(tmp_path / "nowhere")


def test_framing_lab_creates_a_missing_folder(tmp_path, monkeypatch, capsys):
    """``framing lab --dir my-notebooks`` on a folder that does not exist yet: created, then JupyterLab runs."""
    started = []
    monkeypatch.setenv("FRAMING_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(os, "execve", lambda path, argv, env: started.append(argv))
    monkeypatch.setattr(subprocess, "call", lambda argv, env: started.append(argv) or 0)
    monkeypatch.chdir(tmp_path)
    assert main(["lab", "--dir", "my-notebooks/2024", "--no-browser"]) == 0
    assert (tmp_path / "my-notebooks" / "2024").is_dir()
    assert f"--ServerApp.root_dir={tmp_path / 'my-notebooks' / '2024'}" in started[0]
    assert capsys.readouterr().err.splitlines()[0] == "created the folder my-notebooks/2024"
    assert main(["lab", "--dir", "my-notebooks/2024", "--no-browser"]) == 0  # now it exists: just opened
    assert "created" not in capsys.readouterr().err


def test_framing_lab_on_a_file(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    assert main(["lab", "--dir", str(tmp_path / "notes.txt"), "--no-browser"]) == 2
    assert capsys.readouterr().err == (f"error: --dir {str(tmp_path / 'notes.txt')!r} is a file, not a folder; "
                                       "pass --dir with a folder to open\n")


def test_framing_lab_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["lab", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: framing lab [-h] [--dir DIR] [--port PORT] [--ip IP] [--no-browser]")
