"""The web UI: plain HTML, CSS and JavaScript in ``static/``, served by ``cormorant.api``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["static_dir"]


def static_dir() -> Path:
    """The directory of the UI's static files (``index.html``, ``app.js``, ``app.css``)."""
    return Path(str(resources.files("cormorant.web").joinpath("static")))
