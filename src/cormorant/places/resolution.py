"""Resolution: pick a gazetteer entry for each toponym of a document.

Every candidate is scored by feature type, population and the document's context: the
countries and regions its other places resolve to, its demonyms and actors, the regions its
names could share, nearness to its other places, and an explicit qualifier ("Paris,
Texas"). One name keeps one sense through a document unless a qualifier says otherwise.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from cormorant.base.mentions import ActorMention
from cormorant.errors import DictionaryEntryError
from cormorant.places.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    KIND_OTHER,
    Entry,
    Gazetteer,
    haversine_km,
    normalize,
    yaml_entries,
)
from cormorant.places.home import Home
from cormorant.places.toponym import (
    Toponym,
    within,
)

WEIGHTS_FILE = "weights.yaml"


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts when choosing among same-named places, and the
    thresholds of detection: the fields of ``places/data/weights.yaml``, which says what
    each is and where the values come from."""

    country: float  # prior by feature kind
    admin1: float
    continent: float
    other: float
    admin2: float
    city: float
    population: float
    capital: float
    admin1_capital: float
    alternate: float
    qualifier: float
    doc_country: float
    doc_admin1: float
    near_50: float
    near_200: float
    near_500: float
    admin1_vote: float
    spread: float
    coherence: float
    tight: float
    named_region: float
    named_country: float
    home_country: float
    home_region: float
    home_near: float
    min_gaz_only_population: float
    min_candidate_population_alt: float
    min_city_beside_curated: float
    local_km: float
    tight_km: float
    home_km: float
    unlisted_far_km: float
    unlisted_max_population: float
    unlisted_min_region_places: float

    def prior(self, kind: int) -> float:
        return (self.country, self.admin1, self.admin2, self.city, self.other,
                self.continent)[kind]

    @classmethod
    def from_entries(cls, entries: list[dict[str, Any]],
                     overrides: Mapping[str, float] | None = None) -> Weights:
        """From the entries of ``weights.yaml``, with ``overrides`` (a factory's config)."""
        fields = set(cls.__dataclass_fields__)
        values: dict[str, float] = {}
        for e in [*entries, *({"id": k, "value": v} for k, v in (overrides or {}).items())]:
            if e["id"] not in fields:
                raise DictionaryEntryError(f"places/data/{WEIGHTS_FILE}: unknown weight {e['id']!r}")
            if not isinstance(e.get("value"), int | float):
                raise DictionaryEntryError(f"places/data/{WEIGHTS_FILE}: {e['id']!r} is not a number")
            values[e["id"]] = float(e["value"])
        missing = sorted(fields - set(values))
        if missing:
            raise DictionaryEntryError(f"places/data/{WEIGHTS_FILE}: weights missing: {missing}")
        return cls(**values)


@functools.cache
def load_weights() -> Weights:
    """The packaged weights (read-only data: read once)."""
    return Weights.from_entries(yaml_entries(WEIGHTS_FILE, ("value",)))


@dataclass(slots=True)
class Context:
    """What the document says about where it is."""

    countries: dict[str, float] = field(default_factory=dict)  # country -> votes
    admin1: dict[str, float] = field(default_factory=dict)  # region name -> votes
    points: list[tuple[str, float, float]] = field(default_factory=list)  # (key, lat, lon)
    # 1-degree cell -> names of the document with some candidate in it
    cells: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    # entry index -> how many other names of the document have a sense within tight_km
    tight: dict[int, int] = field(default_factory=dict)
    # regions and countries the document names outright -> the keys of the names naming them
    named: dict[str, set[str]] = field(default_factory=dict)

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

    def __init__(self, toponyms: list[Toponym], w: Weights, home: Home | None = None) -> None:
        self.w = w
        self.home = home
        self.priors = (w.country, w.admin1, w.admin2, w.city, w.other, w.continent)
        self.keys = [normalize(t.text) for t in toponyms]
        self.cands = [_candidates(t, w) for t in toponyms]
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


