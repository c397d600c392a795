"""Stage 7: a JSON API (read, and code text as a service) and web UI over an event store.

>>> from cormorant.api import create_app                      # doctest: +SKIP
>>> app = create_app("cormorant.duckdb")   # an ASGI app: run it with uvicorn
"""

from cormorant.api.app import create_app, error_response
from cormorant.api.limits import ApiConfig
from cormorant.api.openapi import openapi_document
from cormorant.api.service import EventService, evidence, jsonable

__all__ = ["ApiConfig", "EventService", "create_app", "error_response", "evidence", "jsonable",
           "openapi_document"]
