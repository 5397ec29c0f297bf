"""The template's ``samenspraak.js`` on its own, in Chromium, without Voila: a fake page,
a mocked kernel websocket and a mocked alive probe, so timings and edge cases are quick to
check. ``test_connection.py`` runs the same script against a real Voila server."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from samenspraak.page_template import template_dir

pytestmark = pytest.mark.browser

ORIGIN = "http://samenspraak.test"
PAGE = f"{ORIGIN}/voila/render/nep.ipynb"
DRAFT_KEY = "ss-drafts:/voila/render/nep.ipynb"
BANNER = ".ss-connection-lost[role='alert']"
SCRIPT = (template_dir() / "static" / "samenspraak.js").read_text(encoding="utf-8")
HTML = """<!DOCTYPE html><html lang="en"><head>
<script src="/voila/templates/samenspraak/static/samenspraak.js" data-base-url="/"></script>
</head><body><div id="rendered_cells"><div id="cells"></div></div></body></html>"""
FORM = """(id) => {
  const form = document.createElement("div");
  form.className = `jupyter-widgets ss-exercise ss-exercise-${id}`;
  form.innerHTML = '<textarea></textarea><input type="text"><div class="status"></div>';
  const count = () => (window.inputs = (window.inputs || 0) + 1);
  form.querySelector("textarea").addEventListener("input", count);
  document.getElementById("cells").appendChild(form);
}"""
CONNECT = "() => { window.sock = new WebSocket('ws://samenspraak.test/api/kernels/k1/channels'); }"


class FakeServer:
    """Serves the fake page and the script; the alive probe answers 404 or fails."""

    def __init__(self, page):
        self.up = True
        self.probes = 0
        self.sockets = []
        page.route(f"{ORIGIN}/**", self._http)
        page.route_web_socket("**/api/kernels/*/channels", self._socket)

    def _socket(self, socket) -> None:
        self.sockets.append(socket)  # mocked: open, until the test closes it

    def _http(self, route) -> None:
        path = urlsplit(route.request.url).path
        if path.endswith("/samenspraak/alive"):
            self.probes += 1
            if self.up:
                route.fulfill(status=404, body="")
            else:
                route.abort("connectionrefused")
        elif path.endswith("samenspraak.js"):
            route.fulfill(body=SCRIPT, content_type="text/javascript")
        else:
            route.fulfill(body=HTML, content_type="text/html")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def _open_socket(page, server: FakeServer) -> None:
    page.evaluate(CONNECT)
    page.wait_for_function("window.sock.readyState === 1", timeout=5_000)


def _drafts(page) -> dict:
    stored = page.evaluate(f"localStorage.getItem({json.dumps(DRAFT_KEY)})")
    return json.loads(stored)["drafts"] if stored else {}


def test_drafts_are_kept_until_saved_and_restored_once(page) -> None:
    FakeServer(page)
    page.goto(PAGE)
    assert page.evaluate("document.documentElement.lang") == "nl"
    page.evaluate(FORM, "q1")
    page.locator(".ss-exercise-q1 textarea").fill("eerste tekst")
    page.locator(".ss-exercise-q1 input").fill("tweede")
    assert _drafts(page) == {"q1": {"0": "eerste tekst", "1": "tweede"}}

    # Saved: the form shows a status with class ss-ok; the draft goes.
    page.evaluate(
        "document.querySelector('.ss-exercise-q1 .status').innerHTML ="
        " '<div class=\"ss-status ss-ok\">Bewaard</div>'"
    )
    page.wait_for_function(f"!localStorage.getItem({json.dumps(DRAFT_KEY)})", timeout=5_000)

    # Typed after saving, then the page reloads: the form comes late and gets the text back,
    # with an input event so the widget sends it to the kernel.
    page.locator(".ss-exercise-q1 textarea").fill("nog niet bewaard")
    page.reload()
    page.wait_for_timeout(1_000)
    page.evaluate(FORM, "q1")
    page.wait_for_function(
        "document.querySelector('.ss-exercise-q1 textarea').value === 'nog niet bewaard'",
        timeout=5_000,
    )
    assert page.evaluate("window.inputs") == 1
    assert page.locator(".ss-exercise-q1 input").input_value() == ""  # saved: no draft

    # Once per load: a form built again (a new round) stays empty.
    page.evaluate("document.querySelector('.ss-exercise-q1').remove()")
    page.evaluate(FORM, "q1")
    page.wait_for_timeout(1_000)
    assert page.locator(".ss-exercise-q1 textarea").input_value() == ""

    # Drafts older than 12 hours are dropped when a page opens, of any workshop page.
    stale_key = "ss-drafts:/voila/render/oud.ipynb"
    old = {"at": int(time.time() * 1000) - 13 * 3600 * 1000, "drafts": {"q1": {"0": "oud"}}}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [stale_key, json.dumps(old)])
    page.reload()
    assert page.evaluate("(k) => localStorage.getItem(k)", stale_key) is None
    assert _drafts(page) == {"q1": {"0": "nog niet bewaard"}}


def test_banner_probe_reload_and_back_off(page) -> None:
    server = FakeServer(page)
    page.goto(PAGE)
    page.evaluate(FORM, "q1")
    _open_socket(page, server)

    # A socket that is back within 2 s: no banner.
    server.sockets[-1].close()
    _open_socket(page, server)
    page.wait_for_timeout(2_500)
    assert page.locator(BANNER).count() == 0
    assert server.probes == 0

    # Closed for good while the server is down: the banner, and probes.
    server.up = False
    page.locator(".ss-exercise-q1 textarea").fill("bewaar mij")
    server.sockets[-1].close()
    banner = page.locator(BANNER)
    banner.wait_for(timeout=5_000)
    assert "verbinding is even weg" in banner.inner_text()
    assert banner.get_attribute("aria-live") == "assertive"
    deadline = time.monotonic() + 10
    while server.probes < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert server.probes >= 2

    # The server is back but the page reloaded a moment ago: no reload loop, it waits.
    page.evaluate("sessionStorage.setItem('ss-reload', JSON.stringify({at: Date.now(), count: 1}))")
    page.evaluate("window.marker = true")
    server.up = True
    page.wait_for_function(
        "document.querySelector('.ss-connection-lost')?.textContent.includes('nog een keer')",
        timeout=15_000,
    )
    assert page.evaluate("window.marker")

    # Once the back-off is over, the page reloads by itself, drafts kept.
    page.evaluate("sessionStorage.removeItem('ss-reload')")
    page.wait_for_function("!window.marker", timeout=10_000)
    assert _drafts(page) == {"q1": {"0": "bewaar mij"}}
    assert json.loads(page.evaluate("sessionStorage.getItem('ss-reload')"))["count"] == 1

    # A kernel socket that opens takes the banner away.
    server.up = False
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    banner.wait_for(timeout=5_000)
    assert "geen internet" in banner.inner_text()
    _open_socket(page, server)
    banner.wait_for(state="detached", timeout=5_000)
