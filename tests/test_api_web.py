"""The web UI: served from package data, self-contained (nothing fetched from elsewhere)."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from api_client import TestClient
from api_records import api_documents
from cormorant.api import create_app
from cormorant.store import open_store
from cormorant.web import missing_vendor_files

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

STATIC = Path(str(resources.files("cormorant.web").joinpath("static")))
FILES = sorted(p.name for p in STATIC.iterdir() if p.is_file())
TYPES = {".html": "text/html", ".js": "javascript", ".css": "text/css"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("web") / "events.duckdb"
    with open_store(path) as store:
        store.ingest(api_documents())
    with TestClient(create_app(path)) as c:
        yield c


def test_api_web_static_files_present() -> None:
    assert {"index.html", "app.js", "app.css"} <= set(FILES)


def test_api_web_index_served_at_root(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<svg id=\"timeline\"" in html and "<svg id=\"map\"" in html
    assert 'id="filters"' in html and 'id="events"' in html and 'id="evidence"' in html
    # Every local reference in the page resolves.
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs
    for ref in refs:
        if ref.startswith("data:"):  # an inline (empty) icon: nothing to fetch
            continue
        if ref.startswith("static/vendor/") and missing_vendor_files():
            # Not copied yet (`make install`): the server says so instead of a bare 404.
            assert client.get("/" + ref).status_code == 503, ref
            continue
        assert client.get("/" + ref.lstrip("/")).status_code == 200, ref


@pytest.mark.parametrize("name", FILES)
def test_api_web_static_file_served_with_type(client: TestClient, name: str) -> None:
    r = client.get(f"/static/{name}")
    assert r.status_code == 200
    assert TYPES[Path(name).suffix] in r.headers["content-type"]
    assert r.text == (STATIC / name).read_text("utf-8")


@pytest.mark.parametrize("name", FILES)
def test_api_web_no_external_urls(name: str) -> None:
    text = (STATIC / name).read_text("utf-8")
    assert not re.search(r"https?://", text), f"{name} refers to another server"
    assert not re.search(r"(?:src|href|url\()\s*=?\s*[\"']?//", text), f"{name} has a protocol-relative URL"
    assert "@import" not in text


def test_api_web_content_security_policy_keeps_it_local(client: TestClient) -> None:
    for url in ("/", "/static/app.js", "/api/meta"):
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "http" not in csp


def test_api_web_js_calls_only_this_server() -> None:
    js = (STATIC / "app.js").read_text("utf-8")
    calls = re.findall(r"fetch\(([^,)]+)", js)
    assert calls == ["url"]
    assert 'const url = "api/" + path' in js


def test_api_web_package_data_includes_static() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert "web/static/**/*" in pyproject["tool"]["setuptools"]["package-data"]["cormorant"]
