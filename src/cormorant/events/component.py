"""The ``cormorant_events`` spaCy component: lexicon frames -> ``EventMention``s.

Per sentence: frames are matched (``frames``), candidates are linked to the control and
reporting words that govern them (``governors``), modality settles each code and flags
(``modality``), and roles come from the dependency tree by ordered strategies mapped onto
the actor mentions of ``doc._.actors`` (``arguments``); document-level passes then fill
missing sources (``context``). Verb transformations from PETRARCH dictionaries, when any
are loaded, recode events reported or intended under a named verb (``transform``) first.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from cormorant.base.extensions import register_extensions
from cormorant.base.mentions import ActorMention, EventMention
from cormorant.base.tokens import token_table
from cormorant.errors import DictionaryError
from cormorant.events.arguments import assign, stated_agents
from cormorant.events.context import (
    mention_key,
    named,
    sources_from_context,
    sources_from_place,
)
from cormorant.events.frames import Candidate, Trigger, match, triggers
from cormorant.events.governors import (
    depth,
    is_primary,
    link,
    link_denied_content,
    link_tolls,
    mark_alleged,
    mark_prospective,
    natural_cause,
    toll_taken,
)
from cormorant.events.lexicon import Lexicon
from cormorant.events.modality import settle
from cormorant.events.roles import ActorIndex, logical_subject
from cormorant.events.search import condition_subjects, subject_mentions
from cormorant.events.transform import Transform, apply_transforms
from cormorant.events.words import Words, load_words

_MAX_PAIRS = 4


def _order(c: Candidate) -> tuple[int, bool]:
    """Governed events before their governors; an attack's toll after the attack."""
    return depth(c), c.toll_of is not None


