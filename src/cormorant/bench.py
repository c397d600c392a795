"""Throughput and memory benchmark: spaCy parse alone versus full coding, in one run."""

from __future__ import annotations

import functools
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from cormorant.coding import PARSE_TOKENS, Coder, parse_batches
from cormorant.config import CoderConfig
from cormorant.errors import BenchError
from cormorant.nlp.blas import BlasThreads
from cormorant.nlp.pipeline import COMPONENTS, GEO_COMPONENTS
from cormorant.records import Document


def sample_corpus_path() -> Path:
    """The small corpus the project ships (sample articles as JSON lines)."""
    return Path(str(resources.files("cormorant.samples").joinpath("bench.jsonl")))


def load_corpus(path: Path, limit: int) -> list[Document]:
    from cormorant.ingest import read_documents

    docs = [d for d in read_documents([path], input_format="jsonl") if isinstance(d, Document)]
    if not docs:
        raise BenchError(f"{path}: no readable documents")
    if limit and len(docs) < limit and path == sample_corpus_path():
        # The shipped sample is small: repeat it so timings are not all noise.
        docs = (docs * (limit // len(docs) + 1))
    return docs[:limit] if limit else docs


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is KiB on Linux, bytes on macOS.
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def current_rss_mb() -> float | None:
    """The resident set size now (Linux only: None elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * resource.getpagesize() / (1024 * 1024)


def gazetteer_load() -> dict[str, Any]:
    """Load time and memory of the gazetteer, read from its cache (built first if absent):
    the figures the places stage is held to (under 0.5 s and 200 MB)."""
    from cormorant.places import gazetteer as gz

    path = gz.cache_path()
    built = not path.is_file()
    if built:
        gz.load_gazetteer()  # builds and caches it; the read below is then the common case
    before = current_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    g = gz.read_cache(path) if path.is_file() else gz.load_gazetteer()
    load_s = time.perf_counter() - t0
    # CPU time too: on a shared machine the wall time mostly measures the other processes.
    load_cpu_s = time.process_time() - c0
    after = current_rss_mb()
    out = {"gazetteer_entries": len(g), "gazetteer_load_s": round(load_s, 3),
           "gazetteer_load_cpu_s": round(load_cpu_s, 3),
           "gazetteer_rss_mb": round(after - before, 1) if after is not None and before is not None else None,
           "gazetteer_built_first": built}
    del g
    return out


def dictionaries_load(config: CoderConfig) -> dict[str, Any]:
    """What the PETRARCH dictionaries of ``config`` add to building the pipeline: reading,
    mapping and merging them and building the actor stage's phrase tables, in wall and CPU
    time, and the memory that adds (resident after, and at the peak, over the pipeline
    without them)."""
    from cormorant.dictionaries.pipeline import apply_dictionaries
    from cormorant.nlp.pipeline import build_pipeline

    nlp = build_pipeline(config.with_(dictionaries=()))
    before = current_rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    apply_dictionaries(nlp, config)
    load_s, load_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    after, peak = current_rss_mb(), peak_rss_mb()
    actors: Any = nlp.get_pipe("cormorant_actors")
    rss = round(after - before, 1) if after is not None and before is not None else None
    return {"dictionaries": list(config.dictionaries), "dictionary_mode": config.dictionary_mode,
            "dictionaries_actor_entries": len(actors.entries),
            "dictionaries_load_s": round(load_s, 3), "dictionaries_load_cpu_s": round(load_cpu_s, 3),
            "dictionaries_rss_mb": rss,
            "dictionaries_peak_rss_mb": round(peak - before, 1) if before is not None else None}


def _in_child(measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``measure`` in a fresh process: a second copy of the gazetteer loaded here would
    count in this process' peak RSS, which is meant to be the coder's."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(measure).result()


def run_bench(corpus: Path | None = None, n_docs: int = 200, config: CoderConfig | None = None,
              progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Measure load, parse-only, full and coding-only throughput on the same documents.

    ``coding_only_*`` covers cormorant's components on parsed documents without the
    geoparser (``GEO_COMPONENTS``), plus the conversion to records; ``coding_with_geoparse_*``
    the same with it.
    """
    say = progress or (lambda _msg: None)
    path = corpus or sample_corpus_path()
    docs = load_corpus(path, n_docs)

    say("gazetteer")
    gaz = _in_child(gazetteer_load) if (config or CoderConfig()).geoparse else {}
    dicts: dict[str, Any] = {}
    if config is not None and config.dictionaries:
        say("dictionaries")
        dicts = _in_child(functools.partial(dictionaries_load, config))
    t0 = time.perf_counter()
    coder = Coder(config or CoderConfig())
    nlp = coder.nlp
    load_s = time.perf_counter() - t0

    ours = [name for name in nlp.pipe_names if name in COMPONENTS or name.startswith("cormorant_")]
    # Warm-up so first-call costs don't land in either measurement.
    list(coder.code_many(docs[:5]))

    say("parse only, and the coding stages on the parsed documents")
    from cormorant.events.coverage import doc_predicates
    from cormorant.nlp.extract import coded_document

    events_pipe: Any = nlp.get_pipe("cormorant_events")
    per_component = dict.fromkeys(ours, 0.0)
    parse_s = extract_s = 0.0
    words = sentences = 0
    statuses: Counter[str] = Counter()
    step = coder.config.batch_size
    blas = BlasThreads(1)
    # One batch at a time, parsed docs dropped after use: the bench's own memory stays
    # that of one batch, so its peak RSS is the coder's, not the corpus'.
    for k in range(0, len(docs), step):
        chunk = docs[k:k + step]
        t0 = time.perf_counter()
        # Parsed as the coder parses: in runs of PARSE_TOKENS tokens, BLAS in one thread.
        with nlp.select_pipes(disable=ours), blas.limited():
            made = [nlp.make_doc(d.text) for d in chunk]
            parsed = [out for part in parse_batches(made, PARSE_TOKENS)
                      for out in nlp.pipe(part, batch_size=len(part))]
        del made
        parse_s += time.perf_counter() - t0
        words += sum(sum(1 for t in d if not t.is_space) for d in parsed)
        sentences += sum(1 for d in parsed for _ in d.sents)
        for d, sdoc in zip(chunk, parsed, strict=True):
            sdoc._.document_date = d.date
            for name in ours:
                proc = nlp.get_pipe(name)
                t = time.perf_counter()
                sdoc = proc(sdoc)
                per_component[name] += time.perf_counter() - t
            t = time.perf_counter()
            coded_document(sdoc, d, coder.ontology)
            extract_s += time.perf_counter() - t
            # Lexicon coverage (not timed): the share of actor-linked predicates that no
            # frame of the lexicon matches (see ``cormorant lexicon coverage``).
            statuses.update(status for _, status, _ in
                            doc_predicates(sdoc, events_pipe.lexicon, events_pipe.words))
        del parsed

    say("full coding")
    t0, c0 = time.perf_counter(), time.process_time()
    n_events = sum(len(getattr(r, "events", ())) for r in coder.code_many(docs))
    full_s = time.perf_counter() - t0
    # This process' CPU: on a shared machine wall time mostly measures the other processes.
    full_cpu_s = time.process_time() - c0

    geo_s = sum(v for k, v in per_component.items() if k in GEO_COMPONENTS)
    # The coding stages proper (segmenter, actors, events, dates, extraction), and the same
    # with the geoparser, so each figure can be read against its own target.
    coding_with_geo_s = sum(per_component.values()) + extract_s
    coding_s = coding_with_geo_s - geo_s
    linked = sum(statuses.values())

    def rate(n: float, s: float) -> float:
        return round(n / s, 1) if s > 0 else 0.0

    return {
        "corpus": str(path),
        "docs": len(docs),
        "sentences": sentences,
        "words": words,
        "events": n_events,
        "load_s": round(load_s, 3),
        "parse_only_s": round(parse_s, 3),
        "full_s": round(full_s, 3),
        "parse_only_words_per_s": rate(words, parse_s),
        "full_words_per_s": rate(words, full_s),
        "full_cpu_s": round(full_cpu_s, 3),
        "full_cpu_s_per_1k_words": round(1000 * full_cpu_s / words, 4) if words else 0.0,
        "full_words_per_cpu_s": rate(words, full_cpu_s),
        "ratio": round(parse_s / full_s, 3) if full_s else 0.0,
        "full_docs_per_s": rate(len(docs), full_s),
        "full_sentences_per_s": rate(sentences, full_s),
        "coding_only_s": round(coding_s, 3),
        "coding_only_sentences_per_s": rate(sentences, coding_s),
        "coding_with_geoparse_s": round(coding_with_geo_s, 3),
        "coding_with_geoparse_sentences_per_s": rate(sentences, coding_with_geo_s),
        "component_s": {k: round(v, 3) for k, v in per_component.items()} | {"extract": round(extract_s, 3)},
        "geoparse_share_of_full": round(geo_s / full_s, 4) if full_s else 0.0,
        "lexicon_linked_predicates": linked,
        "lexicon_unknown_share": round(statuses["unknown"] / linked, 4) if linked else 0.0,
        "peak_rss_mb": peak_rss_mb(),
        **gaz,
        **dicts,
    }


def format_report(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2)
