"""Detection: candidate toponyms in a parsed document, left to right, not overlapping.

The model's GPE/LOC/FAC entities, gazetteer names the model missed (notable places only),
demonyms, person-tagged names used as places, county lists, party districts and
"City, Region" pairs. See docs/places.md.
"""

from __future__ import annotations

from spacy.symbols import NOUN, PROPN
from spacy.tokens import Doc, Token

from cormorant.places.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    Entry,
    Gazetteer,
    normalize,
)
from cormorant.places.resolution import Weights, load_weights
from cormorant.places.scan import gazetteer_only_ok, scan
from cormorant.places.toponym import (
    DATELINE_FOLLOWERS,
    OTHER_LABELS,
    PLACE_LABELS,
    DocView,
    Toponym,
    clean_span,
    region_of,
    within,
)
from cormorant.places.words import PlaceWords, load_words


def detect(doc: Doc, gaz: Gazetteer, view: DocView | None = None, *,
           lex: PlaceWords | None = None, weights: Weights | None = None) -> list[Toponym]:
    """Candidate toponyms, left to right, not overlapping. ``lex`` and ``weights`` default
    to the packaged ones."""
    d = _Detector(doc, gaz, view or DocView.of(doc), lex or load_words(), weights or load_weights())
    d.dateline()
    d.model_places()
    scan(gaz, d.view, d.taken, d.notable, lambda i, j: d.add(i, j, "gazetteer"))
    d.demonyms()
    d.person_places()
    d.county_lists()
    d.party_districts()
    d.qualifiers()
    d.districts()
    d.found.sort(key=lambda t: t.start)
    return drop_surnames(d.view, d.found, d.lex)


def drop_surnames(view: DocView, toponyms: list[Toponym], lex: PlaceWords) -> list[Toponym]:
    """``toponyms`` less the one-word town names that are the surname of a person the
    story names in full ("Rhonda Rogers said ... Rogers also expressed"): news calls a
    person by surname after the first mention. A locative preposition ("in Rogers") or a
    qualifier keeps the town; capitals, regions and countries are not surnames."""
    words = view.words
    # A name in full: two or three capitalised words ("Rhonda Rogers", not a headline's
    # "Freemason Bogdanov Joins Sochi" or "N.W. Rochester").
    surnames = {words[ent.end - 1] for ent, label in zip(view.ents, view.labels, strict=True)
                if label == "PERSON" and 1 < ent.end - ent.start <= 3
                and all(view.alpha[k] and words[k][:1].isupper() for k in range(ent.start, ent.end))}
    if not surnames:
        return toponyms
    return [t for t in toponyms if not (
        t.end - t.start == 1 and view.words[t.start] in surnames and t.qualifier is None
        and t.source in ("ner", "gazetteer", "local") and t.candidates
        and all(e.kind in (KIND_CITY, KIND_ADMIN2) and e.feature != "P.PPLC" for e, _ in t.candidates)
        and not (t.start > 0 and view.words[t.start - 1].lower() in lex.locative_preps))]


