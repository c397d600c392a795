"""The explorer's endpoints: the actor network, the export of a filter, the vendored libraries."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from api_client import TestClient
from api_records import api_documents
from conftest import new_postgres_database
from cormorant.api import create_app, views
from cormorant.store import open_store
from cormorant.web import VENDOR_FILES, missing_vendor_files

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


@pytest.fixture(scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The hand-built store, once per backend (the SQL must run on both)."""
    if request.param == "postgres":
        target = new_postgres_database(request.getfixturevalue("postgres_server"), "views")
    else:
        target = str(tmp_path_factory.mktemp("views") / "events.duckdb")
    with open_store(target) as store:
        store.ingest(api_documents())
    with TestClient(create_app(target)) as c:
        yield c


def _ok(client: TestClient, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()


def test_web_views_network_country_edges(client: TestClient) -> None:
    body = _ok(client, "/api/network")
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    # m1 and m3 (RUS -> UKR, -10 each), m2 (UKR -> RUS), m4 (FRA -> DEU); m5 has no target.
    assert set(edges) == {("RUS", "UKR"), ("UKR", "RUS"), ("FRA", "DEU")}
    assert edges["RUS", "UKR"]["n_events"] == 2
    assert edges["RUS", "UKR"]["mean_goldstein"] == -10.0
    assert edges["FRA", "DEU"]["mean_goldstein"] == 8.0
    assert edges["RUS", "UKR"]["filter"] == {"source_country": "RUS", "target_country": "UKR"}
    nodes = {n["id"]: n for n in body["nodes"]}
    assert nodes["RUS"]["n_out"] == 2 and nodes["RUS"]["n_in"] == 1
    assert nodes["RUS"]["filter"] == {"country": "RUS"}
    assert body["nodes_by"] == "country" and body["truncated"] is False


def test_web_views_network_country_sector_nodes(client: TestClient) -> None:
    body = _ok(client, "/api/network?nodes=country-sector")
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert ("RUS·MIL", "UKR·MIL") in edges and ("UKR", "RUS") in edges
    assert edges["RUS·MIL", "UKR·MIL"]["filter"] == {"source": "RUSMIL", "target": "UKRMIL"}
    # A node without a sector falls back to its country.
    assert edges["UKR", "RUS"]["filter"] == {"source_country": "UKR", "target_country": "RUS"}


def test_web_views_network_edge_filter_selects_its_events(client: TestClient) -> None:
    for mode in ("country", "country-sector"):
        for edge in _ok(client, f"/api/network?nodes={mode}")["edges"]:
            query = "&".join(f"{k}={v}" for k, v in edge["filter"].items())
            assert _ok(client, f"/api/events?{query}")["total"] == edge["n_events"], (mode, edge)


def test_web_views_network_takes_the_event_filters(client: TestClient) -> None:
    body = _ok(client, "/api/network?quad_class=1")
    assert [(e["source"], e["target"]) for e in body["edges"]] == [("FRA", "DEU")]
    merged = _ok(client, "/api/network?level=events")
    rus_ukr = next(e for e in merged["edges"] if e["source"] == "RUS" and e["target"] == "UKR")
    assert rus_ukr["n_events"] == 1  # m1 and m3 are one event on the same day
    limited = _ok(client, "/api/network?limit=1")
    assert len(limited["edges"]) == 1 and limited["truncated"] is True


@pytest.mark.parametrize("query", ["nodes=person", "limit=0", "limit=x", "colour=red",
                                   "start=yesterday"])
def test_web_views_network_rejects_bad_parameters(client: TestClient, query: str) -> None:
    r = client.get(f"/api/network?{query}")
    assert r.status_code == 400
    assert r.json()["ok"] is False


def test_web_views_export_csv_rows_match_the_filter(client: TestClient) -> None:
    r = client.get("/api/export?format=csv&country=RUS")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="cormorant-mentions.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted(row["event_id"] for row in rows) == ["m1", "m2", "m3"]
    assert r.headers["x-cormorant-rows"] == "3"
    assert rows[0]["sentence"].startswith("Russian troops shelled")


def test_web_views_export_jsonl_events_level(client: TestClient) -> None:
    r = client.get("/api/export?format=jsonl&level=events&cameo=195")
    assert r.status_code == 200
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert len(lines) == 1
    assert lines[0]["mention_count"] == 2 and sorted(lines[0]["mention_ids"]) == ["m1", "m3"]


def test_web_views_export_parquet_reads_back(client: TestClient) -> None:
    r = client.get("/api/export?format=parquet")
    assert r.status_code == 200
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == _ok(client, "/api/events")["total"] == 5
    assert "goldstein" in table.schema.names


def test_web_views_export_empty_filter_has_a_header(client: TestClient) -> None:
    r = client.get("/api/export?format=csv&country=XXX")
    assert r.status_code == 200
    assert r.text.startswith("event_id,") and r.text.count("\n") == 1


@pytest.mark.parametrize("query", ["format=xlsx", "group_by=month", "limit=-1",
                                   "format=csv&format=jsonl"])
def test_web_views_export_rejects_bad_parameters(client: TestClient, query: str) -> None:
    r = client.get(f"/api/export?{query}")
    assert r.status_code == 400, query


def test_web_views_vendor_files_served_or_clear_error(client: TestClient,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    if not missing_vendor_files():
        r = client.get("/static/vendor/d3.min.js")
        assert r.status_code == 200 and "javascript" in r.headers["content-type"]
        assert client.get("/static/vendor/nothing.js").status_code == 404
    monkeypatch.setattr(views, "missing_vendor_files", lambda: ["d3.min.js"])
    r = client.get("/static/vendor/d3.min.js")
    assert r.status_code == 503
    assert "make install" in r.json()["error"]["detail"]


def test_web_views_page_loads_every_vendor_script() -> None:
    from cormorant.web import static_dir

    html = (static_dir() / "index.html").read_text("utf-8")
    for name in VENDOR_FILES:
        if name.endswith(".js"):
            assert f'src="static/vendor/{name}"' in html, name


def test_web_views_map_cells_group_located_rows(client: TestClient) -> None:
    body = _ok(client, "/api/map")
    cells = {c["name"]: c for c in body["cells"]}
    # Kharkiv (m1, m3), Paris (m4), Nairobi (m5, negated); m2 has no place.
    assert {k: c["n_events"] for k, c in cells.items()} == {"Kharkiv": 2, "Paris": 1, "Nairobi": 1}
    kharkiv = cells["Kharkiv"]
    assert kharkiv["several_names"] is False and kharkiv["country"] == "UKR"
    assert abs(kharkiv["lat"] - 49.99) < 1e-9 and kharkiv["mean_goldstein"] == -10.0
    w, s, e, n = kharkiv["bbox"]
    assert w <= 36.23 <= e and s <= 49.99 <= n and abs((e - w) - 0.1) < 1e-9
    # The square, as a bbox filter, selects the cell's events.
    box = ",".join(map(str, kharkiv["bbox"]))
    assert _ok(client, f"/api/events?bbox={box}")["total"] == 2


def test_web_views_map_takes_filters_and_limits(client: TestClient) -> None:
    assert [c["name"] for c in _ok(client, "/api/map?include_negated=false&quad_class=4")["cells"]] \
        == ["Kharkiv"]
    merged = _ok(client, "/api/map?level=events")
    assert {c["name"]: c["n_events"] for c in merged["cells"]}["Kharkiv"] == 1
    one = _ok(client, "/api/map?limit=1")
    assert len(one["cells"]) == 1 and one["truncated"] is True
    # 10-degree squares: Paris (lon 0-10) and Kharkiv (lon 30-40) stay apart.
    wide = _ok(client, "/api/map?cell=10")
    assert len(wide["cells"]) == 3
    for query in ("cell=0", "cell=11", "cell=x", "limit=0"):
        assert client.get(f"/api/map?{query}").status_code == 400, query
