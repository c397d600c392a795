"""``cormorant places`` through click's runner, and the seed article's places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import shared_path
from cormorant.cli import main
from cormorant.cli.places import PLACE_COLUMNS
from cormorant.places.gazetteer import haversine_km

pytestmark = pytest.mark.slow


@pytest.fixture
def runner(coder, monkeypatch) -> CliRunner:
    import cormorant.cli.places as places_cli

    monkeypatch.setattr(places_cli, "make_coder", lambda: coder)
    return CliRunner()


def test_places_cli_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "storm.txt"
    f.write_text("A storm hit Paris, Texas, on Sunday. Beijing says it will send aid.", "utf-8")
    res = runner.invoke(main, ["places", str(f), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    recs = [json.loads(x) for x in res.stdout.splitlines()]
    assert [tuple(r) for r in recs] == [PLACE_COLUMNS] * len(recs)
    by_text = {r["text"]: r for r in recs}
    assert by_text["Paris"]["admin1"] == "Texas" and by_text["Paris"]["doc_id"] == "storm"
    assert by_text["Paris"]["span"] == [12, 17]
    assert by_text["Beijing"]["metonymic"] is True and by_text["Beijing"]["country"] == "CHN"
    assert "3 toponyms" in res.stderr


def test_places_cli_table_and_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Floods swept through Dhaka.", "utf-8")
    res = runner.invoke(main, ["places", str(f), "--format", "table"])
    assert res.exit_code == 0 and "Dhaka" in res.stdout and "BGD" in res.stdout
    res = runner.invoke(main, ["places", str(tmp_path / "nope.txt")])
    assert "skipped" in res.stderr and "0 toponyms" in res.stderr


def test_places_seed_article_detention_in_shenyang(coder) -> None:
    from cormorant.ingest import read_documents

    path = shared_path("seed", "voa-2002-05-09-north-korean-asylum-seekers.txt")
    doc = next(iter(read_documents([path])))
    res = coder.code(doc)
    shenyang = [p for p in res.places if p.name == "Shenyang"]
    assert shenyang and all(p.country == "CHN" and not p.metonymic for p in shenyang)
    assert haversine_km(shenyang[0].lat, shenyang[0].lon, 41.8, 123.4) < 20
    assert any(p.name == "Beijing" and p.metonymic for p in res.places)  # "Beijing is taking..."
    detentions = [e for e in res.events if e.trigger.text.lower().startswith("detain")]
    assert detentions, "the event stage coded no detention in the seed article"
    located = [e.location for e in detentions if e.location is not None]
    assert any(p.name == "Shenyang" and haversine_km(p.lat, p.lon, 41.8, 123.4) < 20 for p in located)
