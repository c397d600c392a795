"""The model's NER restricted to the entity labels the coder reads.

spaCy's NER is a transition system with four moves per label (B-, I-, L-, U-) and ``O``;
at every token it checks the validity of every move and scores every move. Dropping the
moves of labels nothing reads shortens both loops. The kept moves keep their weights (the
output layer's rows of those moves, in the new move order), so a token's scores for the
kept moves do not change; only where a dropped move would have won does the best kept
move win instead.

The pruned component is an ordinary spaCy NER: its label set is in its moves and its
output layer has one row per kept move, so ``to_disk``/``from_disk`` and pickling keep it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from thinc.api import Linear

from cormorant.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language


def ner_labels(nlp: Language, name: str = "ner") -> tuple[str, ...]:
    """The entity labels of the pipeline's NER, or () without one."""
    if name not in nlp.pipe_names:
        return ()
    return tuple(nlp.get_pipe(name).labels)  # type: ignore[attr-defined]


def prune_ner_labels(nlp: Language, drop: Iterable[str], name: str = "ner") -> tuple[str, ...]:
    """Remove the moves of the labels ``drop`` from the pipeline's NER, in place; return
    the labels dropped (those of ``drop`` the model has)."""
    if name not in nlp.pipe_names:
        return ()
    ner: Any = nlp.get_pipe(name)
    moves = ner.moves
    known = set(ner.labels)
    unknown = sorted(set(drop) - known)
    if unknown:
        raise ConfigError(f"ner_drop_labels: the model's NER has no label {', '.join(unknown)}")
    gone = frozenset(drop)
    if not gone:
        return ()
    upper = ner.model.get_ref("upper")
    old_names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    if upper.get_dim("nO") != len(old_names):
        raise ConfigError(f"{name}: output layer and moves disagree; cannot drop labels")
    # "" is the label of the unlabelled moves (O, and the model's empty U-), always kept.
    kept = {action: Counter({label: freq for label, freq in freqs.items() if label not in gone})
            for action, freqs in moves.labels.items()}
    unseen = {old_names[i] for i in ner.model.attrs.get("unseen_classes", set())}
    # initialize_actions orders the moves as a freshly loaded model would from these labels.
    moves.initialize_actions(kept)
    new_names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    rows = [old_names.index(n) for n in new_names]
    # A new output layer, as spaCy's own resize_output builds one (a layer's nO is fixed).
    smaller = Linear(nO=len(rows), nI=upper.get_dim("nI"))
    smaller.init = upper.init
    smaller.ops = upper.ops
    smaller.set_param("W", upper.get_param("W")[rows].copy())
    smaller.set_param("b", upper.get_param("b")[rows].copy())
    ner.model._layers[-1] = smaller
    ner.model.set_ref("upper", smaller)
    ner.model.attrs["unseen_classes"] = {i for i, n in enumerate(new_names) if n in unseen}
    return tuple(sorted(gone))
