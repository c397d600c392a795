"""Actor recognition and coding on sentences written for these tests (real spaCy model)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cormorant.actors.component import ActorRecognizer
from cormorant.actors.dictionary import load_entries
from cormorant.actors.lookup import actor_at, actors_at, actors_for_argument, actors_in_span

pytestmark = pytest.mark.slow


def run(nlp, text: str, date: dt.date | None = None):  # type: ignore[no-untyped-def]
    doc = nlp.make_doc(text)
    doc._.document_date = date
    return nlp(doc)


def coded(nlp, text: str, date: dt.date | None = None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    doc = run(nlp, text, date)
    return [(doc[m.start:m.end].text, m.code) for m in doc._.actors]


def codes(nlp, text: str, date: dt.date | None = None) -> set[str]:  # type: ignore[no-untyped-def]
    return {c for _, c in coded(nlp, text, date)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Burma freed forty political prisoners on Friday.", "MMR"),
    ("Myanmar freed forty political prisoners on Friday.", "MMR"),
    ("The Ivory Coast recalled its envoy.", "CIV"),
    ("Côte d'Ivoire recalled its envoy.", "CIV"),
    ("Britain announced new sanctions.", "GBR"),
    ("The DPRK fired a missile into the sea.", "PRK"),
    ("Palestine asked for a vote.", "PSE"),
    ("Kosovo declared a holiday.", "KSV"),
    ("Zaire closed the border in 1995.", "COD"),
])
def test_actors_country_names(nlp, text: str, expected: str) -> None:
    assert expected in codes(nlp, text)


def test_actors_demonyms_as_adjective_and_people(nlp) -> None:
    got = coded(nlp, "Three North Koreans crossed the river near a British patrol boat.")
    assert ("North Koreans", "PRK") in got
    assert ("British", "GBR") in got


def test_actors_lowercase_text(nlp) -> None:
    got = coded(nlp, "chinese police detained three protesters after the north korean envoy left.")
    assert ("chinese police", "CHNCOP") in got
    assert ("north korean envoy", "PRKGOV") in got


def test_actors_lowercase_common_words_are_not_countries_in_cased_text(nlp) -> None:
    got = coded(nlp, "They ate turkey and rice served on fine china.")
    assert not any(code in ("TUR", "CHN") for _, code in got)


def test_actors_possessives(nlp) -> None:
    got = coded(nlp, "Pyongyang's envoy and Russia's foreign minister met Kenya's ambassador.")
    assert ("Pyongyang's envoy", "PRKGOV") in got
    assert ("Russia's foreign minister", "RUSGOV") in got
    assert ("Kenya's ambassador", "KENGOV") in got


def test_actors_capital_metonymy_versus_place(nlp) -> None:
    got = coded(nlp, "Beijing is taking a harder line on trade.")
    assert ("Beijing", "CHNGOV") in got
    got = coded(nlp, "Police in Beijing arrested two men outside a hotel.")
    assert not any(text == "Beijing" for text, _ in got)
    assert ("Police", "CHNCOP") in got  # the place gives the police their country
    got = coded(nlp, "Washington held talks with Tokyo about the dispute.")
    assert ("Washington", "USAGOV") in got and ("Tokyo", "JPNGOV") in got
    got = coded(nlp, "The minister flew to Tokyo on Sunday.")
    assert not any(text == "Tokyo" for text, _ in got)


def test_actors_seats_of_government(nlp) -> None:
    got = coded(nlp, "The White House said the deal was close, and the Kremlin and Downing Street agreed.")
    assert {("White House", "USAGOV"), ("Kremlin", "RUSGOV"), ("Downing Street", "GBRGOV")} <= set(got)


@pytest.mark.parametrize(("text", "phrase", "code"), [
    ("The Chinese Foreign Ministry issued a statement.", "Chinese Foreign Ministry", "CHNGOV"),
    ("A Thai government spokesman denied the report.", "Thai government spokesman", "THAGOV"),
    ("The Peruvian embassy closed early.", "Peruvian embassy", "PERGOV"),
    ("Armed Chinese police entered the compound.", "Chinese police", "CHNCOP"),
    ("Sudanese troops crossed the river.", "Sudanese troops", "SDNMIL"),
    ("Colombian rebels freed a hostage.", "Colombian rebels", "COLREB"),
    ("Afghan refugees waited at the gate.", "Afghan refugees", "AFGREF"),
    ("Two Eritrean asylum-seekers slipped into the building.", "Eritrean asylum-seekers", "ERIREF"),
    ("North Korean defectors spoke to the press.", "North Korean defectors", "PRKREF"),
    ("The Belarusian opposition called a strike.", "Belarusian opposition", "BLROPP"),
    ("The Latvian parliament passed the bill.", "Latvian parliament", "LVALEG"),
    ("A Pakistani court jailed him.", "Pakistani court", "PAKJUD"),
    ("Kenyan judges resigned.", "Kenyan judges", "KENJUD"),
    ("Iranian students marched on Monday.", "Iranian students", "IRNEDU"),
    ("Chilean workers went on strike.", "Chilean workers", "CHLLAB"),
    ("Turkish journalists were detained.", "Turkish journalists", "TURMED"),
    ("Japanese businessmen signed the contract.", "Japanese businessmen", "JPNBUS"),
    ("Syrian civilians fled the town.", "Syrian civilians", "SYRCVL"),
    ("Israeli intelligence officials briefed them.", "Israeli intelligence officials", "ISRSPY"),
    ("Indian doctors treated the wounded.", "Indian doctors", "INDHLH"),
])
def test_actors_sectors_from_role_nouns(nlp, text: str, phrase: str, code: str) -> None:
    assert (phrase, code) in coded(nlp, text)


def test_actors_weak_roles_yield_to_specific_ones(nlp) -> None:
    got = dict(coded(nlp, "An Ethiopian army spokesman and a Nepalese police chief spoke."))
    assert got["Ethiopian army spokesman"] == "ETHMIL"
    assert got["Nepalese police chief"] == "NPLCOP"


@pytest.mark.parametrize(("text", "phrase", "code"), [
    ("The United Nations condemned the attack.", "United Nations", "IGOUNO"),
    ("The EU imposed tariffs.", "EU", "IGOEEC"),
    ("NATO planes patrolled.", "NATO", "IGONAT"),
    ("The African Union sent observers.", "African Union", "IGOAFU"),
    ("ASEAN leaders met.", "ASEAN", "IGOSEA"),
    ("APEC ministers met.", "APEC", "IGOAPE"),
    ("OPEC cut output.", "OPEC", "IGOOPC"),
    ("The IAEA sent inspectors.", "IAEA", "IGOUNOIAE"),
    ("The ICRC visited detainees.", "ICRC", "IGOIRC"),
    ("Amnesty International criticised the verdict.", "Amnesty International", "NGOAMN"),
    ("Human Rights Watch published a report.", "Human Rights Watch", "NGOHRW"),
    ("Hezbollah fired rockets.", "Hezbollah", "LBNREB"),
    # A body's own name between its owner and "Commission": the owner's, not the sentence's.
    ("The U.N. Conciliation Commission criticised Israel.", "Conciliation Commission", "IGOUNO"),
    ("The Kenyan Electoral Commission criticised Uganda.", "Electoral Commission", "KENGOV"),
    # A role noun "of/for/from" an organisation is the organisation's, not the sentence's.
    ("The president of the International Red Cross called on Italy to act.", "president",
     "IGOIRC"),
    ("Officials from the World Bank met Kenyan ministers.", "Officials", "IGOWBK"),
])
def test_actors_organisations(nlp, text: str, phrase: str, code: str) -> None:
    assert any(phrase in t and c == code for t, c in coded(nlp, text))


def test_actors_amnesty_as_a_word_is_not_the_organisation(nlp) -> None:
    assert "NGOAMN" not in codes(nlp, "The government offered an amnesty to deserters.")


def test_actors_dated_group_roles(nlp) -> None:
    assert ("Taliban", "AFGREB") in coded(nlp, "The Taliban attacked a checkpoint.", dt.date(2010, 3, 1))
    assert ("Taliban", "AFGGOV") in coded(nlp, "The Taliban attacked a checkpoint.", dt.date(2022, 3, 1))


def test_actors_people_with_titles_and_date_ranges(nlp) -> None:
    got = coded(nlp, "President Obama met Chancellor Merkel.", dt.date(2010, 5, 1))
    assert ("President Obama", "USAGOV") in got
    assert ("Chancellor Merkel", "DEUGOV") in got
    assert ("Obama", "USAGOV") in coded(nlp, "Obama spoke to reporters.", dt.date(2012, 1, 5))
    assert ("Obama", "USAELI") in coded(nlp, "Obama spoke to reporters.", dt.date(2019, 1, 5))
    got = coded(nlp, "Foreign Minister Aiko Tanabe of Japan arrived in Oslo.")
    assert any(code == "JPNGOV" and "Tanabe" in text for text, code in got)


@pytest.mark.parametrize(("text", "date", "phrase", "code"), [
    ("President Reagan said he would veto the bill.", dt.date(1987, 3, 2), "President Reagan", "USAGOV"),
    ("Reagan said Nicaragua should hold elections.", dt.date(1987, 3, 2), "Reagan", "USAGOV"),
    ("Reagan said he backed the treaty.", dt.date(1995, 3, 2), "Reagan", "USAELI"),
    ("Former President Reagan praised the treaty.", dt.date(1995, 3, 2), "Former President Reagan", "USAELI"),
    ("Thatcher criticised the budget.", dt.date(1987, 3, 30), "Thatcher", "GBRGOV"),
    ("Thatcher criticised the budget.", dt.date(1995, 3, 30), "Thatcher", "GBRELI"),
    ("Greenspan warned Congress about the deficit.", dt.date(1994, 2, 1), "Greenspan", "USAGOV"),
    ("Greenspan warned Congress about the deficit.", dt.date(2010, 2, 1), "Greenspan", "USAELI"),
    ("Lagarde urged Greece to cut spending.", dt.date(2009, 2, 1), "Lagarde", "FRAGOV"),
    ("Lagarde urged Greece to cut spending.", dt.date(2015, 2, 1), "Lagarde", "IGOIMF"),
    ("Perez de Cuellar urged Iran to accept a truce.", dt.date(1987, 7, 1), "Perez de Cuellar", "IGOUNO"),
    ("Mitterrand and Kohl signed an accord.", dt.date(1990, 1, 5), "Kohl", "DEUGOV"),
    ("Boris Johnson criticised the bill.", dt.date(2019, 2, 1), "Boris Johnson", "GBRELI"),
    ("Boris Johnson criticised the bill.", dt.date(2020, 2, 1), "Boris Johnson", "GBRGOV"),
])
def test_actors_people_dated_roles_from_the_dictionary(nlp, text: str, date: dt.date, phrase: str,
                                                       code: str) -> None:
    # A known leader keeps his own country when the sentence names another one.
    assert (phrase, code) in coded(nlp, text, date)


def test_actors_compound_actors_yield_one_mention_per_member(nlp) -> None:
    got = coded(nlp, "Japan and South Korea signed an accord.")
    assert ("Japan", "JPN") in got and ("South Korea", "KOR") in got
    doc = run(nlp, "Hungarian and Romanian officials met in Vienna.")
    got = [(doc[m.start:m.end].text, m.code) for m in doc._.actors]
    assert ("Hungarian", "HUNGOV") in got and ("Romanian officials", "ROUGOV") in got
    officials = next(t for t in doc if t.text == "officials")
    assert {m.code for m in actors_at(doc, officials.i)} == {"HUNGOV", "ROUGOV"}
    # A country name coordinated after a demonym shares the role noun too.
    doc = run(nlp, "The Greek and US navies held a joint drill.")
    assert {m.code for m in doc._.actors} == {"GRCMIL", "USAMIL"}
    # Two country names with no role noun stay two country mentions.
    assert {code for _, code in coded(nlp, "Greece and Turkey signed an accord.")} == {"GRC", "TUR"}


def test_actors_person_coreference(nlp) -> None:
    doc = run(nlp, "Norwegian Defence Minister Lars Ostberg visited Kenya on Monday. "
                   "Mr. Ostberg met the Kenyan president. He said the talks went well. "
                   "Ostberg left on Tuesday.")
    by_text = {doc[m.start:m.end].text: m for m in doc._.actors}
    first = by_text["Norwegian Defence Minister Lars Ostberg"]
    assert first.code == "NORGOV" and first.antecedent is None
    for later in ("Mr. Ostberg", "He", "Ostberg"):
        m = by_text[later]
        assert m.code == "NORGOV" and m.antecedent is first, later
    assert by_text["He"].kind == "pronoun"


def test_actors_she_resolves_to_the_named_minister(nlp) -> None:
    doc = run(nlp, "Swedish Foreign Minister Anna Lindqvist arrived in Cairo. She said Sweden would help.")
    she = next(m for m in doc._.actors if doc[m.start:m.end].text == "She")
    assert she.code == "SWEGOV"
    assert doc[she.antecedent.start:she.antecedent.end].text.endswith("Lindqvist")


def test_actors_group_coreference(nlp) -> None:
    doc = run(nlp, "Two Eritrean defectors reached the border on Sunday. "
                   "The two asked for asylum and they were taken to a camp.")
    got = {doc[m.start:m.end].text: m for m in doc._.actors}
    assert got["The two"].code == "ERIREF" and got["The two"].antecedent is not None
    assert got["they"].code == "ERIREF"


def test_actors_the_ministry_resolves_to_the_ministry_named_before(nlp) -> None:
    doc = run(nlp, "The Egyptian Interior Ministry banned the rally. The ministry said it feared violence.")
    later = [m for m in doc._.actors if doc[m.start:m.end].text == "ministry"]
    assert later and later[0].code == "EGYGOV"
    ante = later[0].antecedent
    assert ante is not None and doc[ante.start:ante.end].text == "Egyptian Interior Ministry"


def test_actors_role_noun_takes_its_complement_country(nlp) -> None:
    got = coded(nlp, "A spokesman for the Brazilian embassy declined to comment.")
    assert ("spokesman", "BRAGOV") in got


def test_actors_user_dictionary_override(nlp, tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "- {type: actor, id: my.front, code: NGAREB, names: [Delta Freedom Front]}\n"
        "- {type: agent, id: agent.police, sector: UAF, nouns: [police]}\n", "utf-8")
    comp = ActorRecognizer(nlp)
    comp.set_entries(load_entries([user]))
    doc = comp(run(nlp, "The Delta Freedom Front clashed with Ghanaian police."))
    got = [(doc[m.start:m.end].text, m.code) for m in doc._.actors]
    assert ("Delta Freedom Front", "NGAREB") in got
    assert ("Ghanaian police", "GHAUAF") in got  # the override replaced the bundled entry


def test_actors_to_disk_and_from_disk(nlp, tmp_path: Path) -> None:
    comp = nlp.get_pipe("cormorant_actors")
    comp.to_disk(tmp_path / "actors")
    again = ActorRecognizer(nlp).from_disk(tmp_path / "actors")
    assert again.entries == comp.entries
    assert again.words == comp.words and again.words is not None
    doc = again(run(nlp, "Armed Chinese police entered the compound."))
    assert [m.code for m in doc._.actors] == ["CHNCOP"]


def test_actors_lookup_helpers(nlp) -> None:
    doc = run(nlp, "Jordan and Britain condemned the Syrian army.")
    jordan = next(t for t in doc if t.text == "Jordan")
    army = next(t for t in doc if t.text == "army")
    assert actor_at(doc, army.i).code == "SYRMIL"  # type: ignore[union-attr]
    assert actor_at(doc, doc[-1].i) is None
    assert [m.code for m in actors_for_argument(doc, jordan)] == ["JOR", "GBR"]
    assert [m.code for m in actors_in_span(doc, 0, len(doc))] == ["JOR", "GBR", "SYRMIL"]
    condemned = next(t for t in doc if t.text == "condemned")
    obj = next(c for c in condemned.children if c.dep_ == "dobj")
    assert [m.code for m in actors_for_argument(doc, obj)] == ["SYRMIL"]


def test_actors_seed_article(coder) -> None:
    from conftest import shared_path
    from cormorant.records import Document

    path = shared_path("seed", "voa-2002-05-09-north-korean-asylum-seekers.txt")
    result = coder.code(Document(id="seed", text=path.read_text("utf-8"), date=dt.date(2002, 5, 9)))
    found = {a.code for a in result.actors}
    assert {"CHNCOP", "PRKREF", "JPNGOV", "USAGOV", "ESPGOV"} <= found
    kong = [a for a in result.actors if a.text == "Mr. Kong"]
    assert kong and all(a.code == "CHNGOV" and a.resolved_from for a in kong)
    he = [a for a in result.actors if a.text == "He" and a.resolved_from and "Kong" in a.resolved_from]
    assert he and he[0].code == "CHNGOV"


@pytest.mark.parametrize("text", ["", "   ", "they they they", "Mr.", "'s 's", "the two", "Hungarian and"])
def test_actors_odd_and_unparsed_input_does_not_fail(nlp, text: str) -> None:
    comp = nlp.get_pipe("cormorant_actors")
    unparsed = comp(nlp.make_doc(text))  # no parse, no sentence boundaries
    assert isinstance(unparsed._.actors, list)
    assert isinstance(run(nlp, text)._.actors, list)


def test_actors_codes_are_consistent(nlp) -> None:
    doc = run(nlp, "The UN envoy met Kenyan police, Taliban fighters and President Obama in Nairobi.",
              dt.date(2011, 1, 1))
    assert doc._.actors
    for m in doc._.actors:
        assert m.code == (m.country or "") + (m.sector or "") or (
            m.country is None and m.code.startswith(m.sector or "")), m
        assert m.entries and 0 <= m.start < m.end <= len(doc)


def test_actors_org_codes_take_no_context_country(nlp) -> None:
    got = coded(nlp, "US drones killed eight al-Qaeda leaders, Pentagon sources said.")
    assert ("al-Qaeda leaders", "IMGALQ") in got


def test_actors_organisation_names_take_their_whole_span(nlp) -> None:
    got = coded(nlp, "The White House Correspondents' Association issued a statement.")
    assert ("White House Correspondents' Association", "USAMED") in got
    got = coded(nlp, "The Vienna Convention protects diplomats abroad.")
    assert not any(code.startswith("AUT") for _, code in got)


def test_actors_ethnic_groups_are_coded_where_they_live(nlp) -> None:
    assert ("Albanians", "SRB") in coded(nlp, "Ethnic Albanians in southern Serbia staged a protest.")
    assert ("Russians", "LVA") in coded(nlp, "Ethnic Russians marched in Riga on Sunday.")
    assert ("Albanian guerrillas", "ALBREB") in coded(nlp, "Albanian guerrillas attacked a post.")


def test_actors_groups_of_no_country_are_ngos(nlp) -> None:
    got = coded(nlp, "Kenyan authorities ignored the ruling, a human rights group said on Friday.")
    assert ("human rights group", "NGOHRI") in got
    assert ("American aid groups", "USANGO") in coded(nlp, "American aid groups delivered food.")


def test_actors_long_acronyms_written_as_names(nlp) -> None:
    """British style writes acronyms of four letters or more as names: "Nato", "Unicef"."""
    got = coded(nlp, "Nato envoys and Unicef staff visited the camp.")
    assert ("Nato envoys", "IGONAT") in got or ("Nato", "IGONAT") in got
    assert any(code == "IGOUNOCVL" for _, code in got)
    assert codes(nlp, "Who said that?") == set()  # short ones stay words


@pytest.mark.parametrize(("text", "code"), [
    ("Likud lawmakers walked out of the debate.", "ISRPTY"),
    ("The Kuomintang accused the government of lying.", "TWNPTY"),
    ("Interahamwe militiamen crossed the border.", "RWAUAF"),
    ("The International Crisis Group published a report.", "NGO"),
])
def test_actors_widely_reported_parties_and_groups(nlp, text: str, code: str) -> None:
    assert code in codes(nlp, text)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Rebel fighters surrendered their last town to US-backed forces.",
    "Iranian-funded militias attacked the base on Sunday.",
])
def test_actors_recognize_sponsor_is_not_the_actor(coder, text):
    # "X-backed forces" are not X's forces.
    sponsor = "USA" if "US-" in text else "IRN"
    codes = [a.code for a in coder.code_text(text).actors]
    assert not any(c.startswith(sponsor) for c in codes), codes
