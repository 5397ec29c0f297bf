"""Real servers and a real browser: `samenspraak serve` on free ports, Debian's Chromium."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from samenspraak.serve import ServeConfig, running

from .chromium import launch

STARTUP_LIMIT_SECONDS = 180


@dataclass(frozen=True)
class Servers:
    participant_url: str
    dashboard_url: str
    db_url: str
    pid: int  # `samenspraak serve`; the two Voila servers are its children


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Both apps, as `samenspraak serve` starts them, on a fresh SQLite store."""
    tmp = tmp_path_factory.mktemp("serve")
    # Kernels are preheated only for the workshops the browser tests open.
    # A group of four is expected: each open session keeps a few kernels ready, not thirty.
    # The tests leave their pages open, so the cap is set above all the pages they open.
    config = ServeConfig.on_loopback(
        f"sqlite:///{tmp / 'results.sqlite'}",
        pool_size=3,
        preheat=("demo", "grondhouding"),
        expected=4,
        max_kernels=100,
    )
    log = tmp / "serve.log"
    with log.open("w") as output:
        try:
            with running(config, output=output, timeout=STARTUP_LIMIT_SECONDS) as process:
                _wait_for_pools(log, config.preheat, config.pool_size)
                yield Servers(
                    config.participant_url, config.dashboard_url, config.db_url, process.pid
                )
        except RuntimeError as err:
            pytest.fail(f"{err}:\n{log.read_text()[-3000:]}")


def _wait_for_pools(log: Path, workshop_ids: tuple[str, ...], size: int) -> None:
    """Until Voila says each preheated pool is full: the first test's pages then come from
    the pool, as they would in a session that started a few minutes after `serve`."""
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    wanted = [f"Kernel pool of {w}.ipynb is filled with {size} kernel(s)" for w in workshop_ids]
    while not all(line in log.read_text() for line in wanted):
        if time.monotonic() > deadline:
            pytest.fail(f"kernel pools not filled:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


# Per module, not per session: Playwright's sync API keeps an event loop running in this
# thread while it is open, and the widget tests after the browser tests need none running.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except FileNotFoundError as err:
            pytest.fail(str(err))
        yield browser
        browser.close()
