"""The trainer's documents pass axe-core in Chromium with no violation at all (WCAG 2.0/2.1/2.2
A and AA, and axe's best practices): the draaiboek of every workshop, the paper version and
the cards to hand out, the printable agreement card, and the session report.

They are static pages made by pure functions, so no server is needed: each page is loaded
into Debian's Chromium with ``page.set_content`` (their images are ``data:`` URLs), exactly
as the dashboard server or a download would give it to the browser.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from samenspraak.catalog import load_file, load_workshop, workshop_files
from samenspraak.core.content import WorkshopBase
from samenspraak.core.records import Participant, Role, Session
from samenspraak.core.store import Store
from samenspraak.examples import load_examples
from samenspraak.exercises import exercise_type
from samenspraak.exercises.afspraken.model import card_of, printable_card
from samenspraak.render.guide import DOCUMENTS
from samenspraak.render.report import report_html

from .e2e.axe import violations
from .e2e.chromium import launch

pytestmark = pytest.mark.browser

WORKSHOP_FILES = workshop_files()


def fill_with_examples(
    store: Store, session: Session, workshop: WorkshopBase, people: int = 5
) -> list[Participant]:
    """``people`` participants answer every exercise with the workshop's invented example
    answers (the reflection with a written text, which is never stored)."""
    examples = load_examples(workshop)
    roles = [Role.PROFESSIONAL, Role.OUDER, Role.JONGERE, Role.PROFESSIONAL, Role.ANDERS]
    group = [store.join(session.code, roles[n % len(roles)]) for n in range(people)]
    for exercise in workshop.exercises:
        registered = exercise_type(exercise.type)
        if registered.private:
            raw = {"texts": {prompt.id: "Ik schreef iets." for prompt in exercise.prompts}}
            values = [registered.check_answer(exercise, raw)] * people
        else:
            values = [answer.value for answer in examples.of(exercise.id)][:people]
        for participant, value in zip(group, values, strict=False):
            store.save_answer(participant, exercise.id, value)
    return group


@pytest.fixture(scope="module")
def page() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except FileNotFoundError as err:
            pytest.fail(str(err))
        yield browser.new_page(viewport={"width": 1280, "height": 900})
        browser.close()


def assert_page_accessible(page, html: str) -> None:
    page.set_content(html)
    found = violations(page)
    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)


@pytest.mark.parametrize("route", sorted(DOCUMENTS))
@pytest.mark.parametrize("path", WORKSHOP_FILES, ids=[p.stem for p in WORKSHOP_FILES])
def test_every_document_of_every_workshop_passes_axe(page, path, route) -> None:
    """/draaiboek/, /papier/ and /kaarten/ as the dashboard server serves them."""
    assert_page_accessible(page, DOCUMENTS[route](load_file(path)))


def test_the_printable_agreement_card_passes_axe(page) -> None:
    workshop = load_workshop("demo")
    exercise = next(e for e in workshop.exercises if e.type == "afspraken")
    card = card_of(load_examples(workshop).of(exercise.id)[0].value)
    assert card.tasks  # a full card: the tasks table is drawn too
    assert_page_accessible(page, printable_card(exercise, card))
    # An empty card says so in every part; it must pass as well.
    assert_page_accessible(page, printable_card(exercise, card_of({})))


def test_the_session_report_passes_axe(page, store) -> None:
    """The demo workshop (every type), answered, one answer hidden, one exercise in two
    rounds: every part the report can draw."""
    workshop = load_workshop("demo")
    session = store.create_session("demo", min_group_size=3)
    group = fill_with_examples(store, session, workshop)
    store.set_hidden(session.id, "demo-open", "answer-1", True)
    store.new_round(session.id, "demo-stelling")
    for participant in group[:3]:
        store.save_answer(participant, "demo-stelling", {"choice": "oneens", "reason": ""})
    html = report_html(store, session)
    assert 'class="ss-report-rounds"' in html
    assert "<img" in html  # the charts are in it
    assert_page_accessible(page, html)


def test_a_failing_page_is_caught(page) -> None:
    """The check can fail: an image without a text alternative and a skipped heading."""
    html = (
        '<!DOCTYPE html><html lang="nl"><head><title>t</title></head><body><main>'
        '<h1>Titel</h1><h4>Te diep</h4><img src="data:image/png;base64,iVBORw0KGgo="></main>'
        "</body></html>"
    )
    page.set_content(html)
    rules = {line.split(" ")[0] for line in violations(page)}
    assert {"image-alt", "heading-order"} <= rules
