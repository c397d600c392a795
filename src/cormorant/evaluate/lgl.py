"""LGL geoparsing gold (``geo_lgl.xml``): toponym spans with GeoNames coordinates.

Scoring, over all articles:

- *precision*: predicted toponyms whose span overlaps a gold toponym, over all predicted;
- *recall*: gold toponyms overlapped by a predicted toponym, over all gold toponyms;
- *acc@161km*: gold toponyms with coordinates that were found and resolved within 161 km
  (100 miles) of the gold point, over all gold toponyms with coordinates (a miss counts
  as wrong, so this folds detection and resolution into one figure);
- *median error km*: over gold toponyms found and resolved.

Every figure is reported for the whole file and for its fixed ``tune`` and ``check`` halves
(``evaluate.split``: by article id), with the wrong and missed toponyms counted by kind
(``error_kind``): not found, found but unresolved, wrong feature class, wrong namesake, and
centroid distance (the right place, but its point over 161 km from the gold one).

Local papers rarely name their own state: each article is read a second time with the
home of its newspaper (``places.home``), inferred from the places the first reading found
in the paper's other articles, without gold. The first reading's accuracy is reported
beside (``acc_at_161km_without_homes``).

Only the geoparsing stages run (the event stages are switched off for speed).
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cormorant.errors import EvaluationError
from cormorant.evaluate.split import HALVES, half
from cormorant.places.gazetteer import haversine_km, normalize
from cormorant.places.home import Home, source_homes

if TYPE_CHECKING:
    from rich.console import Console
    from spacy.language import Language
    from spacy.tokens import Doc

    from cormorant.coding import Coder

ACC_KM = 161.0
# Components that do not affect toponyms: skipped while evaluating.
SKIP_PIPES = ("cormorant_actor_countries", "cormorant_events", "cormorant_relevance",
              "cormorant_event_places", "cormorant_implicit_agents",
              "cormorant_dates")


def load_gold(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Articles as ``{id, text, toponyms: [{start, end, phrase, lat, lon, name}]}``."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise EvaluationError(f"{path}: not an LGL XML file: {e}") from e
    if root.tag != "articles":
        raise EvaluationError(f"{path}: expected <articles> at the root, found <{root.tag}>")
    articles: list[dict[str, Any]] = []
    for art in root.iter("article"):
        text = art.findtext("text")
        if text is None:
            raise EvaluationError(f"{path}: article {art.get('docid')} has no <text>")
        tops = []
        for t in art.iter("toponym"):
            try:
                start, end = int(t.findtext("start", "")), int(t.findtext("end", ""))
            except ValueError as e:
                raise EvaluationError(f"{path}: article {art.get('docid')}: bad toponym offsets") from e
            g = t.find("gaztag")
            lat = lon = None
            name = feature = gid = None
            if g is not None and g.findtext("lat") is not None:
                lat, lon = float(g.findtext("lat", "")), float(g.findtext("lon", ""))
                name = g.findtext("name")
                if g.findtext("fclass"):
                    feature = f"{g.findtext('fclass')}.{g.findtext('fcode') or ''}"
                gid = int(g.get("geonameid", "0") or 0) or None
            tops.append({"start": start, "end": end, "phrase": t.findtext("phrase"),
                         "lat": lat, "lon": lon, "name": name, "feature": feature,
                         "geonameid": gid})
        # The newspaper (its web domain, else its feed): the source whose home region its
        # other stories show (``places.home``).
        source = (art.findtext("domain") or "").strip() or (art.findtext("feedid") or "").strip()
        articles.append({"id": art.get("docid") or str(len(articles)), "text": text,
                         "toponyms": tops, "source": source or None})
        if limit is not None and len(articles) >= limit:
            break
    if not articles:
        raise EvaluationError(f"{path}: no articles found")
    return articles


def _docs(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    skip = [p for p in SKIP_PIPES if p in nlp.pipe_names]
    with nlp.select_pipes(disable=skip):
        yield from nlp.pipe(texts, batch_size=32)


def _places(doc: Doc) -> list[Any]:
    return [m.place for m in (doc._.places or [])]


HOME_ROUNDS = 2


def with_homes(articles: list[dict[str, Any]], docs: list[Doc], nlp: Language,
               rounds: int = HOME_ROUNDS) -> int:
    """Geoparse ``docs`` again, each with the home of its article's source, read from the
    places the last reading found in the source's other articles (``places.home``; no
    gold is used), ``rounds`` times: the second reading's places, read with the homes,
    make better homes. The number of articles given a home."""
    geoparser = nlp.get_pipe("cormorant_places")
    homes: list[Home | None] = []
    for _ in range(rounds):
        homes = source_homes([(a.get("source") or f"article:{a['id']}", _places(d))
                              for a, d in zip(articles, docs, strict=True)])
        for doc, home in zip(docs, homes, strict=True):
            if home is not None or doc._.place_home is not None:
                doc._.place_home = home
                geoparser(doc)
    return sum(h is not None for h in homes)


def score_article(gold: dict[str, Any], places: list[Any]) -> dict[str, Any]:
    rows = []
    matched_pred: set[int] = set()
    for g in gold["toponyms"]:
        hits = [i for i, p in enumerate(places) if p.span[0] < g["end"] and g["start"] < p.span[1]]
        matched_pred.update(hits)
        err = None
        best = None
        for i in hits:
            p = places[i]
            if g["lat"] is None or p.lat is None:
                continue
            d = haversine_km(g["lat"], g["lon"], p.lat, p.lon)
            if err is None or d < err:
                err, best = d, p
        rows.append({
            "doc_id": gold["id"], "text": g["phrase"], "span": [g["start"], g["end"]],
            "gold_name": g["name"], "gold_lat": g["lat"], "gold_lon": g["lon"],
            "gold_feature": g.get("feature"), "gold_geonameid": g.get("geonameid"),
            "found": bool(hits), "name": best.name if best else None,
            "country": best.country if best else None,
            "feature": best.feature if best else None,
            "geonameid": best.geonameid if best else None,
            "error_km": round(err, 1) if err is not None else None,
        })
        rows[-1]["kind"] = error_kind(rows[-1])
    return {"doc_id": gold["id"], "rows": rows, "predicted": len(places),
            "true_predicted": len(matched_pred),
            "false_positives": [p.text for i, p in enumerate(places) if i not in matched_pred]}


def summarise(scored: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    rows = [r for s in scored for r in s["rows"]]
    with_coords = [r for r in rows if r["gold_lat"] is not None]
    errors = [r["error_km"] for r in with_coords if r["error_km"] is not None]
    predicted = sum(s["predicted"] for s in scored)
    true_pred = sum(s["true_predicted"] for s in scored)
    return {
        "articles": len(scored),
        "gold_toponyms": len(rows),
        "gold_with_coordinates": len(with_coords),
        "predicted_toponyms": predicted,
        "precision": _ratio(true_pred, predicted),
        "recall": _ratio(sum(r["found"] for r in rows), len(rows)),
        "acc_at_161km": _ratio(sum(1 for e in errors if e <= ACC_KM), len(with_coords)),
        "acc_at_161km_resolved": _ratio(sum(1 for e in errors if e <= ACC_KM), len(errors)),
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "resolved": len(errors),
        "seconds": round(seconds, 1),
    }


ERROR_KINDS = ("not_found", "unresolved", "wrong_feature_class", "wrong_namesake",
               "centroid_distance")


def feature_group(feature: str | None) -> str:
    """A coarse kind of a GeoNames feature: country, admin1, admin2, town or other."""
    if not feature:
        return "other"
    cls, _, code = feature.partition(".")
    if cls == "P":
        return "town"
    if cls == "A":
        if code.startswith("PCL") or code == "TERR":
            return "country"
        if code in ("ADM1", "ADM1H"):
            return "admin1"
        if code.startswith("ADM"):
            return "admin2"
    return "other"


def error_kind(row: dict[str, Any]) -> str | None:
    """Why a gold toponym with coordinates was not resolved within 161 km (None if it was,
    or if the gold has no coordinates): the toponym was not found; found but unresolved;
    resolved to a feature of another kind (a town for a state); to another place of the
    same kind (a namesake); or to the right place whose point lies far from the gold one
    (``centroid_distance``: the same GeoNames id, or, for an entry without one, the same
    name and a large feature: a country, region, sea or river)."""
    if row["gold_lat"] is None:
        return None
    if not row["found"]:
        return "not_found"
    if row["error_km"] is None:
        return "unresolved"
    if row["error_km"] <= ACC_KM:
        return None
    gid, gold_gid = row.get("geonameid"), row.get("gold_geonameid")
    if gid is not None and gid == gold_gid:
        return "centroid_distance"
    gold_group = feature_group(row.get("gold_feature")) if row.get("gold_feature") else None
    group = feature_group(row.get("feature"))
    same_name = bool(row.get("name") and row.get("gold_name")
                     and normalize(row["name"]) == normalize(row["gold_name"]))
    if gid is None and same_name and group in ("country", "admin1", "other") \
            and gold_group in (None, group):
        return "centroid_distance"
    if gold_group is not None and gold_group != group:
        return "wrong_feature_class"
    return "wrong_namesake"


def by_half(scored: list[dict[str, Any]], seconds: float,
            without_homes: list[dict[str, Any]] | None = None) -> dict[str, dict[str, Any]]:
    """The summary of each fixed half (``tune``, ``check``), with its errors by kind (and
    the accuracy of the reading without source homes, when given)."""
    out: dict[str, dict[str, Any]] = {}
    for h in HALVES:
        mine = [sc for sc in scored if half(sc["doc_id"]) == h]
        summary = summarise(mine, seconds)
        summary.pop("seconds")
        if without_homes is not None:
            summary["acc_at_161km_without_homes"] = summarise(
                [sc for sc in without_homes if half(sc["doc_id"]) == h], seconds)["acc_at_161km"]
        rows = [r for sc in mine for r in sc["rows"]]
        summary["errors"] = {k: sum(1 for r in rows if r.get("kind") == k) for k in ERROR_KINDS}
        out[h] = summary
    return out


def _ratio(a: float, b: float) -> float:
    return round(a / b, 4) if b else 0.0


def evaluate_articles(articles: list[dict[str, Any]], nlp: Language,
                      homes: bool = True) -> dict[str, Any]:
    """Score every article; with ``homes``, after a second reading with the home of each
    article's source (``with_homes``), and the first reading's accuracy beside it."""
    t0 = time.perf_counter()
    docs = list(_docs(nlp, [a["text"] for a in articles]))
    scored = [score_article(g, _places(d)) for g, d in zip(articles, docs, strict=True)]
    first = None
    n_homes = 0
    if homes:
        first = scored
        n_homes = with_homes(articles, docs, nlp)
        scored = [score_article(g, _places(d)) for g, d in zip(articles, docs, strict=True)]
    seconds = time.perf_counter() - t0
    summary = summarise(scored, seconds)
    if first is not None:
        summary["acc_at_161km_without_homes"] = summarise(first, seconds)["acc_at_161km"]
        summary["articles_with_source_home"] = n_homes
    rows = [r for s in scored for r in s["rows"]]
    return {"summary": summary, "halves": by_half(scored, seconds, first), "records": rows,
            "false_positives": [fp for s in scored for fp in s["false_positives"]]}


def run(gold_path: Path, coder: Coder, limit: int | None = None) -> dict[str, Any]:
    articles = load_gold(gold_path, limit)
    if not coder.config.geoparse:
        raise EvaluationError("geoparsing is switched off in this coder's configuration")
    result = evaluate_articles(articles, coder.nlp)
    return {"format": "lgl", "gold": str(gold_path), **result}


def render(report: dict[str, Any], console: Console) -> None:
    from collections import Counter

    from rich.table import Table

    s = report["summary"]
    halves = report.get("halves", {})
    t = Table("measure", "all", *halves, title=f"LGL geoparsing gold: {report['gold']}")

    def cell(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    for k, v in s.items():
        t.add_row(k, cell(v), *(cell(halves[h].get(k, "")) for h in halves))
    console.print(t)
    if halves:
        kt = Table("error kind", *halves, title="Gold toponyms not resolved within 161 km, by kind")
        for k in ERROR_KINDS:
            kt.add_row(k, *(str(halves[h]["errors"][k]) for h in halves))
        console.print(kt)
    misses = Counter(r["text"] for r in report["records"] if not r["found"])
    wrong = Counter(f"{r['text']} -> {r['name']} ({r['country']})" for r in report["records"]
                    if r["error_km"] is not None and r["error_km"] > ACC_KM)
    fps = Counter(report.get("false_positives", []))
    et = Table("commonest misses", "n", "commonest wrong resolutions", "n", "commonest false positives", "n")
    a, b, c = misses.most_common(10), wrong.most_common(10), fps.most_common(10)
    for i in range(max(len(a), len(b), len(c))):
        row: list[str] = []
        for lst in (a, b, c):
            row += [lst[i][0], str(lst[i][1])] if i < len(lst) else ["", ""]
        et.add_row(*row)
    console.print(et)
