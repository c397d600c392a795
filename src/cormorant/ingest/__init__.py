"""Stage 1: read documents from files, directories, JSON lines, HTML and stdin.

>>> from cormorant.ingest import read_documents               # doctest: +SKIP
>>> for doc in read_documents(["articles/"]): ...              # doctest: +SKIP

``read_documents`` is the entry point; the helpers below are what it is built from
(format detection, decoding, HTML extraction, text clean-up and datelines).
"""

from cormorant.ingest.clean import Prepared, prepare_text
from cormorant.ingest.dateline import Dateline, find_dateline
from cormorant.ingest.decode import decode_bytes
from cormorant.ingest.detect import detect_format
from cormorant.ingest.html import HtmlArticle, extract_html
from cormorant.ingest.readers import INPUT_FORMATS, read_documents

__all__ = [
    "INPUT_FORMATS", "Dateline", "HtmlArticle", "Prepared", "decode_bytes", "detect_format",
    "extract_html", "find_dateline", "prepare_text", "read_documents",
]
