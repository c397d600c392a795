"""A news source's home: the country and region its local stories are about.

A local paper rarely names its own state: "Athens", "Decatur" or "Madison County" in its
stories are the ones near it, whatever their more famous namesakes. The home of a source is
read from its own stories, without any gold: the region (and country) that the places of
most of its other stories resolve to. ``source_homes`` infers it for a batch of stories;
``geoparse(..., home=...)`` (or ``doc._.place_home``, set before the pipeline runs) then
weighs it as one more piece of story evidence (``home_country``, ``home_region`` in
``weights.yaml``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from cormorant.records import Place

__all__ = ["Home", "source_homes", "story_regions"]

# Feature classes of a place that says where a story is: towns, counties, states (not
# seas, countries or continents, which a local story names as often as a foreign one).
_LOCAL_CLASSES = ("P.", "A.ADM1", "A.ADM2")


@dataclass(frozen=True, slots=True)
class Home:
    """Where a source publishes: a country (ISO alpha-3) and, if known, a region in it
    (the gazetteer's ``admin1`` name)."""

    country: str | None
    admin1: str | None = None


def story_regions(places: Iterable[Place]) -> set[tuple[str, str | None]]:
    """The (country, region) pairs of a story's local places, each once: a story votes
    once for each region it is about, however often it names it. Metonymic ones count
    ("Knoxville police" says where the paper is as well as "in Knoxville")."""
    out: set[tuple[str, str | None]] = set()
    for p in places:
        if p.country is None or not p.feature or not p.feature.startswith(_LOCAL_CLASSES):
            continue
        out.add((p.country, p.admin1))
    return out


def source_homes(stories: Sequence[tuple[Hashable, Iterable[Place]]], *,
                 min_share: float = 0.4, min_stories: int = 2) -> list[Home | None]:
    """The home of each story's source, from the other stories of the same source
    (``stories``: ``(source, places)`` per story, in order; the result is in the same
    order). A story's own places do not vote for its home, so a wrong reading is not
    reinforced. The home region is the region that at least ``min_share`` of the other
    stories (and ``min_stories`` of them) name a local place of; the home country likewise
    for countries. None where the source has no such country."""
    regions = [story_regions(places) for _, places in stories]
    # Counts over all the stories of each source; a story's own are taken off below.
    sizes: dict[Hashable, int] = {}
    countries: dict[Hashable, Counter[str]] = {}
    pairs: dict[Hashable, Counter[tuple[str, str]]] = {}
    for (source, _), mine in zip(stories, regions, strict=True):
        sizes[source] = sizes.get(source, 0) + 1
        countries.setdefault(source, Counter()).update({c for c, _ in mine})
        pairs.setdefault(source, Counter()).update((c, a) for c, a in mine if a is not None)
    homes: list[Home | None] = []
    for (source, _), mine in zip(stories, regions, strict=True):
        country_n = countries[source] - Counter({c for c, _ in mine})
        region_n = pairs[source] - Counter((c, a) for c, a in mine if a is not None)
        need = max(min_stories, min_share * (sizes[source] - 1))
        country = max(country_n, key=lambda c: (country_n[c], c), default=None)
        if country is None or country_n[country] < need:
            homes.append(None)
            continue
        region = max((r for r in region_n if r[0] == country),
                     key=lambda r: (region_n[r], r), default=None)
        homes.append(Home(country, region[1] if region and region_n[region] >= need else None))
    return homes
