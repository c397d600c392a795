"""Scaling benchmark: the same documents coded on local Dask clusters of 1, 2, ... workers.

Each worker is a process with one thread. The clock covers coding only: the cluster is
started and the model loaded on every worker first (both reported apart), so the
speed-up measures what more workers buy once running, and the fixed costs are shown.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cormorant.config import CoderConfig
from cormorant.errors import BenchError
from cormorant.records import CodedDocument, Document, Skipped

__all__ = ["run_worker_bench"]


def _worker_peak_rss_mb() -> float:
    from cormorant.bench import peak_rss_mb

    return peak_rss_mb()


def _cpu() -> tuple[float, float, int]:
    """This process's user and system CPU seconds and minor page faults so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime, usage.ru_stime, usage.ru_minflt


def _one_cluster(docs: list[Document], n_workers: int, config: CoderConfig,
                 partition_size: int) -> dict[str, Any]:
    from distributed import Client

    from cormorant.distributed import code_on_cluster, lean, local_cluster, preload

    t0 = time.perf_counter()
    with local_cluster(n_workers) as cluster, Client(cluster) as client:
        start_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        preload(client, config)
        load_s = time.perf_counter() - t0
        # Warm-up on every worker, so first-call costs land outside the clock.
        warm = [client.submit(_warm, docs[:3], config, pure=False, workers=[w])
                for w in client.scheduler_info()["workers"]]
        client.gather(warm)
        # CPU times as well as the clock: they hold on a shared machine, where the clock
        # does not. The client process's includes the scheduler (a thread of it here).
        workers_cpu0 = client.run(_cpu)
        t0, cpu0 = time.perf_counter(), time.process_time()
        results = list(code_on_cluster(docs, client, config, partition_size=partition_size,
                                       max_in_flight=4 * n_workers))
        code_s, client_cpu_s = time.perf_counter() - t0, time.process_time() - cpu0
        workers_cpu1 = client.run(_cpu)
        worker_rss = sorted(client.run(_worker_peak_rss_mb).values())
    # Summed over the workers: user, system, minor page faults. System time and page faults
    # show an allocator that hands memory back to the OS and maps it again every batch.
    user_s, sys_s, faults = (sum(workers_cpu1[w][i] - workers_cpu0[w][i] for w in workers_cpu1)
                             for i in range(3))
    t0 = time.perf_counter()
    blob = pickle.dumps(lean(results), protocol=pickle.HIGHEST_PROTOCOL)
    pickle.loads(blob)
    serial_s = time.perf_counter() - t0
    coded = [r for r in results if isinstance(r, CodedDocument)]
    n = len(docs) or 1
    return {
        "workers": n_workers,
        "start_s": round(start_s, 3),
        "model_load_s": round(load_s, 3),
        "code_s": round(code_s, 3),
        "docs_per_s": round(len(docs) / code_s, 2) if code_s else 0.0,
        "client_cpu_ms_per_doc": round(1000 * client_cpu_s / n, 3),
        "worker_cpu_ms_per_doc": round(1000 * (user_s + sys_s) / n, 3),
        "worker_sys_cpu_ms_per_doc": round(1000 * sys_s / n, 3),
        "worker_minor_faults_per_doc": round(faults / n, 1),
        "events": sum(len(c.events) for c in coded),
        "skipped": sum(1 for r in results if isinstance(r, Skipped)),
        "result_mb": round(len(blob) / 1e6, 2),
        "result_pickle_roundtrip_s": round(serial_s, 3),
        "worker_peak_rss_mb": worker_rss,
    }


def _warm(docs: list[Document], config: CoderConfig) -> int:
    from cormorant.distributed import code_partition

    return len(code_partition(list(docs), config))


def run_worker_bench(corpus: Path | None, n_docs: int, workers: Sequence[int],
                     config: CoderConfig | None = None, partition_size: int = 25,
                     progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Throughput per worker count and ``speedup``: the most workers' over one worker's."""
    from cormorant.bench import load_corpus, sample_corpus_path

    if not workers or min(workers) < 1:
        raise BenchError("--workers needs worker counts of at least 1, e.g. 1,2")
    say = progress or (lambda _msg: None)
    path = corpus or sample_corpus_path()
    docs = load_corpus(path, n_docs)
    words = sum(len(d.text.split()) for d in docs)
    config = config or CoderConfig()
    runs: dict[str, dict[str, Any]] = {}
    for n in sorted(set(workers)):
        say(f"{n} worker(s)")
        run = _one_cluster(docs, n, config, partition_size)
        run["words_per_s"] = round(words / run["code_s"], 1) if run["code_s"] else 0.0
        run["words_per_s_per_worker"] = round(run["words_per_s"] / n, 1)
        runs[str(n)] = run
    lo, hi = runs[str(min(workers))], runs[str(max(workers))]
    # Counted one way for every run (whitespace words), so the rates compare.
    return {
        "corpus": str(path),
        "docs": len(docs),
        "words": words,
        "partition_size": partition_size,
        "runs": runs,
        "speedup": round(hi["docs_per_s"] / lo["docs_per_s"], 3) if lo["docs_per_s"] else 0.0,
        "speedup_of": [min(workers), max(workers)],
    }
