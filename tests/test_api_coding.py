"""Coding as a service: POST /api/code answers coded events without storing them;
POST /api/documents stores them, only with the server's bearer token."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from api_client import TestClient
from api_records import api_documents
from cormorant import CoderConfig
from cormorant.api import ApiConfig, create_app
from cormorant.records import Actor, CodedDocument, Document, Event, Skipped, Trigger
from cormorant.store import open_store
from test_api_error_shape import assert_error_shape

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

TOKEN = "t0ken-for-tests"


class FakeCoder:
    """One event per document whose text says 'attacked'; counts how often it is made."""

    made = 0

    def __init__(self) -> None:
        FakeCoder.made += 1
        self.config = CoderConfig()  # what a run records; the fake never builds a pipeline

    def code_many(self, items: Iterable[Document | Skipped]) -> Iterator[CodedDocument | Skipped]:
        for d in items:
            if isinstance(d, Skipped):
                yield d
                continue
            events = []
            at = d.text.find("attacked")
            if at >= 0:
                sentence = d.text
                events.append(Event(
                    event_id=f"{d.id}-e0", doc_id=d.id, sentence_index=0, sentence=sentence,
                    date=d.date, date_precision="day" if d.date else None,
                    source=Actor("Rebels", "REB", None, "REB", (0, 6)), target=None,
                    cameo="190", cameo_root="19", plover="ASSAULT", plover_mode=None,
                    quad_class=4, goldstein=-10.0, location=None, negated=False,
                    hypothetical=False, trigger=Trigger("attacked", (at, at + 8)), rule="fake",
                ))
            yield CodedDocument(d, tuple(events), sentences=((0, len(d.text)),))


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    with open_store(path) as store:
        store.ingest(api_documents())
    return path


@pytest.fixture()
def client(db: Path):
    with TestClient(create_app(db, ApiConfig(token=TOKEN), coder=FakeCoder)) as c:
        yield c


def code(client: TestClient, body: str, content_type: str, **params: str) -> dict:
    r = client.post("/api/code", content=body.encode(), params=params,
                    headers={"content-type": content_type})
    assert r.status_code == 200, r.text
    result: dict = r.json()
    assert result["ok"] is True
    return result


def test_api_coding_plain_text(client: TestClient) -> None:
    body = code(client, "Rebels attacked the town.", "text/plain; charset=utf-8",
                id="note-1", date="2024-05-01")
    assert body["n_events"] == 1
    [doc] = body["documents"]
    assert doc["doc_id"] == "note-1" and doc["status"] == "coded" and doc["date"] == "2024-05-01"
    event = doc["events"][0]
    assert event["cameo"] == "190" and event["trigger"]["text"] == "attacked"


def test_api_coding_html_is_extracted(client: TestClient) -> None:
    page = ("<html><head><title>Clash</title></head><body><article><p>Rebels attacked the "
            "town at dawn, residents said on Monday.</p><script>alert(1)</script></article>"
            "</body></html>")
    [doc] = code(client, page, "text/html")["documents"]
    assert doc["n_events"] == 1
    assert "alert" not in doc["events"][0]["sentence"]


def test_api_coding_json_lines(client: TestClient) -> None:
    lines = "\n".join([
        json.dumps({"id": "a", "text": "Rebels attacked a convoy.", "date": "2024-02-03"}),
        json.dumps({"id": "b", "text": "Ministers met in the capital."}),
        "{not json",
    ])
    body = code(client, lines, "application/x-ndjson")
    docs = {d["doc_id"]: d for d in body["documents"] if d["doc_id"]}
    assert docs["a"]["n_events"] == 1 and docs["a"]["date"] == "2024-02-03"
    assert docs["b"]["n_events"] == 0
    skipped = [d for d in body["documents"] if d["status"] == "skipped"]
    assert len(skipped) == 1 and skipped[0]["reason"] == "format"
    # format= overrides the content type.
    body = code(client, lines, "text/plain", format="jsonl")
    assert len(body["documents"]) == 3


def test_api_coding_stores_nothing(client: TestClient) -> None:
    before = client.get("/api/meta").json()["counts"]
    code(client, "Rebels attacked the town.", "text/plain")
    assert client.get("/api/meta").json()["counts"] == before


def test_api_coding_coder_is_made_once_per_app(db: Path) -> None:
    FakeCoder.made = 0
    with TestClient(create_app(db, coder=FakeCoder)) as c:
        assert FakeCoder.made == 0  # lazily: reading the store never loads the model
        c.get("/api/events")
        assert FakeCoder.made == 0
        for _ in range(3):
            code(c, "Rebels attacked the town.", "text/plain")
    assert FakeCoder.made == 1


def test_api_coding_bad_requests(client: TestClient) -> None:
    error = assert_error_shape(client.post("/api/code", content=b"\x00\x01\x02binary\xff" * 50,
                                           headers={"content-type": "text/plain"}), 400)
    assert "not text" in error["detail"]
    assert_error_shape(client.post("/api/code?format=pdf", content=b"x"), 400)
    assert_error_shape(client.post("/api/code?date=yesterday", content=b"x"), 400)
    assert_error_shape(client.get("/api/code"), 405)
    empty = code(client, "", "text/plain")
    assert empty["documents"][0]["status"] == "skipped"


def test_api_coding_ingest_is_off_without_a_token(db: Path) -> None:
    with TestClient(create_app(db, coder=FakeCoder)) as c:
        error = assert_error_shape(c.post("/api/documents", content=b"Rebels attacked.",
                                          headers={"authorization": "Bearer anything"}), 403)
        assert "token" in error["detail"]


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer",
                                    f"Bearer {TOKEN}x"])
def test_api_coding_ingest_needs_the_token(client: TestClient, header: str | None) -> None:
    headers = {"content-type": "text/plain"}
    if header is not None:
        headers["authorization"] = header
    response = client.post("/api/documents", content=b"Rebels attacked.", headers=headers)
    assert_error_shape(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_api_coding_ingest_stores_and_serves(client: TestClient) -> None:
    before = client.get("/api/events").json()["total"]
    lines = "\n".join(json.dumps({"id": f"new-{i}", "text": f"Rebels attacked post {i}.",
                                  "date": "2024-06-0" + str(i + 1)}) for i in range(3))
    r = client.post("/api/documents", content=lines.encode(),
                    headers={"authorization": f"Bearer {TOKEN}",
                             "content-type": "application/x-ndjson"})
    assert r.status_code == 200, r.text
    report = r.json()["report"]
    assert report["new"] == 3 and report["events"] == 3
    assert client.get("/api/events").json()["total"] == before + 3
    merged = client.get("/api/events", params={"level": "events", "doc_id": "new-1"}).json()
    assert merged["total"] == 1
    doc = client.get("/api/documents/new-1").json()
    assert doc["document"]["text"] == "Rebels attacked post 1."
    # The same documents again change nothing.
    again = client.post("/api/documents", content=lines.encode(),
                        headers={"authorization": f"Bearer {TOKEN}",
                                 "content-type": "application/x-ndjson"}).json()["report"]
    assert again["unchanged"] == 3 and again["new"] == 0


@pytest.mark.slow
def test_api_coding_real_model(db: Path) -> None:
    with TestClient(create_app(db)) as c:
        body = code(c, "Russian troops attacked Ukrainian positions near Kharkiv on Monday.",
                    "text/plain", date="2024-03-04")
    [doc] = body["documents"]
    assert doc["status"] == "coded" and doc["n_events"] >= 1
    assert any(e["cameo"].startswith("19") for e in doc["events"])
