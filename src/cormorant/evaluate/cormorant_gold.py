"""Sentence-level event gold in JSON lines (``cormorant-gold``); format in docs/evaluation.md.

One line per sentence: ``{"id", "text"?, "corpus"?, "doc_id"?, "start"?, "end"?, "events":
[{"code", "source", "target", "source_span", "target_span", "trigger_span"}]}``. The text is
given inline, or read from a JSON-lines corpus (``{"id", "text"}`` per line) named by
``corpus`` at ``[start, end)`` of document ``doc_id``. An optional first line is a header
``{"format": "cormorant-gold", "version": 1, "corpora": {name: path}}``.

Each sentence is coded as its own document. Negated and hypothetical coded events are left
out (the gold codes only what happened) and counted as ``excluded_events``. Scoring is in
:mod:`cormorant.evaluate.gold_scoring`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError
from cormorant.evaluate import gold_scoring as gs
from cormorant.evaluate.jsonl import read_objects
from cormorant.evaluate.report import columns, fmt_value
from cormorant.evaluate.sample import read_texts
from cormorant.evaluate.split import half, halves_of, selected
from cormorant.records import CodedDocument, Document

if TYPE_CHECKING:
    from rich.console import Console

    from cormorant.coding import Coder
    from cormorant.evaluate import EvalOptions

__all__ = ["DEFAULT_CORPORA", "GoldEvent", "GoldSentence", "load_gold", "resolve_corpus", "run",
           "render"]

FORMAT = "cormorant-gold"
VERSION = 1
# Corpora of cormorant's own real-news gold, relative to the working directory or the repo.
DEFAULT_CORPORA = {
    "reuters": "../shared/corpus/reuters21578.jsonl",
    "multicoped": "../shared/gold/multicoped_train.jsonl",
}
REPO_ROOT = Path(__file__).resolve().parents[3]

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    code: str
    source: str | None = None
    target: str | None = None
    source_span: Span | None = None
    target_span: Span | None = None
    trigger_span: Span | None = None

    @property
    def root(self) -> str:
        return self.code[:2]

    def item(self) -> gs.Item:
        return gs.Item(self.code, self.root, gs.gold_country(self.source),
                       gs.gold_country(self.target))


@dataclass(frozen=True, slots=True)
class GoldSentence:
    id: str
    text: str
    events: tuple[GoldEvent, ...]
    corpus: str | None = None


def resolve_corpus(name: str, given: Mapping[str, str], header: Mapping[str, str],
                   gold_dir: Path) -> Path:
    """The corpus file for ``name``: given, else the header's or the default path.

    A relative path is tried against the working directory, the gold file's directory and
    the repository root (so ``../shared/...`` works from the repo or beside it).
    """
    if name in given:
        path = Path(given[name])
        if not path.is_file():
            raise EvaluationError(f"corpus {name!r}: file {path} does not exist")
        return path
    rel = header.get(name) or DEFAULT_CORPORA.get(name)
    if rel is None:
        raise EvaluationError(f"corpus {name!r} is not known; give it with --corpus {name}=PATH")
    p = Path(rel)
    tried = [p] if p.is_absolute() else [Path.cwd() / p, gold_dir / p, REPO_ROOT / p]
    for c in tried:
        if c.is_file():
            return c
    raise EvaluationError(
        f"corpus {name!r} not found (tried {', '.join(str(t) for t in tried)}); "
        f"give it with --corpus {name}=PATH")


def _span(value: Any, where: str, length: int) -> Span | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(x, int) for x in value)
            and 0 <= value[0] <= value[1] <= length):
        raise EvaluationError(f"{where}: bad span {value!r} (sentence has {length} characters)")
    return (value[0], value[1])


def _code(value: Any, where: str) -> str:
    code = str(value or "").strip()
    if not (code.isdigit() and 2 <= len(code) <= 4 and 1 <= int(code[:2]) <= 20):
        raise EvaluationError(f"{where}: {value!r} is not a CAMEO event code")
    return code


def _actor(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise EvaluationError(f"{where}: actor code must be a string or null")
    return value.strip().upper() or None


def _events(raw: Any, where: str, length: int) -> tuple[GoldEvent, ...]:
    if not isinstance(raw, list):
        raise EvaluationError(f"{where}: 'events' must be a list (empty for no event)")
    out = []
    for i, e in enumerate(raw):
        w = f"{where}: event {i}"
        if not isinstance(e, dict):
            raise EvaluationError(f"{w}: not an object")
        out.append(GoldEvent(
            _code(e.get("code"), w), _actor(e.get("source"), w), _actor(e.get("target"), w),
            _span(e.get("source_span"), w, length), _span(e.get("target_span"), w, length),
            _span(e.get("trigger_span"), w, length)))
    return tuple(out)


def _read_lines(path: Path) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    header: dict[str, Any] = {}
    rows: list[tuple[str, dict[str, Any]]] = []
    for where, _, raw in read_objects(path):
        if "format" in raw and not rows and not header:
            if raw["format"] != FORMAT or raw.get("version", VERSION) != VERSION:
                raise EvaluationError(f"{where}: header is not {FORMAT} version {VERSION}")
            header = raw
            continue
        rows.append((where, raw))
    if not rows:
        raise EvaluationError(f"{path}: no gold sentences found")
    return header, rows


def _header_corpora(header: dict[str, Any], path: Path) -> dict[str, str]:
    corpora = header.get("corpora") or {}
    if not isinstance(corpora, dict):
        raise EvaluationError(f"{path}: header 'corpora' must map names to paths")
    out = {}
    for name, value in corpora.items():
        p = value.get("path") if isinstance(value, dict) else value
        if isinstance(p, str):
            out[str(name)] = p
    return out


def load_gold(path: Path, corpora: Mapping[str, str] | None = None) -> list[GoldSentence]:
    """Gold sentences with their text (read from corpora where not inline)."""
    header, rows = _read_lines(path)
    hdr = _header_corpora(header, path)
    needed = sorted({str(r["corpus"]) for _, r in rows if "text" not in r and r.get("corpus")})
    texts = {name: read_texts(resolve_corpus(name, corpora or {}, hdr, path.parent))
             for name in needed}
    out = []
    seen: set[str] = set()
    for where, raw in rows:
        text, sid = _text(raw, where, texts)
        if sid in seen:
            raise EvaluationError(f"{where}: duplicate sentence id {sid!r}")
        seen.add(sid)
        out.append(GoldSentence(sid, text, _events(raw.get("events"), where, len(text)),
                                raw.get("corpus")))
    return out


def _text(raw: dict[str, Any], where: str, texts: dict[str, dict[str, str]]) -> tuple[str, str]:
    if isinstance(raw.get("text"), str):
        if raw.get("id") in (None, ""):
            raise EvaluationError(f"{where}: a sentence with inline text needs an 'id'")
        return raw["text"], str(raw["id"])
    corpus, doc_id, start, end = (raw.get(k) for k in ("corpus", "doc_id", "start", "end"))
    if not (isinstance(corpus, str) and doc_id is not None and isinstance(start, int)
            and isinstance(end, int) and 0 <= start < end):
        raise EvaluationError(f"{where}: needs 'text', or 'corpus', 'doc_id', 'start' and 'end'")
    try:
        doc = texts[corpus][str(doc_id)]
    except KeyError as e:
        raise EvaluationError(f"{where}: document {doc_id!r} not in corpus {corpus!r}") from e
    if end > len(doc):
        raise EvaluationError(f"{where}: document {doc_id!r} is shorter than {end} characters")
    return doc[start:end], str(raw.get("id") or f"{doc_id}:{start}-{end}")


def _row(g: GoldSentence, res: CodedDocument | Any) -> dict[str, Any]:
    events = res.events if isinstance(res, CodedDocument) else ()
    kept = [e for e in events if not e.negated and not e.hypothetical]
    gold_items = [e.item() for e in g.events]
    coded_items = [gs.coded_item(e) for e in kept]
    row: dict[str, Any] = {"id": g.id, "half": half(g.id), "corpus": g.corpus,
                           "n_gold": len(gold_items), "n_coded": len(coded_items),
                           "n_excluded": len(events) - len(kept)}
    row.update(gs.score_sentence(gold_items, coded_items))
    row["gold"] = [{"code": i.code, "source": e.source, "target": e.target}
                   for i, e in zip(gold_items, g.events, strict=True)]
    row["coded"] = [{"code": e.cameo, "source": e.source.code if e.source else None,
                     "target": e.target.code if e.target else None, "trigger": e.trigger.text,
                     "rule": e.rule} for e in kept]
    if not isinstance(res, CodedDocument):
        row["skipped"] = getattr(res, "reason", "error")
    return row


def run(gold_path: Path, coder: Coder, options: EvalOptions | None = None) -> dict[str, Any]:
    from cormorant.evaluate import EvalOptions

    opts = options or EvalOptions()
    gold = [g for g in load_gold(gold_path, dict(opts.corpora)) if selected(g.id, opts.half)]
    docs = [Document(id=g.id, text=g.text) for g in gold]
    rows = [_row(g, res) for g, res in zip(gold, coder.code_many(docs), strict=True)]
    parts: dict[str, list[dict[str, Any]]] = {h: [r for r in rows if r["half"] == h]
                                              for h in halves_of(opts.half)}
    parts["all"] = rows
    return {
        "format": FORMAT,
        "gold": str(gold_path),
        "half": opts.half,
        "summary": gs.summarise(rows),
        "halves": {h: gs.summarise(parts[h]) for h in halves_of(opts.half)},
        "intervals": {h: gs.intervals(r, opts.resamples, opts.seed) for h, r in parts.items()},
        "confusion": {h: gs.confusion(r) for h, r in parts.items()},
        "errors": {h: gs.common_errors(r) for h, r in parts.items()},
        "records": rows,
    }


def render(report: dict[str, Any], console: Console) -> None:
    from rich.table import Table

    cols = columns(report)
    t = Table("measure", *[name for name, _ in cols],
              title=f"cormorant-gold: {report['gold']} (95% bootstrap intervals)")
    for key in report["summary"]:
        cells = []
        for name, s in cols:
            ci = report["intervals"].get(name, {}).get(key)
            cells.append(fmt_value(s[key]) + (f" [{ci[0]:.2f}, {ci[1]:.2f}]" if ci else ""))
        t.add_row(key, *cells)
    console.print(t)
    for name, _ in cols:
        if name == "all" and len(cols) > 1:
            continue
        _render_confusion(report["confusion"][name], name, console)
    et = Table(*[f"{name}: commonest errors" for name, _ in cols], title="Commonest errors")
    lists = [report["errors"][name] for name, _ in cols]
    for i in range(max((len(x) for x in lists), default=0)):
        et.add_row(*[f"{x[i]['error']} ({x[i]['count']})" if i < len(x) else "" for x in lists])
    console.print(et)


def _render_confusion(table: dict[str, dict[str, int]], name: str, console: Console) -> None:
    from rich.table import Table

    coded = sorted({c for row in table.values() for c in row} | set(table))
    ct = Table("gold \\ coded", *coded, title=f"Root confusion ({name}): gold rows, coded columns")
    for g, row in table.items():
        ct.add_row(g, *[str(row.get(c, "")) for c in coded])
    console.print(ct)