def _candidates(topo: Toponym, w: Weights) -> list[tuple[Entry, bool]]:
    cands = topo.candidates
    # Drop tiny places known only by an alternate name: they are noise, not senses. Where a
    # curated entry (country, region, sea) has the name, a hamlet of that name is no rival.
    curated = any(e.kind not in (KIND_CITY, KIND_ADMIN2) and not a for e, a in cands)
    return [(e, a) for e, a in cands if e.kind != KIND_CITY or (
        (not a or e.population >= w.min_candidate_population_alt)
        and (not curated or e.population >= w.min_city_beside_curated))]


def resolve(toponyms: list[Toponym], ctx: Context, w: Weights | None = None,
            home: Home | None = None) -> None:
    """Pick an entry for each toponym (in place), in two passes over the document
    (``w``: the packaged weights by default; ``home``: where the story's source publishes,
    if known)."""
    if w is None:
        w = load_weights()
    memo = _Memo(toponyms, w, home)
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
        elif topo.pick.kind == KIND_ADMIN1 and topo.pick.admin1:
            total.named.setdefault(f"a:{topo.pick.admin1}", set()).add(key)
        elif topo.pick.kind == KIND_COUNTRY and topo.pick.country:
            total.named.setdefault(f"c:{topo.pick.country}", set()).add(key)
    # Names sharing a key share their context: make it once per name.
    ctx_of: dict[str, Context] = {}
    picked = {}
    for n, (topo, key) in enumerate(zip(toponyms, keys, strict=True)):
        ctx2 = ctx_of.get(key)
        if ctx2 is None:
            theirs = own.get(key)
            ctx2 = total if theirs is None else Context(
                _minus(total.countries, theirs.countries), _minus(total.admin1, theirs.admin1),
                total.points, cells, tight, total.named)
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
    document have a sense within ``tight_km`` of it: a joint reading that keeps the
    document's places together."""
    senses: dict[str, list[Entry]] = {}
    for key, cands in zip(memo.keys, memo.cands, strict=True):
        if key not in senses:
            # "Oglethorpe" for Oglethorpe County: a county by its bare name counts too.
            senses[key] = [e for e, alt in cands if (not alt or e.kind == KIND_ADMIN2)
                           and e.kind in (KIND_CITY, KIND_ADMIN2, KIND_OTHER)]
    if len(senses) < 2:
        return {}
    tight_km = memo.w.tight_km
    step = tight_km / 111.0 * 2  # degrees of latitude per cell, two radii
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
                                haversine_km(e.lat, e.lon, e2.lat, e2.lon) < tight_km:
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
    named = ctx.named if w.named_region or w.named_country else None
    home = memo.home
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
            elif e.feature == "P.PPLA":
                s += w.admin1_capital  # Charleston, West Virginia; Springfield, Illinois
            prior[e.index] = s
        if alt:
            s -= w.alternate
        if qual is not None and within(e, qual):
            s += w.qualifier
        c = e.country
        s += w.doc_country * (countries.get(c, 0.0) / ctop if c and ctop > 0 else 0.0)
        if kind in (KIND_CITY, KIND_ADMIN2, KIND_ADMIN1):
            a = e.admin1
            s += w.doc_admin1 * (admin1.get(a, 0.0) / atop if a and atop > 0 else 0.0)
        if named and kind in (KIND_CITY, KIND_ADMIN2):
            # Story evidence beats fame: the region or country this town is in is named
            # outright by another name of the document ("London" beside "Ontario").
            by = named.get(f"a:{e.admin1}") if e.admin1 else None
            if by and (len(by) > 1 or key not in by):
                s += w.named_region
            else:
                by = named.get(f"c:{c}") if c else None
                if by and (len(by) > 1 or key not in by):
                    s += w.named_country
        if home is not None and c is not None and c == home.country and kind != KIND_COUNTRY:
            # The source's home (read from its other stories): a local paper's "Athens".
            s += w.home_country
            if home.admin1 is not None and e.admin1 == home.admin1:
                s += w.home_region
            # Within a region, the source's own part of it ("Madison County" of the paper).
            if home.lat is not None and home.lon is not None \
                    and kind in (KIND_CITY, KIND_ADMIN2) \
                    and haversine_km(e.lat, e.lon, home.lat, home.lon) < w.home_km:
                s += w.home_near
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



