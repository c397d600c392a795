"""The explorer in a real browser: Debian's chromium driven by playwright.

A store is built from the bundled sample articles (coded by the real pipeline) plus a
hand-built document carrying HTML payloads; the app runs under uvicorn on 127.0.0.1.
Each test loads the page, acts as a user would, and checks the event total against the
API. Screenshots go to artifacts/screenshots/ (kept by CI). No browser is downloaded:
the tests skip when /usr/bin/chromium (or $CORMORANT_CHROMIUM) is absent.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import socket
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cormorant.records import Actor, CodedDocument, Document, Event, Trigger
from cormorant.web import missing_vendor_files

CHROMIUM = os.environ.get("CORMORANT_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "cormorant" / "samples" / "articles"

pytestmark = [pytest.mark.browser, pytest.mark.slow]

XSS_SENTENCE = 'Russia <script>window.__xss = 1</script> condemned Ukraine <img src=x onerror="window.__xss = 2">.'


def _hand_document(doc_id: str, text: str, date: dt.date, title: str) -> CodedDocument:
    """One document, one sentence, one event: Russia (trigger "condemned") Ukraine."""
    span = lambda part: (text.index(part), text.index(part) + len(part))  # noqa: E731
    event = Event(
        event_id=f"{doc_id}1", doc_id=doc_id, sentence_index=0, sentence=text,
        date=date, date_precision="day",
        source=Actor(text="Russia", code="RUS", country="RUS", sector=None, span=span("Russia")),
        target=Actor(text="Ukraine", code="UKR", country="UKR", sector=None, span=span("Ukraine")),
        cameo="111", cameo_root="11", plover="ACCUSE", plover_mode=None, quad_class=3,
        goldstein=-2.0, location=None, negated=False, hypothetical=False,
        trigger=Trigger("condemned", span("condemned")), rule="test.condemned",
    )
    return CodedDocument(
        document=Document(id=doc_id, text=text, date=date, title=title),
        events=(event,), actors=(event.source, event.target), sentences=((0, len(text)),))


def _xss_document() -> CodedDocument:
    return _hand_document("xss", XSS_SENTENCE, dt.date(2023, 11, 3),
                          '<img src=x onerror="window.__xss = 3">')


def _outlier_document() -> CodedDocument:
    """A date a century before the others: the automatic timeline must not stretch to it."""
    return _hand_document("old", "Russia condemned Ukraine.", dt.date(1900, 1, 1), "A stray date")


@pytest.fixture(scope="module")
def chromium_path() -> str:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"no chromium at {CHROMIUM}: install Debian's chromium (.ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright Python package is not installed (pip install -r requirements.lock)")
    if missing_vendor_files():
        pytest.skip("the browser libraries are not copied: run `make install` (npm ci + scripts/web_assets.py)")
    return CHROMIUM


@pytest.fixture(scope="module")
def server(chromium_path: str, coder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from cormorant.api import create_app
    from cormorant.ingest import read_documents
    from cormorant.store import open_store

    path = tmp_path_factory.mktemp("e2e") / "events.duckdb"
    with open_store(path) as store:
        store.ingest_documents(read_documents([SAMPLES]), coder)
        store.ingest([_xss_document(), _outlier_document()])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(path), log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if srv.started:
                break
            threading.Event().wait(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=ARGS)
        yield b
        b.close()


class Explorer:
    """A page of the explorer, with the console watched for errors (CSP violations too)."""

    def __init__(self, page: Any, base: str) -> None:
        self.page, self.base, self.errors = page, base, []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.loads = 0

    def open(self, fragment: str = "") -> Explorer:
        self.page.goto(f"{self.base}/#{fragment}")
        return self.settle()

    def settle(self) -> Explorer:
        """Wait for the next full draw (the page counts them in body[data-loaded])."""
        self.loads += 1
        self.page.wait_for_selector(f'body[data-loaded="{self.loads}"]', state="attached",
                                    timeout=30000)
        return self

    def total(self) -> int:
        return int(self.page.text_content("#total").replace(",", ""))

    def state(self) -> dict[str, str]:
        fragment = self.page.evaluate("location.hash").lstrip("#")
        return dict(p.split("=", 1) for p in fragment.split("&") if p)

    def api(self, path: str) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.base}/api/{path}") as r:
            body: dict[str, Any] = json.load(r)
        return body

    def shot(self, name: str, selector: str | None = None) -> None:
        """A screenshot of the page (or of one element) for CI to keep."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        target = self.page.locator(selector) if selector else self.page
        target.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture
def ui(browser: Any, server: str) -> Iterator[Explorer]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    ex = Explorer(page, server)
    yield ex
    context.close()
    assert not ex.errors, ex.errors


def test_web_browser_page_loads_every_view(ui: Explorer) -> None:
    ui.open()
    everything = ui.api("events?limit=0")["total"]
    assert ui.total() == everything > 20
    assert ui.page.locator("#timeline .bar").count() > 0
    assert ui.page.locator("#map .land").count() == 1
    assert ui.page.locator("#map .point").count() > 0
    assert ui.page.evaluate("window.cormorantNetwork.edges().length") > 0
    assert ui.page.locator("#counts tbody tr.clickable").count() > 0
    assert "No filters" in ui.page.text_content("#no-filters")
    ui.shot("explorer")


