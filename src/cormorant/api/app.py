"""The ASGI app: JSON endpoints under ``/api`` and the web UI at ``/``.

Every error leaves as ``{"ok": false, "error": {"status", "title", "detail"}}``
with the matching HTTP status; see ``docs/api.md``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cormorant.errors import CormorantError, NotFoundError, QueryError
from cormorant.store import Store
from cormorant.web import static_dir

from . import params as P
from .service import EventService
from .views import routes as view_routes

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request", 404: "Not found", 405: "Method not allowed", 500: "Server error",
}

# The UI loads nothing from elsewhere; the policy makes the browser hold it to that.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


def error_response(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The one error shape."""
    body = {"ok": False, "error": {"status": status, "title": TITLES.get(status, "Error"),
                                   "detail": detail}}
    return JSONResponse(body, status_code=status, headers=headers)


def status_of(error: CormorantError) -> int:
    if isinstance(error, QueryError):
        return 400
    if isinstance(error, NotFoundError):
        return 404
    return 500


async def _cormorant_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CormorantError)
    status = status_of(exc)
    if status == 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return error_response(status, str(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail
    if exc.status_code == 404:
        detail = f"no route {request.url.path}"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}; use GET"
    return error_response(exc.status_code, str(detail), headers=exc.headers)


async def _server_error(request: Request, exc: Exception) -> Response:
    # Starlette logs and re-raises after this response; the client still gets the shape.
    return error_response(500, f"unexpected {type(exc).__name__}; see the server log")


class SecurityHeaders:
    """Add ``SECURITY_HEADERS`` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _endpoint(service: EventService, answer: Callable[[EventService, Request], dict[str, Any]]
              ) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        body = await run_in_threadpool(answer, service, request)
        return JSONResponse(body)

    return endpoint


def _items(request: Request) -> dict[str, list[str]]:
    return P.as_lists(request.query_params.multi_items())


def _events(s: EventService, r: Request) -> dict[str, Any]:
    return s.events(*P.events_request(_items(r)))


def _counts(s: EventService, r: Request) -> dict[str, Any]:
    return s.counts(*P.counts_request(_items(r)))


def _places(s: EventService, r: Request) -> dict[str, Any]:
    return s.places(*P.places_request(_items(r)))


def _event(s: EventService, r: Request) -> dict[str, Any]:
    return s.event(r.path_params["event_id"], P.event_request(_items(r)))


def _document(s: EventService, r: Request) -> dict[str, Any]:
    P.no_params(_items(r))
    return s.document(r.path_params["doc_id"])


def _meta(s: EventService, r: Request) -> dict[str, Any]:
    P.no_params(_items(r))
    return s.meta()


async def _index(request: Request) -> Response:
    html = (static_dir() / "index.html").read_text("utf-8")
    return Response(html, media_type="text/html; charset=utf-8")


def create_app(store: str | Path | Store) -> Starlette:
    """The API and UI over a store: a DuckDB path, a ``postgresql://`` URL, or an open Store.

    A path or URL is opened now (so a bad one fails here, not on the first
    request) and closed when the app shuts down; a ``Store`` stays the caller's.
    """
    service = EventService(store) if isinstance(store, Store) else EventService.open(store)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            service.close()

    get = ["GET"]
    routes = [
        Route("/", _index, methods=get),
        Route("/api/meta", _endpoint(service, _meta), methods=get),
        Route("/api/events", _endpoint(service, _events), methods=get),
        Route("/api/events/{event_id}", _endpoint(service, _event), methods=get),
        Route("/api/counts", _endpoint(service, _counts), methods=get),
        Route("/api/places", _endpoint(service, _places), methods=get),
        Route("/api/documents/{doc_id:path}", _endpoint(service, _document), methods=get),
        *view_routes(),  # network, export, vendored browser libraries
        Mount("/static", app=StaticFiles(directory=static_dir()), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={
            CormorantError: _cormorant_error,
            HTTPException: _http_error,
            Exception: _server_error,
        },
        lifespan=lifespan,
    )
    app.add_middleware(SecurityHeaders)
    app.state.service = service
    return app
