"""Source and target of a candidate event, found by ordered, named strategies.

A verb's source is its logical subject and its target the first actor among its
object and the frame's prepositions; when those are empty, fallback strategies are
tried in a fixed order (``VERB_STRATEGIES``, ``NOUN_STRATEGIES``). The name of the
strategy that supplied each role goes into the event's notes as ``source_by`` and
``target_by``, the way ``rule`` names the lexicon entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from cormorant.base.mentions import ActorMention
from cormorant.events.frames import Candidate
from cormorant.events.lexicon import Entry
from cormorant.events.modality import obligation_clause
from cormorant.events.roles import (
    ActorIndex,
    direct_subject,
    logical_object,
    misparsed_report,
    prep_objects,
)
from cormorant.events.search import (
    content_targets,
    controller_object,
    members,
    modifier_only,
    nearby_actor,
    same_side,
    subject_mentions,
)
from cormorant.events.words import Words

# Control modes whose governor, coded alone, concerns whom its complement concerns.
_CONTROL_MODES = frozenset({"refuse", "intent", "pledge", "threat"})
_ASKING_MODES = frozenset({"demand", "appeal", "yield_demand", "yield_appeal"})


@dataclass
class Roles:
    """Sources and targets, with the strategy that found each (``None``: nothing found)."""

    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    source_by: str | None = None
    target_by: str | None = None


@dataclass
class Search:
    """The working state the strategies of one trigger read and fill."""

    tok: Token
    e: Entry
    obj: Token | None
    index: ActorIndex
    w: Words
    sources: list[ActorMention] = field(default_factory=list)
    targets: list[ActorMention] = field(default_factory=list)
    patient: Token | None = None
    by_prep: list[Token] = field(default_factory=list)
    label: str | None = None  # a finer name a strategy may give the targets it found


@dataclass(frozen=True)
class Strategy:
    """One named step: reads the search state and may replace its sources or targets."""

    name: str
    run: Callable[[Search], None]


def run_strategies(s: Search, strategies: tuple[Strategy, ...]) -> Roles:
    """Run ``strategies`` in order; a role is credited to the last one that set it."""
    out = Roles()
    for st in strategies:
        before_s, before_t = s.sources, s.targets
        s.label = None
        st.run(s)
        if s.sources is not before_s and s.sources:
            out.source_by = st.name
        if s.targets is not before_t and s.targets:
            out.target_by = s.label or st.name
    out.sources, out.targets = s.sources, s.targets
    return out


# ---------------------------------------------------------------- verb strategies
def _subject(s: Search) -> None:
    s.sources = subject_mentions(s.tok, s.index, s.e.pos == "adj")


def _headline_passive(s: Search) -> None:
    """A headline drops the passive auxiliary: "Opposition leader detained in Harare" is
    parsed as an active past with the leader as subject. A root past-tense verb of an act
    done to someone, with no auxiliary and no object, in a sentence with no final stop:
    the subject is the target and the agent is not stated."""
    tok = s.tok
    if tok.tag_ != "VBD" or tok.dep_ != "ROOT" or s.e.target != "object" or not s.sources:
        return
    if s.e.cameo[:2] not in ("17", "18", "19", "20"):
        return
    if any(c.dep_ in ("aux", "auxpass", "dobj", "dative", "ccomp", "xcomp", "agent")
           for c in tok.children):
        return
    last = tok.sent[-1]
    if last.is_punct and last.text in (".", "!", "?", '"', "'"):
        return
    s.targets, s.sources = s.sources, []


def _arguments(s: Search) -> None:
    """The object, the frame's prepositions and a controller's object, in the frame's order."""
    tok, e, obj, index, sources = s.tok, s.e, s.obj, s.index, s.sources
    if e.governs == "report":
        # What is said is not a target; whom it is said to is ("told the Senate").
        patient = next((c for c in tok.children if c.dep_ == "dative" or (
            c.dep_ == "dobj" and tok.lemma_ in s.w.addressee_verbs)), None)
    else:
        patient = logical_object(tok, s.w)
    by_prep = prep_objects(tok, e.target_preps)
    if not any(c.dep_ == "dobj" for c in tok.children):
        # "donated and delivered goods to X": the shared arguments hang on the last verb.
        for c in tok.children:
            if c.dep_ == "conj" and c.pos_ == "VERB":
                by_prep += prep_objects(c, e.target_preps)
    if obj is not None:
        # "delivered a protest to China": the preposition may hang on the frame's object.
        by_prep += prep_objects(obj, e.target_preps)
    s.patient, s.by_prep = patient, by_prep
    # A named frame object ("summon the ambassador") is the target only if it holds an actor.
    first: list[Token | None] = [patient]
    if obj is not None and (patient is None or obj.i != patient.i):
        first.append(obj)
    if e.target == "prep":
        # "sent troops to ...", "expressed concern over ...": the object is the actor's own.
        first = []
    preps_first: list[Token | None] = list(by_prep)
    order = (preps_first + first) if e.target == "prep" else (first + preps_first)
    controller = controller_object(tok, s.w)
    if controller is not None:
        # "called X to discuss the crisis in Y": X, unless the object itself is an actor.
        if patient is not None and index.covering(patient):
            order.append(controller)
        else:
            order.insert(0, controller)
    weak: list[ActorMention] = []
    for t in order:
        if t is None:
            continue
        found = [m for m in index.members(t) if m not in sources]
        if found and weak and not all(m.country for m in found):
            continue  # only a named recipient outranks the object's modifier
        if found and t in first and not weak and modifier_only(t, found):
            # Only an adjective or compound on the object is an actor ("returned Iraqi
            # artifacts to the government of Iraq"): a recipient named by the frame's
            # prepositions comes first.
            weak = found
            continue
        if found:
            s.targets = found
            s.label = "object" if t in first else "controller" if t == controller else "prep"
            return
    if weak:
        s.targets = weak
        s.label = "modifier"


