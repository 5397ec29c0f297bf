"""``ideeen`` in real Chromium on real servers: three people add ideas at the same time, see
each other's ideas appear by themselves, vote, and the trainer hides and shows an idea."""

from __future__ import annotations

import json

import pytest

from .session import UI_TIMEOUT_MS, join, start_session

pytestmark = pytest.mark.browser

EXERCISE = "demo-ideeen"
FORM = f".ss-exercise-{EXERCISE}"
PANEL = f".ss-panel-{EXERCISE}"
SCRIPT = "<b>vet</b><script>alert(1)</script>"
AGENDA = "Samen de agenda maken"
PLEK = "Ouders kiezen zelf de plek van het gesprek"
DOSSIER = "Ouders lezen mee in het dossier"
THUIS = "Eerst vragen wat thuis al werkt"


def add(page, text: str) -> None:
    form = page.locator(FORM)
    form.locator(".ss-ideeen-text textarea").fill(text)
    form.locator("button.ss-ideeen-add").click()
    form.locator(".ss-ideeen-own-item", has_text=text).wait_for(timeout=UI_TIMEOUT_MS)


def option(page, text: str):
    """Someone else's idea on this page, with its vote button."""
    return page.locator(f"{FORM} .ss-vote-option", has_text=text)


def vote(page, text: str, left: str) -> None:
    option(page, text).locator("button.ss-vote-button").click()
    option(page, text).locator("button.ss-voted").wait_for(timeout=UI_TIMEOUT_MS)
    page.locator(f"{FORM} .ss-votes-left", has_text=left).wait_for(timeout=UI_TIMEOUT_MS)


def wait_for_ranking(trainer, selector: str, expected: list[tuple[str, int]]) -> None:
    """Wait until the dashboard lists exactly these ideas, in this order, with these votes."""
    trainer.wait_for_function(
        """([selector, expected]) => JSON.stringify(
             Array.from(document.querySelectorAll(selector)).map(
               row => [row.querySelector('.ss-vote-text').textContent, Number(row.dataset.count)]
             )) === expected""",
        arg=[selector, json.dumps([list(row) for row in expected], separators=(",", ":"))],
        timeout=UI_TIMEOUT_MS,
    )


