"""cormorant: offline political event coding from news text.

Who did what to whom, when and where: CAMEO and PLOVER events with the
evidence for each code.
"""

from cormorant.__about__ import __version__
from cormorant.coding import Coder
from cormorant.config import CoderConfig
from cormorant.errors import CormorantError
from cormorant.ingest import read_documents
from cormorant.records import Actor, CodedDocument, Document, Event, Place, Skipped, Trigger

__all__ = [
    "Actor",
    "CodedDocument",
    "Coder",
    "CoderConfig",
    "CormorantError",
    "Document",
    "Event",
    "Place",
    "Skipped",
    "Trigger",
    "__version__",
    "read_documents",
]
