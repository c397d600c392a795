"""Within-document resolution: give later mentions the code of the first.

- a role noun with no country takes it from a prepositional complement ("a spokesman for
  the U.S. Embassy", "police in Beijing"), else from the last mention of the same role
  that had one ("the ministry" after "the Chinese Foreign Ministry"), else, for state
  sectors, from the nearest earlier actor of its sentence;
- "Mr. Kong" and "Kong" resolve to the person introduced as "... Kong Quan";
- he/she/him/her to the last person-like mention (within two sentences);
- they/them, "the two", "both" to the last plural or compound mention (within one sentence).

Resolved mentions keep their own span and point at the first mention (``antecedent``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from cormorant.actors.dictionary import NON_STATE_PREFIXES
from cormorant.actors.recognize import Candidate, positions
from cormorant.actors.words import ActorWords
from cormorant.base.mentions import ActorMention
from cormorant.base.tokens import token_table

GROUP_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# Roles that take the sentence subject's country when they have none ("former President").
CONTEXT_SECTORS = STATE_SECTORS | {"ELI"}
NGO_SECTORS = frozenset({"NGO", "HRI", "ENV"})
NOT_LOCAL_SECTORS = frozenset({"REF", "MIL", "MED"})
NOT_LOCAL_AGENTS = frozenset({"agent.embassy", "agent.diplomat"})
# "an aide to Prime Minister Barak" serves the Prime Minister's state.
SERVES_AGENTS = frozenset({"agent.spokesman"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
SENTENCE_MARK = "country-from:sentence"
PERSON_WINDOW = 2  # sentences back a he/she may reach
GROUP_WINDOW = 1


def root(m: ActorMention) -> ActorMention:
    while m.antecedent is not None:
        m = m.antecedent
    return m


def _sentence_index(doc: Doc) -> list[int]:
    if not len(doc) or not doc.has_annotation("SENT_START"):
        return [0] * len(doc)
    return token_table(doc).sent_of


def _with_country(m: ActorMention, country: str, entry: str) -> None:
    m.country = country
    m.code = country + (m.sector or "")
    m.entries = tuple(dict.fromkeys((entry, *m.entries)))


def complement_countries(doc: Doc, cands: list[Candidate],
                         places: dict[int, tuple[str, str]], w: ActorWords) -> None:
    """Country of a role noun from its complement: "of/for/from" an actor, "in/at" a country."""
    index: dict[int, ActorMention] = {}
    orgs: dict[int, ActorMention] = {}
    for c in cands:
        m = c.mention
        if m is not None and m.country:
            for i in range(m.start, m.end):
                index.setdefault(i, m)
        elif m is not None and m.code[:3] in NON_STATE_PREFIXES and len(m.code) > 3:
            for i in range(m.start, m.end):
                orgs.setdefault(i, m)
    for c in cands:
        m = c.mention
        if m is None:
            continue
        if c.ethnic:
            _ethnic_residence(doc, c, m, index, places)
            continue
        if m.country or not m.sector or m.kind not in ("agent", "person") \
                or m.sector in NON_STATE_PREFIXES:
            continue
        head = doc[c.run.start:c.run.end].root
        local = m.sector not in NOT_LOCAL_SECTORS and c.agent_id not in NOT_LOCAL_AGENTS
        for prep in head.children:
            word = prep.lower_
            if prep.dep_ != "prep":
                continue
            place_only = word in w.residence_preps
            if place_only and not local:
                continue
            if not (word in w.complement_preps or place_only
                    or (word == "to" and c.agent_id in SERVES_AGENTS)):
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                found = index.get(obj.i)
                if found is None:  # "inhabitants of the Syrian Golan Heights"
                    found = next((index[c.i] for c in obj.children
                                  if c.dep_ in ("amod", "compound", "poss") and c.i in index), None)
                if found is not None and found.country and (
                        not place_only or found.kind == "country"):
                    _with_country(m, found.country, found.entries[0] if found.entries else "")
                elif obj.i in places:
                    _with_country(m, *places[obj.i])
            if m.country:
                break
            if word in w.complement_preps and m.code == m.sector:
                # "the president of the Red Cross", "officials from the World Bank": the
                # organisation's own people.
                org = next((orgs[o.i] for o in prep.children if o.dep_ == "pobj" and o.i in orgs),
                           None)
                if org is not None:
                    m.code, m.sector = org.code, None
                    m.entries = tuple(dict.fromkeys((*org.entries[:1], *m.entries)))
                    break


def _ethnic_residence(doc: Doc, c: Candidate, m: ActorMention, index: dict[int, ActorMention],
                      places: dict[int, tuple[str, str]]) -> None:
    """"Ethnic Albanians in south Serbia" are coded as Serbia's (CAMEO codes residence)."""
    head = doc[c.run.start:c.run.end].root
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "of", "from"):
            continue
        for obj in prep.children:
            found = index.get(obj.i) if obj.dep_ == "pobj" else None
            if found is not None and found.kind == "country" and found.country:
                _set_country(m, found.country, found.entries[0] if found.entries else "")
                c.ethnic = False
                return
            if obj.dep_ == "pobj" and obj.i in places:
                _set_country(m, *places[obj.i])
                c.ethnic = False
                return


