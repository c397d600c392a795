"""Stage 7: a read-only JSON API and web UI over an event store.

>>> from cormorant.api import create_app                      # doctest: +SKIP
>>> app = create_app("cormorant.duckdb")   # an ASGI app: run it with uvicorn
"""

from cormorant.api.app import create_app, error_response
from cormorant.api.service import EventService, evidence, jsonable

__all__ = ["EventService", "create_app", "error_response", "evidence", "jsonable"]
