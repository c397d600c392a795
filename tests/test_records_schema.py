"""The published event record: exactly the keys of the schema, JSON-serialisable."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pickle

import pytest

from cormorant.records import EVENT_KEYS, Actor, Event, Place, Trigger


def make_event(**over: object) -> Event:
    fields: dict[str, object] = dict(
        event_id="e1", doc_id="d1", sentence_index=0, sentence="Police detained two men.",
        date=dt.date(2020, 1, 2), date_precision="day",
        source=Actor("police", "CHNCOP", "CHN", "COP", (0, 6), entry="agent:police"),
        target=None, cameo="173", cameo_root="17", plover="COERCE", plover_mode="detain",
        quad_class=4, goldstein=-5.0,
        location=Place("Shenyang", (30, 38), "Shenyang", "CHN", 41.79, 123.43, 2034937),
        negated=False, hypothetical=False, trigger=Trigger("detained", (7, 15)), rule="detain-173",
    )
    fields.update(over)
    return Event(**fields)  # type: ignore[arg-type]


def test_records_event_keys_exact() -> None:
    d = make_event().to_dict()
    assert tuple(d) == EVENT_KEYS
    assert set(d["source"]) == {"text", "code", "country", "sector", "span"}
    assert d["target"] is None
    assert set(d["location"]) == {"name", "country", "lat", "lon", "geonameid", "span"}
    assert set(d["trigger"]) == {"text", "span"}
    assert d["date"] == "2020-01-02"
    json.dumps(d)


def test_records_event_is_frozen_and_picklable() -> None:
    ev = make_event()
    assert pickle.loads(pickle.dumps(ev)) == ev
    with pytest.raises(dataclasses.FrozenInstanceError):
        ev.cameo = "010"  # type: ignore[misc]


def test_records_missing_date_serialises_null() -> None:
    d = make_event(date=None, date_precision=None, location=None).to_dict()
    assert d["date"] is None and d["date_precision"] is None and d["location"] is None
