"""The join-rush benchmark's light client, against a real `samenspraak serve`: no browser."""

from __future__ import annotations

import asyncio
from pathlib import Path

from benchmarks.join_rush import samenspraak_server
from benchmarks.wire import Visit, rush


def test_more_arrivals_than_pooled_kernels_all_get_a_usable_join_form(tmp_path: Path):
    # Three arrivals on a pool of two (an expected group of two): one page is not ready.
    with samenspraak_server(2, tmp_path, expected=2) as target:
        arrivals, _ = asyncio.run(
            rush(target.url, target.expect, 3, visit=Visit(timeout=45, join=True))
        )
    assert [a.failure for a in arrivals] == [None, None, None]
    for arrival in arrivals:
        assert arrival.usable_seconds is not None
        assert arrival.joined_seconds is not None
        assert arrival.state_bytes > 0
        assert arrival.models > 0