def test_web_browser_filter_form(ui: Explorer) -> None:
    ui.open()
    ui.page.select_option("select[name=quad_class]", "4")
    ui.page.click("#filters button[type=submit]")
    ui.settle()
    assert ui.state()["quad_class"] == "4"
    assert ui.total() == ui.api("events?limit=0&quad_class=4")["total"] > 0
    assert "quad class: 4" in ui.page.text_content("#active-filters")
    ui.page.click("#active-filters button")  # remove the filter again
    ui.settle()
    assert ui.total() == ui.api("events?limit=0")["total"]


def test_web_browser_timeline_bar_narrows_dates(ui: Explorer) -> None:
    ui.open("period=month")
    bar = ui.page.locator("#timeline .bar").first
    label = bar.get_attribute("aria-label")
    n = int(label.split(": ", 1)[1].split(" events", 1)[0].replace(",", ""))
    bar.locator("rect:not(.focus-column)").first.click()  # a drawn segment of the bar
    ui.settle()
    st = ui.state()
    assert st["start"] == bar_period(label) + "-01"
    assert ui.total() == n


def bar_period(label: str) -> str:
    return label.split(":", 1)[0]


def test_web_browser_map_point_filters_place(ui: Explorer) -> None:
    ui.open()
    point = ui.page.locator("#map .point[data-place]").first
    name = point.get_attribute("data-place")
    point.click()
    ui.settle()
    assert ui.state()["place"] == urllib.request.quote(name)
    assert ui.total() == ui.api(f"events?limit=0&place={urllib.request.quote(name)}")["total"] > 0
    ui.shot("map-point", "#map")


def test_web_browser_network_edge_filters_dyad(ui: Explorer) -> None:
    ui.open()
    # A real mouse click at the middle of the busiest edge whose middle no node, label or
    # other edge covers, as cytoscape drew it.
    ui.page.locator("#network").scroll_into_view_if_needed()
    # A busy machine may still be running the layout: wait until the drawing stands still.
    ui.page.wait_for_function("""() => {
        const cy = window.cormorantNetwork;
        if (!cy) return false;
        const now = JSON.stringify(cy.nodes().map((n) => n.renderedPosition()));
        const still = now === window.__lastNetworkPositions;
        window.__lastNetworkPositions = now;
        return still;
    }""", polling=300, timeout=30000)
    edge = ui.page.evaluate("""() => {
        const cy = window.cormorantNetwork;
        const inside = (p, b) => p.x >= b.x1 - 4 && p.x <= b.x2 + 4 && p.y >= b.y1 - 4 && p.y <= b.y2 + 4;
        const edges = cy.edges().sort((a, b) => b.data('n') - a.data('n'));
        const e = edges.filter((x) => {
            const m = x.renderedMidpoint();
            return !cy.nodes().some((n) => inside(m, n.renderedBoundingBox()))
                && !edges.some((y) => y !== x && Math.hypot(y.renderedMidpoint().x - m.x, y.renderedMidpoint().y - m.y) < 10);
        })[0];
        const box = cy.container().getBoundingClientRect();
        const m = e.renderedMidpoint();
        return {x: box.left + m.x, y: box.top + m.y, n: e.data('n'), filter: e.data('filter')};
    }""")
    ui.page.mouse.click(edge["x"], edge["y"])
    ui.settle()
    st = ui.state()
    for k, v in edge["filter"].items():
        assert st[k] == v
    assert ui.total() == edge["n"]
    ui.shot("network-edge", "#network")


def test_web_browser_timeline_leaves_out_an_outlying_date(ui: Explorer) -> None:
    ui.open()
    periods = [b.get_attribute("data-period") for b in ui.page.locator("#timeline .bar").all()]
    assert periods and min(periods) >= "2019"
    assert "1 with outlying dates outside the axis" in ui.page.text_content("#timeline-note")
    ui.open("doc_id=old")  # alone, the date is no outlier
    assert ui.page.locator("#timeline .bar").first.get_attribute("data-period") == "1900-01-01"


@pytest.mark.parametrize("by", ["code", "source-country", "target-country"])
def test_web_browser_count_row_filters(ui: Explorer, by: str) -> None:
    ui.open(f"by={by}")
    row = ui.page.locator("#counts tbody tr.clickable").first
    n = int(row.locator("td.num").first.text_content().replace(",", ""))
    row.click()
    ui.settle()
    name = {"code": "cameo", "source-country": "source_country",
            "target-country": "target_country"}[by]
    assert name in ui.state()
    assert ui.total() == n
    assert ui.page.locator("#active-filters button").count() == 1


