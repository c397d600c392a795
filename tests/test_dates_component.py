"""The ``cormorant_dates`` component: hand-built parses (fast) and the real pipeline (slow)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from cormorant.dates.component import DateResolver
from cormorant.nlp.extensions import register_extensions
from cormorant.nlp.mentions import EventMention

THU = dt.date(2002, 5, 9)
Tok = tuple[str, int, str, str, str]  # word, head index, dep, pos, entity IOB tag


@pytest.fixture(scope="module")
def blank() -> Language:
    register_extensions()
    return spacy.blank("en")


@pytest.fixture(scope="module")
def resolver(blank: Language) -> DateResolver:
    r = DateResolver(blank)
    r.initialize(lambda: [], nlp=blank)
    return r


def parsed(nlp: Language, toks: list[Tok], date: dt.date | None) -> Doc:
    doc = Doc(nlp.vocab, words=[t[0] for t in toks], heads=[t[1] for t in toks],
              deps=[t[2] for t in toks], pos=[t[3] for t in toks], ents=[t[4] for t in toks])
    doc._.document_date = date
    return doc


def run(resolver: DateResolver, doc: Doc, *triggers: int) -> list[EventMention]:
    doc._.events = [EventMention(0, i, i + 1, "010", "test") for i in triggers]
    resolver(doc)
    return list(doc._.events)


# "Officials said on Thursday that police arrested two men on Wednesday ."
SAID_ARRESTED: list[Tok] = [
    ("Officials", 1, "nsubj", "NOUN", "O"), ("said", 1, "ROOT", "VERB", "O"),
    ("on", 1, "prep", "ADP", "O"), ("Thursday", 2, "pobj", "PROPN", "B-DATE"),
    ("that", 6, "mark", "SCONJ", "O"), ("police", 6, "nsubj", "NOUN", "O"),
    ("arrested", 1, "ccomp", "VERB", "O"), ("two", 8, "nummod", "NUM", "O"),
    ("men", 6, "dobj", "NOUN", "O"), ("on", 6, "prep", "ADP", "O"),
    ("Wednesday", 9, "pobj", "PROPN", "B-DATE"), (".", 1, "punct", "PUNCT", "O"),
]


def test_dates_attached_expression_wins(blank: Language, resolver: DateResolver) -> None:
    said, arrested = run(resolver, parsed(blank, SAID_ARRESTED, THU), 1, 6)
    assert (said.date, said.date_precision) == (THU, "day")
    assert (arrested.date, arrested.date_precision) == (dt.date(2002, 5, 8), "day")
    assert arrested.notes["date_expr"] == "Wednesday"
    assert arrested.notes["date_rule"] == "attached"


def test_dates_governing_clause_date_reaches_down(blank: Language, resolver: DateResolver) -> None:
    toks = [t if t[0] != "Wednesday" else ("Wednesday", 9, "pobj", "PROPN", "O") for t in SAID_ARRESTED]
    toks = toks[:9] + [(".", 1, "punct", "PUNCT", "O")]  # "... arrested two men ."
    (arrested,) = run(resolver, parsed(blank, toks, THU), 6)
    assert arrested.date == THU and arrested.notes["date_rule"] == "governing"


def test_dates_clause_under_trigger_does_not_date_it(blank: Language, resolver: DateResolver) -> None:
    toks = SAID_ARRESTED[:2] + [("that", 4, "mark", "SCONJ", "O")] + [
        (w, h - 2 if h > 2 else h, d, p, e) for w, h, d, p, e in SAID_ARRESTED[5:]]
    doc = parsed(blank, toks, THU)  # "Officials said that police arrested two men on Wednesday ."
    assert doc[4].text == "arrested" and doc[8].text == "Wednesday"
    said, arrested = run(resolver, doc, 1, 4)
    assert said.date == THU and said.notes["date_rule"] == "document"
    assert arrested.date == dt.date(2002, 5, 8)


def test_dates_conjoined_verbs_share_a_date(blank: Language, resolver: DateResolver) -> None:
    toks: list[Tok] = [
        ("Rebels", 1, "nsubj", "NOUN", "O"), ("crossed", 1, "ROOT", "VERB", "O"),
        ("the", 3, "det", "DET", "O"), ("border", 1, "dobj", "NOUN", "O"),
        ("and", 1, "cc", "CCONJ", "O"), ("seized", 1, "conj", "VERB", "O"),
        ("a", 7, "det", "DET", "O"), ("village", 5, "dobj", "NOUN", "O"),
        ("Wednesday", 5, "npadvmod", "PROPN", "B-DATE"), (".", 1, "punct", "PUNCT", "O"),
    ]
    crossed, seized = run(resolver, parsed(blank, toks, THU), 1, 5)
    assert seized.date == dt.date(2002, 5, 8) and seized.notes["date_rule"] == "attached"
    assert crossed.date == dt.date(2002, 5, 8) and crossed.notes["date_rule"] == "shared"


def test_dates_infinitive_future_only_under_future_verbs(
    blank: Language, resolver: DateResolver
) -> None:
    def sent(gov: str, gov_lemma: str) -> Doc:
        toks: list[Tok] = [
            ("Leaders", 1, "nsubj", "NOUN", "O"), (gov, 1, "ROOT", "VERB", "O"),
            ("to", 3, "aux", "PART", "O"), ("meet", 1, "xcomp", "VERB", "O"),
            ("on", 3, "prep", "ADP", "O"), ("Friday", 4, "pobj", "PROPN", "B-DATE"),
            (".", 1, "punct", "PUNCT", "O"),
        ]
        doc = parsed(blank, toks, THU)
        doc[1].lemma_ = gov_lemma
        return doc

    (meet,) = run(resolver, sent("plan", "plan"), 3)
    assert meet.date == dt.date(2002, 5, 10)
    (meet,) = run(resolver, sent("continued", "continue"), 3)
    assert meet.date == dt.date(2002, 5, 3)


def test_dates_cue_word_outside_entities(blank: Language, resolver: DateResolver) -> None:
    toks = [(w, h, d, p, "O") for w, h, d, p, _ in SAID_ARRESTED]
    said, arrested = run(resolver, parsed(blank, toks, THU), 1, 6)
    assert said.date == THU and arrested.date == dt.date(2002, 5, 8)


# "The minister , who took office in March , criticised the plan ."
RELCL: list[Tok] = [
    ("The", 1, "det", "DET", "O"), ("minister", 9, "nsubj", "NOUN", "O"),
    (",", 1, "punct", "PUNCT", "O"), ("who", 4, "nsubj", "PRON", "O"),
    ("took", 1, "relcl", "VERB", "O"), ("office", 4, "dobj", "NOUN", "O"),
    ("in", 4, "prep", "ADP", "O"), ("March", 6, "pobj", "PROPN", "B-DATE"),
    (",", 1, "punct", "PUNCT", "O"), ("criticised", 9, "ROOT", "VERB", "O"),
    ("the", 11, "det", "DET", "O"), ("plan", 9, "dobj", "NOUN", "O"),
    (".", 9, "punct", "PUNCT", "O"),
]


def test_dates_relative_clause_date_is_not_borrowed(blank: Language, resolver: DateResolver) -> None:
    took, criticised = run(resolver, parsed(blank, RELCL, THU), 4, 9)
    assert (took.date, took.date_precision) == (dt.date(2002, 3, 1), "month")
    assert (criticised.date, criticised.date_precision) == (THU, "day")
    assert criticised.notes["date_rule"] == "document"


def test_dates_no_anchor(blank: Language, resolver: DateResolver) -> None:
    took, criticised = run(resolver, parsed(blank, RELCL, None), 4, 9)
    assert took.date is None and took.date_precision is None
    assert criticised.date is None
    year = [t if t[0] != "March" else ("2001", 6, "pobj", "NUM", "B-DATE") for t in RELCL]
    took, _ = run(resolver, parsed(blank, year, None), 4, 9)
    assert (took.date, took.date_precision) == (dt.date(2001, 1, 1), "year")


# "Leaders will meet on Friday ."
FUTURE: list[Tok] = [
    ("Leaders", 2, "nsubj", "NOUN", "O"), ("will", 2, "aux", "AUX", "O"),
    ("meet", 2, "ROOT", "VERB", "O"), ("on", 2, "prep", "ADP", "O"),
    ("Friday", 3, "pobj", "PROPN", "B-DATE"), (".", 2, "punct", "PUNCT", "O"),
]


def test_dates_future_tense_looks_ahead(blank: Language, resolver: DateResolver) -> None:
    (meet,) = run(resolver, parsed(blank, FUTURE, THU), 2)
    assert meet.date == dt.date(2002, 5, 10)
    past = [t if t[0] != "will" else ("did", 2, "aux", "AUX", "O") for t in FUTURE]
    (met,) = run(resolver, parsed(blank, past, THU), 2)
    assert met.date == dt.date(2002, 5, 3)


def test_dates_follow_up_takes_previous_date(blank: Language, resolver: DateResolver) -> None:
    toks: list[Tok] = [
        ("In", 3, "prep", "ADP", "O"), ("March", 0, "pobj", "PROPN", "B-DATE"),
        ("refugees", 3, "nsubj", "NOUN", "O"), ("fled", 3, "ROOT", "VERB", "O"),
        (".", 3, "punct", "PUNCT", "O"),
        ("A", 6, "det", "DET", "B-DATE"), ("day", 7, "npadvmod", "NOUN", "I-DATE"),
        ("later", 9, "advmod", "ADV", "I-DATE"), ("they", 9, "nsubj", "PRON", "O"),
        ("returned", 9, "ROOT", "VERB", "O"), (".", 9, "punct", "PUNCT", "O"),
    ]
    fled, returned = run(resolver, parsed(blank, toks, THU), 3, 9)
    assert (fled.date, fled.date_precision) == (dt.date(2002, 3, 1), "month")
    assert (returned.date, returned.date_precision) == (dt.date(2002, 3, 1), "month")
    assert returned.notes["date_rule"] == "follow"
    day = [t if t[0] != "March" else ("Monday", 0, "pobj", "PROPN", "B-DATE") for t in toks]
    _, returned = run(resolver, parsed(blank, day, THU), 3, 9)
    assert (returned.date, returned.date_precision) == (dt.date(2002, 5, 7), "day")


@pytest.mark.parametrize("anchor", [dt.datetime(2002, 5, 9, 15, 30), "2002-05-09", THU])
def test_dates_document_date_types(blank: Language, resolver: DateResolver, anchor: object) -> None:
    doc = parsed(blank, FUTURE, None)
    doc._.document_date = anchor
    (meet,) = run(resolver, doc, 2)
    assert meet.date == dt.date(2002, 5, 10)


def test_dates_preset_date_kept(blank: Language, resolver: DateResolver) -> None:
    doc = parsed(blank, FUTURE, THU)
    ev = EventMention(0, 2, 3, "036", "test", date=dt.date(1999, 1, 1), date_precision="year")
    doc._.events = [ev]
    resolver(doc)
    assert (ev.date, ev.date_precision) == (dt.date(1999, 1, 1), "year")


def test_dates_no_events_is_a_no_op(blank: Language, resolver: DateResolver) -> None:
    doc = parsed(blank, FUTURE, THU)
    assert resolver(doc) is doc and doc._.events is None


def test_dates_to_disk_round_trip(blank: Language, resolver: DateResolver, tmp_path: Path) -> None:
    resolver.to_disk(tmp_path / "dates")
    other = DateResolver(blank).from_disk(tmp_path / "dates")
    assert other.cues == resolver.cues
    (meet,) = run(other, parsed(blank, FUTURE, THU), 2)
    assert meet.date == dt.date(2002, 5, 10)


def _real(nlp: Language, text: str, date: dt.date | None, *trigger_words: str) -> list[EventMention]:
    doc = nlp.make_doc(text)
    doc._.document_date = date
    for name, proc in nlp.pipeline:
        if not name.startswith("cormorant_"):  # the parse and entities only
            doc = proc(doc)
    events = []
    for w in trigger_words:
        tok = next(t for t in doc if t.text == w)
        events.append(EventMention(0, tok.i, tok.i + 1, "010", "test"))
    doc._.events = events
    nlp.get_pipe("cormorant_dates")(doc)
    return events


@pytest.mark.slow
def test_dates_real_pipeline_weekdays(nlp: Language) -> None:
    text = ("The ambassador was summoned earlier Thursday. Rebels crossed the border Wednesday "
            "and seized a village. In March, the army shelled the town.")
    summoned, crossed, seized, shelled = _real(nlp, text, THU, "summoned", "crossed", "seized",
                                               "shelled")
    assert (summoned.date, summoned.date_precision) == (THU, "day")
    assert crossed.date == dt.date(2002, 5, 8)
    assert seized.date == dt.date(2002, 5, 8)
    assert (shelled.date, shelled.date_precision) == (dt.date(2002, 3, 1), "month")


@pytest.mark.slow
def test_dates_real_pipeline_reporting_and_fallback(nlp: Language) -> None:
    text = ("The minister said on Tuesday that troops had withdrawn from the area last week. "
            "Talks continue.")
    said, withdrawn, continue_ = _real(nlp, text, THU, "said", "withdrawn", "continue")
    assert said.date == dt.date(2002, 5, 7)
    assert (withdrawn.date, withdrawn.date_precision) == (dt.date(2002, 4, 29), "week")
    assert (continue_.date, continue_.date_precision) == (THU, "day")
    (said,) = _real(nlp, "The minister said so.", None, "said")
    assert said.date is None


@pytest.mark.slow
@pytest.mark.parametrize(("text", "date", "precision"), [
    ("Troops opened fire on protesters at 1900 hours on Tuesday.", dt.date(1987, 3, 3), "day"),
    ("Police arrested 20 people at 1900 local time.", dt.date(1987, 3, 5), "day"),
    ("The army shelled the town at 1800 hrs, residents said.", dt.date(1987, 3, 5), "day"),
    ("Police arrested 20 activists in 1985, the rights group said.", dt.date(1985, 1, 1), "year"),
])
def test_dates_clock_time_is_not_a_year(coder, text: str, date: dt.date, precision: str) -> None:
    events = coder.code_text(text, date=dt.date(1987, 3, 5)).events
    assert events, text
    assert {(e.date, e.date_precision) for e in events} == {(date, precision)}
