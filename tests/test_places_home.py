"""A source's home region: read from its other stories, then weighed as story evidence.

Hand-built places and toponyms (no model), and my own sentences through the pipeline.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cormorant.errors import ConfigError
from cormorant.evaluate import lgl
from cormorant.places.gazetteer import load_gazetteer
from cormorant.places.home import Home, parse_home, source_homes, story_regions
from cormorant.places.resolution import Context, resolve
from cormorant.places.toponym import Toponym
from cormorant.records import Place


def place(name: str, country: str | None, admin1: str | None, feature: str = "P.PPL",
          metonymic: bool = False, lat: float = 0.0, lon: float = 0.0) -> Place:
    return Place(name, (0, len(name)), name, country, lat, lon, None, admin1, feature, metonymic)


def region(home: Home | None) -> tuple[str | None, str | None] | None:
    return (home.country, home.admin1) if home is not None else None


def topo(text: str, start: int = 0) -> Toponym:
    return Toponym(start, start + 1, text, load_gazetteer().lookup(text), "ner")


KNOXVILLE = place("Knoxville", "USA", "Tennessee")
BLOUNT = place("Blount County", "USA", "Tennessee", "A.ADM2")
MARYVILLE = place("Maryville", "USA", "Tennessee")
ROME = place("Rome", "ITA", "Lazio", "P.PPLC")


def test_places_home_is_the_region_of_the_other_stories() -> None:
    stories = [("paper", [KNOXVILLE, KNOXVILLE, BLOUNT]), ("paper", [MARYVILLE]),
               ("paper", [ROME]), ("paper", [KNOXVILLE])]
    homes = source_homes(stories)
    assert region(homes[2]) == ("USA", "Tennessee")
    # A story's own places do not vote for its home: the Rome story is outvoted anyway,
    # but each Tennessee story's home comes from the two other Tennessee stories.
    assert region(homes[0]) == ("USA", "Tennessee")


def test_places_home_needs_two_other_stories_of_the_source() -> None:
    homes = source_homes([("a", [KNOXVILLE]), ("a", [MARYVILLE]), ("b", [ROME])])
    assert homes == [None, None, None]


def test_places_home_country_without_a_common_region() -> None:
    ohio = place("Columbus", "USA", "Ohio")
    texas = place("Austin", "USA", "Texas")
    homes = source_homes([("s", [ohio]), ("s", [texas]), ("s", [KNOXVILLE]), ("s", [ohio])])
    assert region(homes[1]) == ("USA", "Ohio")
    assert homes[0] == Home("USA")  # Texas, Tennessee, Ohio: one story each


def test_places_home_point_is_the_mean_of_the_other_stories_towns() -> None:
    a = place("Maryville", "USA", "Tennessee", lat=35.8, lon=-84.0)
    b = place("Knoxville", "USA", "Tennessee", lat=36.0, lon=-83.9)
    c = place("Lenoir City", "USA", "Tennessee", lat=35.8, lon=-84.3)
    far = place("Memphis", "USA", "Tennessee", lat=35.1, lon=-90.0)
    homes = source_homes([("s", [a, far]), ("s", [b]), ("s", [c])])
    assert homes[0] is not None and homes[0].lat == pytest.approx(35.9)
    assert homes[0].lon == pytest.approx(-84.1)
    # Memphis is in the first story only: the others' points include it.
    assert homes[1] is not None and homes[1].lon == pytest.approx((-84.0 - 90.0 - 84.3) / 3)


def test_places_home_counts_local_places_only() -> None:
    regions = story_regions([place("Chinese", "CHN", None, "A.PCLI", metonymic=True),
                             place("France", "FRA", None, "A.PCLI"),
                             place("Atlantic Ocean", None, None, "H.OCN"), MARYVILLE,
                             place("Knoxville", "USA", "Tennessee", metonymic=True),
                             place("Austin", "USA", "Texas", metonymic=True)])
    assert regions == {("USA", "Tennessee"), ("USA", "Texas")}


def test_places_home_decides_a_bare_town() -> None:
    bare = topo("Athens")
    resolve([bare], Context())
    assert bare.pick is not None and bare.pick.country == "GRC"  # fame, without evidence
    local = topo("Athens")
    resolve([local], Context(), home=Home("USA", "Tennessee"))
    assert local.pick is not None and local.pick.admin1 == "Tennessee"
    # The home country alone is a weaker hint: it lifts every American Athens, but not
    # past a national capital.
    us = topo("Athens")
    resolve([us], Context(), home=Home("USA"))
    american = [e.index for e, _ in us.candidates if e.country == "USA" and e.index in us.scores]
    assert american and all(us.scores[i] > bare.scores[i] for i in american)
    assert us.pick is not None and us.pick.country == "GRC"


def test_places_home_point_decides_between_towns_of_other_regions() -> None:
    # A paper in western Kentucky: its "Union City" is the Tennessee town across the line,
    # not a bigger one in California, New Jersey or Georgia.
    bare = topo("Union City")
    resolve([bare], Context())
    assert bare.pick is not None and bare.pick.admin1 != "Tennessee"
    near = topo("Union City")
    resolve([near], Context(), home=Home("USA", "Kentucky", 36.6, -88.3))
    assert near.pick is not None and near.pick.admin1 == "Tennessee"


def test_places_home_loses_to_the_story_evidence() -> None:
    # A Tennessee paper's story about Ireland: the story's own places win.
    dublin, ireland, cork = topo("Dublin"), topo("Ireland", 2), topo("Cork", 4)
    resolve([dublin, ireland, cork], Context(countries=Counter({"IRL": 1.0})),
            home=Home("USA", "Tennessee"))
    assert dublin.pick is not None and dublin.pick.country == "IRL"
    gaz = load_gazetteer()
    texas = next(e for e, _ in gaz.lookup("Texas") if e.feature == "A.ADM1")
    paris = topo("Paris")
    paris.qualifier = texas
    resolve([paris], Context(), home=Home("USA", "Tennessee"))
    assert paris.pick is not None and paris.pick.admin1 == "Texas"


def _with_home(nlp, text: str, home: Home):
    """``text`` through the pipeline with its source's home set on the Doc first."""
    doc = nlp.make_doc(text)
    doc._.place_home = home
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