def _set_country(m: ActorMention, country: str, entry: str) -> None:
    m.country = country
    m.code = country + (m.sector or "")
    m.entries = tuple(dict.fromkeys((entry, *m.entries)))


def sentence_countries(doc: Doc, cands: list[Candidate], sent: list[int],
                       places: dict[int, tuple[str, str]]) -> dict[int, list[tuple[ActorMention, bool]]]:
    """Per sentence, the mentions that name a country, flagged when they are a subject.

    Capitals used as places count too ("a curfew in Algiers"), as stand-in mentions that
    never leave this module.
    """
    out: dict[int, list[tuple[ActorMention, bool]]] = {}
    for c in cands:
        m = c.mention
        if m is None or not m.country:
            continue
        root_tok = doc[c.run.start:c.run.end].root
        out.setdefault(sent[c.run.start], []).append((m, root_tok.dep_ in SUBJECTS))
    for i, (country, entry) in places.items():
        if i > 0 and places.get(i - 1) == (country, entry):
            continue
        stand_in = ActorMention(start=i, end=i + 1, code=country, country=country, sector=None,
                                entries=(entry,), kind="place", head=i)
        out.setdefault(sent[i], []).append((stand_in, False))
    for known in out.values():
        known.sort(key=lambda x: x[0].start)
    return out


def context_country(m: ActorMention, known: list[tuple[ActorMention, bool]],
                    state: bool = True) -> ActorMention | None:
    """The actor whose country a role noun with none most likely shares.

    State roles take the sentence subject's country, else the only country of the sentence,
    else the nearest before; other roles only the only country of the sentence.
    """
    countries = {x.country for x, _ in known if x is not m}
    if not state:
        return next(x for x, _ in known if x is not m) if len(countries) == 1 else None
    before = [(x, subj) for x, subj in known if x.start < m.start and x is not m]
    for x, subj in before:
        if subj:
            return x
    if len(countries) == 1:
        return next(x for x, _ in known if x is not m)
    return before[-1][0] if before else None


@dataclass
class _State:
    words: ActorWords
    names: dict[str, ActorMention] = field(default_factory=dict)
    person: tuple[ActorMention, int] | None = None
    subject: tuple[ActorMention, int] | None = None  # the last person-like subject
    group: tuple[list[ActorMention], int] | None = None
    by_agent: dict[str, ActorMention] = field(default_factory=dict)
    context: dict[int, list[tuple[ActorMention, bool]]] = field(default_factory=dict)
    explicit: dict[int, ActorMention] = field(default_factory=dict)
    pronoun_sentences: set[int] = field(default_factory=set)
    names_possible: bool = False


