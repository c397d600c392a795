"""The PETRARCH-style coder on hand-written parses and the test dictionaries."""

from __future__ import annotations

import datetime as dt

import pytest

from cormorant.dictionaries import load_set
from cormorant.dictionaries.coder import PetrarchCoder
from cormorant.dictionaries.treebank import ParseError, parse_tree
from petrarch_snippets import write_set


@pytest.fixture(scope="module")
def pcoder(tmp_path_factory: pytest.TempPathFactory) -> PetrarchCoder:
    folder = write_set(tmp_path_factory.mktemp("petrarch"))
    return PetrarchCoder(load_set([f"petrarch:{folder}"]))


def _np(*words: str) -> str:
    return "(NP " + " ".join(f"({t} {w})" for w, t in (x.split("/") for x in words)) + ")"


def _s(subject: str, verb: str, rest: str = "", aux: str = "") -> str:
    vp = f"(VP ({verb.split('/')[1]} {verb.split('/')[0]}) {rest})"
    if aux:
        vp = f"(VP ({aux.split('/')[1]} {aux.split('/')[0]}) {vp})"
    return f"(ROOT (S {subject} {vp} (. .)))"


def _codes(pcoder: PetrarchCoder, parse: str, day: dt.date | None = None) -> set[tuple[str, str, str]]:
    res = pcoder.code_parse(parse, day)
    assert res.error is None
    return {(e.source, e.target, e.code) for e in res.events}


VEL = _np("Veloria/NNP")
QNT = _np("Quintar/NNP")
MRW = _np("Marrow/NNP", "Isles/NNP")

CASES = [
    ("simple", _s(VEL, "praised/VBD", QNT), {("VEL", "QNT", "051")}),
    ("own code of a block verb", _s(VEL, "lauded/VBD", QNT), {("VEL", "QNT", "052")}),
    ("agents with a country, suffix and prefix",
     _s(_np("Quintar/NNP", "police/NNS"), "lauded/VBD",
        _np("the/DT", "Veloria/NNP", "relief/NN", "agency/NN")),
     {("QNTCOP", "NGOVEL", "052")}),
    ("longest agent", _s("(NP (NP (NNP Veloria) (POS 's)) (JJ foreign) (NN minister))", "praised/VBD", QNT),
     {("VELGOVFRM", "QNT", "051")}),
    ("agent with its country in a PP",
     _s("(NP (NP (NNS Lawmakers)) (PP (IN in) (NP (NNP Veloria))))", "praised/VBD", QNT),
     {("VELLEG", "QNT", "051")}),
    ("compound source and a paired code",
     _s(_np("Veloria/NNP", "and/CC", "Quintar/NNP"), "greeted/VBD", MRW),
     {("VEL", "MRW", "045"), ("MRW", "VEL", "046"), ("QNT", "MRW", "045"), ("MRW", "QNT", "046")}),
    ("compound code", _s(_np("Twin/NNP", "Harbours/NNP"), "praised/VBD", MRW),
     {("VEL", "MRW", "051"), ("QNT", "MRW", "051")}),
    ("nested synset in a pattern",
     _s(VEL, "praised/VBD", "(NP (NP (NN pearl) (NN diving) (NNS ties)) (PP (IN with) "
        f"{QNT}))"), {("VEL", "QNT", "058")}),
    ("compound marker after the verb",
     _s(VEL, "praised/VBD", f"(NP (NP (DT the) (NN accord)) (PP (IN with) (NP {QNT} (CC and) {MRW})))"),
     {("VEL", "QNT", "057"), ("VEL", "MRW", "057")}),
    ("source and target markers (passive)",
     _s(QNT, "praised/VBN", f"(PP (IN by) {VEL})", aux="was/VBD"), {("VEL", "QNT", "059")}),
    ("adjacent word before the verb", _s(VEL, "praised/VBD", QNT).replace(
        "(VP (VBD praised)", "(ADVP (RB never)) (VP (VBD praised)"), {("VEL", "QNT", "111")}),
    ("non-adjacent word does not match the tight pattern",
     _s(VEL, "praised/VBD", QNT).replace(
         "(VP (VBD praised)", "(ADVP (RB never) (RB really)) (VP (VBD praised)"),
     {("VEL", "QNT", "051")}),
    ("reverse-only code", _s(VEL, "snubs/VBZ", QNT), {("QNT", "VEL", "124")}),
    ("null code", _s(VEL, "ignored/VBD", QNT), set()),
    ("compound marker before the verb",
     _s(_np("Veloria/NNP", "and/CC", "Quintar/NNP"), "ignored/VBD", _np("the/DT", "request/NN")),
     {("VEL", "QNT", "125"), ("QNT", "VEL", "125")}),
    ("multi-word verb", _s(VEL, "spoke/VBD", f"(PRT (RP up)) (PP (IN for) {QNT})"),
     {("VEL", "QNT", "051")}),
    ("subject of an infinitive",
     f"(ROOT (S {VEL} (VP (VBZ is) (ADJP (JJ about) (S (VP (TO to) (VP (VB praise) {QNT}))))) (. .)))",
     {("VEL", "QNT", "051")}),
    ("no target, no event", _s(VEL, "praised/VBD", _np("the/DT", "weather/NN")), set()),
    ("verb not in the dictionary", _s(VEL, "visited/VBD", QNT), set()),
]


