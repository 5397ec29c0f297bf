"""The join-rush benchmark's light client, against a real `samenspraak serve`: no browser."""

from __future__ import annotations

import asyncio
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

from benchmarks.join_rush import kernels_of, samenspraak_server
from benchmarks.wire import Visit, rush

from samenspraak.page_template import STYLE_PATH


def test_more_arrivals_than_pooled_kernels_all_get_a_usable_join_form(tmp_path: Path):
    # Three arrivals on a pool of two (an expected group of two): one page is not ready.
    with samenspraak_server(2, tmp_path, expected=2) as target:
        arrivals, _ = asyncio.run(
            rush(target.url, target.expect, 3, visit=Visit(timeout=45, join=True))
        )
        kernels = [" ".join(kernel.cmdline()) for kernel in kernels_of(target.server_pid)]
        stylesheet = urljoin(target.url, f"/{STYLE_PATH}")
        with urllib.request.urlopen(stylesheet, timeout=10) as answer:  # noqa: S310 - loopback
            css, content_type = answer.read().decode(), answer.headers["Content-Type"]
    assert [a.failure for a in arrivals] == [None, None, None]
    for arrival in arrivals:
        assert arrival.usable_seconds is not None
        assert arrival.joined_seconds is not None
        assert arrival.state_bytes > 0
        assert arrival.models > 0
        # The page links the kit's stylesheet; no widget carries the rules.
        assert f"/{STYLE_PATH}" in arrival.stylesheets
        assert arrival.style_widgets == 0
    assert content_type.startswith("text/css")
    for rule in (".ss-page", ".ss-self-study-choice", ".ss-led"):
        assert rule in css
    # Every kernel is the participant kernel: no debugger, no input history.
    assert kernels
    assert all("samenspraak.participant_kernel" in cmd for cmd in kernels)
