"""Arguments of a trigger in the dependency tree, and the actor mentions they contain.

Everything here works on one parsed ``Doc`` and its ``ActorMention`` list; the
``ActorIndex`` is built once per document.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from cormorant.base.mentions import ActorMention, PlaceMention
from cormorant.events.words import Words

SUBJ_DEPS = frozenset({"nsubj", "csubj"})
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJ_DEPS = frozenset({"dobj", "dative", "oprd"})
PARTICLE_DEPS = frozenset({"prt", "advmod", "npadvmod", "dobj", "prep", "acomp"})
NOUN_MOD_DEPS = frozenset({"compound", "amod", "nmod", "det", "nummod"})
# Dependents searched (breadth first) for an actor inside an argument phrase. Clausal
# modifiers (relcl, acl) are left out: "people who entered the consulate" is not the consulate.
_INSIDE_DEPS = frozenset({
    "compound", "amod", "poss", "nmod", "appos", "prep", "pobj", "npadvmod", "nummod",
})


class ActorIndex:
    """Which actor mentions stand at each token.

    A mention covers its span, and also its head when the head lies outside the span
    ("Hungarian and Romanian officials": both adjectives are headed by "officials").
    The mention headed at a token comes first.
    """

    def __init__(self, doc: Doc, actors: list[ActorMention] | None,
                 places: list[PlaceMention] | None, words: Words) -> None:
        n = len(doc)
        self.words = words
        self.owner: list[list[ActorMention] | None] = [None] * n
        for m in actors or ():
            for i in range(max(m.start, 0), min(m.end, n)):
                self._add(i, m)
            if 0 <= m.head < n and not m.start <= m.head < m.end:
                self._add(m.head, m)
        # Toponyms the actor stage did not code stand for their country when they are
        # where an event happens or is directed ("a curfew in Algiers", "arrived in Amman").
        self.places: dict[int, ActorMention] = {}
        for p in places or ():
            country = p.place.country
            if country is None or any(self.owner[i] for i in range(p.start, min(p.end, n))):
                continue
            m = ActorMention(p.start, p.end, country, country, None, entries=("place",),
                             kind="place", head=p.end - 1)
            for i in range(p.start, min(p.end, n)):
                self.places[i] = m

    def place(self, token: Token) -> ActorMention | None:
        return self.places.get(token.i)

    def _add(self, i: int, m: ActorMention) -> None:
        here = self.owner[i]
        if here is None:
            self.owner[i] = [m]
        elif all(m is not o for o in here):
            if m.head == i:
                here.insert(0, m)
            else:
                here.append(m)

    def covering(self, token: Token) -> ActorMention | None:
        here = self.owner[token.i]
        return here[0] if here else None

    def at(self, token: Token, depth: int = 4) -> list[ActorMention]:
        """The mentions at ``token`` or, failing that, nearest below it in its phrase."""
        here = self.owner[token.i]
        if here:
            return here
        frontier = [token]
        for _ in range(depth):
            nxt: list[Token] = []
            for t in frontier:
                for c in t.children:
                    dep = c.dep_
                    if dep == "acl" and c.tag_ == "VBN":
                        nxt.extend(participle_args(c, self.words))
                        continue
                    if dep not in _INSIDE_DEPS:
                        continue
                    if dep == "prep" and c.lower_ not in self.words.inside_preps:
                        continue
                    here = self.owner[c.i]
                    if here:
                        # "sanctions on India and Pakistan": every coordinated member.
                        more = [m for x in conjuncts_of(c)[1:] for m in self.owner[x.i] or ()
                                if all(m is not o for o in here)]
                        return here + more if more else here
                    nxt.append(c)
            if not nxt:
                return []
            frontier = nxt
        return []

    def inside(self, token: Token, depth: int = 4) -> ActorMention | None:
        found = self.at(token, depth)
        return found[0] if found else None

    def members(self, token: Token) -> list[ActorMention]:
        """One mention per coordinated member ("Jordan and Britain" gives two)."""
        out: list[ActorMention] = []
        for t in conjuncts_of(token):
            for m in self.at(t):
                if all(m is not o for o in out):
                    out.append(m)
        return out


def participle_args(verb: Token, w: Words) -> list[Token]:
    """The by-agent and on/against phrases of a passive participle modifying a noun."""
    return [c for c in verb.children
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in w.participle_preps)]


def conjuncts_of(token: Token) -> list[Token]:
    """``token`` and the tokens coordinated with it below it."""
    out = [token]
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ_DEPS or c.dep_ == "auxpass" for c in verb.children)


def direct_subject(verb: Token) -> Token | None:
    """The agent of ``verb`` stated in its own clause (active subject or passive by-agent)."""
    passive = False
    for c in verb.children:
        dep = c.dep_
        if dep in SUBJ_DEPS:
            return c
        if dep == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
        if dep in PASS_SUBJ_DEPS:
            passive = True
    if passive:
        return None
    for c in verb.children:
        if c.dep_ == "aux" and c.i < verb.i:
            # "The UK and France however have opposed": the subject hung on the auxiliary.
            for s in c.children:
                if s.dep_ in SUBJ_DEPS:
                    return s
    return None


def logical_subject(verb: Token, w: Words, adjectival: bool = False) -> Token | None:
    """The agent of ``verb``, looking through control, coordination and relative clauses.

    ``adjectival``: the trigger is a predicate adjective or participle ("is opposed to"),
    whose grammatical subject is its experiencer even when tagged passive.
    """
    if adjectival:
        for c in verb.children:
            if c.dep_ in PASS_SUBJ_DEPS:
                return c
    t = verb
    for _ in range(6):
        s = direct_subject(t)
        if s is not None:
            if s.lower_ in w.relative_pronouns and t.dep_ == "relcl":
                return t.head
            if s.pos_ == "VERB":
                # A participle misparsed as the subject ("The Red Cross operating in Iraq
                # said"): its own subject is meant.
                inner = direct_subject(s)
                if inner is not None:
                    return inner
            return s
        if is_passive(t):
            return None
        dep = t.dep_
        if dep == "relcl":
            return t.head if any(c.dep_ in SUBJ_DEPS for c in t.children) else None
        if dep == "acl":
            # "refugees fleeing ...": the noun acts; a finite verb here is a misparsed clause
            # ("Doctors from aid groups donated ..."), whose subject is the noun as well.
            if _misparsed_main_verb(t):
                return t.sent.root  # "Doctors from aid groups donated ...": the root noun
            if t.tag_ in ("VBG", "VBD", "VBZ", "VBP") or misparsed_report(t, w):
                return t.head
            return None
        if dep == "ccomp" and t.head.i != t.i and t.head.pos_ == "VERB" \
                and not any(c.dep_ == "mark" for c in t.children):
            t = t.head  # a subjectless complement ("let free the prisoners")
            continue
        if dep in ("xcomp", "conj", "advcl", "pcomp", "acomp", "prep") and t.head.i != t.i:
            head = t.head
            if dep == "conj" and is_passive(head) and _shares_passive(t):
                return None  # "was tortured and killed": the second verb is passive too
            if dep == "conj" and is_passive(head) and not is_passive(t):
                # "was indicted ... and will resign": the shared subject is the patient.
                for c in head.children:
                    if c.dep_ in PASS_SUBJ_DEPS:
                        return c
            if dep == "xcomp" and not subject_control(head, w):
                # Object control: "urged Japan to talk" - Japan is the one to talk.
                for c in head.children:
                    if c.dep_ in ("dobj", "dative"):
                        return c
            t = head
            continue
        return None
    return None


def _misparsed_main_verb(verb: Token) -> bool:
    """"The Iraqi air force carried out strikes": the sentence's verb parsed as a participle
    on a root noun. A passive participle takes no direct object; this one has one (or
    shares one with a coordinated verb: "donated and delivered goods")."""
    if verb.tag_ not in ("VBN", "VBD") or verb.sent.root.pos_ not in ("NOUN", "PROPN"):
        return False
    verbs = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    return any(c.dep_ == "dobj" for v in verbs for c in v.children)


def _shares_passive(verb: Token) -> bool:
    """A bare participle coordinated with a passive verb shares its auxiliary."""
    return verb.tag_ == "VBN" and not any(
        c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in verb.children)


def subject_control(verb: Token, w: Words) -> bool:
    """"called Lavrov to discuss", "met the envoy to protest": the subject acts, unlike
    "urged Japan to talk" or "called on Japan to talk"."""
    return verb.lemma_.lower() in w.subject_control_verbs and not any(
        c.dep_ == "prep" and c.lower_ in ("on", "upon") and not any(
            p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in c.children)
        for c in verb.children)


def misparsed_report(verb: Token, w: Words) -> bool:
    """"X did Y, a rights group protested.": a closing clause parsed as a participle on a
    noun in apposition to the subject, after that subject's own verb. A true participle
    ("the activist, a man detained in May, ...") stands next to the noun it describes.
    """
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    noun = verb.head
    if noun.dep_ != "appos":
        return False
    if any(c.dep_ in ("agent", "dobj", "nsubjpass", "auxpass") for c in verb.children):
        return False
    anchor = noun.head
    if anchor.head.i != anchor.i and anchor.i < anchor.head.i < noun.i:
        return True
    # "..., a rights group protested.": a speech verb closing the sentence after its root.
    return verb.lemma_.lower() in w.speech_verbs and noun.i > noun.sent.root.i


def logical_object(verb: Token, w: Words) -> Token | None:
    """The patient of ``verb``: direct object, passive subject, or relativised head."""
    for c in verb.children:
        if c.dep_ in ("dobj", "dative") or c.dep_ in PASS_SUBJ_DEPS:
            if c.lower_ in w.relative_pronouns and verb.dep_ == "relcl":
                return verb.head
            return c
    for c in verb.children:
        # "allowed the candidate to run", parsed with the candidate as the clause's subject.
        if c.dep_ in ("ccomp", "xcomp") and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            for s in c.children:
                if s.dep_ in SUBJ_DEPS and s.lower_ not in w.relative_pronouns:
                    return s
    if verb.dep_ == "ccomp" and verb.head.i != verb.i and direct_subject(verb) is None:
        # "let free some forty journalists": the object hung on the governing verb.
        for c in verb.head.children:
            if c.dep_ == "dobj" and c.i > verb.i:
                return c
    if verb.dep_ == "relcl" and any(c.dep_ in SUBJ_DEPS for c in verb.children):
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and not misparsed_report(verb, w) \
            and not _misparsed_main_verb(verb):
        return verb.head
    if verb.dep_ == "relcl":
        return verb.head
    for c in verb.children:
        # "kidnapped and killed an engineer": the shared object hangs on the last verb.
        if c.dep_ == "conj" and c.pos_ == "VERB" and not is_passive(c):
            for o in c.children:
                if o.dep_ == "dobj":
                    return o
    if verb.dep_ == "conj" and is_passive(verb.head) is is_passive(verb):
        # "arrested and jailed two men": the shared object hangs on the first verb.
        head = verb.head
        for c in head.children:
            if c.dep_ in ("dobj",) or c.dep_ in PASS_SUBJ_DEPS:
                return c
    return None


def prep_objects(head: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of ``head``'s prepositions in ``preps``, in order of the entry's list."""
    found: list[tuple[int, Token]] = []
    for c in head.children:
        if c.dep_ not in ("prep", "dative", "agent", "prt"):
            continue
        low = c.lower_
        if low == "out":
            # "shipped out of X": the compound preposition counts as "from".
            inner = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "of"), None)
            if inner is not None and ("from" in preps or "of" in preps):
                rank = preps.index("from") if "from" in preps else preps.index("of")
                found.extend((rank, p) for p in inner.children if p.dep_ == "pobj")
            continue
        if c.dep_ == "prt":
            continue
        if low not in preps:
            continue
        rank = preps.index(low)
        if c.dep_ == "dative" and c.pos_ != "ADP":
            found.append((rank, c))
            continue
        for p in c.children:
            if p.dep_ == "pobj":
                found.append((rank, p))
    found.sort(key=lambda x: x[0])
    return [t for _, t in found]


def is_pronoun(token: Token, w: Words) -> bool:
    return token.pos_ == "PRON" and token.lower_ in w.pronouns


def is_purpose(verb: Token) -> bool:
    """An infinitive with "to" ("to protest"): a purpose or control complement."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