@pytest.mark.parametrize(("name", "parse", "expected"), CASES, ids=[c[0] for c in CASES])
def test_dictionaries_coder_codes(pcoder: PetrarchCoder, name: str, parse: str, expected) -> None:
    assert _codes(pcoder, parse) == expected


@pytest.mark.parametrize(("day", "code"), [
    (dt.date(1998, 3, 1), "VELELI"), (dt.date(2002, 3, 1), "VELGOV"), (dt.date(2011, 3, 1), "VELOPP")])
def test_dictionaries_coder_date_ranges(pcoder: PetrarchCoder, day: dt.date, code: str) -> None:
    parse = _s(_np("Ottla/NNP", "Brandt/NNP"), "praised/VBD", QNT)
    assert _codes(pcoder, parse, day) == {(code, "QNT", "051")}


@pytest.mark.parametrize(("words", "error"), [
    (("harbour/NN", "regatta/NN"), "sentencediscard"), (("kite/NN", "festival/NN"), "storydiscard")])
def test_dictionaries_coder_discards(pcoder: PetrarchCoder, words, error) -> None:
    parse = _s(VEL, "praised/VBD", _np("the/DT", *words))
    assert pcoder.code_parse(parse).error == error


def test_dictionaries_coder_bad_parse(pcoder: PetrarchCoder) -> None:
    res = pcoder.code_parse("(ROOT (S (NP (NNP Veloria)) (VP (VBD praised) (NP (NNP Quintar))")
    assert res.error == "bad_input_parse" and res.events == ()


def test_dictionaries_coder_events_name_their_lines(pcoder: PetrarchCoder) -> None:
    ev = pcoder.code_parse(_s(VEL, "praised/VBD", QNT)).events
    assert [(e.verb, e.pattern) for e in ev] == [("TEST.verbs.txt:12", None)]
    ev = pcoder.code_parse(_s(QNT, "praised/VBN", f"(PP (IN by) {VEL})", aux="was/VBD")).events
    assert [(e.verb, e.pattern) for e in ev] == [("TEST.verbs.txt:12", "TEST.verbs.txt:18")]


def test_dictionaries_treebank_leaves_and_spans() -> None:
    root, leaves = parse_tree("(ROOT (S (NP (NNP Veloria)) (VP (VBD praised) (NP (NNP Quintar)))))")
    assert [(x.label, x.word, x.index) for x in leaves] == [
        ("NNP", "Veloria", 0), ("VBD", "praised", 1), ("NNP", "Quintar", 2)]
    assert (root.start, root.end) == (0, 3)
    with pytest.raises(ParseError):
        parse_tree("(ROOT (S (NP (NNP Veloria))) extra")



# -- transformations (the verb dictionary of transform_snippets) ------------------------------

@pytest.fixture(scope="module")
def tcoder(tmp_path_factory: pytest.TempPathFactory) -> PetrarchCoder:
    from transform_snippets import VERBS

    folder = write_set(tmp_path_factory.mktemp("petrarch"), verbs=VERBS)
    return PetrarchCoder(load_set([f"petrarch:{folder}"]))


def _said(subject: str, clause: str) -> str:
    return f"(ROOT (S {subject} (VP (VBD said) (SBAR (S {clause}))) (. .)))"


ATTACKED_QNT = "(VP (VBD attacked) (NP (NNP Quintar)))"
TRANSFORM_CASES = [
    ("said it attacked", _said(VEL, f"(NP (PRP it)) {ATTACKED_QNT}"),
     {("VEL", "QNT", "015", "(a b ATTACK) SAY")}),
    ("said another attacked, no target", _said(MRW, f"{VEL} (VP (VBD attacked))"),
     {("MRW", "VEL", "112", "(b . ATTACK) SAY")}),
    ("wants to attack: WANT's own 030 goes",
     f"(ROOT (S {VEL} (VP (VBZ wants) (S (VP (TO to) (VP (VB attack) {QNT})))) (. .)))",
     {("VEL", "QNT", "138", "ATTACK) WANT")}),
    ("said another attacked Quintar: no rule holds", _said(MRW, f"{VEL} {ATTACKED_QNT}"),
     {("VEL", "QNT", "190", None)}),
    ("no target, no transformation: nothing", f"(ROOT (S {VEL} (VP (VBD attacked)) (. .)))",
     set()),
]


@pytest.mark.parametrize(("parse", "expected"), [c[1:] for c in TRANSFORM_CASES],
                         ids=[c[0] for c in TRANSFORM_CASES])
def test_dictionaries_coder_applies_transformations(tcoder: PetrarchCoder, parse: str,
                                                    expected: set[tuple[str, ...]]) -> None:
    from transform_snippets import line_of

    res = tcoder.code_parse(parse)
    assert res.error is None
    got = {(e.source, e.target, e.code, e.transformation) for e in res.events}
    assert got == {(s, t, c, f"TEST.verbs.txt:{line_of(f)}" if f else None)
                   for s, t, c, f in expected}
