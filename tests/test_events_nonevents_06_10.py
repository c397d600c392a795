"""Business and market copy codes nothing from the frames of CAMEO roots 06-10.

The sentences are written for this project: each uses trigger words of roots 06-10
(material cooperation, aid, yielding, investigations, demands) in their commercial sense
("provided guidance to investors", "released its results", "lifted its dividend", "cut
rates", "returned cash to shareholders", "pulled out of the market", "probed the revenue
figures"). Those verbs code only with political objects (troops, prisoners, sanctions,
aid, curfews, blockades ...), or are declared non-events in their business sense.
"""

from __future__ import annotations

import pytest

from lexicon_roots import fired as frames_fired
from lexicon_roots import frame_ids

ROOTS = ("06", "07", "08", "09", "10")


def _ids() -> frozenset[str]:
    return frame_ids(ROOTS)


BUSINESS = [
    "The company will provide guidance to investors on its margins next quarter.",
    "Apple gave its shareholders a bigger dividend and supplied chips to Samsung.",
    "Toyota shipped cars to Europe and transferred funds to its American unit.",
    "The bank extended a loan to the retailer and disbursed credit to small firms.",
    "The carmaker released its quarterly results and returned cash to shareholders.",
    "Oil prices eased and the central bank lifted interest rates by a quarter point.",
    "The airline cut fares, lifted its profit forecast and eased its debt load.",
    "The fund financed the acquisition and funded a new data centre in Texas.",
    "Microsoft trained its staff, hosted a developer conference and opened a store in Berlin.",
    "Shares of Boeing rose after the planemaker delivered jets to Ryanair and sold equipment to an airline.",
    "The retailer expanded trade with suppliers, boosted sales and resumed exports of wine.",
    "Samsung shared data with partners and exchanged information with its auditors.",
    "The insurer welcomed new customers, accepted the offer and took in new deposits.",
    "The startup released a new phone, dropped its price and abandoned its plan to list shares.",
    "The regulator granted approval for the merger and relaxed its rules on bank capital.",
    "Netflix lifted its subscriber target and scrapped its plan for a cheaper tier.",
    "The miner suspended production, halted shipments and called off the sale of its coal unit.",
    "Investors backed down from the stock as bond yields rose and markets gave way to losses.",
    "The chief executive stepped down and the board appointed a successor.",
    "The carmaker withdrew its guidance and resumed production at its plant in Ohio.",
    "The company opened an investigation into the data breach and is looking into the outage.",
    "Auditors examined the accounts and probed the firm's revenue figures.",
    "Shareholders demanded a higher dividend and pressed for changes to the board.",
    "The retailer sought more time and required customers to show receipts.",
    "The firm recalled its cars and returned the vehicles to dealers.",
    "The bank lifted its ban on cryptocurrency trading and eased lending standards.",
    "The company restored internet service after the outage and reopened its airport lounge.",
    "Investors are pushing for a sale of the company and insisting on a new chief executive.",
    "The chipmaker released funds for a new factory and freed up capital for buybacks.",
    "Shares retreated from record highs and the dollar surrendered its early gains.",
    "The carmaker pulled out of the Russian market and withdrew its bid for the rival.",
    "Bond yields eased, the central bank cut rates and the airline cut capacity.",
    "The miner shelved its expansion plan, halted output and ended its hedging programme.",
    "The lender handed over the keys to the new owner and dropped its lawsuit against the supplier.",
    "The chipmaker escorted visitors around its plant and inspected the new facility in Taiwan.",
    "The supermarket exchanged unsold food with a charity and shared its findings with investors.",
    "Treasury yields rose as investors gave up hopes of a rate cut.",
    "The retailer lifted its dividend, eased its debt burden and raised its outlook.",
    "The carmaker resumed deliveries to dealers and restored production at its plant.",
    "The shipping line lowered its tariffs on container freight and reduced tariffs on bulk cargo.",
    "Airbus participated in joint ventures with Chinese firms and transferred technology to a partner.",
]


def test_events_nonevents_06_10_roots_have_frames():
    # The guard below is empty if the files moved: then every business test would pass.
    assert len(_ids()) > 500


@pytest.mark.slow
@pytest.mark.parametrize("text", BUSINESS)
def test_events_nonevents_06_10_business_copy_codes_nothing(coder, text):
    ids = _ids()
    fired = frames_fired(coder, text, ids)
    assert not fired, f"roots 06-10 frames fired on business copy {text!r}: {fired}"
