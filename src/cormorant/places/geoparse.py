"""Find toponyms in a parsed ``Doc`` and resolve each to a gazetteer entry.

Detection: the model's GPE/LOC/FAC entities, gazetteer names the model missed (notable
places only), demonyms, person-tagged names used as places, "City, Region" pairs, and a
local pass for small towns of the document's own area. Resolution scores every candidate
by feature type, population and the document's context: the countries and regions its
other places resolve to, its demonyms and actors, the regions its names could share,
nearness to its other places, and an explicit qualifier ("Paris, Texas"). One name keeps
one sense through a document unless a qualifier says otherwise. See docs/places.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_ALPHA, IS_STOP, ORTH, POS, SPACY, TAG
from spacy.strings import get_string_id
from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from cormorant.base.mentions import ActorMention, PlaceMention
from cormorant.places.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_CONTINENT,
    KIND_COUNTRY,
    KIND_OTHER,
    Entry,
    Gazetteer,
    haversine_km,
    normalize,
)
from cormorant.records import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A gazetteer hit inside an entity of these labels is ignored. Names of organisations
# ("Gainesville Police Department") do contain toponyms, so ORG is not among them.
OTHER_LABELS = frozenset({"PERSON", "LANGUAGE", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                          "ORDINAL", "CARDINAL"})
COUNTY_WORDS = frozenset({"County", "Parish", "Borough"})
# Newspaper abbreviations of the words above and of "Township": looked up spelt out.
ADMIN_ABBREVS = {"Co.": "County", "Twp.": "Township", "Twp": "Township"}
DIRECTION_WORDS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "northwest", "northeast", "southwest", "southeast", "northwestern", "northeastern",
    "southwestern", "southeastern", "central", "upper", "lower", "greater", "downtown",
    "metro", "rural", "suburban", "coastal", "mid"})
DATELINE_FOLLOWERS = frozenset({",", "(", "-", "\u2014", "\u2013", "--", ":"})
# Words after a name that make it a town however small: "the Berea Police Department",
# "Chicopee residents", "an Augusta native".
LOCAL_INSTITUTIONS = frozenset({"police", "fire", "firefighters", "sheriff", "sheriff's", "council",
                                "residents", "resident", "native", "natives", "mayor",
                                "township", "volunteer", "board", "aldermen", "selectmen",
                                "selectman", "man", "woman", "men", "women", "teen", "couple",
                                "parks"})
# Capitalised words after a town's name inside a longer name: "the Kanawha River",
# "Paris High School", "Whitestown Town Hall".
PLACE_TAILS = frozenset({"County", "Parish", "Borough", "City", "Town", "Township", "Village",
                         "River", "Creek", "Valley", "Lake", "Bay", "Harbor", "Harbour",
                         "Island", "Police", "Fire", "Sheriff", "Sheriff's", "High",
                         "Elementary", "Middle", "Schools", "Council", "Area", "Port"})
# "Walton and Oconee counties": each name is a county.
COUNTY_PLURALS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
_PLURAL_LENGTHS = frozenset(len(w) for w in COUNTY_PLURALS)  # a cheap test before lower()
PARTY_LETTERS = frozenset({"D", "R", "I"})
_PARTY_RE = re.compile(f"[{''.join(sorted(PARTY_LETTERS))}] ?-")  # "D-Pa.": texts without skip
# State abbreviations that are also common words or other abbreviations: read as a state
# only after "City," or "D-", not where the model alone took them for a place.
SHARED_ABBREVS = frozenset({"del.", "ind.", "miss.", "mo.", "man.", "wash.", "cal.", "mass.",
                            "la.", "me.", "ore.", "mont.", "alta.", "que."})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "into", "from", "across",
                            "throughout", "within", "around", "toward", "towards", "via",
                            "through", "along", "off", "onto", "between", "en"})
# Gazetteer-only hits (the model saw no entity) must be notable to count.
MIN_GAZ_ONLY_POPULATION = 20_000
MIN_CANDIDATE_POPULATION_ALT = 1_000
MIN_CITY_BESIDE_CURATED = 5_000
LOCAL_KM = 60.0  # a town this close to the document's other places is local to it
# A town and its county, or two neighbouring towns: senses of two names this close are
# hardly a coincidence ("Paris" and "Henry County" are both in Tennessee and Kentucky, but
# only Tennessee's Paris lies in its Henry County).
TIGHT_KM = 25.0
TITLES = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "sgt", "lt", "col",
                    "capt", "officer", "deputy", "judge", "coach", "president", "st"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "explain", "note", "ask", "write", "state"})
_VIEW_ATTRS = [ORTH, SPACY, IDX, IS_ALPHA, IS_STOP, POS, TAG]
_TAG_POS = get_string_id("POS")  # the tag of a possessive ending


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts when choosing among same-named places.

    The defaults were set by a coordinate search on the LGL corpus (the development set);
    the held-out corpora are measured with them unchanged.
    """

    country: float = 4.0  # prior by feature kind
    admin1: float = 2.0
    continent: float = 3.0
    other: float = 1.25
    admin2: float = 2.25
    city: float = 0.5
    population: float = 0.9  # per power of ten
    capital: float = 3.75  # national capital
    alternate: float = 3.0  # penalty: the name is only an alternate name of the entry
    qualifier: float = 20.0  # "Paris, Texas"
    doc_country: float = 4.5  # times the candidate country's share of the document
    doc_admin1: float = 3.0
    near_50: float = 1.5  # another place of the document within 50 km
    near_200: float = 1.0
    near_500: float = 0.0
    admin1_vote: float = 2.0  # extra context weight of a region named in the text
    spread: float = 1.5  # weight of the regions the document's names could all be in
    coherence: float = 1.0  # other names of the document could be nearby (up to 3 count)
    tight: float = 2.0  # other names of the document could be within TIGHT_KM (up to 2 count)

    def prior(self, kind: int) -> float:
        return (self.country, self.admin1, self.admin2, self.city, self.other,
                self.continent)[kind]


