"""Cleaning article text: boilerplate, headline, unwrapping, dates found in the text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cormorant.errors import DictionaryError
from cormorant.ingest import read_documents
from cormorant.ingest.clean import (
    CleanWords,
    dateline_date,
    load_clean_words,
    prepare_text,
    unwrap,
)
from cormorant.ingest.detect import detect_format
from cormorant.records import Document

BODY = ("Government troops recaptured the river port after two days of fighting, the defence "
        "ministry said in a statement.\n\nAid agencies said thousands had fled the area.")


def test_ingest_drops_leading_boilerplate_and_takes_headline() -> None:
    raw = f"Accessibility links\n\nBreaking News\n\nSkip to main content\n\nArmy retakes port\n\n{BODY}"
    p = prepare_text(raw)
    assert p.title == "Army retakes port"
    assert p.text == BODY
    assert p.date is None


@pytest.mark.parametrize(
    ("headline", "date"),
    [
        ("Army Retakes River Port - 2002-05-09", dt.date(2002, 5, 9)),
        ("Army Retakes River Port \u2013 May 9, 2002", dt.date(2002, 5, 9)),
        ("Army Retakes River Port | 9 May 2002", dt.date(2002, 5, 9)),
        ("Army Retakes River Port (May 9, 2002)", dt.date(2002, 5, 9)),
    ],
)
def test_ingest_headline_with_date(headline: str, date: dt.date) -> None:
    p = prepare_text(f"{headline}\n\n{BODY}")
    assert p.title == "Army Retakes River Port"
    assert p.date == date and p.date_source == "headline"
    assert p.text == BODY


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("This story is from March 10, 2002", dt.date(2002, 3, 10)),
        ("Published: 9 May 2002 14:03 GMT", dt.date(2002, 5, 9)),
        ("Posted on Thursday, May 9, 2002", dt.date(2002, 5, 9)),
        ("Last updated: 2002-05-09T10:00:00Z", dt.date(2002, 5, 9)),
        ("Thursday, 9 May 2002", dt.date(2002, 5, 9)),
    ],
)
def test_ingest_date_line_at_top(line: str, date: dt.date) -> None:
    p = prepare_text(f"Skip to content\n{line}\n\n{BODY}")
    assert p.date == date and p.date_source == "text"
    assert p.text == BODY


def test_ingest_line_starting_with_date_is_not_a_date_line() -> None:
    text = f"May 9 2002: talks collapse\n\n{BODY}"
    p = prepare_text(text)
    assert p.date_source != "text"
    assert "talks collapse" in (p.title or "") + p.text


def test_ingest_date_line_in_footer() -> None:
    p = prepare_text(f"{BODY}\n\nThis story is from March 10, 2002\n\nShare this article\nPrint")
    assert p.date == dt.date(2002, 3, 10)
    assert p.text == BODY


def test_ingest_footer_block_dropped() -> None:
    p = prepare_text(f"{BODY}\n\nRelated stories\nFloods hit the north\nMinister resigns\n"
                     "Copyright 2002 The Paper")
    assert p.text == BODY


def test_ingest_sentence_first_line_is_not_a_headline() -> None:
    text = "Troops entered the town on Monday.\n\nResidents fled to the hills."
    p = prepare_text(text)
    assert p.title is None and p.text == text


def test_ingest_byline_dropped() -> None:
    p = prepare_text(f"By Jane Okafor\n\n{BODY}")
    assert p.text == BODY


@pytest.mark.parametrize(
    ("para", "anchor", "date"),
    [
        ("BEIJING, May 9 (Reuters) - China said", dt.date(2002, 5, 10), dt.date(2002, 5, 9)),
        ("BEIJING, May 9, 2002 (Reuters) - China said", None, dt.date(2002, 5, 9)),
        ("Beijing, Dec. 30 (Xinhua) -- China said", dt.date(2003, 1, 2), dt.date(2002, 12, 30)),
        ("LAGOS, Nigeria, March 3 - The army said", dt.date(2004, 3, 3), dt.date(2004, 3, 3)),
        ("BEIJING, May 9 (Reuters) - China said", None, None),
        ("Beijing, May 9 - China said", dt.date(2002, 5, 10), None),
        ("China said on May 9 that", dt.date(2002, 5, 10), None),
    ],
)
def test_ingest_dateline(para: str, anchor: dt.date | None, date: dt.date | None) -> None:
    assert dateline_date(para, anchor) == date


def test_ingest_dateline_via_reader_uses_default_date_for_year(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("KABUL, Oct. 7 (Reuters) - Officials said talks would resume.\n", "utf-8")
    (doc,) = read_documents([path], default_date=dt.date(2001, 10, 8), file_dates=False)
    assert isinstance(doc, Document)
    assert doc.date == dt.date(2001, 10, 7) and doc.date_source == "dateline"
    assert doc.text.startswith("KABUL")


def test_ingest_date_precedence(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "r", "date": "1999-01-02", "text": "Published: 9 May 2002\\n\\n'
                    'Talks ended."}\n', "utf-8")
    (rec,) = read_documents([path], default_date=dt.date(2010, 1, 1))
    assert isinstance(rec, Document) and rec.date == dt.date(1999, 1, 2)
    assert rec.date_source == "given" and rec.text == "Talks ended."
    text = tmp_path / "t.txt"
    text.write_text("Published: 9 May 2002\n\nTalks ended.", "utf-8")
    (doc,) = read_documents([text], default_date=dt.date(2010, 1, 1))
    assert isinstance(doc, Document) and doc.date == dt.date(2002, 5, 9)


def test_ingest_unparseable_record_date_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "r", "date": "sometime", "text": "Talks ended."}\n', "utf-8")
    (doc,) = read_documents([path], default_date=dt.date(2010, 1, 1))
    assert isinstance(doc, Document) and doc.date_source == "default-date"


def test_ingest_unwrap_newswire() -> None:
    wrapped = ("The central bank raised its main lending rate by half a point\n"
               "on Tuesday, citing rising prices for fuel and food across the\n"
               "country over the past three months.\n"
               "    The governor said further rises could not be ruled out if\n"
               "inflation stayed above the target for the rest of the year.\n"
               "    Markets had expected the move.\n")
    out = unwrap(wrapped)
    assert out.split("\n\n") == [
        "The central bank raised its main lending rate by half a point on Tuesday, citing "
        "rising prices for fuel and food across the country over the past three months.",
        "The governor said further rises could not be ruled out if inflation stayed above the "
        "target for the rest of the year.",
        "Markets had expected the move.",
    ]


def test_ingest_unwrap_short_first_line_continues() -> None:
    wrapped = ("The Northern Mills Co said it has\n"
               "agreed to buy a rival flour maker for an undisclosed sum in a deal\n"
               "that still needs the approval of the competition authority.\n"
               "    The company said the purchase would be paid for in cash and\n"
               "completed by the end of the year if regulators agree to it.\n")
    p = prepare_text(wrapped)
    assert p.title is None
    assert p.text.startswith("The Northern Mills Co said it has agreed to buy")
    assert len(p.text.split("\n\n")) == 2


def test_ingest_unwrap_leaves_paragraph_text_alone() -> None:
    assert unwrap(BODY) == BODY


def test_ingest_control_entities_removed() -> None:
    assert prepare_text("Talks ended.\n Reuter\n&#3;").text == "Talks ended."


@pytest.mark.parametrize(
    ("head", "suffix", "fmt"),
    [
        ('{"id": 1, "text": "x"}\n{"id": 2, "text": "y"}', "", "jsonl"),
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "", "html"),
        ("<div><p>One</p><p>Two</p></div>", "", "html"),
        ("Troops <b>moved</b> in.", "", "text"),
        ("Plain words.", ".jsonl", "jsonl"),
        ("<html><body>x</body></html>", ".txt", "html"),
        ("A story about <p> tags.", ".txt", "text"),
        ("Plain words.", ".html", "text"),
        ("{not json but a text about braces}", "", "text"),
    ],
)
def test_ingest_detect_format(head: str, suffix: str, fmt: str) -> None:
    assert detect_format(head, suffix) == fmt


def test_ingest_clean_word_lists_come_from_the_data_file() -> None:
    words = load_clean_words()
    assert {"skip to main content", "reuter"} <= words.boilerplate
    assert {"th", "pm"} <= words.date_fillers


def test_ingest_clean_words_are_an_explicit_config(tmp_path: Path) -> None:
    raw = f"{BODY}\n\nBottom line"
    assert prepare_text(raw).text.endswith("Bottom line")
    words = CleanWords.from_data({"boilerplate_lines": ["Bottom line"], "date_fillers": []})
    assert prepare_text(raw, words=words).text == BODY
    f = tmp_path / "a.txt"
    f.write_text(raw, "utf-8")
    [doc] = read_documents([f], clean_words=words)
    assert isinstance(doc, Document) and doc.text == BODY


def test_ingest_clean_words_bad_table() -> None:
    with pytest.raises(DictionaryError, match="date_fillers"):
        CleanWords.from_data({"boilerplate_lines": []})
