"""The ``cormorant_places`` spaCy component: toponyms, resolved, on ``doc._.places``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cormorant.nlp.extensions import register_extensions
from cormorant.places.gazetteer import Gazetteer, load_gazetteer
from cormorant.places.geoparse import geoparse


class Geoparser:
    """Finds place names and resolves them against the offline gazetteer.

    Runs after ``cormorant_actors`` so that a toponym the actor stage coded as an actor
    ("Beijing says") is marked metonymic here too.
    """

    def __init__(self, nlp: Language, name: str = "cormorant_places") -> None:
        self.name = name
        self.gazetteer: Gazetteer | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None) -> None:
        self.gazetteer = load_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            self.gazetteer = load_gazetteer()
        doc._.places = geoparse(doc, self.gazetteer)
        return doc

    # The gazetteer is packaged data, rebuilt from the installed packages: nothing to save
    # but a marker, so a saved pipeline reloads it from the same sources.
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "cfg.json").write_text(json.dumps({"gazetteer": "packaged"}), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Geoparser:
        self.gazetteer = load_gazetteer()
        return self


@Language.factory("cormorant_places")
def make_geoparser(nlp: Language, name: str) -> Geoparser:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return Geoparser(nlp, name)
