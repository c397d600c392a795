"""Coded records to store rows and back: the column order of ``schema.TABLES``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import Any

from cormorant.records import Actor, CodedDocument, Event, Place, Skipped, Trigger
from cormorant.store.backends import Row

log = logging.getLogger(__name__)


def document_row(cd: CodedDocument, h: str, n_events: int, run_id: int, now: dt.datetime) -> Row:
    d = cd.document
    return (d.id, "coded", None, None, d.source, d.url, d.title, d.date, d.date_source, h,
            d.text, len(d.text), len(cd.sentences), n_events, run_id, now)


def skipped_row(key: str, sk: Skipped, run_id: int, now: dt.datetime) -> Row:
    return (key, "skipped", sk.reason, sk.detail or None, sk.source, None, None, None, None,
            None, None, None, None, 0, run_id, now)


def sentence_rows(cd: CodedDocument) -> list[Row]:
    text = cd.document.text
    return [(cd.document.id, i, s, e, text[s:e]) for i, (s, e) in enumerate(cd.sentences)]


def actor_rows(cd: CodedDocument) -> list[Row]:
    return [(cd.document.id, i, a.text, a.code, a.country, a.sector, a.span[0], a.span[1],
             a.entry, a.resolved_from) for i, a in enumerate(cd.actors)]


def event_key(ev: Event) -> str:
    """The same-day dedup key of a mention (equal to ``schema.EVENT_KEY_SQL``)."""
    parts = [ev.source.code if ev.source else "", ev.target.code if ev.target else "", ev.cameo,
             "true" if ev.negated else "false", "true" if ev.hypothetical else "false",
             ev.date.isoformat() if ev.date else ev.event_id]
    return hashlib.md5("|".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def _actor_cells(a: Actor | None) -> tuple[Any, ...]:
    if a is None:
        return (None,) * 8
    return (a.text, a.code, a.country, a.sector, a.span[0], a.span[1], a.entry, a.resolved_from)


def _place_cells(p: Place | None) -> tuple[Any, ...]:
    if p is None:
        return (None,) * 11
    return (p.text, p.name, p.country, p.admin1, p.lat, p.lon, p.geonameid, p.feature,
            p.span[0], p.span[1], p.metonymic)


def event_rows(cd: CodedDocument, run_id: int) -> list[Row]:
    rows: list[Row] = []
    seen: set[str] = set()
    doc_id = cd.document.id
    for ev in cd.events:
        if ev.event_id in seen:
            log.debug("%s: duplicate event id %s dropped", doc_id, ev.event_id)
            continue
        seen.add(ev.event_id)
        rows.append((
            ev.event_id, doc_id, ev.sentence_index, ev.sentence, ev.date, ev.date_precision,
            *_actor_cells(ev.source), *_actor_cells(ev.target),
            ev.cameo, ev.cameo_root, ev.plover, ev.plover_mode, ev.quad_class,
            None if ev.goldstein is None else float(ev.goldstein),
            *_place_cells(ev.location),
            bool(ev.negated), bool(ev.hypothetical),
            ev.trigger.text, ev.trigger.span[0], ev.trigger.span[1], ev.rule,
            json.dumps(ev.extras, ensure_ascii=False, default=str) if ev.extras else None,
            run_id, event_key(ev),
        ))
    return rows


def _actor_from(row: dict[str, Any], role: str) -> Actor | None:
    if row[f"{role}_code"] is None and row[f"{role}_text"] is None:
        return None
    return Actor(
        text=row[f"{role}_text"], code=row[f"{role}_code"], country=row[f"{role}_country"],
        sector=row[f"{role}_sector"], span=(row[f"{role}_start"], row[f"{role}_end"]),
        entry=row[f"{role}_entry"], resolved_from=row[f"{role}_resolved_from"],
    )


def event_from_row(row: dict[str, Any]) -> Event:
    """Rebuild the ``Event`` a stored mention row came from."""
    loc = None
    if row["location_name"] is not None:
        loc = Place(
            text=row["location_text"], span=(row["location_start"], row["location_end"]),
            name=row["location_name"], country=row["location_country"], lat=row["lat"],
            lon=row["lon"], geonameid=row["geonameid"], admin1=row["location_admin1"],
            feature=row["location_feature"], metonymic=bool(row["location_metonymic"]),
        )
    return Event(
        event_id=row["event_id"], doc_id=row["doc_id"], sentence_index=row["sentence_index"],
        sentence=row["sentence"], date=row["date"], date_precision=row["date_precision"],
        source=_actor_from(row, "source"), target=_actor_from(row, "target"),
        cameo=row["cameo"], cameo_root=row["cameo_root"], plover=row["plover"],
        plover_mode=row["plover_mode"], quad_class=row["quad_class"], goldstein=row["goldstein"],
        location=loc, negated=bool(row["negated"]), hypothetical=bool(row["hypothetical"]),
        trigger=Trigger(row["trigger_text"], (row["trigger_start"], row["trigger_end"])),
        rule=row["rule"], extras=json.loads(row["extras"]) if row["extras"] else {},
    )