DEFAULT_WEIGHTS = Weights()


@dataclass(slots=True)
class Toponym:
    """A detected toponym (tokens ``start:end``) while it is being resolved."""

    start: int
    end: int
    text: str
    candidates: list[tuple[Entry, bool]]
    source: str  # "ner", "gazetteer", "demonym", "qualified", "abbrev", "local"
    qualifier: Entry | None = None  # the region or country after "City, ..."
    pick: Entry | None = None
    score: float = 0.0
    scores: dict[int, float] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    """What the document says about where it is."""

    countries: dict[str, float] = field(default_factory=dict)  # country -> votes
    admin1: dict[str, float] = field(default_factory=dict)  # region name -> votes
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (key, lat, lon)
    # 1-degree cell -> names of the document with some candidate in it
    cells: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    # entry index -> how many other names of the document have a sense within TIGHT_KM
    tight: dict[int, int] = field(default_factory=dict)

    def neighbours(self, lat: float, lon: float, own_key: str) -> int:
        """How many other names of the document could be within about a degree of here."""
        keys = self.around(int(math.floor(lat)), int(math.floor(lon)))
        return len(keys) - (own_key in keys)

    def around(self, ci: int, cj: int) -> set[str]:
        """The names with a sense in the 1-degree cell (ci, cj) or the eight around it."""
        keys: set[str] = set()
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                keys |= self.cells.get((ci + di, cj + dj), set())
        return keys

    def country_share(self, c: str | None) -> float:
        top = max(self.countries.values(), default=0.0)
        return self.countries.get(c, 0.0) / top if c and top > 0 else 0.0

    def admin1_share(self, a: str | None) -> float:
        top = max(self.admin1.values(), default=0.0)
        return self.admin1.get(a, 0.0) / top if a and top > 0 else 0.0


# Tokens that may sit inside a name ("St.", "Winston-Salem", "Martha's", "A&M").
_NAME_PUNCT = frozenset({".", "-", "'", "&"})


def _dotted(w: str) -> bool:
    """An abbreviation like "U.S." or "S.C." (letters and full stops)."""
    return len(w) >= 3 and w.endswith(".") and w.replace(".", "").isalpha()


@dataclass(slots=True)
class DocView:
    """Token attributes the detectors read many times, as plain lists computed once per
    document: building a spaCy ``Token`` for each look costs more than the look itself."""

    text: str  # doc.text joins every token on each call: read it once
    ents: list[Span]
    labels: list[str]  # label of each entity
    words: list[str]  # token texts
    starts: list[int]  # start character of each token
    ends: list[int]  # end character of each token
    caps: dict[int, str]  # the tokens that start with a capital letter -> their keys
    alpha: list[int]
    is_stop: list[int]
    pos: list[int]  # universal part-of-speech symbol ids
    tag: list[int]  # fine-grained tag string ids
    # (i, j) -> whether tokens i:j are a gazetteer name (or one with "County" after it)
    names: dict[tuple[int, int], bool] = field(default_factory=dict)
    looked_up: dict[str, list[tuple[Entry, bool]]] = field(default_factory=dict)
    scan_starts: list[int] | None = None  # where a gazetteer name may start (``_scan``)
    # those of them that start a name only together with the word glued to them
    glued_starts: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, doc: Doc) -> DocView:
        ents = list(doc.ents)
        cols: list[list[int]] = doc.to_array(_VIEW_ATTRS).T.tolist() if len(doc) else [
            [] for _ in _VIEW_ATTRS]
        orth, spaces, starts, alpha, is_stop, pos, tag = cols
        strings = doc.vocab.strings
        # As Token.text and Doc.text do, without making a Token for each.
        words = [strings[o] for o in orth]
        text = "".join([w + " " if sp else w for w, sp in zip(words, spaces, strict=True)])
        return cls(text, ents, [e.label_ for e in ents], words, starts,
                   [a + len(w) for a, w in zip(starts, words, strict=True)],
                   # normalize() of a word of letters only is its case-folded form
                   {i: w.casefold() if alpha[i] else normalize(w) for i, w in enumerate(words)
                    if w[:1].isupper()},
                   alpha, is_stop, pos, tag)

    def lookup(self, gaz: Gazetteer, name: str) -> list[tuple[Entry, bool]]:
        """``gaz.lookup(name)``, once per name and document (the list is shared: read it)."""
        found = self.looked_up.get(name)
        if found is None:
            found = self.looked_up[name] = gaz.lookup(name)
        return found

    def span_text(self, i: int, j: int) -> str:
        """The text of tokens ``i:j``, as ``doc[i:j].text``."""
        return self.text[self.starts[i]:self.ends[j - 1]] if j > i else ""


def _clean(view: DocView, start: int, end: int) -> tuple[int, int]:
    """Drop a leading determiner or lowercase modifier and a trailing possessive."""
    words, alpha = view.words, view.alpha
    while start < end and (words[start].lower() in {"the", "a", "an"} or
                           (words[start].islower() and alpha[start]) or
                           not alpha[start] and start not in view.caps):
        start += 1
    while end > start and (view.tag[end - 1] == _TAG_POS or words[end - 1] in {"'s", "'", ","}):
        end -= 1
    return start, end


def detect(doc: Doc, gaz: Gazetteer, view: DocView | None = None) -> list[Toponym]:
    """Candidate toponyms, left to right, not overlapping."""
    d = _Detector(doc, gaz, view or DocView.of(doc))
    d.model_places()
    _scan(gaz, d.view, d.taken, d.notable, lambda i, j: d.add(i, j, "gazetteer"))
    d.demonyms()
    d.person_places()
    d.county_lists()
    d.party_districts()
    d.qualifiers()
    d.found.sort(key=lambda t: t.start)
    return d.found


