"""``cormorant evaluate``: score the coder against a gold standard."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console

from cormorant.cli import handle_errors
from cormorant.cli.code import coder_options, make_coder
from cormorant.config import CoderConfig
from cormorant.evaluate import FORMATS, EvalOptions, evaluate, render
from cormorant.evaluate.split import WHICH


def _corpus(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    out = []
    for v in values:
        name, sep, path = v.partition("=")
        if not sep or not name or not path:
            raise click.BadParameter(f"{v!r} is not NAME=PATH", ctx, param)
        out.append((name, path))
    return tuple(out)


@click.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", required=True, type=click.Choice(sorted(FORMATS)),
              help="Gold-standard format.")
@click.option("--half", "which", type=click.Choice(WHICH), default="all", show_default=True,
              help="Score only the tune or the check half (all: both, side by side).")
@click.option("--corpus", "corpora", multiple=True, callback=_corpus, metavar="NAME=PATH",
              help="Corpus file for cormorant-gold sentences given by offsets; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (summary and per-record results).")
@coder_options
@handle_errors
def command(gold: str, fmt: str, which: str, corpora: tuple[tuple[str, str], ...], as_json: bool,
            coder_config: CoderConfig) -> None:
    """Evaluate coding accuracy on a gold-standard file (plover-gsr, multicoped, cormorant-gold,
    event-location, lgl, petrarch-xml)."""
    options = EvalOptions(half=which, corpora=corpora)  # type: ignore[arg-type]
    report = evaluate(fmt, gold, make_coder(coder_config), options)
    out = sys.stdout
    if as_json:
        out.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        render(report, Console(file=out, width=max(Console().width, 120)))
