"""``cormorant serve``: the JSON API and web UI over an event store."""

from __future__ import annotations

import click

from cormorant.cli import handle_errors
from cormorant.store import DEFAULT_DB

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, envvar="CORMORANT_DB",
              help="DuckDB file, or a postgresql:// URL (env CORMORANT_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 exposes the server to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this Host name (repeatable; '*' for any). "
                   "Always answered: the --host address, localhost, 127.0.0.1 and ::1.")
@click.option("--token", envvar="CORMORANT_TOKEN", default=None,
              help="Bearer token that turns on POST /api/documents (env CORMORANT_TOKEN); "
                   "without one the server only reads.")
@click.option("--query-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds one query may run before the API answers 503.")
@handle_errors
def command(db: str, host: str, port: int, allow_hosts: tuple[str, ...], token: str | None,
            query_timeout: float) -> None:
    """Serve the JSON API (/api/..., described at /api/openapi.json) and the web UI (/)."""
    import uvicorn

    from cormorant.api import ApiConfig, create_app
    from cormorant.api.limits import LOCAL_HOSTS

    config = ApiConfig(allowed_hosts=(*LOCAL_HOSTS, *allow_hosts), token=token or None,
                       query_timeout=query_timeout).with_host(host)
    if host not in LOOPBACK and not token:
        click.echo(f"cormorant: warning: listening on {host}, reachable beyond this machine, "
                   "without --token: anyone who can reach the port reads the store "
                   "(writing stays off).", err=True)
    app = create_app(db, config)
    click.echo(f"cormorant: serving {db} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
