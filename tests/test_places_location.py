"""Event location: the event's own locative phrase, else the sentence, else the dateline."""

from __future__ import annotations

import pytest

from cormorant.base.dateline import find_dateline
from cormorant.base.mentions import ActorMention, EventMention
from cormorant.places.location import EventLocator

pytestmark = pytest.mark.slow


def locate(nlp, text: str, trigger: str, *, dateline_doc: bool = False, actors=None):
    places_only = [p for p in nlp.pipe_names if p not in
                   ("cormorant_actor_countries", "cormorant_events", "cormorant_event_places",
                    "cormorant_dates")]
    with nlp.select_pipes(enable=places_only):
        doc = nlp(text)
    i = next(t.i for t in doc if t.text == trigger)
    ev = EventMention(sentence_index=0, trigger_start=i, trigger_end=i + 1, cameo="173", rule="test")
    doc._.events = [ev]
    if actors is not None:
        doc._.actors = actors(doc)
    EventLocator(nlp)(doc)
    return ev.location.place if ev.location else None


def test_places_location_prepositional_phrase_most_specific(nlp) -> None:
    p = locate(nlp, "Officers detained two men who entered a consulate in Shenyang, in northeastern China.",
               "detained")
    assert p is not None and p.name == "Shenyang" and p.country == "CHN"
    assert abs(p.lat - 41.8) < 0.2 and abs(p.lon - 123.4) < 0.2


def test_places_location_through_an_object(nlp) -> None:
    p = locate(nlp, "Last spring, forty migrants rushed into the Spanish Embassy in Beijing.", "rushed")
    assert p is not None and p.name == "Beijing"


def test_places_location_nearest_in_sentence(nlp) -> None:
    p = locate(nlp, "Farmers blocked roads on Monday while police stood guard outside Toulouse.",
               "blocked")
    assert p is not None and p.name == "Toulouse"


def test_places_location_skips_metonymic_and_actor_places(nlp) -> None:
    # "Moscow" acts, it is not where the expulsion happened; no other place: no location.
    assert locate(nlp, "Moscow expelled two diplomats on Friday.", "expelled") is None


def test_places_location_never_the_actor_name(nlp) -> None:
    def actors(doc):
        start = next(t.i for t in doc if t.text == "Kenyan")
        return [ActorMention(start, start + 2, "KENMIL", "KEN", "MIL", kind="agent")]

    p = locate(nlp, "Kenyan troops attacked the camp.", "attacked", actors=actors)
    assert p is None


def test_places_location_dateline(nlp) -> None:
    text = "KIGALI, May 3 - Soldiers fired on a crowd, witnesses said.\n\nThe army denied it."
    p = locate(nlp, text, "fired")
    assert p is not None and p.name == "Kigali"


def test_places_location_dateline_pattern() -> None:
    text = "ANKARA (Wire) - Turkey summoned"
    d = find_dateline(text)
    assert d is not None and d.place(text) == "ANKARA" and d.agency == "Wire"
    text = "GOMA, Sept 8 - Rebels"
    d = find_dateline(text)
    assert d is not None and d.place(text) == "GOMA" and (d.month, d.day) == ("Sept", 8)
    assert find_dateline("Rebels attacked Goma on Tuesday.") is None


@pytest.mark.slow
@pytest.mark.parametrize(("text", "place"), [
    # A place inside an actor's description never locates the event.
    ("A reporter from a Lagos newspaper was beaten by police outside a stadium in Abuja.", "Abuja"),
    ("A Tokyo-based envoy met rebel leaders in Juba on Monday.", "Juba"),
    # The event's own locative phrase wins, even when the place is also an actor.
    ("Israeli aircraft struck rebel targets in southern Lebanon on Friday.", "Lebanon"),
    ("The Indonesian president arrived in Canberra on Thursday for talks.", "Canberra"),
])
def test_places_location_event_place_rules(coder, text, place):
    events = coder.code_text(text).events
    assert events, text
    assert any(e.location is not None and e.location.text == place for e in events), \
        [(e.cameo, e.location and e.location.text) for e in events]


def _location_of(coder, text: str):
    events = coder.code_text(text).events
    assert events, text
    return events, [(e.location.text, e.location.name) if e.location else None for e in events]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "place"), [
    # The place becomes the location, not an actor: a capital in a locative phrase.
    ("Thousands of nurses marched in Madrid on Sunday against the pay freeze.", "Madrid"),
    ("Students demonstrated outside the parliament in Budapest on Tuesday.", "Budapest"),
    ("Villagers protested near Lahore against the eviction of their families.", "Lahore"),
    # "of" after a place noun leads to where it happened.
    ("Gunmen attacked a police post on the outskirts of Peshawar on Monday.", "Peshawar"),
    ("Rebels shelled the town of Kidal on Friday.", "Kidal"),
])
def test_places_location_locative_place_not_actor(coder, text, place):
    events, locs = _location_of(coder, text)
    assert any(loc is not None and loc[0] == place for loc in locs), locs
    # ... and the place is not also coded as the target of the event.
    assert not any(e.target is not None and e.target.text == place and e.location is None
                   for e in events)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "place", "city"), [
    # A district inside a city is kept, with the city's coordinates.
    ("Riot police fired tear gas at protesters in the Kadikoy district of Istanbul on Saturday.",
     "Kadikoy", "Istanbul"),
    ("Soldiers clashed with gunmen in the Shejaiya neighbourhood of Gaza City.", "Shejaiya", "Gaza"),
    ("Police arrested twelve demonstrators in Tahrir Square in Cairo.", "Tahrir Square", "Cairo"),
])
def test_places_location_district_inside_city(coder, text, place, city):
    _, locs = _location_of(coder, text)
    assert (place, city) in locs, locs


@pytest.mark.slow
def test_places_location_modifier_place_loses(coder):
    # A place describing a person ("from a Nairobi radio station") never locates the event.
    _, locs = _location_of(coder, "A journalist from a Nairobi radio station was arrested by police in Kampala.")
    assert locs and all(loc == ("Kampala", "Kampala") for loc in locs), locs
