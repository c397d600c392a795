"""PETRARCH2 verb transformations: names resolved in the loaded verb dictionary."""

from __future__ import annotations

from pathlib import Path

import pytest

from cormorant.dictionaries import load_set
from cormorant.dictionaries.mapping import map_set
from cormorant.events.transform import Transform
from petrarch_snippets import write_set
from transform_snippets import VERBS, line_of


@pytest.fixture()
def mapped(tmp_path: Path):
    pset = load_set([f"petrarch:{write_set(tmp_path, verbs=VERBS)}"])
    return pset, map_set(pset)


def _rule(mapped, fragment: str) -> Transform:
    rid = f"TEST.verbs.txt:{line_of(fragment)}"
    return next(t for t in mapped[1].transforms if t.id == rid)


def test_dictionaries_transforms_member_verb_takes_its_block_code(mapped) -> None:
    rule = _rule(mapped, "~ a (a b ATTACK) SAY = a b 015")
    assert rule.outer_lemmas == {"say"}  # a verb of the ASSERT block: that verb only
    assert rule.inner_codes == ("190",)  # ATTACK is a verb of the FIGHT [190] block
    assert (rule.outer_source, rule.inner_source, rule.inner_target) == ("a", "a", "b")
    assert (rule.result_source, rule.result_target, rule.result_code) == ("a", "b", "015")


def test_dictionaries_transforms_block_name_stands_for_its_verbs(mapped) -> None:
    rule = _rule(mapped, "ASSASSINATE) ATTEMPT")
    assert rule.outer_lemmas == {"attempt", "try"}
    assert rule.inner_codes == ("186",)
    assert rule.inner_source == "_"


def test_dictionaries_transforms_synset_name_stands_for_its_words(mapped) -> None:
    assert _rule(mapped, "ATTACK) BOAST").outer_lemmas == {"boast", "brag"}


def test_dictionaries_transforms_code_variable_is_copied(mapped) -> None:
    rule = _rule(mapped, "(a b Q) SAY")
    assert rule.inner_codes == () and rule.code_var == "Q" and rule.result_code == "Q"


def test_dictionaries_transforms_unusable_lines_are_problems_not_crashes(mapped) -> None:
    pset, m = mapped
    read = {p.line: p.message for p in pset.problems if p.file == "TEST.verbs.txt"}
    compiled = {p.line: p.message for p in m.problems if p.file == "TEST.verbs.txt"}
    assert "bad transformation" in read[line_of("~ a (a b ATTACK SAY")]
    assert "BOMBARD is in no verb block" in compiled[line_of("BOMBARD")]
    assert "'c' is bound by nothing" in compiled[line_of("= a c 015")]
    assert "ATTEMPT has no event code" in compiled[line_of("(a b ATTEMPT) SAY")]
    assert "SHOUT is in no verb block or synonym set" in compiled[line_of("SHOUT")]
    # The six usable lines are kept, in file order.
    assert len(m.transforms) == 6 == len(pset.verbs.transformations) - 4


def test_dictionaries_transforms_round_trip_as_data(mapped) -> None:
    for rule in mapped[1].transforms:
        assert Transform.from_data(rule.to_data()) == rule