def resolve(doc: Doc, cands: list[Candidate], places: dict[int, tuple[str, str]],
            w: ActorWords) -> list[ActorMention]:
    """Every actor mention of the document, resolved, in text order."""
    complement_countries(doc, cands, places, w)
    sent = _sentence_index(doc)
    st = _State(w)
    st.context = sentence_countries(doc, cands, sent, places)
    st.names_possible = any(c.name_parts for c in cands)
    for c in cands:
        if c.mention is not None and (c.mention.country or c.mention.sector):
            for i in range(c.mention.start, c.mention.end):
                st.explicit.setdefault(i, c.mention)
    items: list[tuple[int, int, Candidate | None]] = [(c.run.start, 1, c) for c in cands]
    covered = {i for c in cands for i in range(c.run.start, c.run.end)}
    items += [(i, 0, None) for i in positions(doc, w.pronoun_words) if _pronoun_like(doc[i], w)]
    if st.names_possible:
        items += [(i, 0, None) for i in _title_propn(doc) if i not in covered]
    # A sentence with pronouns has actors the country list does not show.
    st.pronoun_sentences = {sent[i] for i, _, c in items if c is None and doc[i].pos_ != "PROPN"}
    items.sort(key=lambda x: (x[0], x[1]))
    out: list[ActorMention] = []
    k = 0
    while k < len(items):
        pos, _, cand = items[k]
        s = sent[pos]
        if cand is None:
            tok = doc[pos]
            if tok.pos_ == "PROPN":
                out.extend(_name_probe(tok, s, st))
            else:
                out.extend(_pronoun(doc, tok, s, st))
            k += 1
            continue
        if cand.group >= 0:
            members = [cand]
            while k + 1 < len(items) and items[k + 1][2] is not None \
                    and items[k + 1][2].group == cand.group:  # type: ignore[union-attr]
                k += 1
                members.append(items[k][2])  # type: ignore[arg-type]
            ms = [m for c in members if (m := _mention(doc, c, s, st)) is not None]
            out.extend(ms)
            if ms:
                st.group = (ms, s)
            k += 1
            continue
        m = _mention(doc, cand, s, st)
        if m is not None:
            out.append(m)
        k += 1
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _title_propn(doc: Doc) -> list[int]:
    """Title-case proper nouns: the table's POS column first, so that only proper nouns
    become ``Token`` objects."""
    return [i for i, p in enumerate(token_table(doc).pos) if p == PROPN and doc[i].is_title]


def _pronoun_like(t: Token, w: ActorWords) -> bool:
    low = t.lower_
    if low in w.singular_pronouns or low in w.plural_pronouns:
        return t.pos_ == "PRON" or t.tag_ in ("PRP", "PRP$")
    if low in w.group_numbers and t.dep_ in GROUP_DEPS:
        return low == "both" or (t.i > 0 and t.doc[t.i - 1].lower_ == "the")
    return False


def _mention(doc: Doc, cand: Candidate, s: int, st: _State) -> ActorMention | None:
    m = cand.mention
    if m is None:
        m = _by_name(cand, st) or _by_apposition(doc, cand, st)
        if m is None:
            st.person = None  # an unknown person: "he" no longer means the earlier one
            return None
    elif m.country is None and m.kind in ("agent", "person") and m.sector \
            and m.sector not in NON_STATE_PREFIXES and cand.agent_id:
        ante = st.by_agent.get(cand.agent_id) if _anaphoric(doc, cand, m, st.words) else None
        if ante is not None and ante.country:
            _with_country(m, ante.country, ante.entries[0] if ante.entries else "")
            m.antecedent = root(ante)
        elif cand.agent_id not in NOT_LOCAL_AGENTS and m.sector != "REF" \
                and m.sector not in NGO_SECTORS and (
                m.sector in CONTEXT_SECTORS or s not in st.pronoun_sentences):
            near = context_country(m, st.context.get(s, []), m.sector in CONTEXT_SECTORS)
            if near is not None:
                _with_country(m, near.country or "", near.entries[0] if near.entries else "")
                # A locative phrase found once places are resolved may still override it.
                m.entries = (*m.entries, SENTENCE_MARK)
    if m.country is None and m.kind == "agent" and m.sector in NGO_SECTORS:
        # A rights or aid group of no stated country is CAMEO's NGO (NGOHRI, NGO).
        m.code = "NGO" + ("" if m.sector == "NGO" else m.sector)
        m.sector = "NGO"
    if cand.ethnic:
        others = {x.country for x, _ in st.context.get(s, []) if x.country and x.country != m.country}
        if len(others) == 1:
            other = next(x for x, _ in st.context.get(s, []) if x.country in others)
            _set_country(m, other.country or "", other.entries[0] if other.entries else "")
    if cand.person_like:
        _saw_person(doc, m, s, st)
    if cand.name_parts and (m.country or m.sector):
        for part in cand.name_parts:
            st.names[part.lower()] = root(m)
    if cand.plural and cand.group < 0:
        st.group = ([m], s)
    if m.country and cand.agent_id:
        st.by_agent[cand.agent_id] = m
    return m


