"""Frame triggers found once per document, and the sentences the event stage may skip."""

from __future__ import annotations

import pytest

from cormorant.base.tokens import token_table
from cormorant.events.frames import triggers
from cormorant.events.lexicon import Entry
from cormorant.events.roles import ActorIndex


def test_events_frames_object_index_by_word():
    e = Entry(id="x.v", lemma="hold", cameo="040",
              object=(("peace", "talk"), ("talk",), ("summit",)))
    by_word, single = e.object_index
    assert by_word["talk"] == (("peace", "talk"), ("talk",))
    assert by_word["peace"] == (("peace", "talk"),)
    assert single == frozenset({"talk", "summit"})


@pytest.mark.slow
def test_events_frames_triggers_are_framed_tokens(nlp):
    doc = nlp("Police arrested three protesters near the old bridge on Monday.")
    coder = nlp.get_pipe("cormorant_events")
    [found] = triggers(coder.lexicon, doc, token_table(doc), coder.words.verb_fixes)
    words = [t.text for t, _ in found]
    assert "arrested" in words
    assert not {"bridge", "Monday", "near", "."} & set(words)
    arrested = next(entries for t, entries in found if t.text == "arrested")
    assert all(e.lemma == "arrest" for e in arrested)


@pytest.mark.slow
def test_events_frames_triggers_only_in_given_sentences(nlp):
    doc = nlp("Troops attacked the village. Police arrested two men.")
    coder = nlp.get_pipe("cormorant_events")
    table = token_table(doc)
    assert len(table.sents) == 2
    both = triggers(coder.lexicon, doc, table, coder.words.verb_fixes)
    assert both[0] and both[1]
    second = triggers(coder.lexicon, doc, table, coder.words.verb_fixes, {1})
    assert second[0] == [] and [t.i for t, _ in second[1]] == [t.i for t, _ in both[1]]


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The talks collapsed late on Friday. France condemned the attack on the embassy.",
    "The strike ended after a week. Russian troops shelled the town.",
    "Somebody threatened to resign. The Kenyan police arrested a journalist.",
])
def test_events_component_sentence_without_actor_codes_nothing(nlp, text):
    # The event stage skips sentences with no actor or place mention: none of their
    # framed words may code an event even when tried.
    doc = nlp(text)
    coder = nlp.get_pipe("cormorant_events")
    table = token_table(doc)
    index = ActorIndex(doc, doc._.actors, doc._.places, coder.words)
    busy = {table.sent_of[i] for i, here in enumerate(index.owner) if here} \
        | {table.sent_of[i] for i in index.places}
    by_sentence = triggers(coder.lexicon, doc, table, coder.words.verb_fixes)
    idle = [si for si, found in enumerate(by_sentence) if found and si not in busy]
    assert idle, "the text must have a framed word in a sentence with no actor"
    for si in idle:
        assert coder._code_sentence(doc, by_sentence[si], si, index) == []
    assert any(ev.sentence_index in busy for ev in doc._.events)
