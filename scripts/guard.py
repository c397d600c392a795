"""Guard set for refactors: code a fixed set of documents and write every record, sorted.

Usage: python scripts/guard.py OUT.jsonl [--places]

Two runs of the same code give the same file; a refactor that must not change output is
checked with ``cmp`` on the files written before and after. Reads ../shared by path.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cormorant import CoderConfig
from cormorant.coding import Coder
from cormorant.ingest import read_documents
from cormorant.records import CodedDocument, Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def documents() -> list[Document]:
    docs: list[Document] = []
    with (SHARED / "corpus" / "reuters21578.jsonl").open() as f:
        for i, line in enumerate(f):
            if i >= 500:
                break
            r = json.loads(line)
            docs.append(Document(id=r["id"], text=r["text"], title=r.get("title")))
    for r in json.loads((SHARED / "gold" / "plover_gsr_dev.json").read_text()):
        if r.get("text"):
            docs.append(Document(id=f"plover-{r.get('id')}", text=r["text"]))
    with (SHARED / "gold" / "multicoped_train.jsonl").open() as f:
        for i, line in enumerate(f):
            if i >= 300:
                break
            r = json.loads(line)
            docs.append(Document(id=r["id"], text=r["text"]))
    seed = SHARED / "seed" / "voa-2002-05-09-north-korean-asylum-seekers.txt"
    docs.extend(d for d in read_documents([str(seed)]) if isinstance(d, Document))
    return docs


def main() -> None:
    out = Path(sys.argv[1])
    coder = Coder(CoderConfig())
    lines = []
    for res in coder.code_many(documents()):
        if isinstance(res, CodedDocument):
            d = {
                "doc": res.document.id, "date": str(res.document.date),
                "events": [e.to_dict() for e in res.events],
                "actors": [a.to_dict() for a in res.actors],
                "places": [p.to_dict() for p in res.places],
                "sentences": res.sentences,
            }
            lines.append(json.dumps(d, sort_keys=True, ensure_ascii=False, default=str))
        else:
            lines.append(json.dumps({"skipped": res.source, "reason": res.reason}))
    out.write_text("\n".join(sorted(lines)) + "\n")
    print(f"{len(lines)} documents -> {out}")


if __name__ == "__main__":
    main()
