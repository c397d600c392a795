"""Business and market copy codes nothing from the frames of CAMEO roots 01-05.

The sentences are written for this project: each uses trigger words of roots 01-05
(statements, appeals, intentions, consultations, diplomatic cooperation) in their
commercial, non-political sense ("issued a statement on its dividend", "sought a loan
from banks", "opened talks with its lenders", "sealed a deal with a rival").
"""

from __future__ import annotations

import pytest

from lexicon_roots import fired as frames_fired
from lexicon_roots import frame_ids

ROOTS = ("01", "02", "03", "04", "05")


def _ids() -> frozenset[str]:
    return frame_ids(ROOTS)


BUSINESS = [
    "Shares of Toyota rose after the carmaker raised its profit forecast and issued a statement on its dividend.",
    "Apple released a statement on Tuesday about its new iPhone and said its pricing would be reviewed.",
    "The bank will review its dividend policy and explore options including a sale of its insurance unit.",
    "The retailer pledged $2 billion in investment and promised a review of its store network.",
    "Samsung signed a supply deal with Apple and sealed an agreement with a chip maker.",
    "The airline opened talks with its lenders and began negotiations with Boeing over new jets.",
    "The company offered a loan to its suppliers and extended its credit line.",
    "The startup struck a deal with a rival and strengthened ties with suppliers in India.",
    "The fund asked for more time and requested information from the auditor.",
    "The firm hosted a conference for investors and held talks with potential buyers.",
    "Microsoft recognised revenue from cloud contracts and accepted an offer from a private equity group.",
    "Toyota plans to expand cooperation with suppliers in China and boost investment in Mexico.",
    "Investors welcomed the results and backed the board's plan to return cash to shareholders.",
    "The company appealed for patience and sought support from its bondholders.",
    "The drugmaker won support for its takeover bid and built support among shareholders.",
    "Nestle reaffirmed its support for the brand and expressed confidence about sales in Europe.",
    "The miner will hold a meeting with shareholders in London and attend the mining conference in Australia.",
    "The bank opened a branch in Singapore last year and a second office in Hong Kong.",
    "Analysts warned of a risk of recession in Europe as the euro fell.",
    "The bank sounded a note of caution on margins and expressed doubts about loan growth.",
    "The chipmaker is weighing a bid for a rival and studying a proposal to list its unit.",
    "The airline marked its 50th anniversary and lit up its new terminal.",
    "The insurer took responsibility for the outage and accepted the blame for delays.",
    "The brewer denied the report that it would close a plant and rejected the claim by a rival.",
    "Toyota will honour its warranty and lower prices on hybrid models.",
    "The board debated the proposal and examined options for the pension fund.",
    "The company issued new shares, released earnings and addressed analysts on a call.",
    "Walmart delivered a strong quarter and sent a message to investors about costs.",
    "Shell sought approval for the project and asked for a waiver on its loan.",
    "Exxon committed $5 billion to new wells and earmarked funds for buybacks.",
    "Unilever agreed a price with the buyer and agreed to the terms of the sale.",
    "The carmaker scheduled a meeting with dealers and arranged a call with bondholders.",
    "Nike put forward a proposal to cut costs and unveiled a plan to sell shoes online.",
    "Amazon continued talks with suppliers and pursued a deal for a grocery chain.",
    "The fund received a call from its largest investor and placed a call option on the stock.",
    "Sony greeted the results with relief and welcomed new customers in Japan.",
    "The telecom group expanded its network, boosted its dividend and enhanced its services in India.",
    "Goldman won backing from shareholders and built support for the new pay plan.",
    "The lender exchanged views with investors and reached out to borrowers in Brazil.",
    "The miner sealed a deal with a rival and inked a supply pact with a steelmaker.",
    "The carmaker had talks with its lenders and had a meeting with dealers in Ohio.",
    "Sony participated in talks with suppliers and participated in the trade fair in Tokyo.",
    "The retailer kicked off talks with its landlords about lower rents.",
    "Exxon sold its stake to Shell, bought a refinery from BP and acquired a pipeline from Total.",
]


def test_events_nonevents_01_05_roots_have_frames():
    # The guard below is empty if the files moved: then every business test would pass.
    assert len(_ids()) > 300


@pytest.mark.slow
@pytest.mark.parametrize("text", BUSINESS)
def test_events_nonevents_01_05_business_copy_codes_nothing(coder, text):
    ids = _ids()
    fired = frames_fired(coder, text, ids)
    assert not fired, f"roots 01-05 frames fired on business copy {text!r}: {fired}"
