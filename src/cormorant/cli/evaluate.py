"""``cormorant evaluate``: score the coder against a gold standard."""

from __future__ import annotations

import click

from cormorant.cli import handle_errors


@click.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", required=True, help="Gold format.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handle_errors
def command(gold: str, fmt: str, as_json: bool) -> None:
    """Evaluate coding accuracy on a gold-standard file."""
    raise click.ClickException("not yet implemented")
