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

from spacy.tokens import Doc

from cormorant.base.mentions import ActorMention, PlaceMention
from cormorant.places.detection import detect, drop_surnames
from cormorant.places.gazetteer import Gazetteer
from cormorant.places.home import Home
from cormorant.places.metonymy import is_metonymic
from cormorant.places.resolution import (
    Weights,
    contain_subcity,
    doc_context,
    load_weights,
    resolve,
    unlisted_locals,
)
from cormorant.places.scan import detect_local
from cormorant.places.toponym import DocView, Toponym
from cormorant.places.words import PlaceWords, load_words
from cormorant.records import Place

__all__ = ["geoparse", "to_mention"]


def to_mention(doc: Doc, topo: Toponym, actors: list[ActorMention],
               view: DocView | None = None, lex: PlaceWords | None = None) -> PlaceMention:
    """The resolved toponym as the mention put on the Doc."""
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
                                                           view, lex),
    )
    return PlaceMention(topo.start, topo.end, place)


def geoparse(doc: Doc, gaz: Gazetteer, weights: Weights | None = None,
             lex: PlaceWords | None = None, home: Home | None = None) -> list[PlaceMention]:
    """The toponyms of ``doc``, resolved (with the packaged weights and word lists unless
    others are given; ``home``: where the story's source publishes, if known)."""
    weights = weights or load_weights()
    lex = lex or load_words()
    actors: list[ActorMention] = list(doc._.actors or [])
    view = DocView.of(doc)
    toponyms = detect(doc, gaz, view, lex=lex, weights=weights)
    # An actor named by a place ("Paris", "Dublin") has the country of the naive reading of
    # that name: it would only echo it. Other actors ("the Kremlin", "Hu Jintao") inform.
    ctx = doc_context(doc, gaz, [a for a in actors if not any(
        t.start < a.end and a.start < t.end for t in toponyms)])
    resolve(toponyms, ctx, weights, home)
    local = detect_local(doc, gaz, toponyms, lex, weights.local_km, view,
                         home.admin1 if home is not None else None)
    local = drop_surnames(view, local, lex)
    if local:
        toponyms = sorted(toponyms + local, key=lambda t: t.start)
        resolve(toponyms, ctx, weights, home)
    unlisted_locals(toponyms, weights)
    contain_subcity(toponyms, weights.local_km)
    return [to_mention(doc, t, actors, view, lex) for t in toponyms]

