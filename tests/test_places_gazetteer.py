"""The offline gazetteer: what it holds, how fast it loads, and its data files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cormorant.errors import DictionaryEntryError
from cormorant.places import gazetteer as gz
from cormorant.places.gazetteer import Gazetteer, haversine_km, load_gazetteer, normalize


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def names(gaz: Gazetteer, text: str) -> list[tuple[str, str | None, str | None, str]]:
    return [(e.name, e.country, e.admin1, e.feature) for e, _ in gaz.lookup(text)]


def test_places_gazetteer_cities_countries_regions_counties(gaz: Gazetteer) -> None:
    (shenyang, alt), = gaz.lookup("Shenyang")
    assert not alt and shenyang.country == "CHN" and shenyang.admin1 == "Liaoning"
    assert haversine_km(shenyang.lat, shenyang.lon, 41.8, 123.4) < 10
    assert ("Georgia", "GEO", None, "A.PCLI") in names(gaz, "Georgia")
    assert ("Georgia", "USA", "Georgia", "A.ADM1") in names(gaz, "Georgia")
    assert ("Rapides Parish", "USA", "Louisiana", "A.ADM2") in names(gaz, "Rapides Parish")
    assert ("Europe", None, None, "L.CONT") in names(gaz, "europe")
    assert names(gaz, "U.S.")[0][:2] == ("United States", "USA")


def test_places_gazetteer_capitals_and_accents(gaz: Gazetteer) -> None:
    assert any(f == "P.PPLC" and c == "CHN" for _, c, _, f in names(gaz, "Beijing"))
    assert any(c == "CAN" for _, c, _, _ in names(gaz, "Quebec")) == any(
        c == "CAN" for _, c, _, _ in names(gaz, "Québec"))


def test_places_gazetteer_demonyms_and_abbreviations(gaz: Gazetteer) -> None:
    assert gaz.demonym_country("Chinese") == "CHN"
    assert gaz.demonym_country("North Korean") == "PRK"
    assert gaz.demonym_country("Paris") is None
    la = gaz.abbreviation("La.")
    assert la is not None and la.name == "Louisiana"


def test_places_gazetteer_spells_out_abbreviations(gaz: Gazetteer) -> None:
    # A small village known only as "Saint Paris" is found as "St. Paris" too.
    assert ("Saint Paris", "USA", "Ohio", "P.PPL") in names(gaz, "St. Paris")
    assert gaz.has(normalize("St. Paris")) and gaz.has(normalize("Ft. Wayne"))
    assert names(gaz, "U.S")[0][:2] == ("United States", "USA")
    assert gaz.lookup("Xq. Nowhere") == []


def test_places_gazetteer_counties_and_regions_abroad(gaz: Gazetteer) -> None:
    assert ("Oxfordshire", "GBR", None, "A.ADM2") in names(gaz, "Oxfordshire")
    assert any(c == "IDN" for _, c, _, _ in names(gaz, "Sumatra"))
    assert any(c == "FRA" and f == "L.RGN" for _, c, _, f in names(gaz, "Provence"))


def test_places_gazetteer_normalize() -> None:
    assert normalize("The  Hague") == "hague"
    assert normalize("Côte d\u2019Ivoire") == "côte d'ivoire"


def test_places_gazetteer_cache_reads_back(gaz: Gazetteer) -> None:
    # Load time and memory are measured by ``cormorant bench``, not here.
    path = gz.cache_path()
    if not path.is_file():
        pytest.skip(f"the cache directory {path.parent} is not writable here")
    again = gz.read_cache(path)
    assert len(again) == len(gaz) > 200_000
    assert [e.geonameid for e, _ in again.lookup("Paris")] == [e.geonameid for e, _ in gaz.lookup("Paris")]


def test_places_gazetteer_rejects_bad_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gz, "_data_text", lambda name: "- {id: x, name: X}\n- {name: Y}\n")
    with pytest.raises(DictionaryEntryError, match="no id"):
        gz._yaml_entries("places.yaml", ("name",))
    monkeypatch.setattr(gz, "_data_text", lambda name: "- {id: x, name: X, lat: north}\n")
    with pytest.raises(DictionaryEntryError, match="not a number"):
        gz._yaml_entries("places.yaml", ("name",))


def test_places_gazetteer_unwritable_cache_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    target = blocker / "gazetteer.pickle"
    gz.save_cache(target, {"x": 1})  # the directory cannot be made: logged, not raised
    assert not target.exists()


def test_places_gazetteer_regional_capitals_are_ppla(gaz: Gazetteer) -> None:
    # `capital` in admin1.yaml: the state capital, not its namesakes, is GeoNames P.PPLA.
    charleston = {(a, f) for _, c, a, f in names(gaz, "Charleston") if c == "USA"}
    assert ("West Virginia", "P.PPLA") in charleston
    assert ("South Carolina", "P.PPL") in charleston
    assert ("British Columbia", "P.PPLA") in {(a, f) for _, _, a, f in names(gaz, "Victoria")}


def test_places_gazetteer_city_demonyms_and_short_names(gaz: Gazetteer) -> None:
    londoner = gaz.demonym_entry("Londoners")
    assert londoner is not None and londoner.country == "GBR" and londoner.feature == "P.PPLC"
    assert names(gaz, "L.A.")[0][:3] == ("Los Angeles", "USA", "California")
    assert names(gaz, "NYC")[0][:2] == ("New York City", "USA")


def test_places_gazetteer_may_start_reads_first_words(gaz: Gazetteer) -> None:
    # The cache keeps only the first words that are not names themselves.
    assert gaz.may_start("new") and gaz.may_start("paris") and gaz.may_start("rapides")
    assert not gaz.may_start("xqzzy")
