"""Stage 1: read documents from files, directories, JSON lines, HTML and stdin."""

from cormorant.ingest.readers import INPUT_FORMATS, read_documents

__all__ = ["INPUT_FORMATS", "read_documents"]
