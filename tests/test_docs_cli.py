"""Every CLI command and option is documented in docs/cli.md (like sqlite-utils' test_docs)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from cormorant.cli import main

DOCS = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text("utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    return sorted(main.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_docs_cli_command_documented(name: str, command: click.Command) -> None:
    assert re.search(rf"^## cormorant {re.escape(name)}\b", DOCS, re.M), f"docs/cli.md lacks '## cormorant {name}'"


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_docs_cli_options_documented(name: str, command: click.Command) -> None:
    section = DOCS.split(f"## cormorant {name}", 1)[1].split("\n## ", 1)[0]
    for param in command.params:
        if isinstance(param, click.Option):
            longest = max(param.opts, key=len)
            assert longest in section, f"docs/cli.md section for {name} lacks option {longest}"
