"""``cormorant code``: events to standard output."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TextIO

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cormorant.cli import handle_errors
from cormorant.coding import Coder
from cormorant.config import CoderConfig
from cormorant.ingest import INPUT_FORMATS, read_documents
from cormorant.output import (
    EVENT_TABLE_COLUMNS,
    FLAT_EVENT_COLUMNS,
    event_table_row,
    flatten_event,
    write_delimited,
    write_jsonl,
)
from cormorant.records import CodedDocument, Event, Skipped


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from e


@contextmanager
def dask_client(address: str) -> Iterator[Any]:
    """A client for ``address``, or a local cluster for ``local`` / ``local:N``."""
    from distributed import Client

    from cormorant.distributed import local_cluster

    if address == "local" or address.startswith("local:"):
        n = int(address.partition(":")[2] or 2)
        with local_cluster(n) as cluster, Client(cluster) as client:
            yield client
    else:
        with Client(address) as client:
            yield client


def coder_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that codes text; the command gets ``coder_config``."""

    @functools.wraps(f)
    def wrapper(*args: Any, actor_files: tuple[Path, ...], lexicon_files: tuple[Path, ...],
                relevance: str, truecase: str, dictionaries: tuple[str, ...], dictionary_mode: str,
                max_seconds: float, max_bytes: int, home: str | None, **kwargs: Any) -> Any:
        config = CoderConfig(actor_files=tuple(actor_files), lexicon_files=tuple(lexicon_files),
                             relevance=relevance, truecase=truecase,
                             dictionaries=tuple(dictionaries), dictionary_mode=dictionary_mode,
                             max_seconds=max_seconds or None, max_bytes=max_bytes or None,
                             home=home)
        return f(*args, coder_config=config, **kwargs)

    g: Callable[..., Any] = wrapper
    g = click.option("--home", default=None, metavar="COUNTRY[/REGION]",
                     help="Where the stories' source publishes (\"USA/Georgia\"): the geoparser "
                          "weighs it as story evidence for ambiguous place names.")(g)
    g = click.option("--dictionary-mode", default="merge", show_default=True,
                     metavar="merge|replace|skip|KIND=MODE,...",
                     help="How --dictionaries join the bundled ones (kinds: actors, agents, "
                          "discards, verbs).")(g)
    g = click.option("--dictionaries", multiple=True, metavar="petrarch:DIR",
                     help="PETRARCH/TABARI dictionaries: a directory, a glob "
                          "(petrarch:DIR/Phoenix.*) or a file; repeatable.")(g)
    g = click.option("--max-bytes", type=click.IntRange(0), default=CoderConfig.max_bytes,
                     show_default=True,
                     help="Skip a document (file, JSON line) bigger than this, as too-large; 0: no limit.")(g)
    g = click.option("--max-seconds", type=click.FloatRange(0), default=CoderConfig.max_seconds,
                     show_default=True,
                     help="Skip a document whose coding takes longer, as timeout; 0: no limit.")(g)
    g = click.option("--truecase", type=click.Choice(["auto", "off"]), default="auto",
                     show_default=True,
                     help="Restore the case of all-lowercase / ALL-CAPS texts before parsing.")(g)
    g = click.option("--relevance", type=click.Choice(["political", "all"]), default="political",
                     show_default=True,
                     help="political: an event needs a political actor on one side; all: keep every event.")(g)
    g = click.option("--lexicon", "lexicon_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Extra event lexicon file (YAML/JSONL); repeatable.")(g)
    g = click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Extra actor dictionary file (YAML/JSONL); repeatable.")(g)
    return g


def make_coder(config: CoderConfig | None = None, all_mentions: bool = False) -> Coder:
    config = config or CoderConfig()
    return Coder(config.with_(merge_mentions=not all_mentions))


@click.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "tsv", "table"]), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
@click.option("--date", "date_", default=None, help="Document date YYYY-MM-DD when the text has none.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Force the input format instead of detecting it.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS|local[:N]",
              help="Code on a Dask cluster: a scheduler address, or local:N for N local workers.")
@click.option("--all-mentions", is_flag=True,
              help="One record per mention: do not merge re-mentions of an event within a document.")
@coder_options
@handle_errors
def command(paths: tuple[str, ...], fmt: str | None, date_: str | None, input_format: str,
            dask_address: str | None, all_mentions: bool, coder_config: CoderConfig) -> None:
    """Code news documents (files, directories, JSON lines or - for stdin) into events."""
    out = sys.stdout
    if fmt is None:
        fmt = "table" if out.isatty() else "jsonl"
    err = Console(stderr=True)
    docs = read_documents(list(paths), input_format=input_format, default_date=parse_date(date_),
                          stdin=sys.stdin, max_bytes=coder_config.max_bytes)
    config = coder_config.with_(merge_mentions=not all_mentions)
    with ExitStack() as stack:
        if dask_address:
            from cormorant.distributed import code_on_cluster, preload

            client = stack.enter_context(dask_client(dask_address))
            preload(client, config)
            results = code_on_cluster(docs, client, config, partition_size=50)
        else:
            results = make_coder(coder_config, all_mentions).code_many(docs)
        _emit(results, fmt, out, err)


def _emit(results: Iterable[CodedDocument | Skipped], fmt: str, out: TextIO, err: Console) -> None:
    counts = {"coded": 0, "events": 0, "skipped": 0}

    def events() -> Iterator[Event]:
        with Progress(TextColumn("coding"), BarColumn(), TextColumn("{task.completed} docs"),
                      TimeElapsedColumn(), console=err, transient=True,
                      disable=not err.is_terminal) as progress:
            task = progress.add_task("code", total=None)
            for res in results:
                progress.advance(task)
                if isinstance(res, Skipped):
                    counts["skipped"] += 1
                    err.print(f"[yellow]skipped[/] {res.source}: {res.reason}"
                              + (f" ({res.detail})" if res.detail else ""), highlight=False)
                    continue
                counts["coded"] += 1
                counts["events"] += len(res.events)
                yield from res.events

    if fmt == "jsonl":
        write_jsonl((e.to_dict() for e in events()), out)
    elif fmt in ("csv", "tsv"):
        write_delimited((flatten_event(e) for e in events()), out, FLAT_EVENT_COLUMNS,
                        "," if fmt == "csv" else "\t")
    else:
        table = Table(*EVENT_TABLE_COLUMNS, show_lines=False)
        for e in events():
            table.add_row(*event_table_row(e).values())
        Console(file=out, width=max(140, Console().width)).print(table)
    err.print(f"{counts['coded']} documents coded, {counts['events']} events, "
              f"{counts['skipped']} skipped", highlight=False)
