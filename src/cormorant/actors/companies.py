"""Company names: an organisation name that ends in a corporate word is a business.

"Gandalf Technologies Inc", "British Telecom", "Korea Electric Power Corp": the parser's ORG
entity ends in a legal form or a trade word (``company_words`` in ``data/words.yaml``). A
country word inside the name gives the country ("British Telecom": GBRBUS), never a state:
a company signing a contract with a company is market news, not a political event.
"""

from __future__ import annotations

from spacy.tokens import Doc

from cormorant.actors.coref import SENTENCE_MARK
from cormorant.actors.words import ActorWords
from cormorant.base.mentions import ActorMention
from cormorant.base.tokens import token_table

_STATE_KINDS = frozenset({"country", "capital", "place", "people"})
ENTRY = "company-name"
ROLE = "company-role"  # a role noun right after a company name: the company's spokesman


def mark_companies(doc: Doc, actors: list[ActorMention], w: ActorWords) -> list[ActorMention]:
    """``actors`` with companies named in the text coded as business (``BUS``)."""
    ents = [(s, e) for s, e, label in token_table(doc).ents
            if label == "ORG" and e - s >= 2 and doc[e - 1].lower_ in w.company_words]
    if not ents:
        return actors
    out = list(actors)
    companies: dict[int, ActorMention] = {}  # by the token after the name
    for s, e in ents:
        inside = [m for m in out if s <= m.start and m.end <= e]
        if any(m.start < e and s < m.end for m in out if m not in inside):
            continue  # a mention crossing the name: leave both alone
        if any(m.sector != "BUS" and (m.sector or m.kind not in _STATE_KINDS) for m in inside):
            continue  # "Islamic State group", "Bank of Japan": an actor of its own
        country = next((m.country for m in inside if m.country), None)
        code = (country or "") + "BUS"
        head = doc[s:e].root.i
        mention = ActorMention(s, e, code, country, "BUS", (ENTRY,), "org", None, head)
        out = [m for m in out if m not in inside]
        out.append(mention)
        companies[e] = mention
    for m in out:
        company = _company_before(doc, m.start, companies) or _its_company(doc, m, out)
        if company is not None and m.kind in ("agent", "person") and m.sector == "GOV":
            # "a Japan Airlines spokesman", "Noranda Inc official": the company's own.
            m.country, m.sector, m.code = company.country, "BUS", company.code
            m.entries = (*(x for x in m.entries if x != SENTENCE_MARK), ROLE)
    out.sort(key=lambda m: m.start)
    return out


def _company_before(doc: Doc, start: int, companies: dict[int, ActorMention],
                    most: int = 3) -> ActorMention | None:
    """The company named right before ``start``, across up to ``most`` lower-case
    modifiers of the role ("Noranda Inc *senior executive* vice president")."""
    i = start
    while True:
        company = companies.get(i)
        if company is not None or i == 0 or start - i >= most:
            return company
        t = doc[i - 1]
        if not (t.is_lower and t.is_alpha and t.pos_ in ("ADJ", "NOUN")):
            return None
        i -= 1


def _its_company(doc: Doc, m: ActorMention, actors: list[ActorMention]) -> ActorMention | None:
    """"Acme Inc said its president resigned": the company is the last actor named
    before the role in its sentence."""
    if not any(c.dep_ == "poss" and c.lower_ == "its" for c in doc[m.head].children):
        return None
    sent_of = token_table(doc).sent_of
    before = [a for a in actors if a.end <= m.start and sent_of[a.start] == sent_of[m.start]]
    last = max(before, key=lambda a: a.end, default=None)
    return last if last is not None and last.sector == "BUS" else None
