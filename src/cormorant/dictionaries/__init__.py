"""PETRARCH2/TABARI-format dictionaries: readers, mapping into cormorant, a pattern coder."""

from cormorant.dictionaries.load import PetrarchSet, file_kind, load_set, resolve_paths
from cormorant.dictionaries.model import Actor, Agent, DatedCode, Discard, Issue, Problem, Source

__all__ = [
    "Actor", "Agent", "DatedCode", "Discard", "Issue", "PetrarchSet", "Problem", "Source",
    "file_kind", "load_set", "resolve_paths",
]
