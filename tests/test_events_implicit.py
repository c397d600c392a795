"""Implicit agents: agentless state-only acts take the state agent of where they happened."""

from __future__ import annotations

import pytest

from cormorant.events.implicit import bundled_acts


def test_events_implicit_acts_most_specific_first():
    acts = bundled_acts()
    judicial = next(a for a in acts if a.sector == "JUD")
    police = next(a for a in acts if a.id == "arrest-173")
    assert acts.index(judicial) < acts.index(police)
    assert judicial.applies("173", "indict") and not judicial.applies("173", "arrest")
    assert police.applies("173", "arrest") and not police.applies("190", "arrest")


@pytest.mark.slow
@pytest.mark.parametrize(("text", "source"), [
    ("NAIROBI, May 3 - Three activists were arrested on Friday, their lawyer said.", "KENCOP"),
    ("The arrest of three students in Nairobi drew protests.", "KENCOP"),
    ("Two opposition leaders were indicted in Kampala on Tuesday.", "UGAJUD"),
])
def test_events_implicit_source_inferred(coder, text, source):
    events = [e for e in coder.code_text(text).events if e.cameo.startswith("17")]
    assert events, text
    ev = events[0]
    assert ev.source is not None and ev.source.code == source
    assert ev.extras.get("source_inferred") == "true"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Three people were killed in Lagos on Sunday.",        # not a state-only act
    "Kenyan police arrested three activists in Nairobi.",  # the agent is stated
])
def test_events_implicit_source_not_inferred(coder, text):
    events = coder.code_text(text).events
    assert events
    assert not [e for e in events if e.extras.get("source_inferred")]
