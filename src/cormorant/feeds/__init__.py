"""Live feeds: watch a folder or an RSS/Atom feed and ingest each new item once.

>>> from cormorant.feeds import open_source, watch       # doctest: +SKIP
>>> watch(open_source("https://example.org/rss"), store, coder, every=600)  # doctest: +SKIP
"""

from cormorant.feeds.fetch import FetchPolicy, fetch
from cormorant.feeds.sources import FeedSource, FolderSource, Item, Source, open_source
from cormorant.feeds.watch import PollReport, parse_interval, poll, watch

__all__ = [
    "FeedSource", "FetchPolicy", "FolderSource", "Item", "PollReport", "Source", "fetch",
    "open_source", "parse_interval", "poll", "watch",
]
