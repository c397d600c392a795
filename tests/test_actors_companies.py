"""Company names (``cormorant.actors.companies``), on sentences written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def codes(nlp, text: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {doc[m.start:m.end].text: m.code for m in doc._.actors}


@pytest.mark.parametrize(("text", "name", "code"), [
    ("Acme Technologies Inc said its profit rose.", "Acme Technologies Inc", "BUS"),
    ("Fabrikam Holdings Ltd will cut 300 jobs.", "Fabrikam Holdings Ltd", "BUS"),
    # a country word inside the name gives its country, not a state
    ("The deal was signed with British Telecom on Monday.", "British Telecom", "GBRBUS"),
])
def test_actors_companies_name_is_business(nlp, text: str, name: str, code: str) -> None:
    assert codes(nlp, text)[name] == code


@pytest.mark.parametrize(("text", "name", "code"), [
    # a role noun right after the company's name is the company's, not a state official
    ("A Fabrikam Holdings Ltd spokesman said Kenya would buy the plant.", "spokesman", "BUS"),
    ("An Acme Technologies Inc official met Kenyan buyers.", "official", "BUS"),
    # across lower-case modifiers of the role
    ("Fabrikam Holdings Ltd senior vice president Ann Lee resigned.", "vice president Ann Lee",
     "BUS"),
    # "its" after a company as the last actor named in the sentence
    ("Fabrikam Holdings Ltd said its president had resigned.", "president", "BUS"),
    # ... but a country's own official stays the state's
    ("Kenya said its president would visit Fabrikam Holdings Ltd.", "president", "KENGOV"),
])
def test_actors_companies_role_after_the_name_is_the_companys(nlp, text: str, name: str,
                                                             code: str) -> None:
    assert codes(nlp, text)[name] == code


@pytest.mark.parametrize(("text", "name", "code"), [
    # an armed group or a state institution named "group" or "bank" stays what it is
    ("The Islamic State group attacked the town.", "Islamic State group", "IMGISI"),
    ("France condemned the attack.", "France", "FRA"),
])
def test_actors_companies_other_actors_unchanged(nlp, text: str, name: str, code: str) -> None:
    assert codes(nlp, text)[name] == code


def test_actors_companies_deal_between_firms_codes_nothing(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Acme Technologies Inc said it signed an agreement with British Telecom to sell phones."
    assert not coder.code_text(text).events


def test_actors_companies_deal_with_government_still_coded(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Acme Technologies Inc signed an agreement with the Kenyan government."
    assert [e.cameo for e in coder.code_text(text).events]