def _place(s: Search) -> None:
    """A place that is the object ("shelled Bagram", "captured Mosul") or is named by one
    of the frame's prepositions ("arrived in Amman")."""
    if s.targets:
        return
    patient, e = s.patient, s.e
    objects = [patient] if patient is not None and patient.dep_ in ("dobj", "nsubjpass") \
        and e.target != "prep" and e.governs != "report" else []
    for t in [*objects, *s.by_prep]:
        pm = s.index.place(t)
        if pm is not None:
            s.targets = [pm]
            return


def _complement_subject(s: Search) -> None:
    """"ordered the paper to close", "demanded that the government resign"."""
    e, tok = s.e, s.tok
    if s.targets or not (e.governs in ("demand", "appeal", "pass") or (
            e.governs == "report" and obligation_clause(tok, s.w) is not None)):
        return
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp"):
            subj = direct_subject(c)
            if subj is not None:
                found = [m for m in s.index.members(subj) if m not in s.sources]
                if found:
                    s.targets = found
                    return


def _threatened(s: Search) -> None:
    """"warned that police will no longer tolerate rallies by the group"."""
    if s.targets or s.e.governs != "threat":
        return
    for c in s.tok.children:
        if c.dep_ == "ccomp":
            o = logical_object(c, s.w)
            if o is not None:
                found = [m for m in s.index.members(o) if m not in s.sources]
                if found:
                    s.targets = found
                    return


def _conjunct_subject(s: Search) -> None:
    """A coordinated verb with no subject of its own shares its head's."""
    if not s.sources and s.tok.dep_ == "conj":
        s.sources = subject_mentions(s.tok.head, s.index)


def _moved_forces(s: Search) -> None:
    """"Ecowas peacekeepers are being deployed to ...": the forces moved are the actor's
    own, so with no agent they stand for it."""
    moved = s.obj if s.obj is not None else s.patient
    if not s.sources and s.e.target == "prep" and moved is not None \
            and moved.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in s.tok.children):
        s.sources = [m for m in s.index.members(moved) if m not in s.targets]


def _content(s: Search) -> None:
    """"expressed hope that the government will ...", "pessimism about bringing the
    standoff to an end": the sentiment is about the content's actor."""
    if not s.targets and s.e.target == "prep" and s.obj is not None:
        s.targets = content_targets(s.tok, s.obj, s.e, s.index, s.sources)


def _main_clause(s: Search) -> None:
    """"X are failing to ..., a rights group protested": the closing clause is about the
    subject of the sentence's main clause."""
    tok = s.tok
    if s.targets or s.e.governs == "report" or not misparsed_report(tok, s.w):
        return
    root = tok.sent.root
    subj = direct_subject(root) if root.i != tok.i else None
    s.targets = [m for m in s.index.members(subj) if m not in s.sources] if subj is not None \
        else []


def _control_complement(s: Search) -> None:
    """A control verb coded itself: its complement matched no frame ("refused to lift the
    ban on X", "failed to renew the embargo on X"); whom that act concerns is whom the
    refusal or promise concerns."""
    if s.targets or s.e.governs not in _CONTROL_MODES:
        return
    for c in s.tok.children:
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            o = logical_object(c, s.w)
            found = [m for m in s.index.members(o) if m not in s.sources] if o is not None \
                else []
            near = found[0] if found else nearby_actor(c, s.sources, s.index, other_side=False,
                                                       preps=s.w.place_preps)
            if near is not None:
                s.targets = [near]
                return


