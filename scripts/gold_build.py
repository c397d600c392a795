"""Real-news gold: annotator agreement, and the cormorant-gold file from adjudicated annotations.

Usage:
  python scripts/gold_build.py agree A.jsonl B.jsonl
  python scripts/gold_build.py build ADJUDICATED.jsonl SENTENCES.jsonl [OUT.jsonl]

``agree`` prints Cohen's kappa and raw agreement as JSON. ``build`` writes the gold file
(default src/cormorant/evaluate/data/realnews_gold.jsonl): ids and offsets, never text.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cormorant.errors import EvaluationError
from cormorant.evaluate.agreement import agreement, to_gold, write_gold
from cormorant.evaluate.cormorant_gold import DEFAULT_CORPORA

OUT = Path(__file__).resolve().parents[1] / "src" / "cormorant" / "evaluate" / "data" / "realnews_gold.jsonl"


def main(argv: list[str]) -> int:
    try:
        if len(argv) == 3 and argv[0] == "agree":
            print(json.dumps(agreement(Path(argv[1]), Path(argv[2])), indent=1))
            return 0
        if len(argv) in (3, 4) and argv[0] == "build":
            out = Path(argv[3]) if len(argv) == 4 else OUT
            lines = to_gold(Path(argv[1]), Path(argv[2]), dict(DEFAULT_CORPORA))
            write_gold(lines, out)
            n_events = sum(len(x["events"]) for x in lines[1:])
            print(f"{out}: {len(lines) - 1} sentences, {n_events} events")
            return 0
    except EvaluationError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
