"""Country of role nouns from context (``cormorant.actors.context``), on sentences written
for these tests, through the full pipeline (real spaCy model)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def mentions(nlp, text: str) -> dict[str, tuple[str, tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {doc[m.start:m.end].text: (m.code, m.entries) for m in doc._.actors}


@pytest.mark.parametrize(("text", "phrase", "code"), [
    # a locative phrase on the noun, through a nested place ("a prison near X")
    ("Inmates rioted at a prison near Mombasa on Tuesday.", "Inmates", "KENCVL"),
    # the place hangs on the verb's object, the noun inside a quantity phrase
    ("Thousands of people blocked roads in Karachi to demand cheaper fuel.", "people", "PAKCVL"),
    # "the government of X province"
    ("The government of Punjab province banned public meetings.", "government", "PAKGOV"),
    # refugees take where they come from
    ("Refugees from Kandahar crossed the border near Quetta.", "Refugees", "AFGREF"),
    # a fronted locative on the clause
    ("In Mombasa, striking workers shut shops and markets.", "workers", "KENLAB"),
])
def test_actors_context_place(nlp, text: str, phrase: str, code: str) -> None:
    got, entries = mentions(nlp, text)[phrase]
    assert got == code
    assert "country-from:place" in entries


def test_actors_context_locative_beats_sentence_guess(nlp) -> None:
    """"in defiance of Chilean police" does not make the marchers Chilean: the place does."""
    code, entries = mentions(nlp, "Protesters marched in Guayaquil in defiance of Chilean police.")[
        "Protesters"]
    assert code == "ECUCVL"
    assert "CHL" not in entries and "country-from:sentence" not in entries


def test_actors_context_no_country_for_troops(nlp) -> None:
    found = mentions(nlp, "Soldiers opened fire on villagers near Timbuktu, a rights group said.")
    assert found["Soldiers"][0] == "MIL"  # troops in a country are seldom its own
    assert found["rights group"][0] == "NGOHRI"
    assert found["villagers"][0] == "MLICVL"


def test_actors_context_object_place_is_not_the_actors_unless_a_site(nlp) -> None:
    """"condemned attacks in Tehran and Baghdad" says where the attacks were, not the
    speakers; "blocked roads in Karachi" puts the protesters there."""
    found = mentions(nlp, "Student leaders condemned the attacks in Tehran and Baghdad.")
    assert found["Student leaders"][0] in ("EDU", "CVL")
    code, entries = mentions(nlp, "Farmers blocked a highway in Mombasa.")["Farmers"]
    assert code.startswith("KEN") and "country-from:place" in entries


def test_actors_context_two_countries_no_guess(nlp) -> None:
    """With two countries in the sentence and no locative phrase, nothing is guessed."""
    found = mentions(nlp, "Protesters accused Kenya and Uganda of stealing land.")
    assert found["Protesters"][0] == "CVL"


def test_actors_context_document_country(nlp) -> None:
    """A role noun alone in its sentence takes the country most of the document names."""
    doc = nlp("Floods hit Kenya again. Rescuers reached Mombasa and Kisumu. "
              "Dozens of villagers were stranded.")
    m = next(m for m in doc._.actors if doc[m.start:m.end].text == "villagers")
    assert m.code == "KENCVL"
    assert "country-from:document" in m.entries


@pytest.mark.parametrize(("text", "phrase", "code"), [
    ("An anti-Kenya blogger was arrested in Kampala.", "blogger", "UGAMED"),
    ("Pro-Rwanda militias attacked the base.", "militias", "UAF"),
])
def test_actors_context_stance_prefix_is_not_a_country(nlp, text: str, phrase: str,
                                                       code: str) -> None:
    """"anti-X" / "pro-X" say what a group is for or against, not whose it is."""
    found = mentions(nlp, text)
    assert found[phrase][0] == code
    assert "Kenya" not in found and "Rwanda" not in found


def test_actors_context_named_party_is_coded(nlp) -> None:
    """"Party" in a name is a political party (PTY), of its context's country."""
    found = mentions(nlp, "The Green Party condemned the decision of the Danish government.")
    code, entries = found["Green Party"]
    assert code == "DNKPTY"
    assert "agent.party" in entries


def test_actors_context_lower_case_party_is_not_an_actor(nlp) -> None:
    assert mentions(nlp, "The party was held in a garden near Lyon.") == {}


@pytest.mark.slow
def test_actors_context_refugees_keep_the_origin_the_story_gave(coder) -> None:
    text = ("Hundreds of Eritrean refugees reached the border on Monday. "
            "Khartoum usually sends refugees back.")
    res = coder.code_text(text)
    later = [a for a in res.actors if a.text == "refugees" and a.span[0] > 60]
    assert later and later[0].code == "ERIREF"
    assert "country-from:earlier-mention" in (later[0].entry or "")


def test_actors_context_runs_as_its_own_component_before_events(nlp) -> None:  # type: ignore[no-untyped-def]
    names = nlp.pipe_names
    assert names.index("cormorant_places") < names.index("cormorant_actor_countries") \
        < names.index("cormorant_events")
    # Without the component the role noun keeps its bare sector: events no longer place it.
    text = "Inmates rioted at a prison near Mombasa on Tuesday."
    with nlp.select_pipes(disable=["cormorant_actor_countries"]):
        doc = nlp(text)
    assert [m.code for m in doc._.actors if doc[m.start:m.end].text == "Inmates"] == ["CVL"]


@pytest.mark.parametrize(("text", "phrase", "code"), [
    # a military or police site belongs to the forces of where it is
    ("Insurgents attacked a military base in Kano state on Friday.", "military base", "NGAMIL"),
    ("Gunmen opened fire on a police station in Peshawar.", "police station", "PAKCOP"),
])
def test_actors_context_site_placed_by_its_locative(nlp, text: str, phrase: str, code: str) -> None:
    got, entries = mentions(nlp, text)[phrase]
    assert got == code
    assert "country-from:place" in entries

