"""The ``cormorant`` command line: a thin layer over the library.

Each command lives in its own module and is registered on ``main`` below.
Domain errors (``CormorantError``) become one-line messages and exit code 1;
usage errors exit 2 (click's convention).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cormorant.__about__ import __version__
from cormorant.errors import CormorantError

__all__ = ["handle_errors", "main"]

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn library errors into clean messages on stderr.

    An unexpected exception is a one-line message too (no traceback reaches the user
    unless ``CORMORANT_TRACEBACK=1``); Ctrl-C exits 130.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CormorantError as e:
            raise click.ClickException(str(e)) from e
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as e:  # noqa: BLE001 - the last line of defence: a message, not a traceback
            if os.environ.get("CORMORANT_TRACEBACK"):
                raise
            raise click.ClickException(
                f"unexpected {type(e).__name__}: {e} (a bug: please report it; "
                "CORMORANT_TRACEBACK=1 shows the traceback)") from e

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cormorant")
def main() -> None:
    """Turn news text into political event data: who did what to whom, when and where."""


def _register() -> None:
    # Imported here: each command module imports ``handle_errors`` from this one.
    from cormorant.cli import bench, code, dictionaries, evaluate, lexicon, places, serve, store

    for module in (code, evaluate, bench, lexicon, places, serve, dictionaries):
        main.add_command(module.command)
    for command in store.commands:
        main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
