"""Stage 3: recognise actors and code them (country + sector)."""

from cormorant.actors.component import ActorRecognizer
from cormorant.actors.context import infer_countries
from cormorant.actors.countries import ActorCountries
from cormorant.actors.dictionary import Entry, load_entries, read_entries
from cormorant.actors.lookup import actor_at, actors_at, actors_for_argument, actors_in_span
from cormorant.actors.words import ActorWords, load_actor_words

__all__ = [
    "ActorCountries",
    "ActorRecognizer",
    "ActorWords",
    "Entry",
    "actor_at",
    "actors_at",
    "actors_for_argument",
    "actors_in_span",
    "infer_countries",
    "load_actor_words",
    "load_entries",
    "read_entries",
]