def _nearby(s: Search) -> None:
    """Nothing better than the actor's own side ("withdraw its troops from Lebanon"), or
    nothing at all: the nearest other actor among the verb's phrases ("contact with the
    United States", "peacekeepers in Iraq"). Frames that need a target look only through
    their own prepositions."""
    sources, targets, e, obj = s.sources, s.targets, s.e, s.obj
    if not sources or (targets and not all(same_side(m, sources) for m in targets)):
        return
    own = tuple(s.index.owner[obj.i] or ()) if obj is not None and e.target == "prep" else ()
    near = nearby_actor(s.tok, sources, s.index, other_side=bool(targets),
                        preps=frozenset(e.target_preps) if e.needs_target else s.w.place_preps,
                        skip=own)
    if near is not None:
        s.targets = [near]


def _first_verb(s: Search) -> None:
    """"rushed into the embassy and demanded asylum": the place of the first verb."""
    tok = s.tok
    if s.targets or tok.dep_ != "conj" or tok.head.pos_ != "VERB":
        return
    head = tok.head
    for t in [logical_object(head, s.w), *prep_objects(head, ("into", "at", "in", "to"))]:
        if t is not None:
            found = [m for m in s.index.members(t) if m not in s.sources]
            if found:
                s.targets = found
                return


VERB_SOURCE = Strategy("subject", _subject)
# Tried in this order after the subject, unless the frame takes no target.
VERB_STRATEGIES: tuple[Strategy, ...] = (
    Strategy("headline_passive", _headline_passive),
    Strategy("arguments", _arguments),
    Strategy("place", _place),
    Strategy("complement_subject", _complement_subject),
    Strategy("threatened", _threatened),
    Strategy("conjunct_subject", _conjunct_subject),
    Strategy("moved_forces", _moved_forces),
    Strategy("content", _content),
    Strategy("main_clause", _main_clause),
    Strategy("control_complement", _control_complement),
    Strategy("nearby", _nearby),
    Strategy("first_verb", _first_verb),
)


def verb_roles(tok: Token, e: Entry, obj: Token | None, index: ActorIndex, w: Words) -> Roles:
    """Source and target of a verb or adjective trigger."""
    s = Search(tok, e, obj, index, w)
    if e.target == "none":
        return run_strategies(s, (VERB_SOURCE,))
    return run_strategies(s, (VERB_SOURCE, *VERB_STRATEGIES))


# ---------------------------------------------------------------- noun strategies
def _noun_phrase(s: Search) -> None:
    """The noun's possessor and modifiers, its by/from phrase and a "between" pair."""
    tok, e, index = s.tok, s.e, s.index
    sources: list[ActorMention] = []
    targets: list[ActorMention] = []
    for c in tok.children:
        dep = c.dep_
        if dep == "poss" and e.possessor == "target":
            # "the activist's detention": the one detained.
            m = index.inside(c)
            if m is not None and m not in targets:
                targets.append(m)
        elif dep == "poss" or (dep in ("compound", "amod", "nmod") and index.covering(c)):
            m = index.inside(c)
            if m is not None and m not in sources:
                sources.append(m)
        elif dep == "prep" and (c.lower_ == "by" or (
                c.lower_ == "from" and "from" not in e.target_preps)):
            sources.extend(members(index, (p for p in c.children if p.dep_ == "pobj")))
        elif dep == "prep" and c.lower_ == "of":
            # "the arrest of X by Y": the parser often hangs the by-phrase on X.
            for o in c.children:
                if o.dep_ != "pobj":
                    continue
                for b in o.children:
                    if b.dep_ == "prep" and b.lower_ == "by":
                        sources.extend(m for m in members(
                            index, (p for p in b.children if p.dep_ == "pobj"))
                            if m not in sources)
        elif dep == "prep" and c.lower_ == "between":
            both = members(index, (p for p in c.children if p.dep_ == "pobj"))
            if both:
                sources.append(both[0])
                targets.extend(both[1:])
    s.sources, s.targets = sources, targets


def stated_agents(tok: Token, index: ActorIndex) -> list[ActorMention]:
    """Actors a noun trigger names as its own agent: a possessive or modifier, or a by/from
    phrase ("Japan's offer", "the US accusation", "accusations by the US"); not the two of
    a "between" phrase."""
    heads = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    heads += [p for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
              for p in c.children if p.dep_ == "pobj"]
    return [m for h in heads for m in index.members(h)]


def _noun_prep(s: Search) -> None:
    """"the detention of X"; but "the withdrawal of troops" (target: prep) moves the
    actor's own."""
    if s.targets:
        return
    e = s.e
    preps = e.target_preps if "of" in e.target_preps or e.target == "prep" \
        else (*e.target_preps, "of")
    found = prep_objects(s.tok, preps)
    # "a demonstration by students against the government": the parser hangs the
    # target's phrase on the agent; "of" there describes the agent ("forces of X").
    agent_preps = tuple(p for p in e.target_preps if p not in ("of", "by", "from"))
    for c in s.tok.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            for a in c.children:
                if a.dep_ == "pobj":
                    found += prep_objects(a, agent_preps)
    for p in found:
        s.targets = [m for m in s.index.members(p) if m not in s.sources]
        if s.targets:
            return


