"""No SQL is built from user strings: every value a user gives reaches the database as a
parameter.

The dynamic test records every statement the store sends while it ingests documents
whose ids, texts and sources are SQL-shaped user strings and answers queries, exports
and lookups that carry such strings in every filter; none of them may appear in SQL
text. The static test lists the names interpolated into SQL in the package: each must
be a name the code controls (a table, column list or placeholder list).
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from cormorant.errors import NotFoundError
from cormorant.records import Skipped
from cormorant.store import BY_DIMENSIONS, EXPORT_FORMATS, LEVELS, PERIODS, EventQuery, open_store
from cormorant.store.bench import synthetic_coded_documents

SRC = Path(__file__).resolve().parents[1] / "src" / "cormorant"
# Shaped to break out of a quoted literal or an identifier, in either dialect.
EVIL = "Zqxw'\"; DROP TABLE events; -- )"
MARK = "zqxw"  # must never appear in SQL text, quoted or not (compared case-insensitively)


def _evil_documents(n: int = 4):
    for i, cd in enumerate(synthetic_coded_documents(n, 3, seed=2)):
        doc_id = f"{EVIL}{i}"
        doc = dataclasses.replace(cd.document, id=doc_id, text=cd.document.text + " " + EVIL,
                                  title=EVIL, url=f"http://example.org/{EVIL}", source=EVIL)
        events = tuple(dataclasses.replace(e, doc_id=doc_id) for e in cd.events)
        yield dataclasses.replace(cd, document=doc, events=events)
    yield Skipped(f"{EVIL}-source", "format", EVIL, f"{EVIL}-skipped")


def _record(store, seen: list[str]) -> None:
    b = store.backend
    for name in ("execute", "fetchall", "fetch_arrow", "fetch_batches"):
        original = getattr(b, name)

        def wrapped(sql, params=(), *args, _original=original, **kwargs):
            seen.append(sql)
            return _original(sql, params, *args, **kwargs)

        setattr(b, name, wrapped)


def test_reliability_sql_store_sends_user_values_only_as_parameters(store_url, tmp_path) -> None:
    seen: list[str] = []
    with open_store(store_url) as store:
        _record(store, seen)
        store.ingest(_evil_documents())
        store.ingest(_evil_documents())  # the unchanged path
        store.ingest(list(_evil_documents())[1:], force=True)  # the replacing path
        strings = (EVIL, EVIL.lower())
        for level in LEVELS:
            full = EventQuery(
                actor=strings, source=strings, target=strings, country=strings,
                source_country=strings, target_country=strings, sector=strings, plover=strings,
                place=strings, text=EVIL, doc_id=strings, level=level, limit=5, offset=1)
            store.query(full)
            for period in PERIODS:
                store.query(full.replace(group_by=period))
            for by in BY_DIMENSIONS:
                store.query(full.replace(by=by))
            list(store.events(full))
        store.query(EventQuery(doc_id=(f"{EVIL}0",)))
        assert store.document(f"{EVIL}0")["title"] == EVIL
        with pytest.raises(NotFoundError):
            store.document(EVIL)
        with pytest.raises(NotFoundError):
            store.event(EVIL)
        for fmt in EXPORT_FORMATS:
            store.export(fmt, tmp_path / f"out-{fmt}", EventQuery(text=EVIL, actor=strings))
        store.counts()
    assert len(seen) > 50
    leaked = [sql for sql in seen if MARK in sql.lower()]
    assert leaked == []


# Names that may be interpolated into SQL: all come from the code, none from a user.
SAFE_NAMES = {
    "table", "cols", "view", "marks", "name", "where", "t", "EVENT_KEY_SQL",
}
SQL_CALLS = {"execute", "fetchall", "fetchone", "fetch_arrow", "fetch_batches", "copy"}


def _interpolated_sql() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in SQL_CALLS and node.args
                    and isinstance(node.args[0], ast.JoinedStr)):
                for part in node.args[0].values:
                    if isinstance(part, ast.FormattedValue):
                        found.append((str(path.relative_to(SRC)), node.lineno,
                                      ast.unparse(part.value)))
    return found


def test_reliability_sql_only_code_names_are_interpolated() -> None:
    found = _interpolated_sql()
    assert found, "the scan found no SQL at all: it is looking in the wrong place"
    assert [f for f in found if f[2] not in SAFE_NAMES] == []


def test_reliability_sql_table_names_are_checked_before_use(tmp_path) -> None:
    from cormorant.errors import StoreError

    with open_store(tmp_path / "t.duckdb") as store, pytest.raises(StoreError, match="no table"):
        store.table("events; DROP TABLE events")
