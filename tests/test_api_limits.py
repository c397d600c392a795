"""Abuse limits of the API: value caps, a time limit per query, URL and body sizes, strict
values, the Host allow-list, keyset paging instead of deep offsets, and no paths in answers."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from api_client import TestClient
from api_records import api_documents, api_store
from cormorant.api import ApiConfig, create_app
from cormorant.api.params import MAX_OFFSET, MAX_VALUES
from cormorant.store import open_store
from test_api_error_shape import assert_error_shape

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return api_store(tmp_path_factory.mktemp("api_limits"))


@pytest.fixture(scope="module")
def client(db: Path):
    with TestClient(create_app(db)) as c:
        yield c


def test_api_limits_filter_takes_at_most_50_values(client: TestClient) -> None:
    codes = [f"A{i:02d}" for i in range(MAX_VALUES)]
    assert client.get("/api/events", params={"actor": codes}).status_code == 200
    error = assert_error_shape(client.get("/api/events", params={"actor": [*codes, "RUS"]}), 400)
    assert "at most 50" in error["detail"]
    # Commas count value by value.
    error = assert_error_shape(client.get("/api/counts?by=dyad&country=" + ",".join(
        ["FRA"] * (MAX_VALUES + 1))), 400)
    assert "country" in error["detail"]


def test_api_limits_5000_value_list_is_refused_at_once(client: TestClient) -> None:
    url = "/api/events?actor=" + ",".join(f"X{i}" for i in range(1000))  # under 8 KB
    assert_error_shape(client.get(url), 400)


def test_api_limits_url_over_8kb_is_414(client: TestClient) -> None:
    error = assert_error_shape(client.get("/api/events?text=" + "a" * 8200), 414)
    assert "8192" in error["detail"]
    assert client.get("/api/events?text=" + "a" * 100).status_code == 200


@pytest.mark.parametrize("offset", [str(MAX_OFFSET + 1), str(2 ** 63), str(2 ** 64), "1e9",
                                    "9" * 40])
def test_api_limits_offset_has_an_upper_bound(client: TestClient, db: Path, offset: str) -> None:
    error = assert_error_shape(client.get(f"/api/events?offset={offset}"), 400)
    assert "offset" in error["detail"]
    assert str(db.parent) not in error["detail"]


def test_api_limits_offset_at_the_bound_is_fine(client: TestClient) -> None:
    body = client.get(f"/api/events?offset={MAX_OFFSET}").json()
    assert body["ok"] is True and body["events"] == [] and body["total"] == 5


@pytest.mark.parametrize(("name", "value"), [
    ("plover", "BOGUS"), ("plover", "ASSAULT;DROP"), ("sector", "XYZ"), ("sector", "GOVX"),
    ("country", "FRANCE"), ("actor", "RUS'--"), ("cameo", "19;1"), ("root", "123"),
])
def test_api_limits_unknown_codes_are_400(client: TestClient, name: str, value: str) -> None:
    error = assert_error_shape(client.get("/api/events", params={name: value}), 400)
    assert name in error["detail"]


@pytest.mark.parametrize(("name", "value"), [("plover", "assault"), ("plover", "FIGHT"),
                                             ("sector", "mil"), ("sector", "IGO")])
def test_api_limits_known_codes_any_case(client: TestClient, name: str, value: str) -> None:
    assert client.get("/api/events", params={name: value}).status_code == 200


@pytest.mark.parametrize("value", ["20240105", "2024-1-5", "2024-01-05T00:00", "2024-W01-1",
                                   "2024-01-05 ", "+2024-01-05", "2024-02-30", "２０２４-01-05"])
def test_api_limits_dates_are_exactly_yyyy_mm_dd(client: TestClient, value: str) -> None:
    for name in ("start", "end"):
        r = client.get("/api/events", params={name: value})
        if value.strip() != value:  # surrounding spaces are trimmed like every value
            assert r.status_code == 200
            continue
        error = assert_error_shape(r, 400)
        assert "YYYY-MM-DD" in error["detail"]


def _slow_meta_app(db: Any, sql: str) -> Any:
    """An app with a 0.2 s query limit whose /api/meta runs the slow query ``sql``."""
    app = create_app(db, ApiConfig(query_timeout=0.2))
    service = app.state.service

    def slow_meta() -> dict[str, Any]:
        service.reader.rows(sql)
        return {"ok": True}

    service.meta = slow_meta
    return app


def test_api_limits_query_time_limit_is_503(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "slow.duckdb"
    copy.write_bytes(db.read_bytes())
    app = _slow_meta_app(copy, "SELECT COUNT(*) AS n FROM range(100000000000) a")
    with TestClient(app) as c:
        started = time.perf_counter()
        error = assert_error_shape(c.get("/api/meta"), 503)
        assert time.perf_counter() - started < 30  # stopped, not run to the end
        assert "time limit" in error["detail"]
        # The cursor that was interrupted serves the next request normally.
        assert c.get("/api/events").json()["total"] == 5


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.2", "[::2]:80"])
def test_api_limits_host_not_allowed_is_421(client: TestClient, host: str) -> None:
    error = assert_error_shape(client.get("/api/meta", headers={"host": host}), 421)
    assert "Host" in error["detail"]


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:9", "[::1]:8000",
                                  "LOCALHOST"])
def test_api_limits_local_hosts_are_allowed(client: TestClient, host: str) -> None:
    assert client.get("/api/meta", headers={"host": host}).status_code == 200


def test_api_limits_host_allow_list_is_configurable(db: Path) -> None:
    config = ApiConfig(allowed_hosts=("events.example",)).with_host("10.1.2.3")
    with TestClient(create_app(db, config), base_url="http://events.example") as c:
        assert c.get("/api/meta").status_code == 200
        assert c.get("/api/meta", headers={"host": "10.1.2.3:8000"}).status_code == 200
        assert_error_shape(c.get("/api/meta", headers={"host": "localhost"}), 421)
    with TestClient(create_app(db, ApiConfig(allowed_hosts=("*",))),
                    base_url="http://anything.example") as c:
        assert c.get("/api/meta").status_code == 200


def test_api_limits_meta_reveals_no_paths(client: TestClient, db: Path) -> None:
    text = client.get("/api/meta").text
    body = json.loads(text)
    assert body["store"] == {"backend": "duckdb"}
    for secret in (str(db), str(db.parent), db.name):
        assert secret not in text


def test_api_limits_keyset_paging_matches_offset_paging(client: TestClient) -> None:
    for level in ("mentions", "events"):
        everything = client.get("/api/events", params={"level": level, "limit": 100}).json()
        ids, cursor, pages = [], None, 0
        while True:
            params: dict[str, Any] = {"level": level, "limit": 2}
            if cursor:
                params["cursor"] = cursor
            body = client.get("/api/events", params=params).json()
            ids += [e["event_id"] for e in body["events"]]
            cursor, pages = body["next_cursor"], pages + 1
            if cursor is None:
                break
        assert ids == [e["event_id"] for e in everything["events"]]
        assert pages == (len(ids) + 1) // 2


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WyIyMDI0LTAxLTAxIiwxXQ", "x" * 500])
def test_api_limits_bad_cursor_is_400(client: TestClient, cursor: str) -> None:
    error = assert_error_shape(client.get("/api/events", params={"cursor": cursor}), 400)
    assert "cursor" in error["detail"]


def test_api_limits_cursor_and_offset_together_is_400(client: TestClient) -> None:
    cursor = client.get("/api/events?limit=1").json()["next_cursor"]
    error = assert_error_shape(client.get("/api/events", params={"cursor": cursor, "offset": 1}),
                               400)
    assert "offset or cursor" in error["detail"]


def test_api_limits_long_free_text_is_400(client: TestClient) -> None:
    assert_error_shape(client.get("/api/events", params={"text": "a" * 201}), 400)
    assert_error_shape(client.get("/api/events", params={"doc_id": "d" * 201}), 400)


def test_api_limits_body_over_the_limit_is_413(db: Path) -> None:
    app = create_app(db, ApiConfig(max_body_bytes=1000))
    with TestClient(app) as c:
        error = assert_error_shape(c.post("/api/code", content=b"x" * 1001,
                                          headers={"content-type": "text/plain"}), 413)
        assert "1000" in error["detail"]

        def chunks() -> Any:  # no Content-Length: counted while read
            for _ in range(5):
                yield b"y" * 300

        assert_error_shape(c.post("/api/code", content=chunks(),
                                  headers={"content-type": "text/plain"}), 413)


def test_api_limits_no_request_value_reaches_the_sql_text(db: Path) -> None:
    """Every value a client sends travels as a bound parameter, never inside the SQL."""
    from cormorant.api.params import encode_cursor

    marks = ["ZQXACTOR", "zqx' OR 1=1 --", "zqxplace\"", "zqx-doc';", "zqx/evt'", "ZQXSRC"]
    issued: list[str] = []
    app = create_app(db)
    service = app.state.service
    service.tables.warm()  # both ways of answering: precomputed tables and live queries
    original = service.reader.arrow

    def recording(sql: str, params: Any = (), **kw: Any) -> Any:
        issued.append(sql)
        return original(sql, params, **kw)

    service.reader.arrow = recording
    cursor = encode_cursor("2024-01-01", marks[4])
    with TestClient(app) as c:
        for level in ("mentions", "events"):
            for window in ("0", "2"):
                query = {"actor": marks[0], "text": marks[1], "place": marks[2],
                         "doc_id": marks[3], "source": marks[5], "level": level, "window": window}
                assert c.get("/api/events", params={**query, "cursor": cursor}).status_code == 200
                assert c.get("/api/counts", params={**query, "by": "dyad"}).status_code == 200
                assert c.get("/api/places", params=query).status_code == 200
                assert c.get("/api/events", params={"actor": marks[0], "level": level,
                                                    "window": window}).status_code == 200
        assert c.get(f"/api/events/{marks[4]}", params={"text": marks[1]}).status_code == 404
        assert c.get(f"/api/documents/{marks[3]}").status_code == 404
    assert len(issued) > 20
    for sql in issued:
        for mark in marks:
            assert mark.lower() not in sql.lower(), sql


def test_api_limits_sector_list_covers_the_dictionaries() -> None:
    from cormorant.api.params import dictionary_sectors, known_sectors

    missing = sorted(set(dictionary_sectors()) - set(known_sectors()))
    assert not missing, f"add to cormorant/api/data/sectors.yaml: {missing}"


@pytest.mark.postgres
def test_api_limits_query_time_limit_on_postgres(postgres_url: str) -> None:
    with open_store(postgres_url) as store:
        store.ingest(api_documents())
    app = _slow_meta_app(postgres_url, "SELECT pg_sleep(20) AS slept")
    with TestClient(app) as c:
        error = assert_error_shape(c.get("/api/meta"), 503)
        assert "time limit" in error["detail"]
        assert c.get("/api/events").json()["total"] == 5