def _noun_verb(s: Search) -> None:
    """The verb the noun hangs on supplies the agent: "began a hunger strike", "held talks"."""
    if s.sources:
        return
    tok = s.tok
    h = tok.head
    if tok.dep_ == "pobj" and h.dep_ in ("prep", "agent"):
        h = h.head
    if tok.dep_ in ("dobj", "pobj", "attr", "nsubjpass", "oprd") and h.pos_ in ("VERB", "AUX"):
        s.sources = subject_mentions(h, s.index)
        if s.sources and not s.targets and not s.e.needs_target:
            # "staged a hunger strike in protest against violations by the police".
            near = nearby_actor(h, s.sources, s.index, other_side=False, preps=s.w.place_preps)
            if near is not None:
                s.targets = [near]
                s.label = "verb_nearby"


NOUN_STRATEGIES: tuple[Strategy, ...] = (
    Strategy("noun_phrase", _noun_phrase),
    Strategy("noun_prep", _noun_prep),
    Strategy("noun_verb", _noun_verb),
)


def noun_roles(tok: Token, e: Entry, index: ActorIndex, w: Words) -> Roles:
    """Source and target of a noun trigger."""
    return run_strategies(Search(tok, e, None, index, w), NOUN_STRATEGIES)


def _own_roles(c: Candidate, index: ActorIndex, w: Words) -> Roles:
    if c.entry.pos == "noun":
        return noun_roles(c.token, c.entry, index, w)
    return verb_roles(c.token, c.entry, c.obj, index, w)


def _via(prefix: str, name: str | None) -> str | None:
    return None if name is None else f"{prefix}:{name}"


def assign(c: Candidate, index: ActorIndex, w: Words, mode: str | None,
           demander: Candidate | None) -> Roles:
    """Roles of candidate ``c``, taking what its governor or reporter says into account."""
    own = _own_roles(c, index, w)
    e, tok = c.entry, c.token
    if demander is not None:
        # "X said (that) Y must/should ...": X asks Y; Y is the agent of the clause.
        d = verb_roles(demander.token, demander.entry, demander.obj, index, w)
        if c.governor is None:
            asked, asked_by = own.sources, own.source_by
        else:
            asked = subject_mentions(c.governor.token, index, True)
            asked_by = "governor:subject"
        if d.targets:
            return Roles(d.sources, d.targets, _via("reporter", d.source_by),
                         _via("reporter", d.target_by))
        if asked:
            return Roles(d.sources, asked, _via("reporter", d.source_by), asked_by)
        return Roles(d.sources, own.targets, _via("reporter", d.source_by), own.target_by)
    g = c.governor
    if g is None:
        return own
    gr = _own_roles(g, index, w)
    gs_by = _via("governor", gr.source_by)
    if mode in _ASKING_MODES:
        # The demander is the governor's subject; the one asked is its addressee, or
        # the complement's own subject ("demanded that the US cancel").
        if gr.targets:
            return Roles(gr.sources, gr.targets, gs_by, _via("governor", gr.target_by))
        own_subj = direct_subject(tok) if e.pos != "noun" else None
        addressee = index.members(own_subj) if own_subj is not None else []
        if addressee:
            return Roles(gr.sources, addressee, gs_by, "complement_subject")
        # The one urged is never the one urging, even when the urger is unnamed.
        rest = [m for m in own.targets if m not in gr.sources]
        return Roles(gr.sources, rest, gs_by, own.target_by)
    if g.entry.governs == "pass" and gr.sources and gr.targets and any(
            ch.dep_ in ("dobj", "dative") for ch in g.token.children):
        # "ordered the newspaper to suspend publication": the orderer acts on it.
        return Roles(gr.sources, gr.targets, gs_by, _via("governor", gr.target_by))
    out = Roles(own.sources, own.targets, own.source_by, own.target_by)
    if e.pos == "noun" and gr.sources:
        # "opposed to Egyptian mediation (in talks with X)": the noun's own actor is the
        # one answered, before any actor deeper in its phrase.
        mine = [m for m in own.sources if m not in gr.sources]
        if mine:
            out.targets, out.target_by = mine, own.source_by
        out.sources, out.source_by = gr.sources, gs_by
    if not out.sources:
        out.sources, out.source_by = gr.sources, gs_by
    if not out.targets:
        out.targets = [m for m in gr.targets if m not in out.sources]
        out.target_by = _via("governor", gr.target_by) if out.targets else None
    return out
