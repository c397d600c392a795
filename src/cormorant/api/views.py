"""Endpoints the explorer's views need: the actor network and a download of the filter.

``GET /api/network`` groups the filtered rows by directed dyad of actors (a country,
or a country and sector) with the event count and mean Goldstein score per edge.
``GET /api/map`` groups located rows on a grid. ``GET /api/export`` streams the filtered rows as CSV, JSON lines or Parquet.
Both take the same filters as ``/api/events`` (parsed by ``params``), so a filter
means the same thing in every view and in the file a user downloads.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from typing import Any

import pyarrow as pa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from cormorant.errors import QueryError
from cormorant.store import EventQuery
from cormorant.store.query import build_sql, where_clause
from cormorant.web import missing_vendor_files, vendor_dir

from . import params as P
from .service import EventService, jsonable

__all__ = ["EXPORT_FORMATS", "NODE_MODES", "export_endpoint", "export_request", "map_cells",
           "map_endpoint", "map_request", "network", "network_endpoint", "network_request",
           "routes"]

NODE_MODES = ("country", "country-sector")
EXPORT_FORMATS: dict[str, tuple[str, str]] = {  # format -> (media type, file suffix)
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
}
DEFAULT_CELL = 0.1  # degrees: about 11 km of latitude
_BATCH_ROWS = 2000


def network_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, str, int]:
    """The filters, node mode and edge limit of a network request."""
    v = P.parse(items, P.endpoint_params("network"))
    return P.event_query(v), v["nodes"], v["limit"]


def map_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, float, int]:
    """The filters, grid cell size (degrees) and cell limit of a map request."""
    v = P.parse(items, P.endpoint_params("map"))
    text = v["cell"]
    try:
        cell = DEFAULT_CELL if text is None else float(text)
    except ValueError as e:
        raise QueryError(f"cell must be a number of degrees, got {text!r}") from e
    if not 0.001 <= cell <= 10:
        raise QueryError(f"cell must be between 0.001 and 10 degrees, got {text!r}")
    return P.event_query(v), cell, v["limit"]


def export_request(items: Mapping[str, list[str]]) -> tuple[EventQuery, str, int]:
    """The filters, format and row cap of an export request."""
    v = P.parse(items, P.endpoint_params("export"))
    return P.event_query(v), v["format"], v["limit"]


def _rows_source(q: EventQuery) -> tuple[str, list[Any]]:
    """The filtered rows as a subquery: the events table for mentions, merged rows for events."""
    if q.level == "mentions":
        where, params = where_clause(q)
        return f"(SELECT * FROM events{where})", params
    sql, params = build_sql(q.replace(limit=None, offset=0, group_by=None, by=None))
    return f"({sql})", params


def _node(country: str, sector: str | None, mode: str) -> str:
    return f"{country}·{sector}" if mode == "country-sector" and sector else country


def _node_filter(country: str, sector: str | None, role: str, mode: str) -> dict[str, str]:
    """The filter that selects a node's rows: ``actor``/``source``/``target`` code prefixes
    when the node has a sector (actor codes are country + sector), else the country."""
    if mode == "country-sector" and sector:
        return {role: country + sector}
    return {"country" if role == "actor" else f"{role}_country": country}


def network(service: EventService, q: EventQuery, mode: str, limit: int) -> dict[str, Any]:
    """The busiest ``limit`` directed dyads and their nodes; each carries the filter it stands for."""
    source, params = _rows_source(q)
    sectors = mode == "country-sector"
    keys = ["source_country", "target_country"]
    if sectors:
        keys += ["source_sector", "target_sector"]
    cols = ", ".join(keys)
    rows = service.rows(
        f"SELECT {cols}, COUNT(*) AS n_events, AVG(goldstein) AS mean_goldstein FROM {source} t "
        "WHERE source_country IS NOT NULL AND target_country IS NOT NULL "
        f"GROUP BY {cols} ORDER BY n_events DESC, {cols} LIMIT {int(limit) + 1}", params)
    truncated = len(rows) > limit
    edges: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}
    for r in rows[:limit]:
        ends = []
        for role in ("source", "target"):
            country, sector = r[f"{role}_country"], r.get(f"{role}_sector") if sectors else None
            node_id = _node(country, sector, mode)
            node = nodes.setdefault(node_id, {
                "id": node_id, "country": country, "sector": sector if sectors else None,
                "n_out": 0, "n_in": 0, "filter": _node_filter(country, sector, "actor", mode)})
            node["n_out" if role == "source" else "n_in"] += r["n_events"]
            ends.append((node_id, _node_filter(country, sector, role, mode)))
        edges.append({
            "source": ends[0][0], "target": ends[1][0], "n_events": r["n_events"],
            "mean_goldstein": r["mean_goldstein"], "filter": {**ends[0][1], **ends[1][1]},
        })
    return jsonable({
        "ok": True, "level": q.level, "nodes_by": mode, "query": P.describe(q),
        "truncated": truncated, "limit": limit,
        "nodes": sorted(nodes.values(), key=lambda n: (-(n["n_out"] + n["n_in"]), n["id"])),
        "edges": edges,
    })


def map_cells(service: EventService, q: EventQuery, cell: float, limit: int) -> dict[str, Any]:
    """Located rows on a grid of ``cell``-degree squares, the busiest ``limit`` cells.

    A store with many distinct coordinates (a million jittered points) still maps as a few
    thousand cells; each carries its events' mean position and its place name (the first in
    alphabetical order, and whether there are others).
    """
    source, params = _rows_source(q)
    c = repr(float(cell))
    gy, gx = f"FLOOR(lat / {c})", f"FLOOR(lon / {c})"
    rows = service.rows(
        f"SELECT {gy} AS gy, {gx} AS gx, COUNT(*) AS n_events, AVG(goldstein) AS mean_goldstein, "
        "AVG(lat) AS lat, AVG(lon) AS lon, MIN(location_name) AS name, "
        "MAX(location_name) AS last_name, MIN(location_country) AS country "
        f"FROM {source} t WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY {gy}, {gx} "
        f"ORDER BY n_events DESC, gy, gx LIMIT {int(limit) + 1}", params)
    truncated = len(rows) > limit
    cells = []
    for r in rows[:limit]:
        w, so = r["gx"] * cell, r["gy"] * cell
        cells.append({
            "name": r["name"], "several_names": r["name"] != r["last_name"],
            "country": r["country"], "lat": r["lat"], "lon": r["lon"],
            "n_events": r["n_events"], "mean_goldstein": r["mean_goldstein"],
            "bbox": [round(w, 6), round(so, 6), round(w + cell, 6), round(so + cell, 6)],
        })
    return jsonable({"ok": True, "level": q.level, "query": P.describe(q), "cell": cell,
                     "truncated": truncated, "limit": limit, "cells": cells})


# -- export --------------------------------------------------------------------------------------

def _flat(value: Any) -> Any:
    """Lists become ';'-joined text in a CSV cell (as ``cormorant export --format csv``)."""
    return ";".join(map(str, value)) if isinstance(value, list) else value


def _csv_chunks(table: pa.Table) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table.schema.names)
    for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
        for row in batch.to_pylist():
            writer.writerow([_flat(v) for v in row.values()])
        yield buf.getvalue().encode("utf-8")
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue().encode("utf-8")


def _jsonl_chunks(table: pa.Table) -> Iterator[bytes]:
    for batch in table.to_batches(max_chunksize=_BATCH_ROWS):
        lines = (json.dumps(jsonable(row), ensure_ascii=False) for row in batch.to_pylist())
        yield ("\n".join(lines) + "\n").encode("utf-8") if batch.num_rows else b""


def _parquet_chunks(table: pa.Table) -> Iterator[bytes]:
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    pq.write_table(table, buf)
    view = buf.getbuffer()
    for i in range(0, len(view), 1 << 20):
        yield bytes(view[i:i + (1 << 20)])


_CHUNKS = {"csv": _csv_chunks, "jsonl": _jsonl_chunks, "parquet": _parquet_chunks}


def export_table(service: EventService, q: EventQuery, limit: int) -> pa.Table:
    """The rows of the filter (as ``/api/events`` pages them), ordered, at most ``limit``."""
    sql, params = build_sql(q.replace(limit=limit, offset=0, group_by=None, by=None))
    return service.arrow(sql, params)


# -- HTTP ----------------------------------------------------------------------------------------

def _items(request: Request) -> dict[str, list[str]]:
    return P.as_lists(request.query_params.multi_items())


async def network_endpoint(service: EventService, request: Request) -> Response:
    q, mode, limit = network_request(_items(request))
    return JSONResponse(await run_in_threadpool(network, service, q, mode, limit))


async def map_endpoint(service: EventService, request: Request) -> Response:
    q, cell, limit = map_request(_items(request))
    return JSONResponse(await run_in_threadpool(map_cells, service, q, cell, limit))


async def export_endpoint(service: EventService, request: Request) -> Response:
    q, fmt, limit = export_request(_items(request))
    table = await run_in_threadpool(export_table, service, q, limit)
    media, suffix = EXPORT_FORMATS[fmt]
    name = f"cormorant-{q.level}.{suffix}"
    return StreamingResponse(
        _CHUNKS[fmt](table), media_type=media,
        headers={"content-disposition": f'attachment; filename="{name}"',
                 "x-cormorant-rows": str(table.num_rows)})


async def _vendor(request: Request) -> Response:
    """A browser library copied from npm by ``make install``; a clear error when absent."""
    from cormorant.api.app import error_response

    name = request.path_params["name"]
    missing = missing_vendor_files()
    if missing:
        return error_response(
            503, f"the explorer's browser libraries are not installed ({len(missing)} missing, "
            "e.g. static/vendor/" + missing[0] + "): run `make install` (npm ci and the copy "
            "step, scripts/web_assets.py) in the source tree")
    path = vendor_dir() / name
    if "/" in name or "\\" in name or not path.is_file():
        return error_response(404, f"no vendored file {name!r}")
    media = "application/json" if name.endswith(".json") else "text/javascript; charset=utf-8"
    return Response(path.read_bytes(), media_type=media,
                    headers={"cache-control": "public, max-age=86400"})


def routes() -> list[BaseRoute]:
    """The vendored-library route, listed before the ``/static`` mount (the network, map and
    export endpoints are routed from ``openapi.OPERATIONS`` like the others)."""
    get = ["GET"]
    return [Route("/static/vendor/{name}", _vendor, methods=get)]
