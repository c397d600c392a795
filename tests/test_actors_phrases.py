"""The phrase tables of the actor stage give what spaCy's PhraseMatcher gave, in its order."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from conftest import shared_path
from cormorant.actors.dictionary import Entry, load_entries, parse_entry
from cormorant.actors.patterns import Matchers, entry_patterns
from cormorant.actors.phrases import PhraseTable, PhraseTokenizer

SEP = "\t"


@pytest.fixture(scope="module")
def blank() -> Any:
    return spacy.blank("en")


class Reference:
    """The actor stage's two PhraseMatchers (the code the phrase tables replaced)."""

    def __init__(self, nlp: Any, entries: list[Entry]) -> None:
        self.nlp = nlp
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_key: dict[tuple[str, bool], set[str]] = {}
        for entry in entries:
            for p in entry_patterns(entry):
                by_key.setdefault((p.slot + SEP + p.entry_id, p.exact), set()).add(p.text)
        for (key, is_exact), texts in by_key.items():
            matcher = self.exact if is_exact else self.lower
            matcher.add(key, [nlp.make_doc(t) for t in sorted(texts)])

    def __call__(self, doc: Any) -> list[tuple[int, int, str, str]]:
        out = []
        for matcher in (self.lower, self.exact):
            for key, start, end in matcher(doc):
                slot, _, eid = self.nlp.vocab.strings[key].partition(SEP)
                out.append((start, end, slot, eid))
        out.sort(key=lambda m: (m[0], -m[1]))
        return out


def _entries() -> list[Entry]:
    """Hand-written entries with shared names: their order at one phrase is the point."""
    rows: list[dict[str, Any]] = [
        {"type": "country", "id": "XLA", "code": "XLA", "names": ["Lantia", "North Lantia"],
         "demonyms": ["Lantian"], "capitals": ["Port Mira"]},
        {"type": "actor", "id": "org.lantia.front", "code": "XLAREB",
         "names": ["Lantian Front", "North Lantia", "LNF"]},
        {"type": "person", "id": "person.ilse", "code": "XLAGOV", "names": ["Ilse Varga-Moreau"]},
    ]
    # Eleven agents for one noun: enough keys to resize the matcher's hash table twice.
    rows += [{"type": "agent", "id": f"agent.k{k}", "sector": "GOV", "nouns": ["warden"]}
             for k in range(11)]
    return [parse_entry(r, f"test:{n}") for n, r in enumerate(rows, 1)]


SENTENCES = [
    "The Lantian Front said North Lantia would talk to Port Mira.",
    "the lantian front said north lantia would talk to port mira.",
    "Wardens and a warden met Ilse Varga-Moreau of the LNF in Port-Mira.",
    "NORTH LANTIA: WARDENS MET THE LNF",
    "",
]


@pytest.fixture(scope="module")
def both(blank: Any) -> tuple[Matchers, Reference]:
    entries = [*load_entries(()), *_entries()]
    return Matchers(blank, entries), Reference(blank, entries)


@pytest.mark.parametrize("text", SENTENCES)
def test_actors_phrases_match_like_the_phrase_matcher(blank: Any, both: tuple[Matchers, Reference],
                                                      text: str) -> None:
    doc = blank.make_doc(text)
    got = both[0](doc)
    assert got == both[1](doc)
    assert text == "" or got


def test_actors_phrases_keep_the_matcher_order_of_shared_phrases(
        blank: Any, both: tuple[Matchers, Reference]) -> None:
    doc = blank.make_doc("a warden")
    got = [eid for _, _, slot, eid in both[0](doc) if slot == "agent"]
    assert got == [eid for _, _, slot, eid in both[1](doc) if slot == "agent"]
    assert sorted(got) == sorted(f"agent.k{k}" for k in range(11))
    assert got != sorted(got)  # the matcher's hash order, not the entries' order


