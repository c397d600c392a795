"""Verb transformations applied by the event coder (``cormorant.events.transform``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cormorant.base.mentions import ActorMention, EventMention
from cormorant.coding import Coder
from cormorant.config import CoderConfig
from cormorant.events.transform import Transform, code_under, fire, same_actor
from cormorant.ontology import default_ontology
from petrarch_snippets import write_set
from transform_snippets import VERBS, line_of


@pytest.mark.parametrize(("code", "named", "under"), [
    ("190", "190", True), ("193", "190", True), ("1951", "190", True),
    ("186", "186", True), ("1861", "186", True), ("185", "186", False),
    ("0311", "030", True), ("042", "043", False), ("20", "190", False),
])
def test_events_transform_code_under_the_cameo_hierarchy(code: str, named: str,
                                                           under: bool) -> None:
    assert code_under(code, named) is under


def _actor(code: str, start: int) -> ActorMention:
    return ActorMention(start, start + 1, code, code[:3], code[3:] or None)


_SAY_015 = Transform("T:1", frozenset({"say"}), "a", "a", "b", ("190",), None, "a", "b", "015")
_SAY_112 = Transform("T:2", frozenset({"say"}), "a", "b", ".", ("190",), None, "a", "b", "112")
_REBELS, _THEY, _ARMY, _TOWN = (_actor("VELREB", 0), _actor("VELREB", 3),
                                _actor("VELMIL", 6), _actor("QNT", 9))


def _event(code: str, source: ActorMention | None, target: ActorMention | None) -> EventMention:
    return EventMention(0, 4, 5, code, "attack.v", source, target)


@pytest.mark.parametrize(("rule", "outer", "event", "result"), [
    # "a" twice: the same actor code (another mention of it will do)
    (_SAY_015, _REBELS, _event("193", _THEY, _TOWN), ("VELREB", "QNT", "015")),
    (_SAY_015, _ARMY, _event("190", _REBELS, _TOWN), None),  # inner source is not "a"
    (_SAY_015, None, _event("190", _REBELS, _TOWN), None),  # no outer source to bind
    (_SAY_015, _REBELS, _event("190", _REBELS, None), None),  # "b" needs a target
    (_SAY_015, _REBELS, _event("051", _REBELS, _TOWN), None),  # not an attack
    (_SAY_112, _ARMY, _event("190", _REBELS, None), ("VELMIL", "VELREB", "112")),
    (_SAY_112, _ARMY, _event("190", _REBELS, _TOWN), None),  # "." : no target allowed
    (_SAY_112, _REBELS, _event("190", _THEY, None), None),  # "b" is another actor than "a"
])
def test_events_transform_bindings(rule: Transform, outer: ActorMention | None,
                                   event: EventMention,
                                   result: tuple[str, str, str] | None) -> None:
    got = fire(rule, outer, event.source, event.target, event.cameo, same_actor)
    if result is None:
        assert got is None
    else:
        assert got is not None
        src, tgt, code = got
        assert (src[0].code if src else None, tgt[0].code if tgt else None, code) == result


def test_events_transform_rules_survive_to_disk(tmp_path: Path) -> None:
    import spacy

    from cormorant.events.component import EventCoder

    coder = EventCoder(spacy.blank("en"))
    coder.transforms = (_SAY_015, _SAY_112)
    coder.to_disk(tmp_path)
    assert EventCoder(spacy.blank("en")).from_disk(tmp_path).transforms == (_SAY_015, _SAY_112)


# -- in the real pipeline, with a PETRARCH verb dictionary that has transformations --------

@pytest.fixture(scope="module")
def transform_coder(tmp_path_factory: pytest.TempPathFactory) -> Coder:
    folder = write_set(tmp_path_factory.mktemp("petrarch"), verbs=VERBS)
    coder = Coder(CoderConfig(dictionaries=(f"petrarch:{folder}",), relevance="all"))
    coder.nlp  # noqa: B018 - build once
    return coder


def _events(coder: Coder, text: str) -> list[tuple[str, str | None, str | None, str]]:
    doc = coder.code_text(text)
    return [(e.cameo, e.source.code if e.source else None, e.target.code if e.target else None,
             e.rule) for e in doc.events]


def _id(fragment: str) -> str:
    return f"TEST.verbs.txt:{line_of(fragment)}"


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), [
    ("The rebels said they attacked the army base.", ("015", "REB", "MIL", "(a b ATTACK) SAY")),
    ("The government said the rebels attacked the village.",
     ("112", "GOV", "REB", "(b . ATTACK) SAY")),
    # WANT codes 030 by itself here: the pair becomes the one 138 event.
    ("The Velorian militia wants to attack Quintar.", ("138", "VELUAF", "QNT", "ATTACK) WANT")),
    ("The gunmen attempted to assassinate the mayor.", ("185", "UAF", "GOV", "ATTEMPT =")),
    ("The gunmen tried to assassinate the mayor.", ("185", "UAF", "GOV", "ATTEMPT =")),
])
def test_events_transform_nested_event_is_recoded(transform_coder: Coder, text: str,
                                                  expected: tuple[str, str, str, str]) -> None:
    code, src, tgt, fragment = expected
    assert _events(transform_coder, text) == [(code, src, tgt, _id(fragment))]


@pytest.mark.slow
def test_events_transform_event_keeps_its_evidence_and_code_tables(transform_coder: Coder) -> None:
    doc = transform_coder.code_text("The rebels said they attacked the army base.")
    (ev,) = doc.events
    assert ev.rule == _id("(a b ATTACK) SAY")
    assert ev.extras["inner_cameo"] == "190" and ev.extras["inner_rule"]
    assert ev.extras["outer_verb"] == "said"
    info = default_ontology().cameo("015")
    assert (ev.goldstein, ev.quad_class, ev.plover) == (info.goldstein, info.quad_class,
                                                        info.plover)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The army said the rebels attacked Quintar.",  # "a" must be the inner source too
    "The rebels said they did not attack Quintar.",  # negated: no claim of an attack
    "The rebels attacked Quintar.",  # no outer verb
    "The rebels shouted that they attacked Quintar.",  # SHOUT resolved to nothing
])
def test_events_transform_leaves_events_the_rules_do_not_cover(transform_coder: Coder,
                                                               text: str) -> None:
    transformations = {f"TEST.verbs.txt:{n}" for n, line in enumerate(VERBS.splitlines(), 1)
                       if line.startswith("~")}
    got = _events(transform_coder, text)
    assert got and all(code.startswith("19") and rule not in transformations
                       for code, _, _, rule in got), got


@pytest.mark.slow
def test_events_transform_bundled_dictionaries_have_none(coder: Coder) -> None:
    doc = coder.code_text("The rebels said they attacked the army base.")
    assert [e.cameo for e in doc.events] == ["190"]
