"""Scale-out on a Dask cluster: each worker builds the pipeline once and codes partitions.

The coder lives on the Dask worker object itself (not in a module global), keyed by the
config, so tasks reuse it and nothing mutable lives at module level. ``CoderPlugin``
builds it when a worker starts (a worker restarted after a crash too), so the model
loads once per worker and before any task is timed.

Only documents go out and only coded records come back, without the document text the
client already holds: no spaCy ``Doc`` crosses the wire. The client process is the single
writer of the store (DuckDB has one writer).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from cormorant.config import CoderConfig
from cormorant.records import CodedDocument, Document, Skipped

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

log = logging.getLogger(__name__)

__all__ = ["ClusterCoder", "CoderPlugin", "code_on_cluster", "code_partition", "lean",
           "local_cluster", "preload"]

# Dask's statistical profiler samples each worker's task thread 100 times a second for the
# dashboard; measured here it cost each worker ~3 % of a core on its event loop, plus the
# scheduler's share, for a dashboard we never start.
_WORKER_CONFIG = {"distributed.worker.profile.enabled": False}
# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that freed memory goes
# back to the OS at once. Setting it also fixes glibc's mmap threshold at 128 KB: every
# array the parser allocates and frees per batch is then a fresh mmap, zeroed page by page.
# Measured on 300 Reuters stories: 860,000 minor page faults and 3.3 s of system CPU
# against 30,000 and 0.5 s without it, about a quarter of the worker's CPU per story.
_MALLOC_ENV = "MALLOC_TRIM_THRESHOLD_"


def _worker_environ() -> dict[str, Any]:
    """The environment the nanny sets before it starts a worker, without Dask's malloc
    trim threshold (the rest, such as one BLAS thread, is kept)."""
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop(_MALLOC_ENV, None)
    return environ


@contextlib.contextmanager
def local_cluster(n_workers: int) -> Iterator[LocalCluster]:
    """A local cluster of ``n_workers`` one-thread worker processes on 127.0.0.1, without
    a dashboard, the workers' sampling profiler or Dask's malloc trim threshold (which
    costs a coding worker a quarter of its CPU in page faults)."""
    import dask
    from distributed import LocalCluster

    # The nanny takes the config current when it is made to its worker process.
    with dask.config.set({**_WORKER_CONFIG,
                          "distributed.nanny.pre-spawn-environ": _worker_environ()}):
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, host="127.0.0.1")
    with cluster:
        yield cluster

_WORKER_ATTR = "_cormorant_coders"
_LOCK_ATTR = "_cormorant_coders_lock"


def _coder_on(holder: Any, config: CoderConfig) -> Any:
    """The coder cached on ``holder`` (a Dask worker) for ``config``, built on first use."""
    from cormorant.coding import Coder

    # The plugin's setup and a first task may race on a fresh worker: build once.
    lock = holder.__dict__.setdefault(_LOCK_ATTR, threading.Lock())
    with lock:
        coders: dict[CoderConfig, Coder] = holder.__dict__.setdefault(_WORKER_ATTR, {})
        if config not in coders:
            coder = Coder(config)
            coder.nlp  # noqa: B018 - build the pipeline now, not inside the first batch
            coders[config] = coder
        return coders[config]


def _worker_coder(config: CoderConfig) -> Any:
    from distributed import get_worker

    from cormorant.coding import Coder

    try:
        holder = get_worker()
    except ValueError:  # not on a worker (e.g. the synchronous scheduler): no reuse
        return Coder(config)
    return _coder_on(holder, config)


class CoderPlugin(WorkerPlugin):
    """A Dask worker plugin that builds the coder as each worker starts.

    Registered with ``client.register_plugin``; Dask re-runs ``setup`` on workers that
    join later, including one the nanny restarts after it was killed.
    """

    def __init__(self, config: CoderConfig) -> None:
        self.config = config
        self.name = f"cormorant-coder-{hash(config) & 0xFFFFFFFF:08x}"

    async def setup(self, worker: Any) -> None:
        import asyncio
        import os

        if os.environ.get(_MALLOC_ENV):
            log.warning("%s is set on this worker: coding will spend about a quarter more CPU "
                        "in page faults; remove it from distributed.nanny.pre-spawn-environ",
                        _MALLOC_ENV)
        # Off the event loop, so the worker keeps answering heartbeats while the model loads.
        await asyncio.get_running_loop().run_in_executor(None, _coder_on, worker, self.config)

    def teardown(self, worker: Any) -> None:
        worker.__dict__.pop(_WORKER_ATTR, None)


def preload(client: Client, config: CoderConfig) -> None:
    """Load the model on every worker now (and on every worker that joins later)."""
    plugin = CoderPlugin(config)
    client.register_plugin(plugin, name=plugin.name)


def code_partition(items: list[Document | Skipped], config: CoderConfig) -> list[CodedDocument | Skipped]:
    """Code one partition on whatever worker runs it."""
    return list(_worker_coder(config).code_many(items))


def _code_partition_lean(items: list[Document | Skipped],
                         config: CoderConfig) -> list[CodedDocument | Skipped]:
    """``code_partition`` with each coded document's text left out (``_reattach`` puts
    the client's copy back): the text was a third of the bytes shipped back on Reuters."""
    return lean(code_partition(items, config))


