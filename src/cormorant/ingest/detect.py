"""Tell plain text, HTML and JSON lines apart, by content first and extension second."""

from __future__ import annotations

import json
import re

INPUT_FORMATS: tuple[str, ...] = ("auto", "text", "html", "jsonl")

_JSONL_EXT = frozenset({".jsonl", ".ndjson", ".json", ".jsonlines"})
_HTML_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"})
_TEXT_EXT = frozenset({".txt", ".text", ".md", ".rst"})

_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b)",
                         re.I | re.S)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|title|meta|p|div|article|section|span|br|a\s|h[1-6]|ul|li|script|style)"
    r"\b[^>]*>", re.I,
)


def looks_like_html(head: str) -> bool:
    """A document start that is certainly markup: a doctype/<html>, or many HTML tags."""
    if _HTML_START.match(head):
        return True
    stripped = head.lstrip()
    return stripped.startswith("<") and len(_HTML_TAG.findall(head[:8192])) >= 3


def looks_like_jsonl(head: str) -> bool:
    """The first non-blank line is a JSON object (or the start of an over-long one)."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("{"):
        return False
    first, newline, _ = stripped.partition("\n")
    if not newline and len(first) >= len(stripped) and len(stripped) >= 60000:
        return True  # one huge line cut by the sniff window
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return '"text"' in first  # a broken first record still makes a JSONL file


def looks_like_json_array(head: str) -> bool:
    return head.lstrip("\ufeff \t\r\n").startswith("[")


def detect_format(head: str, suffix: str = "") -> str:
    """``text``, ``html`` or ``jsonl`` for a document start and its file extension."""
    suffix = suffix.lower()
    if suffix in _JSONL_EXT:
        return "jsonl"
    if suffix in _HTML_EXT:
        return "html" if "<" in head else "text"
    if suffix in _TEXT_EXT:
        return "html" if _HTML_START.match(head) else "text"
    if looks_like_jsonl(head):
        return "jsonl"
    if looks_like_html(head):
        return "html"
    return "text"
