"""The precomputed tables answer exactly as the store's own queries do.

The API pages mentions and merged events from date-sorted tables it builds (see
``cormorant.api.cache``); every answer must equal the live query's, for every filter,
level, page and group. A synthetic store with reported-twice events exercises merging.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from typing import Any

import pytest

from api_records import api_documents
from cormorant.api import EventService
from cormorant.api import params as P
from cormorant.records import CodedDocument
from cormorant.store import EventQuery, open_store
from cormorant.store.bench import synthetic_coded_documents


def _reported_again(doc: CodedDocument, n: int) -> CodedDocument:
    """The same events in another document (another outlet's report of them)."""
    new_id = f"{doc.document.id}-again{n}"
    events = tuple(dataclasses.replace(e, event_id=f"{new_id}-{k}", doc_id=new_id)
                   for k, e in enumerate(doc.events))
    return dataclasses.replace(doc, document=dataclasses.replace(
        doc.document, id=new_id, url=f"https://other.example/{new_id}"), events=events)


def _documents() -> Iterator[Any]:
    yield from api_documents()
    for i, doc in enumerate(synthetic_coded_documents(60, 4, seed=3, days=40)):
        yield doc
        if i % 3 == 0:
            yield _reported_again(doc, 1)
        if i % 9 == 0:
            yield _reported_again(doc, 2)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EventService, EventService]]:
    path = tmp_path_factory.mktemp("api_precomputed") / "events.duckdb"
    with open_store(path) as store:
        store.ingest(_documents())
    with open_store(path) as store:
        live, fast = EventService(store), EventService(store)
        live.tables.close()  # never precomputes
        fast.tables.warm()
        # The fast side does take the precomputed tables, for every filter they can answer.
        for q in (EventQuery(), EventQuery(actor=("RUS",), sector=("MIL",), plover=("ASSAULT",),
                                           root=("19",), quad_class=(4,), country=("UKR",))):
            assert fast.tables.for_merged(q.replace(level="events")) is not None
            assert fast.tables.for_mentions(q) is not None
        assert fast.tables.for_merged(EventQuery(level="events", place=("Moscow",))) is None
        yield live, fast
        live.close()
        fast.close()


def same(a: Any, b: Any) -> bool:
    """Equal, with floats equal to 9 significant digits (sums in another order)."""
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


FILTERS: list[dict[str, list[str]]] = [
    {}, {"actor": ["RUS"]}, {"actor": ["USA", "CHN"]}, {"source": ["RUSMIL"]},
    {"target": ["UKR"]}, {"country": ["FRA"]}, {"source_country": ["RUS"]},
    {"target_country": ["CHN,USA"]}, {"sector": ["MIL"]}, {"cameo": ["19"]}, {"root": ["4"]},
    {"plover": ["CONSULT"]}, {"quad_class": ["3,4"]}, {"start": ["2020-01-10"]},
    {"start": ["2020-01-05"], "end": ["2020-01-20"]}, {"include_negated": ["false"]},
    {"include_hypothetical": ["false"]}, {"place": ["Moscow"]}, {"text": ["officials"]},
    {"bbox": ["30,45,40,56"]}, {"doc_id": ["syn-000003,syn-000003-again1"]},
    {"actor": ["RUS"], "sector": ["GOV"], "quad_class": ["1"]},
]
FILTER_IDS = ["&".join(f"{k}={','.join(v)}" for k, v in f.items()) or "none" for f in FILTERS]


@pytest.mark.parametrize("level", ["mentions", "events"])
@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
def test_api_precomputed_pages_equal_live(services: tuple[EventService, EventService],
                                          filters: dict[str, list[str]], level: str) -> None:
    live, fast = services
    for paging in ({"limit": ["7"]}, {"limit": ["5"], "offset": ["6"]}, {"limit": ["1000"]}):
        items = {**filters, "level": [level], **paging}
        a = live.events(*P.events_request(items))
        b = fast.events(*P.events_request(items))
        assert same(a, b), (items, a["total"], b["total"])
    assert a["total"] > 0 or "place" in filters or "doc_id" in filters or "start" in filters


@pytest.mark.parametrize("level", ["mentions", "events"])
def test_api_precomputed_cursor_pages_walk_everything(
        services: tuple[EventService, EventService], level: str) -> None:
    live, fast = services
    everything = live.events(*P.events_request({"level": [level], "limit": ["1000"]}))["events"]
    walked: list[str] = []
    cursor: str | None = None
    while True:
        items = {"level": [level], "limit": ["13"], **({"cursor": [cursor]} if cursor else {})}
        body = fast.events(*P.events_request(items))
        walked += [e["event_id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert walked == [e["event_id"] for e in everything]
    assert len(walked) > 100


@pytest.mark.parametrize("level", ["mentions", "events"])
@pytest.mark.parametrize(("group_by", "by"), [
    ("month", None), ("day", None), ("week", "dyad"), (None, "source"), (None, "target"),
    (None, "code"), (None, "root"), (None, "plover"), (None, "quad"), (None, "country"),
    (None, "source-country"), ("year", "target-country"),
])
def test_api_precomputed_counts_equal_live(services: tuple[EventService, EventService],
                                           level: str, group_by: str | None, by: str | None) -> None:
    live, fast = services
    for filters in ({}, {"actor": ["RUS"]}, {"sector": ["GOV"]}, {"place": ["Moscow"]}):
        items = {**filters, "level": [level], **({"group_by": [group_by]} if group_by else {}),
                 **({"by": [by]} if by else {})}
        assert same(live.counts(*P.counts_request(items)), fast.counts(*P.counts_request(items)))


@pytest.mark.parametrize("level", ["mentions", "events"])
@pytest.mark.parametrize("filters", [{}, {"country": ["RUS"]}, {"bbox": ["0,0,60,60"]}],
                         ids=["none", "country", "bbox"])
def test_api_precomputed_places_equal_live(services: tuple[EventService, EventService],
                                           level: str, filters: dict[str, list[str]]) -> None:
    live, fast = services
    items = {**filters, "level": [level]}
    assert same(live.places(*P.places_request(items)), fast.places(*P.places_request(items)))


def test_api_precomputed_merged_event_by_id_equals_live(
        services: tuple[EventService, EventService]) -> None:
    live, fast = services
    rows = live.events(*P.events_request({"level": ["events"], "limit": ["1000"]}))["events"]
    merged = [r for r in rows if r["mention_count"] > 1]
    assert len(merged) >= 10  # the store does hold events reported more than once
    for row in merged[:6] + rows[:2]:
        a = live.event(row["event_id"], P.event_request({}))
        b = fast.event(row["event_id"], P.event_request({}))
        assert same(a, b)
        assert [m["event_id"] for m in b["mentions"]] == row["mention_ids"]


def test_api_precomputed_tables_rebuild_after_a_change(
        services: tuple[EventService, EventService]) -> None:
    _, fast = services
    before = fast.tables.current()
    assert before is not None
    fast.changed()
    assert fast.tables.current() is None or fast.tables.current() != before
    fast.tables.warm()
    after = fast.tables.current()
    assert after is not None and after.generation == before.generation + 1
    assert after.mentions != before.mentions
