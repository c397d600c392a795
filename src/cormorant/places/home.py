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
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from cormorant.errors import ConfigError
from cormorant.records import Place

__all__ = ["Home", "parse_home", "source_homes", "story_regions"]

# Feature classes of a place that says where a story is: towns, counties, states (not
# seas, countries or continents, which a local story names as often as a foreign one).
_LOCAL_CLASSES = ("P.", "A.ADM1", "A.ADM2")


@dataclass(frozen=True, slots=True)
class Home:
    """Where a source publishes: a country (ISO alpha-3) and, if known, a region in it
    (the gazetteer's ``admin1`` name) and the mean point of the source's towns and counties
    in that region (``lat``, ``lon``)."""

    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None


def parse_home(spec: str) -> Home:
    """``"USA"`` or ``"USA/Georgia"``: a home country (ISO alpha-3) and optional region."""
    country, _, region = spec.partition("/")
    country, region = country.strip(), region.strip()
    if len(country) != 3 or not country.isascii() or not country.isalpha() or not country.isupper():
        raise ConfigError(f"home must be COUNTRY or COUNTRY/REGION with an ISO alpha-3 country "
                          f"code (\"USA/Georgia\"), not {spec!r}")
    if "/" in spec and not region:
        raise ConfigError(f"home {spec!r}: the region after '/' is empty")
    return Home(country, region or None)


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
    plists = [list(places) for _, places in stories]
    regions = [story_regions(places) for places in plists]
    # Counts over all the stories of each source; a story's own are taken off below.
    sizes: dict[Hashable, int] = {}
    countries: dict[Hashable, Counter[str]] = {}
    pairs: dict[Hashable, Counter[tuple[str, str]]] = {}
    for (source, _), mine in zip(stories, regions, strict=True):
        sizes[source] = sizes.get(source, 0) + 1
        countries.setdefault(source, Counter()).update({c for c, _ in mine})
        pairs.setdefault(source, Counter()).update((c, a) for c, a in mine if a is not None)
    # Sums of the points of each source's towns and counties, by region: (n, lat, lon).
    points: dict[tuple[Hashable, str, str], list[float]] = {}
    for (source, _), places in zip(stories, plists, strict=True):
        for key, lat, lon in _points(places):
            _add(points.setdefault((source, *key), [0.0, 0.0, 0.0]), 1.0, lat, lon)
    homes: list[Home | None] = []
    for (source, _), mine, places in zip(stories, regions, plists, strict=True):
        country_n = countries[source] - Counter({c for c, _ in mine})
        region_n = pairs[source] - Counter((c, a) for c, a in mine if a is not None)
        need = max(min_stories, min_share * (sizes[source] - 1))
        country = max(country_n, key=lambda c: (country_n[c], c), default=None)
        if country is None or country_n[country] < need:
            homes.append(None)
            continue
        region = max((r for r in region_n if r[0] == country),
                     key=lambda r: (region_n[r], r), default=None)
        if region is None or region_n[region] < need:
            homes.append(Home(country))
            continue
        total = list(points.get((source, *region), [0.0, 0.0, 0.0]))
        for key, lat, lon in _points(places):
            if key == region:
                _add(total, -1.0, lat, lon)
        n = total[0]
        homes.append(Home(country, region[1], total[1] / n, total[2] / n) if n > 0.5
                     else Home(country, region[1]))
    return homes


def _points(places: Iterable[Place]) -> Iterator[tuple[tuple[str, str], float, float]]:
    """The (country, region) and point of each town and county of a story."""
    for p in places:
        if p.country and p.admin1 and p.lat is not None and p.lon is not None and p.feature \
                and p.feature.startswith(("P.", "A.ADM2")):
            yield (p.country, p.admin1), p.lat, p.lon


def _add(total: list[float], n: float, lat: float, lon: float) -> None:
    total[0] += n
    total[1] += n * lat
    total[2] += n * lon
