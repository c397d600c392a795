"""Store benchmark: a synthetic event store of realistic shape, timed queries, ingest rate.

``store_benchmark`` returns a JSON-ready dict; ``cormorant bench --store`` prints it.
The synthetic records are also used by the tests (no spaCy model needed).
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from cormorant.errors import BenchError
from cormorant.records import Actor, CodedDocument, Document, Event, Place, Trigger
from cormorant.store.backends import arrow_schema
from cormorant.store.query import EventQuery
from cormorant.store.schema import EVENT_KEY_SQL
from cormorant.store.store import Store, open_store
from cormorant.store.versions import RunInfo

# Country, capital, admin1, lat, lon: enough spread for bounding-box queries.
_PLACES: tuple[tuple[str, str, str, float, float], ...] = (
    ("USA", "Washington", "District of Columbia", 38.90, -77.04),
    ("RUS", "Moscow", "Moscow", 55.75, 37.62),
    ("CHN", "Beijing", "Beijing", 39.90, 116.40),
    ("UKR", "Kyiv", "Kyiv City", 50.45, 30.52),
    ("FRA", "Paris", "Ile-de-France", 48.86, 2.35),
    ("GBR", "London", "England", 51.51, -0.13),
    ("DEU", "Berlin", "Berlin", 52.52, 13.40),
    ("IND", "New Delhi", "Delhi", 28.61, 77.21),
    ("PAK", "Islamabad", "Islamabad", 33.69, 73.05),
    ("ISR", "Jerusalem", "Jerusalem", 31.77, 35.21),
    ("IRN", "Tehran", "Tehran", 35.69, 51.39),
    ("TUR", "Ankara", "Ankara", 39.93, 32.86),
    ("EGY", "Cairo", "Cairo", 30.04, 31.24),
    ("NGA", "Abuja", "FCT", 9.08, 7.40),
    ("KEN", "Nairobi", "Nairobi", -1.29, 36.82),
    ("ZAF", "Pretoria", "Gauteng", -25.75, 28.19),
    ("BRA", "Brasilia", "Distrito Federal", -15.79, -47.88),
    ("MEX", "Mexico City", "Mexico City", 19.43, -99.13),
    ("COL", "Bogota", "Bogota", 4.71, -74.07),
    ("VEN", "Caracas", "Capital District", 10.49, -66.88),
    ("JPN", "Tokyo", "Tokyo", 35.68, 139.69),
    ("KOR", "Seoul", "Seoul", 37.57, 126.98),
    ("PRK", "Pyongyang", "Pyongyang", 39.04, 125.76),
    ("AFG", "Kabul", "Kabul", 34.56, 69.21),
    ("IRQ", "Baghdad", "Baghdad", 33.31, 44.36),
    ("SYR", "Damascus", "Damascus", 33.51, 36.29),
    ("SDN", "Khartoum", "Khartoum", 15.50, 32.56),
    ("ETH", "Addis Ababa", "Addis Ababa", 9.03, 38.74),
    ("IDN", "Jakarta", "Jakarta", -6.21, 106.85),
    ("PHL", "Manila", "Metro Manila", 14.60, 120.98),
)
_SECTORS = ("GOV", "MIL", "COP", "OPP", "REB", "CVL", "BUS", "MED", "JUD", "LEG")
# (code, root, quad, goldstein, plover, verb) for a realistic spread of event types.
_CODES: tuple[tuple[str, str, int, float, str | None, str], ...] = (
    ("010", "01", 1, 0.0, "CONSULT", "made a statement about"),
    ("036", "03", 1, 4.0, "CONSULT", "expressed intent to meet"),
    ("042", "04", 1, 1.9, "CONSULT", "visited"),
    ("043", "04", 1, 2.8, "CONSULT", "hosted"),
    ("046", "04", 1, 7.0, "CONSULT", "negotiated with"),
    ("051", "05", 1, 3.4, "SUPPORT", "praised"),
    ("057", "05", 1, 8.0, "AGREE", "signed an agreement with"),
    ("061", "06", 2, 6.4, "COOPERATE", "cooperated economically with"),
    ("071", "07", 2, 7.4, "AID", "sent aid to"),
    ("0874", "08", 2, 10.0, "RETREAT", "withdrew troops from"),
    ("111", "11", 3, -2.0, "ACCUSE", "criticised"),
    ("112", "11", 3, -2.0, "ACCUSE", "accused"),
    ("120", "12", 3, -4.0, "REJECT", "rejected"),
    ("130", "13", 3, -4.4, "THREATEN", "threatened"),
    ("141", "14", 3, -6.5, "PROTEST", "protested against"),
    ("163", "16", 3, -5.6, "SANCTION", "imposed an embargo on"),
    ("173", "17", 4, -5.0, "COERCE", "arrested"),
    ("190", "19", 4, -10.0, "ASSAULT", "fought"),
    ("193", "19", 4, -10.0, "ASSAULT", "clashed with"),
    ("195", "19", 4, -10.0, "ASSAULT", "bombed"),
)
_CODE_WEIGHTS = (30, 4, 10, 6, 5, 5, 3, 3, 3, 1, 9, 6, 4, 3, 4, 2, 6, 3, 3, 2)


def _actor_code(rng: random.Random) -> tuple[str, str, str]:
    country = _PLACES[min(int(rng.paretovariate(1.2)) - 1, len(_PLACES) - 1)][0]
    sector = rng.choice(_SECTORS)
    return country + sector, country, sector


def synthetic_coded_documents(n_docs: int, events_per_doc: int = 5, *, seed: int = 0,
                              start: dt.date = dt.date(2020, 1, 1), days: int = 730,
                              version: int = 0) -> Iterator[CodedDocument]:
    """Hand-built coded documents of plausible shape (ids ``syn-000000``...).

    The same arguments always give the same records; ``version`` changes every
    text (to exercise replacement).
    """
    rng = random.Random(seed)
    for i in range(n_docs):
        doc_id = f"syn-{i:06d}"
        date = start + dt.timedelta(days=rng.randrange(days))
        sentences: list[str] = []
        events: list[Event] = []
        spans: list[tuple[int, int]] = []
        offset = 0
        for k in range(events_per_doc):
            src_code, src_country, src_sector = _actor_code(rng)
            tgt_code, tgt_country, tgt_sector = _actor_code(rng)
            code, root, quad, gold, plover, verb = rng.choices(_CODES, _CODE_WEIGHTS)[0]
            place = rng.choice(_PLACES)
            src_text = f"{src_country} {src_sector.lower()} officials"
            tgt_text = f"{tgt_country} {tgt_sector.lower()} leaders"
            sent = f"{src_text} {verb} {tgt_text} in {place[1]}" + (f" (v{version})." if version else ".")
            s0 = offset
            sentences.append(sent)
            spans.append((s0, s0 + len(sent)))
            v0 = s0 + len(src_text) + 1
            t0 = v0 + len(verb) + 1
            p0 = t0 + len(tgt_text) + 4
            events.append(Event(
                event_id=f"{doc_id}-{k:03d}", doc_id=doc_id, sentence_index=k, sentence=sent,
                date=date, date_precision="day",
                source=Actor(src_text, src_code, src_country, src_sector, (s0, s0 + len(src_text)),
                             entry=f"syn:{src_code}"),
                target=Actor(tgt_text, tgt_code, tgt_country, tgt_sector,
                             (t0, t0 + len(tgt_text)), entry=f"syn:{tgt_code}"),
                cameo=code, cameo_root=root, plover=plover, plover_mode=None, quad_class=quad,
                goldstein=gold,
                location=Place(place[1], (p0, p0 + len(place[1])), place[1], place[0], place[3],
                               place[4], 1000 + _PLACES.index(place), place[2], "P.PPLC"),
                negated=False, hypothetical=False,
                trigger=Trigger(verb.split()[0], (v0, v0 + len(verb.split()[0]))),
                rule=f"syn.{code}",
            ))
            offset += len(sent) + 1
        text = " ".join(sentences)
        actors = tuple(a for e in events for a in (e.source, e.target) if a is not None)
        yield CodedDocument(
            document=Document(id=doc_id, text=text, date=date, date_source="given",
                              title=f"Synthetic report {i}", url=f"https://news.example/{doc_id}",
                              source=f"https://news.example/{doc_id}"),
            events=tuple(events), actors=actors,
            places=tuple(e.location for e in events if e.location is not None),
            sentences=tuple(spans),
        )


def synthetic_events_table(n_events: int, *, seed: int = 0, events_per_doc: int = 8,
                           start: dt.date = dt.date(2015, 1, 1), days: int = 3650) -> pa.Table:
    """``n_events`` synthetic mention rows (vectorised), in the ``events`` table's schema."""
    gen = np.random.default_rng(seed)
    n = n_events
    doc_idx = np.arange(n) // events_per_doc
    n_docs = int(doc_idx[-1]) + 1 if n else 0
    # Reporting grows over time and clusters: a document's events share its date.
    doc_day = (days * np.sqrt(gen.random(n_docs))).astype(np.int32)
    day = doc_day[doc_idx].copy()
    ranks = np.minimum(gen.zipf(1.6, size=(2, n)) - 1, len(_PLACES) - 1)
    countries = np.array([p[0] for p in _PLACES])
    sectors = np.array(_SECTORS)
    src_i, tgt_i = gen.integers(0, len(sectors), n), gen.integers(0, len(sectors), n)
    w = np.array(_CODE_WEIGHTS, dtype=float)
    ci = gen.choice(len(_CODES), size=n, p=w / w.sum())
    # Many reports describe one event: about a third of mentions repeat an earlier
    # mention's day, actors and code (from another document).
    repeat = gen.random(n) < 0.35
    repeat[:1] = False
    orig = (gen.random(n) * np.arange(n)).astype(np.int64)
    for arr in (day, ranks[0], ranks[1], src_i, tgt_i, ci):
        arr[repeat] = arr[orig[repeat]]
    dates = pa.array(np.datetime64(start) + day.astype("timedelta64[D]"), type=pa.date32())
    src_c, tgt_c = countries[ranks[0]], countries[ranks[1]]
    src_s, tgt_s = sectors[src_i], sectors[tgt_i]
    col = {k: np.array([c[j] for c in _CODES], dtype=object) for j, k in enumerate(
        ("cameo", "cameo_root", "quad_class", "goldstein", "plover", "verb"))}
    pi = np.where(gen.random(n) < 0.7, ranks[0], gen.integers(0, len(_PLACES), n))
    place_name = np.array([p[1] for p in _PLACES], dtype=object)[pi]
    verbs = col["verb"][ci]
    src_code = np.char.add(src_c, src_s)
    tgt_code = np.char.add(tgt_c, tgt_s)
    sentence = [f"{a} officials {v} {b} in {p}." for a, v, b, p in
                zip(src_c, verbs, tgt_c, place_name, strict=True)]
    doc_ids = np.char.add("doc-", doc_idx.astype(str))
    data: dict[str, Any] = {
        "event_id": np.char.add("ev-", np.arange(n).astype(str)),
        "doc_id": doc_ids,
        "sentence_index": (np.arange(n) % events_per_doc).astype(np.int32),
        "sentence": sentence,
        "date": dates,
        "date_precision": ["day"] * n,
        "source_text": np.char.add(src_c, " officials"), "source_code": src_code,
        "source_country": src_c, "source_sector": src_s,
        "target_text": tgt_c, "target_code": tgt_code,
        "target_country": tgt_c, "target_sector": tgt_s,
        "cameo": col["cameo"][ci].astype(str), "cameo_root": col["cameo_root"][ci].astype(str),
        "plover": col["plover"][ci].astype(str), "quad_class": col["quad_class"][ci].astype(np.int32),
        "goldstein": col["goldstein"][ci].astype(np.float64),
        "location_name": place_name.astype(str),
        "location_country": countries[pi],
        "lat": np.array([p[3] for p in _PLACES])[pi] + gen.normal(0, 0.5, n),
        "lon": np.array([p[4] for p in _PLACES])[pi] + gen.normal(0, 0.5, n),
        "location_feature": ["P.PPLC"] * n,
        "negated": gen.random(n) < 0.03,
        "hypothetical": gen.random(n) < 0.05,
        "trigger_text": [v.split()[0] for v in verbs],
        "rule": np.char.add("syn.", col["cameo"][ci].astype(str)),
        "run_id": np.ones(n, dtype=np.int32),
    }
    schema = arrow_schema("events")
    arrays = []
    for f in schema:
        if f.name in data:
            arrays.append(pa.array(data[f.name], type=f.type))
        else:
            arrays.append(pa.nulls(n, type=f.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def build_synthetic_store(store: Store, n_events: int, *, seed: int = 0,
                          chunk: int = 250_000) -> None:
    """Bulk-load ``n_events`` synthetic mentions (and their documents) into ``store``."""
    b = store.backend
    run = store._start_run(RunInfo(kind="ingest", model="synthetic"))
    offset = 0
    with b.transaction():
        while offset < n_events:
            n = min(chunk, n_events - offset)
            t = synthetic_events_table(n, seed=seed + offset)
            # Keep ids unique across chunks.
            ids = pa.array([f"ev-{offset + i}" for i in range(n)])
            t = t.set_column(t.schema.get_field_index("event_id"), "event_id", ids)
            docs = pa.array([f"doc-{(offset + i) // 8}" for i in range(n)])
            t = t.set_column(t.schema.get_field_index("doc_id"), "doc_id", docs)
            b.insert_arrow("events", t)
            offset += n
        b.execute(f"UPDATE events SET event_key = {EVENT_KEY_SQL}")
        b.execute(
            "INSERT INTO documents (doc_id, status, source, url, title, date, date_source, "
            "text_hash, n_events, run_id, ingested_at) "
            "SELECT doc_id, 'coded', 'synthetic', 'https://news.example/' || doc_id, doc_id, "
            "MIN(date), 'given', md5(doc_id), COUNT(*), 1, now() FROM events GROUP BY doc_id")
    run.seen = run.new = n_events // 8
    run.events = n_events
    store._finish_run(run)


def _standard_queries() -> list[tuple[str, EventQuery]]:
    year = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    return [
        ("count by month (all events)", EventQuery(group_by="month")),
        ("one country, one year, by target", EventQuery(
            country=("RUS",), start=year[0], end=year[1], by="target")),
        ("root 19 by year and dyad", EventQuery(root=("19",), group_by="year", by="dyad")),
        ("PLOVER + quad class rows (limit 1000)", EventQuery(
            plover=("ASSAULT",), quad_class=(4,), source_country=("RUS",), limit=1000)),
        ("bbox rows (limit 1000)", EventQuery(bbox=(30.0, 45.0, 40.0, 55.0), limit=1000)),
        ("text search by week", EventQuery(text="embargo", group_by="week")),
        ("actor prefix + sector, by code", EventQuery(actor=("USA",), sector=("MIL",), by="code")),
        ("dedup events by month, one dyad", EventQuery(
            source=("USA",), target=("CHN",), level="events", group_by="month")),
        ("dedup events by month, one year", EventQuery(
            start=year[0], end=year[1], level="events", group_by="month")),
        ("dedup events by month, all 1M mentions", EventQuery(level="events", group_by="month")),
        ("dedup event rows, one country (limit 1000)", EventQuery(
            country=("UKR",), level="events", limit=1000)),
        ("dedup, 3-day window, one dyad by week", EventQuery(
            source=("RUS",), target=("UKR",), level="events", window=3, group_by="week")),
    ]


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def ingest_benchmark(n_docs: int = 2000, events_per_doc: int = 8, *,
                     target: str | Path | None = None, batch_size: int = 100) -> dict[str, Any]:
    """Throughput of ``Store.ingest`` on synthetic coded documents (no NLP)."""
    docs = list(synthetic_coded_documents(n_docs, events_per_doc, seed=1))
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(target or Path(tmp) / "ingest.duckdb") as store:
            t0 = time.perf_counter()
            report = store.ingest(docs, batch_size=batch_size)
            first = time.perf_counter() - t0
            t0 = time.perf_counter()
            again = store.ingest(docs, batch_size=batch_size)
            second = time.perf_counter() - t0
    return {
        "documents": n_docs, "events": report.events, "batch_size": batch_size,
        "seconds": round(first, 3), "docs_per_second": round(n_docs / first, 1),
        "events_per_second": round(report.events / first, 1),
        "rerun_seconds": round(second, 3), "rerun_unchanged": again.unchanged,
    }


def store_benchmark(n_events: int = 1_000_000, *, path: str | Path | None = None,
                    repeat: int = 3, seed: int = 0, ingest_docs: int = 2000) -> dict[str, Any]:
    """Build a synthetic ``n_events`` DuckDB store and time typical queries on it.

    ``path``: build the store there (a new file) and keep it, e.g. to reproduce the
    figures or serve it; otherwise it lives in a temporary directory.
    """
    if n_events < 1:
        raise BenchError("n_events must be >= 1")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(path) if path else Path(tmp) / "bench.duckdb"
        if db.exists():
            raise BenchError(f"{db} exists; the benchmark builds a fresh store")
        t0 = time.perf_counter()
        with open_store(db) as store:
            build_synthetic_store(store, n_events, seed=seed)
            build = time.perf_counter() - t0
            counts = store.counts()
            merged = store.sql("SELECT COUNT(DISTINCT event_key) AS n FROM events")["n"][0]
            queries: list[dict[str, Any]] = []
            for name, q in _standard_queries():
                seconds, frame = _time(functools.partial(store.query, q), repeat)
                queries.append({"name": name, "seconds": round(seconds, 4), "rows": len(frame)})
        size = db.stat().st_size
    result: dict[str, Any] = {
        "backend": "duckdb", "events": counts["events"], "documents": counts["documents"],
        "dedup_events_same_day": int(merged),
        "build_seconds": round(build, 2), "db_megabytes": round(size / 1e6, 1),
        "repeat": repeat, "queries": queries, "kept_store": str(path) if path else None,
        "max_query_seconds": max(float(q["seconds"]) for q in queries),
    }
    if ingest_docs:
        result["ingest"] = ingest_benchmark(ingest_docs)
    return result


def check_query_budget(report: dict[str, Any], max_query_seconds: float) -> None:
    """Raise ``BenchError`` naming every query of a ``store_benchmark`` report over budget.

    The wall-time check lives here (``cormorant bench --store --max-query-seconds``),
    not in the test suite, where timings depend on the machine and its load.
    """
    slow = [q for q in report["queries"] if float(q["seconds"]) > max_query_seconds]
    if slow:
        names = "; ".join(f"{q['name']} {q['seconds']} s" for q in slow)
        raise BenchError(f"{len(slow)} store quer(ies) over {max_query_seconds} s: {names}")
