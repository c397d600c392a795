"""Every error the API returns has one JSON shape (in the style of datasette's test_error_shape).

``{"ok": false, "error": {"status": N, "title": "...", "detail": "..."}}`` with HTTP status N,
whether the request was malformed, named an unknown id or route, used the wrong method,
or the store failed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api_client import TestClient
from api_records import api_store
from cormorant.api import create_app

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 413: "Payload too large", 414: "URI too long",
          421: "Misdirected request", 500: "Server error", 503: "Service unavailable"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return api_store(tmp_path_factory.mktemp("api_errors"))


@pytest.fixture(scope="module")
def client(db: Path):
    with TestClient(create_app(db)) as c:
        yield c


def assert_error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = json.loads(response.text)
    assert set(body) == {"ok", "error"}
    assert body["ok"] is False
    error = body["error"]
    assert set(error) == {"status", "title", "detail"}
    assert error["status"] == status
    assert error["title"] == TITLES[status]
    assert isinstance(error["detail"], str) and error["detail"].strip()
    return error


BAD_REQUESTS = [
    # (method, url, status, a word the detail must contain)
    ("GET", "/api/events?bogus=1", 400, "bogus"),
    ("GET", "/api/events?start=yesterday", 400, "start"),
    ("GET", "/api/events?end=2024-13-01", 400, "end"),
    ("GET", "/api/events?start=2024-05-01&end=2024-01-01", 400, "after"),
    ("GET", "/api/events?start=2024-01-01&start=2024-02-01", 400, "once"),
    ("GET", "/api/events?level=sentences", 400, "level"),
    ("GET", "/api/events?limit=ten", 400, "limit"),
    ("GET", "/api/events?limit=100000", 400, "limit"),
    ("GET", "/api/events?limit=-1", 400, "limit"),
    ("GET", "/api/events?offset=-5", 400, "offset"),
    ("GET", "/api/events?quad_class=5", 400, "quad"),
    ("GET", "/api/events?quad_class=x", 400, "quad"),
    ("GET", "/api/events?cameo=19a", 400, "CAMEO"),
    ("GET", "/api/events?root=ab", 400, "CAMEO"),
    ("GET", "/api/events?bbox=1,2,3", 400, "bbox"),
    ("GET", "/api/events?bbox=a,b,c,d", 400, "bbox"),
    ("GET", "/api/events?bbox=10,0,0,10", 400, "bbox"),
    ("GET", "/api/events?include_negated=maybe", 400, "include_negated"),
    ("GET", "/api/events?window=-1", 400, "window"),
    ("GET", "/api/events?group_by=month", 400, "group_by"),
    ("GET", "/api/counts", 400, "group_by"),
    ("GET", "/api/counts?group_by=decade", 400, "group_by"),
    ("GET", "/api/counts?by=colour", 400, "by"),
    ("GET", "/api/counts?by=dyad&offset=3", 400, "offset"),
    ("GET", "/api/counts?by=dyad&limit=0.5", 400, "limit"),
    ("GET", "/api/places?group_by=day", 400, "group_by"),
    ("GET", "/api/meta?verbose=1", 400, "verbose"),
    ("GET", "/api/documents/d1?highlight=1", 400, "highlight"),
    ("GET", "/api/events/m1?level=events", 400, "level"),
    ("GET", "/api/events/m1?window=soon", 400, "window"),
    ("GET", "/nope", 404, "/nope"),
    ("GET", "/api", 404, "/api"),
    ("GET", "/api/", 404, "/api/"),
    ("GET", "/api/eventz", 404, "eventz"),
    ("GET", "/api/events/m1/extra", 404, "extra"),
    ("GET", "/api/events/no-such-event", 404, "no-such-event"),
    ("GET", "/api/documents/no-such-doc", 404, "no-such-doc"),
    ("GET", "/static/missing.js", 404, "missing.js"),
    ("GET", "/static/../pyproject.toml", 404, ""),
    ("POST", "/api/events", 405, "POST"),
    ("PUT", "/api/events/m1", 405, "PUT"),
    ("DELETE", "/api/documents/d1", 405, "DELETE"),
    ("PATCH", "/api/meta", 405, "PATCH"),
    ("POST", "/api/counts?by=dyad", 405, "POST"),
    ("POST", "/", 405, "POST"),
    ("POST", "/static/app.js", 405, ""),
]


@pytest.mark.parametrize(("method", "url", "status", "word"), BAD_REQUESTS,
                         ids=[f"{m} {u}" for m, u, _, _ in BAD_REQUESTS])
def test_api_error_shape(client: TestClient, method: str, url: str, status: int, word: str) -> None:
    error = assert_error_shape(client.request(method, url), status)
    assert word in error["detail"]


def test_api_error_shape_405_names_the_allowed_method(client: TestClient) -> None:
    response = client.post("/api/meta")
    assert_error_shape(response, 405)
    assert "GET" in response.headers["allow"]


def test_api_error_shape_store_failure_is_500(db: Path, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    copy = tmp_path / "broken.duckdb"
    copy.write_bytes(db.read_bytes())
    app = create_app(copy)
    app.state.service.store.close()  # the database goes away under a running server
    with TestClient(app) as c:
        for url in ("/api/events", "/api/counts?by=dyad", "/api/meta", "/api/documents/d1"):
            error = assert_error_shape(c.get(url), 500)
            assert "StoreError" in error["detail"]
            # The store's path stays in the server's log, out of the response.
            assert "broken.duckdb" not in error["detail"] and str(tmp_path) not in error["detail"]
    assert "broken.duckdb" in caplog.text


def test_api_error_shape_unexpected_exception_is_500(db: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "other.duckdb"
    copy.write_bytes(db.read_bytes())
    app = create_app(copy)

    def explode() -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.state.service, "meta", explode)
    with TestClient(app, raise_server_exceptions=False) as c:
        error = assert_error_shape(c.get("/api/meta"), 500)
    assert "RuntimeError" in error["detail"]
    assert "secret internals" not in error["detail"]  # no internals leak to clients
