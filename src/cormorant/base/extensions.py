"""The ``Doc`` extensions cormorant's components write to."""

from __future__ import annotations

from spacy.tokens import Doc

_DOC_EXTENSIONS: dict[str, object] = {
    "document_date": None,  # datetime.date of publication, set before the pipeline runs
    "place_home": None,  # places.home.Home of the story's source, set before the pipeline runs
    "actors": None,  # list[ActorMention]
    "places": None,  # list[PlaceMention]
    "events": None,  # list[EventMention]
}


def register_extensions() -> None:
    """Register the extensions (idempotent; spaCy's registry is global by design)."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
