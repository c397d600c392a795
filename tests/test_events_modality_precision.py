"""Speculation, conditions, denials and negated subjects never code the act itself.

Sentences written for these tests. An event that survives is flagged (``hypothetical`` or
``negated``) and so is never counted as something that happened.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cormorant import Coder, CoderConfig

# (sentence, CAMEO root of the act that must not be reported as having happened)
NOT_HAPPENED = [
    ("If China imposes sanctions on Japan, Tokyo will respond in kind.", "16"),
    ("Rebels could attack the capital next week, analysts said.", "19"),
    ("Police may arrest the opposition leader when he returns.", "17"),
    ("Nobody was arrested after the protest in Lagos.", "17"),
    ("None of the rebels surrendered to the army on Sunday.", "08"),
    ("No member state has requested aid from the European Union.", "02"),
    ("Unless Iran halts enrichment, the United States might expel its diplomats.", "16"),
]


def _acts(coder: Coder, text: str) -> list[tuple[str, bool, bool]]:
    return [(e.cameo, e.negated, e.hypothetical) for e in coder.code_text(text).events]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "root"), NOT_HAPPENED)
def test_events_modality_act_not_reported_as_fact(coder, text, root):
    acts = _acts(coder, text)
    assert not [a for a in acts if a[0].startswith(root) and not a[1] and not a[2]], acts


@pytest.mark.slow
@pytest.mark.parametrize(("text", "root"), [
    ("Chinese police arrested the opposition leader in Shanghai.", "17"),
    ("Rebels attacked the capital on Sunday, officials said.", "19"),
])
def test_events_modality_plain_acts_still_coded(coder, text, root):
    # The contrast to the cases above: the same acts, stated as facts, are coded.
    assert [a for a in _acts(coder, text) if a[0].startswith(root) and not a[1] and not a[2]]


@pytest.mark.slow
def test_events_modality_conditional_statement_is_intent(coder):
    # "may halt ... if ...": the speaker states a conditional intent (a threat, 13x), not a
    # mere possibility.
    text = "The European Union may halt aid to Serbia if the fighting goes on, its envoy said."
    assert any(c.startswith("13") for c, _, _ in _acts(coder, text))


@pytest.fixture(scope="module")
def governed(tmp_path_factory) -> Coder:
    f = Path(tmp_path_factory.mktemp("lex")) / "governors.yaml"
    f.write_text(yaml.safe_dump({"entries": [
        {"id": "deny.v", "lemma": "deny", "cameo": "016", "governs": "deny"},
        {"id": "expect-test.v", "lemma": "expect", "cameo": "010", "governs": "speculate",
         "secondary": True},
    ]}), "utf-8")
    return Coder(CoderConfig(geoparse=False, lexicon_files=(f,)))


@pytest.mark.slow
def test_events_modality_denied_act_is_negated(governed):
    events = governed.code_text("Israeli officials denied that troops had attacked the village.").events
    attacks = [e for e in events if e.cameo.startswith("19")]
    assert attacks and all(e.negated for e in attacks)


@pytest.mark.slow
def test_events_modality_expected_act_is_hypothetical(governed):
    events = governed.code_text("Analysts expect Japan to impose sanctions on Russia.").events
    sanctions = [e for e in events if e.cameo.startswith("16")]
    assert sanctions and all(e.hypothetical for e in sanctions)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "coded"), [
    ("Analysts said Japan should open its markets.", False),   # a view, not an appeal
    ("He said the government should resign.", False),          # nobody known is asking
    ("The United States said China must release the activists.", True),
    ("The Japanese prime minister said China should release the fishermen.", True),
])
def test_events_modality_reported_should_is_an_appeal_only_from_an_actor(coder, text, coded):
    asks = [e for e in coder.code_text(text).events if e.cameo[:2] in ("02", "10")]
    assert bool(asks) is coded


@pytest.mark.slow
def test_events_attack_toll_is_one_event(coder):
    text = "Taliban fighters stormed a police post in Kunduz, killing five officers."
    violent = [e for e in coder.code_text(text).events if e.cameo[:2] in ("18", "19", "20")]
    assert len({e.trigger.text for e in violent}) == 1 and violent[0].trigger.text == "stormed"


# (sentence, the trigger of the one violent event, its target's country or None)
TOLLS = [
    ("A car bomb attack by the rebels killed twelve Afghan soldiers in Kandahar.", "attack", "AFG"),
    ("Police blamed a grenade attack that wounded four Kenyan officers on the militants.",
     "attack", None),
    ("At least two guards were killed when rebels attacked the Iraqi embassy in Kabul.",
     "attacked", "IRQ"),
    ("Rebels attacked the town of Kidal, with three soldiers reported killed.", "attacked", None),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "trigger", "country"), TOLLS)
def test_events_attack_casualties_are_its_toll(coder, text, trigger, country):
    violent = [e for e in coder.code_text(text).events if e.cameo[:2] in ("18", "19", "20")]
    assert {e.trigger.text for e in violent} <= {trigger}, violent
    if country is not None:
        assert violent and violent[0].target is not None and violent[0].target.country == country


@pytest.mark.slow
def test_events_casualties_without_a_coded_attack_stay_an_event(coder):
    # Nothing else in the sentence codes the killing: it stays the (agentless) event.
    events = coder.code_text("Three Malian soldiers were killed near Gao on Monday.").events
    assert [e.cameo[:2] for e in events] == ["19"] and events[0].source is None


# An attack noun that names no actor of its own is coded with its toll's victims.
@pytest.mark.slow
@pytest.mark.parametrize(("text", "code", "frame", "country"), [
    ("An air strike killed nine Yemeni civilians near Saada.", "195", "air-strike.n", "YEM"),
    ("The rebels claimed responsibility for the bombing that killed six Somali soldiers.", "183",
     "bombing.n", "SOM"),
])
def test_events_toll_of_uncoded_attack_noun_takes_its_code(coder, text, code, frame, country):
    violent = [e for e in coder.code_text(text).events if e.cameo[:2] in ("18", "19", "20")]
    assert [(e.cameo, e.trigger.text, e.rule) for e in violent] == [(code, "killed", "kill.v")]
    assert violent[0].target is not None and violent[0].target.country == country
    assert violent[0].extras["toll_of"] == frame


# Deaths from a disaster, disease or accident are no act.
@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Floods killed 140 people in Malawi last week.",
    "Twelve villagers were killed in a landslide in Nepal.",
    "A bus crash that injured 30 pilgrims closed the highway near Multan.",
    "Cholera has killed 80 people in Zambia since January.",
])
def test_events_natural_cause_codes_no_attack(coder, text):
    assert not [e for e in coder.code_text(text).events if e.cameo[:2] in ("18", "19", "20")]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Police killed two protesters in Lusaka.",
    "Gunfire killed two protesters in Lusaka.",
])
def test_events_killing_by_an_agent_still_coded(coder, text):
    assert [e.cameo for e in coder.code_text(text).events] == ["190"]


# (sentence, root of the charge or arrest coded as fact, root of the alleged act)
ALLEGED = [
    ("Police arrested three men for attacking a police station in Kano.", "17", "19"),
    ("The court jailed the editor for threatening the president.", "17", "13"),
    ("A man suspected of bombing the embassy was detained in Nairobi.", "17", "19"),
    ("Prosecutors charged the former governor with kidnapping a rival.", "17", "18"),
    ("Israel blamed Hezbollah for firing rockets at Haifa.", "11", "19"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kept", "alleged"), ALLEGED)
def test_events_modality_alleged_act_not_reported_as_fact(coder, text, kept, alleged):
    acts = _acts(coder, text)
    # The accusation or arrest is an event; what it is for is only alleged.
    assert [a for a in acts if a[0].startswith(kept) and not a[1] and not a[2]], acts
    assert not [a for a in acts if a[0].startswith(alleged) and not a[1] and not a[2]], acts
    assert [a for a in acts if a[0].startswith(alleged) and a[2]], acts


@pytest.mark.slow
def test_events_modality_alleged_needs_an_accusing_head(coder):
    # "for" after a word that accuses no one leaves the act a fact.
    text = "Rebels attacked the convoy for the second time this week."
    assert [a for a in _acts(coder, text) if a[0].startswith("19") and not a[2]]


# The bundled lexicon's governing words (events/data/lexicon/00-modality.yaml and the 016
# denials): (sentence, root of the act, flag it must carry).
GOVERNED_BY_BUNDLED = [
    ("The Indian prime minister is expected to visit Beijing next month.", "04", "hypothetical"),
    ("Analysts predict that the army will attack the rebel stronghold.", "19", "hypothetical"),
    ("Germany is likely to impose sanctions on Belarus.", "16", "hypothetical"),
    ("Israeli officials denied that troops had fired on the protesters.", "19", "negated"),
    ("Police denied knowledge of any raid on the newspaper's offices.", "19", "negated"),
    ("The army denied reports of an attack on the village.", "19", "negated"),
    ("Canberra announced measures designed to bolster ties with Indonesia.", "05", "hypothetical"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "root", "flag"), GOVERNED_BY_BUNDLED)
def test_events_modality_bundled_governors_flag_the_act(coder, text, root, flag):
    acts = [e for e in coder.code_text(text).events if e.cameo.startswith(root)]
    assert acts and all(getattr(e, flag) for e in acts), acts


@pytest.mark.slow
def test_events_modality_denial_is_itself_coded(coder):
    # The denial (016) stays an event beside the act it denies.
    events = coder.code_text("Israeli officials denied that troops had fired on the protesters.").events
    assert [e for e in events if e.cameo == "016" and not e.negated]


@pytest.mark.slow
def test_events_modality_granted_act_in_a_denial_stays_a_fact(coder):
    # "denied involvement in the attack": the attack is granted, the involvement denied.
    events = coder.code_text("Pakistan denied any involvement in the bombing of the embassy.").events
    assert not [e for e in events if e.cameo[:2] in ("18", "19") and e.negated]


# Nouns of prospect and intention (events/data/words.yaml: prospect_nouns, intent_nouns):
# (sentence, root of the act, what it must be: "hypothetical", "negated" or a code prefix).
PROSPECTS = [
    ("The minister raised the possibility of talks with the rebels.", "04", "hypothetical"),
    ("Kenya's president voiced pessimism over holding negotiations with the rebels.", "04",
     "hypothetical"),
    ("Residents spoke of fears of an attack on the town by the militia.", "19", "hypothetical"),
    ("The government announced plans to impose sanctions on Iran.", "16", "131"),
    ("Japan has no plans to expel Chinese diplomats.", "16", "negated"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "root", "want"), PROSPECTS)
def test_events_modality_prospect_noun_is_not_the_act(coder, text, root, want):
    events = coder.code_text(text).events
    acts = [(e.cameo, e.negated, e.hypothetical, e.extras.get("prospect")) for e in events]
    assert not [a for a in acts if a[0].startswith(root) and not a[1] and not a[2]], acts
    if want == "hypothetical":
        assert [a for a in acts if a[0].startswith(root) and a[2] and a[3]], acts
    elif want != "negated":  # a negated intent may also code nothing at all
        assert [a for a in acts if a[0].startswith(want) and a[3]], acts


@pytest.mark.slow
def test_events_modality_prospect_needs_a_prospect_noun(coder):
    # "talks of the two sides": "of" after an event noun, not after a prospect noun.
    text = "The Kenyan government held talks with the rebels in Nairobi."
    assert [e for e in coder.code_text(text).events
            if e.cameo.startswith("04") and not e.hypothetical and not e.extras.get("prospect")]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "root", "flagged"), [
    # A coordinated verb without its own auxiliary shares the first verb's modal.
    ("The Malian army must withdraw from the town and release the prisoners.", "08", True),
    ("The Malian army withdrew from the town and released the prisoners.", "08", False),
    # Not across "but": the second verb is its own assertion.
    ("The Malian army would not withdraw but released the prisoners.", "08", False),
])
def test_events_modality_conjunct_shares_modal(coder, text, root, flagged):
    acts = [a for a in _acts(coder, text) if a[0].startswith(root)]
    assert acts, text
    assert all(a[2] == flagged for a in acts), acts


@pytest.mark.slow
@pytest.mark.parametrize(("text", "root"), [
    # With a that-clause, "concede" reports a view; with an object it yields.
    ("The Kenyan finance minister conceded to parliament that the budget was too optimistic.",
     "01"),
    ("The Kenyan president conceded defeat to the opposition leader.", "08"),
])
def test_events_lexicon_clause_frame_sets_the_sense(coder, text, root):
    roots = {a[0][:2] for a in _acts(coder, text)}
    assert roots == {root}, roots


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Israeli and Palestinian negotiators met in Cairo.",
    "Israel and the Palestinians resumed negotiations in Cairo.",
])
def test_events_reciprocal_act_has_first_named_as_source(coder, text):
    events = coder.code_text(text).events
    assert [(e.source.country, e.target.country) for e in events if e.source and e.target] \
        == [("ISR", "PSE")], events
