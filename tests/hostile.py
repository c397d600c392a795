"""A corpus of hostile inputs, generated on the fly (nothing binary is committed).

``build_corpus(root)`` writes the files under ``root`` and returns one ``Case`` per input
the readers will see: its ``source`` (the path, or ``path:line`` for a JSON line) and the
outcomes it may end in: ``"coded"`` or a skip reason. Every text here is written for
these tests.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path

GOOD = "Police detained two protesters in Nairobi on Monday, officials said."
BIG_MB = 50


@dataclass(frozen=True)
class Case:
    name: str
    source: str
    outcomes: frozenset[str]  # "coded" and/or skip reasons

    def allows(self, outcome: str) -> bool:
        return outcome in self.outcomes


def _case(name: str, path: Path | str, *outcomes: str) -> Case:
    return Case(name, str(path), frozenset(outcomes))


def long_sentence(n_tokens: int = 20_000, seed: int = 3) -> str:
    """One "sentence" of ``n_tokens`` words and no punctuation at all."""
    rng = random.Random(seed)
    words = ("police army protesters government minister Kenya Uganda talks met attacked "
             "the a of and in on said rebels village troops").split()
    return " ".join(rng.choice(words) for _ in range(n_tokens))


def build_corpus(root: Path, *, big_mb: int = BIG_MB) -> list[Case]:
    """Write the hostile inputs under ``root`` (a directory); return what each must become."""
    d = root / "inputs"
    d.mkdir(parents=True)
    cases: list[Case] = []
    rng = random.Random(7)

    def write(name: str, data: bytes | str, *outcomes: str) -> Path:
        path = d / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases.append(_case(name, path, *outcomes))
        return path

    # Binary files and NUL bytes.
    write("random.bin", bytes(rng.randrange(256) for _ in range(4096)), "binary")
    write("fake.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n", "binary")
    write("nul-in-text.txt", GOOD.encode() + b"\x00\x00" + GOOD.encode(), "binary")
    write("controls.txt", "".join(chr(rng.randrange(1, 8)) for _ in range(2000)), "binary")
    write("empty.txt", b"", "empty")
    write("blank.txt", b" \n\t \r\n  ", "empty")
    # Truncated and deeply nested HTML.
    write("truncated.html", f"<html><head><title>Talks</title></head><body><article><p>{GOOD}"
          "</p><p>Kenya protested to Uganda on Tues", "coded")
    write("nested.html", "<html><body>" + "<div>" * 50_000 + f"<p>{GOOD}</p>" + "</div>" * 10,
          "coded", "empty", "format")
    write("scripts-only.html", "<html><head><script>var x = 1;</script></head><body>"
          "<script>alert(1)</script><style>p {}</style></body></html>", "empty")
    write("tag-soup.html", "<<<>>><p<p>>" + "</b>" * 500 + GOOD + "<!-- unterminated",
          "coded", "empty")
    # Wrong and mixed encodings.
    write("utf16le-nobom.txt", GOOD.encode("utf-16-le"), "coded")
    write("utf16be-nobom.txt", GOOD.encode("utf-16-be"), "coded")
    write("utf16-bom.txt", GOOD.encode("utf-16"), "coded")
    write("latin1-labelled-utf8.html",
          "<html><head><meta charset=\"utf-8\"><title>Caf\xe9</title></head><body><p>"
          f"{GOOD} The minister met the envoy in S\xe3o Paulo \xe0 midi.</p></body></html>"
          .encode("latin-1"), "coded")
    write("mixed-encodings.txt", GOOD.encode() + " Caf\xe9 ".encode("latin-1")
          + "Zürich — “quoted”".encode() + "\xe9t\xe9".encode("latin-1"), "coded")
    write("bad-utf8.txt", GOOD.encode() + b" \xed\xa0\x80 \xc3\x28 \xf8\x88\x80\x80\x80", "coded")
    # Size and length.
    big = d / "big.txt"
    line = (GOOD + " ") * 20 + "\n"
    with big.open("w", encoding="utf-8") as f:
        for _ in range(big_mb * 1024 * 1024 // len(line) + 1):
            f.write(line)
    cases.append(_case("big.txt", big, "too-large"))
    write("long-sentence.txt", long_sentence(), "coded", "timeout")
    write("one-huge-token.txt", "x" * 300_000, "coded", "timeout")
    # Right-to-left text, emoji, zero-width and direction characters.
    write("rtl-emoji.txt", "\u0627\u0644\u0634\u0631\u0637\u0629 \u05de\u05e9\u05d8\u05e8\u05d4 "
          f"\U0001f525\U0001f1f0\U0001f1ea {GOOD} \U0001f46e\u200d\u2640\ufe0f \u202eevil\u202c "
          "\u0627\u0644\u062d\u0643\u0648\u0645\u0629.", "coded")
    write("zero-width.txt", "Pol\u200bice detained\u200d two\u2060 protesters in Nai\ufeffrobi "
          "on\u200c Monday\u00ad. \u2066Kenya\u2069 protested to Uganda.", "coded")
    write("combining.txt", "Police" + "\u0301" * 3000 + f" detained two men. {GOOD}", "coded")
    # Dates no calendar has.
    write("bad-dates.txt", "Published: 31 February 2023\n\nThe curfew began at 1900 hours on "
          "31 February. Police detained two protesters in Nairobi at 2500 hours on 0 March. "
          "Kenya protested to Uganda on 99/99/2023.", "coded")
    # JSON lines: broken lines, wrong types, huge fields, duplicate ids, odd dates.
    jsonl = d / "records.jsonl"
    lines: list[bytes] = [
        json.dumps({"id": "ok", "text": GOOD, "date": "2023-03-01"}).encode(),
        b'{"id": "broken", "text": "Police detai',
        json.dumps({"id": "num", "text": 12345}).encode(),
        json.dumps({"id": "list", "text": ["a", "b"]}).encode(),
        json.dumps(["not", "an", "object"]).encode(),
        json.dumps("a string").encode(),
        json.dumps({"id": {"nested": 1}, "text": GOOD}).encode(),
        json.dumps({"id": "dup", "text": GOOD}).encode(),
        json.dumps({"id": "dup", "text": "Kenya protested to Uganda on Tuesday."}).encode(),
        json.dumps({"id": "hours", "text": GOOD, "date": "1900 hours"}).encode(),
        json.dumps({"id": "feb31", "text": GOOD, "date": "31 February 2023"}).encode(),
        json.dumps({"id": "numdate", "text": GOOD, "date": 20230301}).encode(),
        json.dumps({"id": "hugefield", "text": GOOD, "junk": "z" * 2_000_000}).encode(),
        json.dumps({"id": "hugetext", "text": (GOOD + " ") * 200_000}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps({"id": "nul", "text": "Police\u0000 detained two men."}).encode(),
        json.dumps({"id": "latin1", "text": "x"}).encode()[:-2] + b'\xe9"}',
        json.dumps({"id": None, "text": None}).encode(),
        b"\xff\xfe garbage \x00",
    ]
    jsonl.write_bytes(b"\n".join(lines) + b"\n\n   \n")
    expected = {
        1: ("coded",), 2: ("format",), 3: ("format",), 4: ("format",), 5: ("format",),
        6: ("format",), 7: ("coded",), 8: ("coded",), 9: ("coded",), 10: ("coded",),
        11: ("coded",), 12: ("coded",), 13: ("coded",), 14: ("too-large",),
        15: ("format",), 16: ("coded", "binary"), 17: ("coded",), 18: ("format",),
        19: ("binary", "encoding", "format"),
    }
    cases += [_case(f"records.jsonl:{n}", f"{jsonl}:{n}", *out) for n, out in expected.items()]
    write("deep.json", b"[" * 100_000 + b"]" * 100_000, "format")
    # A directory of traps: loops, dangling links, a FIFO, a directory named like a file.
    traps = d / "traps"
    traps.mkdir()
    (traps / "good.txt").write_text(GOOD)
    cases.append(_case("traps/good.txt", traps / "good.txt", "coded"))
    os.symlink(traps, traps / "loop-to-parent")
    cases.append(_case("traps/loop-to-parent", traps / "loop-to-parent", "unreadable"))
    os.symlink(traps / "self-loop", traps / "self-loop")
    cases.append(_case("traps/self-loop", traps / "self-loop", "unreadable"))
    os.symlink(traps / "nowhere.txt", traps / "dangling.txt")
    cases.append(_case("traps/dangling.txt", traps / "dangling.txt", "unreadable"))
    os.mkfifo(traps / "fifo.txt")
    cases.append(_case("traps/fifo.txt", traps / "fifo.txt", "unreadable"))
    (traps / "dir-named.txt").mkdir()
    (traps / "dir-named.txt" / "inner.txt").write_text(GOOD)
    cases.append(_case("traps/dir-named.txt/inner.txt", traps / "dir-named.txt" / "inner.txt",
                       "coded"))
    (traps / "locked.txt").write_text(GOOD)  # made unreadable by the test (root reads mode 000)
    cases.append(_case("traps/locked.txt", traps / "locked.txt", "unreadable"))
    odd = os.fsencode(traps) + b"/bad-\xff-name.txt"
    with open(odd, "wb") as f:
        f.write(GOOD.encode())
    # Reported with the undecodable byte escaped, so the name can be printed and stored.
    cases.append(_case("traps/bad-name", f"{traps}/bad-\\xff-name.txt", "coded"))
    return cases


def unreadable_paths(cases: list[Case]) -> set[str]:
    """The sources the test must make unreadable (a ``PermissionError`` on open)."""
    return {c.source for c in cases if c.name == "traps/locked.txt"}


def outcome_of(item: object) -> tuple[str, str]:
    """(source, outcome) of a reader or coder result."""
    from cormorant.records import CodedDocument, Document, Skipped

    if isinstance(item, Skipped):
        return item.source, item.reason
    if isinstance(item, CodedDocument):
        return item.document.source or item.document.id, "coded"
    if isinstance(item, Document):
        return item.source or item.id, "coded"
    raise TypeError(f"unexpected result {type(item).__name__}")
