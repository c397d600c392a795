"""The seed article (../shared/seed): the events an analyst codes from it, each once."""

from __future__ import annotations

import pytest

from conftest import shared_path
from cormorant.events.lexicon import Lexicon

pytestmark = [pytest.mark.slow, pytest.mark.shared]


@pytest.fixture(scope="module")
def seed_events(coder):
    path = shared_path("seed", "voa-2002-05-09-north-korean-asylum-seekers.txt")
    return coder.code_text(path.read_text("utf-8"), doc_id="seed").events


def _country(actor):
    return actor.country if actor is not None else None


def _has(events, codes, source=None, target=None):
    return [e for e in events if e.cameo.startswith(codes)
            and (source is None or _country(e.source) == source)
            and (target is None or _country(e.target) == target)]


def test_events_seed_detentions_by_chinese_police(seed_events):
    assert _has(seed_events, ("173",), source="CHN")
    # The three arrested outside the compound: a target and no stated source.
    assert any(e.source is None and _country(e.target) == "PRK"
               for e in _has(seed_events, ("173",)))


def test_events_seed_japan_protests_to_china(seed_events):
    found = _has(seed_events, ("114",), source="JPN", target="CHN")
    assert len(found) >= 1


def test_events_seed_china_us_negotiations(seed_events):
    talks = _has(seed_events, ("046",))
    assert any({_country(e.source), _country(e.target)} == {"CHN", "USA"} for e in talks)


def test_events_seed_asylum_requests(seed_events):
    asks = _has(seed_events, ("023", "103"), source="PRK")
    assert {_country(e.target) for e in asks} >= {"USA", "ESP"}


def test_events_seed_us_calls_on_china_not_to_return_them(seed_events):
    assert _has(seed_events, ("02", "10"), source="USA", target="CHN")


def test_events_seed_each_event_once_with_evidence(seed_events):
    rules = Lexicon.load().by_id
    keys = [(e.sentence_index, e.cameo, e.source and e.source.code, e.target and e.target.code)
            for e in seed_events]
    assert len(keys) == len(set(keys))
    assert len(seed_events) <= 20  # about one per sentence, no flood
    for e in seed_events:
        assert e.rule in rules and e.trigger.text and e.sentence
