"""PETRARCH entries mapped into cormorant's dictionaries, converted to YAML and read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cormorant.actors.dictionary import read_entries
from cormorant.dictionaries import load_set
from cormorant.dictionaries.mapping import display_name, map_set, write_yaml
from cormorant.dictionaries.pipeline import parse_modes
from cormorant.errors import ConfigError
from cormorant.events.lexicon import read_file
from petrarch_snippets import write_set


@pytest.fixture()
def pset(tmp_path: Path):
    folder = tmp_path / "src"
    folder.mkdir()
    return load_set([f"petrarch:{write_set(folder)}"])


def test_dictionaries_mapping_actors_keep_file_and_line_and_dates(pset) -> None:
    m = map_set(pset)
    by_id = {e.id: e for e in m.actors}
    vel = by_id["TEST.actors.txt:3"]
    assert (vel.type, vel.code, vel.names) == ("country", "VEL", ("Veloria", "Velorian", "The Silver Coast"))
    brandt = by_id["TEST.actors.txt:10"]
    assert brandt.type == "actor" and brandt.code == "VEL"  # its country outside the dates
    assert brandt.code_on(dt.date(2002, 1, 1)) == "VELGOV"
    assert brandt.code_on(dt.date(2006, 1, 1)) == "VELOPP"
    vaas = by_id["TEST.actors.txt:16"]
    assert vaas.code_on(dt.date(2001, 1, 1)) == "QNTGOV" and vaas.code_on(dt.date(2009, 1, 1)) == "QNT"


def test_dictionaries_mapping_term_only_person_is_its_country_outside_the_term(pset) -> None:
    sole = next(e for e in map_set(pset).actors if e.id == "TEST.actors.txt:21")
    assert sole.code_on(dt.date(2007, 1, 1)) == "QNTGOV"
    assert sole.code_on(dt.date(2012, 1, 1)) == "QNT"
    assert sole.code_on(None) == "QNT"


def test_dictionaries_mapping_compound_code_is_noted(pset) -> None:
    m = map_set(pset)
    twin = next(e for e in m.actors if e.id == "TEST.actors.txt:23")
    assert twin.code == "VEL"
    assert any(p.line == 23 and "compound" in p.message for p in m.problems)


def test_dictionaries_mapping_agents_discards_and_lexicon(pset) -> None:
    m = map_set(pset)
    police = next(e for e in m.agents if "police" in e.names)
    assert (police.type, police.sector) == ("agent", "COP")
    assert [e.names for e in m.discards] == [("Harbour Regatta",), ("Kite Festival",)]
    lex = {e.id: e for e in m.lexicon}
    assert (lex["TEST.verbs.txt:13"].lemma, lex["TEST.verbs.txt:13"].cameo) == ("laud", "052")
    speak = lex["TEST.verbs.txt:14"]
    assert (speak.lemma, speak.particle, speak.cameo) == ("speak", ("up",), "051")
    # "* &TIESORTS TIES" has two words after the verb: left to the PETRARCH coder.
    assert "TEST.verbs.txt:15" not in lex
    assert m.unmapped_patterns >= 4


def test_dictionaries_convert_writes_yaml_cormorant_reads(pset, tmp_path: Path) -> None:
    out = tmp_path / "converted"
    counts = write_yaml(pset, out)
    assert counts["issues.yaml"] == 3
    for name in ("actors.yaml", "agents.yaml", "discards.yaml"):
        entries = read_entries(out / name)
        assert len(entries) == counts[name]
    brandt = next(e for e in read_entries(out / "actors.yaml") if e.id == "TEST.actors.txt:10")
    assert brandt.code_on(dt.date(2003, 3, 3)) == "VELGOV"
    lexicon = read_file(out / "lexicon.yaml")
    assert {e.id for e in lexicon} >= {"TEST.verbs.txt:12", "TEST.verbs.txt:13"}


@pytest.mark.parametrize(("text", "expected"), [
    ("merge", dict.fromkeys(("actors", "agents", "discards", "verbs"), "merge")),
    ("replace", dict.fromkeys(("actors", "agents", "discards", "verbs"), "replace")),
    ("verbs=skip", {"actors": "merge", "agents": "merge", "discards": "merge", "verbs": "skip"}),
    ("actors=replace,verbs=skip",
     {"actors": "replace", "agents": "merge", "discards": "merge", "verbs": "skip"}),
])
def test_dictionaries_pipeline_modes(text, expected) -> None:
    assert parse_modes(text) == expected


@pytest.mark.parametrize("bad", ["mix", "places=merge", "verbs=drop"])
def test_dictionaries_pipeline_bad_mode(bad) -> None:
    with pytest.raises(ConfigError):
        parse_modes(bad)


@pytest.mark.parametrize(("words", "name"), [
    (("SAM", "GAMGEE"), "Sam Gamgee"), (("U.N.",), "U.N."), (("IMF",), "IMF"),
    (("VAAS",), "Vaas"), (("THE", "AU"), "The Au")])
def test_dictionaries_display_name(words, name) -> None:
    assert display_name(words) == name


def test_dictionaries_merge_keeps_bundled_names(pset) -> None:
    from cormorant.actors.dictionary import Entry
    from cormorant.dictionaries.pipeline import without_known_names

    known = [Entry(id="country.vel", type="country", code="VEL", names=("Veloria",),
                   demonyms=("Velorian",)),
             Entry(id="agent.soldier", type="agent", sector="MIL", names=("soldier",))]
    m = map_set(pset)
    kept = {e.id: e.names for e in without_known_names(m.actors + m.agents, known)}
    assert kept["TEST.actors.txt:3"] == ("The Silver Coast",)
    assert "TEST.agents.txt:3" not in kept  # soldier, soldiers: both known
    assert kept["TEST.actors.txt:7"] == ("Quintar",)
