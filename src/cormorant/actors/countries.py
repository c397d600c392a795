"""The ``cormorant_actor_countries`` spaCy component: countries for role nouns from context.

Runs after the place stage (it reads ``doc._.places``) and before the event stage, and
changes ``doc._.actors`` in place; see ``cormorant.actors.context`` for the rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cormorant.actors.context import infer_countries
from cormorant.actors.words import ActorWords, load_actor_words
from cormorant.errors import DictionaryError
from cormorant.nlp.extensions import register_extensions

WORDS_FILE = "words.json"


class ActorCountries:
    """Gives role-noun mentions with no country the one their context names."""

    def __init__(self, nlp: Language, name: str = "cormorant_actor_countries") -> None:
        self.name = name
        self.words: ActorWords | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *,
                   nlp: Language | None = None) -> None:
        """Load the word lists (``actors/data/words.yaml``)."""
        self.words = load_actor_words()

    def __call__(self, doc: Doc) -> Doc:
        if self.words is None:
            self.initialize(lambda: [])
        assert self.words is not None
        infer_countries(doc, doc._.actors, doc._.places, self.words)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        words = self.words or load_actor_words()
        (folder / WORDS_FILE).write_text(json.dumps(words.to_data(), ensure_ascii=False, indent=1),
                                         "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorCountries:
        file = Path(path) / WORDS_FILE
        try:
            data = json.loads(file.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise DictionaryError(f"cannot read saved word lists {file}: {e}") from e
        self.words = ActorWords.from_data(data, str(file))
        return self


@Language.factory("cormorant_actor_countries")
def make_actor_countries(nlp: Language, name: str) -> ActorCountries:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return ActorCountries(nlp, name)
