"""``perspectief`` in real Chromium on real servers: two professionals (one on a phone) and two
parents answer at the same time; parents see no guess rows; the trainer's dashboard shows the
exact own view, guess and gap per statement, and the parents' own column once two answered."""

from __future__ import annotations

import json

import pytest

from .session import UI_TIMEOUT_MS, join, press, save, start_session

pytestmark = pytest.mark.browser

EXERCISE = "demo-perspectief"
FORM = f".ss-exercise-{EXERCISE}"
PANEL = f".ss-panel-{EXERCISE}"
ITEMS = (
    "ouder-kent-kind",
    "verslag-vooraf",
    "beslissen",
    "niet-weten",
    "gesprek-thuis",
    "leefkennis",
)
PRO_A = ((4, 5, 2, 5, 4, 5), (5, 3, 3, 2, 4, 3))
PRO_B = ((3, 4, 2, 4, 3, 5), (5, 3, 2, 3, 5, 2))
PARENT_A = (5, 5, 1, 5, 2, 4)
PARENT_B = (5, 4, 1, 5, 3, 5)
# Worked out by hand: own = mean of the two professionals' own view, guess = mean of their
# guesses, gap = guess - own, family = mean of the two parents.
EXPECTED = {
    "ouder-kent-kind": ("3.50", "5.00", "1.50", "5.00"),
    "verslag-vooraf": ("4.50", "3.00", "-1.50", "4.50"),
    "beslissen": ("2.00", "2.50", "0.50", "1.00"),
    "niet-weten": ("4.50", "2.50", "-2.00", "5.00"),
    "gesprek-thuis": ("3.50", "4.50", "1.00", "2.50"),
    "leefkennis": ("5.00", "2.50", "-2.50", "4.50"),
}


def choose(page, row: str, points: tuple[int, ...]) -> None:
    """Press one point per statement in the "self" or "guess" row."""
    for item, point in zip(ITEMS, points, strict=True):
        press(
            page.locator(f"{FORM} .ss-perspectief-item-{item}"),
            f".ss-perspectief-{row}",
            str(point),
        )


def wait_for_rows(trainer, expected: dict[str, dict[str, str]]) -> None:
    """Wait until every result row on the dashboard carries exactly these data attributes."""
    trainer.wait_for_function(
        """([selector, expected]) => {
             const rows = {};
             for (const row of document.querySelectorAll(selector)) {
               const data = {...row.dataset};
               const item = data.item;
               delete data.item;
               rows[item] = data;
             }
             const want = JSON.parse(expected);
             return Object.keys(want).length === Object.keys(rows).length &&
               Object.entries(want).every(([item, data]) =>
                 JSON.stringify(Object.entries(rows[item] || {}).sort()) ===
                 JSON.stringify(Object.entries(data).sort()));
           }""",
        arg=[f"{PANEL} tr.ss-perspectief-result", json.dumps(expected)],
        timeout=UI_TIMEOUT_MS,
    )


