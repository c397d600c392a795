"""Starlette's TestClient, imported quietly, talking to ``http://localhost``.

starlette asks for httpx2; httpx works the same. The API answers only Host names on
its allow-list (localhost by default), so the client uses one of those rather than
starlette's ``testserver``.
"""

from __future__ import annotations

import warnings
from typing import Any

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from starlette.testclient import TestClient as _StarletteClient


class TestClient(_StarletteClient):
    __test__ = False  # not a test class, whatever its name

    def __init__(self, app: Any, base_url: str = "http://localhost", **kwargs: Any) -> None:
        super().__init__(app, base_url=base_url, **kwargs)


__all__ = ["TestClient"]