def _anaphoric(doc: Doc, cand: Candidate, m: ActorMention, w: ActorWords) -> bool:
    """"the ministry", or a bare state role noun ("police"): may refer back."""
    first = doc[cand.run.start]
    if first.i > 0 and doc[first.i - 1].lower_ in w.definite_determiners:
        return True
    if m.sector not in STATE_SECTORS:
        return False
    head = doc[cand.run.start:cand.run.end].root
    return not any(c.dep_ in ("amod", "det", "compound", "nummod") for c in head.children
                   if c.i < cand.run.start)


def _by_name(cand: Candidate, st: _State) -> ActorMention | None:
    for part in reversed(cand.name_parts):
        ante = st.names.get(part.lower())
        if ante is not None:
            r = cand.run
            return ActorMention(start=r.start, end=r.end, code=ante.code, country=ante.country,
                                sector=ante.sector, entries=ante.entries, kind="person",
                                antecedent=ante, head=r.segs[-1].end - 1)
    return None


def _saw_person(doc: Doc, m: ActorMention, s: int, st: _State) -> None:
    st.person = (m, s)
    head = doc[m.start:m.end].root
    if head.dep_ in SUBJECTS:
        st.subject = (m, s)


def _name_probe(t: Token, s: int, st: _State) -> list[ActorMention]:
    """A surname the parser did not tag as a person ("Ostberg left"), if already introduced."""
    ante = st.names.get(t.lower_)
    if ante is None:
        return []
    m = ActorMention(start=t.i, end=t.i + 1, code=ante.code, country=ante.country,
                     sector=ante.sector, entries=ante.entries, kind="person",
                     antecedent=ante, head=t.i)
    st.person = (m, s)
    return [m]


def _by_apposition(doc: Doc, cand: Candidate, st: _State) -> ActorMention | None:
    """"Salah Sidhoum, Algeria's leading rights activist": the name takes the role's code."""
    r = cand.run
    head = doc[r.start:r.end].root
    for child in head.children:
        if child.dep_ != "appos":
            continue
        other = st.explicit.get(child.i)
        if other is not None and other.start >= r.end:
            return ActorMention(start=r.start, end=r.end, code=other.code, country=other.country,
                                sector=other.sector, entries=other.entries, kind="person",
                                head=head.i)
    return None


def _pronoun(doc: Doc, t: Token, s: int, st: _State) -> list[ActorMention]:
    low = t.lower_
    if low in st.words.singular_pronouns:
        # Subjects make likelier antecedents than the latest object ("Mr. Ostberg met the
        # Kenyan president. He said ...").
        pick = st.subject if st.subject is not None and st.person is not None \
            and st.person[1] - st.subject[1] <= 1 else st.person
        if pick is None or s - pick[1] > PERSON_WINDOW:
            return []
        ante = root(pick[0])
        m = ActorMention(start=t.i, end=t.i + 1, code=ante.code, country=ante.country,
                         sector=ante.sector, entries=ante.entries, kind="pronoun",
                         antecedent=ante, head=t.i)
        _saw_person(doc, m, s, st)
        return [m]
    if st.group is None or s - st.group[1] > GROUP_WINDOW:
        return []
    start = t.i - 1 if low in st.words.group_numbers and low != "both" else t.i
    out = []
    for member in st.group[0]:
        ante = root(member)
        out.append(ActorMention(start=start, end=t.i + 1, code=ante.code, country=ante.country,
                                sector=ante.sector, entries=ante.entries, kind="pronoun",
                                antecedent=ante, head=t.i))
    st.group = (st.group[0], s)
    return out
