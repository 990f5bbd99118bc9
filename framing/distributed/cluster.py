"""Connecting to a Dask cluster: a local one for a laptop or a test, or an existing scheduler.

framing does not schedule anything itself: every distributed step is a set of Dask tasks on the
``distributed.Client`` you pass. :func:`local_client` starts a ``LocalCluster`` (worker
*processes*, one thread each, as the tokeniser and gensim hold the GIL in places) and
:func:`connect` joins an existing scheduler (``"tcp://host:8786"``) or a ``dask-jobqueue`` /
Kubernetes cluster object; both print the dashboard link, where the tasks can be watched.

>>> from framing.distributed import local_client
>>> with local_client(n_workers=1, processes=False, dashboard=False) as client:  # doctest: +SKIP
...     len(client.scheduler_info()["workers"])
1
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from framing._infra.errors import FramingError

INSTALL = 'the distributed engine needs Dask: pip install "framing[dask]"'


def require_dask() -> Any:
    """The ``distributed`` module, or a :class:`~framing.FramingError` that says how to install it."""
    try:
        import distributed
    except ImportError:
        raise FramingError(INSTALL) from None
    return distributed


def announce(client: Any) -> None:
    """Print where the client is connected and its dashboard link (stderr)."""
    link = getattr(client, "dashboard_link", None)
    workers = len(client.scheduler_info().get("workers", {}))
    where = f"; dashboard: {link}" if link else ""
    print(f"framing: Dask client with {workers} worker(s) at {client.scheduler.address}{where}", file=sys.stderr)


@contextlib.contextmanager
def local_client(*, n_workers: int = 2, threads_per_worker: int = 1, processes: bool = True,
                 memory_limit: str | float | int = "auto", dashboard: bool = True) -> Iterator[Any]:
    """A ``LocalCluster`` and a client on it, closed on leaving the ``with`` block.

    Args:
        n_workers: worker processes (or threads with ``processes=False``).
        threads_per_worker: threads in each worker.
        processes: run workers as processes (the default, as on a cluster).
        memory_limit: per worker, as Dask reads it (``"4GiB"``, ``"auto"``).
        dashboard: serve the dashboard (on a free port) and print its link.
    """
    distributed = require_dask()
    with distributed.LocalCluster(n_workers=n_workers, threads_per_worker=threads_per_worker, processes=processes,
                                  memory_limit=memory_limit, dashboard_address=":0" if dashboard else None,
                                  ) as cluster, distributed.Client(cluster) as client:
        announce(client)
        yield client


def connect(address: str | Any) -> Any:
    """A client on an existing scheduler address (``"tcp://10.0.0.5:8786"``) or cluster object
    (``dask_jobqueue.SLURMCluster``, ``dask_kubernetes`` operator cluster); prints the dashboard link."""
    distributed = require_dask()
    try:
        client = distributed.Client(address)
    except (OSError, TimeoutError) as exc:
        raise FramingError(f"cannot reach the Dask scheduler at {address!r} ({type(exc).__name__}: {exc}); "
                           "check the address and that the scheduler is running") from None
    announce(client)
    return client


def progress(futures: Sequence[Any], *, desc: str, enabled: bool = True) -> None:
    """Wait for ``futures`` with a tqdm bar that advances as each finishes (errors surface in ``gather``)."""
    from tqdm.auto import tqdm

    distributed = require_dask()
    with tqdm(total=len(futures), desc=desc, unit="block", disable=not enabled, leave=False) as bar:
        for _ in distributed.as_completed(list(futures)):
            bar.update(1)
