"""Real servers and a real browser: `samenspraak serve` on free ports, Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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
    config = ServeConfig.on_loopback(
        f"sqlite:///{tmp / 'results.sqlite'}", pool_size=3, preheat=("demo", "grondhouding")
    )
    log = tmp / "serve.log"
    with log.open("w") as output:
        try:
            with running(config, output=output, timeout=STARTUP_LIMIT_SECONDS) as process:
                yield Servers(
                    config.participant_url, config.dashboard_url, config.db_url, process.pid
                )
        except RuntimeError as err:
            pytest.fail(f"{err}:\n{log.read_text()[-3000:]}")


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