def lean(results: list[CodedDocument | Skipped]) -> list[CodedDocument | Skipped]:
    """The results as shipped back from a worker: coded documents without their text."""
    return [dataclasses.replace(r, document=dataclasses.replace(r.document, text=""))
            if isinstance(r, CodedDocument) else r for r in results]


def _reattach(results: list[CodedDocument | Skipped],
              part: list[Document | Skipped]) -> Iterator[CodedDocument | Skipped]:
    # One result per item, in order (Coder.code_many's contract); the coder never changes
    # the Document it codes, so the client's own copy is the one the worker saw.
    for r, item in zip(results, part, strict=True):
        if isinstance(r, CodedDocument) and isinstance(item, Document):
            yield dataclasses.replace(r, document=item)
        else:
            yield r


def _partitions(items: Iterable[Document | Skipped], size: int) -> Iterator[list[Document | Skipped]]:
    part: list[Document | Skipped] = []
    for item in items:
        part.append(item)
        if len(part) >= size:
            yield part
            part = []
    if part:
        yield part


def code_on_cluster(
    items: Iterable[Document | Skipped],
    client: Client,
    config: CoderConfig | None = None,
    partition_size: int = 200,
    max_in_flight: int | None = None,
    on_partition: Callable[[int], None] | None = None,
) -> Iterator[CodedDocument | Skipped]:
    """Code documents on a Dask cluster, yielding results in input order.

    At most ``max_in_flight`` partitions are submitted at once (default: two per worker
    thread), so a corpus larger than memory streams through. A partition whose worker
    dies is run again elsewhere by Dask (its results were never yielded, so nothing is
    lost or doubled). ``on_partition(n)`` is called after the n-th partition's results
    were consumed.
    """
    config = config or CoderConfig()
    if max_in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        max_in_flight = 2 * threads
    pending: list[tuple[Any, list[Document | Skipped]]] = []
    done = 0

    def drain(fut: Any, part: list[Document | Skipped]) -> Iterator[CodedDocument | Skipped]:
        nonlocal done
        yield from _reattach(fut.result(), part)
        fut.release()
        done += 1
        if on_partition is not None:
            on_partition(done)

    for part in _partitions(items, partition_size):
        pending.append((client.submit(_code_partition_lean, part, config, pure=False), part))
        if len(pending) >= max_in_flight:
            yield from drain(*pending.pop(0))
    while pending:
        yield from drain(*pending.pop(0))


class ClusterCoder:
    """Codes on a Dask cluster behind the ``Coder`` interface the store uses
    (``config`` and ``code_many``), so ``Store.ingest_documents`` can run on a cluster
    with the client process as the one writer."""

    def __init__(self, client: Client, config: CoderConfig | None = None, *,
                 partition_size: int = 50, max_in_flight: int | None = None,
                 on_partition: Callable[[int], None] | None = None) -> None:
        self.client = client
        self.config = config or CoderConfig()
        self.partition_size = partition_size
        self.max_in_flight = max_in_flight
        self.on_partition = on_partition

    def code_many(self, items: Iterable[Document | Skipped]) -> Iterator[CodedDocument | Skipped]:
        return code_on_cluster(items, self.client, self.config, self.partition_size,
                               self.max_in_flight, self.on_partition)
