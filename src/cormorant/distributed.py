"""Scale-out on a Dask cluster: each worker builds the pipeline once and codes partitions.

The coder is cached on the Dask worker object itself (not in a module global), keyed
by the config, so tasks reuse it and nothing mutable lives at module level.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from cormorant.config import CoderConfig
from cormorant.records import CodedDocument, Document, Skipped

if TYPE_CHECKING:
    from distributed import Client

_WORKER_ATTR = "_cormorant_coders"


def _worker_coder(config: CoderConfig) -> Any:
    from distributed import get_worker

    from cormorant.coding import Coder

    try:
        holder = get_worker()
    except ValueError:  # not on a worker (e.g. the synchronous scheduler): no reuse
        return Coder(config)
    coders: dict[CoderConfig, Coder] = holder.__dict__.setdefault(_WORKER_ATTR, {})
    if config not in coders:
        coders[config] = Coder(config)
    return coders[config]


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
) -> Iterator[CodedDocument | Skipped]:
    """Code documents on a Dask cluster, yielding results in input order.

    At most ``max_in_flight`` partitions are submitted at once (default: two per worker
    thread), so a corpus larger than memory streams through.
    """
    from distributed import wait

    config = config or CoderConfig()
    if max_in_flight is None:
        threads = sum(client.nthreads().values()) or 1
        max_in_flight = 2 * threads
    pending: list[Any] = []
    for part in _partitions(items, partition_size):
        pending.append(client.submit(code_partition, part, config, pure=False))
        if len(pending) >= max_in_flight:
            head = pending.pop(0)
            wait([head])
            yield from head.result()
    for fut in pending:
        yield from fut.result()
