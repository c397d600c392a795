"""Case restoration for all-lowercase and ALL-CAPS texts (hand-written sentences)."""

from __future__ import annotations

import pytest

from cormorant import Coder, CoderConfig
from cormorant.errors import ConfigError
from cormorant.ingest.truecase import TrueCaser, text_case

NAMES = ["Kenya", "Kenyan", "Nairobi", "United Nations", "UN", "NATO", "North Korea", "Turkey",
         "US", "CAR", "Barack Obama"]


@pytest.fixture(scope="module")
def tc() -> TrueCaser:
    return TrueCaser.from_names(NAMES)


@pytest.mark.parametrize(("text", "style"), [
    ("kenyan police arrested two men in nairobi on monday.", "lower"),
    ("KENYAN POLICE ARRESTED TWO MEN IN NAIROBI ON MONDAY.", "upper"),
    ("Kenyan police arrested two men in Nairobi on Monday.", "mixed"),
    ("ok.", "mixed"),  # too few letters to tell
])
def test_ingest_truecase_detects_style(text, style):
    assert text_case(text) == style


@pytest.mark.parametrize(("text", "expected"), [
    ("kenyan police arrested two men in nairobi on monday. the un said so.",
     "Kenyan police arrested two men in Nairobi on Monday. The UN said so."),
    ("NATO AND THE UNITED NATIONS CONDEMNED THE RAID ON TUESDAY.",
     "NATO and the United Nations condemned the raid on Tuesday."),
    ("officials said turkey's army shelled positions near the border and i saw it.",
     "Officials said Turkey's army shelled positions near the border and I saw it."),
    ("north korea rejected the us-led talks, the us envoy said, and barack obama spoke.",
     "North Korea rejected the US-led talks, the US envoy said, and Barack Obama spoke."),
])
def test_ingest_truecase_restores_names_and_starts(tc, text, expected):
    out = tc.restore(text)
    assert out == expected
    assert len(out) == len(text)  # offsets hold


@pytest.mark.parametrize("text", [
    "they told us the car was parked outside the station for most of the morning.",
    "THEY TOLD US THE CAR WAS PARKED OUTSIDE THE STATION FOR MOST OF THE MORNING.",
])
def test_ingest_truecase_leaves_ambiguous_words(tc, text):
    out = tc.restore(text)
    assert " us " in out and " car " in out


def test_ingest_truecase_mixed_text_untouched(tc):
    text = "The us-led talks: Kenyan police in nairobi."
    assert tc.restore(text) == text


def test_ingest_truecase_config_checked():
    with pytest.raises(ConfigError, match="truecase"):
        Coder(CoderConfig(truecase="sometimes"))


@pytest.mark.slow
@pytest.mark.parametrize("transform", [str.lower, str.upper])
def test_ingest_truecase_coding_keeps_events(coder, transform):
    text = ("Kenyan police arrested two opposition leaders in Nairobi on Monday. "
            "The United Nations condemned the arrests.")
    want = {(e.cameo, e.source and e.source.code, e.target and e.target.code)
            for e in coder.code_text(text).events}
    got = {(e.cameo, e.source and e.source.code, e.target and e.target.code)
           for e in coder.code_text(transform(text)).events}
    assert want and want <= got


@pytest.mark.slow
def test_ingest_truecase_off_codes_raw_text():
    coder = Coder(CoderConfig(truecase="off", geoparse=False))
    assert coder._recase("kenyan police arrested two men in nairobi.") == \
        "kenyan police arrested two men in nairobi."
