"""A trainer leads three participants through two exercises in real Chromium: opens each for
everyone, reveals one, locks one, runs a second round, shows one on the projector, and
downloads the report and the XLSX, which the test opens and checks."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.sync_api import expect

from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t

from .session import UI_TIMEOUT_MS, join, press, start_session

pytestmark = pytest.mark.browser

STELLING, OPEN = "demo-stelling", "demo-open"
FIRST_ROUND = ("Eens", "Eens", "Oneens")
SECOND_ROUND = ("Oneens", "Oneens", "Eens")


def stage_form(page, exercise_id: str):
    """The exercise the trainer opened, at the top of a participant's page."""
    return page.locator(f".ss-stage .ss-exercise-{exercise_id}")


def answer_stelling(page, label: str) -> None:
    form = stage_form(page, STELLING)
    press(form, ".ss-choice", label)
    form.locator("button.ss-save").click()
    form.locator(".ss-ok").wait_for(timeout=UI_TIMEOUT_MS)


def download(trainer, css: str) -> bytes:
    with trainer.expect_download(timeout=UI_TIMEOUT_MS) as info:
        trainer.locator(f"a.{css}").click()
    path = info.value.path()
    return path.read_bytes()


def test_a_trainer_leads_reveals_locks_repeats_and_takes_the_report(servers, browser) -> None:
    workshop = load_workshop("demo")
    started = start_session(browser, servers, "demo", min_group=3)
    trainer = started.trainer
    people = [
        join(browser, started.join_link, role, width=width)
        for role, width in (("Professional", 1280), ("Ouder of verzorger", 390), ("Jongere", 390))
    ]

    # Led by the trainer: every page shows only the exercise the trainer opens.
    press(trainer, ".ss-pacing", t("dash.pacing_led"))
    trainer.locator(f".ss-block-{STELLING} button.ss-open-now").click()
    expect(trainer.locator(".ss-now-open")).to_contain_text(
        workshop.exercise(STELLING).title, timeout=UI_TIMEOUT_MS
    )
    for page in people:
        expect(stage_form(page, STELLING)).to_be_visible(timeout=UI_TIMEOUT_MS)
        expect(page.locator(f".ss-exercise-{OPEN}")).to_be_hidden()
        expect(page.locator(".ss-stage-note")).to_contain_text(t("session.led_now"))
    for page, label in zip(people, FIRST_ROUND, strict=True):
        answer_stelling(page, label)

    # Nobody sees results until the trainer reveals them; then everyone does.
    expect(stage_form(people[0], STELLING).locator(".ss-shared")).to_have_count(0)
    trainer.locator(f".ss-block-{STELLING} .ss-reveal").click()
    for page in people:
        shared = stage_form(page, STELLING).locator(".ss-shared")
        expect(shared).to_contain_text(t("session.group_results"), timeout=UI_TIMEOUT_MS)
        expect(shared.locator('.ss-bar-count[data-count="2"]')).to_have_count(1)
        expect(shared.locator("button")).to_have_count(0)  # no trainer controls

    # On to the open question; the trainer closes it after two answers.
    trainer.locator("button.ss-led-next").click()
    for n, page in enumerate(people[:2]):
        form = stage_form(page, OPEN)
        expect(form).to_be_visible(timeout=UI_TIMEOUT_MS)
        form.locator("textarea").fill(f"Samen beslissen, punt {n + 1}.")
        form.locator("button.ss-save").click()
        form.locator(".ss-ok").wait_for(timeout=UI_TIMEOUT_MS)
    trainer.locator(f".ss-block-{OPEN} .ss-lock").click()
    late = stage_form(people[2], OPEN)
    expect(late.locator("button.ss-save")).to_be_disabled(timeout=UI_TIMEOUT_MS)
    expect(late).to_contain_text(t("session.locked"))

    # A second round of the statement: empty forms, new answers, both rounds compared.
    new_round = trainer.locator(f".ss-block-{STELLING} button.ss-new-round")
    new_round.click()
    expect(new_round).to_contain_text(t("control.new_round_confirm", round=2))
    new_round.click()
    trainer.locator(f".ss-block-{STELLING} button.ss-open-now").click()
    for page, label in zip(people, SECOND_ROUND, strict=True):
        form = stage_form(page, STELLING)
        expect(form).to_contain_text(t("session.new_round", round=2), timeout=UI_TIMEOUT_MS)
        expect(form.locator(".ss-choice button.mod-active")).to_have_count(0)
        expect(form.locator(".ss-shared")).to_have_count(0)  # round 2 is not revealed
        answer_stelling(page, label)
    block = trainer.locator(f".ss-block-{STELLING}")
    press(block, ".ss-split", t("control.split_round"))
    expect(block).to_contain_text(t("control.group_round", round=2, count=3), timeout=UI_TIMEOUT_MS)
    expect(block).to_contain_text(t("control.group_round", round=1, count=3))

    # The projector: one panel over the whole screen, large, without the trainer's buttons.
    block.locator("button.ss-present").click()
    presenter = trainer.locator(".ss-presenter")
    expect(presenter).to_be_visible()
    box = presenter.bounding_box()
    assert box["width"] >= 1200
    assert box["height"] >= 890
    assert abs(box["y"]) < 40  # at the top of the screen, nothing of the dashboard above
    expect(trainer.locator(".ss-session-header")).to_be_hidden()
    expect(presenter.locator(".ss-reveal, .ss-lock, .ss-new-round")).to_have_count(0)
    for hidden in presenter.locator(".ss-notes, .ss-trainer-only").all():
        expect(hidden).to_be_hidden()
    expect(presenter.locator(".ss-presenter-code")).to_be_hidden()
    presenter.locator(".ss-presenter-show-code").click()
    expect(presenter.locator(".ss-presenter-code")).to_contain_text(started.code)
    presenter.locator(".ss-presenter-back").click()
    expect(presenter).to_be_hidden()

    # The files: XLSX with one row per answer and pseudonyms only; the report as HTML and PDF.
    trainer.locator("button.ss-make-exports").click()
    trainer.locator("a.ss-download-report-pdf").wait_for(timeout=UI_TIMEOUT_MS)
    book = openpyxl.load_workbook(io.BytesIO(download(trainer, "ss-download-xlsx")))
    sheet = book[book.sheetnames[0]]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    row = [dict(zip(header, values, strict=True)) for values in rows]
    assert len(row) == 3 + 3 + 2
    assert sorted((r["exercise_id"], r["round"]) for r in row) == sorted(
        [(STELLING, 1)] * 3 + [(STELLING, 2)] * 3 + [(OPEN, 1)] * 2
    )
    assert {r["role"] for r in row} == {"professional", "ouder", "jongere"}
    assert all(r["pseudonym"].startswith("p-") for r in row)
    assert len({r["pseudonym"] for r in row}) == 3

    report = download(trainer, "ss-download-report-html").decode("utf-8")
    assert workshop.title in report
    assert started.code in report
    for exercise in (STELLING, OPEN):
        assert workshop.exercise(exercise).title in report
    assert "Samen beslissen, punt 1." not in report  # two answers: below the minimum of 3
    assert download(trainer, "ss-download-report-pdf").startswith(b"%PDF")
    for page in people:
        page.context.close()
    trainer.close()
