"""The JSON API over a small hand-built store: every endpoint, filters, paging, evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api_client import TestClient
from api_records import DOCS, api_documents
from conftest import new_postgres_database
from cormorant.api import create_app
from cormorant.errors import StoreError
from cormorant.store import open_store

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample store, once per backend: a DuckDB file or a database on a throwaway server."""
    if request.param == "postgres":
        target = new_postgres_database(request.getfixturevalue("postgres_server"), "api")
    else:
        target = str(tmp_path_factory.mktemp("api") / "events.duckdb")
    with open_store(target) as store:
        store.ingest(api_documents())
    return target


@pytest.fixture(scope="module")
def client(db: str):
    with TestClient(create_app(db)) as c:
        yield c


def get(client: TestClient, url: str, **params: Any) -> dict[str, Any]:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    # Strict JSON: no NaN or Infinity sneaks through.
    body = json.loads(r.text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert body["ok"] is True
    return body


def ids(body: dict[str, Any]) -> set[str]:
    return {e["event_id"] for e in body["events"]}


def test_api_events_lists_mentions_in_date_order(client: TestClient) -> None:
    body = get(client, "/api/events")
    assert body["level"] == "mentions"
    assert body["total"] == 5
    assert [e["event_id"] for e in body["events"]][:1] == ["m5"]  # 2024-01-15 comes first
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates)
    first = body["events"][0]
    assert first["source_code"] == "KENOPP" and first["negated"] is True
    assert first["doc_title"] == "No march"


FILTERS = [
    ("actor either role", {"actor": "RUS"}, {"m1", "m2", "m3"}),
    ("actor list with commas", {"actor": "FRA,KEN"}, {"m4", "m5"}),
    ("actor repeated", {"actor": ["FRA", "KEN"]}, {"m4", "m5"}),
    ("source", {"source": "UKR"}, {"m2"}),
    ("target", {"target": "rus"}, {"m2"}),
    ("country", {"country": "FRA"}, {"m4"}),
    ("source country", {"source_country": "RUS"}, {"m1", "m3"}),
    ("target country", {"target_country": "DEU"}, {"m4"}),
    ("sector", {"sector": "MIL"}, {"m1", "m3"}),
    ("cameo prefix", {"cameo": "19"}, {"m1", "m3"}),
    ("root", {"root": "11"}, {"m2"}),
    ("plover", {"plover": "ACCUSE"}, {"m2"}),
    ("old plover name", {"plover": "fight"}, {"m1", "m3"}),
    ("quad class", {"quad_class": "1"}, {"m4"}),
    ("two quad classes", {"quad_class": "1,3"}, {"m2", "m4", "m5"}),
    ("date range", {"start": "2024-03-01", "end": "2024-04-01"}, {"m1", "m2", "m3"}),
    ("start only", {"start": "2024-05-01"}, {"m4"}),
    ("place name", {"place": "kharkiv"}, {"m1", "m3"}),
    ("place country", {"place": "KEN"}, {"m5"}),
    ("bbox", {"bbox": "0,40,10,50"}, {"m4"}),
    ("text", {"text": "ENERGY"}, {"m4"}),
    ("document", {"doc_id": "d1"}, {"m1", "m2"}),
    ("no negated", {"include_negated": "false"}, {"m1", "m2", "m3", "m4"}),
    ("combined", {"actor": "RUS", "root": "19", "text": "lines"}, {"m3"}),
    ("nothing matches", {"actor": "CHN"}, set()),
]


