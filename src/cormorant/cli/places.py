"""``cormorant places``: the toponyms of documents, resolved to GeoNames entries."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cormorant.cli import handle_errors
from cormorant.coding import Coder
from cormorant.ingest import INPUT_FORMATS, read_documents
from cormorant.output import write_jsonl
from cormorant.records import CodedDocument, Skipped

PLACE_COLUMNS = ("doc_id", "text", "span", "name", "country", "admin1", "lat", "lon",
                 "geonameid", "feature", "metonymic")


def place_records(results: Iterator[CodedDocument | Skipped], err: Console) -> Iterator[dict[str, Any]]:
    """One dict per toponym, in document order; skipped inputs are reported on ``err``."""
    for res in results:
        if isinstance(res, Skipped):
            err.print(f"[yellow]skipped[/] {res.source}: {res.reason}"
                      + (f" ({res.detail})" if res.detail else ""), highlight=False)
            continue
        for p in res.places:
            yield {"doc_id": res.document.id, **p.to_dict()}


def make_coder() -> Coder:
    return Coder()


@click.command("places")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default=None,
              help="Output format (default: table on a terminal, jsonl otherwise).")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True,
              help="Force the input format instead of detecting it.")
@handle_errors
def command(paths: tuple[str, ...], fmt: str | None, input_format: str) -> None:
    """List the place names in documents (files, directories, JSON lines or - for stdin),
    each resolved to a GeoNames entry with coordinates; metonymic uses are marked."""
    out = sys.stdout
    if fmt is None:
        fmt = "table" if out.isatty() else "jsonl"
    err = Console(stderr=True)
    coder = make_coder()
    nlp = coder.nlp
    docs = read_documents(list(paths), input_format=input_format, stdin=sys.stdin)
    # Only the stages that find places run: events and dates are not needed here.
    skip = [p for p in ("cormorant_events", "cormorant_relevance", "cormorant_event_places",
                        "cormorant_implicit_agents", "cormorant_dates")
            if p in nlp.pipe_names]
    n = 0
    with nlp.select_pipes(disable=skip):
        records = place_records(coder.code_many(docs), err)
        if fmt == "jsonl":
            for rec in records:
                write_jsonl([rec], out)
                n += 1
        else:
            table = Table(*PLACE_COLUMNS)
            for rec in records:
                n += 1
                table.add_row(*[_cell(rec[c]) for c in PLACE_COLUMNS])
            Console(file=out, width=max(140, Console().width)).print(table)
    err.print(f"{n} toponyms", highlight=False)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return f"{v[0]}-{v[1]}"
    if isinstance(v, float):
        return f"{v:.4f}"
    return str(v)
