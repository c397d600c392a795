"""Merging re-mentions of one event within a document (hand-built mentions)."""

from __future__ import annotations

import datetime as dt

import pytest

from cormorant.base.mentions import ActorMention, EventMention
from cormorant.events.merge import compatible_actor, merge_mentions

DAY = dt.date(2002, 5, 9)


def actor(code: str, country: str | None, sector: str | None, start: int = 0) -> ActorMention:
    return ActorMention(start, start + 1, code, country, sector)


def event(sent: int, trig: int, cameo: str, source: ActorMention | None, target: ActorMention | None,
          **kw: object) -> EventMention:
    ev = EventMention(sent, trig, trig + 1, cameo, f"rule-{cameo}-{sent}", source, target,
                      date=DAY, date_precision="day")
    for k, v in kw.items():
        setattr(ev, k, v)
    return ev


def test_events_merge_refined_source_is_one_event() -> None:
    people = actor("CVL", None, "CVL")
    events = [
        event(0, 5, "173", actor("CHN", "CHN", None), people),
        event(2, 30, "173", actor("CHNCOP", "CHN", "COP"), people),
        event(4, 60, "173", actor("CHNCOP", "CHN", "COP"), people),
    ]
    merged = merge_mentions(events)
    assert len(merged) == 1
    kept = merged[0]
    assert kept.source is not None and kept.source.code == "CHNCOP" and kept.sentence_index == 2
    assert "sentence 0" in kept.notes["also_reported"] and "sentence 4" in kept.notes["also_reported"]


def test_events_merge_keeps_distinct_events_apart() -> None:
    chn, jpn = actor("CHN", "CHN", None), actor("JPN", "JPN", None)
    events = [
        event(0, 1, "173", chn, actor("PRKREF", "PRK", "REF")),
        event(1, 9, "173", chn, actor("JPNGOV", "JPN", "GOV")),  # another target
        event(2, 20, "114", jpn, chn),  # another code
        event(3, 30, "173", chn, actor("PRKREF", "PRK", "REF"), negated=True),  # other polarity
        event(4, 40, "173", chn, actor("PRKREF", "PRK", "REF"), date=dt.date(2002, 3, 1)),  # other day
    ]
    assert len(merge_mentions(events)) == 5


def test_events_merge_bare_sector_does_not_absorb_countries() -> None:
    assert not compatible_actor(actor("CVL", None, "CVL"), actor("CVLX", "CVL", None))
    assert not compatible_actor(actor("GOV", None, "GOV"), actor("GOVXYZ", "GOV", None))
    assert compatible_actor(actor("USA", "USA", None), actor("USAGOV", "USA", "GOV"))
    assert compatible_actor(None, None)
    assert not compatible_actor(None, actor("USA", "USA", None))


def test_events_merge_undated_re_mention_joins_the_dated_one() -> None:
    police, opp = actor("KENCOP", "KEN", "COP"), actor("KENOPP", "KEN", "OPP")
    first = event(0, 3, "173", police, opp, date=dt.date(2002, 5, 6))
    first.notes["date_rule"] = "attached"
    later = event(1, 12, "173", police, opp)
    later.notes["date_rule"] = "document"
    merged = merge_mentions([first, later])
    assert len(merged) == 1 and merged[0] is first and merged[0].date == dt.date(2002, 5, 6)


def test_events_merge_order_follows_the_text() -> None:
    usa, chn = actor("USA", "USA", None), actor("CHN", "CHN", None)
    events = [event(3, 30, "046", chn, usa), event(1, 10, "173", chn, None), event(0, 2, "046", chn, usa)]
    merged = merge_mentions(events)
    assert [(e.sentence_index, e.cameo) for e in merged] == [(0, "046"), (1, "173")]


STORY = (
    "Kenyan police detained three opposition activists in Nairobi on Monday. "
    "Kenya's police chief defended the detention of the opposition activists."
)


@pytest.mark.slow
def test_events_merge_in_the_pipeline_and_switched_off(coder) -> None:
    from cormorant import Coder, CoderConfig

    merged = [e for e in coder.code_text(STORY, date=DAY).events if e.cameo == "173"]
    assert len(merged) == 1
    assert "also_reported" in merged[0].extras
    every = Coder(CoderConfig(merge_mentions=False)).code_text(STORY, date=DAY).events
    assert len([e for e in every if e.cameo == "173"]) >= 2
