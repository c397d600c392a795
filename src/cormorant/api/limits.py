"""The server's limits and who may write: configuration, and the checks made before routing.

``ApiConfig`` is explicit and picklable; ``create_app(store, config)`` takes it.
``RequestGuard`` refuses, with the API's one error shape, a URL over ``max_url_bytes``
(414), a Host header not on the allow-list (421, against DNS rebinding: a page on
another site resolving its name to 127.0.0.1 still sends its own name), and a body
that declares more than ``max_body_bytes`` (413; bodies are also counted as read).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

LOCAL_HOSTS: tuple[str, ...] = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class ApiConfig:
    """How the API limits requests.

    ``allowed_hosts``: Host header names accepted (``"*"`` accepts any, e.g. behind a
    proxy that checks them). ``token``: the bearer token that turns on ``POST
    /api/documents`` (None: writing is off). ``query_timeout``: seconds per query.
    """

    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    token: str | None = None
    query_timeout: float | None = 10.0
    max_url_bytes: int = 8192
    max_body_bytes: int = 2_000_000

    def with_host(self, host: str) -> ApiConfig:
        """This config with ``host`` (the address the server binds) allowed too."""
        hosts = tuple(dict.fromkeys((*self.allowed_hosts, host.strip("[]").lower())))
        return ApiConfig(hosts, self.token, self.query_timeout, self.max_url_bytes,
                         self.max_body_bytes)

    def token_matches(self, header: str | None) -> bool:
        """Whether an ``Authorization`` header carries the configured token."""
        if self.token is None or not header:
            return False
        scheme, _, given = header.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                                  self.token.encode())


def host_name(header: str) -> str:
    """The name in a Host header, without its port (``[::1]:8000`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


Refuse = Callable[[int, str], ASGIApp]


class RequestGuard:
    """Check URL length, Host and declared body size before the app sees a request."""

    def __init__(self, app: ASGIApp, config: ApiConfig, refuse: Refuse) -> None:
        self.app = app
        self.config = config
        self.refuse = refuse
        self.hosts = frozenset(h.lower() for h in config.allowed_hosts)

    def problem(self, scope: Scope) -> tuple[int, str] | None:
        cfg = self.config
        size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if size > cfg.max_url_bytes:
            return 414, f"the URL has {size} bytes; at most {cfg.max_url_bytes} are accepted"
        headers = dict(scope.get("headers") or [])
        if "*" not in self.hosts:
            host = host_name(headers.get(b"host", b"").decode("latin-1"))
            if host not in self.hosts:
                return 421, ("this server does not answer to that Host name; "
                             "start it with --allow-host to add one")
        length = headers.get(b"content-length", b"0").decode("latin-1").strip() or "0"
        if not length.isdigit():
            return 400, "Content-Length must be a whole number"
        if int(length) > cfg.max_body_bytes:
            return 413, f"the body has {length} bytes; at most {cfg.max_body_bytes} are accepted"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            found = self.problem(scope)
            if found is not None:
                await self.refuse(*found)(scope, receive, send)
                return
        await self.app(scope, receive, send)
