"""Article text and metadata from an HTML page, offline (trafilatura; nothing is fetched)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura

from cormorant.base.dateparse import parse_date
from cormorant.errors import InputFormatError

log = logging.getLogger(__name__)

# Only the page's own declared date: no guessing from the text or from today.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class HtmlArticle:
    text: str
    title: str | None
    date: dt.date | None
    url: str | None


def extract_html(html: str) -> HtmlArticle:
    """The main text of the page (navigation, footers and comments dropped)."""
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            include_images=False, date_extraction_params=_DATE_PARAMS,
        )
    except (ValueError, TypeError, AttributeError) as e:
        raise InputFormatError(f"HTML could not be parsed: {e}") from e
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        # Very short pages fall below trafilatura's size thresholds; take the plain body text.
        try:
            _, text, _ = trafilatura.baseline(html)
        except (ValueError, TypeError, AttributeError) as e:
            raise InputFormatError(f"HTML could not be parsed: {e}") from e
        text = (text or "").strip()
    title = getattr(doc, "title", None) if doc is not None else None
    raw_date = getattr(doc, "date", None) if doc is not None else None
    url = getattr(doc, "url", None) if doc is not None else None
    date = parse_date(raw_date) if raw_date else None
    return HtmlArticle(text=text, title=title or None, date=date, url=url or None)
