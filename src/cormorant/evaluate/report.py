"""Helpers shared by the format modules: per-half summaries and the side-by-side table."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cormorant.evaluate.split import Which, half, halves_of

if TYPE_CHECKING:
    from rich.table import Table

__all__ = ["by_half", "columns", "fmt_value", "halves_table", "tag_half"]


def by_half(rows: list[dict[str, Any]], which: Which,
            summarise: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> dict[str, Any]:
    """``{"tune": summary, "check": summary}`` (only the half asked for, if one is)."""
    return {h: summarise([r for r in rows if r["half"] == h]) for h in halves_of(which)}


def tag_half(row: dict[str, Any], record_id: object) -> dict[str, Any]:
    row["half"] = half(record_id)
    return row


def columns(report: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(title, summary) columns: each half, then ``all`` when both halves are shown."""
    cols = list(report["halves"].items())
    if len(cols) > 1:
        cols.append(("all", report["summary"]))
    return cols


def fmt_value(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return "" if v is None else str(v)
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def halves_table(report: dict[str, Any], title: str, skip: Callable[[str], bool] = lambda k: False,
                 cell: Callable[[str, str, dict[str, Any]], str] | None = None) -> Table:
    """A table of measures (rows) by half (columns: tune | check | all)."""
    from rich.table import Table

    cols = columns(report)
    t = Table("measure", *[name for name, _ in cols], title=title)
    for key in report["summary"]:
        if skip(key):
            continue
        if cell is None:
            t.add_row(key, *[fmt_value(s.get(key)) for _, s in cols])
        else:
            t.add_row(key, *[cell(key, name, s) for name, s in cols])
    return t
