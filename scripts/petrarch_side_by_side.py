"""Side by side: the check halves of the PLOVER and Multi-CoPED dev sets coded with the
bundled dictionaries, with the Phoenix PETRARCH dictionaries in their place, and with both
merged (and merged with the bundled lexicon kept: verbs=skip).
Usage: python scripts/petrarch_side_by_side.py SHARED_DIR OUT.json [HALF [MODE ...]]
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


def main(shared: Path, out: Path, half: str = "check", only: tuple[str, ...] = ()) -> None:
    ref = shared / "reference" / "petrarch2"
    phoenix = (f"petrarch:{ref}/Phoenix.*", f"petrarch:{ref}/CAMEO.2.0.txt")
    modes = {
        "bundled": CoderConfig(),
        "phoenix": CoderConfig(dictionaries=phoenix, dictionary_mode="replace"),
        "merged": CoderConfig(dictionaries=phoenix, dictionary_mode="merge"),
        "merged-actors": CoderConfig(dictionaries=phoenix, dictionary_mode="verbs=skip"),
    }
    modes = {k: v for k, v in modes.items() if not only or k in only}
    results: dict[str, dict[str, object]] = {}
    for mode, config in modes.items():
        coder = Coder(config)
        t0 = time.perf_counter()
        _ = coder.nlp
        build = time.perf_counter() - t0
        for fmt, rel in SETS:
            t1 = time.perf_counter()
            options = EvalOptions(half=half)  # type: ignore[arg-type]
            report = evaluate(fmt, shared / rel, coder, options)
            results.setdefault(mode, {})[fmt] = {
                half: report["halves"][half], "seconds": round(time.perf_counter() - t1, 1),
                "build_seconds": round(build, 1)}
            out.write_text(json.dumps(results, indent=1))
            print(mode, fmt, json.dumps(report["halves"][half]), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), *(sys.argv[3:4] or ["check"]), tuple(sys.argv[4:]))
