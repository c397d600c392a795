"""``cormorant bench``: throughput and memory."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cormorant.cli import handle_errors


@click.command("bench")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="JSON-lines corpus (default: the small sample the project ships).")
@click.option("--docs", "n_docs", type=click.IntRange(min=1), default=200, show_default=True,
              help="Number of documents to run.")
@click.option("--store", "store", is_flag=True, help="Benchmark the event store's queries instead.")
@click.option("--events", "n_events", type=click.IntRange(min=1000), default=1_000_000, show_default=True,
              help="With --store: synthetic events to load.")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="With --store: build the store at this new path and keep it (to reproduce "
                   "figures, e.g. with scripts/api_bench.py).")
@click.option("--max-query-seconds", type=click.FloatRange(min=0), default=None,
              help="With --store: fail (exit 1) when any query's median time exceeds this.")
@click.option("--workers", "workers", default=None, metavar="N[,N...]",
              help="Scaling: code the corpus on local Dask clusters of these worker counts "
                   "(e.g. 1,2) and report throughput per count and the speedup.")
@click.option("--dictionaries", multiple=True, metavar="petrarch:DIR",
              help="Code with these PETRARCH/TABARI dictionaries, and report what loading them "
                   "adds to building the pipeline (time, CPU time, memory); repeatable.")
@click.option("--dictionary-mode", default="merge", show_default=True,
              metavar="merge|replace|skip|KIND=MODE,...", help="With --dictionaries: as for code.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handle_errors
def command(corpus: Path | None, n_docs: int, store: bool, n_events: int, db: Path | None,
            max_query_seconds: float | None, workers: str | None, dictionaries: tuple[str, ...],
            dictionary_mode: str, as_json: bool) -> None:
    """Measure load time, parse and coding throughput, and peak memory (or store queries)."""
    if dictionaries and (store or workers is not None):
        raise click.UsageError("--dictionaries applies to the coding bench only")
    if max_query_seconds is not None and not store:
        raise click.UsageError("--max-query-seconds applies to --store only")
    if db is not None and not store:
        raise click.UsageError("--db applies to --store only")
    if workers is not None and store:
        raise click.UsageError("--workers does not apply to --store")
    err = Console(stderr=True)
    if workers is not None:
        from cormorant.bench_workers import run_worker_bench

        report = run_worker_bench(corpus, n_docs, _counts(workers),
                                  progress=lambda m: err.print(f"[dim]{m}...[/]"))
    elif store:
        from cormorant.store.bench import store_benchmark

        report = store_benchmark(n_events=n_events, path=db)
    else:
        from cormorant.bench import run_bench
        from cormorant.config import CoderConfig

        config = CoderConfig(dictionaries=dictionaries, dictionary_mode=dictionary_mode) \
            if dictionaries else None
        report = run_bench(corpus, n_docs, config,
                           progress=lambda m: err.print(f"[dim]{m}...[/]"))
    out = sys.stdout
    if as_json:
        out.write(json.dumps(report) + "\n")
    else:
        table = Table("measure", "value", title="cormorant bench")
        for key, value in _table_rows(report):
            table.add_row(key, json.dumps(value) if isinstance(value, dict | list) else str(value))
        Console(file=out).print(table)
    if store and max_query_seconds is not None:
        from cormorant.store.bench import check_query_budget

        check_query_budget(report, max_query_seconds)


def _counts(value: str) -> list[int]:
    try:
        counts = [int(v) for v in value.split(",") if v.strip()]
    except ValueError as e:
        raise click.BadParameter(f"{value!r}: worker counts such as 1,2", param_hint="--workers") from e
    if not counts or min(counts) < 1:
        raise click.BadParameter(f"{value!r}: worker counts such as 1,2", param_hint="--workers")
    return counts


def _table_rows(report: dict[str, Any]) -> list[tuple[str, Any]]:
    """The report's items, a scaling run's per-worker-count results one row each."""
    rows: list[tuple[str, Any]] = []
    for key, value in report.items():
        if key == "runs":
            rows += [(f"{n} worker(s)", run) for n, run in value.items()]
        else:
            rows.append((key, value))
    return rows