class _Detector:
    """The detection steps over one document, sharing which tokens are taken."""

    def __init__(self, doc: Doc, gaz: Gazetteer, view: DocView) -> None:
        self.doc, self.gaz, self.view = doc, gaz, view
        self.n = len(view.words)
        self.taken = [False] * self.n
        self.blocked = [False] * self.n
        self.found: list[Toponym] = []
        for ent, label in zip(view.ents, view.labels, strict=True):
            if label in OTHER_LABELS:
                for i in range(ent.start, ent.end):
                    self.blocked[i] = True

    def add(self, start: int, end: int, source: str,
            entry: Entry | None = None) -> Toponym | None:
        """Record a toponym unless its tokens are taken; ``entry`` fixes its only candidate."""
        view, gaz, taken = self.view, self.gaz, self.taken
        if start >= end or any(taken[start:end]):
            return None
        spelt = None
        if end < self.n and not taken[end]:
            w = view.words[end]
            if w in COUNTY_WORDS:
                end += 1
            elif w in ADMIN_ABBREVS and end > start:
                spelt = f"{view.span_text(start, end)} {ADMIN_ABBREVS[w]}"
                end += 1
        text = view.span_text(start, end)
        if entry is not None:
            cands = [(entry, False)]
        else:
            cands = view.lookup(gaz, spelt) if spelt else []
            cands = cands or view.lookup(gaz, text)
            if not any(e.kind == KIND_ADMIN2 for e, _ in cands):
                # Local news often says "Oglethorpe" for Oglethorpe County.
                cands = cands + [(e, True) for e, _ in view.lookup(gaz, text + " County")]
            if not cands and (start > 0 and view.words[start - 1] == ","
                              or normalize(text) not in SHARED_ABBREVS):
                ab = gaz.abbreviation(text)
                cands = [(ab, False)] if ab is not None else []
        topo = Toponym(start, end, text, cands, source)
        for i in range(start, end):
            taken[i] = True
        self.found.append(topo)
        return topo

    def notable(self, i: int, j: int) -> bool:
        view = self.view
        if j < self.n and view.words[j] in ADMIN_ABBREVS and not any(self.blocked[i:j]):
            return bool(view.lookup(self.gaz, f"{view.span_text(i, j)} {ADMIN_ABBREVS[view.words[j]]}"))
        if j < self.n and view.words[j].lower() in LOCAL_INSTITUTIONS and not any(self.blocked[i:j]) \
                and (j - i > 1 or view.pos[i] in (PROPN, NOUN) and not view.is_stop[i]):
            return self._town(i, j)
        return _gazetteer_only_ok(view, i, j, self.gaz, self.blocked)

    def _town(self, i: int, j: int) -> bool:
        """Tokens ``i:j`` name a town or a county somewhere, and not a common word."""
        text = self.view.span_text(i, j)
        if normalize(text) in self.gaz.not_places:
            return False
        return any(e.kind == KIND_CITY for e, alt in self.view.lookup(self.gaz, text) if not alt) or any(
            e.kind == KIND_ADMIN2 for e, _ in self.view.lookup(self.gaz, text + " County"))

    def local_head(self, i: int, j: int) -> bool:
        """Tokens ``i:j`` name the place of what follows: "Kanawha River", "Paris High"."""
        view = self.view
        return (j < self.n and view.words[j] in PLACE_TAILS and view.pos[i] == PROPN
                and normalize(view.span_text(i, j)) not in self.gaz.not_places)

    def county_lists(self) -> None:
        """"Walton and Oconee counties", "Becker, Clay and Wilkin counties": counties."""
        view, gaz = self.view, self.gaz
        # A text without the words (in lower case) has no county list.
        lowered = view.text.lower()
        if not any(p in lowered for p in COUNTY_PLURALS):
            return
        words, caps, alpha = view.words, view.caps, view.alpha
        by_span = {(t.start, t.end): t for t in self.found}
        for k in [k for k, w in enumerate(words) if len(w) in _PLURAL_LENGTHS
                  and w.lower() in COUNTY_PLURALS and k > 0]:
            word = COUNTY_PLURALS[words[k].lower()]
            if k - 1 not in caps:
                continue
            end = k
            while end > 0:
                start = end
                while start > 0 and end - start < 3 and start - 1 in caps and alpha[start - 1]:
                    start -= 1
                if start == end:
                    break
                cands = [(e, False) for e, _ in view.lookup(gaz, f"{view.span_text(start, end)} {word}")
                         if e.kind == KIND_ADMIN2]
                if cands:
                    old = by_span.get((start, end))
                    if old is not None:
                        old.candidates = cands
                    else:
                        topo = self.add(start, end, "county", cands[0][0])
                        if topo is not None:
                            topo.candidates = cands
                end = start
                if end > 0 and words[end - 1].lower() in {"and", "&", "or"}:
                    end -= 1
                if end > 0 and words[end - 1] == ",":
                    end -= 1
                if end == start:
                    break

    def party_districts(self) -> None:
        """A legislator's party and home: "D-Pa.", "R-Kanawha"."""
        view, gaz, n = self.view, self.gaz, self.n
        if not _PARTY_RE.search(view.text):
            return
        words, caps = view.words, view.caps
        for k in [k for k in range(2, n) if words[k - 1] == "-"]:
            if words[k - 2] not in PARTY_LETTERS or k not in caps or self.taken[k]:
                continue
            end = k + 1
            while end < n and end - k < 3 and end in caps and not self.taken[end]:
                end += 1
            ab = gaz.abbreviation(words[k]) if end == k + 1 else None
            if ab is not None:
                self.add(k, end, "abbrev", ab)
                continue
            # State legislators' districts are counties where a county has the name.
            text = view.span_text(k, end)
            counties = [(e, False) for e, _ in view.lookup(gaz, text + " County")
                        if e.kind == KIND_ADMIN2]
            topo = self.add(k, end, "ner") if counties or view.lookup(gaz, text) else None
            if topo is not None and counties:
                topo.candidates = counties

    def model_places(self) -> None:
        """1. The model's place entities, split at commas ("Paris, Texas")."""
        view, gaz = self.view, self.gaz
        words, caps = view.words, view.caps
        for ent, label in zip(view.ents, view.labels, strict=True):
            if label not in PLACE_LABELS:
                continue
            pieces: list[tuple[int, int]] = []
            s = e_start = ent.start
            e_end = ent.end
            for i in range(e_start, e_end):
                if words[i] in {",", ";", "/"} or words[i].lower() in {"and", "or"}:
                    pieces.append((s, i))
                    s = i + 1
            pieces.append((s, e_end))
            for a, b in pieces:
                a, b = _clean(view, a, b)
                if a >= b or not any(k in caps for k in range(a, b)):
                    continue
                text = view.span_text(a, b)
                dem = gaz.demonym_entry(text)
                if dem is not None:
                    self.add(a, b, "demonym", dem)
                    continue
                if not gaz.has(normalize(text)):
                    # "Northern Georgia", "South Los Angeles": the place after a direction word.
                    while b - a > 1 and words[a].lower() in DIRECTION_WORDS:
                        a += 1
                    # "Lamar County Elections Coordinator", "Huntsville City Manager": the
                    # model's span runs on past the place; keep its longest known start.
                    for j in range(b - 1, a, -1):
                        if gaz.has(normalize(view.span_text(a, j))) and (
                                j - a > 1 or self.notable(a, j) or self.local_head(a, j)):
                            b = j
                            break
                    if label == "FAC" and not gaz.has(normalize(view.span_text(a, b))):
                        continue  # an unknown facility is a building, not a place we can name
                self.add(a, b, "ner")

    def demonyms(self) -> None:
        """3. Demonyms ("Chinese police") name a country or region: reported, always as
        non-locative uses."""
        view, taken, n_tok = self.view, self.taken, self.n
        text, starts, ends, alpha = view.text, view.starts, view.ends, view.alpha
        firsts = self.gaz.demonym_first_words
        for i, key1 in view.caps.items():
            # Only a demonym's first word starts one (unless glued to the next word).
            maybe = key1 in firsts or key1 == "the"
            if not maybe and (i + 1 == n_tok or ends[i] < starts[i + 1]):
                continue
            if not alpha[i] or taken[i]:
                continue
            for n in (2, 1):
                if i + n > n_tok or any(taken[i:i + n]):
                    continue
                if not maybe and n == 1:
                    continue
                entry = self.gaz.demonym_entry(text[starts[i]:ends[i + n - 1]])
                if entry is not None:
                    self.add(i, i + n, "demonym", entry)
                    break

    def person_places(self) -> None:
        """4. A name the model took for a person is a place when the document uses it as one
        elsewhere, when a locative preposition governs it ("in Gainesville"), or when it
        starts with a county, country or region ("Anderson County Sheriff", "Sri Lanka's")."""
        view, gaz = self.view, self.gaz
        place_keys = {normalize(t.text) for t in self.found if t.source != "demonym"}
        for ent, label in zip(view.ents, view.labels, strict=True):
            if label != "PERSON" or any(self.taken[ent.start:ent.end]):
                continue
            key = normalize(view.span_text(ent.start, ent.end))
            if key in place_keys or (gaz.has(key) and _locative(ent.root)):
                self.add(ent.start, ent.end, "ner")
                continue
            a, b = _clean(view, ent.start, ent.end)
            if b < self.n and view.words[b].lower() in LOCAL_INSTITUTIONS and self._town(a, b):
                self.add(a, b, "ner")  # "Nelson police", "Alexandria residents"
                continue
            for j in range(b, a + 1, -1):
                if any(not alt and e.kind in (KIND_COUNTRY, KIND_ADMIN1, KIND_ADMIN2)
                       for e, alt in view.lookup(gaz, view.span_text(a, j))):
                    self.add(a, j, "ner")
                    break

    def _region_after(self, k: int, by_start: dict[int, Toponym]) -> Entry | None:
        """The region named at token ``k``: a toponym there, or a state abbreviation
        ("La."), which then becomes a toponym too."""
        nxt = by_start.get(k)
        if nxt is not None:
            return _region_of(nxt.candidates)
        if k >= self.n or k not in self.view.caps:
            return None
        ab = self.gaz.abbreviation(self.view.words[k])
        if ab is not None:
            self.add(k, k + 1, "abbrev", ab)
        return ab

    def qualifiers(self) -> None:
        """5. "City, Region" and "City, in (northern) Region": the region qualifies the city;
        a person-tagged name before ", Region" is a town ("..., Alexandria, La.")."""
        view, n = self.view, self.n
        words = view.words
        self.found.sort(key=lambda t: t.start)
        by_start = {t.start: t for t in self.found}
        for topo in list(self.found):
            j = topo.end
            if j + 1 >= n or words[j] != ",":
                continue
            k = j + 1
            if words[k].lower() in ("in", "near"):
                k += 1
                while k < n and words[k].islower() and view.alpha[k]:
                    k += 1
                nxt = by_start.get(k)
                qual = _region_of(nxt.candidates) if nxt is not None else None
            else:
                qual = self._region_after(k, by_start)
            if qual is not None and any(_within(e, qual) for e, _ in topo.candidates):
                topo.qualifier = qual
        for ent, label in zip(view.ents, view.labels, strict=True):
            if label != "PERSON" or ent.end + 1 >= n or words[ent.end] != ",":
                continue
            qual = self._region_after(ent.end + 1, by_start)
            if qual is None or any(self.taken[ent.start:ent.end]):
                continue
            if any(_within(e, qual) for e, _ in view.lookup(self.gaz, view.span_text(ent.start, ent.end))):
                topo2 = self.add(ent.start, ent.end, "qualified")
                if topo2 is not None:
                    topo2.qualifier = qual


