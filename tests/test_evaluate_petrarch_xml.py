"""``evaluate --format petrarch-xml`` on records written for the tests, and on the shared set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cormorant.cli import main
from cormorant.evaluate import petrarch_xml
from cormorant.evaluate.split import half
from petrarch_snippets import write_set

PRAISE = ("(ROOT (S (NP (NNP Veloria)) (VP (VBD praised) (NP (NNP Quintar))) (. .)))")
GREET = ("(ROOT (S (NP (NNP Veloria) (CC and) (NNP Quintar)) (VP (VBD greeted) "
         "(NP (NNP Marrow) (NNP Isles))) (. .)))")
IGNORE = "(ROOT (S (NP (NNP Veloria)) (VP (VBD ignored) (NP (NNP Quintar))) (. .)))"


def _record(rid: str, category: str, codings: str, parse: str, date: str = "20020101") -> str:
    return (f'<Sentence date="{date}" id="{rid}" category="{category}" sentence="true">\n'
            f"{codings}\n<Text>\nmade-up sentence\n</Text>\n<Parse>\n{parse}\n</Parse>\n</Sentence>\n")


def _coding(src: str, tgt: str, code: str) -> str:
    return f'<EventCoding sourcecode="{src}" targetcode="{tgt}" eventcode="{code}"></EventCoding>'


RECORDS = [
    ("T-EXACT", "VERB", _coding("VEL", "QNT", "051"), PRAISE, "exact"),
    ("T-PARTIAL", "COMPOUND", _coding("VEL", "MRW", "045") + _coding("QNT", "MRW", "099"), GREET,
     "partial"),
    ("T-FAILED", "VERB", _coding("QNT", "VEL", "051"), PRAISE, "failed"),
    ("T-NOEVENTS", "PATTERN", '<EventCoding noevents="True"></EventCoding>', IGNORE, "exact"),
    ("T-ERROR", "ERROR", '<EventCoding error="bad_input_parse"></EventCoding>', "(ROOT (S (NP", "exact"),
    ("T-DATE", "DATE", _coding("VELGOV", "QNT", "051"),
     PRAISE.replace("(NNP Veloria)", "(NNP Ottla) (NNP Brandt)"), "exact"),
]


@pytest.fixture()
def gold(tmp_path: Path) -> Path:
    write_set(tmp_path)
    body = "".join(_record(r, c, cod, p) for r, c, cod, p, _ in RECORDS)
    env = ("<Environment><Verbfile>TEST.verbs.txt</Verbfile><Actorfile>TEST.actors.txt</Actorfile>"
           "<Agentfile>TEST.agents.txt</Agentfile><Discardfile>TEST.discards.txt</Discardfile>"
           "</Environment>")
    path = tmp_path / "unit.xml"
    path.write_text(f"<Validation>\n<!-- test records -->\n{env}\n<Sentences>\n{body}</Sentences>\n"
                    "</Validation>\n", "utf-8")
    return path


class _Config:
    dictionaries: tuple[str, ...] = ()


class _Coder:
    config = _Config()


def test_evaluate_petrarch_xml_exact_partial_failed(gold: Path) -> None:
    report = petrarch_xml.run(gold, _Coder())  # type: ignore[arg-type]
    results = {r["id"]: r["result"] for r in report["records_detail"]}
    assert results == {r: want for r, _, _, _, want in RECORDS}
    assert (report["records"], report["exact"], report["partial"], report["failed"]) == (6, 4, 1, 1)
    assert report["exact_share"] == round(4 / 6, 4)
    assert report["by_category"]["VERB"] == {
        "records": 2, "exact": 1, "partial": 0, "failed": 1, "exact_share": 0.5}
    for h, s in report["halves"].items():
        assert s["records"] == sum(1 for r, *_ in RECORDS if half(r) == h)


def test_evaluate_petrarch_xml_coded_events_name_dictionary_lines(gold: Path) -> None:
    report = petrarch_xml.run(gold, _Coder())  # type: ignore[arg-type]
    exact = next(r for r in report["records_detail"] if r["id"] == "T-EXACT")
    assert exact["coded"] == [{"source": "VEL", "target": "QNT", "code": "051",
                               "verb": "TEST.verbs.txt:12", "pattern": None}]


@pytest.mark.parametrize(("expected", "error", "coded", "cerr", "result"), [
    ([("A", "B", "01")], None, [("A", "B", "01")], None, "exact"),
    ([("A", "B", "01"), ("C", "B", "01")], None, [("A", "B", "01")], None, "partial"),
    ([("A", "B", "01")], None, [("A", "B", "01"), ("A", "C", "02")], None, "partial"),
    ([("A", "B", "01")], None, [], None, "failed"),
    ([], None, [], None, "exact"),
    ([], "storydiscard", [], "storydiscard", "exact"),
    ([], "storydiscard", [], "sentencediscard", "failed"),
    ([("A", "B", "01")], None, [], "sentencediscard", "failed"),
])
def test_evaluate_petrarch_xml_score(expected, error, coded, cerr, result) -> None:
    assert petrarch_xml.score(expected, error, coded, cerr) == result


def test_evaluate_petrarch_xml_cli_json(gold: Path) -> None:
    res = CliRunner().invoke(main, ["evaluate", str(gold), "--format", "petrarch-xml", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for key in ("records", "exact", "partial", "failed", "exact_share", "by_category"):
        assert key in data
    assert data["exact"] == 4


def test_evaluate_petrarch_xml_missing_dictionary(tmp_path: Path) -> None:
    from cormorant.errors import EvaluationError

    path = tmp_path / "unit.xml"
    path.write_text("<Validation><Environment><Verbfile>NONE.verbs.txt</Verbfile></Environment>"
                    "<Sentences></Sentences></Validation>", "utf-8")
    with pytest.raises(EvaluationError):
        petrarch_xml.run(path, _Coder())  # type: ignore[arg-type]


@pytest.mark.shared
def test_evaluate_petrarch_xml_unit_tests_check_half() -> None:
    """The PETRARCH unit tests with the PETR.Validate dictionaries: at least 85% exact on
    the check half (the issue's target; measured 90% when written)."""
    from conftest import shared_path
    from cormorant.evaluate import EvalOptions

    path = shared_path("gold", "petr_unittest_dev.xml")
    shared_path("reference", "petrarch2", "PETR.Validate.verbs.txt")
    report = petrarch_xml.run(path, _Coder(), EvalOptions(half="check"))  # type: ignore[arg-type]
    assert report["records"] > 80
    assert report["exact_share"] >= 0.85
