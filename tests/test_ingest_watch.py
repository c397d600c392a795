"""``cormorant watch``: a feed and its pages served from 127.0.0.1, and a folder; each new
item ingested once, a bad item recorded with its reason and never stopping the poll."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cormorant.config import CoderConfig
from cormorant.errors import ConfigError, FetchError
from cormorant.feeds import FeedSource, FetchPolicy, FolderSource, fetch, parse_interval, poll
from cormorant.records import CodedDocument, Document, Skipped
from cormorant.store import open_store

ARTICLE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="2024-05-06"></head>
<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>
<p>{body}</p>
<p>The statement was read out at a press conference on Monday afternoon, and officials
said more details would follow later in the week.</p></article>
<footer>Copyright the newspaper</footer></body></html>"""

PAGES = {
    "/a1.html": ARTICLE.format(title="Police detain protesters",
                               body="Police in Lagos detained thirty protesters near the "
                                    "governor's office on Monday, witnesses said."),
    "/a2.html": ARTICLE.format(title="Ministers meet",
                               body="The foreign ministers of Chile and Peru met in Lima to "
                                    "discuss the border dispute."),
    "/garbage.html": "<html><body><div></div><script>var x = 1;</script></body></html>",
}


def _rss(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Item {i}</title><link>{base}{link}</link><guid>{base}{link}</guid>"
        f"<pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>" for i, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
            f"<link>{base}/</link><description>t</description>{items}</channel></rss>")


class Site:
    """What the local server serves and what it was asked for."""

    def __init__(self) -> None:
        self.links = ["/a1.html", "/missing.html", "/garbage.html", "/a2.html"]
        self.flaky_left = 0  # answer /flaky.html with 503 this many times first
        self.requests: list[str] = []
        self.base = ""


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            state.requests.append(self.path)
            if self.path == "/feed.xml":
                self._send(200, _rss(state.base, state.links), "application/rss+xml")
            elif self.path == "/flaky.html" and state.flaky_left > 0:
                state.flaky_left -= 1
                self._send(503, "busy", "text/plain")
            elif self.path == "/flaky.html":
                self._send(200, PAGES["/a2.html"].replace("Chile", "Bolivia"), "text/html")
            elif self.path in PAGES:
                self._send(200, PAGES[self.path], "text/html")
            else:
                self._send(404, "not found", "text/plain")

        def _send(self, code: int, body: str, ctype: str) -> None:
            data = body.encode()
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


class FakeCoder:
    """Stands in for the model: every document coded with no events (fast, no spaCy)."""

    config = CoderConfig()

    def code_many(self, items: Iterable[Document | Skipped]) -> Iterator[CodedDocument | Skipped]:
        for item in items:
            yield item if isinstance(item, Skipped) else CodedDocument(document=item, events=())


FAST = FetchPolicy(timeout=5, attempts=1, backoff=0, delay=0)


def _watch_rows(db: Path) -> dict[str, tuple[str, str | None]]:
    with open_store(db) as store:
        rows = store.sql("SELECT item_id, status, reason FROM watch_items", as_="arrow").to_pylist()
    return {r["item_id"].rsplit("/", 1)[-1]: (r["status"], r["reason"]) for r in rows}


