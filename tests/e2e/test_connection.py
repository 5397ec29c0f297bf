"""A participant's phone loses the server and gets it back: the "samenspraak" Voila template.

Voila with the template runs in its own process group; the test kills it mid-session (as a
crash or a restart would), checks the Dutch banner and that the typed text stays, starts
Voila again on the same port and checks that the page comes back by itself: it reloads and
puts the unsaved text back into the exercise.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from samenspraak.core.store import Store
from samenspraak.page_template import TEMPLATE_NAME, jupyter_path
from samenspraak.serve import free_port, workshops_dir

from ..helpers import answer_rows
from .session import press

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

EXERCISE = "demo-open"
FIELD = f".ss-exercise-{EXERCISE} textarea"
BANNER = ".ss-connection-lost[role='alert']"
DRAFT = "Concept: eerst samen met de ouders de doelen kiezen."
STARTUP_SECONDS = 60
PAGE_MS = 60_000
BANNER_MS = 8_000  # closed socket + 2 s grace, with room for a busy machine
RECOVER_MS = 45_000  # probe every 2.5 s, 5 s without a kernel, reload, render, restore


class VoilaServer:
    """Plain Voila with the template on a fixed port, in its own process group."""

    def __init__(self, port: int, db_url: str, log: Path):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log = log
        self.env = {
            **os.environ,
            "JUPYTER_PATH": jupyter_path(),
            "SAMENSPRAAK_DB": db_url,
            "SAMENSPRAAK_PUBLIC_URL": self.url,
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        argv = [
            sys.executable,
            "-m",
            "voila",
            str(workshops_dir()),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={self.port}",
            "--Voila.port_retries=0",
            f"--template={TEMPLATE_NAME}",
            "--theme=light",
        ]
        with self.log.open("a") as output:
            self.process = subprocess.Popen(
                argv,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Voila stopped:\n{self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/samenspraak-ready", timeout=5):  # noqa: S310
                    return
            except urllib.error.HTTPError:
                return  # any answer: the server is up
            except OSError:
                time.sleep(0.3)
        pytest.fail(f"Voila did not answer in time:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL, as a crash: Voila's group, and the kernels (they have their own groups)."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        for child in children:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()
        self.process.wait()
        psutil.wait_procs(children, timeout=10)


@pytest.fixture
def voila(tmp_path: Path) -> Iterator[tuple[VoilaServer, str]]:
    db_url = f"sqlite:///{tmp_path / 'results.sqlite'}"
    store = Store(db_url)
    try:
        code = store.create_session("demo", min_group_size=1).code
    finally:
        store.dispose()
    server = VoilaServer(free_port(), db_url, tmp_path / "voila.log")
    server.start()
    try:
        yield server, code
    finally:
        server.kill()


def _join(page) -> None:
    """Join with the code from the link, unless the page has joined already."""
    page.locator(".ss-code-input input, .ss-joined").first.wait_for(timeout=PAGE_MS)
    if page.locator(".ss-joined").count():
        return
    press(page, ".ss-role", "Professional")
    page.locator("button.ss-join").click()
    page.locator(".ss-joined").wait_for(timeout=PAGE_MS)


def test_page_survives_a_server_restart(voila, browser) -> None:
    server, code = voila
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{server.url}/voila/render/demo.ipynb?code={code}", wait_until="commit")
        # While the page is prepared, it says so in Dutch; the message goes by itself.
        waiting = page.locator("#ss-page-waiting[role='status']")
        waiting.wait_for(timeout=PAGE_MS)
        assert "Even geduld" in waiting.inner_text()
        page.locator("button.ss-join").wait_for(timeout=PAGE_MS)
        waiting.wait_for(state="detached", timeout=PAGE_MS)
        assert page.locator("#loading_text").count() == 0  # no English "Executing 1 of 3"
        assert page.evaluate("document.documentElement.lang") == "nl"

        _join(page)
        field = page.locator(FIELD)
        field.fill(DRAFT)  # typed, not saved
        page.evaluate("window.ssBeforeRestart = true")
        assert page.locator(BANNER).count() == 0

        # The phone loses its network for a moment: a banner, gone again once it is back.
        context.set_offline(True)
        banner = page.locator(BANNER)
        banner.wait_for(timeout=BANNER_MS)
        assert "geen internet" in banner.inner_text()
        context.set_offline(False)
        banner.wait_for(state="detached", timeout=BANNER_MS)
        assert page.evaluate("window.ssBeforeRestart")  # no reload was needed
        assert field.input_value() == DRAFT

        server.kill()
        banner.wait_for(timeout=BANNER_MS)
        assert "verbinding is even weg" in banner.inner_text()
        assert field.input_value() == DRAFT

        server.start()
        # The server is back but the kernel is gone: the page reloads by itself ...
        page.wait_for_function("!window.ssBeforeRestart", timeout=RECOVER_MS, polling=250)
        page.locator("button.ss-join, .ss-joined").first.wait_for(timeout=PAGE_MS)
        assert page.locator(BANNER).count() == 0
        # ... and the draft comes back into the exercise (after joining again, when the
        # page does not remember the participant).
        if page.locator(FIELD).count() == 0:
            _join(page)
        page.wait_for_function(
            "([css, text]) => document.querySelector(css)?.value === text",
            arg=[FIELD, DRAFT],
            timeout=PAGE_MS,
        )
        assert page.locator(BANNER).count() == 0

        # The restored text reached the kernel: saving it stores it and drops the draft.
        _join(page)
        form = page.locator(f".ss-exercise-{EXERCISE}")
        form.locator("button.ss-save").click()
        form.locator(".ss-ok").wait_for(timeout=PAGE_MS)
        store = Store(server.env["SAMENSPRAAK_DB"])
        try:
            values = [value for _pid, _eid, value in answer_rows(store, EXERCISE)]
        finally:
            store.dispose()
        assert any(DRAFT in json.dumps(value, ensure_ascii=False) for value in values), values
        page.wait_for_function(
            "([key, id]) => !(JSON.parse(localStorage.getItem(key)) || {drafts: {}}).drafts[id]",
            arg=["ss-drafts:/voila/render/demo.ipynb", EXERCISE],
            timeout=5_000,
        )
    finally:
        context.close()
