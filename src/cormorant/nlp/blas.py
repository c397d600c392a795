"""Matrix products for the model's networks: numpy's BLAS, one thread.

thinc multiplies through BLIS by default. The BLIS that spaCy installs chooses its kernel
by CPU model and falls back to a generic, unvectorised one on CPUs it does not know (the
development machine's AMD EPYC gets ``generic``): there a product of the size the
tok2vec layers compute (12,000 x 288 by 288 x 288) takes about three times the CPU of
numpy's OpenBLAS, which is built for every x86 generation. The networks are then the same,
only the order of the sums in a product changes. OpenBLAS is held to one thread while
parsing: parallelism comes from processes (Dask workers), and a second thread costs more
CPU than it saves on products this small.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language


def use_numpy_gemm(nlp: Language) -> None:
    """Make every layer of the pipeline's trained models multiply with numpy, not BLIS."""
    from thinc.api import Model, NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for layer in model.walk():
                layer.ops = ops


class BlasThreads:
    """A scoped limit on the BLAS library's threads (found on first use; importing this
    module loads neither spaCy nor a BLAS)."""

    def __init__(self, limit: int = 1) -> None:
        self.limit = limit
        self._controller: Any = None

    @contextlib.contextmanager
    def limited(self) -> Iterator[None]:
        if self._controller is None:
            from threadpoolctl import ThreadpoolController

            self._controller = ThreadpoolController()
        with self._controller.limit(limits=self.limit, user_api="blas"):
            yield

    def __getstate__(self) -> dict[str, Any]:
        # The controller holds library handles; a copy finds them again.
        return {"limit": self.limit, "_controller": None}