@pytest.mark.parametrize(("name", "params", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
def test_api_events_filters(client: TestClient, name: str, params: dict[str, Any],
                            expected: set[str]) -> None:
    body = get(client, "/api/events", **params)
    assert ids(body) == expected
    assert body["total"] == len(expected)


def test_api_events_echoes_the_query(client: TestClient) -> None:
    body = get(client, "/api/events", actor="rus", start="2024-03-01", include_negated="no")
    assert body["query"] == {"actor": ["RUS"], "start": "2024-03-01", "include_negated": False,
                             "level": "mentions"}


def test_api_events_pages_cover_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    for offset in (0, 2, 4, 6):
        body = get(client, "/api/events", limit=2, offset=offset)
        assert body["total"] == 5 and body["limit"] == 2 and body["offset"] == offset
        seen += [e["event_id"] for e in body["events"]]
    assert sorted(seen) == ["m1", "m2", "m3", "m4", "m5"]
    assert seen == [e["event_id"] for e in get(client, "/api/events")["events"]]


def test_api_events_level_events_merges_reports(client: TestClient) -> None:
    body = get(client, "/api/events", level="events")
    assert body["level"] == "events"
    assert body["total"] == 4
    merged = [e for e in body["events"] if e["mention_count"] == 2]
    assert len(merged) == 1
    assert sorted(merged[0]["mention_ids"]) == ["m1", "m3"]
    assert merged[0]["doc_count"] == 2


def test_api_counts_per_month(client: TestClient) -> None:
    body = get(client, "/api/counts", group_by="month")
    assert body["keys"] == ["period"]
    assert [(r["period"], r["n_events"]) for r in body["rows"]] == [
        ("2024-01-01", 1), ("2024-03-01", 3), ("2024-05-01", 1)]
    assert body["truncated"] is False


def test_api_counts_by_dyad_at_events_level(client: TestClient) -> None:
    body = get(client, "/api/counts", by="dyad", level="events")
    rows = {(r["source_code"], r["target_code"]): (r["n_events"], r["n_mentions"])
            for r in body["rows"]}
    assert rows[("RUSMIL", "UKRMIL")] == (1, 2)
    assert rows[("KENOPP", None)] == (1, 1)
    assert body["keys"] == ["source_code", "target_code"]


def test_api_counts_period_and_dimension_with_limit(client: TestClient) -> None:
    body = get(client, "/api/counts", group_by="day", by="root", limit=2)
    assert body["keys"] == ["period", "cameo_root"]
    assert len(body["rows"]) == 2 and body["truncated"] is True
    assert body["rows"][0]["period"] == "2024-01-15"


def test_api_counts_respect_filters(client: TestClient) -> None:
    body = get(client, "/api/counts", by="plover", actor="RUS")
    assert {r["plover"]: r["n_events"] for r in body["rows"]} == {"ASSAULT": 2, "ACCUSE": 1}


def test_api_places_groups_located_rows(client: TestClient) -> None:
    body = get(client, "/api/places")
    places = {p["name"]: p for p in body["places"]}
    assert set(places) == {"Kharkiv", "Paris", "Nairobi"}
    assert places["Kharkiv"]["n_events"] == 2
    assert places["Kharkiv"]["lat"] == pytest.approx(49.99)
    assert body["places"][0]["name"] == "Kharkiv"  # busiest first
    assert get(client, "/api/places", level="events")["places"][0]["n_events"] == 1


def test_api_event_mention_evidence_spans_hit_the_sentence(client: TestClient) -> None:
    body = get(client, "/api/events/m1")
    assert body["level"] == "mentions"
    m = body["mentions"][0]
    assert body["event"]["event_id"] == "m1"
    assert m["rule"] == "test.shelled"
    assert m["cameo_name"]
    assert m["extras"] == {"by": "hand"}
    assert m["doc"]["title"] == "Shelling near Kharkiv"
    roles = {h["role"]: h for h in m["highlights"]}
    assert set(roles) == {"source", "trigger", "target", "place"}
    for h in roles.values():
        a, b = h["offsets"]
        assert m["sentence"][a:b] == h["text"]
    assert roles["source"]["code"] == "RUSMIL" and roles["source"]["entry"] == "test.rusmil"
    assert roles["place"]["name"] == "Kharkiv"


def test_api_event_offsets_in_a_later_sentence(client: TestClient) -> None:
    m = get(client, "/api/events/m5")["mentions"][0]
    assert m["sentence_start"] == len("Talks went on. ")
    trigger = next(h for h in m["highlights"] if h["role"] == "trigger")
    assert m["sentence"][slice(*trigger["offsets"])] == "march"
    assert trigger["span"][0] == m["sentence_start"] + trigger["offsets"][0]
    assert m["negated"] is True


def test_api_event_merged_lists_its_mentions(client: TestClient) -> None:
    events = get(client, "/api/events", level="events", root="19")["events"]
    event_id = events[0]["event_id"]
    body = get(client, f"/api/events/{event_id}")
    assert body["level"] == "events"
    assert body["event"]["event_id"] == event_id
    assert [m["event_id"] for m in body["mentions"]] == sorted(body["event"]["mention_ids"])
    assert {m["doc_id"] for m in body["mentions"]} == {"d1", "d2"}
    assert all(m["highlights"] for m in body["mentions"])


def test_api_event_merged_found_with_narrowing_filters(client: TestClient) -> None:
    row = get(client, "/api/events", level="events", root="19")["events"][0]
    hints = {"start": row["date"], "end": row["last_date"], "cameo": row["cameo"],
             "source": row["source_code"], "target": row["target_code"]}
    body = get(client, f"/api/events/{row['event_id']}", **hints)
    assert body["event"]["mention_ids"] == row["mention_ids"]
    # Filters that leave the event out do not find it.
    r = client.get(f"/api/events/{row['event_id']}", params={**hints, "cameo": "04"})
    assert r.status_code == 404


def test_api_document_text_with_event_spans(client: TestClient) -> None:
    body = get(client, "/api/documents/d1")
    doc = body["document"]
    text = doc["text"]
    assert text == " ".join(DOCS["d1"]["sentences"])
    assert doc["status"] == "coded" and doc["title"] == "Shelling near Kharkiv"
    assert [text[a:b] for a, b in body["sentences"]] == DOCS["d1"]["sentences"]
    assert [e["event_id"] for e in body["events"]] == ["m1", "m2"]
    for e in body["events"]:
        for h in e["highlights"]:
            assert text[h["span"][0]:h["span"][1]] == h["text"]
    assert {a["code"] for a in body["actors"]} == {"RUSMIL", "UKRMIL", "UKR", "RUS"}
    assert all(text[a["span"][0]:a["span"][1]] == a["text"] for a in body["actors"])


def test_api_document_skipped_input(client: TestClient) -> None:
    doc = get(client, "/api/documents/broken")["document"]
    assert doc["status"] == "skipped" and doc["reason"] == "binary"
    assert doc["text"] is None


def test_api_meta_counts_dates_versions(client: TestClient) -> None:
    body = get(client, "/api/meta")
    assert body["counts"]["events"] == 5
    assert body["counts"]["documents"] == 5 and body["counts"]["skipped_documents"] == 1
    assert body["counts"]["located_events"] == 4
    assert body["date_range"] == {"min": "2024-01-15", "max": "2024-05-10"}
    assert body["cormorant_version"]
    assert body["store"]["backend"] in ("duckdb", "postgres")
    bundled = body["versions"]["bundled"]
    assert bundled["dictionary_version"] and bundled["lexicon_version"]
    assert body["versions"]["runs"][0]["n_events"] == 5
    voc = body["vocabulary"]
    assert len(voc["cameo_roots"]) == 20 and voc["cameo_roots"][0]["code"] == "01"
    assert "ASSAULT" in voc["plover"] and "dyad" in voc["by"]
    assert set(voc["quad_classes"]) == {"1", "2", "3", "4"}


def test_api_create_app_refuses_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.duckdb"
    with pytest.raises(StoreError, match="no store at"):
        create_app(missing)
    assert not missing.exists()


def test_api_create_app_over_an_open_store_leaves_it_open(tmp_path: Path) -> None:
    with open_store(tmp_path / "own.duckdb") as store:
        store.ingest(api_documents())
        with TestClient(create_app(store)) as c:
            assert get(c, "/api/events", limit=1)["total"] == 5
        assert store.counts()["events"] == 5  # still usable after the app shut down
