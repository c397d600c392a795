"""Polite HTTP for ``cormorant watch``: a timeout on every request, a few retries with
backoff for what may pass (timeouts, 429, 5xx), none for what will not (404, 410...)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from cormorant.__about__ import __version__
from cormorant.errors import FetchError

__all__ = ["FetchPolicy", "fetch"]

_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class FetchPolicy:
    """How to fetch: per-request ``timeout`` (s), ``attempts`` in all, ``backoff`` (s,
    doubled after each failed attempt), ``max_bytes`` read at most per response, and
    ``delay`` (s) between two items of the same poll."""

    timeout: float = 15.0
    attempts: int = 3
    backoff: float = 2.0
    max_bytes: int = 5_000_000
    delay: float = 1.0
    user_agent: str = f"cormorant/{__version__} (news event coder; feed watch)"


def fetch(url: str, policy: FetchPolicy, sleep: Callable[[float], None] = time.sleep) -> bytes:
    """The body at ``url``, or ``FetchError`` with a short reason once retries are spent."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"not an http(s) URL: {url}", reason="url")
    wait = policy.backoff
    for attempt in range(1, policy.attempts + 1):
        try:
            return _get(url, policy)
        except FetchError as e:
            if not e.transient or attempt == policy.attempts:
                raise
        sleep(wait)
        wait *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def _get(url: str, policy: FetchPolicy) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": policy.user_agent})
    try:
        with urllib.request.urlopen(request, timeout=policy.timeout) as response:  # noqa: S310 - http(s) only, checked above
            body: bytes = response.read(policy.max_bytes + 1)
    except urllib.error.HTTPError as e:
        raise FetchError(f"HTTP {e.code} for {url}", reason=f"http-{e.code}",
                         transient=e.code in _RETRY_STATUS) from e
    except urllib.error.URLError as e:
        raise FetchError(f"{url}: {e.reason}", reason="network", transient=True) from e
    except TimeoutError as e:
        raise FetchError(f"{url}: timed out after {policy.timeout:g} s", reason="timeout",
                         transient=True) from e
    except OSError as e:
        raise FetchError(f"{url}: {e}", reason="network", transient=True) from e
    if len(body) > policy.max_bytes:
        raise FetchError(f"{url}: larger than {policy.max_bytes} bytes", reason="too-large")
    return body
