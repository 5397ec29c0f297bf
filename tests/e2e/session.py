"""Steps every browser test takes: a trainer starts a session, participants join it."""

from __future__ import annotations

from dataclasses import dataclass

from samenspraak.catalog import load_workshop

UI_TIMEOUT_MS = 60_000  # a page can wait for a kernel while the pool refills


@dataclass
class Started:
    trainer: object  # the dashboard's Playwright page
    code: str
    join_link: str


def start_session(browser, servers, workshop_id: str, *, min_group: int) -> Started:
    """Open the dashboard, pick the workshop, set the minimum group size and start."""
    trainer = browser.new_page(viewport={"width": 1280, "height": 900})
    trainer.goto(servers.dashboard_url)
    # ipywidgets' Dropdown keeps its own option values; the trainer picks by title.
    title = load_workshop(workshop_id).title
    trainer.locator(".ss-workshop select").select_option(label=title, timeout=UI_TIMEOUT_MS)
    trainer.locator(".ss-min-group input").fill(str(min_group))
    trainer.locator(".ss-min-group input").press("Tab")
    trainer.locator("button.ss-start").click(timeout=UI_TIMEOUT_MS)
    code = trainer.locator(".ss-session-header .ss-code").get_attribute(
        "data-code", timeout=UI_TIMEOUT_MS
    )
    join_link = trainer.locator("a.ss-join-url").get_attribute("href")
    return Started(trainer, code, join_link)


def press(scope, css: str, label: str) -> None:
    """Click the toggle button with exactly this label ("Eens" must not hit "Oneens")."""
    scope.locator(css).get_by_role("button", name=label, exact=True).click()


def join(browser, join_link: str, role: str, *, width: int = 1280):
    """A participant in a fresh browser context opens the link and joins with ``role``."""
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    page.goto(join_link)
    page.locator(".ss-code-input input").wait_for(timeout=UI_TIMEOUT_MS)
    press(page, ".ss-role", role)
    page.locator("button.ss-join").click()
    page.locator(".ss-joined").wait_for(timeout=UI_TIMEOUT_MS)
    return page


def save(page, exercise_id: str) -> None:
    """Click Opslaan on one exercise and wait for the confirmation."""
    form = page.locator(f".ss-exercise-{exercise_id}")
    form.locator("button.ss-save").click()
    form.locator(".ss-ok").wait_for(timeout=UI_TIMEOUT_MS)
