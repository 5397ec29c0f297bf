"""The room, in Chromium against a real `samenspraak serve`: more arrivals than the pool, a
reload, the server full, and the server killed in the middle of saving and started again.

The server here is small on purpose (one ready kernel, a group of two expected, a cap of
seven pages), so a handful of pages reproduces what thirty phones do to a default server.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import Error as PlaywrightError

from samenspraak.core.messages import t
from samenspraak.core.store import Store
from samenspraak.core.urls import join_url
from samenspraak.serve import ServeConfig, start_in_background, stop_group

from .session import UI_TIMEOUT_MS, press, start_session

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]

WORKSHOP = "demo"
CAP = 7
RUSH = 6  # arrivals at once: six times the ready pool
PHONE = {"width": 390, "height": 844}
TEXT = ".ss-exercise-demo-open textarea"


class Serve:
    """`samenspraak serve` on fixed loopback ports, that a test can kill and start again."""

    def __init__(self, tmp: Path):
        self.config = ServeConfig.on_loopback(
            f"sqlite:///{tmp / 'results.sqlite'}",
            pool_size=1,
            preheat=(WORKSHOP,),
            expected=2,
            max_kernels=CAP,
        )
        self.log = tmp / "serve.log"
        self.process = None

    def start(self) -> None:
        with self.log.open("a") as output:
            self.process = start_in_background(self.config, output=output, timeout=180)

    def kill(self) -> None:
        """SIGKILL to `samenspraak serve` alone, as a crash would: its servers must follow."""
        servers = psutil.Process(self.process.pid).children()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        gone, alive = psutil.wait_procs(servers, timeout=15)
        assert not alive, f"servers outlived serve: {alive}"
        assert gone

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)

    def store(self) -> Store:
        return Store(self.config.db_url)

    def link(self, code: str) -> str:
        return join_url(self.config.participant_url, WORKSHOP, code)

    @property
    def dashboard_url(self) -> str:  # what session.start_session needs
        return self.config.dashboard_url


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    server = Serve(tmp_path_factory.mktemp("room"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _session(serve: Serve, min_group: int = 1) -> str:
    store = serve.store()
    try:
        return store.create_session(WORKSHOP, min_group_size=min_group).code
    finally:
        store.dispose()


def _open_at_once(browser, urls: list[str]) -> list:
    """Pages that all start loading in the same moment, as when a QR code goes up."""
    pages = [browser.new_context(viewport=PHONE).new_page() for _ in urls]
    for page, url in zip(pages, urls, strict=True):
        page.evaluate("url => { location.href = url; }", url)
    return pages


def _join(page, role: str = "Professional") -> None:
    page.locator(".ss-code-input input").wait_for(timeout=UI_TIMEOUT_MS)
    press(page, ".ss-role", role)
    page.locator("button.ss-join").click()
    page.locator(".ss-joined").wait_for(timeout=UI_TIMEOUT_MS)


def _close(pages) -> None:
    for page in pages:
        with contextlib.suppress(PlaywrightError):
            page.close(run_before_unload=True)  # Voila stops the kernel on unload
    time.sleep(1)  # the unload's request to stop the kernel goes out as a beacon
    for page in pages:
        with contextlib.suppress(PlaywrightError):
            page.context.close()


def test_a_rush_past_the_pool_all_get_a_join_form_then_the_server_is_full(serve, browser):
    code = _session(serve)
    time.sleep(3.5)  # the server sees the open session within its 3 s watch
    pages = _open_at_once(browser, [serve.link(code)] * RUSH)
    try:
        for page in pages:  # each ends with a working join form, the code filled in
            page.locator("button.ss-join").wait_for(timeout=120_000)
            page.wait_for_function(
                "code => document.querySelector('.ss-code-input input')?.value === code",
                arg=code,
                timeout=UI_TIMEOUT_MS,
            )
        _join(pages[0])
        _join(pages[-1], "Ouder of verzorger")

        # One more page fits under the cap of seven; the next one gets the Dutch page.
        extra = _open_at_once(browser, [serve.link(code)])
        extra[0].locator("button.ss-join").wait_for(timeout=120_000)
        full = browser.new_context(viewport=PHONE).new_page()
        answer = full.goto(serve.link(code))
        assert answer.status == 503
        assert t("room.full_title") in full.locator("h1").inner_text()
        assert "vanzelf opnieuw" in full.locator("[role=status]").inner_text()
        assert full.locator("html").get_attribute("lang") == "nl"

        # Someone leaves: the full page tries again by itself and gets in.
        _close(extra)
        full.locator("button.ss-join").wait_for(timeout=90_000)
        pages.append(full)
    finally:
        _close(pages)


def test_a_reloaded_page_rejoins_by_itself_with_its_answers(serve, browser):
    code = _session(serve)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(serve.link(code))
        _join(page, "Ouder of verzorger")
        form = page.locator(".ss-exercise-demo-open")
        form.locator("textarea").fill("Ik vroeg eerst wat de ouder zelf wil.")
        form.locator("button.ss-save").click()
        form.locator(".ss-ok").wait_for(timeout=UI_TIMEOUT_MS)

        page.reload()
        # No code to type: the browser is known, the page says welcome back.
        page.locator(".ss-joined").wait_for(timeout=UI_TIMEOUT_MS)
        assert "Welkom terug" in page.locator(".ss-joined").inner_text()
        page.wait_for_function(
            "css => document.querySelector(css)?.value.startsWith('Ik vroeg eerst')",
            arg=TEXT,
            timeout=UI_TIMEOUT_MS,
        )
        # A closed tab, opened again from the link: the same.
        page.close()
        page = context.new_page()
        page.goto(serve.link(code))
        page.locator(".ss-joined").wait_for(timeout=UI_TIMEOUT_MS)

        store = serve.store()
        try:
            session = store.find_session(code)
            assert sum(store.participants_by_role(session.id).values()) == 1
            assert len(store.answers(session.id, "demo-open")) == 1
        finally:
            store.dispose()
    finally:
        _close([page])


def _personal_code(page) -> str:
    """The participant's own code, as the page shows it after joining."""
    return re.search(r"code is ([0-9A-F]{8})", page.locator(".ss-joined").inner_text()).group(1)


