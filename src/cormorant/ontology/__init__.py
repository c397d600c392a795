"""CAMEO and PLOVER code tables, written from the published codebooks.

``data/cameo.yaml`` has one entry per CAMEO event code: name, Goldstein score,
quad class, and its PLOVER category and mode (from the 2021 CAMEO-to-PLOVER table).
``data/plover.yaml`` lists the 16 PLOVER categories of the 2021 manual.
"""

from cormorant.ontology.tables import (
    PLOVER_CATEGORIES,
    CameoCode,
    Ontology,
    PloverCategory,
    PloverMode,
    default_ontology,
    normalise_plover,
    quad_class_of_root,
)

__all__ = [
    "PLOVER_CATEGORIES", "CameoCode", "Ontology", "PloverCategory", "PloverMode",
    "default_ontology", "normalise_plover", "quad_class_of_root",
]