def unlisted_locals(toponyms: list[Toponym], w: Weights) -> None:
    """A small town far from every other local place of a story that is about one area is
    more likely a local namesake too small for the gazetteer ("Howland" in a story of
    Lamar County, Texas, whose only listed Howland is in Maine): give it the story's
    town. The story is about one area when ``unlisted_min_region_places`` of its towns and
    counties are in one region; the town is small below ``unlisted_max_population`` and
    far beyond ``unlisted_far_km`` of every other."""
    far_km, small = w.unlisted_far_km, w.unlisted_max_population
    local = [t for t in toponyms if t.pick is not None and t.source != "subcity"
             and t.pick.kind in (KIND_CITY, KIND_ADMIN2)]
    if len(local) <= w.unlisted_min_region_places:
        return
    regions: dict[str, int] = {}
    for t in local:
        if t.pick is not None and t.pick.admin1:
            regions[t.pick.admin1] = regions.get(t.pick.admin1, 0) + 1
    if not regions:
        return
    top = max(regions, key=lambda r: regions[r])
    if regions[top] < w.unlisted_min_region_places:
        return
    counts: dict[int, int] = {}
    for t in local:
        if t.pick is not None and t.pick.kind == KIND_CITY and t.pick.admin1 == top:
            counts[t.pick.index] = counts.get(t.pick.index, 0) + 1
    if not counts:
        return
    home_i = max(counts, key=lambda i: counts[i])
    home = next(t.pick for t in local if t.pick is not None and t.pick.index == home_i)
    for t in local:
        e = t.pick
        if e is None or e.kind != KIND_CITY or e.population >= small or e.admin1 == top \
                or t.qualifier is not None:
            continue
        if all(haversine_km(e.lat, e.lon, o.pick.lat, o.pick.lon) > far_km
               for o in local if o.pick is not None and o.pick.index != e.index):
            t.pick = home


def contain_subcity(toponyms: list[Toponym], local_km: float) -> None:
    """Settle each sub-city toponym (a street, square, building: ``source == "subcity"``).
    The town its name starts with stands when the story's other places are in its region or
    within ``local_km`` of it ("North Druid Hills Road" beside DeKalb County); otherwise it
    gets the story's city (the city most often named, the first of equals), or none when
    the story names no city. Never a country or region named inside it."""
    others = [t for t in toponyms if t.source != "subcity" and t.pick is not None]
    counts: dict[int, int] = {}
    first: dict[int, Toponym] = {}
    for t in others:
        if t.pick is not None and t.pick.kind == KIND_CITY:
            counts[t.pick.index] = counts.get(t.pick.index, 0) + 1
            first.setdefault(t.pick.index, t)
    home = None
    if counts:
        top = max(counts, key=lambda i: (counts[i], -first[i].start))
        home = first[top].pick
    after = {t.start: t for t in others}
    for t in toponyms:
        if t.source != "subcity":
            continue
        # "Tahrir Square in Cairo", "the Kadikoy district of Istanbul": the town named just
        # after it contains it.
        near = next((after[i] for i in range(t.end, t.end + 4) if i in after), None)
        if near is not None and near.pick is not None and near.pick.kind == KIND_CITY:
            t.pick = near.pick
            continue
        e = t.pick
        if e is not None and any(
                o.pick is not None and (o.pick.admin1 is not None and o.pick.admin1 == e.admin1
                                        or haversine_km(e.lat, e.lon, o.pick.lat, o.pick.lon) < local_km)
                for o in others):
            continue
        t.pick = home