class _Detector:
    """The detection steps over one document, sharing which tokens are taken."""

    def __init__(self, doc: Doc, gaz: Gazetteer, view: DocView, lex: PlaceWords,
                 weights: Weights) -> None:
        self.doc, self.gaz, self.view = doc, gaz, view
        self.lex, self.weights = lex, weights
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
            if w in self.lex.county_words:
                end += 1
            elif w in self.lex.admin_abbrevs and end > start:
                spelt = f"{view.span_text(start, end)} {self.lex.admin_abbrevs[w]}"
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
                              or normalize(text) not in self.lex.shared_abbrevs):
                ab = gaz.abbreviation(text)
                cands = [(ab, False)] if ab is not None else []
        topo = Toponym(start, end, text, cands, source)
        for i in range(start, end):
            taken[i] = True
        self.found.append(topo)
        return topo

    def notable(self, i: int, j: int) -> bool:
        view = self.view
        if j < self.n and view.words[j] in self.lex.admin_abbrevs and not any(self.blocked[i:j]):
            return bool(view.lookup(self.gaz, f"{view.span_text(i, j)} {self.lex.admin_abbrevs[view.words[j]]}"))
        if j < self.n and view.words[j].lower() in self.lex.local_institutions and not any(self.blocked[i:j]) \
                and (j - i > 1 or view.pos[i] in (PROPN, NOUN) and not view.is_stop[i]):
            return self._town(i, j)
        return gazetteer_only_ok(view, i, j, self.gaz, self.blocked,
                                 self.weights.min_gaz_only_population)

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
        return (j < self.n and view.words[j] in self.lex.place_tails and view.pos[i] == PROPN
                and normalize(view.span_text(i, j)) not in self.gaz.not_places)

    def county_lists(self) -> None:
        """"Walton and Oconee counties", "Becker, Clay and Wilkin counties": counties."""
        view, gaz = self.view, self.gaz
        # A text without the words (in lower case) has no county list.
        lowered = view.text.lower()
        if not any(p in lowered for p in self.lex.county_plurals):
            return
        words, caps, alpha = view.words, view.caps, view.alpha
        by_span = {(t.start, t.end): t for t in self.found}
        for k in [k for k, w in enumerate(words) if len(w) in self.lex.plural_lengths
                  and w.lower() in self.lex.county_plurals and k > 0]:
            word = self.lex.county_plurals[words[k].lower()]
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
        if not self.lex.party_re.search(view.text):
            return
        words, caps = view.words, view.caps
        for k in [k for k in range(2, n) if words[k - 1] == "-"]:
            if words[k - 2] not in self.lex.party_letters or k not in caps or self.taken[k]:
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
                a, b = clean_span(view, a, b)
                if a >= b or not any(k in caps for k in range(a, b)):
                    continue
                a = self._left_extension(a, b, ent.start)
                text = view.span_text(a, b)
                dem = gaz.demonym_entry(text)
                if dem is not None:
                    self.add(a, b, "demonym", dem)
                    continue
                if self.subcity(a, b):
                    continue
                if not gaz.has(normalize(text)) and b - a > 2 and words[a + 1] == "of" \
                        and words[a].lower() in self.lex.place_nouns:
                    a += 2  # "the City of Norfolk", "the Town of Groton": the town itself
                    text = view.span_text(a, b)
                if not gaz.has(normalize(text)):
                    # "Northern Georgia", "South Los Angeles": the place after a direction word.
                    while b - a > 1 and words[a].lower() in self.lex.direction_words:
                        a += 1
                    # "Lamar County Elections Coordinator", "Huntsville City Manager": the
                    # model's span runs on past the place; keep its longest known start.
                    for j in range(b - 1, a, -1):
                        if gaz.has(normalize(view.span_text(a, j))) and (
                                j - a > 1 or self.notable(a, j) or self.local_head(a, j)):
                            b = j
                            break
                    if not gaz.has(normalize(view.span_text(a, b))):
                        if self.feature_name(a, b):
                            continue
                        a = self._known_end(a, b)
                    if not gaz.has(normalize(view.span_text(a, b))):
                        if label == "FAC":
                            continue  # an unknown facility is a building, not a place we can name
                self.add(a, b, "ner")

    def _known_end(self, a: int, b: int) -> int:
        """Where the longest known name that ends an unknown entity ``a:b`` starts ("New
        Gainesville", "United Way of America", "Greenbrier-Pocahontas County"); ``a`` if
        none. One word must be notable, as for a start."""
        view, gaz = self.view, self.gaz
        for i in range(a + 1, b):
            if i in view.caps and gaz.has(normalize(view.span_text(i, b))) and (
                    b - i > 1 or self.notable(i, b)):
                return i
        return a

    def dateline(self) -> None:
        """0. A dateline of several words at the start of a sentence ("ST. PARIS —", "FT.
        MYERS, Fla. —") names a town, of any size: the tokenizer splits the capitalised
        abbreviation ("ST", "."), which the model alone would take for a place of its own."""
        view, words, n = self.view, self.view.words, self.n
        doc = self.doc
        # Only a capitalised word that starts a sentence may start one: look at those alone.
        for a in [k for k in view.caps if words[k].isupper()]:
            if a > 0 and not doc[a].is_sent_start:
                continue
            b = a
            while b < n and b - a < 4 and (words[b] == "." or view.alpha[b] and words[b].isupper()):
                b += 1
            if b - a < 2 or b >= n or words[b] not in DATELINE_FOLLOWERS or words[b - 1] == ".":
                continue
            if any(e.kind == KIND_CITY for e, _ in view.lookup(self.gaz, view.span_text(a, b))):
                self.add(a, b, "ner")

    def subcity(self, a: int, b: int) -> bool:
        """Tokens ``a:b`` are a street, square, building or institution the gazetteer does not
        know ("Griffith Park", "the Spanish Steps", "Westminster Abbey"): add them as one
        toponym with no candidates of their own (``resolution.contain_subcity`` gives them
        their city). A name that holds a town's word ("Paris High School") is left to the
        other steps, which read the town."""
        view, lex = self.view, self.lex
        if b - a < 2 or view.words[b - 1] not in lex.subcity_tails or b - 1 not in view.caps:
            return False
        if any(view.words[k] in lex.place_tails for k in range(a, b)):
            return False
        if self.gaz.has(normalize(view.span_text(a, b))):
            return False
        if a in self.view.caps and self.gaz.demonym_entry(view.span_text(a, b - 1)) is not None \
                and view.words[b - 1] not in lex.street_tails:
            return False  # "the Russian Orthodox Church" names Russia; "the Spanish Steps" does not
        topo = self.add(a, b, "subcity")
        if topo is not None:
            # Its own candidates: towns and counties the name without its tail could be
            # ("North Druid Hills Road"); ``contain_subcity`` keeps one only if the story
            # is near it.
            topo.candidates = [(e, False) for e, alt in view.lookup(self.gaz, view.span_text(a, b - 1))
                               if not alt and e.kind in (KIND_CITY, KIND_ADMIN2)]
        return topo is not None

    def feature_name(self, a: int, b: int) -> bool:
        """Tokens ``a:b`` are a river, lake, island or valley the gazetteer does not know
        ("the Neches River", "Lake Lanier"): add them as a sub-city toponym with no
        candidates, which ``resolution.contain_subcity`` places in the story's city (a
        local news story's river is near its town), or leaves unresolved."""
        view, lex = self.view, self.lex
        if b - a < 2 or not (view.words[b - 1] in lex.feature_tails or view.words[a] in lex.feature_heads):
            return False
        return self.add(a, b, "subcity") is not None

    def _left_extension(self, a: int, b: int, floor: int) -> int:
        """Where a known name that takes in the words glued before ``a:b`` starts ("sub" "-"
        before "Saharan Africa", which the model leaves out of the entity); ``a`` if none."""
        view = self.view
        for k in (3, 2):
            i = a - k
            if i < 0 or i < floor - 3 or any(self.taken[i:a]):
                continue
            # Only words joined without spaces: "sub-Saharan", not "across sub".
            if any(view.ends[j] != view.starts[j + 1] for j in range(i, a - 1)) or not all(
                    view.alpha[j] or view.words[j] == "-" for j in range(i, a)):
                continue
            key = normalize(view.span_text(i, b))
            if key != normalize(view.span_text(a, b)) and self.gaz.has(key):
                return i
        return a

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
                    # "the Spanish Steps" is a place in Rome, not Spain.
                    if not (i + n < n_tok and not taken[i + n]
                            and view.words[i + n] in self.lex.street_tails
                            and self.subcity(i, i + n + 1)):
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
            if key in place_keys or (gaz.has(key) and _locative(ent.root, self.lex.locative_preps)):
                self.add(ent.start, ent.end, "ner")
                continue
            a, b = clean_span(view, ent.start, ent.end)
            if b < self.n and view.words[b].lower() in self.lex.local_institutions and self._town(a, b):
                self.add(a, b, "ner")  # "Nelson police", "Alexandria residents"
                continue
            if self._town_head(a, b):
                continue
            for j in range(b, a + 1, -1):
                if any(not alt and e.kind in (KIND_COUNTRY, KIND_ADMIN1, KIND_ADMIN2)
                       for e, alt in view.lookup(gaz, view.span_text(a, j))):
                    self.add(a, j, "ner")
                    break

    def _town_head(self, a: int, b: int) -> bool:
        """A person-tagged name ``a:b`` that is a town's name and a local institution's word
        ("Huntsville Fire Chief", "Lawrenceburg Parks", "Steveston Harbour"): the town is a
        toponym. Whether it was added."""
        words, lex = self.view.words, self.lex
        for j in range(b - 1, a, -1):
            w = words[j]
            if j == b - 1 and w in lex.feature_tails:
                return False  # "Anthony Creek" is a creek, not the town of Anthony
            if (w in lex.place_tails or w.lower() in lex.local_institutions) and self._town(a, j):
                return self.add(a, j, "ner") is not None
        return False

    def districts(self) -> None:
        """8b. "the Kadikoy district of Istanbul", "the Shejaiya neighbourhood of Gaza City":
        a capitalised name the gazetteer does not know, before a district noun and "of" a
        toponym, is a sub-city place (``resolution.contain_subcity`` gives it that
        toponym's town)."""
        view, words, n = self.view, self.view.words, self.n
        starts = {t.start for t in self.found}
        by_end = {t.end: t for t in self.found}
        for k in [j - 1 for j, w in enumerate(words) if w == "of" and 1 < j < n - 1]:
            if k + 2 not in starts or words[k].lower() not in self.lex.district_nouns:
                continue
            known = by_end.get(k)
            if known is not None:
                if not known.candidates and known.source != "demonym":
                    known.source = "subcity"  # the model's entity, which no gazetteer knows
                continue
            a = k
            while a > 0 and a - 1 in view.caps and view.alpha[a - 1] and not self.taken[a - 1] \
                    and not self.blocked[a - 1]:
                a -= 1
            if a < k and not self.gaz.has(normalize(view.span_text(a, k))):
                self.add(a, k, "subcity")

    def _region_after(self, k: int, by_start: dict[int, Toponym]) -> Entry | None:
        """The region named at token ``k``: a toponym there, or a state abbreviation
        ("La."), which then becomes a toponym too."""
        nxt = by_start.get(k)
        if nxt is not None:
            return region_of(nxt.candidates)
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
                qual = region_of(nxt.candidates) if nxt is not None else None
            else:
                qual = self._region_after(k, by_start)
            if qual is not None and any(within(e, qual) for e, _ in topo.candidates):
                topo.qualifier = qual
        for ent, label in zip(view.ents, view.labels, strict=True):
            if label != "PERSON" or ent.end + 1 >= n or words[ent.end] != ",":
                continue
            qual = self._region_after(ent.end + 1, by_start)
            if qual is None or any(self.taken[ent.start:ent.end]):
                continue
            if any(within(e, qual) for e, _ in view.lookup(self.gaz, view.span_text(ent.start, ent.end))):
                topo2 = self.add(ent.start, ent.end, "qualified")
                if topo2 is not None:
                    topo2.qualifier = qual


def _locative(root: Token, preps: frozenset[str]) -> bool:
    """Governed by a locative preposition ("in Gainesville")."""
    return root.dep_ == "pobj" and root.head.lower_ in preps

