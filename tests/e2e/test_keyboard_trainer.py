"""The trainer's main flow with the keyboard only, in real Chromium on a real `samenspraak serve`:
choose the workshop, start a session, go to an exercise, open it for everyone, reveal its
result, close answering, put it on the screen and come back. Only Tab, Shift+Tab, Enter,
Space and the arrow keys; every control reached shows a visible focus ring.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.records import Pacing
from samenspraak.core.store import Store

from .session import UI_TIMEOUT_MS

pytestmark = pytest.mark.browser

EXERCISE = "demo-stelling"
TAB_LIMIT = 120  # presses before a control counts as unreachable

# Whether the focused element shows a ring: an outline of at least 2 px, or a box shadow.
FOCUS_RING_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    classes: el.className,
    visible: el.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    style: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; ${style.boxShadow}`,
  };
}
"""


def focused(page, css: str) -> bool:
    return page.evaluate(
        "(css) => !!document.activeElement && document.activeElement.matches(css)", css
    )


def assert_focus_ring(page) -> None:
    ring = page.evaluate(FOCUS_RING_JS)
    assert ring["visible"], ring
    assert ring["outline"] or ring["shadow"], f"no visible focus ring: {ring}"


def tab_to(page, css: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the control matching ``css`` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if focused(page, css):
            assert_focus_ring(page)
            return
        seen.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(f"{css} not reached with {key}; passed:\n" + "\n".join(seen[-15:]))


def choose_with_arrows(page, label: str) -> None:
    """Move the focused <select> to the option ``label`` with the arrow keys (down, one
    option at a time, letting the kernel follow each step)."""
    # ipywidgets writes the spaces of option labels as no-break spaces.
    labels = page.evaluate(
        "() => [...document.activeElement.options].map((o) => o.label.replace(/\\u00a0/g, ' '))"
    )
    assert label in labels, labels
    steps = labels.index(label) - page.evaluate("() => document.activeElement.selectedIndex")
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
        page.wait_for_timeout(150)  # the widget sends each step to the kernel
    expect(page.locator("select:focus")).to_have_js_property("selectedIndex", labels.index(label))


def test_the_trainer_runs_an_exercise_with_the_keyboard_only(servers, browser) -> None:
    workshop = load_workshop("demo")
    exercise = workshop.exercise(EXERCISE)
    number = [e.id for e in workshop.exercises].index(EXERCISE) + 1
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(servers.dashboard_url)
    page.locator("button.ss-start").wait_for(timeout=UI_TIMEOUT_MS)

    # Start: the workshop with the arrow keys, the minimum by typing, then Enter.
    tab_to(page, ".ss-workshop select")
    choose_with_arrows(page, workshop.title)
    tab_to(page, ".ss-min-group input")
    page.keyboard.press("Control+a")
    page.keyboard.type("3")
    tab_to(page, "button.ss-start")
    page.keyboard.press("Enter")
    code = page.locator(".ss-session-header .ss-code").get_attribute(
        "data-code", timeout=UI_TIMEOUT_MS
    )
    store = Store(servers.db_url)
    session = store.find_session(code)
    assert session.workshop_id == "demo"
    assert session.min_group_size == 3

    # Go to the exercise with the jump list: only its block is left on the page.
    tab_to(page, ".ss-jump select")
    choose_with_arrows(page, f"{number}. {exercise.title}")
    block = page.locator(f".ss-block-{EXERCISE}")
    expect(block).to_be_visible(timeout=UI_TIMEOUT_MS)
    expect(page.locator(".ss-block")).to_have_count(len(workshop.exercises))
    expect(page.locator(".ss-block:visible")).to_have_count(1, timeout=UI_TIMEOUT_MS)

    # Open it for everyone (Enter), reveal (Space), close answering (Space).
    scope = f".ss-block-{EXERCISE}"
    tab_to(page, f"{scope} button.ss-open-now")
    page.keyboard.press("Enter")
    expect(page.locator(".ss-now-open")).to_contain_text(exercise.title, timeout=UI_TIMEOUT_MS)
    tab_to(page, f"{scope} button.ss-reveal")
    page.keyboard.press("Space")
    state = block.locator(".ss-state")
    expect(state).to_contain_text(t("control.state_revealed"), timeout=UI_TIMEOUT_MS)
    tab_to(page, f"{scope} button.ss-lock")
    page.keyboard.press("Space")
    expect(state).to_contain_text(t("control.state_locked"), timeout=UI_TIMEOUT_MS)
    control = store.control(session.id)
    assert control.pacing is Pacing.LED
    assert control.current_exercise == EXERCISE
    assert control.state(EXERCISE).revealed
    assert control.state(EXERCISE).locked

    # On the screen: the focus moves into the presenter view; Shift+Tab reaches "Code tonen".
    tab_to(page, f"{scope} button.ss-present")
    page.keyboard.press("Enter")
    presenter = page.locator(".ss-presenter")
    expect(presenter).to_be_visible(timeout=UI_TIMEOUT_MS)
    expect(page.locator(".ss-presenter-back")).to_be_focused(timeout=UI_TIMEOUT_MS)
    tab_to(page, "button.ss-presenter-show-code", backwards=True)
    page.keyboard.press("Space")
    expect(presenter.locator(".ss-presenter-code")).to_contain_text(code, timeout=UI_TIMEOUT_MS)
    tab_to(page, "button.ss-presenter-back")
    page.keyboard.press("Enter")
    expect(presenter).to_be_hidden(timeout=UI_TIMEOUT_MS)
    # Back on the dashboard, where the trainer left it.
    expect(block.locator("button.ss-present")).to_be_focused(timeout=UI_TIMEOUT_MS)
    page.close()
