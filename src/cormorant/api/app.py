"""The ASGI app: JSON endpoints under ``/api`` and the web UI at ``/``.

Every error leaves as ``{"ok": false, "error": {"status", "title", "detail"}}``
with the matching HTTP status; see ``docs/api.md``. Routes come from
``openapi.OPERATIONS``, the list the OpenAPI document is made from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cormorant.coding import Coder
from cormorant.errors import (
    CormorantError,
    IngestError,
    NotFoundError,
    QueryError,
    QueryTimeoutError,
)
from cormorant.ingest.decode import decode_bytes
from cormorant.store import Store
from cormorant.web import static_dir

from . import coding as C
from . import params as P
from . import views as V
from .limits import ApiConfig, RequestGuard
from .openapi import ERROR_TITLES, OPERATIONS, docs_page, openapi_document
from .service import EventService
from .views import routes as view_routes

log = logging.getLogger(__name__)

TITLES = ERROR_TITLES

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
    if isinstance(error, QueryTimeoutError):
        return 503
    return 500


async def _cormorant_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CormorantError)
    status = status_of(exc)
    if status != 500:
        return error_response(status, str(exc))
    # The message may name the store's file or URL: that stays in the server's log.
    log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return error_response(500, f"the store failed ({type(exc).__name__}); see the server log")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    detail = exc.detail
    if exc.status_code == 404:
        detail = f"no route {request.url.path}"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "GET")
        detail = f"{request.method} is not allowed on {request.url.path}; use {allowed}"
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


@dataclass
class _State:
    service: EventService
    config: ApiConfig
    coder: C.LazyCoder


Handler = Callable[[_State, Request], Awaitable[Response]]


def _items(request: Request) -> dict[str, list[str]]:
    return P.as_lists(request.query_params.multi_items())


def _reader(answer: Callable[[EventService, Request], dict[str, Any]]) -> Handler:
    async def handler(state: _State, request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(answer, state.service, request))

    return handler


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


async def _openapi(state: _State, request: Request) -> Response:
    P.no_params(_items(request))
    return JSONResponse(openapi_document())


async def _docs(request: Request) -> Response:
    P.no_params(_items(request))
    return HTMLResponse(docs_page(openapi_document()))


async def _body_documents(state: _State, request: Request) -> list[Any]:
    """The documents of a POST body, read up to the size limit."""
    v = P.parse(_items(request), P.endpoint_params("code"))
    limit = state.config.max_body_bytes
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the body has more than {limit} bytes")
        chunks.append(chunk)
    try:
        text = decode_bytes(b"".join(chunks)) if size else ""
    except IngestError as e:
        raise QueryError(f"the body is not text: {e}") from e
    fmt = C.body_format(v["format"], request.headers.get("content-type"))
    date: dt.date | None = v["date"]
    return C.documents_from_body(text, fmt, doc_id=v["id"], date=date)


async def _code(state: _State, request: Request) -> Response:
    docs = await _body_documents(state, request)
    results = await run_in_threadpool(state.coder.code, docs)
    out = [C.coded_json(r) for r in results]
    return JSONResponse({"ok": True, "n_events": sum(d.get("n_events", 0) for d in out),
                         "documents": out})


async def _ingest(state: _State, request: Request) -> Response:
    if state.config.token is None:
        raise HTTPException(403, "writing is off: start the server with a token to turn it on")
    if not state.config.token_matches(request.headers.get("authorization")):
        raise HTTPException(401, "send the server's token as Authorization: Bearer <token>",
                            headers={"WWW-Authenticate": "Bearer"})
    docs = await _body_documents(state, request)
    service = state.service

    def ingest() -> dict[str, int]:
        with service.write_lock:
            try:
                report = state.coder.run(lambda coder: service.store.ingest_documents(docs, coder))
            finally:
                service.changed()
        return report.as_dict()

    return JSONResponse({"ok": True, "report": await run_in_threadpool(ingest)})


HANDLERS: dict[str, Handler] = {
    "meta": _reader(_meta), "events": _reader(_events), "event": _reader(_event),
    "counts": _reader(_counts), "places": _reader(_places), "document": _reader(_document),
    "code": _code, "ingest": _ingest, "openapi": _openapi,
    "network": lambda st, r: V.network_endpoint(st.service, r),
    "map": lambda st, r: V.map_endpoint(st.service, r),
    "export": lambda st, r: V.export_endpoint(st.service, r),
}


async def _index(request: Request) -> Response:
    html = (static_dir() / "index.html").read_text("utf-8")
    return Response(html, media_type="text/html; charset=utf-8")


def _route(op_name: str, state: _State) -> Callable[[Request], Awaitable[Response]]:
    handler = HANDLERS[op_name]

    async def endpoint(request: Request) -> Response:
        return await handler(state, request)

    return endpoint


def _refuse(status: int, detail: str) -> ASGIApp:
    return error_response(status, detail)


def create_app(store: str | Path | Store, config: ApiConfig | None = None, *,
               coder: Callable[[], Coder] = Coder) -> Starlette:
    """The API and UI over a store: a DuckDB path, a ``postgresql://`` URL, or an open Store.

    A path or URL is opened now (so a bad one fails here, not on the first
    request) and closed when the app shuts down; a ``Store`` stays the caller's.
    ``config`` sets limits, allowed Host names and the write token; ``coder``
    makes the ``Coder`` for ``/api/code`` (called once, on first use).
    """
    config = config or ApiConfig()
    timeout = config.query_timeout
    service = (EventService(store, timeout=timeout) if isinstance(store, Store)
               else EventService.open(store, timeout=timeout))
    state = _State(service, config, C.LazyCoder(coder))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Tables for fast pages are built in the background; until then requests run without.
        threading.Thread(target=service.warm, name="cormorant-warm", daemon=True).start()
        try:
            yield
        finally:
            service.close()

    routes = [
        Route("/", _index, methods=["GET"]),
        Route("/api/docs", _docs, methods=["GET"]),
        *[Route(op.path.replace("{doc_id}", "{doc_id:path}"), _route(op.name, state),
                methods=[op.method]) for op in OPERATIONS],
        *view_routes(),  # the explorer's browser libraries
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
    app.add_middleware(RequestGuard, config=config, refuse=_refuse)
    app.add_middleware(SecurityHeaders)
    app.state.service = service
    app.state.config = config
    return app
