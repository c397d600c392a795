"""Nominal events: source and target from possessives, modifiers and of/by phrases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cormorant import Coder, CoderConfig
from cormorant.errors import DictionaryEntryError
from cormorant.events.lexicon import parse_entry


def test_events_nominal_possessor_key_validated():
    e = parse_entry({"id": "d.n", "lemma": "detention", "pos": "noun", "cameo": "173",
                     "possessor": "target"}, "test")
    assert e.possessor == "target" and e.to_dict()["possessor"] == "target"
    with pytest.raises(DictionaryEntryError, match="possessor"):
        parse_entry({"id": "d.n", "lemma": "detention", "pos": "noun", "cameo": "173",
                     "possessor": "agent"}, "test")


def _roles(coder: Coder, text: str, root: str) -> set[tuple[str | None, str | None]]:
    return {(e.source and e.source.code, e.target and e.target.code)
            for e in coder.code_text(text).events if e.cameo.startswith(root)}


@pytest.mark.slow
def test_events_nominal_by_phrase_on_the_of_object(coder):
    text = "The arrest of the opposition leader by Zimbabwean police sparked protests."
    assert ("ZWECOP", "ZWEOPP") in _roles(coder, text, "17")


@pytest.fixture(scope="module")
def patient_nouns(tmp_path_factory) -> Coder:
    f = Path(tmp_path_factory.mktemp("lex")) / "nouns.yaml"
    f.write_text(yaml.safe_dump({"entries": [
        {"id": "detention.n", "lemma": "detention", "pos": "noun", "cameo": "173",
         "target_preps": ["of"], "possessor": "target"},
    ]}), "utf-8")
    return Coder(CoderConfig(lexicon_files=(f,), geoparse=False))


@pytest.mark.slow
def test_events_nominal_possessor_is_the_patient(patient_nouns):
    text = "The Egyptian activist's detention by police in Cairo drew criticism."
    roles = _roles(patient_nouns, text, "17")
    assert roles and all(t == "EGYCVL" for _, t in roles)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "source", "target"), [
    ("12 activists arrested in Lagos", "NGACOP", "NGACVL"),
    ("Opposition leader detained in Harare", "ZWECOP", "ZWEOPP"),
])
def test_events_nominal_headline_reduced_passive(coder, text, source, target):
    # Headlines drop the passive auxiliary; the one arrested is the target and the state
    # agent of the place is the (inferred) source.
    assert (source, target) in _roles(coder, text, "17")


@pytest.mark.slow
def test_events_nominal_full_sentence_active_unchanged(coder):
    text = "Zimbabwean police detained the opposition leader in Harare."
    assert ("ZWECOP", "ZWEOPP") in _roles(coder, text, "17")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "place"), [
    ("Protesters marched in Madrid on Sunday.", "Madrid"),
    ("Thousands of students rallied in Nairobi against the fee rise.", "Nairobi"),
])
def test_events_locative_capital_is_a_place_not_a_target(coder, text, place):
    events = [e for e in coder.code_text(text).events if e.cameo.startswith("14")]
    assert events
    for e in events:
        assert e.target is None or e.target.text != place
        assert e.location is not None and e.location.name == place


@pytest.mark.slow
@pytest.mark.parametrize(("text", "root", "source", "target"), [
    # The object a frame names is also an act of its own actor, made to the one answering.
    ("The Kenyan government rejected accusations by Uganda of arming the rebels.", "11",
     "UGA", "KENGOV"),
    ("The Taliban rejected an offer from the Afghan government to extend the ceasefire.", "03",
     "AFGGOV", "AFGREB"),
])
def test_events_nominal_answered_object_is_its_own_act(coder, text, root, source, target):
    assert (source, target) in _roles(coder, text, root)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    # No actor of its own: one event, not two.
    "The Kenyan government imposed a curfew on Mombasa.",
    # Its own actor is the one who answers: nothing new.
    "Russia lifted its ban on Polish meat.",
    # A material act on the noun does not answer it: the ceasefire is only what was broken.
    "Government troops violated South Sudan's ceasefire near Malakal.",
])
def test_events_nominal_answered_object_needs_its_own_actor(coder, text):
    assert len({e.trigger.text for e in coder.code_text(text).events}) == 1


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Estonia strengthened its border guard because of possible Russian military action.",
    "Officials in Kabul warned of a potential attack on the capital by the Taliban.",
])
def test_events_nominal_prospect_adjective_is_not_the_act(coder, text):
    violent = [e for e in coder.code_text(text).events if e.cameo[:2] in ("18", "19", "20")]
    assert violent and all(e.hypothetical for e in violent), violent
