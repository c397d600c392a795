"""Writers for events and other records: JSON lines, CSV/TSV and terminal tables."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from typing import IO, Any

from cormorant.records import Event

EVENT_TABLE_COLUMNS: tuple[str, ...] = (
    "date", "source", "cameo", "plover", "target", "location", "trigger", "goldstein",
)

FLAT_EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", "doc_id", "sentence_index", "date", "date_precision",
    "source_text", "source_code", "source_country", "source_sector",
    "cameo", "cameo_root", "plover", "plover_mode", "quad_class", "goldstein",
    "target_text", "target_code", "target_country", "target_sector",
    "location_name", "location_country", "lat", "lon", "geonameid",
    "negated", "hypothetical", "trigger", "rule", "sentence",
)


def flatten_event(ev: Event) -> dict[str, Any]:
    """One flat row per event, for CSV, TSV and data frames."""
    s, t, loc = ev.source, ev.target, ev.location
    return {
        "event_id": ev.event_id, "doc_id": ev.doc_id, "sentence_index": ev.sentence_index,
        "date": ev.date.isoformat() if ev.date else None, "date_precision": ev.date_precision,
        "source_text": s.text if s else None, "source_code": s.code if s else None,
        "source_country": s.country if s else None, "source_sector": s.sector if s else None,
        "cameo": ev.cameo, "cameo_root": ev.cameo_root, "plover": ev.plover,
        "plover_mode": ev.plover_mode, "quad_class": ev.quad_class, "goldstein": ev.goldstein,
        "target_text": t.text if t else None, "target_code": t.code if t else None,
        "target_country": t.country if t else None, "target_sector": t.sector if t else None,
        "location_name": loc.name if loc else None, "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
        "geonameid": loc.geonameid if loc else None,
        "negated": ev.negated, "hypothetical": ev.hypothetical,
        "trigger": ev.trigger.text, "rule": ev.rule, "sentence": ev.sentence,
    }


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_delimited(rows: Iterable[Mapping[str, Any]], out: IO[str], columns: tuple[str, ...],
                    delimiter: str = ",") -> int:
    writer = csv.DictWriter(out, fieldnames=list(columns), delimiter=delimiter,
                            extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def event_table_row(ev: Event) -> dict[str, str]:
    def actor(a: Any) -> str:
        return f"{a.code} ({a.text})" if a else "-"

    flags = ("NOT " if ev.negated else "") + ("MAYBE " if ev.hypothetical else "")
    return {
        "date": (ev.date.isoformat() if ev.date else "?") + (
            "" if ev.date_precision in (None, "day") else f" ({ev.date_precision})"),
        "source": actor(ev.source),
        "cameo": f"{flags}{ev.cameo}",
        "plover": ev.plover or "-",
        "target": actor(ev.target),
        "location": ev.location.name if ev.location else "-",
        "trigger": ev.trigger.text,
        "goldstein": "" if ev.goldstein is None else f"{ev.goldstein:+.1f}",
    }
