"""The bundled CAMEO and PLOVER tables."""

from __future__ import annotations

import pytest

from cormorant.errors import DictionaryError
from cormorant.ontology import (
    PLOVER_CATEGORIES,
    Ontology,
    default_ontology,
    normalise_plover,
    quad_class_of_root,
)


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return default_ontology()


def test_ontology_every_root_present(onto: Ontology) -> None:
    for r in range(1, 21):
        assert f"{r:02d}" in onto


def test_ontology_code_count(onto: Ontology) -> None:
    assert len(onto.cameo_codes) >= 280
    assert sum(1 for c in onto.cameo_codes if len(c) == 4) >= 100


def test_ontology_codes_nest_under_parents(onto: Ontology) -> None:
    for code in onto.cameo_codes:
        assert code[:2] in onto, code
        if len(code) == 4:
            assert code[:3] in onto, code


def test_ontology_goldstein_in_range(onto: Ontology) -> None:
    for c in onto.cameo_codes.values():
        assert -10.0 <= c.goldstein <= 10.0, c.code


def test_ontology_known_goldstein_values(onto: Ontology) -> None:
    assert onto.cameo("173").goldstein == -5.0
    assert onto.cameo("042").goldstein == 1.9
    assert onto.cameo("20").goldstein == -10.0


def test_ontology_quad_class_consistent_with_root(onto: Ontology) -> None:
    for c in onto.cameo_codes.values():
        assert c.quad_class == quad_class_of_root(c.root), c.code
    assert [quad_class_of_root(r) for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [
        1, 1, 2, 2, 3, 3, 4, 4,
    ]


def test_ontology_quad_class_rejects_bad_root() -> None:
    with pytest.raises(ValueError):
        quad_class_of_root("21")


def test_ontology_plover_names_valid(onto: Ontology) -> None:
    for c in onto.cameo_codes.values():
        assert c.plover is None or c.plover in PLOVER_CATEGORIES, c.code


def test_ontology_plover_modes_belong_to_category(onto: Ontology) -> None:
    for c in onto.cameo_codes.values():
        if c.plover_mode is not None:
            assert c.plover is not None
            assert c.plover_mode in onto.plover(c.plover).mode_ids, c.code


def test_ontology_statements_have_no_plover_and_appeals_are_requests(onto: Ontology) -> None:
    for c in onto.cameo_codes.values():
        if c.root == "01":
            assert c.plover is None, c.code
        elif c.root == "02":
            assert c.plover == "REQUEST", c.code
        else:
            assert c.plover is not None, c.code
    assert onto.cameo("0233").plover_mode == "assist"
    assert onto.cameo("026").plover_mode == "meet"


def test_ontology_plover_mapping_samples(onto: Ontology) -> None:
    assert onto.cameo("173").plover == "COERCE"
    assert onto.cameo("173").plover_mode == "arrest"
    assert onto.cameo("0841").plover == "RETREAT"
    assert onto.cameo("082").plover == "CONCEDE"
    assert onto.cameo("190").plover == "ASSAULT"
    assert onto.cameo("042").plover_mode == "visit"
    assert onto.cameo("163").plover == "COERCE"  # the 2021 table's own exception


def test_ontology_unknown_leaf_falls_back_to_parent(onto: Ontology) -> None:
    assert onto.cameo("0429").code == "042"
    with pytest.raises(KeyError):
        onto.cameo("99")


def test_ontology_sixteen_plover_categories(onto: Ontology) -> None:
    assert set(onto.plover_categories) == set(PLOVER_CATEGORIES)
    assert len(onto.plover("CONSULT").modes) >= 4
    assert onto.plover("SANCTION").quad == 3


@pytest.mark.parametrize(
    ("old", "new"),
    [("DEMAND", "REQUEST"), ("disapprove", "ACCUSE"), ("INVESTIGATE", "ACCUSE"),
     (" Fight ", "ASSAULT"), ("assault", "ASSAULT"), ("AGREE", "AGREE")],
)
def test_ontology_old_name_normalisation(old: str, new: str) -> None:
    assert normalise_plover(old) == new


def test_ontology_lookup_by_old_plover_name(onto: Ontology) -> None:
    assert onto.plover("demand").id == "REQUEST"
    with pytest.raises(KeyError):
        onto.plover("CRIME")


@pytest.mark.parametrize(
    "item",
    [
        {"code": "190", "name": "x", "goldstein": -11, "quad_class": 4},
        {"code": "190", "name": "x", "goldstein": 1, "quad_class": 4, "plover": "CRIME"},
        {"code": "19a", "name": "x", "goldstein": 1, "quad_class": 4},
        {"code": "190", "name": "x", "quad_class": 4},
    ],
)
def test_ontology_bad_entry_raises(item: dict[str, object]) -> None:
    with pytest.raises(DictionaryError):
        Ontology.from_data([item])


def test_ontology_duplicate_code_raises() -> None:
    item = {"code": "190", "name": "x", "goldstein": 1, "quad_class": 4}
    with pytest.raises(DictionaryError, match="duplicate"):
        Ontology.from_data([item, item])


def test_ontology_old_names_in_data_are_normalised() -> None:
    o = Ontology.from_data([{"code": "100", "name": "x", "goldstein": -5, "quad_class": 3,
                             "plover": "DEMAND"}])
    assert o.cameo("100").plover == "REQUEST"
