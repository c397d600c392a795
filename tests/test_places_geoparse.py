"""The geoparser: classic ambiguities, metonymy and demonym context, with my own sentences.

Disambiguation is also unit-tested on hand-built toponyms (no spaCy model); the sentence
cases in ``fixtures/places_cases.jsonl`` run through the real pipeline.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES
from cormorant.places.gazetteer import haversine_km, load_gazetteer
from cormorant.places.resolution import Context, resolve
from cormorant.places.toponym import Toponym

CASES = [json.loads(line) for line in (FIXTURES / "places_cases.jsonl").read_text("utf-8").splitlines()
         if line.strip()]


def topo(text: str, start: int = 0) -> Toponym:
    return Toponym(start, start + 1, text, load_gazetteer().lookup(text), "ner")


def test_places_geoparse_population_decides_without_context() -> None:
    paris, tripoli = topo("Paris"), topo("Tripoli", 2)
    resolve([paris, tripoli], Context())
    assert paris.pick is not None and paris.pick.country == "FRA"
    assert tripoli.pick is not None and tripoli.pick.country == "LBY"


def test_places_geoparse_other_places_give_context() -> None:
    tripoli, lebanon = topo("Tripoli"), topo("Lebanon", 2)
    resolve([tripoli, lebanon], Context())
    assert tripoli.pick is not None and tripoli.pick.country == "LBN"


def test_places_geoparse_nearby_towns_pull_together() -> None:
    georgia, atlanta, macon = topo("Georgia"), topo("Atlanta", 2), topo("Macon", 4)
    resolve([georgia, atlanta, macon], Context())
    assert georgia.pick is not None and georgia.pick.country == "USA"
    assert macon.pick is not None and macon.pick.admin1 == "Georgia"


def test_places_geoparse_demonym_context_alone() -> None:
    from collections import Counter

    tripoli = topo("Tripoli")
    resolve([tripoli], Context(countries=Counter({"LBN": 1.0})))
    assert tripoli.pick is not None and tripoli.pick.country == "LBN"


def test_places_geoparse_qualifier_wins_and_spreads() -> None:
    gaz = load_gazetteer()
    texas = next(e for e, _ in gaz.lookup("Texas") if e.feature == "A.ADM1")
    qualified, bare = topo("Paris"), topo("Paris", 5)
    qualified.qualifier = texas
    resolve([qualified, bare], Context())
    assert qualified.pick is not None and qualified.pick.admin1 == "Texas"
    assert bare.pick == qualified.pick  # one sense per name in a document


def _find(doc, case: dict):
    hits = [m for m in doc._.places if m.place.text == case["toponym"]]
    n = case.get("occurrence", 1)
    assert len(hits) >= n, f"{case['toponym']!r} not found in {[m.place.text for m in doc._.places]}"
    return hits[n - 1].place


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_places_geoparse_cases(nlp, case: dict) -> None:
    place = _find(nlp(case["text"]), case)
    for key in ("country", "admin1", "feature", "metonymic"):
        if key in case:
            assert getattr(place, key) == case[key], (key, place)
    if "lat" in case:
        assert place.lat is not None and place.lon is not None
        assert haversine_km(place.lat, place.lon, case["lat"], case["lon"]) < 50


@pytest.mark.slow
def test_places_geoparse_no_places_in_plain_text(nlp) -> None:
    doc = nlp("The committee met on Tuesday and the police said the university was closed.")
    assert doc._.places == []


@pytest.mark.slow
def test_places_geoparse_records_leave_through_coder(coder) -> None:
    res = coder.code_text("Floods hit Bangladesh, officials in Dhaka said.")
    assert [p.name for p in res.places] == ["Bangladesh", "Dhaka"]
    assert all(p.lat is not None for p in res.places)


def test_places_geoparse_town_sits_in_its_county() -> None:
    # "Paris" and "Henry County" exist in Kentucky and Tennessee alike; only Tennessee's
    # Paris lies inside its Henry County, so the pair reads as Tennessee.
    paris, henry = topo("Paris"), topo("Henry County", 2)
    resolve([paris, henry], Context())
    assert paris.pick is not None and paris.pick.admin1 == "Tennessee"
    assert henry.pick is not None and henry.pick.admin1 == "Tennessee"


def test_places_geoparse_word_lists_and_weights_are_data() -> None:
    from cormorant.places.resolution import Weights, load_weights
    from cormorant.places.words import load_words

    lex = load_words()
    assert "in" in lex.locative_preps and lex.county_plurals["counties"] == "County"
    assert lex.party_re.search("Sen. Smith (D-Pa.)")
    w = load_weights()
    assert w.qualifier > w.country > w.city
    tweaked = Weights.from_entries([{"id": k, "value": v} for k, v in vars(w).items()], {"city": 9.0})
    assert tweaked.city == 9.0 and tweaked.country == w.country


def test_places_geoparse_bad_weights_rejected() -> None:
    from cormorant.errors import DictionaryEntryError
    from cormorant.places.resolution import Weights

    with pytest.raises(DictionaryEntryError, match="unknown weight"):
        Weights.from_entries([{"id": "nonsense", "value": 1.0}])
    with pytest.raises(DictionaryEntryError, match="missing"):
        Weights.from_entries([{"id": "city", "value": 1.0}])


@pytest.mark.slow
def test_places_geoparse_subcity_without_a_city_stays_unresolved(nlp) -> None:
    doc = nlp("Thousands of protesters filled Liberty Square all night, chanting against the new law.")
    hits = [m.place for m in doc._.places if m.place.text.endswith("Square")]
    assert hits and hits[0].lat is None and hits[0].country is None


@pytest.mark.slow
def test_places_geoparse_subcity_is_never_the_country_inside_it(nlp) -> None:
    doc = nlp("In Rome, tourists sat on the Spanish Steps while police watched from the square.")
    places = {m.place.text: m.place for m in doc._.places}
    assert "Spanish" not in places  # not Spain
    steps = places.get("Spanish Steps")
    assert steps is not None and steps.country == "ITA" and steps.feature == "P.PPLC"


@pytest.mark.slow
def test_places_geoparse_subcity_demonym_before_an_institution_names_its_country(nlp) -> None:
    doc = nlp("The Russian Orthodox Church opened a new school in the town.")
    assert any(m.place.text.endswith("Russian") and m.place.country == "RUS" for m in doc._.places)


@pytest.mark.slow
def test_places_geoparse_unknown_river_is_in_the_story_city(nlp) -> None:
    # A local river or lake the gazetteer lacks takes the story's town, never stays a bare
    # name; "Lake Tumbleweed" and the "Okwanee River" are invented.
    doc = nlp("Firefighters in Tulsa pulled a kayaker from the Okwanee River on Sunday. "
              "Tulsa police said he had been fishing near Lake Tumbleweed.")
    places = {m.place.text: m.place for m in doc._.places}
    for name in ("Okwanee River", "Lake Tumbleweed"):
        assert name in places and places[name].name == "Tulsa", places


@pytest.mark.slow
def test_places_geoparse_district_of_a_city(nlp) -> None:
    doc = nlp("Riot police fired tear gas at protesters in the Kadikoy district of Istanbul on Saturday.")
    places = {m.place.text: m.place for m in doc._.places}
    assert places["Kadikoy"].name == "Istanbul" and not places["Kadikoy"].metonymic
    assert not places["Istanbul"].metonymic


@pytest.mark.slow
def test_places_geoparse_place_after_a_place_noun_is_not_an_actor(nlp) -> None:
    doc = nlp("Soldiers clashed with gunmen in the Shejaiya neighbourhood of Gaza City.")
    places = {m.place.text: m.place for m in doc._.places}
    assert places["Gaza City"].lat is not None and not places["Gaza City"].metonymic


def test_places_geoparse_unlisted_local_namesake_takes_the_story_town() -> None:
    from cormorant.places.resolution import load_weights, unlisted_locals

    # A story about Lamar County, Texas: its only listed "Howland" is a hamlet in Maine,
    # far from every other place of the story, so it is read as a local place.
    tops = [topo("Paris"), topo("Lamar County", 2), topo("Roxton", 4), topo("Paris", 6),
            topo("Howland", 8)]
    resolve(tops, Context())
    assert tops[0].pick is not None and tops[0].pick.admin1 == "Texas"
    assert tops[4].pick is not None and tops[4].pick.admin1 == "Maine"
    unlisted_locals(tops, load_weights())
    assert tops[4].pick is tops[0].pick or tops[4].pick == tops[0].pick


def test_places_geoparse_unlisted_local_needs_a_story_about_one_area() -> None:
    from cormorant.places.resolution import load_weights, unlisted_locals

    tops = [topo("Paris"), topo("Howland", 2)]
    resolve(tops, Context())
    before = tops[1].pick
    unlisted_locals(tops, load_weights())
    assert tops[1].pick == before


@pytest.mark.slow
def test_places_geoparse_surname_of_a_person_named_in_full_is_not_a_town(nlp) -> None:
    doc = nlp("Sheriff Tom Rogers spoke at the meeting in Paris. Rogers also expressed concern "
              "about the budget.")
    places = {m.place.text: m.place for m in doc._.places}
    assert "Rogers" not in places
    # ... so the town of Rogers, Arkansas no longer pulls Paris to Arkansas.
    assert places["Paris"].country == "FRA"


@pytest.mark.slow
def test_places_geoparse_surname_town_after_a_locative_stays(nlp) -> None:
    doc = nlp("Tom Rogers moved to Rogers last year and opened a bakery in Rogers.")
    assert any(m.place.text == "Rogers" and m.place.admin1 == "Arkansas" for m in doc._.places)
