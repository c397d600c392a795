"""Business and market copy that uses the trigger words of CAMEO roots 11-15 in their
non-event senses codes no event from those roots' lexicon files.

The sentences were written for this project; each one uses an ambiguous word ("rally",
"demonstrate", "deploy", "threaten", "warn", "strike", "reject", "block", "defy", "stage",
"occupy", "dismiss", "tighten", "reinforce", "mobilize") the way business news does.
"""

from __future__ import annotations

import pytest

from lexicon_roots import fired as frames_fired
from lexicon_roots import frame_ids

ROOTS = ("11", "12", "13", "14", "15")


def _ids() -> frozenset[str]:
    return frame_ids(ROOTS)


SENTENCES = [
    "Shares of Barclays rallied from early losses after the results.",
    "Oil prices rallied to a record high on Tuesday.",
    "The company demonstrated its new electric truck in Detroit.",
    "The bank deployed fresh capital into emerging markets.",
    "Rescue workers were deployed to the flooded villages.",
    "The fund mobilized private capital for wind farms.",
    "The results reinforced expectations of an interest rate cut.",
    "The central bank tightened monetary policy again.",
    "Samsung warned investors of lower profits in the second quarter.",
    "Heavy rains threaten the cotton harvest in Gujarat.",
    "BP issued a profit warning on Tuesday.",
    "The chief executive struck an upbeat tone on earnings.",
    "Unilever rejected a takeover bid from Kraft Heinz.",
    "The regulator blocked the merger of the two telecom groups.",
    "The stock defied expectations and closed higher.",
    "Tesla staged a remarkable recovery in the third quarter.",
    "The retailer slammed the door on further price cuts.",
    "Toyota occupies the top spot in the American market.",
    "The company dismissed its chief financial officer.",
    "The striker struck twice in the second half.",
    "Toyota attended the Dakar rally with three trucks, and its staff participated in a charity march.",
]


def test_events_nonevents_11_15_frames_exist():
    # The guard below is only meaningful if the files were found.
    assert len(_ids()) > 300


@pytest.mark.slow
@pytest.mark.parametrize("text", SENTENCES)
def test_events_nonevents_11_15_business_copy_codes_nothing(coder, text):
    ids = _ids()
    fired = frames_fired(coder, text, ids)
    assert not fired, f"{text!r} coded {fired}"