def test_actors_phrases_table_finds_every_length() -> None:
    table = PhraseTable.build([(("name", "a"), (1,)), (("name", "ab"), (1, 2)),
                               (("actor", "abc"), (1, 2, 3)), (("name", "c"), (3,))])
    assert table.find([1, 2, 3, 1]) == [(0, 1, ("name", "a")), (0, 2, ("name", "ab")),
                                        (0, 3, ("actor", "abc")), (2, 3, ("name", "c")),
                                        (3, 4, ("name", "a"))]
    assert table.find([]) == []


@pytest.mark.parametrize(("text", "tokens"), [
    ("North Lantia", ("North", "Lantia")),
    ("Varga-Moreau", ("Varga", "-", "Moreau")),
    ("Port-Mira Harbour Board", ("Port", "-", "Mira", "Harbour", "Board")),
])
def test_actors_phrases_tokenizer_splits_plain_names(blank: Any, text: str,
                                                     tokens: tuple[str, ...]) -> None:
    tokenize = PhraseTokenizer(blank)
    assert tokenize.split(text) == tokens
    assert tuple(t.text for t in blank.make_doc(text)) == tokens


@pytest.mark.parametrize("text", [
    "U.S. Navy", "G7", "O'Neill", "Cannot", "two  spaces", " leading", "trailing ", "Lantia,",
    "Port--Mira", "-Mira", "", "Mira (Port)",
])
def test_actors_phrases_tokenizer_leaves_the_rest_to_spacy(blank: Any, text: str) -> None:
    tokenize = PhraseTokenizer(blank)
    assert tokenize.split(text) is None
    assert tokenize(text) == tuple(t.text for t in blank.make_doc(text))


@pytest.mark.parametrize("rule", ["Saint-Mira", "de facto"])
def test_actors_phrases_tokenizer_off_for_special_cases_across_pieces(rule: str) -> None:
    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case(rule, [{"ORTH": rule}])
    tokenize = PhraseTokenizer(nlp)
    assert not tokenize.enabled
    for text in (f"the {rule} rule", "Saint-Mira de facto"):
        assert tokenize(text) == tuple(t.text for t in nlp.make_doc(text))


def test_actors_phrases_tokenizer_asks_spacy_about_one_word_special_cases() -> None:
    nlp = spacy.blank("en")
    nlp.tokenizer.add_special_case("Mira", [{"ORTH": "Mi"}, {"ORTH": "ra"}])
    tokenize = PhraseTokenizer(nlp)
    assert tokenize.enabled
    assert tokenize.split("Port Mira") is None
    assert tokenize("Port Mira") == ("Port", "Mi", "ra")


def _check_names(nlp: Any, entries: list[Entry]) -> int:
    tokenize = PhraseTokenizer(nlp)
    assert tokenize.enabled
    texts = sorted({p.text for e in entries for p in entry_patterns(e)})
    split = [(t, tokenize.split(t)) for t in texts]
    wrong = [(t, s) for t, s in split
             if s is not None and s != tuple(x.text for x in nlp.make_doc(t))]
    assert not wrong[:10]
    return sum(s is not None for _, s in split)


@pytest.mark.slow
def test_actors_phrases_tokenizer_agrees_on_bundled_names(nlp: Any) -> None:
    entries = nlp.get_pipe("cormorant_actors").entries
    assert _check_names(nlp, entries) > 4000


@pytest.mark.slow
@pytest.mark.shared
def test_actors_phrases_tokenizer_agrees_on_phoenix_names(nlp: Any) -> None:
    from cormorant.config import CoderConfig
    from cormorant.dictionaries.pipeline import load_mapped

    folder = shared_path("reference", "petrarch2")
    mapped = load_mapped(CoderConfig(dictionaries=(f"petrarch:{folder}/Phoenix.*",)))
    assert _check_names(nlp, [*mapped.actors, *mapped.agents, *mapped.discards]) > 70000
