"""A click never overtakes what the person typed or chose just before it.

ipywidgets holds back a widget's later changes while one update of it is on its way to the
kernel, but sends a click at once. Here a field gets several values and then Opslaan is
clicked, all in one turn of the page's event loop, as a quick typist on a slow connection or
a busy kernel does it: the first value leaves, the others wait, the click leaves. Without
``static/in_order.js`` the kernel saved the first value and the page then said "niet
opgeslagen". With it, the stored answer is the last value.
"""

from __future__ import annotations

import pytest

from samenspraak.core.store import Store
from samenspraak.exercises.stelling.model import CHOICES

from .test_accessibility_participant import (
    form,
    join_as,
    new_session,
    open_page,
    page_url,
    wait_status,
)

pytestmark = pytest.mark.browser

# Set a text field to each value in turn, as typing does, then click the form's Opslaan.
TYPE_THEN_SAVE = """([exerciseId, fieldCss, texts]) => {
  const box = document.querySelector(".ss-exercise-" + exerciseId);
  const field = box.querySelector(fieldCss);
  for (const text of texts) {
    field.value = text;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }
  box.querySelector("button.ss-save").click();
}"""

# Press one toggle button and then another, then Opslaan.
CHOOSE_THEN_SAVE = """([exerciseId, first, last]) => {
  const box = document.querySelector(".ss-exercise-" + exerciseId);
  const buttons = [...box.querySelectorAll(".ss-choice button")];
  buttons[first].click();
  buttons[last].click();
  box.querySelector("button.ss-save").click();
}"""


def _stored(store: Store, session, exercise_id: str) -> dict:
    answers = store.answers(session.id, exercise_id)
    assert len(answers) == 1, answers
    return answers[0].value


def test_the_last_typed_text_is_saved_not_the_first(browser, servers) -> None:
    store, session = new_session(servers)
    page = open_page(browser, page_url(servers, session.code))
    try:
        join_as(page)
        typed = "Eerst vragen wat de ouders zelf al geprobeerd hebben."
        steps = [typed[:n] for n in range(1, len(typed) + 1)]
        page.evaluate(TYPE_THEN_SAVE, ["demo-open", "textarea", steps])
        wait_status(page, "demo-open")
        assert _stored(store, session, "demo-open")["text"] == typed

        # A second, changed answer the same way replaces it with its own last value.
        changed = typed + " Dan samen kiezen."
        page.evaluate(TYPE_THEN_SAVE, ["demo-open", "textarea", [typed + " D", changed]])
        form(page, "demo-open").locator(".ss-ok", has_text="nieuwe antwoord").wait_for()
        assert _stored(store, session, "demo-open")["text"] == changed
        # The script found ipywidgets' names and patched them (it marks the page when it did).
        assert page.evaluate("document.documentElement.hasAttribute('data-ss-in-order')")
    finally:
        page.context.close()
        store.dispose()


def test_the_last_chosen_button_is_saved_not_the_first(browser, servers) -> None:
    store, session = new_session(servers)
    page = open_page(browser, page_url(servers, session.code))
    try:
        join_as(page)
        box = form(page, "demo-stelling")
        if box.locator(".ss-reason textarea").count():
            box.locator(".ss-reason textarea").fill("Ouders zien hun kind elke dag.")
        last = len(CHOICES) - 1
        page.evaluate(CHOOSE_THEN_SAVE, ["demo-stelling", 0, last])
        wait_status(page, "demo-stelling")
        assert _stored(store, session, "demo-stelling")["choice"] == CHOICES[last]
    finally:
        page.context.close()
        store.dispose()