def _locative(root: Token) -> bool:
    """Governed by a locative preposition ("in Gainesville")."""
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS


def _scan(gaz: Gazetteer, view: DocView, taken: list[bool],
          accept: Callable[[int, int], bool], add: Callable[[int, int], object]) -> None:
    """Longest gazetteer names over capitalised tokens not yet taken, left to right."""
    text, starts, ends, caps = view.text, view.starts, view.ends, view.caps
    words, alpha, names, glued = view.words, view.alpha, view.names, view.glued_starts
    n_tok = len(words)
    max_words = gaz.max_words
    if view.scan_starts is None:
        view.scan_starts = _scan_starts(gaz, view)
    resume = 0
    for i in view.scan_starts:
        if i < resume or taken[i]:
            continue
        # The longest run of name-like tokens from i bounds the n-grams worth trying.
        run = i
        while run < n_tok and run - i < max_words and not taken[run] and (
                alpha[run] or words[run] in _NAME_PUNCT or words[run].endswith(".")):
            run += 1
        # A word no name starts with starts none here, unless glued to the next one.
        if i in glued and (run == i + 1 or ends[i] < starts[i + 1]):
            continue
        hit = None
        start = starts[i]
        for j in range(run, i, -1):
            if j - 1 not in caps:
                continue
            known = names.get((i, j))
            if known is None:
                key = normalize(text[start:ends[j - 1]])
                # A bare county name ("DuPage Sheriff") is left to ``accept`` to judge.
                known = names[(i, j)] = gaz.has(key) or gaz.has(key + " county")
            if not known:
                continue
            if accept(i, j):
                hit = (i, j)
                break
        if hit:
            add(*hit)
            resume = hit[1]


