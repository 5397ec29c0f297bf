"""Agreement cards in real Chromium: three people build a card step by step at the same time,
one on a phone; one downloads the printable card; the dashboard shows every card."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .session import UI_TIMEOUT_MS, join, save, start_session

pytestmark = pytest.mark.browser

EXERCISE = "demo-afspraken"
FORM = f".ss-exercise-{EXERCISE}"
PANEL = f".ss-panel-{EXERCISE}"
SCRIPT = "<script>alert(1)</script>"

# Per participant: role, width, the text per step (None: left empty) and the tasks.
PLANS = [
    {
        "role": "Professional",
        "width": 1280,
        "goal": "Daan is uitgerust en gaat weer elke ochtend naar school.",
        "agree": "Slaap is belangrijk voor Daan.",
        "disagree": "Vader wil de telefoon om tien uur, Daan om elf uur.",
        "tasks": [
            ("Jongere", "Telefoon in de keuken leggen", "vanaf vanavond"),
            ("Vader", "Een vast avondritme afspreken", "deze week"),
        ],
        "evaluate": "Over een maand kijken we samen terug.",
        "unknown": None,
    },
    {
        "role": "Ouder of verzorger",
        "width": 390,
        "goal": "Daan slaapt genoeg en haalt zijn school.",
        "agree": SCRIPT,
        "disagree": None,
        "tasks": [
            ("Jongere", "Wekker zetten", "vanaf morgen"),
            ("Samen", "Gamen alleen in het weekend", "over twee weken"),
            ("Mentor van school", "Vader bellen als Daan mist", "elke week"),
        ],
        "evaluate": None,
        "unknown": "We zeggen het eerlijk en zoeken het samen uit.",
    },
    {
        "role": "Jongere",
        "width": 1280,
        "goal": "Ik wil uitgerust zijn zonder dat het thuis ruzie wordt.",
        "agree": None,
        "disagree": "Hoe laat de telefoon weg moet.",
        "tasks": [("Jeugdverpleegkundige", "Uitleg geven over slaap", "bij het volgende gesprek")],
        "evaluate": "Na vier weken met Daan erbij.",
        "unknown": None,
    },
]
# Tasks per who option over the three cards.
WHO_COUNTS = {
    "Vader": 1,
    "Jongere": 2,
    "Jeugdverpleegkundige": 1,
    "Mentor van school": 1,
    "Samen": 1,
}


def at_step(page, n: int) -> None:
    page.locator(f"{FORM} .ss-afspraken-progress [data-step='{n}']").wait_for(timeout=UI_TIMEOUT_MS)


def next_step(page, n: int) -> None:
    """Click Volgende and wait until step ``n`` shows."""
    page.locator(f"{FORM} button.ss-afspraken-next").click()
    at_step(page, n)


def write(page, section: str, text: str | None) -> None:
    if text is not None:
        page.locator(f"{FORM} .ss-afspraken-{section} textarea").fill(text)


def fill_tasks(page, tasks: list[tuple[str, str, str]]) -> None:
    form = page.locator(FORM)
    for n, (who, what, when) in enumerate(tasks, start=1):
        if n > 1:
            form.locator("button.ss-afspraken-add").click()
        row = form.locator(f".ss-afspraken-task-{n}")
        row.locator("select").select_option(label=who, timeout=UI_TIMEOUT_MS)
        row.locator(".ss-afspraken-what input").fill(what)
        row.locator(".ss-afspraken-when input").fill(when)


def test_three_people_build_agreement_cards(servers, browser, tmp_path: Path) -> None:
    dialogs: list[str] = []
    opened = start_session(browser, servers, "demo", min_group=3)
    trainer = opened.trainer
    trainer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = [join(browser, opened.join_link, p["role"], width=p["width"]) for p in PLANS]
    for page in pages:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.locator(FORM).scroll_into_view_if_needed(timeout=UI_TIMEOUT_MS)
        at_step(page, 1)
        assert "Stap 1 van 6" in page.locator(f"{FORM} .ss-afspraken-progress").inner_text()

    # Saving too early names the step and takes the person there.
    jongere = pages[2]
    for n in range(2, 7):
        next_step(jongere, n)
    jongere.locator(f"{FORM} button.ss-save").click()
    problem = jongere.locator(f"{FORM} .ss-problem")
    assert problem.inner_text(timeout=UI_TIMEOUT_MS) == "Stap 1: Schrijf het doel op."
    at_step(jongere, 1)

    # All three go through the steps side by side, one step at a time.
    for n, section in enumerate(["goal", "agree", "disagree", "tasks", "evaluate"], start=1):
        for page, plan in zip(pages, PLANS, strict=True):
            if section == "tasks":
                fill_tasks(page, plan["tasks"])
                if (shots := os.environ.get("SAMENSPRAAK_SCREENSHOTS")) and plan["width"] == 390:
                    page.locator(f"{FORM} .ss-afspraken-progress").scroll_into_view_if_needed()
                    page.screenshot(path=f"{shots}/afspraken-phone-tasks.png")
            else:
                write(page, section, plan[section])
            next_step(page, n + 1)
    for page, plan in zip(pages, PLANS, strict=True):
        write(page, "unknown", plan["unknown"])
        preview = page.locator(f"{FORM} .ss-afspraken-preview")
        preview.get_by_text(plan["goal"]).wait_for(timeout=UI_TIMEOUT_MS)
        save(page, EXERCISE)

    # On the phone the card fits the screen, and the typed script is shown as text.
    phone = pages[1]
    form = phone.locator(FORM)
    assert form.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    assert form.locator(".ss-afspraken-preview").bounding_box()["width"] <= 390
    assert SCRIPT in form.locator(".ss-afspraken-preview").inner_text()
    assert form.locator(".ss-afspraken-preview script").count() == 0

    # The professional downloads the printable card and it holds the goal and the tasks.
    professional = pages[0]
    link = professional.locator(f"{FORM} .ss-afspraken-download a.ss-download")
    assert "PDF" in professional.locator(f"{FORM} .ss-afspraken-download").inner_text()
    with professional.expect_download(timeout=UI_TIMEOUT_MS) as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "afsprakenkaart.html"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    card = target.read_text(encoding="utf-8")
    assert "<title>Afsprakenkaart</title>" in card
    assert PLANS[0]["goal"] in card
    for who, what, when in PLANS[0]["tasks"]:
        assert f"<td>{who}</td><td>{what}</td><td>{when}</td>" in card
    assert PLANS[1]["goal"] not in card  # only one's own card

    # The dashboard shows the three cards and exactly how many tasks each role takes.
    panel = trainer.locator(PANEL)
    panel.locator(".ss-afspraken-cards-title[data-count='3']").wait_for(timeout=UI_TIMEOUT_MS)
    assert panel.locator(".ss-afspraken-card").count() == 3
    counts = panel.locator(".ss-afspraken-who").evaluate_all(
        "els => Object.fromEntries(els.map(e => [e.dataset.who, Number(e.dataset.count)]))"
    )
    assert counts == WHO_COUNTS
    assert panel.locator(".ss-afspraken-who-title").get_attribute("data-count") == "6"
    # "daan" is in the goal of the first two cards.
    goal_words = panel.locator(".ss-afspraken-words[data-section='goal'] .ss-afspraken-word")
    assert "daan" in goal_words.evaluate_all("els => els.map(e => e.dataset.word)")
    text = panel.inner_text()
    assert SCRIPT in text
    assert panel.locator("script").count() == 0
    for plan in PLANS:
        assert plan["goal"] in text
    assert dialogs == []
    if shots := os.environ.get("SAMENSPRAAK_SCREENSHOTS"):  # for people to look at
        panel.screenshot(path=f"{shots}/afspraken-dashboard.png")
        form.screenshot(path=f"{shots}/afspraken-phone.png")
