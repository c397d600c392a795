"""PETRARCH dictionaries in the real pipeline (``CoderConfig.dictionaries``)."""

from __future__ import annotations

import datetime as dt

import pytest

from cormorant.coding import Coder
from cormorant.config import CoderConfig
from petrarch_snippets import write_set


@pytest.fixture(scope="module")
def petrarch_coder(tmp_path_factory: pytest.TempPathFactory) -> Coder:
    folder = write_set(tmp_path_factory.mktemp("petrarch"))
    coder = Coder(CoderConfig(dictionaries=(f"petrarch:{folder}",), relevance="all"))
    coder.nlp  # noqa: B018 - build once
    return coder


@pytest.mark.slow
@pytest.mark.parametrize(("day", "code"), [
    (dt.date(2002, 5, 1), "VELGOV"), (dt.date(2008, 5, 1), "VELOPP")])
def test_dictionaries_pipeline_dated_actor_codes(petrarch_coder: Coder, day: dt.date,
                                                 code: str) -> None:
    doc = petrarch_coder.code_text("Ottla Brandt criticized the Japanese government on Monday.",
                                   date=day)
    sources = [e.source for e in doc.events if e.source is not None]
    assert sources, doc.events
    assert sources[0].code == code
    assert sources[0].entry == "TEST.actors.txt:10"


@pytest.mark.slow
def test_dictionaries_pipeline_mapped_verb_frame(petrarch_coder: Coder) -> None:
    doc = petrarch_coder.code_text("Japan lionized Ottla Brandt on Monday.", date=dt.date(2002, 5, 1))
    assert any(e.cameo == "053" and e.rule == "TEST.verbs.txt:31" for e in doc.events), doc.events


@pytest.mark.slow
def test_dictionaries_pipeline_load_figures_for_bench(tmp_path_factory: pytest.TempPathFactory) -> None:
    from cormorant.actors.dictionary import load_entries
    from cormorant.bench import dictionaries_load

    folder = write_set(tmp_path_factory.mktemp("petrarch"))
    config = CoderConfig(dictionaries=(f"petrarch:{folder}",), dictionary_mode="verbs=skip")
    report = dictionaries_load(config)
    assert report["dictionaries"] == [f"petrarch:{folder}"]
    assert report["dictionaries_actor_entries"] > len(load_entries(()))
    assert report["dictionaries_load_cpu_s"] > 0 and report["dictionaries_load_s"] > 0
    assert report["dictionaries_peak_rss_mb"] is not None
