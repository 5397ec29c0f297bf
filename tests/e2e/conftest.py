"""Real servers and a real browser: `samenspraak serve` on free ports, Debian's Chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("SAMENSPRAAK_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach the internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_LIMIT_SECONDS = 180


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_http(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"samenspraak serve stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(
        f"{url} did not answer within {STARTUP_LIMIT_SECONDS} s:\n{log.read_text()[-3000:]}"
    )


@dataclass(frozen=True)
class Servers:
    participant_url: str
    dashboard_url: str
    db_url: str


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Both apps, as `samenspraak serve` starts them, on a fresh SQLite store."""
    tmp = tmp_path_factory.mktemp("serve")
    port, dashboard_port = _free_port(), _free_port()
    participant_url = f"http://127.0.0.1:{port}"
    db_url = f"sqlite:///{tmp / 'results.sqlite'}"
    log = tmp / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "samenspraak.cli",
                "--db",
                db_url,
                "serve",
                "--port",
                str(port),
                "--dashboard-port",
                str(dashboard_port),
                "--pool-size",
                "3",
                "--public-url",
                participant_url,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        dashboard_url = f"http://127.0.0.1:{dashboard_port}/"
        _wait_for_http(dashboard_url, process, log)
        _wait_for_http(f"{participant_url}/", process, log)
        yield Servers(participant_url, dashboard_url, db_url)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-chromium.sh (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