def test_ingest_watch_feed_each_item_once_bad_items_recorded(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    source = FeedSource(f"{site.base}/feed.xml", FAST)
    with open_store(db) as store:
        first = poll(source, store, FakeCoder())
        assert (first.listed, first.tried, first.ingested, first.failed) == (4, 4, 2, 2)
        docs = store.sql("SELECT doc_id, title, date, url FROM documents ORDER BY doc_id")
    assert [u.rsplit("/", 1)[-1] for u in docs["url"]] == ["a1.html", "a2.html"]
    assert str(docs["date"][0])[:10] == "2024-05-06"
    rows = _watch_rows(db)
    assert rows["a1.html"] == ("ingested", None)
    assert rows["missing.html"][0] == "failed" and rows["missing.html"][1].startswith("http-404")
    assert rows["garbage.html"][0] == "failed" and rows["garbage.html"][1].startswith("empty")

    # The second poll fetches only the feed: nothing new, nothing stored twice.
    site.requests.clear()
    with open_store(db) as store:
        second = poll(source, store, FakeCoder())
        assert store.counts()["documents"] == 2
    assert (second.listed, second.tried, second.ingested) == (4, 0, 0)
    assert site.requests == ["/feed.xml"]


def test_ingest_watch_transient_failure_retried_at_next_poll(site: Site, tmp_path: Path) -> None:
    site.links = ["/flaky.html"]
    site.flaky_left = 1
    db = tmp_path / "w.duckdb"
    source = FeedSource(f"{site.base}/feed.xml", FAST)
    with open_store(db) as store:
        assert poll(source, store, FakeCoder()).retry == 1
        assert _watch_rows(db)["flaky.html"][0] == "retry"
    with open_store(db) as store:
        again = poll(source, store, FakeCoder())
    assert (again.tried, again.ingested) == (1, 1)
    assert _watch_rows(db)["flaky.html"] == ("ingested", None)


def test_ingest_watch_feed_down_is_reported_not_raised(site: Site, tmp_path: Path) -> None:
    with open_store(tmp_path / "w.duckdb") as store:
        report = poll(FeedSource(f"{site.base}/nofeed.xml", FAST), store, FakeCoder())
    assert report.error is not None and report.error.startswith("http-404")
    assert report.listed == 0


def test_ingest_watch_fetch_retries_with_backoff_then_gives_up(site: Site) -> None:
    site.flaky_left = 5
    waits: list[float] = []
    policy = FetchPolicy(timeout=5, attempts=3, backoff=0.5)
    with pytest.raises(FetchError) as e:
        fetch(f"{site.base}/flaky.html", policy, sleep=waits.append)
    assert e.value.reason == "http-503" and e.value.transient
    assert waits == [0.5, 1.0]
    assert site.requests.count("/flaky.html") == 3
    # A 404 is not retried.
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{site.base}/missing.html", policy, sleep=waits.append)
    assert site.requests.count("/missing.html") == 1


def test_ingest_watch_folder_new_files_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("Kenyan police arrested two men in Mombasa on Friday.\n")
    (folder / "sub" / "two.txt").write_text("Ghana recalled its ambassador from Togo.\n")
    (folder / "empty.txt").write_text("")
    (folder / ".hidden.txt").write_text("Not read.\n")
    db = tmp_path / "w.duckdb"
    with open_store(db) as store:
        first = poll(FolderSource(folder), store, FakeCoder())
        assert (first.listed, first.ingested, first.failed) == (3, 2, 1)
        (folder / "three.txt").write_text("Chad closed its border with Sudan.\n")
        second = poll(FolderSource(folder), store, FakeCoder())
        assert (second.tried, second.ingested) == (1, 1)
        ids = sorted(store.sql("SELECT doc_id FROM documents WHERE status = 'coded'")["doc_id"])
    assert ids == ["one.txt", "sub/two.txt", "three.txt"]
    assert _watch_rows(db)["empty.txt"][0] == "failed"


@pytest.mark.parametrize(("value", "seconds"), [("30s", 30), ("10m", 600), ("2h", 7200), ("45", 45)])
def test_ingest_watch_parse_interval(value: str, seconds: float) -> None:
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["", "10x", "-5m", "0s"])
def test_ingest_watch_parse_interval_rejects(value: str) -> None:
    with pytest.raises(ConfigError):
        parse_interval(value)


@pytest.mark.slow
def test_ingest_watch_cli_once_codes_events(site: Site, tmp_path: Path, coder: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import cormorant.cli.store as store_cli
    from cormorant.cli import main

    monkeypatch.setattr(store_cli, "make_coder", lambda *_: coder)
    db = tmp_path / "w.duckdb"
    args = ["watch", f"{site.base}/feed.xml", "--db", str(db), "--once", "--delay", "0",
            "--retries", "0"]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    assert "2 ingested, 2 failed" in res.stderr
    with open_store(db) as store:
        events = store.sql("SELECT cameo_root FROM events")["cameo_root"].tolist()
    assert events, "the two articles gave no events"
    res = CliRunner().invoke(main, args)
    assert "0 new, 0 ingested" in res.stderr
