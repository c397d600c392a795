"""``cormorant bench``: throughput and memory."""

from __future__ import annotations

import click

from cormorant.cli import handle_errors


@click.command("bench")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--docs", type=int, default=200)
@click.option("--json", "as_json", is_flag=True)
@handle_errors
def command(corpus: str | None, docs: int, as_json: bool) -> None:
    """Measure load time, parse and coding throughput, and peak memory."""
    raise click.ClickException("not yet implemented")
