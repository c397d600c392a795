"""The ``cormorant_actors`` spaCy component: recognise and code every actor mention.

Writes ``doc._.actors`` (``list[ActorMention]``, text order). Mentions include people,
organisations, countries, role nouns with their country, capitals used for their
government, and pronouns/short names resolved to an earlier mention (``antecedent``).
Use ``cormorant.actors.lookup`` to find the mention(s) at a token.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from cormorant.actors.companies import mark_companies
from cormorant.actors.coref import resolve
from cormorant.actors.dictionary import Entry, load_entries, parse_entry
from cormorant.actors.lookup import build_index
from cormorant.actors.names import add_person_names
from cormorant.actors.patterns import Matchers
from cormorant.actors.recognize import (
    Lexicon,
    build_runs,
    code_runs,
    filter_matches,
    select_segments,
    widen_to_entities,
)
from cormorant.actors.words import ActorWords, load_actor_words
from cormorant.base.extensions import register_extensions
from cormorant.base.tokens import build_table
from cormorant.errors import DictionaryError

ENTRIES_FILE = "entries.jsonl"
WORDS_FILE = "words.json"


class ActorRecognizer:
    """Dictionary phrase matching + syntax + within-document resolution."""

    def __init__(self, nlp: Language, name: str = "cormorant_actors") -> None:
        self.name = name
        self.nlp = nlp
        self.entries: list[Entry] = []
        self.words: ActorWords | None = None
        self.lexicon: Lexicon | None = None
        self.matchers: Matchers | None = None

    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None,
                   extra_files: list[Any] | None = None) -> None:
        """Load the bundled dictionaries plus ``extra_files`` (later ids override earlier),
        and the word lists."""
        self.words = load_actor_words()
        self.set_entries(load_entries(extra_files or ()))

    def set_entries(self, entries: list[Entry]) -> None:
        self.entries = list(entries)
        if self.words is None:
            self.words = load_actor_words()
        self.lexicon = Lexicon(
            words=self.words,
            entries={e.id: e for e in self.entries},
            countries=frozenset(e.code for e in self.entries if e.type == "country"),
        )
        self.matchers = Matchers(self.nlp, self.entries)

    def __call__(self, doc: Doc) -> Doc:
        if self.matchers is None or self.lexicon is None:
            self.initialize(lambda: [])
        assert self.matchers is not None and self.lexicon is not None
        day = doc._.document_date
        build_table(doc)  # fresh for this parse; the later stages reuse it
        matches = filter_matches(doc, self.matchers(doc), self.lexicon)
        words = self.lexicon.words
        segs = add_person_names(doc, select_segments(matches, self.lexicon), words)
        runs = build_runs(doc, segs, words)
        widen_to_entities(doc, runs)
        cands, places = code_runs(doc, runs, self.lexicon, day)
        doc._.actors = mark_companies(doc, resolve(doc, cands, places, words), words)
        build_index(doc)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / ENTRIES_FILE).open("w", encoding="utf-8") as f:
            for e in self.entries:
                f.write(json.dumps(e.to_json(), ensure_ascii=False) + "\n")
        words = self.words or load_actor_words()
        (folder / WORDS_FILE).write_text(json.dumps(words.to_data(), ensure_ascii=False, indent=1),
                                         "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ActorRecognizer:
        file = Path(path) / ENTRIES_FILE
        words_file = Path(path) / WORDS_FILE
        try:
            lines = file.read_text("utf-8").splitlines()
            words = json.loads(words_file.read_text("utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise DictionaryError(f"cannot read saved actor entries in {path}: {e}") from e
        self.words = ActorWords.from_data(words, str(words_file))
        self.set_entries([parse_entry(json.loads(line), f"{file}:{n}")
                          for n, line in enumerate(lines, 1) if line.strip()])
        return self


@Language.factory("cormorant_actors")
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return ActorRecognizer(nlp, name)
