"""The branching casus in real Chromium: three people walk different routes at the same time,
and the trainer's dashboard follows the split, the route tree, the endings and the debrief."""

from __future__ import annotations

import os

import pytest

from samenspraak.catalog import load_workshop

from .session import UI_TIMEOUT_MS, join, start_session

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
EXERCISE = "demo-casus"
PANEL = f".ss-panel-{EXERCISE}"
ROOT = f"{PANEL} .ss-casus-tree > .ss-casus-node"


def _choose(page, index: int) -> None:
    """Click a choice without waiting: the others click at the same time."""
    page.locator(f".ss-exercise-{EXERCISE} button.ss-casus-choice-{index}").click()


def _arrived(page, step_id: str, n: int) -> None:
    """The page shows ``step_id`` and confirms that choice ``n`` was saved."""
    form = page.locator(f".ss-exercise-{EXERCISE}")
    form.locator(f".ss-casus-step-text[data-step='{step_id}']").wait_for(timeout=UI_TIMEOUT_MS)
    form.locator(".ss-ok", has_text=f"stap {n} is bewaard").wait_for(timeout=UI_TIMEOUT_MS)


def _wait_for_counts(trainer, selector: str, expected: list[int]) -> None:
    """Wait until the dashboard's ``data-count`` values under ``selector`` are ``expected``."""
    trainer.wait_for_function(
        "([sel, want]) => [...document.querySelectorAll(sel)]"
        ".map(e => e.dataset.count).join() === want",
        arg=[selector, ",".join(map(str, expected))],
        timeout=UI_TIMEOUT_MS,
    )


def _branches(path: str) -> str:
    """The choice bars directly under the route-tree node at ``path``."""
    return (
        f"{PANEL} .ss-casus-node[data-path='{path}'] > .ss-casus-branches > .ss-casus-branch"
        " > .ss-casus-bar .ss-bar-count"
    )


