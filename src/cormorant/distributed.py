"""Scale-out on a Dask cluster: each worker builds the pipeline once and codes partitions.

The coder lives on the Dask worker object itself (not in a module global), keyed by the
config, so tasks reuse it and nothing mutable lives at module level. ``CoderPlugin``
builds it when a worker starts (a worker restarted after a crash too), so the model
loads once per worker and before any task is timed.

Only documents go out and only coded records come back: no spaCy ``Doc`` crosses the
wire. The client process is the single writer of the store (DuckDB has one writer).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from distributed.diagnostics.plugin import WorkerPlugin

from cormorant.config import CoderConfig
from cormorant.records import CodedDocument, Document, Skipped

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["ClusterCoder", "CoderPlugin", "code_on_cluster", "code_partition", "preload"]

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
    pending: list[Any] = []
    done = 0

    def drain(fut: Any) -> Iterator[CodedDocument | Skipped]:
        nonlocal done
        yield from fut.result()
        fut.release()
        done += 1
        if on_partition is not None:
            on_partition(done)

    for part in _partitions(items, partition_size):
        pending.append(client.submit(code_partition, part, config, pure=False))
        if len(pending) >= max_in_flight:
            yield from drain(pending.pop(0))
    while pending:
        yield from drain(pending.pop(0))


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
