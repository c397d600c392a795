"""Political relevance: an event needs a political actor on at least one side."""

from __future__ import annotations

import pytest

from cormorant import Coder, CoderConfig
from cormorant.base.mentions import ActorMention
from cormorant.errors import ConfigError
from cormorant.events.relevance import bundled_rules


def actor(code: str, country: str | None, sector: str | None) -> ActorMention:
    return ActorMention(0, 1, code, country, sector)


@pytest.mark.parametrize(("a", "conflict", "political"), [
    (actor("JPN", "JPN", None), False, True),          # a state
    (actor("JPNGOV", "JPN", "GOV"), False, True),
    (actor("IGOUNO", None, None), False, True),
    (actor("REB", None, "REB"), False, True),
    (actor("JPNBUS", "JPN", "BUS"), False, False),     # companies never on their own
    (actor("JPNBUS", "JPN", "BUS"), True, False),
    (actor("FRALAB", "FRA", "LAB"), False, False),     # labour: only in a dispute
    (actor("FRALAB", "FRA", "LAB"), True, True),
    (actor("SYRCVL", "SYR", "CVL"), True, True),       # civilians as victims
    (actor("SYRCVL", "SYR", "CVL"), False, False),
])
def test_events_relevance_rules(a, conflict, political):
    assert bundled_rules().is_political(a, conflict) is political


def test_events_relevance_statement_needs_a_political_speaker():
    import spacy

    from cormorant.base.mentions import EventMention
    from cormorant.events.relevance import Relevance

    assert "010" in bundled_rules().speaker_codes
    relevance = Relevance(spacy.blank("en"))
    company, regulator = actor("USABUS", "USA", "BUS"), actor("USAGOV", "USA", "GOV")

    def event(code: str, source: ActorMention, target: ActorMention) -> EventMention:
        return EventMention(0, 0, 1, code, "r", source=source, target=target)

    # A company telling a regulator something is no political statement; the reverse is.
    assert not relevance.keep(event("010", company, regulator))
    assert relevance.keep(event("010", regulator, company))
    # Other acts need a political actor on either side, as before.
    assert relevance.keep(event("020", company, regulator))
    # A country that is only a word on the object ("a U.S. dollar option") is no state.
    usa = actor("USA", "USA", None)
    assert relevance.keep(event("030", company, usa))
    on_object = EventMention(0, 0, 1, "030", "r", source=company, target=usa,
                             notes={"target_by": "modifier"})
    assert not relevance.keep(on_object)


def _codes(coder: Coder, text: str) -> set[str]:
    return {e.cameo for e in coder.code_text(text).events}


BUSINESS = [
    "Toyota Motor Corp agreed to buy a rival parts maker for 300 mln dlrs, the company said.",
    "Exxon's board will meet shareholders in May to discuss the dividend.",
    "Japanese carmakers promised dealers more support in the second half.",
    "Shares of the bakery chain fell after analysts criticised its accounts.",
]


@pytest.mark.slow
@pytest.mark.parametrize("text", BUSINESS)
def test_events_relevance_business_codes_nothing(coder, text):
    assert _codes(coder, text) == set()


@pytest.mark.slow
def test_events_relevance_all_keeps_company_events():
    # The same kind of sentence with mode "all": the event comes back, so the filter is what
    # removes it above.
    text = "Japanese carmakers promised American dealers more support in the second half."
    political = Coder(CoderConfig(geoparse=False))
    everything = Coder(CoderConfig(geoparse=False, relevance="all"))
    assert _codes(political, text) == set()
    assert _codes(everything, text)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The Japanese government promised American carmakers more support.",
    "Striking dockers clashed with police outside the port on Monday.",
    "Troops opened fire on villagers near the border, killing three.",
])
def test_events_relevance_political_events_kept(coder, text):
    assert _codes(coder, text)


def test_events_relevance_mode_checked():
    with pytest.raises(ConfigError, match="relevance"):
        Coder(CoderConfig(relevance="some", geoparse=False)).nlp  # noqa: B018
