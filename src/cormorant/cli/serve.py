"""``cormorant serve``: the JSON API and web UI over an event store."""

from __future__ import annotations

import click

from cormorant.cli import handle_errors
from cormorant.store import DEFAULT_DB


@click.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CORMORANT_DB",
              help="DuckDB file, or a postgresql:// URL (env CORMORANT_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the server to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@handle_errors
def command(db: str, host: str, port: int) -> None:
    """Serve the read-only JSON API (/api/...) and the web UI (/) over an event store."""
    import uvicorn

    from cormorant.api import create_app

    app = create_app(db)
    click.echo(f"cormorant: serving {db} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