def _scan_starts(gaz: Gazetteer, view: DocView) -> list[int]:
    """The tokens where ``_scan`` may find a name: capitalised words other than "The"
    (which starts no name: "the hague" is looked up as "hague" anyway), less those no key
    of the gazetteer starts with, unless glued to a next word that may extend them."""
    words, alpha, starts, ends = view.words, view.alpha, view.starts, view.ends
    n_tok = len(words)
    out: list[int] = []
    for i, key1 in view.caps.items():
        w = words[i]
        if not (alpha[i] or _dotted(w)) or w.lower() == "the":
            continue
        if key1 != "the" and not gaz.may_start(key1):
            if i + 1 == n_tok or ends[i] < starts[i + 1] or not _name_like(view, i + 1):
                continue
            view.glued_starts.add(i)
        out.append(i)
    return out


def _name_like(view: DocView, k: int) -> bool:
    """Token ``k`` may be part of a name."""
    w = view.words[k]
    return bool(view.alpha[k]) or w in _NAME_PUNCT or w.endswith(".")


def detect_local(doc: Doc, gaz: Gazetteer, toponyms: list[Toponym],
                 view: DocView | None = None) -> list[Toponym]:
    """Small towns of the document's own area that the first pass left out as not notable:
    local news names its neighbourhood ("the Cottonport area")."""
    votes: Counter[str] = Counter(t.pick.admin1 for t in toponyms if t.pick and t.pick.admin1)
    home = {a for a, n in votes.items() if n >= 2 and n == max(votes.values())}
    points = [(t.pick.lat, t.pick.lon) for t in toponyms
              if t.pick and t.pick.kind in (KIND_CITY, KIND_ADMIN2)]
    if not home and not points:
        return []
    v = view or DocView.of(doc)
    words = v.words
    taken = [False] * len(words)
    for t in toponyms:
        for k in range(t.start, t.end):
            taken[k] = True
    blocked = [False] * len(words)
    for ent, label in zip(v.ents, v.labels, strict=True):
        if label in OTHER_LABELS:
            for k in range(ent.start, ent.end):
                blocked[k] = True
    added: list[Toponym] = []

    def local(e: Entry) -> bool:
        if e.kind not in (KIND_CITY, KIND_ADMIN2):
            return False
        if e.admin1 in home:
            return True
        return any(haversine_km(e.lat, e.lon, la, lo) < LOCAL_KM for la, lo in points)

    def accept(i: int, j: int) -> bool:
        text = v.span_text(i, j)
        if any(blocked[i:j]) or normalize(text) in gaz.not_places:
            return False
        w = words[i]
        if j - i == 1 and not _dotted(w) and (v.pos[i] != PROPN or v.is_stop[i] or len(w) < 3):
            return False
        return any(local(e) for e, alt in v.lookup(gaz, text) if not alt)

    def add(i: int, j: int) -> None:
        text = v.span_text(i, j)
        cands: list[tuple[Entry, bool]] = [
            (e, alt) for e, alt in v.lookup(gaz, text) if not alt and local(e)]
        added.append(Toponym(i, j, text, cands, "local"))
        for k in range(i, j):
            taken[k] = True

    _scan(gaz, v, taken, accept, add)
    # A local town the model took for a person ("Alexandria", "Gainesville").
    for ent, label in zip(v.ents, v.labels, strict=True):
        if label != "PERSON" or any(taken[ent.start:ent.end]):
            continue
        before = words[ent.start - 1].lower().rstrip(".") if ent.start > 0 else ""
        if before in TITLES:
            continue
        root = ent.root
        if root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS:
            continue
        text = v.span_text(ent.start, ent.end)
        if normalize(text) in gaz.not_places:
            continue
        if any(local(e) for e, alt in v.lookup(gaz, text) if not alt):
            add(ent.start, ent.end)
    added.sort(key=lambda t: t.start)
    return added


def _gazetteer_only_ok(view: DocView, i: int, j: int, gaz: Gazetteer, blocked: list[bool]) -> bool:
    if any(blocked[i:j]):
        return False
    text = view.span_text(i, j)
    if normalize(text) in gaz.not_places:
        return False
    if j - i == 1:
        w = view.words[i]
        if w.isupper() and len(w) >= 4 and j < len(view.words) \
                and view.words[j] in DATELINE_FOLLOWERS:
            # A dateline: "BEIRUT, Lebanon (AP) -", "TORRINGTON -".
            return any(e.kind == KIND_CITY for e, alt in view.lookup(gaz, w) if not alt)
        if not _dotted(w) and (view.pos[i] != PROPN or view.is_stop[i] or len(w) < 3):
            return False
    best = 0.0
    for e, alt in view.lookup(gaz, text):
        if alt:
            continue
        if e.kind in (KIND_COUNTRY, KIND_ADMIN1, KIND_CONTINENT, KIND_OTHER, KIND_ADMIN2):
            return True
        best = max(best, e.population)
    return best >= MIN_GAZ_ONLY_POPULATION


