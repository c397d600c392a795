"""The web UI: HTML, CSS and JavaScript modules in ``static/``, served by ``cormorant.api``.

Browser libraries come from npm (``package.json`` and its lock file at the repository
root); ``scripts/web_assets.py`` copies the files listed in ``VENDOR_FILES`` from
``node_modules`` into ``static/vendor/`` (not committed), where the server finds them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["VENDOR_FILES", "missing_vendor_files", "static_dir", "vendor_dir"]

# File name under static/vendor -> path under node_modules.
VENDOR_FILES: dict[str, str] = {
    "d3.min.js": "d3/dist/d3.min.js",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "countries-50m.json": "world-atlas/countries-50m.json",
    "countries-110m.json": "world-atlas/countries-110m.json",
}


def static_dir() -> Path:
    """The directory of the UI's static files (``index.html``, ``app.js``, ``app.css``)."""
    return Path(str(resources.files("cormorant.web").joinpath("static")))


def vendor_dir() -> Path:
    """Where the copied browser libraries live."""
    return static_dir() / "vendor"


def missing_vendor_files() -> list[str]:
    """The names in ``VENDOR_FILES`` not present in ``vendor_dir()``."""
    folder = vendor_dir()
    return [name for name in VENDOR_FILES if not (folder / name).is_file()]