@pytest.mark.slow
def test_places_home_set_on_the_doc_before_the_pipeline(nlp) -> None:
    text = "The Athens city council voted on Monday to repave two streets."
    doc = nlp(text)
    assert [m.place.country for m in doc._.places if m.place.text == "Athens"] == ["GRC"]
    doc = _with_home(nlp, text, Home("USA", "Tennessee"))
    (athens,) = [m.place for m in doc._.places if m.place.text == "Athens"]
    assert athens.admin1 == "Tennessee"


@pytest.mark.slow
def test_places_home_region_finds_its_small_towns(nlp) -> None:
    # A village of a few hundred people is no place name for a paper elsewhere; for a paper
    # of its own region it is one.
    text = "Students at Vonore Middle School raised money for the food bank."
    assert not [m for m in nlp(text)._.places if m.place.text == "Vonore"]
    doc = _with_home(nlp, text, Home("USA", "Tennessee"))
    (vonore,) = [m.place for m in doc._.places if m.place.text == "Vonore"]
    assert vonore.admin1 == "Tennessee"


@pytest.mark.slow
def test_places_home_in_the_lgl_evaluation(nlp, tmp_path: Path) -> None:
    texts = ["Knoxville police arrested a man on Friday after a chase on the interstate.",
             "The Blount County school board approved a new budget for Maryville schools.",
             "A storm knocked down trees across Knoxville and Maryville overnight.",
             "The Athens library will reopen on Monday after the repairs."]
    arts = "".join(
        f"<article docid='{i}'><domain>paper.example</domain><text>{t}</text><toponyms>"
        + ("<toponym><start>4</start><end>10</end><phrase>Athens</phrase><gaztag geonameid='1'>"
           "<name>Athens</name><lat>35.44</lat><lon>-84.59</lon></gaztag></toponym>" if i == 3 else "")
        + "</toponyms></article>" for i, t in enumerate(texts))
    f = tmp_path / "g.xml"
    f.write_text(f"<articles>{arts}</articles>", "utf-8")
    articles = lgl.load_gold(f)
    assert {a["source"] for a in articles} == {"paper.example"}
    report = lgl.evaluate_articles(articles, nlp)
    s = report["summary"]
    assert s["articles_with_source_home"] == 4
    assert s["acc_at_161km_without_homes"] == 0.0 and s["acc_at_161km"] == 1.0


@pytest.mark.parametrize(("spec", "home"), [
    ("USA", Home("USA")), ("USA/Georgia", Home("USA", "Georgia")),
    (" GBR / West Midlands ", Home("GBR", "West Midlands")),
])
def test_places_home_parsed_from_a_spec(spec: str, home: Home) -> None:
    assert parse_home(spec) == home


@pytest.mark.parametrize("spec", ["US", "usa", "US/Texas", "USA/", "", "12A/Texas"])
def test_places_home_bad_spec_is_a_config_error(spec: str) -> None:
    with pytest.raises(ConfigError):
        parse_home(spec)


@pytest.mark.slow
def test_places_home_given_to_the_coder_decides_a_namesake() -> None:
    from cormorant import Coder, CoderConfig

    text = "Police in Birmingham arrested two men on Friday."
    plain = Coder(CoderConfig(relevance="all")).code_text(text)
    local = Coder(CoderConfig(relevance="all", home="USA/Alabama")).code_text(text)
    assert [p.country for p in plain.places if p.text == "Birmingham"] == ["GBR"]
    assert [(p.country, p.admin1) for p in local.places if p.text == "Birmingham"] \
        == [("USA", "Alabama")]
