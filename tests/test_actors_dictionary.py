"""Actor dictionaries: parsing, validation, merging, dated roles, patterns (no spaCy model)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cormorant.actors.dictionary import (
    Entry,
    Role,
    bundled_entries,
    load_entries,
    merge,
    parse_entry,
    read_entries,
    split_code,
)
from cormorant.actors.patterns import entry_patterns, pluralise
from cormorant.errors import DictionaryEntryError, DictionaryError


def test_actors_bundled_dictionaries_load_with_unique_ids() -> None:
    entries = bundled_entries()
    ids = [e.id for e in entries]
    assert len(ids) == len(set(ids))
    countries = {e.code for e in entries if e.type == "country"}
    assert len(countries) >= 240
    assert {"CHN", "PRK", "PSE", "KSV", "MMR", "CIV", "GBR", "USA"} <= countries
    kinds = {e.type for e in entries}
    assert kinds == {"country", "agent", "actor", "person", "discard"}


def test_actors_bundled_names_name_one_entry_each() -> None:
    # A name shared by two entries codes whichever the matcher lists first: ambiguous names
    # (a surname borne by two leaders) are left out of the people dictionary instead.
    owners: dict[str, set[str]] = {}
    for e in bundled_entries():
        if e.type in ("person", "actor", "country"):
            for name in e.names:
                owners.setdefault(name, set()).add(e.id)
    shared = {n: ids for n, ids in owners.items()
              if len(ids) > 1 and any(i.startswith("person.") for i in ids)}
    assert shared == {}


def test_actors_bundled_people_codes_name_known_countries_and_sectors() -> None:
    entries = bundled_entries()
    countries = {e.code for e in entries if e.type == "country"}
    sectors = {e.sector for e in entries if e.type == "agent"} | {"ELI", "OPP"}
    people = [e for e in entries if e.type == "person"]
    assert len(people) >= 700
    for e in people:
        assert e.code, e.id  # the code outside every role: ELI for a former office-holder
        for code in [e.code] + [r.code for r in e.roles]:
            country, sector = split_code(code, countries)
            if country is None:  # IGOUNO, IGOEEC, IMGALQ ...
                assert code[:3] in {"IGO", "NGO", "IMG"}, (e.id, code)
            else:
                assert sector in sectors, (e.id, code)
        for r in e.roles:
            assert r.start is None or r.start.year >= 1940, e.id


def test_actors_bundled_sectors_cover_the_cameo_agents() -> None:
    sectors = {e.sector for e in bundled_entries() if e.type == "agent"}
    assert {"GOV", "MIL", "COP", "REB", "REF", "OPP", "LEG", "JUD", "CVL", "EDU", "LAB",
            "MED", "BUS", "SPY", "HLH", "AGR", "CRM", "ELI", "UAF"} <= sectors


def test_actors_split_code() -> None:
    assert split_code("CHNCOP") == ("CHN", "COP")
    assert split_code("USA") == ("USA", None)
    assert split_code("IGOUNO") == (None, "IGO")
    assert split_code("NGOAMN") == (None, "NGO")
    assert split_code("") == (None, None)
    # With the country list, an unknown prefix is not a country.
    assert split_code("ABCGOV", {"CHN"}) == (None, "ABC")


def test_actors_dated_roles_apply_against_the_document_date() -> None:
    e = Entry(id="p", type="person", code="USAELI",
              roles=(Role("USAGOV", dt.date(2009, 1, 20), dt.date(2017, 1, 20)),))
    assert e.code_on(dt.date(2010, 6, 1)) == "USAGOV"
    assert e.code_on(dt.date(2017, 1, 20)) == "USAGOV"  # inclusive
    assert e.code_on(dt.date(2019, 1, 1)) == "USAELI"
    assert e.code_on(None) == "USAELI"
    only_roles = Entry(id="q", type="actor", roles=(Role("AFGREB", None, dt.date(2021, 8, 14)),))
    assert only_roles.code_on(None) == "AFGREB"


@pytest.mark.parametrize(("raw", "message"), [
    ({"type": "country", "names": ["X"], "code": "XXX"}, "without an 'id'"),
    ({"id": "a", "type": "planet", "names": ["X"]}, "'type' must be"),
    ({"id": "a", "type": "country", "names": ["X"], "code": "XX"}, "must be upper-case"),
    ({"id": "a", "type": "agent", "nouns": ["x"]}, "needs a 'sector'"),
    ({"id": "a", "type": "actor", "names": ["X"]}, "needs a 'code'"),
    ({"id": "a", "type": "actor", "code": "IGOXYZ"}, "no names"),
    ({"id": "a", "type": "person", "names": ["X"], "roles": [{"code": "USAGOV", "from": "soon"}]},
     "not a date"),
    ({"id": "a", "type": "person", "names": ["X"],
      "roles": [{"code": "USAGOV", "from": "1993-01-20", "to": "1989-01-20"}]}, "ends before it starts"),
    ({"id": "a", "type": "actor", "code": "IGOXYZ", "names": "X", "exact": [3]}, "'exact'"),
])
def test_actors_malformed_entries_are_rejected_with_their_id(raw: dict, message: str) -> None:
    with pytest.raises(DictionaryEntryError, match=message):
        parse_entry(raw, "f.yaml: entry 1")


def test_actors_user_file_overrides_and_extends(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "- {type: actor, id: org.un, code: IGOUNO, names: [Our United Nations]}\n"
        "- {type: actor, id: my.front, code: NGAREB, names: [Delta Liberation Front]}\n",
        "utf-8")
    entries = {e.id: e for e in load_entries([user])}
    assert entries["org.un"].names == ("Our United Nations",)
    assert entries["my.front"].code == "NGAREB"
    assert "CHN" in entries  # bundled entries stay


def test_actors_jsonl_user_file(tmp_path: Path) -> None:
    user = tmp_path / "mine.jsonl"
    user.write_text('# comment\n{"type": "agent", "id": "a.x", "sector": "MIL", "nouns": ["legionnaire"]}\n',
                    "utf-8")
    (entry,) = read_entries(user)
    assert entry.type == "agent" and entry.names == ("legionnaire",)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    with pytest.raises(DictionaryEntryError, match="bad.jsonl:1"):
        read_entries(bad)


def test_actors_missing_or_invalid_user_file(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="does not exist"):
        load_entries([tmp_path / "nope.yaml"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("- [unclosed\n", "utf-8")
    with pytest.raises(DictionaryError, match="not valid YAML"):
        load_entries([bad])
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just words\n", "utf-8")
    with pytest.raises(DictionaryError, match="list of entries"):
        load_entries([scalar])


def test_actors_merge_keeps_the_last_entry_per_id() -> None:
    a = Entry(id="x", type="actor", code="IGOAAA", names=("A",))
    b = Entry(id="x", type="actor", code="IGOBBB", names=("B",))
    assert merge([a], [b]) == [b]


@pytest.mark.parametrize(("singular", "plural"), [
    ("refugee", "refugees"), ("asylum seeker", "asylum seekers"), ("spokesman", "spokesmen"),
    ("army", "armies"), ("policewoman", "policewomen"), ("head of state", "heads of state"),
    ("embassy", "embassies"), ("gen.", "gen."), ("displaced person", "displaced people"),
])
def test_actors_pluralise(singular: str, plural: str) -> None:
    assert pluralise(singular) == plural


def test_actors_patterns_add_plurals_hyphens_and_case_rules() -> None:
    agent = parse_entry({"id": "a", "type": "agent", "sector": "REF", "nouns": ["asylum seeker"]}, "t")
    texts = {p.text for p in entry_patterns(agent)}
    assert {"asylum seeker", "asylum seekers", "asylum-seeker", "asylum-seekers"} <= texts
    country = parse_entry({"id": "USA", "type": "country", "code": "USA",
                           "names": ["United States", "US", "U.S."], "demonyms": ["American"]}, "t")
    pats = {(p.text, p.slot): p.exact for p in entry_patterns(country)}
    assert pats[("US", "name")] is True  # "us" is a pronoun
    assert pats[("U.S.", "name")] is False
    assert ("Americans", "demonym") in pats
    person = parse_entry({"id": "p", "type": "person", "code": "USAGOV", "names": ["Rice"]}, "t")
    assert all(p.exact for p in entry_patterns(person))


def test_actors_entry_round_trips_through_json() -> None:
    for e in bundled_entries():
        again = parse_entry(e.to_json(), "round trip")
        assert again == e


def test_actors_words_bundled_lists_load() -> None:
    from cormorant.actors.words import load_actor_words

    w = load_actor_words()
    assert "mr." in w.honorifics and "visit" in w.motion_verbs
    assert w.noun_preps == w.locative_preps | {"of"}
    assert w.pronoun_words >= {"he", "they", "both"}


@pytest.mark.parametrize("data", [{"honorifics": ["mr"]}, ["mr"], None])
def test_actors_words_must_give_every_list(data) -> None:  # type: ignore[no-untyped-def]
    from cormorant.actors.words import ActorWords

    with pytest.raises(DictionaryError, match="must name exactly"):
        ActorWords.from_data(data)


def test_actors_countries_component_saves_its_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cormorant.actors.countries import ActorCountries

    comp = ActorCountries(None)  # type: ignore[arg-type]
    comp.initialize(lambda: [])
    comp.to_disk(tmp_path / "countries")
    again = ActorCountries(None).from_disk(tmp_path / "countries")  # type: ignore[arg-type]
    assert again.words == comp.words and again.words is not None
    with pytest.raises(DictionaryError):
        ActorCountries(None).from_disk(tmp_path / "nowhere")  # type: ignore[arg-type]
