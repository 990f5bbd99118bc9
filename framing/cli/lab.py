"""``framing lab``: JupyterLab on the notebooks, with this package's Python as the kernel.

The notebooks ask for the kernel named ``python3``. So that it is *this* Python (the one
``framing`` is installed in) and not another ``python3`` kernel found on the machine, the
command writes a ``python3`` kernel spec for :data:`sys.executable` into a private folder
(``<cache>/jupyter``, see :func:`framing._infra.paths.jupyter_dir`) and puts that folder first on
``JUPYTER_PATH`` for this server only; the user's own kernels are untouched. Running as
root (as in many containers) adds ``--allow-root``, which Jupyter otherwise requires.

    framing lab                          # notebooks/ of the current folder
    framing lab --dir my-notebooks --port 8890 --no-browser   # the folder is created if missing
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from framing._infra.errors import FramingError

KERNEL_NAME = "python3"
"""The kernel name the notebooks ask for."""


def install_kernel(folder: Path) -> Path:
    """Write a ``python3`` kernel spec running :data:`sys.executable` under ``folder/kernels``.

    Returns ``folder``, the directory to put on ``JUPYTER_PATH``. An older spec there is replaced.
    """
    from ipykernel.kernelspec import write_kernel_spec

    spec = folder / "kernels" / KERNEL_NAME
    if spec.exists():
        shutil.rmtree(spec)
    spec.parent.mkdir(parents=True, exist_ok=True)
    write_kernel_spec(spec, overrides={"display_name": "Python 3 (framing)"})
    return folder


def notebook_folder(path: Path) -> Path:
    """The folder JupyterLab opens: ``path``, created (with its parents) when it does not exist.

    >>> import tempfile
    >>> new = Path(tempfile.mkdtemp()) / "my-notebooks"
    >>> notebook_folder(new).is_dir()
    True
    """
    if path.exists() and not path.is_dir():
        raise FramingError(f"--dir {str(path)!r} is a file, not a folder; pass --dir with a folder to open")
    if not path.exists():
        path.mkdir(parents=True)
        print(f"created the folder {path}", file=sys.stderr, flush=True)
    return path


def lab_command(notebooks: Path, *, port: int | None = None, ip: str = "127.0.0.1",
                token: str | None = None, open_browser: bool = True) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that start JupyterLab on ``notebooks``.

    Args:
        notebooks: the folder JupyterLab shows (its root directory).
        port: a fixed port (then no fallback to another one); ``None`` lets Jupyter choose.
        ip: the address to listen on; loopback by default, so nothing is exposed.
        token: the access token; ``None`` lets Jupyter generate one.
        open_browser: open the default web browser once the server runs.

    >>> argv, env = lab_command(Path("."), port=8890, open_browser=False)
    >>> argv[1:3], "--no-browser" in argv
    (['-m', 'jupyterlab'], True)
    """
    if not notebooks.is_dir():
        raise FramingError(f"no notebook folder {str(notebooks)!r}; pass --dir with the folder to open")
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={notebooks.resolve()}",
            f"--ServerApp.ip={ip}"]
    if port is not None:
        argv += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        argv.append(f"--IdentityProvider.token={token}")
    if not open_browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return argv, {**os.environ, "JUPYTER_PATH": jupyter_path()}


def jupyter_path() -> str:
    """``JUPYTER_PATH`` with this Python's ``python3`` kernel spec first (installed on the way).

    Any server or client started with it (JupyterLab, Voilà, nbclient) runs notebooks in
    the Python that ``framing`` is installed in.
    """
    from framing._infra.paths import jupyter_dir

    kernels = install_kernel(jupyter_dir())
    rest = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p and p != str(kernels)]
    return os.pathsep.join([str(kernels), *rest])


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``framing lab`` to the parser."""
    parser = sub.add_parser("lab", help="open JupyterLab on the notebooks with this package's kernel")
    parser.add_argument("--dir", default="notebooks", help="folder to open, created if missing (default: notebooks)")
    parser.add_argument("--port", type=int, default=None, help="port (default: Jupyter picks a free one)")
    parser.add_argument("--ip", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    argv, env = lab_command(notebook_folder(Path(args.dir)), port=args.port, ip=args.ip,
                            open_browser=not args.no_browser)
    print(f"kernel: {sys.executable}", file=sys.stderr, flush=True)
    if os.name == "posix":        # become JupyterLab, so that Ctrl-C and kill reach it directly
        os.execve(argv[0], argv, env)  # noqa: S606 (argv: this Python's jupyter-lab, built by lab_command)
    return subprocess.call(argv, env=env)  # noqa: S603 (the same argv, no shell)
