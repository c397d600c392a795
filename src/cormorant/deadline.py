"""The per-document time limit (``max_seconds``), checked at safe points.

Nothing here raises asynchronously: no signal handler and no timer thread injects an
exception into running code, so the limit cannot fire inside a garbage-collection
callback, a finaliser or a weakref callback (where an exception is "unraisable" and
lost), and it works the same in any thread, Dask worker threads included.

The cost: a component that runs away inside one call is stopped when that call
returns, not during it. (A SIGALRM timer could not stop spaCy's compiled components
mid-call either: Python handlers only run between bytecodes.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from cormorant.errors import DocumentTimeoutError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["Deadline", "run_pipeline"]


class Deadline:
    """``seconds`` from now (None: never); ``check()`` raises ``DocumentTimeoutError``
    once it has passed. ``clock`` is a monotonic clock in seconds."""

    __slots__ = ("_clock", "_end", "seconds")

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = None if not seconds else clock() + seconds

    def passed(self) -> bool:
        return self._end is not None and self._clock() > self._end

    def check(self) -> None:
        if self.passed():
            raise DocumentTimeoutError(f"coding took longer than {self.seconds:g} s (max_seconds)")


def _stage(proc: Any, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
    # As spaCy's Language.pipe runs a component: batched where it can be.
    if hasattr(proc, "pipe"):
        yield from proc.pipe(docs, batch_size=batch_size)
    else:
        for doc in docs:
            yield proc(doc)


def _checked(docs: Iterable[Doc], deadline: Deadline) -> Iterator[Doc]:
    for doc in docs:
        deadline.check()
        yield doc


def run_pipeline(nlp: Language, docs: Iterable[Doc], deadline: Deadline,
                 batch_size: int) -> Iterator[Doc]:
    """``nlp.pipe`` over ready-made Docs, with ``deadline`` checked as each Doc leaves
    each component (the safe points); same components, order and batching as spaCy's."""
    for _name, proc in nlp.pipeline:
        docs = _checked(_stage(proc, docs, batch_size), deadline)
    yield from docs
