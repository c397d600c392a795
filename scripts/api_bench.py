"""Time the HTTP API over loopback: p50 and p95 per endpoint, sequential and with concurrent clients.

Usage:
    python scripts/api_bench.py --db bench.duckdb [--events 1000000] [--requests 40]
                                [--clients 4] [--json]

A ``--db`` that does not exist is built first (synthetic, like ``cormorant bench --store
--db``). The script starts ``cormorant serve`` on 127.0.0.1 in a child process, waits for
its precomputed tables, runs the requests, prints the table and stops the server.
Timings belong here, never in the test suite.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

Request = Callable[[int], str]  # request number -> URL path and query


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def build_store(db: Path, n_events: int) -> None:
    from cormorant.store import open_store
    from cormorant.store.bench import build_synthetic_store

    started = time.perf_counter()
    with open_store(db) as store:
        build_synthetic_store(store, n_events)
    print(f"built {db} ({n_events:,} mentions) in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = "from cormorant.cli import main; main()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(client: httpx.Client, server: subprocess.Popen[bytes], timeout: float) -> float:
    """Seconds until the server answers and its precomputed tables are built."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise SystemExit("the server stopped; run `cormorant serve --db ...` to see why")
        try:
            if client.get("/api/meta").json().get("precomputed"):
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server was not ready after {timeout:.0f} s")


def endpoints(client: httpx.Client, seed: int = 0) -> dict[str, Request]:
    """The requests timed, with ids and cursors taken from the store served."""
    rng = random.Random(seed)
    meta = client.get("/api/meta").json()
    total = meta["counts"]["events"]
    merged_ids, mention_ids = [], []
    for offset in rng.sample(range(0, 10_000, 100), 20):
        page = client.get("/api/events", params={"level": "events", "offset": offset,
                                                 "limit": 5}).json()["events"]
        merged_ids += [e["event_id"] for e in page if e["mention_count"] > 1][:2]
        mention_ids += [e["mention_ids"][0] for e in page][:2]
    last = meta["date_range"]["max"]
    deep = client.get("/api/events", params={"start": last, "limit": 1}).json()["next_cursor"]
    deep_merged = client.get("/api/events", params={"start": last, "limit": 1,
                                                    "level": "events"}).json()["next_cursor"]
    print(f"store: {total:,} mentions; {len(merged_ids)} merged ids sampled", file=sys.stderr)
    return {
        "events (mentions)": lambda i: "/api/events?limit=50",
        "events (mentions), actor + root": lambda i: "/api/events?actor=RUS&root=19&limit=50",
        "events (mentions), keyset page at the end": lambda i: f"/api/events?cursor={deep}",
        "events (merged)": lambda i: "/api/events?level=events&limit=50",
        "events (merged), country + plover": (
            lambda i: "/api/events?level=events&country=UKR&plover=ASSAULT&limit=50"),
        "events (merged), keyset page at the end": (
            lambda i: f"/api/events?level=events&cursor={deep_merged}"),
        "counts by month (mentions)": lambda i: "/api/counts?group_by=month",
        "counts by dyad (mentions)": lambda i: "/api/counts?by=dyad",
        "counts by month (merged)": lambda i: "/api/counts?group_by=month&level=events",
        "counts by root, one year (merged)": (
            lambda i: "/api/counts?by=root&level=events&start=2022-01-01&end=2022-12-31"),
        "places (mentions)": lambda i: "/api/places",
        "places (merged)": lambda i: "/api/places?level=events",
        "merged event by id, no hints": lambda i: f"/api/events/{merged_ids[i % len(merged_ids)]}",
        "mention by id": lambda i: f"/api/events/{mention_ids[i % len(mention_ids)]}",
    }


def timed(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}: {response.text[:300]}")
    return elapsed


def sequential(base: str, request: Request, n: int) -> list[float]:
    with httpx.Client(base_url=base, timeout=60) as client:
        timed(client, request(0))  # warm the connection
        return [timed(client, request(i)) for i in range(n)]


def concurrent(base: str, request: Request, n: int, clients: int) -> list[float]:
    times: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def run(k: int) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            timed(client, request(k))
            barrier.wait()
            mine = [timed(client, request(k * n + i)) for i in range(n)]
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def p(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[q - 1] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--events", type=int, default=1_000_000, help="mentions, if --db is built")
    ap.add_argument("--requests", type=int, default=40, help="requests per endpoint and client")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.db.exists():
        build_store(args.db, args.events)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.db, port)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            ready = wait_ready(client, server, timeout=900)
            print(f"server ready (tables precomputed) after {ready:.0f} s", file=sys.stderr)
            requests = endpoints(client)
        rows: list[dict[str, Any]] = []
        for name, request in requests.items():
            seq = sequential(base, request, args.requests)
            par = concurrent(base, request, args.requests, args.clients)
            rows.append({"endpoint": name, "p50_ms": round(p(seq, 50), 1),
                         "p95_ms": round(p(seq, 95), 1),
                         f"p50_ms_{args.clients}_clients": round(p(par, 50), 1),
                         f"p95_ms_{args.clients}_clients": round(p(par, 95), 1)})
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        print(json.dumps({"requests": args.requests, "clients": args.clients, "rows": rows}))
        return
    print(f"| endpoint | p50 ms | p95 ms | p50 ms, {args.clients} clients "
          f"| p95 ms, {args.clients} clients |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        values = list(r.values())
        print(f"| {values[0]} | " + " | ".join(f"{v:.1f}" for v in values[1:]) + " |")


if __name__ == "__main__":
    main()