def _region_of(cands: list[tuple[Entry, bool]]) -> Entry | None:
    regs = [e for e, alt in cands if e.kind in (KIND_ADMIN1, KIND_COUNTRY) and not alt]
    if not regs:
        return None
    return max(regs, key=lambda e: (e.kind == KIND_ADMIN1, e.population))


def _within(e: Entry, region: Entry) -> bool:
    if e.index == region.index:
        return False
    if region.kind == KIND_COUNTRY:
        return e.country == region.country
    return e.country == region.country and e.admin1 == region.admin1


# --- resolution ---------------------------------------------------------------------------


def doc_context(doc: Doc, gaz: Gazetteer, actors: Iterable[ActorMention]) -> Context:
    """Country evidence that is not a toponym: the actors' countries, once each (an actor
    found by coreference only repeats its antecedent)."""
    ctx = Context()
    for c in {a.country for a in actors if a.country and a.antecedent is None}:
        if gaz.country(c) is not None:
            _vote(ctx.countries, c, 0.5)
    return ctx


# Beyond this many degrees of latitude two points are more than 500 km apart (the
# farthest distance ``near_*`` looks at), whatever their longitudes: no need to measure.
_NEAR_MAX_DLAT = 4.6


class _Memo:
    """What stays the same while one document is resolved: each name's key and usable
    candidates, and the neighbourhood counts of each (sense, name), computed once."""

    def __init__(self, toponyms: list[Toponym], w: Weights) -> None:
        self.w = w
        self.priors = (w.country, w.admin1, w.admin2, w.city, w.other, w.continent)
        self.keys = [normalize(t.text) for t in toponyms]
        self.cands = [_candidates(t) for t in toponyms]
        self.neighbours: dict[tuple[int, int], set[str]] = {}  # cell -> names around it
        self.prior: dict[int, float] = {}  # entry index -> score by kind, size, capital
        self.near: dict[tuple[int, str], float | None] = {}  # for the second pass's points
        # Mentions of one name with the same candidates and qualifier score alike in a
        # context: what a pass picks for one it picks for all (see ``_pick``).
        self.same = [(key, t.qualifier.index if t.qualifier is not None else -1,
                      tuple((e.index, alt) for e, alt in t.candidates))
                     for key, t in zip(self.keys, toponyms, strict=True)]


def _near_bonus(e: Entry, points: list[tuple[str, float, float]], own_key: str,
                w: Weights) -> float | None:
    """The bonus for the nearest other place of the document, None beyond 500 km."""
    lat, lon = e.lat, e.lon
    near = 1e9
    for k, la, lo in points:
        if k != own_key and abs(la - lat) < _NEAR_MAX_DLAT:
            d = haversine_km(lat, lon, la, lo)
            if d < near:
                near = d
    if near < 50:
        return w.near_50
    if near < 200:
        return w.near_200
    if near < 500:
        return w.near_500
    return None


def _candidates(topo: Toponym) -> list[tuple[Entry, bool]]:
    cands = topo.candidates
    # Drop tiny places known only by an alternate name: they are noise, not senses. Where a
    # curated entry (country, region, sea) has the name, a hamlet of that name is no rival.
    curated = any(e.kind not in (KIND_CITY, KIND_ADMIN2) and not a for e, a in cands)
    return [(e, a) for e, a in cands if e.kind != KIND_CITY or (
        (not a or e.population >= MIN_CANDIDATE_POPULATION_ALT)
        and (not curated or e.population >= MIN_CITY_BESIDE_CURATED))]


def resolve(toponyms: list[Toponym], ctx: Context, w: Weights = DEFAULT_WEIGHTS) -> None:
    """Pick an entry for each toponym (in place), in two passes over the document."""
    memo = _Memo(toponyms, w)
    keys = memo.keys
    # Regions that many different names of the document could be in: each name spreads one
    # vote over the regions of its candidates ("Alexandria", "Douglas County" and "Becker"
    # together point at Minnesota even where each alone prefers a bigger namesake).
    spread: dict[str, float] = {}
    seen: set[str] = set()
    for topo, key in zip(toponyms, keys, strict=True):
        if key in seen:
            continue
        seen.add(key)
        regions = {e.admin1 for e, alt in topo.candidates if not alt and e.admin1
                   and e.kind in (KIND_CITY, KIND_ADMIN2, KIND_ADMIN1)}
        for r in regions:
            _vote(spread, r, w.spread / len(regions))
    cells: dict[tuple[int, int], set[str]] = {}
    for topo, key in zip(toponyms, keys, strict=True):
        for e, alt in topo.candidates:
            if not alt and e.kind in (KIND_CITY, KIND_ADMIN2):
                cells.setdefault((int(math.floor(e.lat)), int(math.floor(e.lon))), set()).add(key)
    tight = _tight_links(toponyms, memo)
    base = Context(dict(ctx.countries), dict(spread), [], cells, tight)
    picked: dict[tuple[str, int, tuple[tuple[int, bool], ...]], Toponym] = {}
    for n, topo in enumerate(toponyms):
        _pick(topo, n, base, "", memo, picked)
    # The document's own geography, from the first pass: confident picks weigh more. A name
    # does not vote for its own sense, so the context is made without it.
    total = Context(dict(ctx.countries), dict(spread), [], cells, tight)
    own: dict[str, Context] = {}
    for topo, key in zip(toponyms, keys, strict=True):
        if topo.pick is None:
            continue
        mine = own.setdefault(key, Context())
        vote = 2.0 if len(topo.candidates) == 1 or topo.qualifier else 1.0
        if topo.pick.kind == KIND_ADMIN1:
            vote += w.admin1_vote  # a region named outright says where the story is
        for c in (total, mine):
            if topo.pick.country:
                _vote(c.countries, topo.pick.country, vote)
            if topo.pick.admin1:
                _vote(c.admin1, topo.pick.admin1, vote)
        if topo.pick.kind in (KIND_CITY, KIND_ADMIN2, KIND_OTHER):
            total.points.append((key, topo.pick.lat, topo.pick.lon))
    # Names sharing a key share their context: make it once per name.
    ctx_of: dict[str, Context] = {}
    picked = {}
    for n, (topo, key) in enumerate(zip(toponyms, keys, strict=True)):
        ctx2 = ctx_of.get(key)
        if ctx2 is None:
            theirs = own.get(key)
            ctx2 = total if theirs is None else Context(
                _minus(total.countries, theirs.countries), _minus(total.admin1, theirs.admin1),
                total.points, cells, tight)
            ctx_of[key] = ctx2
        _pick(topo, n, ctx2, key, memo, picked)
    # One sense per name: a qualified mention decides for the bare ones.
    decided: dict[str, Entry] = {}
    for topo, key in zip(toponyms, keys, strict=True):
        if topo.qualifier is not None and topo.pick is not None:
            decided[key] = topo.pick
    for topo, key in zip(toponyms, keys, strict=True):
        if topo.qualifier is None and key in decided:
            topo.pick = decided[key]


