"""Coordinate search of the geoparser's weights on the LGL *tune* half only.

Usage: python scripts/tune_places.py GEO_LGL.xml [--rounds N]

Parses the tune half once (every stage before the geoparser), then re-runs only the
geoparser for each trial setting and scores acc@161 km. Prints the best weights found;
the check half is never read. Copy values you adopt into places/data/weights.yaml and
report both halves with ``cormorant evaluate --format lgl``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from cormorant.coding import Coder
from cormorant.evaluate import lgl
from cormorant.evaluate.split import half
from cormorant.places.gazetteer import load_gazetteer
from cormorant.places.geoparse import geoparse
from cormorant.places.resolution import Weights, load_weights
from cormorant.places.words import load_words

# Tried as multiples of the current value (and 0 for bonuses).
FACTORS = (0.0, 0.5, 0.75, 1.25, 1.5, 2.0, 3.0)
SKIP = ("cormorant_places", *lgl.SKIP_PIPES)
FIXED = ("min_gaz_only_population", "min_candidate_population_alt", "min_city_beside_curated",
         "local_km", "tight_km", "unlisted_far_km", "unlisted_max_population",
         "unlisted_min_region_places")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", type=Path)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--only", nargs="*", default=None, help="search only these weights, in this order")
    args = ap.parse_args()
    articles = [a for a in lgl.load_gold(args.gold) if half(a["id"]) == "tune"]
    nlp = Coder().nlp
    skip = [p for p in SKIP if p in nlp.pipe_names]
    with nlp.select_pipes(disable=skip):
        docs = list(nlp.pipe([a["text"] for a in articles], batch_size=32))
    gaz, lex = load_gazetteer(), load_words()

    def score(w: Weights) -> float:
        scored = [lgl.score_article(a, [m.place for m in geoparse(d, gaz, w, lex)])
                  for a, d in zip(articles, docs, strict=True)]
        return lgl.summarise(scored, 0.0)["acc_at_161km"]

    best = load_weights()
    best_s = score(best)
    print(f"start {best_s:.4f}", file=sys.stderr)
    names = args.only or [f.name for f in dataclasses.fields(Weights) if f.name not in FIXED]
    for _ in range(args.rounds):
        for name in names:
            cur = getattr(best, name)
            for f in FACTORS:
                val = round(cur * f, 3) if cur else f
                if val == cur:
                    continue
                trial = dataclasses.replace(best, **{name: val})
                s = score(trial)
                if s > best_s + 1e-9:
                    best, best_s = trial, s
                    print(f"{name}={val} -> {s:.4f}", file=sys.stderr)
    print(dataclasses.asdict(best))
    print(f"tune acc@161 {best_s:.4f}")


if __name__ == "__main__":
    main()
