"""Business, market and policy copy codes nothing from the frames of CAMEO roots 16-20.

The sentences are written for this project: each uses trigger words of roots 16-20
(reduce relations, coerce, assault, fight, mass violence) in their commercial, sporting,
legislative or figurative sense ("fight for market share", "fight inflation", "hit a record",
"kill a bill", "shoot a film", "price war", "seize the opportunity", "beat estimates").
"""

from __future__ import annotations

import pytest

from lexicon_roots import fired as frames_fired
from lexicon_roots import frame_ids

ROOTS = ("16", "17", "18", "19", "20")


def _ids() -> frozenset[str]:
    return frame_ids(ROOTS)


BUSINESS = [
    "Apple beat analysts' estimates as iPhone sales hit a record high in China.",
    "Toyota shares shot up after the carmaker beat forecasts and raised its dividend.",
    "The airline cut jobs and suspended its dividend as fuel costs hit profits.",
    "Samsung is fighting for market share in India against cheaper Chinese rivals.",
    "The government's plan to fight inflation hit a snag when oil prices jumped.",
    "The central bank targeted inflation of two percent and cut interest rates.",
    "Netflix shot a new series in Spain and targeted younger viewers.",
    "The film bombed at the box office despite a big marketing campaign.",
    "A trade war between the United States and China hurt exporters and investors.",
    "Investors seized the opportunity to buy shares after the stock market crash.",
    "Credit markets seized up and banks raided their reserves to meet demand.",
    "The company withdrew its bid for the rival and walked away from the deal.",
    "Oil prices hit a three-year high as OPEC restricted output.",
    "The brand was besieged by complaints and bombarded with questions on social media.",
    "The brewer arrested the slide in its sales with a new lager.",
    "The European government suppressed inflation with an energy price cap.",
    "The Senate killed the bill on Tuesday.",
    "The ministry banned plastic bags in supermarkets.",
    "Amazon targeted shoppers in India with discounts.",
    "Analysts said the scandal damaged the reputation of the bank and hurt its brand.",
    "The government is fighting corruption and fighting the spread of the virus.",
    "The chancellor struck a conciliatory tone on the budget.",
    "The government shot down the proposal from the opposition.",
    "The regulator sanctioned the merger between the two telecom companies.",
    "The senator withdrew from the race for governor after the vote.",
    "The Chinese government slaughtered pigs to stop African swine fever.",
    "The company's legal battle with regulators in Brussels entered a third year.",
    "The Japanese government shelled out billions for the Olympics.",
    "The Chinese government cracked down on tax evasion by online retailers.",
    "The president suffered a heart attack during a visit to Paris.",
    "The Rolling Stones cancelled their tour of Japan. The airline postponed talks with its pilots.",
    "Rival brewers intensified their attack on Heineken and escalated the price war.",
]


def test_events_nonevents_16_20_roots_have_frames():
    # The guard below is empty if the files moved: then every business test would pass.
    assert len(_ids()) > 500


@pytest.mark.slow
@pytest.mark.parametrize("text", BUSINESS)
def test_events_nonevents_16_20_business_copy_codes_nothing(coder, text):
    ids = _ids()
    fired = frames_fired(coder, text, ids)
    assert not fired, f"roots 16-20 frames fired on business copy {text!r}: {fired}"
