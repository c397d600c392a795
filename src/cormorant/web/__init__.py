"""The web UI: plain HTML, CSS and JavaScript in ``static/``, served by ``cormorant.api``."""