def test_professionals_guess_parents_answer_and_the_gap_shows(servers, browser) -> None:
    dialogs: list[str] = []
    opened = start_session(browser, servers, "demo", min_group=2)
    trainer = opened.trainer
    trainer.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    trainer.locator(f"{PANEL} .ss-waiting").wait_for(timeout=UI_TIMEOUT_MS)

    ann = join(browser, opened.join_link, "Professional")
    bob = join(browser, opened.join_link, "Professional", width=390)
    cas = join(browser, opened.join_link, "Ouder of verzorger")
    dan = join(browser, opened.join_link, "Ouder of verzorger")
    people = (ann, bob, cas, dan)
    for page in people:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # Professionals see two rows per statement; parents only their own, relabelled.
    for page in (ann, bob):
        guess_rows = page.locator(f"{FORM} .ss-perspectief-guess-row")
        guess_rows.first.wait_for(state="visible", timeout=UI_TIMEOUT_MS)
        assert guess_rows.count() == len(ITEMS)
        assert "Zoals de ouder het ziet" in guess_rows.first.inner_text()
    for page in (cas, dan):
        form = page.locator(FORM)
        form.locator(".ss-perspectief-self-row").first.wait_for(timeout=UI_TIMEOUT_MS)
        page.locator(f"{FORM} .ss-perspectief-help", has_text="hoe jij het ziet").wait_for(
            timeout=UI_TIMEOUT_MS
        )
        rows = form.locator(".ss-perspectief-guess-row")
        assert rows.count() == len(ITEMS)
        assert all(not rows.nth(n).is_visible() for n in range(len(ITEMS)))
        assert "Zoals de ouder het ziet" not in form.inner_text()
        assert "Zo zie ik het" in form.locator(".ss-perspectief-self-row").first.inner_text()

    # Everyone answers at once, in turns of a few clicks; an incomplete answer is refused.
    choose(ann, "self", PRO_A[0])
    choose(bob, "self", PRO_B[0])
    choose(cas, "self", PARENT_A)
    ann.locator(f"{FORM} button.ss-save").click()
    ann.locator(f"{FORM} .ss-problem", has_text="Nog open: 1, 2, 3, 4, 5, 6 (ouder)").wait_for(
        timeout=UI_TIMEOUT_MS
    )
    choose(ann, "guess", PRO_A[1])
    choose(bob, "guess", PRO_B[1])
    save(ann, EXERCISE)
    save(bob, EXERCISE)
    save(cas, EXERCISE)

    # Three answers: enough for the professionals' columns, too few parents for theirs.
    panel = trainer.locator(PANEL)
    panel.locator(".ss-perspectief-note", has_text="1 ouder deed mee").wait_for(
        timeout=UI_TIMEOUT_MS
    )
    assert "verschijnen vanaf 2" in panel.locator(".ss-perspectief-note").inner_text()
    assert panel.locator("[data-family-n]").count() == 0

    choose(dan, "self", PARENT_B)
    save(dan, EXERCISE)

    # The dashboard, by itself: exact own view, guess, gap and the parents' own answers.
    wait_for_rows(
        trainer,
        {
            item: {
                "own": own,
                "ownN": "2",
                "guess": guess,
                "guessN": "2",
                "gap": gap,
                "family": family,
                "familyN": "2",
            }
            for item, (own, guess, gap, family) in EXPECTED.items()
        },
    )
    counts = panel.locator(".ss-perspectief-counts")
    assert counts.get_attribute("data-guessers") == "2"
    assert counts.get_attribute("data-family") == "2"
    header = panel.locator(".ss-perspectief-table thead").inner_text()
    for column in ("Zelf", "Gok: zo ziet de ouder het", "Verschil", "Ouders zelf"):
        assert column in header
    assert panel.locator(".ss-perspectief-note").count() == 0
    # The two largest gaps carry a star; the shown numbers use a comma and a sign.
    big = panel.locator("tr.ss-perspectief-big")
    assert sorted(big.nth(n).get_attribute("data-item") for n in range(big.count())) == [
        "leefkennis",
        "niet-weten",
    ]
    leefkennis = panel.locator('tr[data-item="leefkennis"]').inner_text()
    assert "−2,5" in leefkennis
    assert "★" in leefkennis
    assert "+1,5" in panel.locator('tr[data-item="ouder-kent-kind"]').inner_text()
    panel.locator("img.ss-perspectief-chart").wait_for(state="visible", timeout=UI_TIMEOUT_MS)

    # bob's phone: the exercise fits the screen width.
    assert bob.locator(FORM).evaluate("e => e.scrollWidth <= e.clientWidth + 1")

    # No free text in this type; nothing a participant sent ran as script anywhere.
    assert panel.locator("script").count() == 0
    assert dialogs == []
    for page in people:
        page.context.close()
    trainer.close()
