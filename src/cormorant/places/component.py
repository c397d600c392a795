"""The ``cormorant_places`` spaCy component: toponyms, resolved, on ``doc._.places``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cormorant.base.extensions import register_extensions
from cormorant.places.gazetteer import Gazetteer, load_gazetteer, yaml_entries
from cormorant.places.geoparse import geoparse
from cormorant.places.resolution import WEIGHTS_FILE, Weights, load_weights
from cormorant.places.words import PlaceWords, load_words


class Geoparser:
    """Finds place names and resolves them against the offline gazetteer.

    Runs after ``cormorant_actors`` so that a toponym the actor stage coded as an actor
    ("Beijing says") is marked metonymic here too.
    """

    def __init__(self, nlp: Language, name: str = "cormorant_places",
                 weights: dict[str, float] | None = None) -> None:
        self.name = name
        # Overrides of the packaged weights (``places/data/weights.yaml``), by field name.
        self.weight_overrides = dict(weights or {})
        self.gazetteer: Gazetteer | None = None
        self.weights: Weights | None = None
        self.lex: PlaceWords | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None) -> None:
        self._load()

    def _load(self) -> None:
        self.gazetteer = load_gazetteer()
        self.lex = load_words()
        self.weights = load_weights() if not self.weight_overrides else Weights.from_entries(
            yaml_entries(WEIGHTS_FILE, ("value",)), self.weight_overrides)

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None or self.weights is None or self.lex is None:
            self._load()
        # ``doc._.place_home``: where the story's source publishes, when the caller knows it
        # (``places.home.source_homes``).
        doc._.places = geoparse(doc, self.gazetteer or load_gazetteer(), self.weights, self.lex,
                                doc._.place_home)
        return doc

    # The gazetteer is packaged data, rebuilt from the installed packages: nothing to save
    # but a marker, so a saved pipeline reloads it from the same sources.
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "cfg.json").write_text(json.dumps({"gazetteer": "packaged"}), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Geoparser:
        self._load()
        return self


@Language.factory("cormorant_places", default_config={"weights": {}})
def make_geoparser(nlp: Language, name: str, weights: dict[str, float]) -> Geoparser:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return Geoparser(nlp, name, weights)
