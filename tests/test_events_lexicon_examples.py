"""Every lexicon frame that carries an ``example`` codes that example with itself.

The examples are sentences written for this project, one per frame; they document what
each frame is for and keep a later edit from silently disabling a frame.
"""

from __future__ import annotations

import pytest

from cormorant.events.lexicon import bundled_entries

EXAMPLES = [e for e in bundled_entries() if e.example]
LEXICON = {e.id: e for e in bundled_entries()}


@pytest.mark.slow
@pytest.mark.parametrize("entry", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_events_lexicon_example_codes_its_frame(coder, entry):
    coded = coder.code_text(entry.example, doc_id=entry.id, date=None)
    fired = {(e.rule, e.cameo) for e in coded.events}
    if entry.nonevent:
        # A declared non-event: its word codes nothing in its example.
        lemmas = {LEXICON[rule].lemma for rule, _ in fired if rule in LEXICON}
        assert entry.lemma not in lemmas, f"{entry.id}: {entry.example!r} coded {sorted(fired)}"
        return
    assert any(rule == entry.id for rule, _ in fired), (
        f"{entry.id} ({entry.cameo}) did not fire on {entry.example!r}; coded {sorted(fired)}"
    )


def test_events_lexicon_examples_present():
    # Guard against a loader change that drops the key: the bundled frames carry examples.
    assert EXAMPLES, "no bundled lexicon entry has an example"