def test_three_people_add_ideas_vote_and_the_trainer_hides_one(servers, browser) -> None:
    dialogs: list[str] = []
    opened = start_session(browser, servers, "demo", min_group=3)
    trainer = opened.trainer
    trainer.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    trainer.locator(f"{PANEL} .ss-waiting").wait_for(timeout=UI_TIMEOUT_MS)

    ann = join(browser, opened.join_link, "Professional")
    bob = join(browser, opened.join_link, "Ouder of verzorger", width=390)
    cas = join(browser, opened.join_link, "Jongere")
    for page in (ann, bob, cas):
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # Everyone is on the page at once and adds ideas in turn; no one reloads.
    add(ann, AGENDA)
    add(bob, DOSSIER)
    add(cas, THUIS)
    add(ann, SCRIPT)
    add(ann, PLEK)
    ann.locator(f"{FORM} .ss-ideeen-full").wait_for()  # 3 of 3: the field closes
    assert ann.locator(f"{FORM} button.ss-ideeen-add").is_disabled()

    # Others' ideas appear by themselves (the page polls); one's own never get a vote button.
    for text in (AGENDA, SCRIPT, PLEK):
        option(bob, text).wait_for(timeout=UI_TIMEOUT_MS)
        option(cas, text).wait_for(timeout=UI_TIMEOUT_MS)
    option(ann, THUIS).wait_for(timeout=UI_TIMEOUT_MS)
    option(cas, DOSSIER).wait_for(timeout=UI_TIMEOUT_MS)
    option(bob, THUIS).wait_for(timeout=UI_TIMEOUT_MS)
    assert ann.locator(f"{FORM} .ss-vote-option").count() == 2
    assert option(ann, AGENDA).count() == 0
    assert ann.locator(f"{FORM} .ss-ideeen-own-item button.ss-ideeen-remove").count() == 3
    assert option(bob, DOSSIER).count() == 0
    assert bob.locator(f"{FORM} .ss-vote-option").count() == 4

    # The idea with markup is shown literally to others: no bold element, no script ran.
    assert SCRIPT in option(bob, "alert(1)").inner_text()
    assert bob.locator(f"{FORM} .ss-vote-option b").count() == 0
    assert bob.locator(f"{FORM} .ss-vote-option script").count() == 0

    # Voting, with the votes left shown; at the limit the other buttons are closed.
    assert "Je hebt nog 3 stemmen" in bob.locator(f"{FORM} .ss-votes-left").inner_text()
    vote(bob, AGENDA, "Je hebt nog 2 stemmen")
    vote(bob, SCRIPT, "Je hebt nog 1 stem")
    vote(bob, THUIS, "Je stemmen zijn op")
    assert option(bob, PLEK).locator("button.ss-vote-button").is_disabled()
    vote(cas, AGENDA, "Je hebt nog 2 stemmen")
    vote(cas, DOSSIER, "Je hebt nog 1 stem")
    vote(ann, DOSSIER, "Je hebt nog 2 stemmen")

    # bob's phone: the exercise fits the screen width.
    bob_form = bob.locator(FORM)
    assert bob_form.evaluate("e => e.scrollWidth <= e.clientWidth + 1")

    # The dashboard, by itself: most votes first, the oldest first on a tie, exact counts.
    ranking = f"{PANEL} .ss-vote-ranking .ss-vote-row"
    wait_for_ranking(
        trainer, ranking, [(AGENDA, 2), (DOSSIER, 2), (SCRIPT, 1), (THUIS, 1), (PLEK, 0)]
    )
    panel = trainer.locator(PANEL)
    assert SCRIPT in panel.inner_text()
    assert panel.locator(".ss-vote-ranking b, .ss-vote-ranking script").count() == 0
    tally = panel.locator(".ss-vote-tally")
    assert tally.get_attribute("data-authors") == "3"
    assert tally.get_attribute("data-voters") == "3"

    # The trainer hides one idea: gone from the participants' pages, its vote given back.
    panel.locator(".ss-vote-item", has_text=DOSSIER).locator("button.ss-vote-hide").click()
    wait_for_ranking(trainer, ranking, [(AGENDA, 2), (SCRIPT, 1), (THUIS, 1), (PLEK, 0)])
    option(cas, DOSSIER).wait_for(state="detached", timeout=UI_TIMEOUT_MS)
    option(ann, DOSSIER).wait_for(state="detached", timeout=UI_TIMEOUT_MS)
    cas.locator(f"{FORM} .ss-votes-left", has_text="Je hebt nog 2 stemmen").wait_for(
        timeout=UI_TIMEOUT_MS
    )
    toggle = panel.locator("button.ss-vote-hidden-toggle")
    assert toggle.inner_text().strip() == "Verborgen door de trainer (1)"
    hidden_box = panel.locator(".ss-vote-hidden-box")
    assert not hidden_box.is_visible()  # closed: a projected screen does not show it
    toggle.click()
    hidden_box.wait_for(state="visible", timeout=UI_TIMEOUT_MS)
    assert DOSSIER in hidden_box.inner_text()

    # "Laat weer zien" brings it back, with its votes, everywhere.
    hidden_box.locator("button.ss-vote-unhide").click()
    wait_for_ranking(
        trainer, ranking, [(AGENDA, 2), (DOSSIER, 2), (SCRIPT, 1), (THUIS, 1), (PLEK, 0)]
    )
    assert panel.locator("button.ss-vote-hidden-toggle").count() == 0
    option(cas, DOSSIER).locator("button.ss-voted").wait_for(timeout=UI_TIMEOUT_MS)
    option(ann, DOSSIER).wait_for(timeout=UI_TIMEOUT_MS)
    assert "Je hebt nog 1 stem" in cas.locator(f"{FORM} .ss-votes-left").inner_text()

    assert dialogs == []
    for page in (ann, bob, cas):
        page.context.close()
    trainer.close()