def _tight_links(toponyms: list[Toponym], memo: _Memo) -> dict[int, int]:
    """For each local sense (town, county, site) of each name, how many other names of the
    document have a sense within ``TIGHT_KM`` of it: a joint reading that keeps the
    document's places together."""
    senses: dict[str, list[Entry]] = {}
    for key, cands in zip(memo.keys, memo.cands, strict=True):
        if key not in senses:
            # "Oglethorpe" for Oglethorpe County: a county by its bare name counts too.
            senses[key] = [e for e, alt in cands if (not alt or e.kind == KIND_ADMIN2)
                           and e.kind in (KIND_CITY, KIND_ADMIN2, KIND_OTHER)]
    if len(senses) < 2:
        return {}
    step = TIGHT_KM / 111.0 * 2  # degrees of latitude per cell, two radii
    grid: dict[tuple[int, int], list[tuple[str, Entry]]] = {}
    for key, entries in senses.items():
        for e in entries:
            grid.setdefault((int(e.lat // step), int(e.lon // step)), []).append((key, e))
    out: dict[int, int] = {}
    for key, entries in senses.items():
        for e in entries:
            ci, cj = int(e.lat // step), int(e.lon // step)
            near: set[str] = set()
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for k2, e2 in grid.get((ci + di, cj + dj), ()):
                        if k2 != key and k2 not in near and \
                                haversine_km(e.lat, e.lon, e2.lat, e2.lon) < TIGHT_KM:
                            near.add(k2)
            if near:
                out[e.index] = len(near)
    return out


def _vote(votes: dict[str, float], key: str, n: float) -> None:
    votes[key] = votes.get(key, 0.0) + n


def _minus(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    """``a`` without ``b``'s votes (only what stays positive)."""
    out = {k: v - b.get(k, 0.0) for k, v in a.items()}
    return {k: v for k, v in out.items() if v > 1e-9}


def _pick(topo: Toponym, n: int, ctx: Context, own_key: str, memo: _Memo,
          picked: dict[tuple[str, int, tuple[tuple[int, bool], ...]], Toponym]) -> None:
    """Score the candidates of ``topo`` (the ``n``-th toponym) and keep the best.

    The score of a sense: its prior by feature kind and population, a national capital's
    bonus, the penalty of an alternate name, the qualifier, the document's countries and
    regions, and its neighbours among the document's other names and places. ``picked``
    holds the mentions already scored in this context (one context per name).
    """
    same = picked.get(memo.same[n])
    if same is not None:
        topo.scores = dict(same.scores)
        topo.pick, topo.score = same.pick, same.score
        return
    picked[memo.same[n]] = topo
    w = memo.w
    priors = memo.priors
    key = memo.keys[n]
    countries, admin1 = ctx.countries, ctx.admin1
    ctop = max(countries.values(), default=0.0)
    atop = max(admin1.values(), default=0.0)
    tight = ctx.tight if ctx.tight and w.tight else None
    cells = ctx.cells if ctx.cells and w.coherence else None
    points = ctx.points
    qual = topo.qualifier
    neighbours, near_memo, prior = memo.neighbours, memo.near, memo.prior
    best, best_s = None, -1e9
    scores: dict[int, float] = {}
    for e, alt in memo.cands[n]:
        kind = e.kind
        s = prior.get(e.index)
        if s is None:
            s = priors[kind] + w.population * math.log10(e.population + 10)
            if e.feature == "P.PPLC":
                # A national capital outranks the region it shares a name with (Washington).
                s += w.capital
            prior[e.index] = s
        if alt:
            s -= w.alternate
        if qual is not None and _within(e, qual):
            s += w.qualifier
        c = e.country
        s += w.doc_country * (countries.get(c, 0.0) / ctop if c and ctop > 0 else 0.0)
        if kind in (KIND_CITY, KIND_ADMIN2, KIND_ADMIN1):
            a = e.admin1
            s += w.doc_admin1 * (admin1.get(a, 0.0) / atop if a and atop > 0 else 0.0)
        if tight is not None:
            s += w.tight * min(tight.get(e.index, 0), 2) / 2
        if cells is not None and kind in (KIND_CITY, KIND_ADMIN2):
            # As ctx.neighbours(e.lat, e.lon, key), from the names around each cell, once.
            cell = (int(math.floor(e.lat)), int(math.floor(e.lon)))
            around = neighbours.get(cell)
            if around is None:
                around = neighbours[cell] = ctx.around(*cell)
            nb = len(around) - (key in around)
            s += w.coherence * min(nb, 3) / 3
        if points and kind in (KIND_CITY, KIND_ADMIN2, KIND_OTHER):
            # Only the second pass has points, always the same ones: remember the bonus.
            pk = (e.index, own_key)
            if pk in near_memo:
                bonus = near_memo[pk]
            else:
                bonus = near_memo[pk] = _near_bonus(e, points, own_key, w)
            if bonus is not None:
                s += bonus
        scores[e.index] = s
        if s > best_s:
            best, best_s = e, s
    topo.scores = scores
    topo.pick, topo.score = best, best_s


# --- metonymy -----------------------------------------------------------------------------

# Nouns of people and institutions: "China's ambassador", "the Beijing government".
AGENT_NOUNS = frozenset({
    "government", "ambassador", "embassy", "consulate", "minister", "ministry", "president",
    "officials", "official", "leader", "leaders", "leadership", "army", "military", "troops",
    "forces", "police", "authorities", "regime", "administration", "envoy", "diplomat",
    "diplomats", "spokesman", "spokeswoman", "delegation", "navy", "parliament", "cabinet",
    "prime", "foreign", "premier", "king", "government's", "state", "side", "decision",
    "position", "stance", "policy", "ally", "allies", "partner", "support", "refusal",
})
# Verbs whose "to" object is an addressee ("protested to Tokyo"), not a destination.
ADDRESS_VERBS = frozenset({"protest", "complain", "appeal", "apologize", "apologise", "say",
                           "write", "speak", "talk", "report", "explain", "signal", "propose",
                           "submit", "object", "pledge", "promise"})
# Verbs whose subject is where something is, not who acts.
LOCATIVE_VERBS = frozenset({"lie", "sit", "border", "stretch", "locate", "situate", "neighbor",
                            "host", "experience", "see", "suffer", "receive", "get", "have"})


def is_metonymic(doc: Doc, start: int, end: int, entry: Entry | None,
                 actors: Iterable[ActorMention] = (), view: DocView | None = None) -> bool:
    """Whether the toponym ``doc[start:end]`` names an actor ("Beijing says"), not a place.

    A toponym governed by a locative preposition, a passive subject or a qualified name
    ("Paris, Texas") is a place. Otherwise the actor stage's verdict is taken when it coded
    an overlapping country or capital actor of the same country; failing that,
    the syntax decides: subject of an action or speech verb, possessor of a person or
    institution, or modifier of an institution. ``view`` (of ``doc``) saves re-reading it.
    """
    if entry is not None and entry.kind not in (KIND_COUNTRY, KIND_CITY, KIND_ADMIN1):
        return False
    if view is None:
        view = DocView.of(doc)
    # A one-token span is its own root: no need to make the span to find it.
    head = doc[start] if end - start == 1 and "root" not in doc.user_span_hooks \
        else doc[start:end].root
    if view.span_text(start, end).isupper() and end < len(view.words) \
            and view.words[end] in DATELINE_FOLLOWERS:
        return False  # a dateline names where the story was filed
    if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS:
        return False
    if head.dep_ == "nsubjpass" or any(c.dep_ == "appos" and c.i >= end for c in head.children):
        return False  # "Paris, Texas, was hit by a storm": a place things happen to
    for a in actors:
        if a.start < end and start < a.end and a.kind in ("country", "capital") and (
                entry is None or a.country is None or a.country == entry.country):
            return True
    dep = head.dep_
    gov = head.head
    if dep == "nsubj" and gov.pos_ in ("VERB", "AUX"):
        if gov.lemma_ == "be":
            attrs = [c for c in gov.children if c.dep_ == "attr"]
            return any(c.lemma_.lower() in AGENT_NOUNS for c in attrs)
        return gov.lemma_.lower() not in LOCATIVE_VERBS
    if dep == "pobj" and entry is not None and (entry.kind != KIND_CITY
                                                 or entry.feature == "P.PPLC"):
        prep = gov.lower_
        verb = gov.head
        if prep in ("with", "against") or (prep == "to" and verb.lemma_.lower() in ADDRESS_VERBS):
            return True  # "talks with China", "protested to Tokyo"
    if dep == "poss":
        return gov.lemma_.lower() in AGENT_NOUNS or gov.lower_ in AGENT_NOUNS
    if dep in ("compound", "amod", "nmod") and gov.pos_ in ("NOUN", "PROPN"):
        return gov.lemma_.lower() in AGENT_NOUNS
    return False


# --- the edge -----------------------------------------------------------------------------


def to_mention(doc: Doc, topo: Toponym, actors: list[ActorMention],
               view: DocView | None = None) -> PlaceMention:
    if view is None:
        view = DocView.of(doc)
    text = view.span_text(topo.start, topo.end)
    e = topo.pick
    place = Place(
        text=text, span=(view.starts[topo.start], view.ends[topo.end - 1]),
        name=e.name if e else text, country=e.country if e else None,
        lat=round(e.lat, 5) if e else None, lon=round(e.lon, 5) if e else None,
        geonameid=e.geonameid if e else None, admin1=e.admin1 if e else None,
        feature=e.feature if e else None,
        metonymic=topo.source == "demonym" or is_metonymic(doc, topo.start, topo.end, e, actors,
                                                           view),
    )
    return PlaceMention(topo.start, topo.end, place)


def geoparse(doc: Doc, gaz: Gazetteer, weights: Weights = DEFAULT_WEIGHTS) -> list[PlaceMention]:
    """The toponyms of ``doc``, resolved."""
    actors: list[ActorMention] = list(doc._.actors or [])
    view = DocView.of(doc)
    toponyms = detect(doc, gaz, view)
    # An actor named by a place ("Paris", "Dublin") has the country of the naive reading of
    # that name: it would only echo it. Other actors ("the Kremlin", "Hu Jintao") inform.
    ctx = doc_context(doc, gaz, [a for a in actors if not any(
        t.start < a.end and a.start < t.end for t in toponyms)])
    resolve(toponyms, ctx, weights)
    local = detect_local(doc, gaz, toponyms, view)
    if local:
        toponyms = sorted(toponyms + local, key=lambda t: t.start)
        resolve(toponyms, ctx, weights)
    return [to_mention(doc, t, actors, view) for t in toponyms]
