"""``cormorant evaluate``: score the coder against a gold standard."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from cormorant.cli import handle_errors
from cormorant.cli.code import coder_options, make_coder
from cormorant.evaluate import FORMATS, evaluate, render


@click.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(FORMATS)),
              help="Gold-standard format.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (summary and per-record results).")
@coder_options
@handle_errors
def command(gold: str, fmt: str, as_json: bool, actor_files: tuple[Path, ...],
            lexicon_files: tuple[Path, ...]) -> None:
    """Evaluate coding accuracy on a gold-standard file (plover-gsr, multicoped, lgl)."""
    report = evaluate(fmt, gold, make_coder(actor_files, lexicon_files))
    out = sys.stdout
    if as_json:
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        render(report, Console(file=out))
