"""Put PETRARCH dictionaries into a built cormorant pipeline (``CoderConfig.dictionaries``).

Per kind (``actors``, ``agents``, ``discards``, ``verbs``) the PETRARCH entries either
``merge`` with the bundled ones, ``replace`` them, or are left out (``skip``: the bundled
entries of that kind stay as they are). Merging extends: a PETRARCH name that a bundled
entry already has (any case) is dropped from the PETRARCH entry, so the curated entry
keeps deciding that name's code; PETRARCH adds the names cormorant lacks.
"""

from __future__ import annotations

import logging
from typing import Any

from cormorant.config import CoderConfig
from cormorant.dictionaries.load import load_set
from cormorant.dictionaries.mapping import Mapped, map_set
from cormorant.errors import ConfigError

__all__ = ["MODE_KINDS", "apply_dictionaries", "load_mapped", "parse_modes", "without_known_names"]

log = logging.getLogger(__name__)
MODE_KINDS = ("actors", "agents", "discards", "verbs")
MODES = ("merge", "replace", "skip")
# cormorant actor entry types each kind stands for
_TYPES = {"actors": ("country", "actor", "person"), "agents": ("agent",), "discards": ("discard",)}


def parse_modes(text: str) -> dict[str, str]:
    """``"merge"``, ``"replace"``, ``"skip"`` or ``"actors=replace,verbs=skip"`` -> mode per
    kind (kinds not named merge)."""
    text = (text or "merge").strip()
    if text in MODES:
        return dict.fromkeys(MODE_KINDS, text)
    out = dict.fromkeys(MODE_KINDS, "merge")
    for part in text.split(","):
        kind, sep, mode = part.strip().partition("=")
        if not sep or kind not in MODE_KINDS or mode not in MODES:
            raise ConfigError(f"dictionary mode {part!r}: use merge, replace, skip, or KIND=MODE "
                              f"with KIND in {', '.join(MODE_KINDS)}")
        out[kind] = mode
    return out


def load_mapped(config: CoderConfig) -> Mapped:
    pset = load_set(config.dictionaries)
    mapped = map_set(pset)
    for p in [*pset.problems, *mapped.problems][:20]:
        log.warning("PETRARCH dictionary: %s", p)
    n = len(pset.problems) + len(mapped.problems)
    if n > 20:
        log.warning("PETRARCH dictionary: %d more problems (cormorant dictionaries check)", n - 20)
    return mapped


def without_known_names(new: list[Any], known: list[Any]) -> list[Any]:
    """``new`` actor entries without the names any ``known`` entry has (lower-cased);
    entries left without names are dropped."""
    from dataclasses import replace

    from cormorant.actors.patterns import pluralise

    seen = {n.lower() for e in known
            for n in (*e.names, *e.demonyms, *e.capitals, *e.seats)}
    # cormorant generates agents' plurals: "soldiers" is known when "soldier" is.
    seen |= {pluralise(n).lower() for e in known if e.type == "agent" for n in e.names}
    out = []
    for e in new:
        names = tuple(n for n in e.names if n.lower() not in seen)
        if names == e.names:
            out.append(e)
        elif names:
            out.append(replace(e, names=names))
    return out


def apply_dictionaries(nlp: Any, config: CoderConfig) -> None:
    """Swap the actor entries and the event lexicon of ``nlp`` for the merged/replaced ones;
    the verb transformations go with the verbs (none when they are skipped)."""
    from cormorant.actors.dictionary import merge as merge_actors
    from cormorant.events.lexicon import Lexicon
    from cormorant.events.lexicon import merge as merge_lexicon

    modes = parse_modes(config.dictionary_mode)
    mapped = load_mapped(config)
    actors = nlp.get_pipe("cormorant_actors")
    entries = list(actors.entries)
    for kind, types in _TYPES.items():
        if modes[kind] == "skip":
            continue
        new = getattr(mapped, kind)
        if modes[kind] == "replace":
            entries = [e for e in entries if e.type not in types]
        else:
            new = without_known_names(new, entries)
        entries = merge_actors(entries, new)
    actors.set_entries(entries)
    if modes["verbs"] == "skip":
        return
    events = nlp.get_pipe("cormorant_events")
    base = [] if modes["verbs"] == "replace" else events.lexicon.entries
    events.lexicon = Lexicon(merge_lexicon(base, mapped.lexicon), events.lexicon.modes)
    events.transforms = tuple(mapped.transforms)
