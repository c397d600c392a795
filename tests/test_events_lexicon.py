"""The event lexicon and modality tables: validity, coverage, user overrides, serialisation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cormorant.errors import DictionaryEntryError, DictionaryError
from cormorant.events.component import EventCoder
from cormorant.events.lexicon import (
    GOVERNS_VALUES,
    MODES,
    Lexicon,
    bundled_entries,
    bundled_modes,
    parse_entry,
    read_file,
)
from cormorant.ontology import default_ontology

ENTRIES = bundled_entries()


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_events_lexicon_entry_valid(entry):
    ontology = default_ontology()
    assert entry.nonevent or entry.cameo in ontology, (
        f"{entry.id}: {entry.cameo} is not in the CAMEO table")
    assert entry.lemma == entry.lemma.lower() and entry.lemma.strip()
    assert entry.governs is None or entry.governs in GOVERNS_VALUES
    # Round trip through the documented dict form gives the same entry.
    assert parse_entry(entry.to_dict(), "roundtrip") == entry


def test_events_lexicon_ids_unique():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))


def test_events_lexicon_coverage():
    codes = {e.cameo for e in ENTRIES if not e.nonevent}
    leaves = {c for c in codes if len(c) >= 3}
    assert len(leaves) >= 150, f"only {len(leaves)} distinct leaf codes"
    roots = {c[:2] for c in codes}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_events_lexicon_named_frames_present():
    by_id = {e.id: e for e in ENTRIES}
    expected = {
        "detain.v": "173", "take-away.v": "173", "summon-diplomat.v": "114",
        "deliver-protest.v": "114", "negotiate.v": "046", "seek-asylum.v": "023",
        "demand-asylum.v": "103", "sever-ties.v": "161", "restore-ties.v": "054",
        "deport.v": "174", "repatriate.v": "174", "send-home.v": "174", "grant-asylum.v": "075",
        "step-up-security.v": "153", "detention.n": "173", "talk.n": "046",
    }
    for entry_id, code in expected.items():
        assert by_id[entry_id].cameo == code


def test_events_lexicon_modality_codes_exist():
    ontology = default_ontology()
    modes = bundled_modes()
    assert set(modes) == set(MODES)
    for mode, table in modes.items():
        for prefix, code in table.items():
            assert code == "keep" or code in ontology, f"{mode} {prefix} -> {code}"


def test_events_lexicon_transforms():
    lex = Lexicon.load()
    assert lex.transform("threat", "163") == "1312"
    assert lex.transform("threat", "161") == "1313"
    assert lex.transform("refuse", "036") == "125"
    assert lex.transform("refuse", "0841") == "1243"
    assert lex.transform("intent", "073") == "0333"
    assert lex.transform("intent", "1723") == "1323"  # a stated plan to coerce is a threat
    assert lex.transform("demand", "0841") == "1053"
    assert lex.transform("appeal", "046") == "026"
    assert lex.transform("refuse", "190") is None  # "refused to attack": kept, marked negated


def _write(tmp_path: Path, name: str, data: object) -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data), "utf-8")
    return p


def test_events_lexicon_user_file_overrides_and_adds(tmp_path):
    p = _write(tmp_path, "mine.yaml", {"entries": [
        {"id": "detain.v", "lemma": "detain", "cameo": "1711"},
        {"id": "kettle.v", "lemma": "kettle", "cameo": "175", "note": "police tactic"},
    ]})
    lex = Lexicon.load([p])
    assert lex.by_id["detain.v"].cameo == "1711"
    assert [e.id for e in lex.candidates("verb", "detain")] == ["detain.v"]
    assert lex.candidates("verb", "kettle")[0].cameo == "175"
    assert len(lex.entries) == len(ENTRIES) + 1


def test_events_lexicon_component_initialize_with_extra_files(tmp_path):
    p = tmp_path / "extra.jsonl"
    p.write_text('{"id": "kettle.v", "lemma": "kettle", "cameo": "175"}\n', "utf-8")
    coder = EventCoder(None)  # type: ignore[arg-type]
    coder.initialize(lambda: [], extra_files=[p])
    assert coder.lexicon.by_id["kettle.v"].cameo == "175"


def test_events_lexicon_to_disk_from_disk(tmp_path):
    p = _write(tmp_path, "mine.yaml", [{"id": "kettle.v", "lemma": "kettle", "cameo": "175"}])
    coder = EventCoder(None)  # type: ignore[arg-type]
    coder.initialize(lambda: [], extra_files=[p])
    coder.to_disk(tmp_path / "pipe")
    other = EventCoder(None)  # type: ignore[arg-type]
    other.from_disk(tmp_path / "pipe")
    assert other.lexicon.entries == coder.lexicon.entries
    assert other.lexicon.modes == coder.lexicon.modes
    with pytest.raises(DictionaryError):
        EventCoder(None).from_disk(tmp_path / "nowhere")  # type: ignore[arg-type]


@pytest.mark.parametrize(("raw", "message"), [
    ({"lemma": "x", "cameo": "173"}, "missing 'id'"),
    ({"id": "a", "cameo": "173"}, "missing 'lemma'"),
    ({"id": "a", "lemma": "x", "cameo": 173}, "quoted string"),
    ({"id": "a", "lemma": "x", "cameo": "17a"}, "2-4 digit"),
    ({"id": "a", "lemma": "x", "cameo": "173", "pos": "adverb"}, "'pos'"),
    ({"id": "a", "lemma": "x", "cameo": "173", "governs": "maybe"}, "'governs'"),
    ({"id": "a", "lemma": "x", "cameo": "173", "colour": "red"}, "unknown key"),
    ({"id": "a", "lemma": "x", "cameo": "173", "target_preps": [True]}, "YAML boolean"),
    ({"id": "a", "lemma": "x", "cameo": "173", "secondary": "yes"}, "true or false"),
])
def test_events_lexicon_bad_entries_named(raw, message):
    with pytest.raises(DictionaryEntryError, match=message):
        parse_entry(raw, "f.yaml: entry 1")


def test_events_lexicon_bad_files(tmp_path):
    dup = _write(tmp_path, "dup.yaml", [
        {"id": "a", "lemma": "x", "cameo": "173"}, {"id": "a", "lemma": "y", "cameo": "174"},
    ])
    with pytest.raises(DictionaryEntryError, match="duplicate id 'a'"):
        read_file(dup)
    broken = tmp_path / "broken.yaml"
    broken.write_text("entries: [\n", "utf-8")
    with pytest.raises(DictionaryError, match="not valid YAML"):
        read_file(broken)
    badjson = tmp_path / "bad.jsonl"
    badjson.write_text('{"id": "a"\n', "utf-8")
    with pytest.raises(DictionaryEntryError, match="bad.jsonl:1"):
        read_file(badjson)
    with pytest.raises(DictionaryError, match="cannot read"):
        read_file(tmp_path / "absent.yaml")
    scalar = _write(tmp_path, "scalar.yaml", "just text")
    with pytest.raises(DictionaryError, match="expected a list"):
        read_file(scalar)


def test_events_lexicon_group_reference_expands():
    e = parse_entry({"id": "x.v", "lemma": "expel", "object": ["@diplomat", "spy"],
                     "cameo": "1663"}, "test")
    assert ("ambassador",) in e.object and ("spy",) in e.object


def test_events_lexicon_unknown_group_is_an_error():
    with pytest.raises(DictionaryEntryError, match="no word group"):
        parse_entry({"id": "x.v", "lemma": "expel", "object": ["@nonesuch"], "cameo": "1663"},
                    "test")


def test_events_lexicon_nonevent_entry():
    e = parse_entry({"id": "fight-market.v", "lemma": "fight", "object": ["market share"],
                     "cameo": "none"}, "test")
    assert e.nonevent and e.specificity == 2
    with pytest.raises(DictionaryEntryError, match="non-event"):
        parse_entry({"id": "x.v", "lemma": "fight", "cameo": "nothing"}, "test")


@pytest.mark.slow
@pytest.mark.parametrize("with_nonevent", [False, True])
def test_events_lexicon_nonevent_frame_blocks_its_word(tmp_path, with_nonevent):
    from cormorant import Coder, CoderConfig

    # "rival" is no bundled trigger: the test's own frames decide alone.
    text = "Japan rivals South Korea for market share in shipbuilding."
    entries = [{"id": "fight-test.v", "lemma": "rival", "cameo": "190"}]
    if with_nonevent:
        entries.append({"id": "fight-share-test.v", "lemma": "rival", "object": ["market share"],
                        "cameo": "none"})
    f = tmp_path / "user.yaml"
    f.write_text(yaml.safe_dump({"entries": entries}), "utf-8")
    c = Coder(CoderConfig(lexicon_files=(f,), geoparse=False))
    fired = [e for e in c.code_text(text).events if e.rule == "fight-test.v"]
    assert bool(fired) is not with_nonevent


def test_events_lexicon_bare_nonevent_frames_are_tried_last():
    # A bare non-event frame decides what is left of its lemma: every event frame of the
    # lemma (all more specific) is tried before it, and no bare event frame shadows it.
    lexicon = Lexicon(ENTRIES, bundled_modes())
    bare = [e for e in ENTRIES
            if e.nonevent and e.specificity == 0 and e.pos == "verb" and not e.governs]
    assert len(bare) > 300
    for e in bare:
        frames = lexicon.candidates("verb", e.lemma)
        after = frames[frames.index(e) + 1:]
        assert all(f.nonevent for f in after), f"{e.id} shadows {[f.id for f in after]}"
        assert not [f.id for f in frames if f.specificity == 0 and not f.nonevent], e.id


def test_events_lexicon_no_event_file_keeps_event_senses_first():
    # "seek" has a bare non-event frame in 99-no-event.yaml and event frames in 02-appeal.
    frames = Lexicon(ENTRIES, bundled_modes()).candidates("verb", "seek")
    ids = [f.id for f in frames]
    assert ids[-1] == "seek-none.v"
    assert ids.index("seek-aid.v") < ids.index("seek-none.v")


@pytest.mark.slow
def test_events_lexicon_bare_nonevent_does_not_shadow_event_sense(coder):
    aid = coder.code_text("Egypt sought aid from the United States.").events
    assert [(e.rule, e.cameo) for e in aid] == [("seek-aid.v", "023")]
    assert not coder.code_text("The bank sought repayment from the Brazilian government.").events


def test_events_words_loaded_and_saved_with_the_component(tmp_path):
    coder = EventCoder(None)  # type: ignore[arg-type]
    coder.initialize(lambda: [])
    assert "unless" in coder.words.conditional and "must" in coder.words.obligation
    coder.to_disk(tmp_path / "pipe")
    other = EventCoder(None).from_disk(tmp_path / "pipe")  # type: ignore[arg-type]
    assert other.words == coder.words


@pytest.mark.parametrize("data", [{"future": ["will"]}, ["will"], None])
def test_events_words_must_give_every_list(data):
    from cormorant.events.words import Words

    with pytest.raises(DictionaryError, match="must name exactly"):
        Words.from_data(data)
