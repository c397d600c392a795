"""Load a set of PETRARCH dictionary files: from a directory, a glob, or single files.

The kind of each file comes from its name: ``*agent*`` agents, ``*discard*`` discards,
``*issue*`` issues, ``*verb*`` and ``CAMEO*`` verbs, ``*actor*`` actors; other files
(prepositions, samples, licences) are skipped and listed in ``skipped``.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cormorant.dictionaries.actors import read_actors, read_agents, read_discards, read_issues
from cormorant.dictionaries.model import Actor, Agent, Discard, Issue, Problem
from cormorant.dictionaries.verbs import VerbDictionary, read_verbs
from cormorant.errors import DictionaryError

__all__ = ["KINDS", "PetrarchSet", "file_kind", "load_set", "resolve_paths"]

KINDS = ("actors", "agents", "discards", "issues", "verbs")
SCHEME = "petrarch:"


def file_kind(path: Path) -> str | None:
    """The dictionary kind a file name stands for, or None."""
    name = path.name.lower()
    if path.suffix.lower() not in (".txt", ""):
        return None
    if "agent" in name:
        return "agents"
    if "discard" in name:
        return "discards"
    if "issue" in name:
        return "issues"
    if "verb" in name or name.startswith("cameo"):
        return "verbs"
    if "actor" in name:
        return "actors"
    return None


@dataclass
class PetrarchSet:
    """Everything read from a set of files, with the problems met on the way."""

    actors: list[Actor] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    discards: list[Discard] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "actors": len(self.actors), "agents": len(self.agents),
            "discards": len(self.discards), "issues": len(self.issues),
            "verb_blocks": len(self.verbs.blocks),
            "verbs": sum(len(b.verbs) for b in self.verbs.blocks),
            "patterns": sum(len(b.patterns) for b in self.verbs.blocks),
            "synsets": len(self.verbs.synsets),
            "transformations": len(self.verbs.transformations), "problems": len(self.problems),
        }


def resolve_paths(spec: str | Path) -> list[Path]:
    """Files named by ``petrarch:DIR``, ``petrarch:DIR/GLOB`` or a plain path, sorted."""
    text = str(spec)
    if text.startswith(SCHEME):
        text = text[len(SCHEME):]
    path = Path(text)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file())
    elif path.is_file():
        files = [path]
    else:
        files = sorted(Path(p) for p in glob.glob(text) if Path(p).is_file())
    if not files:
        raise DictionaryError(f"no PETRARCH dictionary files at {text}")
    return files


def load_set(specs: Iterable[str | Path]) -> PetrarchSet:
    """Read every dictionary file the specs name; bad lines are reported, never fatal."""
    out = PetrarchSet()
    for spec in specs:
        for path in resolve_paths(spec):
            kind = file_kind(path)
            if kind is None:
                out.skipped.append(str(path))
                continue
            out.files.append(str(path))
            if kind == "actors":
                out.actors.extend(read_actors(path, out.problems))
            elif kind == "agents":
                out.agents.extend(read_agents(path, out.problems))
            elif kind == "discards":
                out.discards.extend(read_discards(path, out.problems))
            elif kind == "issues":
                out.issues.extend(read_issues(path, out.problems))
            else:
                read_verbs(path, out.problems, out.verbs)
    return out

