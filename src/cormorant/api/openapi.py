"""The API's operations, and the OpenAPI 3.1 document and HTML page made from them.

``OPERATIONS`` is the one list the app routes from; each operation's query
parameters are ``params.endpoint_params(...)``, the definitions its handler parses
with, so the document cannot drift from what the server accepts.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from cormorant.__about__ import __version__

from .params import Param, endpoint_params

ERROR_TITLES: dict[int, str] = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 413: "Payload too large", 414: "URI too long",
    421: "Misdirected request", 500: "Server error", 503: "Service unavailable",
}


@dataclass(frozen=True)
class Operation:
    """One endpoint: ``name`` picks its handler and its parameters."""

    name: str
    method: str
    path: str
    summary: str
    params: str  # the endpoint_params key ("" for none)
    path_param: str | None = None
    body: bool = False
    token: bool = False
    errors: tuple[int, ...] = (400, 421, 503)


OPERATIONS: tuple[Operation, ...] = (
    Operation("meta", "GET", "/api/meta", "Version, counts, date range and filter vocabularies.",
              "", errors=(400, 421, 503)),
    Operation("events", "GET", "/api/events",
              "One page of events (mentions, or merged events with level=events).", "events"),
    Operation("event", "GET", "/api/events/{event_id}",
              "One mention or merged event with its evidence.", "event", path_param="event_id",
              errors=(400, 404, 421, 503)),
    Operation("counts", "GET", "/api/counts", "Counts per period and/or dimension.", "counts"),
    Operation("places", "GET", "/api/places", "Located events grouped by place.", "places"),
    Operation("document", "GET", "/api/documents/{doc_id}",
              "A document's text, sentences, actors and events.", "", path_param="doc_id",
              errors=(400, 404, 421, 503)),
    Operation("code", "POST", "/api/code",
              "Code text, HTML or JSON lines and return the events; nothing is stored.", "code",
              body=True, errors=(400, 413, 421, 503)),
    Operation("ingest", "POST", "/api/documents",
              "Code and store documents (needs the server's bearer token).", "code", body=True,
              token=True, errors=(400, 401, 403, 413, 421, 503)),
    Operation("network", "GET", "/api/network",
              "Directed dyads of actors with event counts and mean Goldstein.", "network"),
    Operation("map", "GET", "/api/map", "Located events counted on a grid of cells.", "map"),
    Operation("export", "GET", "/api/export",
              "The filtered events as a CSV, JSON lines or Parquet download.", "export"),
    Operation("openapi", "GET", "/api/openapi.json", "This document.", "", errors=(400, 421)),
)

_ERROR_SCHEMA = {
    "type": "object", "required": ["ok", "error"], "additionalProperties": False,
    "properties": {
        "ok": {"const": False},
        "error": {"type": "object", "required": ["status", "title", "detail"],
                  "additionalProperties": False,
                  "properties": {"status": {"type": "integer"}, "title": {"type": "string"},
                                 "detail": {"type": "string"}}},
    },
}
_OK_SCHEMA = {"type": "object", "required": ["ok"], "properties": {"ok": {"const": True}}}


def _parameter(p: Param) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "in": "query", "required": False,
                           "description": p.doc, "schema": p.schema()}
    if p.multi:
        out["style"], out["explode"] = "form", True
        out["description"] += " Repeat the parameter, or separate values by commas."
    return out


def _operation(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {"operationId": op.name, "summary": op.summary}
    params = [_parameter(p) for p in endpoint_params(op.params)] if op.params else []
    if op.path_param:
        params.insert(0, {"name": op.path_param, "in": "path", "required": True,
                          "schema": {"type": "string", "minLength": 1, "maxLength": 300}})
    if params:
        out["parameters"] = params
    if op.body:
        text = {"schema": {"type": "string"}}
        out["requestBody"] = {
            "required": True,
            "description": "Plain text, HTML, or JSON lines (one object a line with "
                           "text and optionally id, date, title, url).",
            "content": {"text/plain": text, "text/html": text, "application/x-ndjson": text},
        }
    if op.token:
        out["security"] = [{"bearer": []}]
    ok = {"type": "object"} if op.name == "openapi" else _OK_SCHEMA
    content: dict[str, Any] = {"application/json": {"schema": ok}}
    if op.name == "export":
        content = {"text/csv": {"schema": {"type": "string"}},
                   "application/x-ndjson": {"schema": {"type": "string"}},
                   "application/vnd.apache.parquet": {"schema": {"type": "string",
                                                                 "format": "binary"}}}
    responses: dict[str, Any] = {"200": {"description": "OK", "content": content}}
    for status in sorted({*op.errors, 500}):
        responses[str(status)] = {"$ref": "#/components/responses/Error"}
    out["responses"] = responses
    return out


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API."""
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "cormorant", "version": __version__,
                 "description": "Political events coded from news text: query them, read their "
                                "evidence, code new text. Every error has the shape of "
                                "components.schemas.Error."},
        "paths": paths,
        "components": {
            "schemas": {"Error": _ERROR_SCHEMA},
            "responses": {"Error": {"description": "An error, in the API's one error shape",
                                    "content": {"application/json": {
                                        "schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


def docs_page(doc: dict[str, Any]) -> str:
    """A self-contained HTML page listing the operations and parameters of ``doc``."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(doc['info']['title'])} API</title></head><body>",
        f"<h1>{e(doc['info']['title'])} API {e(doc['info']['version'])}</h1>",
        f"<p>{e(doc['info']['description'])}</p>",
        "<p>Machine-readable: <a href='/api/openapi.json'>/api/openapi.json</a> (OpenAPI 3.1).</p>",
    ]
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            parts.append(f"<section><h2><code>{e(method.upper())} {e(path)}</code></h2>")
            parts.append(f"<p>{e(op['summary'])}</p>")
            if op.get("security"):
                parts.append("<p>Needs <code>Authorization: Bearer &lt;token&gt;</code>.</p>")
            if op.get("parameters"):
                parts.append("<table><thead><tr><th>parameter</th><th>in</th><th>type</th>"
                             "<th>meaning</th></tr></thead><tbody>")
                for p in op["parameters"]:
                    parts.append(f"<tr><td><code>{e(p['name'])}</code></td><td>{e(p['in'])}</td>"
                                 f"<td>{e(_type(p['schema']))}</td>"
                                 f"<td>{e(p.get('description', ''))}</td></tr>")
                parts.append("</tbody></table>")
            if op.get("requestBody"):
                parts.append(f"<p>Body: {e(op['requestBody']['description'])}</p>")
            statuses = ", ".join(op["responses"])
            parts.append(f"<p>Answers: {e(statuses)}.</p></section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _type(schema: dict[str, Any]) -> str:
    if schema.get("type") == "array":
        return f"list of {_type(schema['items'])} (at most {schema['maxItems']})"
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    text = str(schema.get("format") or schema.get("type"))
    if "minimum" in schema or "maximum" in schema:
        text += f" {schema.get('minimum', '')}..{schema.get('maximum', '')}"
    return text
