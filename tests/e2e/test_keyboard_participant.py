"""A whole participant session with the keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7).

Only Tab, Shift+Tab, Enter, Space, the arrow keys and typing: join with a code and a role,
answer a statement with toggle buttons, a slider, a quiz with radio buttons and free text,
save each, and reach the journal's download link. Every control the person acts on shows a
focus ring (its computed outline), and the order follows the page.
"""

from __future__ import annotations

import pytest

from .session import UI_TIMEOUT_MS
from .test_accessibility_participant import DEMO, form, new_session, open_page, page_url, settle

pytestmark = pytest.mark.browser

TAB_LIMIT = 400  # the demo page has about 200 stops; a trap or a lost focus ends the test

# The focused element, described for the test: where it is and whether its ring shows.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const form = el.closest('[class*="ss-exercise-"]');
  const formId = form ? [...form.classList].find(c => c.startsWith("ss-exercise-")) : null;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    text: (el.textContent || "").trim().slice(0, 80),
    classes: (el.className || "").toString(),
    role: el.getAttribute("role") || "",
    form: formId ? formId.slice("ss-exercise-".length) : null,
    inCode: !!el.closest(".ss-code-input"),
    inRole: !!el.closest(".ss-role"),
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    ringColor: style.outlineColor,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, *, key: str = "Tab") -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches ``wanted``."""
    seen = []
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        now = focused(page)
        if now is not None and wanted(now):
            return now
        seen.append(now and (now["form"], now["tag"], now["text"][:20]))
    raise AssertionError(f"never reached with {key}; the last stops: {seen[-8:]}")


def ring(page, now: dict) -> None:
    """The focused control shows a visible focus ring (2.4.7)."""
    assert now["ring"], f"no visible focus ring on {now}"


def button(label: str, exercise_id: str | None = None):
    return lambda f: f["tag"] == "button" and f["text"] == label and f["form"] == exercise_id


def test_a_whole_session_with_the_keyboard_only(browser, servers):
    _store, session = new_session(servers)
    page = open_page(browser, page_url(servers))  # no code in the link: the person types it
    try:
        # The skip link comes first and jumps past the header to the content.
        now = tab_to(page, lambda f: f["tag"] == "a" and "inhoud" in f["text"])
        ring(page, now)

        # Join: type the code, choose a role with Space, join with Enter.
        now = tab_to(page, lambda f: f["inCode"] and f["tag"] == "input")
        ring(page, now)
        page.keyboard.type(session.code)
        now = tab_to(page, lambda f: f["inRole"] and f["text"] == "Professional")
        ring(page, now)
        page.keyboard.press("Space")
        page.locator(".ss-role:not(.ss-self-study-role) button[aria-pressed='true']").wait_for(
            timeout=UI_TIMEOUT_MS
        )
        # Shift+Tab goes back to the role before it, Tab forward again.
        back = tab_to(page, lambda f: f["inRole"], key="Shift+Tab")
        assert back["text"] != "Professional"
        tab_to(page, lambda f: f["inRole"] and f["text"] == "Professional")
        now = tab_to(page, button("Meedoen"))
        ring(page, now)
        page.keyboard.press("Enter")
        page.locator(".ss-joined").wait_for(timeout=UI_TIMEOUT_MS)
        form(page, DEMO.exercises[-1].id).wait_for(timeout=UI_TIMEOUT_MS)
        settle(page)

        # A statement: toggle buttons, Space to choose, Enter on Opslaan.
        now = tab_to(page, button("Eens", "demo-stelling"))
        ring(page, now)
        page.keyboard.press("Space")
        form(page, "demo-stelling").locator("button[aria-pressed='true']").wait_for(
            timeout=UI_TIMEOUT_MS
        )
        save_with_keyboard(page, "demo-stelling")

        # Free text: type it, then save.
        now = tab_to(page, lambda f: f["form"] == "demo-open" and f["tag"] == "textarea")
        ring(page, now)
        text = "Eerst vragen wat de ouder zelf ziet."
        page.keyboard.type(text)
        # Each key is a value update; the kernel's counter shows when the last one arrived
        # (ipywidgets may send a button's click before a text field's buffered updates).
        left = DEMO.exercise("demo-open").max_length - len(text)
        form(page, "demo-open").locator(".ss-counter", has_text=f"Nog {left} tekens").wait_for(
            timeout=UI_TIMEOUT_MS
        )
        save_with_keyboard(page, "demo-open")

        # A quiz: each question is a radio group; the arrow keys choose within it.
        quiz = DEMO.exercise("demo-quiz")
        for n in range(len(quiz.questions)):
            now = tab_to(page, lambda f, n=n: quiz_radio(page, f, n))
            ring(page, now)
            page.keyboard.press("ArrowDown")  # chooses the second option: one value update
        groups = form(page, "demo-quiz").locator("[role='radiogroup']")
        for n in range(len(quiz.questions)):
            assert groups.nth(n).locator("input:checked").count() == 1
        save_with_keyboard(page, "demo-quiz")

        # Sliders: the arrow keys move them; the value text follows.
        klik = DEMO.exercise("demo-klik")
        for n in range(len(klik.items)):
            tab_to(page, lambda f, n=n: slider(page, f, n))
            for _ in range(n + 3):
                page.keyboard.press("ArrowRight")
            handle = form(page, "demo-klik").locator("[role='slider']").nth(n)
            page.wait_for_function(
                "([el, want]) => (el.getAttribute('aria-valuetext') || '').startsWith(want)",
                arg=[handle.element_handle(), f"{n + 2} van 10"],
                timeout=UI_TIMEOUT_MS,
            )
            ring(page, focused(page))
            item = form(page, "demo-klik").locator(".ss-klik-item").nth(n)
            item.locator(f".ss-klik-value[data-value='{n + 2}']").wait_for(timeout=UI_TIMEOUT_MS)
        save_with_keyboard(page, "demo-klik")

        # The journal: write, finish, and reach the download link with Tab.
        for _ in DEMO.exercise("demo-reflectie").prompts:
            tab_to(page, lambda f: f["form"] == "demo-reflectie" and f["tag"] == "textarea")
            page.keyboard.insert_text("Ik luister eerst.")  # as one input: one update
        save_with_keyboard(page, "demo-reflectie")
        now = tab_to(page, lambda f: f["form"] == "demo-reflectie" and f["tag"] == "a")
        ring(page, now)
        assert "ss-download" in now["classes"]
        with page.expect_download(timeout=UI_TIMEOUT_MS) as download:
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.startswith("reflectie-demo-reflectie")
    finally:
        page.context.close()


def quiz_radio(page, now: dict, n: int) -> bool:
    """The focus is on a radio button of question ``n`` of the quiz."""
    if now["form"] != "demo-quiz" or now["type"] != "radio":
        return False
    groups = form(page, "demo-quiz").locator("[role='radiogroup']")
    return groups.nth(n).evaluate("g => g.contains(document.activeElement)")


def slider(page, now: dict, n: int) -> bool:
    """The focus is on the handle of slider ``n`` of the klik exercise."""
    if now["form"] != "demo-klik" or now["role"] != "slider":
        return False
    handles = form(page, "demo-klik").locator("[role='slider']")
    return handles.nth(n).evaluate("h => h === document.activeElement")


def save_with_keyboard(page, exercise_id: str) -> None:
    """Tab to the form's Opslaan button and press Enter; the confirmation is announced."""
    now = tab_to(
        page,
        lambda f: f["form"] == exercise_id and "ss-save" in f["classes"] and f["tag"] == "button",
    )
    ring(page, now)
    page.keyboard.press("Enter")
    status = form(page, exercise_id).locator(".ss-live[aria-live='polite'] .ss-status")
    status.first.wait_for(timeout=UI_TIMEOUT_MS)
    assert "ss-ok" in status.first.get_attribute("class"), status.first.inner_text()
