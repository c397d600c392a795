"""Side by side: the check halves of the PLOVER and Multi-CoPED dev sets coded with the
bundled dictionaries, with the Phoenix PETRARCH dictionaries in their place, and with both
merged. Usage: python scripts/petrarch_side_by_side.py SHARED_DIR OUT.json
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from cormorant.coding import Coder
from cormorant.config import CoderConfig
from cormorant.evaluate import EvalOptions, evaluate

SETS = (("plover-gsr", "gold/plover_gsr_dev.json"), ("multicoped", "gold/multicoped_train.jsonl"))


def main(shared: Path, out: Path) -> None:
    ref = shared / "reference" / "petrarch2"
    phoenix = (f"petrarch:{ref}/Phoenix.*", f"petrarch:{ref}/CAMEO.2.0.txt")
    modes = {
        "bundled": CoderConfig(),
        "phoenix": CoderConfig(dictionaries=phoenix, dictionary_mode="replace"),
        "merged": CoderConfig(dictionaries=phoenix, dictionary_mode="merge"),
    }
    results: dict[str, dict[str, object]] = {}
    for mode, config in modes.items():
        coder = Coder(config)
        t0 = time.perf_counter()
        _ = coder.nlp
        build = time.perf_counter() - t0
        for fmt, rel in SETS:
            t1 = time.perf_counter()
            report = evaluate(fmt, shared / rel, coder, EvalOptions(half="check"))
            results.setdefault(mode, {})[fmt] = {
                "check": report["halves"]["check"], "seconds": round(time.perf_counter() - t1, 1),
                "build_seconds": round(build, 1)}
            out.write_text(json.dumps(results, indent=1))
            print(mode, fmt, json.dumps(report["halves"]["check"]), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