def test_three_routes_at_once_on_the_dashboard(servers, browser) -> None:
    casus = load_workshop("demo").exercise(EXERCISE)
    steps = {step.id: step for step in casus.steps}
    start = steps[casus.start]
    dialogs: list[str] = []

    opened = start_session(browser, servers, "demo", min_group=3)
    trainer = opened.trainer
    trainer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = [
        join(browser, opened.join_link, "Professional"),
        join(browser, opened.join_link, "Ouder of verzorger", width=390),
        join(browser, opened.join_link, "Jongere"),
    ]
    for page in pages:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    professional, ouder, jongere = pages
    phone_form = ouder.locator(f".ss-exercise-{EXERCISE}")
    phone_form.locator("button.ss-casus-choice-0").wait_for(timeout=UI_TIMEOUT_MS)
    assert phone_form.locator("button.ss-save").is_hidden()  # no Save before an ending

    # Everyone makes a first choice at the same moment; no one clicks Save.
    for page, index in zip(pages, (1, 1, 2), strict=True):
        _choose(page, index)
    for page, index in zip(pages, (1, 1, 2), strict=True):
        _arrived(page, start.choices[index].next, 1)
    _wait_for_counts(
        trainer,
        f"{ROOT} > .ss-casus-branches > .ss-casus-branch > .ss-casus-bar .ss-bar-count",
        [0, 2, 1],
    )
    assert trainer.locator(ROOT).get_attribute("data-count") == "3"
    _wait_for_counts(trainer, f"{PANEL} .ss-casus-under-way .ss-bar-count", [3])

    # The jongere starts again: the new route replaces the old one at the first new choice.
    form = jongere.locator(f".ss-exercise-{EXERCISE}")
    assert (
        "vervangt je vorige route" in form.locator(".ss-casus-restart").locator("..").inner_text()
    )
    form.locator("button.ss-casus-restart").click()
    form.locator(".ss-pending", has_text="Je begint opnieuw").wait_for(timeout=UI_TIMEOUT_MS)
    form.locator(f".ss-casus-step-text[data-step='{start.id}']").wait_for(timeout=UI_TIMEOUT_MS)
    _choose(jongere, 0)
    _arrived(jongere, start.choices[0].next, 1)
    _wait_for_counts(trainer, _branches(""), [1, 2, 0])

    # On to the endings, again all at once.
    after_listening = steps[start.choices[1].next]  # aan-tafel
    after_explaining = steps[start.choices[0].next]  # niet-gekomen
    plan = [
        (professional, 2, after_listening),
        (ouder, 0, after_listening),
        (jongere, 0, after_explaining),
    ]
    for page, index, _step in plan:
        _choose(page, index)
    for page, index, step in plan:
        _arrived(page, step.choices[index].next, 2)
    ends = {page: step.choices[index].next for page, index, step in plan}
    assert ends == {professional: "einde-samen", ouder: "einde-afstand", jongere: "einde-afstand"}

    # The phone participant sees the route so far, the ending and the debrief, within 390 px.
    assert "Jouw route" in phone_form.locator(".ss-casus-trail").inner_text()
    assert start.choices[1].label in phone_form.locator(".ss-casus-trail").inner_text()
    assert phone_form.locator("button.ss-save").is_visible()
    assert phone_form.locator(".ss-casus-debrief .ss-warning").is_visible()
    box = phone_form.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 390
    for field in phone_form.locator(".ss-casus-answer textarea").all():
        field_box = field.bounding_box()
        assert field_box is not None
        assert field_box["x"] + field_box["width"] <= 390

    # Debrief: HTML typed by a participant is kept as text.
    professional.locator(f".ss-exercise-{EXERCISE} .ss-casus-question-overgenomen textarea").fill(
        XSS
    )
    ouder.locator(f".ss-exercise-{EXERCISE} .ss-casus-question-wat-nodig textarea").fill(
        "Dat iemand eerst naar haar luistert."
    )
    for page in (professional, ouder):
        page.locator(f".ss-exercise-{EXERCISE} button.ss-save").click()
    for page in (professional, ouder):
        page.locator(f".ss-exercise-{EXERCISE} .ss-ok", has_text="opgeslagen").wait_for(
            timeout=UI_TIMEOUT_MS
        )

    # The dashboard: the tree, the endings and the debrief answers, exactly.
    _wait_for_counts(trainer, f"{PANEL} .ss-casus-debriefed", [2])
    assert [
        trainer.locator(f"{PANEL} .ss-casus-node[data-path='{path}']").get_attribute("data-count")
        for path in ("", "0", "1", "0.0", "1.0", "1.2")
    ] == ["3", "1", "2", "1", "1", "1"]
    _wait_for_counts(trainer, _branches(""), [1, 2, 0])
    _wait_for_counts(trainer, _branches("1"), [1, 0, 1])
    _wait_for_counts(trainer, _branches("0"), [1, 0])
    endings = f"{PANEL} .ss-casus-endings .ss-casus-end"
    counts = trainer.locator(f"{endings} .ss-bar-count").evaluate_all(
        "els => els.map(e => e.dataset.count)"
    )
    steps_of_endings = trainer.locator(endings).evaluate_all(
        "els => els.map(e => e.dataset.step || 'onderweg')"
    )
    assert dict(zip(steps_of_endings, counts, strict=True)) == {
        "einde-afstand": "2",
        "einde-tussenweg": "0",
        "einde-samen": "1",
        "onderweg": "0",
    }
    question = trainer.locator(f"{PANEL} .ss-casus-question[data-question='overgenomen']")
    assert question.get_attribute("data-count") == "1"
    assert XSS in question.inner_text()
    assert trainer.locator(f"{PANEL} img").count() == 0
    assert "Dat iemand eerst naar haar luistert." in trainer.locator(PANEL).inner_text()
    assert dialogs == []
    if shots := os.environ.get("SAMENSPRAAK_SCREENSHOTS"):  # for people to look at
        trainer.locator(PANEL).scroll_into_view_if_needed()
        trainer.screenshot(path=f"{shots}/casus-dashboard.png", full_page=True)
        phone_form.locator(".ss-casus-trail").scroll_into_view_if_needed()
        ouder.screenshot(path=f"{shots}/casus-phone.png")
