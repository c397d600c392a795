"""Document-level passes over the coded events: sources from earlier events and places."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from cormorant.events.roles import ActorIndex, is_passive, prep_objects
from cormorant.events.words import Words
from cormorant.nlp.mentions import ActorMention, EventMention

_CONTEXT_SENTENCES = 2  # how far back an agentless passive may find its agent


def mention_key(m: ActorMention | None) -> str | None:
    """A mention's code and position: the same actor at the same place."""
    return None if m is None else f"{m.code}@{m.start}"


def named(mentions: list[ActorMention], tok: Token) -> list[ActorMention]:
    """A pronoun whose antecedent is in the trigger's own sentence stands for that named
    mention ("Rebel fighters said they will lay down their arms": the rebel fighters)."""
    if not any(m.kind == "pronoun" for m in mentions):
        return mentions
    sent = tok.sent
    out: list[ActorMention] = []
    for m in mentions:
        ante = m.antecedent
        if m.kind == "pronoun" and ante is not None and sent.start <= ante.start < sent.end:
            m = ante
        if all(m is not o for o in out):
            out.append(m)
    return out


def sources_from_context(doc: Doc, events: list[EventMention]) -> None:
    """An agentless passive ("three others were arrested outside the compound") takes the
    source of the last earlier event of the same kind (same three-digit code) within
    ``_CONTEXT_SENTENCES`` sentences, when that source is not its target. Marked in notes
    as ``source_from: context`` with the earlier event's rule."""
    last: dict[str, EventMention] = {}
    for ev in events:
        kind = ev.cameo[:3]
        if ev.source is None and ev.target is not None and not ev.negated:
            prev = last.get(kind)
            tok = doc[ev.trigger_start]
            if prev is not None and prev.source is not None \
                    and ev.sentence_index - prev.sentence_index <= _CONTEXT_SENTENCES \
                    and is_passive(tok) and not any(c.dep_ == "agent" for c in tok.children) \
                    and mention_key(prev.source) != mention_key(ev.target) \
                    and prev.source.code != ev.target.code:
                ev.source = prev.source
                ev.notes["source_from"] = "context"
                ev.notes["source_rule"] = prev.rule
        if ev.source is not None:
            last[kind] = ev


def sources_from_place(doc: Doc, events: list[EventMention], index: ActorIndex,
                       w: Words) -> None:
    """An agentless passive of an act only a state performs ("was arrested in Rwanda",
    "were expelled from North Korea") is that country's act: the country named by the
    verb's place ("in/at" for arrests, "from" for expulsions) is the source, marked in
    notes as ``source_from: place``."""
    for ev in events:
        if ev.source is None and ev.target is not None and not ev.negated:
            tok = doc[ev.trigger_start]
            lemma = tok.lemma_.lower()
            if ev.cameo.startswith("173"):
                preps: tuple[str, ...] = ("in", "at")
            elif ev.cameo.startswith("174") or lemma in w.expel_verbs:
                preps = ("from",)
            else:
                continue
            if not is_passive(tok) or any(c.dep_ == "agent" for c in tok.children):
                continue
            for p in prep_objects(tok, preps):
                found = index.members(p) or ([pm] if (pm := index.place(p)) is not None else [])
                state = next((m for m in found if m.kind in ("country", "capital", "place")
                              and m.country and m is not ev.target), None)
                if state is not None:
                    ev.source = state
                    ev.notes["source_from"] = "place"
                    break