def test_web_browser_keyboard_reaches_rows_and_bars(ui: Explorer) -> None:
    ui.open("by=root")
    row = ui.page.locator("#counts tbody tr.clickable").first
    assert row.get_attribute("tabindex") == "0" and row.get_attribute("role") == "button"
    assert "filter" in row.get_attribute("aria-label")
    n = int(row.locator("td.num").first.text_content().replace(",", ""))
    row.focus()
    ui.page.keyboard.press("Enter")
    ui.settle()
    assert ui.total() == n and "root" in ui.state()
    bar = ui.page.locator("#timeline .bar").first
    assert bar.get_attribute("tabindex") == "0" and bar.get_attribute("aria-label")
    point = ui.page.locator("#map .point").first
    assert point.get_attribute("tabindex") == "0" and point.get_attribute("aria-label")


def test_web_browser_sortable_columns(ui: Explorer) -> None:
    ui.open("by=code")
    header = ui.page.locator("#counts thead th").nth(0)
    header.locator("button").click()
    codes = ui.page.locator("#counts tbody tr td:first-child").all_text_contents()
    assert codes == sorted(codes)
    assert ui.page.locator("#counts thead th").nth(0).get_attribute("aria-sort") == "ascending"


def test_web_browser_evidence_highlights_spans(ui: Explorer) -> None:
    ui.open()
    ui.page.locator("#events tbody tr.clickable").first.click()
    ui.settle()
    ui.page.wait_for_selector("#evidence-body .sentence-view")
    assert ui.page.locator("#evidence-body .sentence-view mark.trigger").count() >= 1
    ui.page.locator("#evidence-body button", has_text="show document").first.click()
    ui.page.wait_for_selector("#evidence-body .doc-text mark.trigger")
    assert ui.page.locator("#evidence-body .doc-text mark").count() >= 2
    ui.shot("evidence", "#evidence")


def test_web_browser_download_csv(ui: Explorer, tmp_path: Path) -> None:
    ui.open("country=USA")
    total = ui.total()
    assert total == ui.api("events?limit=0&country=USA")["total"] > 0
    ui.page.select_option("#download-format", "csv")
    with ui.page.expect_download() as info:
        ui.page.click("#download")
    target = tmp_path / "events.csv"
    info.value.save_as(target)
    with target.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == total
    assert all("USA" in (r["source_country"], r["target_country"]) for r in rows)


def test_web_browser_html_in_a_document_stays_text(ui: Explorer) -> None:
    ui.open("doc_id=xss")
    assert ui.total() == 1
    ui.page.locator("#events tbody tr.clickable").first.click()
    ui.settle()
    ui.page.locator("#evidence-body button", has_text="show document").first.click()
    ui.page.wait_for_selector("#evidence-body .doc-text")
    body = ui.page.text_content("#evidence-body")
    assert "<script>window.__xss = 1</script>" in body
    assert '<img src=x onerror="window.__xss = 2">' in body
    assert ui.page.locator("#evidence-body img, #evidence-body script").count() == 0
    assert ui.page.evaluate("window.__xss") is None
    ui.shot("html-as-text", "#evidence")



def test_web_browser_timeline_brush_selects_a_range(ui: Explorer) -> None:
    ui.open("period=month")
    ui.page.locator("#timeline").scroll_into_view_if_needed()
    svg = ui.page.locator("#timeline").bounding_box()
    segments = ui.page.locator("#timeline .bar rect:not(.focus-column)")
    bars = [segments.nth(i).bounding_box() for i in range(segments.count())]
    top = svg["y"] + svg["height"] * 22 / 220  # just under the top of the plot area
    left, right = svg["x"] + svg["width"] * 50 / 800, svg["x"] + svg["width"] * 758 / 800
    # Start the drag where no bar reaches (the bars take clicks, not drags).
    x = next(x for x in range(int(left), int(right))
             if not any(b["x"] <= x <= b["x"] + b["width"] and b["y"] <= top for b in bars))
    ui.page.mouse.move(x, top)
    ui.page.mouse.down()
    ui.page.mouse.move(right - 1, top, steps=5)
    ui.page.mouse.up()
    ui.settle()
    st = ui.state()
    assert st["start"] < st["end"]
    assert ui.total() == ui.api(f"events?limit=0&start={st['start']}&end={st['end']}")["total"]


def test_web_browser_map_box_filters_bbox(ui: Explorer) -> None:
    ui.open()
    ui.page.locator("#map").scroll_into_view_if_needed()
    ui.page.click("#draw-box")
    assert ui.page.get_attribute("#draw-box", "aria-pressed") == "true"
    box = ui.page.locator("#map").bounding_box()
    ui.page.mouse.move(box["x"] + 5, box["y"] + 5)
    ui.page.mouse.down()
    ui.page.mouse.move(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5, steps=5)
    ui.page.mouse.up()
    ui.settle()
    bbox = urllib.request.unquote(ui.state()["bbox"])
    assert len(bbox.split(",")) == 4
    assert ui.total() == ui.api(f"events?limit=0&bbox={bbox}")["total"] > 0
    assert ui.page.get_attribute("#map-bbox", "d")
