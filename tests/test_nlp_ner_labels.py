"""The model's NER without the moves of labels the coder does not read."""

from __future__ import annotations

import pickle

import pytest

from cormorant.config import DEFAULT_MODEL, CoderConfig
from cormorant.errors import ConfigError

DROP = ("EVENT", "LAW", "PRODUCT", "WORK_OF_ART")
# Sentences whose entities are all of kept labels.
SENTENCES = [
    ("Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
     {("Angela Merkel", "PERSON"), ("Emmanuel Macron", "PERSON"), ("Paris", "GPE"),
      ("Tuesday", "DATE")}),
    ("The United Nations said on Monday that Kenya had closed its border with Somalia.",
     {("The United Nations", "ORG"), ("Monday", "DATE"), ("Kenya", "GPE"),
      ("Somalia", "GPE")}),
    ("Police in Lagos arrested three members of the Nigerian Labour Congress last week.",
     {("Lagos", "GPE"), ("three", "CARDINAL"), ("the Nigerian Labour Congress", "ORG"),
      ("last week", "DATE")}),
]


def _model():
    from cormorant.nlp.blas import use_numpy_gemm
    from cormorant.nlp.pipeline import load_model

    nlp = load_model(DEFAULT_MODEL)
    use_numpy_gemm(nlp)
    return nlp


@pytest.fixture(scope="module")
def full():
    return _model()


@pytest.fixture(scope="module")
def pruned():
    from cormorant.nlp.ner_labels import prune_ner_labels

    nlp = _model()
    assert prune_ner_labels(nlp, DROP) == DROP
    return nlp


def _ents(nlp, text: str) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in nlp(text).ents}


@pytest.mark.slow
def test_nlp_ner_labels_pruned_model_has_only_kept_labels(full, pruned) -> None:
    from cormorant.nlp.ner_labels import ner_labels

    kept = set(ner_labels(full)) - set(DROP)
    assert set(ner_labels(pruned)) == kept
    ner = pruned.get_pipe("ner")
    # B-, I-, L-, U- per label, plus the unlabelled U- and O.
    assert ner.moves.n_moves == 4 * len(kept) + 2
    assert ner.model.get_ref("upper").get_param("W").shape[0] == ner.moves.n_moves
    names = {ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)}
    assert not any(n.endswith(f"-{label}") for n in names for label in DROP)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_nlp_ner_labels_pruned_model_finds_kept_entities(full, pruned, text, expected) -> None:
    assert _ents(full, text) == expected  # the sentence tests the kept labels only
    assert _ents(pruned, text) == expected


@pytest.mark.slow
def test_nlp_ner_labels_kept_moves_keep_their_scores(full, pruned) -> None:
    """Each kept move's row of the output layer is the full model's row of that move."""
    a, b = full.get_pipe("ner"), pruned.get_pipe("ner")
    rows = {a.moves.get_class_name(i): i for i in range(a.moves.n_moves)}
    wa, ba = a.model.get_ref("upper").get_param("W"), a.model.get_ref("upper").get_param("b")
    wb, bb = b.model.get_ref("upper").get_param("W"), b.model.get_ref("upper").get_param("b")
    for j in range(b.moves.n_moves):
        i = rows[b.moves.get_class_name(j)]
        assert (wb[j] == wa[i]).all() and bb[j] == ba[i]


@pytest.mark.slow
def test_nlp_ner_labels_pruned_model_survives_to_disk(pruned, tmp_path) -> None:
    import spacy

    from cormorant.nlp.ner_labels import ner_labels

    pruned.to_disk(tmp_path / "model")
    again = spacy.load(tmp_path / "model")
    assert ner_labels(again) == ner_labels(pruned)
    for text, expected in SENTENCES:
        assert _ents(again, text) == expected
    ner = pickle.loads(pickle.dumps(pruned.get_pipe("ner")))
    assert tuple(ner.labels) == ner_labels(pruned)


@pytest.mark.slow
def test_nlp_ner_labels_option_off_keeps_every_label(full) -> None:
    from cormorant.nlp.ner_labels import ner_labels, prune_ner_labels

    nlp = _model()
    before = ner_labels(nlp)
    assert prune_ner_labels(nlp, ()) == ()
    assert ner_labels(nlp) == before == ner_labels(full)
    assert len(before) == 18


@pytest.mark.slow
def test_nlp_ner_labels_unknown_label_is_refused() -> None:
    from cormorant.nlp.ner_labels import prune_ner_labels

    with pytest.raises(ConfigError, match="NOT_A_LABEL"):
        prune_ner_labels(_model(), ("PRODUCT", "NOT_A_LABEL"))


@pytest.mark.slow
def test_nlp_ner_labels_pipeline_follows_the_config(nlp) -> None:
    """The coder's pipeline lacks exactly the configured labels."""
    from cormorant.nlp.ner_labels import ner_labels

    dropped = set(CoderConfig().ner_drop_labels)
    labels = set(ner_labels(nlp))
    assert not labels & dropped
    assert {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "DATE", "TIME"} <= labels


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_nlp_ner_labels_coder_finds_the_labels_it_reads(nlp, text, expected) -> None:
    """The default pipeline finds the full model's entities of every kept label."""
    dropped = set(CoderConfig().ner_drop_labels)
    assert "CARDINAL" in dropped
    doc = nlp(text)
    assert {(e.text, e.label_) for e in doc.ents} == {e for e in expected if e[1] not in dropped}


def test_nlp_ner_labels_config_pickles() -> None:
    config = CoderConfig(ner_drop_labels=DROP)
    again = pickle.loads(pickle.dumps(config))
    assert again == config and again.ner_drop_labels == DROP
    assert hash(again) == hash(config)
