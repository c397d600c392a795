"""``cormorant lexicon``: look at the event lexicon against a corpus."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator

import click
from rich.console import Console
from rich.table import Table

from cormorant.cli import handle_errors
from cormorant.cli.code import coder_options, make_coder
from cormorant.config import CoderConfig
from cormorant.events.coverage import coverage
from cormorant.ingest import INPUT_FORMATS, read_documents
from cormorant.records import Document


@click.group("lexicon")
def command() -> None:
    """Inspect the event lexicon (coverage of a corpus)."""


@command.command("coverage")
@click.option("--corpus", "paths", multiple=True, required=True,
              help="Corpus: a file, a directory or JSON lines (repeatable).")
@click.option("--top", type=click.IntRange(1), default=30, show_default=True,
              help="How many unknown predicates to list.")
@click.option("--docs", "max_docs", type=click.IntRange(1), default=None,
              help="Read at most this many documents.")
@click.option("--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@coder_options
@handle_errors
def coverage_command(paths: tuple[str, ...], top: int, max_docs: int | None, input_format: str,
                     as_json: bool, coder_config: CoderConfig) -> None:
    """The commonest actor-linked predicates the lexicon neither codes nor declares a
    non-event, with counts and one location each (document id and character offsets)."""
    docs: Iterator[Document] = (d for d in read_documents(list(paths), input_format=input_format)
                                if isinstance(d, Document))
    if max_docs is not None:
        docs = itertools.islice(docs, max_docs)
    report = coverage(make_coder(coder_config).nlp, docs, top=top)
    out = sys.stdout
    if as_json:
        out.write(json.dumps(report.to_dict()) + "\n")
        return
    console = Console(file=out)
    console.print(f"{report.documents} documents, {report.linked} actor-linked predicates: "
                  + ", ".join(f"{k} {v}" for k, v in report.counts.items())
                  + f"; unknown share {report.unknown_share:.3f}", highlight=False)
    table = Table("count", "predicate", "document", "offsets")
    for p in report.top:
        table.add_row(str(p.count), p.key, p.doc_id, f"{p.start}-{p.end}")
    console.print(table)