class EventCoder:
    """Codes events from parsed, actor-tagged documents."""

    def __init__(self, nlp: Language, name: str = "cormorant_events", *,
                 require_actor: bool = True) -> None:
        self.name = name
        self.require_actor = require_actor
        self.lexicon: Lexicon = Lexicon.load()
        self.words: Words = load_words()
        self.transforms: tuple[Transform, ...] = ()  # set with PETRARCH dictionaries

    # ------------------------------------------------------------------ spaCy plumbing
    def initialize(self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None,
                   extra_files: list[Any] | None = None) -> None:
        """Load the bundled lexicon plus user files (same id replaces the bundled entry),
        and the word lists."""
        self.lexicon = Lexicon.load(list(extra_files or []))
        self.words = load_words()

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "lexicon.json").write_text(json.dumps(self.lexicon.to_data()), "utf-8")
        (p / "words.json").write_text(json.dumps(self.words.to_data(), indent=1), "utf-8")
        if self.transforms:
            (p / "transforms.json").write_text(
                json.dumps([t.to_data() for t in self.transforms]), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> EventCoder:
        f = Path(path) / "lexicon.json"
        w = Path(path) / "words.json"
        tf = Path(path) / "transforms.json"
        try:
            data = json.loads(f.read_text("utf-8"))
            words = json.loads(w.read_text("utf-8"))
            transforms = json.loads(tf.read_text("utf-8")) if tf.exists() else []
        except (OSError, json.JSONDecodeError) as e:
            raise DictionaryError(f"cannot read the serialised lexicon in {path}: {e}") from e
        self.lexicon = Lexicon.from_data(data)
        self.words = Words.from_data(words, str(w))
        self.transforms = tuple(Transform.from_data(t) for t in transforms)
        return self

    # ------------------------------------------------------------------ coding
    def __call__(self, doc: Doc) -> Doc:
        index = ActorIndex(doc, doc._.actors, doc._.places, self.words)
        table = token_table(doc)
        sent_of = table.sent_of
        # Roles come only from the actors and places of the trigger's own sentence (its
        # parse tree): with an actor required, a sentence with none of them codes nothing.
        with_actors = ({sent_of[i] for i, here in enumerate(index.owner) if here}
                       | {sent_of[i] for i in index.places}) if self.require_actor else None
        by_sentence = triggers(self.lexicon, doc, table, self.words.verb_fixes, with_actors)
        events: list[EventMention] = []
        seen: set[tuple[Any, ...]] = set()
        for si, found in enumerate(by_sentence):
            if not found:
                continue  # most sentences have no word with a frame, or no actor
            for ev in self._code_sentence(doc, found, si, index):
                key = (ev.cameo, ev.trigger_start, mention_key(ev.source), mention_key(ev.target))
                soft = (ev.cameo, mention_key(ev.source), mention_key(ev.target))
                if key in seen or (ev.notes.get("secondary") and soft in seen):
                    continue
                seen.add(key)
                seen.add(soft)
                events.append(ev)
        sources_from_context(doc, events)
        sources_from_place(doc, events, index, self.words)
        doc._.events = events
        return doc

    def _code_sentence(self, doc: Doc, sentence_triggers: list[Trigger], si: int,
                       index: ActorIndex) -> list[EventMention]:
        cands = match(sentence_triggers, self.words.circumstance_preps)
        if not cands:
            return []
        link(cands)
        link_tolls(cands)
        mark_alleged(cands, self.words)
        mark_prospective(cands, self.words)
        link_denied_content(cands, self.words)
        primary: list[EventMention] = []
        secondary: list[EventMention] = []
        emitted: dict[int, int] = {}
        for c in sorted(cands.values(), key=_order):
            if c.entry.nonevent or natural_cause(c, self.words):
                continue  # a governing word that is no event ("expected to"), or no act
            if c.governed and c.entry.governs not in (None, "deny") \
                    and any(emitted.get(x.token.i) for x in c.governed):
                emitted[c.token.i] = 1
                continue  # its mode went to the events it governs
            if c.consumed_by is not None:
                primary.extend(self._consumed_events(c, si, index))
                continue
            primary_ = is_primary(c, self.words)
            if not primary_ and c.nested and c.token.dep_ == "acl":
                continue  # "North Koreans seeking asylum ...": a description, not an event
            if toll_taken(c, cands, emitted):
                self._toll_targets(c, index, primary + secondary)
                continue  # one attack: its casualties are its target, not a second event
            out = primary if primary_ else secondary
            found = self._events(c, si, index)
            host = c.toll_of
            if host is not None and host.token.pos_ == "NOUN":
                # "an air strike killed 12 civilians": the noun's attack, which codes
                # nothing of its own (no actor named), stated by the killing verb with its
                # victims: the verb stays the trigger, the noun's frame gives the code.
                for ev in found:
                    ev.notes["toll_of"] = host.entry.id
                    ev.cameo = host.entry.cameo
            emitted[c.token.i] = len(found)
            out.extend(found)
        if self.transforms:
            primary, secondary = self._transform(doc, index, primary, secondary)
        if primary:
            return primary
        for ev in secondary:
            ev.notes["secondary"] = "1"
        return secondary

    def _transform(self, doc: Doc, index: ActorIndex, primary: list[EventMention],
                   secondary: list[EventMention]
                   ) -> tuple[list[EventMention], list[EventMention]]:
        """Apply the verb transformations: a recoded event replaces its outer verb's events,
        and one recoded by a rule that names its code counts as primary."""
        fired = apply_transforms(doc, [*primary, *secondary], index, self.transforms)
        promoted = [ev for ev, rule, _ in fired
                    if rule.inner_codes and any(ev is x for x in secondary)]
        outer = {i for ev, _, i in fired if any(ev is x for x in (*primary, *promoted))}
        if not outer and not promoted:
            return primary, secondary
        primary = [ev for ev in primary if ev.trigger_start not in outer] + promoted
        secondary = [ev for ev in secondary if ev.trigger_start not in outer
                     and all(ev is not x for x in promoted)]
        return primary, secondary

    def _toll_targets(self, c: Candidate, index: ActorIndex,
                      coded: list[EventMention]) -> None:
        """The victims of an attack's toll are its target when it has none of its own
        ("carried out air strikes in Iraq, killing dozens of Kurdish fighters")."""
        host = c.toll_of
        if host is None:
            return
        events = [ev for ev in coded if ev.trigger_start == host.token.i and ev.target is None]
        if not events:
            return
        victims = assign(c, index, self.words, None, None).targets
        for ev in events:
            tgt = next((v for v in victims if v is not ev.source), None)
            if tgt is not None:
                ev.target = tgt
                ev.notes["target_by"] = "toll"

    def _consumed_events(self, c: Candidate, si: int, index: ActorIndex) -> list[EventMention]:
        """The act an event noun reports when a frame took it as its object: "rejected
        Japan's offer of talks" is also Japan's offer (036), made to the one who rejects it.
        Only when the noun names its own actor (possessor, modifier, by/from), other than
        the frame's subject: "imposed a curfew" stays one event."""
        host = c.consumed_by
        if host is None or host.entry.cameo[:2] not in self.words.answer_roots:
            return []
        host_subjects = subject_mentions(host.token, index)
        own = stated_agents(c.token, index)[:1]
        if not own or not host_subjects or any(own[0].code == h.code for h in host_subjects):
            return []
        out = []
        for ev in self._events(c, si, index, answered=host_subjects):
            if ev.source is own[0]:
                ev.notes["object_of"] = host.entry.id
                out.append(ev)
        return out

    def _events(self, c: Candidate, si: int, index: ActorIndex,
                answered: list[ActorMention] | None = None) -> list[EventMention]:
        e = c.entry
        tok = c.token
        w = self.words
        m = settle(c, self.lexicon, w)
        code, notes = m.code, m.notes
        roles = assign(c, index, w, m.mode, m.demander)
        sources, targets = roles.sources, roles.targets
        if answered and not targets:
            # The one who answers the act (rejects the offer) is whom it was made to.
            targets = [m for m in answered if m not in sources]
            roles.target_by = "answered_by" if targets else None
        if not targets and code.startswith("13"):
            # "threatened to strike unless Israel rescinds ...": the one who must act.
            heads = [tok, *c.chain] + ([c.governor.token] if c.governor is not None else [])
            targets = [x for x in condition_subjects(heads, index, w) if x not in sources]
            roles.target_by = "condition_subject" if targets else None
        if c.reporter is not None:
            speaker = logical_subject(c.reporter.token, w)
            if speaker is not None:
                sm = index.inside(speaker)
                notes["reported_by"] = sm_text(speaker, sm)
                notes["reported_by_rule"] = c.reporter.entry.id
        if e.needs_target and not targets and m.mode != "refuse" and not (
                e.governs == "threat" and any(ch.dep_ == "ccomp" for ch in tok.children)):
            # A refusal is an event without a target ("declined to comment": 011).
            return []
        if self.require_actor and not sources and not targets:
            return []
        if m.negated and not sources:
            return []  # nothing happened and nobody is named: nothing to code
        if not sources and (m.demander is not None or (
                e.governs == "report" and code != e.cameo)) and not _named_speaker(c):
            # "Analysts said Japan should open its markets": a reported "should/must" is an
            # appeal or demand only when the speaker is an actor asking the target (one the
            # dictionaries may not know: "the Third World Water Forum concluded that ...").
            return []
        if e.governs == "report" and code == e.cameo and all(_is_media(x) for x in targets):
            # "told reporters", or no addressee at all (all() of none is true): a report
            # verb coded as itself needs someone other than the press it is said to.
            # Coding political actors' addressee-less statements as 010 was measured and
            # not kept: real-news check root precision fell from 0.695 to 0.663.
            return []
        sources = named(sources, tok)
        targets = named(targets, tok)
        if not targets and len(sources) >= 2 and roles.source_by == "subject" \
                and (w.reciprocal(code) or c.entry.reciprocal):
            # "Canada and Costa Rica agreed to start talks": one act between them.
            ordered = sorted(sources, key=lambda x: x.start)  # the first-named acts
            sources, targets = ordered[:1], ordered[1:]
            roles.target_by = "reciprocal"
        src_list: list[ActorMention | None] = list(sources) or [None]
        tgt_list: list[ActorMention | None] = list(targets) or [None]
        out: list[EventMention] = []
        for s in src_list:
            for t in tgt_list:
                if s is not None and t is not None and s is t:
                    continue
                if len(out) >= _MAX_PAIRS:
                    break
                out.append(self._event(c, si, code, m.negated, m.hypothetical, s, t,
                                       _with_roles(notes, roles.source_by if s else None,
                                                   roles.target_by if t else None)))
        if not out and src_list and tgt_list:
            # Source and target were the same mention: keep the event with its source only.
            out.append(self._event(c, si, code, m.negated, m.hypothetical, src_list[0], None,
                                   _with_roles(notes, roles.source_by, None)))
        return out

    @staticmethod
    def _event(c: Candidate, si: int, code: str, negated: bool, hypothetical: bool,
               s: ActorMention | None, t: ActorMention | None,
               notes: dict[str, str]) -> EventMention:
        i = c.token.i
        return EventMention(
            sentence_index=si, trigger_start=i, trigger_end=i + 1, cameo=code, rule=c.entry.id,
            source=s, target=t, negated=negated, hypothetical=hypothetical, notes=notes,
        )


def _named_speaker(c: Candidate) -> bool:
    """The reporting verb's subject is a named organisation, group or person."""
    report = c.reporter if c.reporter is not None else c
    subj = next((t for t in report.token.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and any(
        t.ent_type_ in ("ORG", "PERSON", "NORP", "GPE") for t in subj.subtree)


def _with_roles(notes: dict[str, str], source_by: str | None,
                target_by: str | None) -> dict[str, str]:
    """A copy of ``notes`` naming the strategies that found the event's source and target."""
    out = dict(notes)
    if source_by is not None:
        out["source_by"] = source_by
    if target_by is not None:
        out["target_by"] = target_by
    return out


def sm_text(token: Token, mention: ActorMention | None) -> str:
    """The text of the mention at ``token``, or of ``token``'s short phrase."""
    if mention is not None:
        return token.doc[mention.start:mention.end].text
    return " ".join(t.text for t in token.subtree) if token.n_lefts + token.n_rights < 6 \
        else token.text


def _is_media(m: ActorMention) -> bool:
    return m.sector == "MED" or m.code.endswith("MED")


@Language.factory("cormorant_events", default_config={"require_actor": True})
def make_event_coder(nlp: Language, name: str, require_actor: bool) -> EventCoder:
    register_extensions()  # a pipeline loaded with spacy.load() registers them here
    return EventCoder(nlp, name, require_actor=require_actor)
