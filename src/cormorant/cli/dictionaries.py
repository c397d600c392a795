"""``cormorant dictionaries``: read, check and convert PETRARCH/TABARI dictionaries."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from cormorant.cli import handle_errors


@click.group("dictionaries")
def command() -> None:
    """PETRARCH/TABARI-format dictionaries: check them, convert them to cormorant YAML."""


@command.command("check")
@click.argument("specs", nargs=-1, required=True, metavar="petrarch:DIR ...")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: counts, problems, timing.")
@handle_errors
def check(specs: tuple[str, ...], as_json: bool) -> None:
    """Read the dictionaries and list every line that could not be used (file:line)."""
    from cormorant.dictionaries.load import load_set
    from cormorant.dictionaries.mapping import map_set

    t0 = time.perf_counter()
    pset = load_set(specs)
    t1 = time.perf_counter()
    mapped = map_set(pset)
    t2 = time.perf_counter()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux: KiB
    report: dict[str, Any] = {
        "files": pset.files, "skipped": pset.skipped, "counts": pset.counts(),
        "mapped": {"actors": len(mapped.actors), "agents": len(mapped.agents),
                   "discards": len(mapped.discards), "lexicon": len(mapped.lexicon),
                   "transformations": len(mapped.transforms),
                   "patterns_left_to_petrarch_coder": mapped.unmapped_patterns},
        "problems": [str(p) for p in pset.problems],
        "mapping_problems": [str(p) for p in mapped.problems],
        "read_seconds": round(t1 - t0, 3), "map_seconds": round(t2 - t1, 3),
        "peak_rss_mb": round(peak_kb / 1024, 1),
    }
    if as_json:
        sys.stdout.write(json.dumps(report) + "\n")
        return
    out = Console()
    for p in report["problems"] + report["mapping_problems"]:
        out.print(p, highlight=False, markup=False)
    out.print(f"{len(pset.files)} files: " + ", ".join(f"{k} {v}" for k, v in report["counts"].items()),
              highlight=False)
    out.print(f"read {report['read_seconds']} s, mapped {report['map_seconds']} s, "
              f"peak {report['peak_rss_mb']} MB (process RSS)", highlight=False)


@command.command("convert")
@click.argument("specs", nargs=-1, required=True, metavar="petrarch:DIR ...")
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for actors.yaml, agents.yaml, discards.yaml, lexicon.yaml, issues.yaml.")
@handle_errors
def convert(specs: tuple[str, ...], output: Path) -> None:
    """Write PETRARCH dictionaries in cormorant's YAML (use with --actors / --lexicon)."""
    from cormorant.dictionaries.load import load_set
    from cormorant.dictionaries.mapping import write_yaml

    pset = load_set(specs)
    counts = write_yaml(pset, output)
    err = Console(stderr=True)
    for p in pset.problems:
        err.print(f"[yellow]skipped[/] {p}", highlight=False)
    err.print(", ".join(f"{name}: {n}" for name, n in counts.items()) + f" -> {output}",
              highlight=False)
