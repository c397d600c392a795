"""Word senses of ambiguous triggers, from the lexicon's object conditions (sentences
written for these tests)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def roots(coder, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.cameo[:2] for e in coder.code_text(text).events
            if not e.negated and not e.hypothetical}


@pytest.mark.parametrize(("text", "root"), [
    # a verbal attack on a policy is criticism, not an assault
    ("The opposition leader attacked the government's budget plan.", "11"),
    ("The senator attacked the president's decision on Monday.", "11"),
])
def test_events_word_senses_verbal_attack_is_criticism(coder, text, root):
    got = roots(coder, text)
    assert root in got and "19" not in got, got


@pytest.mark.parametrize("text", [
    # a preposition of circumstance never supplies the frame's object: still an assault
    "Rebels attacked the town after the court's decision.",
    "Troops attacked the village under a plan approved by the president.",
])
def test_events_word_senses_circumstance_is_not_the_object(coder, text):
    got = roots(coder, text)
    assert "19" in got and "11" not in got, got


def test_events_word_senses_tackling_a_problem_is_no_event(coder):
    assert not roots(coder, "The finance minister attacked the problem of inflation.")
