"""The PETRARCH readers on small dictionaries written for the tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cormorant.dictionaries import load_set
from cormorant.dictionaries.actors import plural
from cormorant.dictionaries.lines import ReadError, parse_code_block, parse_date
from cormorant.dictionaries.load import file_kind
from cormorant.dictionaries.model import Source
from cormorant.dictionaries.verbs import parse_pattern, regular_forms
from petrarch_snippets import write_set


@pytest.fixture()
def pset(tmp_path: Path):
    return load_set([f"petrarch:{write_set(tmp_path)}"])


def _actor(pset, first_name: tuple[str, ...]):
    return next(a for a in pset.actors if a.names[0] == first_name)


def test_dictionaries_actors_synonyms_and_shared_code_lines(pset) -> None:
    vel = _actor(pset, ("VELORIA",))
    assert vel.names == (("VELORIA",), ("VELORIAN",), ("THE", "SILVER", "COAST"))
    assert vel.source == Source("TEST.actors.txt", 3)
    # Consecutive names share the code lines below them (TABARI).
    vaas = _actor(pset, ("DORIN", "VAAS"))
    assert vaas.names == (("DORIN", "VAAS"), ("VAAS",))


@pytest.mark.parametrize(("day", "code"), [
    (dt.date(1999, 12, 31), "VELELI"),
    (dt.date(2000, 1, 1), "VELGOV"),
    (dt.date(2004, 12, 31), "VELGOV"),
    (dt.date(2005, 1, 1), "VELOPP"),
])
def test_dictionaries_actors_date_ranges_apply_on_the_document_date(pset, day, code) -> None:
    assert _actor(pset, ("OTTLA", "BRANDT")).codes_on(day) == (code,)


def test_dictionaries_actors_dated_code_else_default(pset) -> None:
    vaas = _actor(pset, ("DORIN", "VAAS"))
    assert vaas.codes_on(dt.date(2001, 6, 1)) == ("QNTGOV",)  # six-digit TABARI dates
    assert vaas.codes_on(dt.date(2010, 6, 1)) == ("QNT",)
    assert vaas.codes_on(None) == ("QNT",)


def test_dictionaries_actors_compound_code(pset) -> None:
    assert _actor(pset, ("TWIN", "HARBOURS")).codes_on(None) == ("VEL", "QNT")


def test_dictionaries_malformed_lines_are_reported_and_the_load_goes_on(pset) -> None:
    problems = {(p.file, p.line) for p in pset.problems}
    assert ("TEST.actors.txt", 24) in problems  # [VEL 2001-2002]: not dates
    assert ("TEST.actors.txt", 25) in problems  # a name without a code
    assert ("TEST.agents.txt", 10) in problems  # agent code without ~
    assert ("TEST.verbs.txt", 1) in problems  # pattern before any verb block
    assert ("TEST.verbs.txt", 32) in problems  # bad block header
    assert all(str(p).startswith(f"{p.file}:{p.line}: ") for p in pset.problems)
    # Entries after the bad lines are read.
    assert any(g.names[0] == ("LAWMAKER",) for g in pset.agents)
    assert [b.name for b in pset.verbs.blocks] == ["PRAISE", "GREET", "SNUB", "IGNORE", "LIONIZE"]


def test_dictionaries_agents_plurals_prefix_and_substitution(pset) -> None:
    by_first = {g.names[0]: g for g in pset.agents}
    assert by_first[("POLICE",)].names == (("POLICE",),)  # {}: no plural
    assert by_first[("SOLDIER",)].names == (("SOLDIER",), ("SOLDIERS",))
    assert ("CENSUS", "STAFF") in by_first[("CENSUS", "OFFICER")].names
    assert by_first[("RELIEF", "AGENCY")].prefix and by_first[("RELIEF", "AGENCY")].code == "NGO"
    assert not by_first[("SOLDIER",)].prefix
    ferry = next(g for g in pset.agents if ("FERRYMAN",) in g.names)
    assert {("FERRYWOMAN",), ("FERRYMEN",), ("FERRYWOMEN",)} <= set(ferry.names)
    assert ("FERRYMENS",) not in ferry.names


def test_dictionaries_discards_and_issues(pset) -> None:
    assert [(d.words, d.story) for d in pset.discards] == [
        (("HARBOUR", "REGATTA"), False), (("KITE", "FESTIVAL"), True)]
    assert [(i.words, i.code, i.negative) for i in pset.issues] == [
        (("CANAL",), "CANALS", False), (("CLEAN", "WATER", "SUPPLY"), "WATER_SUPPLY", False),
        (("CANAL", "STREET"), "", True)]
    assert {i.category for i in pset.issues} == {"WATER"}


def test_dictionaries_verbs_forms_codes_and_synsets(pset) -> None:
    praise = pset.verbs.blocks[0]
    assert praise.code == "051"
    laud = praise.verbs[1]
    assert laud.code == "052" and ("LAUDED",) in laud.forms
    speak = praise.verbs[2]
    assert speak.words == ("SPEAK", "UP") and ("SPOKE", "UP") in speak.forms
    assert pset.verbs.expand("TIESORTS") == [("TRADE",), ("FISHING",), ("PEARL", "DIVING")]
    assert [b.code for b in pset.verbs.blocks[1:]] == ["045:046", ":124", "---", "053"]


def test_dictionaries_pattern_sides_markers_and_adjacency() -> None:
    p = parse_pattern(" + WAS_NEVER * BY_ $ [059]", Source("f", 1))
    assert [(e.text, e.tight) for e in p.lower] == [("NEVER", False), ("WAS", True), ("+", False)]
    assert [(e.text, e.tight) for e in p.upper] == [("BY", False), ("$", False)]
    q = parse_pattern(" NOT_* (INTO SEA) [111]", Source("f", 2))
    assert [(e.text, e.tight) for e in q.lower] == [("NOT", True)]
    assert [e.text for e in q.upper] == ["INTO", "SEA"]
    with pytest.raises(ReadError):
        parse_pattern(" * WITH [111] [112]", Source("f", 3))


@pytest.mark.parametrize(("word", "forms"), [
    ("PRAISE", ("PRAISE", "PRAISES", "PRAISED", "PRAISING")),
    ("RALLY", ("RALLY", "RALLIES", "RALLIED", "RALLYING")),
    ("PUSH", ("PUSH", "PUSHES", "PUSHED", "PUSHING")),
    ("HELP", ("HELP", "HELPS", "HELPED", "HELPING")),
])
def test_dictionaries_regular_verb_forms(word, forms) -> None:
    assert regular_forms(word) == forms


@pytest.mark.parametrize(("words", "expected"), [
    (("LAWMAKER",), ("LAWMAKERS",)), (("RELIEF", "AGENCY"), ("RELIEF", "AGENCIES")),
    (("CONGRESS",), ("CONGRESSES",)), (("FERRYMAN",), ("FERRYMEN",)), (("MEN",), ("MEN",)),
])
def test_dictionaries_agent_plural(words, expected) -> None:
    assert plural(words) == expected


@pytest.mark.parametrize(("text", "start", "end"), [
    ("VELGOV 20000101-20041231", dt.date(2000, 1, 1), dt.date(2004, 12, 31)),
    ("VELGOV 20000101 - 20041231", dt.date(2000, 1, 1), dt.date(2004, 12, 31)),
    ("VELGOV <950601", None, dt.date(1995, 5, 31)),
    ("VELGOV > 050601", dt.date(2005, 6, 2), None),
])
def test_dictionaries_code_block_dates(text, start, end) -> None:
    c = parse_code_block(text)
    assert (c.codes, c.start, c.end) == (("VELGOV",), start, end)


def test_dictionaries_bad_dates_raise() -> None:
    for bad in ("2001", "20011332", "abcdef"):
        with pytest.raises(ReadError):
            parse_date(bad)


@pytest.mark.parametrize(("name", "kind"), [
    ("Phoenix.Countries.actors.txt", "actors"), ("PETR.Validate.agents.txt", "agents"),
    ("Phoenix.discards.txt", "discards"), ("Phoenix.IssueCoding.txt", "issues"),
    ("CAMEO.2.0.txt", "verbs"), ("PETR.Validate.verbs.txt", "verbs"),
    ("Phoenix.prepositions.txt", None), ("GigaWord.sample.PETR.xml", None),
])
def test_dictionaries_file_kind_from_name(name, kind) -> None:
    assert file_kind(Path(name)) == kind


def test_dictionaries_missing_path_is_an_error(tmp_path: Path) -> None:
    from cormorant.errors import DictionaryError

    with pytest.raises(DictionaryError):
        load_set([f"petrarch:{tmp_path / 'nothing-here'}"])


def test_dictionaries_verb_transformations_read(tmp_path: Path) -> None:
    # Lines written for this test in PETRARCH2's TRANSFORMATIONS format; one is malformed.
    verbs = tmp_path / "test.verbs.txt"
    verbs.write_text(
        "--- PROTEST [140] ---\nPROTEST\n- * AGAINST + [141]\n\n"
        "######## TRANSFORMATIONS ########\n"
        "~ a (a b PROTEST) SAY = a b 014\n"
        "~ a (b . PROTEST) CLAIM = a b 112  # a note\n"
        "~ a (b PROTEST) SAY = a b\n", "utf-8")
    pset = load_set([f"petrarch:{verbs}"])
    first, second = pset.verbs.transformations
    assert (first.outer_source, first.inner, first.outer_verb, first.result) == (
        "a", ("a", "b", "PROTEST"), "SAY", ("a", "b", "014"))
    assert second.inner == ("b", ".", "PROTEST") and second.result == ("a", "b", "112")
    assert first.source.id.endswith(":6")
    assert pset.counts()["transformations"] == 2
    assert [(p.line, "transformation" in p.message) for p in pset.problems] == [(8, True)]