def test_killed_in_the_middle_of_saving_and_started_again_nothing_confirmed_is_lost(serve, browser):
    # The trainer runs the session from the dashboard, as in a real room.
    started = start_session(browser, serve, WORKSHOP, min_group=1)
    code, trainer = started.code, started.trainer
    pages = [browser.new_context(viewport=PHONE).new_page() for _ in range(3)]
    for page in pages:
        page.goto(started.join_link)
        _join(page)
    people = [_personal_code(page) for page in pages]
    confirmed: dict[str, int] = {}  # personal code -> last number whose save was confirmed
    killer = threading.Timer(6.0, serve.kill)
    killer.start()
    try:
        deadline = time.monotonic() + 30
        n = 0
        while serve.process.poll() is None and time.monotonic() < deadline:
            n += 1
            for person, page in zip(people, pages, strict=True):
                form = page.locator(".ss-exercise-demo-open")
                with contextlib.suppress(PlaywrightError):
                    form.locator("textarea").fill(f"Antwoord nummer {n}", timeout=3_000)
                    if n > 1:  # the kernel has the new text: the status says "not saved"
                        form.locator(".ss-status").filter(has_text=t("answer.unsaved")).wait_for(
                            timeout=3_000
                        )
                    form.locator("button.ss-save").click(timeout=3_000)
                    form.locator(".ss-status.ss-ok").filter(
                        has_text=t("answer.updated") if n > 1 else t("answer.saved")
                    ).wait_for(timeout=3_000)
                    confirmed[person] = n
        killer.join()
        assert confirmed, "no save was confirmed before the kill"

        # Every page says the connection is gone, and keeps what was typed.
        for page in [*pages, trainer]:
            page.locator(".ss-connection-lost").wait_for(timeout=15_000)
            page.evaluate("window.ssBeforeRestart = true")

        serve.start()
        for page in [*pages, trainer]:  # each page reloads by itself once the server is back
            page.wait_for_function("!window.ssBeforeRestart", timeout=120_000, polling=500)
        for page in pages:  # rejoined, no code typed
            page.locator(".ss-joined").wait_for(timeout=120_000)
            assert "Welkom terug" in page.locator(".ss-joined").inner_text()
            page.locator(".ss-connection-lost").wait_for(state="detached", timeout=30_000)
        assert [_personal_code(page) for page in pages] == people

        store = serve.store()
        try:
            session = store.find_session(code)
            assert sum(store.participants_by_role(session.id).values()) == 3
            stored = {
                a.pseudonym.removeprefix("p-").upper(): int(a.value["text"].rsplit(" ", 1)[1])
                for a in store.answers(session.id, "demo-open")
            }
        finally:
            store.dispose()
        # Each confirmed answer is there (or a later one that the store took just before
        # the kill, without the page hearing back).
        for person, number in confirmed.items():
            assert stored[person] >= number, (person, stored, confirmed)

        # The trainer's dashboard reloaded by itself and goes on with the same session.
        header = trainer.locator(".ss-session-header .ss-code")
        trainer.wait_for_function(
            "code => document.querySelector('.ss-session-header .ss-code')"
            "?.getAttribute('data-code') === code",
            arg=code,
            timeout=120_000,
        )
        assert header.get_attribute("data-code") == code
        assert "sessie=" + code in trainer.url
    finally:
        killer.cancel()
        _close([*pages, trainer])
