"""``cormorant ingest | recode | query | export``: the event store from the command line."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cormorant.cli import handle_errors
from cormorant.cli.code import coder_options, dask_client, make_coder, parse_date
from cormorant.config import CoderConfig
from cormorant.ingest import INPUT_FORMATS, read_documents
from cormorant.store import (
    BY_DIMENSIONS,
    DEFAULT_DB,
    EXPORT_FORMATS,
    LEVELS,
    PERIODS,
    EventQuery,
    open_store,
)
from cormorant.store.export import PARTITIONS
from cormorant.store.store import DocumentCoder

db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, envvar="CORMORANT_DB",
    help="DuckDB file, or a postgresql:// URL (env CORMORANT_DB).")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    return parse_date(value)


def _bbox(ctx: click.Context, param: click.Parameter,
          value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError as e:
        raise click.BadParameter("four numbers: min_lon,min_lat,max_lon,max_lat") from e
    if len(parts) != 4:
        raise click.BadParameter("four numbers: min_lon,min_lat,max_lon,max_lat")
    return parts[0], parts[1], parts[2], parts[3]


_FILTERS: list[Callable[..., Any]] = [
    click.option("--from", "start", callback=_date, help="First date (YYYY-MM-DD)."),
    click.option("--to", "end", callback=_date, help="Last date (YYYY-MM-DD)."),
    click.option("--actor", multiple=True, help="Actor code as source or target (prefix: USA matches USAGOV)."),
    click.option("--source", multiple=True, help="Source actor code (prefix)."),
    click.option("--target", multiple=True, help="Target actor code (prefix)."),
    click.option("--country", multiple=True, help="Actor country (ISO3) as source or target."),
    click.option("--source-country", multiple=True, help="Source actor country (ISO3)."),
    click.option("--target-country", multiple=True, help="Target actor country (ISO3)."),
    click.option("--sector", multiple=True, help="Actor sector (GOV, MIL, ...) as source or target."),
    click.option("--cameo", multiple=True, help="CAMEO code and its children (19 matches 190-196)."),
    click.option("--root", multiple=True, help="CAMEO root code (two digits)."),
    click.option("--plover", multiple=True, help="PLOVER category (e.g. ASSAULT)."),
    click.option("--quad", "quad_class", multiple=True, type=click.IntRange(1, 4),
                 help="Quad class 1-4."),
    click.option("--place", multiple=True, help="Place name or its country code (ISO3)."),
    click.option("--bbox", callback=_bbox, help="min_lon,min_lat,max_lon,max_lat."),
    click.option("--text", help="Text the sentence contains (case-insensitive)."),
    click.option("--doc", "doc_id", multiple=True, help="Document id."),
    click.option("--no-negated", "exclude_negated", is_flag=True, help="Leave out negated events."),
    click.option("--no-hypothetical", "exclude_hypothetical", is_flag=True,
                 help="Leave out hypothetical events."),
    click.option("--level", type=click.Choice(LEVELS), default="mentions", show_default=True,
                 help="One row per mention, or per deduplicated event."),
    click.option("--window", type=click.IntRange(0), default=0, show_default=True,
                 help="Dedup date window in days (events level)."),
]


def query_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_FILTERS):
        f = option(f)
    return f


def build_query(opts: dict[str, Any], **extra: Any) -> EventQuery:
    exclude_negated = opts.pop("exclude_negated")
    exclude_hypothetical = opts.pop("exclude_hypothetical")
    return EventQuery(include_negated=not exclude_negated,
                      include_hypothetical=not exclude_hypothetical, **opts, **extra)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--date", "date_", default=None, help="Document date YYYY-MM-DD when the text has none.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True)
@click.option("--batch-size", type=click.IntRange(1), default=100, show_default=True,
              help="Documents per transaction.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS|local[:N]",
              help="Code on a Dask cluster (a scheduler address, or local:N for N local "
                   "workers); this process stays the one writer of the store.")
@click.option("--partition-size", type=click.IntRange(1), default=50, show_default=True,
              help="With --dask: documents per task sent to a worker.")
@coder_options
@handle_errors
def ingest_command(paths: tuple[str, ...], db: str, date_: str | None, input_format: str,
                   batch_size: int, dask_address: str | None, partition_size: int,
                   coder_config: CoderConfig) -> None:
    """Code documents and store them (again: only what changed)."""
    err = Console(stderr=True)
    docs = read_documents(list(paths), input_format=input_format, default_date=parse_date(date_),
                          stdin=sys.stdin, max_bytes=coder_config.max_bytes)
    with ExitStack() as stack:
        coder: DocumentCoder
        if dask_address:
            from cormorant.distributed import ClusterCoder, preload

            client = stack.enter_context(dask_client(dask_address))
            preload(client, coder_config)
            coder = ClusterCoder(client, coder_config, partition_size=partition_size)
        else:
            coder = make_coder(coder_config)
        store = stack.enter_context(open_store(db))
        report = store.ingest_documents(docs, coder, batch_size=batch_size)
    for sk in report.skipped_items:
        err.print(f"[yellow]skipped[/] {sk.source}: {sk.reason}"
                  + (f" ({sk.detail})" if sk.detail else ""), highlight=False)
    err.print(f"run {report.run_id}: {report.new} new, {report.replaced} replaced, "
              f"{report.unchanged} unchanged, {report.skipped} skipped; {report.events} events "
              f"stored in {db}", highlight=False)


@click.command("recode")
@db_option
@click.option("--all", "everything", is_flag=True,
              help="Re-code every document, not only those coded with other dictionary versions.")
@click.option("--batch-size", type=click.IntRange(1), default=100, show_default=True)
@coder_options
@handle_errors
def recode_command(db: str, everything: bool, batch_size: int,
                   coder_config: CoderConfig) -> None:
    """Re-code stored documents after the dictionaries or lexicon changed."""
    coder = make_coder(coder_config)
    with open_store(db) as store:
        report = store.recode(coder, everything=everything, batch_size=batch_size)
    Console(stderr=True).print(
        f"run {report.run_id}: {report.replaced} documents re-coded, {report.events} events",
        highlight=False)


_TABLE_ROW_COLUMNS = ("date", "source_code", "cameo", "plover", "target_code", "location_name",
                      "goldstein", "mention_count", "sentence")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, list):
        return ";".join(map(str, v))
    return str(v)


def _print_table(rows: list[dict[str, Any]], columns: list[str], grouped: bool, more: bool) -> None:
    cols = columns if grouped else [c for c in _TABLE_ROW_COLUMNS if c in columns]
    table = Table(*cols)
    for r in rows:
        cells = [_cell(r[c]) for c in cols]
        if not grouped and cells[-1]:
            cells[-1] = " ".join(cells[-1].split())[:100]
        table.add_row(*cells)
    out = Console(width=max(140, Console().width))
    out.print(table)
    if more:
        Console(stderr=True).print(f"first {len(rows)} rows shown: use --limit, or --format "
                                   "csv/jsonl/parquet for all")


@click.command("query")
@db_option
@query_options
@click.option("--group-by", type=click.Choice(PERIODS), help="Count per day, week, month or year.")
@click.option("--by", type=click.Choice(list(BY_DIMENSIONS)), help="Count per dyad, actor, code...")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "parquet"]),
              default=None, help="Output format (default: table on a terminal, csv otherwise).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output (required for parquet).")
@click.option("--limit", type=click.IntRange(0), help="At most this many rows.")
@handle_errors
def query_command(db: str, group_by: str | None, by: str | None, fmt: str | None,
                  output: Path | None, limit: int | None, **filters: Any) -> None:
    """Select events (or counts per group) from the store."""
    out = sys.stdout
    if fmt is None:
        fmt = "table" if sys.stdout.isatty() and output is None else "csv"
    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet needs --output PATH")
    table_cap = 100 if fmt == "table" and limit is None else None
    q = build_query(filters, group_by=group_by, by=by,
                    limit=limit if table_cap is None else table_cap + 1)
    with open_store(db) as store:
        data = store.query(q, as_="arrow")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert output is not None
        pq.write_table(data, output)
        Console(stderr=True).print(f"{data.num_rows} rows written to {output}", highlight=False)
        return
    rows = data.to_pylist()
    if fmt == "table":
        more = table_cap is not None and len(rows) > table_cap
        _print_table(rows[:table_cap] if more else rows, data.column_names, q.grouped, more)
        return
    stream = output.open("w", encoding="utf-8", newline="") if output else out
    try:
        if fmt == "jsonl":
            for r in rows:
                stream.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
        else:
            import csv

            writer = csv.DictWriter(stream, fieldnames=data.column_names, lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: _cell(v) if isinstance(v, list) else v for k, v in r.items()}
                             for r in rows)
    finally:
        if output:
            stream.close()


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path),
              help="File, or directory for --partition-by.")
@click.option("--partition-by", type=click.Choice(PARTITIONS),
              help="Hive-partitioned Parquet: year=YYYY[/month=MM] directories.")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@query_options
@handle_errors
def export_command(db: str, fmt: str, output: Path, partition_by: str | None, overwrite: bool,
                   **filters: Any) -> None:
    """Export events as Phoenix or ICEWS TSV, PLOVER JSON lines, CSV or Parquet."""
    q = build_query(filters)
    with open_store(db) as store:
        report = store.export(fmt, output, q, partition_by=partition_by, overwrite=overwrite)
    note = f" ({report.left_out} without a PLOVER category left out)" if report.left_out else ""
    Console(stderr=True).print(
        f"{report.rows} rows written to {report.output} in {len(report.files)} file(s){note}",
        highlight=False)


@click.command("watch")
@click.argument("source")
@db_option
@click.option("--every", default="10m", show_default=True,
              help="Poll interval: 30s, 10m, 2h...")
@click.option("--once", is_flag=True, help="Poll once and exit.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=15.0, show_default=True,
              help="Seconds per HTTP request.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Retries of a failed request (timeouts, 5xx), with doubling backoff.")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two page fetches.")
@click.option("--max-attempts", type=click.IntRange(1), default=3, show_default=True,
              help="Polls at which an item that failed for a passing reason is tried again.")
@coder_options
@handle_errors
def watch_command(source: str, db: str, every: str, once: bool, timeout: float, retries: int,
                  delay: float, max_attempts: int, coder_config: CoderConfig) -> None:
    """Watch a folder or an RSS/Atom feed URL and ingest each new item once (Ctrl-C stops)."""
    from cormorant.feeds import FetchPolicy, PollReport, open_source, parse_interval, watch

    err = Console(stderr=True)
    interval = parse_interval(every)
    src = open_source(source, FetchPolicy(timeout=timeout, attempts=retries + 1, delay=delay))
    coder = make_coder(coder_config)

    def show(r: PollReport) -> None:
        if r.error:
            err.print(f"[yellow]{r.source}[/]: {r.error}", highlight=False)
        for item_id, reason in r.failures:
            err.print(f"[yellow]failed[/] {item_id}: {reason}", highlight=False)
        err.print(f"{dt.datetime.now().strftime('%H:%M:%S')} {r.listed} listed, {r.tried} new, "
                  f"{r.ingested} ingested, {r.failed} failed, {r.retry} to retry; "
                  f"{r.events} events", highlight=False)

    with open_store(db) as store:
        try:
            watch(src, store, coder, every=interval, once=once, max_attempts=max_attempts,
                  delay=delay, on_poll=show)
        except KeyboardInterrupt:
            err.print("stopped", highlight=False)


commands = [ingest_command, recode_command, query_command, export_command, watch_command]
