"""The coder plugin on a stand-in worker that already holds its coder (no model, no cluster)."""

from __future__ import annotations

import asyncio
import logging
import threading
import types

import pytest

from cormorant.config import CoderConfig
from cormorant.distributed import CoderPlugin


def _worker_holding(config: CoderConfig, coder: object) -> types.SimpleNamespace:
    # The attributes _coder_on keeps its cache under, so setup finds the coder built.
    return types.SimpleNamespace(_cormorant_coders={config: coder},
                                 _cormorant_coders_lock=threading.Lock())


@pytest.mark.parametrize(("value", "warned"), [("65536", True), (None, False)])
def test_distributed_plugin_warns_of_dask_malloc_trim_threshold(
        value: str | None, warned: bool, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    if value is None:
        monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    else:
        monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", value)
    config, coder = CoderConfig(), object()
    worker = _worker_holding(config, coder)
    with caplog.at_level(logging.WARNING, logger="cormorant.distributed"):
        asyncio.run(CoderPlugin(config).setup(worker))
    assert worker._cormorant_coders == {config: coder}  # reused, not rebuilt
    assert any("MALLOC_TRIM_THRESHOLD_" in r.getMessage() for r in caplog.records) is warned
