"""Self-study as Binder serves it: Jupyter Server from the environment built out of
``binder/``, a workshop opened through ``/voila/render/`` in Debian's Chromium.

There is no group and no code: the page starts alone, an answer is saved in the kernel only,
and the person's answer appears beside the invented reference group.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from samenspraak.serve import free_port, stop_group

from ..binder_env import BinderEnv, binder_env
from ..helpers import REPO
from .session import UI_TIMEOUT_MS, press

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]

INVENTED = "Voorbeeldgroep: verzonnen antwoorden, gemaakt voor deze oefening. Geen echte mensen."
STARTUP_LIMIT_SECONDS = 120
REASON = "Ik ben er maar even, <b>ouders</b> blijven."


@pytest.fixture(scope="session")
def binder(tmp_path_factory: pytest.TempPathFactory) -> BinderEnv:
    return binder_env(tmp_path_factory)


@dataclass(frozen=True)
class Jupyter:
    url: str
    log: Path


@pytest.fixture(scope="module")
def jupyter(binder: BinderEnv, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Jupyter]:
    """``jupyter server`` from the Binder environment, rooted at the repository, no token."""
    port = free_port()
    log = tmp_path_factory.mktemp("jupyter") / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                str(binder.bin("jupyter")),
                "server",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0",
                f"--ServerApp.root_dir={REPO}",
                "--IdentityProvider.token=",
                "--ServerApp.password=",
                "--allow-root",  # CI and this machine run as root; Binder does not
            ],
            cwd=REPO,
            env=binder.environ(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its kernels end with it
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_for(f"{url}/api/status", process, log)
            yield Jupyter(url, log)
        finally:
            stop_group(process)  # the server and the kernels it started


def _wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"jupyter server stopped ({process.returncode}):\n{log.read_text()[-3000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own server
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    pytest.fail(f"jupyter server did not answer:\n{log.read_text()[-3000:]}")


def open_workshop(browser, jupyter: Jupyter, notebook: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{jupyter.url}/voila/render/workshops/{notebook}", timeout=UI_TIMEOUT_MS)
    return page, dialogs


def answer_statement(page) -> object:
    """Choose Eens on the demo's statement, give a reason, save; the form's locator."""
    form = page.locator(".ss-exercise-demo-stelling")
    form.scroll_into_view_if_needed(timeout=UI_TIMEOUT_MS)
    press(form, ".ss-choice", "Eens")
    form.locator(".ss-reason textarea").fill(REASON)
    form.locator("button.ss-save").click()
    form.locator(".ss-compare").wait_for(timeout=UI_TIMEOUT_MS)
    return form


def test_a_workshop_under_voila_render_starts_alone_and_compares(browser, jupyter, binder):
    page, dialogs = open_workshop(browser, jupyter, "demo.ipynb", width=1280)
    try:
        banner = page.locator(".ss-self-study-banner")
        banner.wait_for(timeout=UI_TIMEOUT_MS)
        assert "Je oefent alleen" in banner.inner_text()
        assert not page.locator(".ss-code-input").is_visible()  # no code asked for
        assert not page.locator(".ss-self-study-start").is_visible()  # nothing to choose

        form = answer_statement(page)
        assert "Bewaard op deze pagina" in form.locator(".ss-status").first.inner_text()
        own = form.locator(".ss-compare-own")
        group = form.locator(".ss-compare-group")
        assert "Jouw antwoord" in own.inner_text()
        assert REASON in own.inner_text()  # shown as text, never as markup
        assert "&lt;b&gt;ouders&lt;/b&gt;" in own.inner_html()  # the <b> stayed text
        assert "verzonnen" in group.inner_text()
        assert INVENTED in group.inner_text()
        assert "10 verzonnen antwoorden" in group.inner_text()
        own_box, group_box = own.bounding_box(), group.bounding_box()
        assert group_box["x"] > own_box["x"] + own_box["width"] / 2  # side by side

        downloads = page.locator(".ss-self-study-downloads")
        downloads.scroll_into_view_if_needed(timeout=UI_TIMEOUT_MS)
        assert downloads.locator("a.ss-html").get_attribute("download").endswith(".html")
        assert (
            downloads.locator("a.ss-json").get_attribute("href").startswith("data:application/json")
        )
        if folder := os.environ.get("SAMENSPRAAK_SCREENSHOTS"):
            form.screenshot(path=str(Path(folder) / "binder-selfstudy-desktop.png"))
        assert dialogs == []
        assert not binder.db_file.exists()  # nothing was stored
    finally:
        page.context.close()


def test_on_a_phone_the_comparison_stacks(browser, jupyter, binder):
    page, dialogs = open_workshop(browser, jupyter, "demo.ipynb", width=390)
    try:
        page.locator(".ss-self-study-banner").wait_for(timeout=UI_TIMEOUT_MS)
        form = answer_statement(page)
        own_box = form.locator(".ss-compare-own").bounding_box()
        group_box = form.locator(".ss-compare-group").bounding_box()
        assert group_box["y"] >= own_box["y"] + own_box["height"] - 1  # below, not beside
        assert group_box["x"] + group_box["width"] <= 390 + 1  # fits the screen
        if folder := os.environ.get("SAMENSPRAAK_SCREENSHOTS"):
            form.screenshot(path=str(Path(folder) / "binder-selfstudy-phone.png"))
        assert dialogs == []
        assert not binder.db_file.exists()
    finally:
        page.context.close()
