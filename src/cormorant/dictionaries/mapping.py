"""PETRARCH entries as cormorant dictionary entries (in memory), and as cormorant YAML.

Each mapped entry takes ``FILE:LINE`` of its PETRARCH line as its id, so every coded
event still names the dictionary line behind it.

- actors: a single undated three-letter code -> ``country``; otherwise ``actor`` with the
  undated code as ``code`` and the dated ones as ``roles`` (a compound code ``[A/B]``
  keeps its first part, with a problem noted); a person with dated codes only, all of one
  country, takes that country as ``code`` outside the dates;
- agents -> ``agent`` (sector = code; cormorant places every sector after the country);
- discards -> ``discard``;
- verbs -> lexicon frames: each verb with its code (multi-word verbs as verb + particle),
  and each ``* WORD`` / ``* &SET`` pattern as a frame with that object. Patterns with
  actor markers, words before the verb or several words stay with the PETRARCH coder;
- transformations -> rules of ``cormorant.events.transform`` (``dictionaries.transforms``);
- issues have no cormorant counterpart: they are written to the YAML only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cormorant.actors.dictionary import Entry as ActorEntry
from cormorant.actors.dictionary import Role
from cormorant.dictionaries.load import PetrarchSet
from cormorant.dictionaries.model import Actor, Problem, Source
from cormorant.dictionaries.transforms import compile_transformations
from cormorant.events.lexicon import Entry as LexiconEntry
from cormorant.events.transform import Transform

__all__ = ["Mapped", "display_name", "map_set", "write_yaml"]

_CODE = re.compile(r"(?:[A-Z0-9]{3})+")
_CAMEO = re.compile(r"\d{2,4}")


@dataclass
class Mapped:
    actors: list[ActorEntry] = field(default_factory=list)  # countries, actors
    agents: list[ActorEntry] = field(default_factory=list)
    discards: list[ActorEntry] = field(default_factory=list)
    lexicon: list[LexiconEntry] = field(default_factory=list)
    transforms: list[Transform] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unmapped_patterns: int = 0


def display_name(words: tuple[str, ...]) -> str:
    """``("SAM", "GAMGEE")`` -> ``"Sam Gamgee"``. A single word of three letters or fewer
    stays upper case (``"UN"``, ``"IMF"``: cormorant matches all-capital names exactly);
    dotted words keep their case."""
    if len(words) == 1:
        w = words[0]
        return w.capitalize() if len(w) > 3 and w.isalpha() else w
    return " ".join(w.capitalize() if w.isalpha() else w for w in words)


def _problem(src: Source, msg: str) -> Problem:
    return Problem(src.file, src.line, msg)


def _actor(a: Actor, out: Mapped) -> ActorEntry | None:
    default = next((c for c in a.codes if not c.dated), None)
    roles = []
    for c in a.codes:
        if len(c.codes) > 1:
            out.problems.append(_problem(a.source, f"compound code {'/'.join(c.codes)}: "
                                                   f"cormorant keeps {c.codes[0]}"))
        code = c.codes[0]
        if not _CODE.fullmatch(code):
            out.problems.append(_problem(a.source, f"code {code} has no cormorant form; skipped"))
            continue
        if c.dated:
            roles.append(Role(code, c.start, c.end))
    code = default.codes[0] if default and _CODE.fullmatch(default.codes[0]) else ""
    countries = {r.code[:3] for r in roles}
    if not code and len(countries) == 1 and all(len(r.code) > 3 for r in roles):
        # Officeholders listed by term only: outside it they are their country, not GOV
        # (cormorant would otherwise fall back to the first term's code).
        code = countries.pop()
    if not code and not roles:
        return None
    names = tuple(dict.fromkeys(display_name(n) for n in a.names))
    kind = "country" if len(code) == 3 and not roles else "actor"
    return ActorEntry(id=a.source.id, type=kind, code=code, names=names, roles=tuple(roles),
                      origin=a.source.id)


def map_set(pset: PetrarchSet) -> Mapped:
    """Cormorant entries for a PETRARCH set; what cannot be mapped is listed in ``problems``."""
    out = Mapped()
    for a in pset.actors:
        e = _actor(a, out)
        if e is not None:
            out.actors.append(e)
    for g in pset.agents:
        if not _CODE.fullmatch(g.code):
            out.problems.append(_problem(g.source, f"agent code {g.code} has no cormorant form"))
            continue
        names = tuple(dict.fromkeys(display_name(n).lower() for n in g.names))
        out.agents.append(ActorEntry(id=g.source.id, type="agent", sector=g.code, names=names,
                                     origin=g.source.id))
    for d in pset.discards:
        out.discards.append(ActorEntry(id=d.source.id, type="discard",
                                       names=(display_name(d.words),), origin=d.source.id))
    _map_verbs(pset, out)
    out.transforms, problems = compile_transformations(pset.verbs)
    out.problems.extend(problems)
    return out


def _map_verbs(pset: PetrarchSet, out: Mapped) -> None:
    for block in pset.verbs.blocks:
        lemmas: list[tuple[str, tuple[str, ...]]] = []
        for v in block.verbs:
            code = v.code or block.code
            if v.head != 0:
                out.problems.append(_problem(v.source, "verb with words before it: not mapped"))
                continue
            lemma, particle = v.words[0].lower(), tuple(w.lower() for w in v.words[1:])
            lemmas.append((lemma, particle))
            if _CAMEO.fullmatch(code.split(":")[0]):  # "[:B]" (reverse only) is not mapped
                out.lexicon.append(LexiconEntry(id=v.source.id, lemma=lemma,
                                                cameo=code.split(":")[0], particle=particle))
        for p in block.patterns:
            objects = _simple_object(p.upper, pset) if not p.lower else None
            code = p.code.split(":")[0]
            if objects is None or not _CAMEO.fullmatch(code) or not lemmas:
                out.unmapped_patterns += 1
                continue
            for k, (lemma, particle) in enumerate(lemmas):
                out.lexicon.append(LexiconEntry(
                    id=p.source.id if k == 0 else f"{p.source.id}#{k}", lemma=lemma, cameo=code,
                    particle=particle, object=tuple((o,) for o in objects)))


def _simple_object(upper: tuple[Any, ...], pset: PetrarchSet) -> tuple[str, ...] | None:
    """The object words of a ``* WORD`` or ``* &SET`` pattern (single words only), else None."""
    if len(upper) != 1:
        return None
    text = upper[0].text
    if text in ("$", "+", "^", "%"):
        return None
    if text.startswith("&"):
        phrases = pset.verbs.expand(text[1:].rstrip("_"))
        words = tuple(p[0].lower() for p in phrases if len(p) == 1)
        return words or None
    return (text.lower(),) if text.isalpha() else None


def write_yaml(pset: PetrarchSet, folder: Path) -> dict[str, int]:
    """Write ``actors.yaml``, ``agents.yaml``, ``discards.yaml``, ``lexicon.yaml`` and
    ``issues.yaml`` in cormorant's formats; returns the count per file."""
    m = map_set(pset)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, list[dict[str, Any]]] = {
        "actors.yaml": [e.to_json() for e in m.actors],
        "agents.yaml": [_agent_json(e) for e in m.agents],
        "discards.yaml": [e.to_json() for e in m.discards],
        "lexicon.yaml": [e.to_dict() for e in m.lexicon],
        "issues.yaml": [{"id": i.source.id, "phrase": display_name(i.words), "code": i.code,
                         "category": i.category, **({"negative": True} if i.negative else {})}
                        for i in pset.issues],
    }
    for name, items in files.items():
        text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=120)
        (folder / name).write_text(f"# Converted from PETRARCH dictionaries by cormorant.\n{text}",
                                   "utf-8")
    return {k: len(v) for k, v in files.items()}


def _agent_json(e: ActorEntry) -> dict[str, Any]:
    d = e.to_json()
    # Plurals are generated again on reading; list each noun once.
    d["names"] = list(e.names)
    return d
