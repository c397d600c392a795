"""What ``cormorant watch`` watches: a folder of files, or an RSS/Atom feed on the web.

A source lists its items (cheap: names, links) and loads one item into a ``Document``
(the expensive part: reading a file, or fetching and extracting a page), so that only
new items are loaded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from cormorant.errors import ConfigError, FetchError, IngestError
from cormorant.feeds.fetch import FetchPolicy, fetch
from cormorant.ingest import decode_bytes, read_documents
from cormorant.records import Document, Skipped

__all__ = ["FeedSource", "FolderSource", "Item", "Source", "open_source"]


@dataclass(frozen=True)
class Item:
    """One entry of a source: its stable id, and where to load it from."""

    item_id: str
    url: str | None = None
    title: str | None = None
    date: dt.date | None = None


class Source(Protocol):
    name: str

    def items(self) -> list[Item]: ...

    def load(self, item: Item) -> Document | Skipped: ...


class FolderSource:
    """Files under a folder (hidden ones left out); an item's id is its relative path."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.name = str(root)

    def items(self) -> list[Item]:
        return [Item(p.relative_to(self.root).as_posix())
                for p in sorted(self.root.rglob("*"))
                if p.is_file() and not any(part.startswith(".") for part in
                                            p.relative_to(self.root).parts)]

    def load(self, item: Item) -> Document | Skipped:
        path = self.root / item.item_id
        found = list(read_documents([path]))
        if len(found) != 1:  # a JSON-lines file holds many records: not a watch item
            return Skipped(str(path), "format", f"{len(found)} documents in one file", item.item_id)
        doc = found[0]
        if isinstance(doc, Skipped):
            return dataclasses.replace(doc, doc_id=item.item_id)
        return dataclasses.replace(doc, id=item.item_id)


class FeedSource:
    """An RSS or Atom feed: each entry's page is fetched and its article extracted."""

    def __init__(self, url: str, policy: FetchPolicy | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.url = url
        self.name = url
        self.policy = policy or FetchPolicy()
        self.sleep = sleep

    def items(self) -> list[Item]:
        import feedparser

        parsed: Any = feedparser.parse(io.BytesIO(fetch(self.url, self.policy, self.sleep)))
        if parsed.bozo and not parsed.entries:
            raise FetchError(f"{self.url}: not an RSS or Atom feed ({parsed.get('bozo_exception')})",
                             reason="feed")
        return list(_entries(parsed.entries))

    def load(self, item: Item) -> Document | Skipped:
        if not item.url:
            return Skipped(item.item_id, "format", "the feed entry has no link", item.item_id)
        try:
            html = decode_bytes(fetch(item.url, self.policy, self.sleep))
        except IngestError as e:
            return Skipped(item.url, e.reason, str(e), item.item_id)
        # The same extraction and clean-up as an HTML file given to `cormorant ingest`.
        found = list(read_documents(["-"], input_format="html", stdin=io.StringIO(html),
                                    default_date=item.date, file_dates=False))
        doc = found[0]
        if isinstance(doc, Skipped):
            return dataclasses.replace(doc, source=item.url, doc_id=item.item_id)
        return dataclasses.replace(doc, id=item.item_id, source=self.url, url=item.url,
                                   title=doc.title or item.title)


def _entries(entries: list[Any]) -> Iterator[Item]:
    for e in entries:
        link = e.get("link") or None
        item_id = e.get("id") or link
        if not item_id:
            continue  # nothing to know it by again: it could not be ingested only once
        stamp = e.get("published_parsed") or e.get("updated_parsed")
        date = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        yield Item(str(item_id), link, e.get("title") or None, date)


def open_source(spec: str, policy: FetchPolicy | None = None,
                sleep: Callable[[float], None] = time.sleep) -> Source:
    """A feed for an http(s) URL, a folder for a directory path."""
    if spec.startswith(("http://", "https://")):
        return FeedSource(spec, policy, sleep)
    path = Path(spec)
    if path.is_dir():
        return FolderSource(path)
    raise ConfigError(f"{spec}: not a folder or an http(s) feed URL")
