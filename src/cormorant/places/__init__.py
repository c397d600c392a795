"""Stage 5b: find and resolve place names; locate events.

The components (``cormorant_places``, ``cormorant_event_places``) are registered by
importing ``cormorant.places.component`` and ``cormorant.places.location``.
"""

from cormorant.places.gazetteer import Entry, Gazetteer, haversine_km, load_gazetteer, normalize
from cormorant.places.geoparse import geoparse
from cormorant.places.resolution import Weights, load_weights
from cormorant.places.words import PlaceWords, load_words

__all__ = [
    "Entry",
    "Gazetteer",
    "PlaceWords",
    "Weights",
    "geoparse",
    "haversine_km",
    "load_gazetteer",
    "load_weights",
    "load_words",
    "normalize",
]
