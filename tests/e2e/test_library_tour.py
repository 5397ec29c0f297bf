"""A tour of the exercise library in real Chromium on real servers: rangorde, taalcheck, quiz,
reflectie, klik and woordwolk, plus the word-cloud view of ``open``.

A trainer starts one demo session; three people (one on a phone) join it and answer every
exercise through the real page. The dashboard must show exactly what they did.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .session import UI_TIMEOUT_MS, join, press, save, start_session

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

XSS = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(3)</script>"
ROLES = {"prof": "Professional", "ouder": "Ouder of verzorger", "jongere": "Jongere"}
PHONE = "ouder"  # joins at 390 px wide


@dataclass
class Group:
    trainer: object
    pages: dict[str, object]  # by the keys of ROLES
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def group(servers, browser) -> Iterator[Group]:
    """One demo session with min_group 3 and three participants on the page at once."""
    opened = start_session(browser, servers, "demo", min_group=3)
    found = Group(opened.trainer, {})
    watch(opened.trainer, found.dialogs)
    for key, role in ROLES.items():
        page = join(browser, opened.join_link, role, width=390 if key == PHONE else 1280)
        watch(page, found.dialogs)
        found.pages[key] = page
    yield found
    for page in found.pages.values():
        page.context.close()
    opened.trainer.close()


def watch(page, dialogs: list[str]) -> None:
    """Record (and close) any alert, confirm or prompt: none may ever open."""
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))


def form(exercise_id: str) -> str:
    return f".ss-exercise-{exercise_id}"


def panel(exercise_id: str) -> str:
    return f".ss-panel-{exercise_id}"


def wait_for_values(page, selector: str, attribute: str, expected: list[str]) -> None:
    """Wait until the ``attribute`` of every element matching ``selector`` is ``expected``."""
    page.wait_for_function(
        "([sel, attr, want]) => JSON.stringify("
        "[...document.querySelectorAll(sel)].map(e => e.getAttribute(attr))) === want",
        arg=[selector, attribute, json.dumps(expected, separators=(",", ":"))],
        timeout=UI_TIMEOUT_MS,
    )


def values(page, selector: str, attribute: str) -> list[str | None]:
    return page.locator(selector).evaluate_all(
        "(els, attr) => els.map(e => e.getAttribute(attr))", attribute
    )


def save_all(group: Group, exercise_id: str) -> None:
    """Everyone clicks the exercise's button at the same moment, then each sees it saved."""
    for page in group.pages.values():
        page.locator(f"{form(exercise_id)} button.ss-save").click()
    for page in group.pages.values():
        page.locator(f"{form(exercise_id)} .ss-ok").wait_for(timeout=UI_TIMEOUT_MS)


def fits_the_phone(group: Group, exercise_id: str) -> bool:
    phone_form = group.pages[PHONE].locator(form(exercise_id))
    return phone_form.evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def image_decoded(trainer, selector: str) -> None:
    """Wait until the browser has decoded a real picture (a PNG from the trainer's kernel)."""
    trainer.wait_for_function(
        "sel => { const img = document.querySelector(sel);"
        " return img !== null && img.complete && img.naturalWidth > 100; }",
        arg=selector,
        timeout=UI_TIMEOUT_MS,
    )


# --- rangorde --------------------------------------------------------------------------------

VOLGORDE = "demo-rangorde-volgorde"
PUNTEN = "demo-rangorde-punten"
START_ORDER = ["wat-ouder-weet", "luisteren", "rollen", "verwachtingen", "informatie", "samen-doel"]
# Per person the clicks, as (place counted from 0, "up" or "down").
MOVES = {
    "prof": [(0, "down")],
    "ouder": [(5, "up"), (4, "up")],
    "jongere": [(1, "up"), (2, "down")],
}
POINTS = {
    "prof": {"ervaringsdeskundigen": 40, "tijd-per-gezin": 30, "vindplaatsen": 10,
             "samen-leren": 10, "taal": 10},
    "ouder": {"ervaringsdeskundigen": 50, "tijd-per-gezin": 20, "bereikbaar": 30},
    "jongere": {"ervaringsdeskundigen": 20, "tijd-per-gezin": 20, "bereikbaar": 20,
                "vindplaatsen": 20, "samen-leren": 10, "taal": 10},
}  # fmt: skip


def target(place: int, direction: str) -> int:
    """Where the option at ``place`` goes with one click on ↑ or ↓."""
    return place - 1 if direction == "up" else place + 1


def moved(order: list[str], place: int, direction: str) -> list[str]:
    """The order after one click, as the participant expects it."""
    new, other = list(order), target(place, direction)
    new[place], new[other] = new[other], new[place]
    return new


def reorder(page, moves: list[tuple[int, str]]) -> list[str]:
    """Click ↑/↓ one at a time, each time waiting for the list to show the new order."""
    rows = f"{form(VOLGORDE)} .ss-rangorde-row"
    order = list(START_ORDER)
    for place, direction in moves:
        page.locator(rows).nth(place).locator(f"button.ss-rangorde-{direction}").click()
        order = moved(order, place, direction)
        wait_for_values(page, f"{rows} .ss-rangorde-text", "data-option", order)
    # Only the option moved last is marked.
    marked = f"{rows}.ss-rangorde-moved .ss-rangorde-text"
    wait_for_values(page, marked, "data-option", [order[target(*moves[-1])]])
    return order


def fill_points(page, points: dict[str, int]) -> None:
    for option_id, count in points.items():
        field = page.locator(f"{form(PUNTEN)} .ss-rangorde-option-{option_id} input")
        field.fill(str(count))
        field.press("Tab")


def mean(numbers: list[float]) -> str:
    """The dashboard's data-mean: the mean rounded to two decimals."""
    return f"{round(sum(numbers) / len(numbers), 2):.2f}"


def test_rangorde_order_and_points(group: Group) -> None:
    pages, trainer = group.pages, group.trainer

    # volgorde: everyone moves options with ↑ and ↓, a different order each.
    orders = {key: reorder(pages[key], moves) for key, moves in MOVES.items()}
    assert orders["prof"][:2] == ["luisteren", "wat-ouder-weet"]
    top = pages["prof"].locator(f"{form(VOLGORDE)} .ss-rangorde-row").first
    assert top.locator("button.ss-rangorde-up").is_disabled()  # nothing above place 1
    save_all(group, VOLGORDE)

    # punten: the ouder first gives 110 points and is told so, in Dutch, before saving.
    ouder = pages["ouder"].locator(form(PUNTEN))
    fill_points(
        pages["ouder"], {"ervaringsdeskundigen": 50, "tijd-per-gezin": 30, "bereikbaar": 30}
    )
    over = ouder.locator(".ss-rangorde-left.ss-rangorde-over[data-left='-10']")
    assert "Je hebt 10 punten te veel verdeeld" in over.inner_text(timeout=UI_TIMEOUT_MS)
    ouder.locator("button.ss-save").click()
    problem = ouder.locator(".ss-problem")
    assert problem.inner_text(timeout=UI_TIMEOUT_MS) == (
        "Je hebt 10 punten te veel verdeeld. Verdeel precies 100 punten en sla dan op."
    )
    for key, points in POINTS.items():
        fill_points(pages[key], points)
    for key in POINTS:
        done = pages[key].locator(f"{form(PUNTEN)} .ss-rangorde-left.ss-rangorde-done")
        assert "Alle 100 punten zijn verdeeld." in done.inner_text(timeout=UI_TIMEOUT_MS)
    save_all(group, PUNTEN)
    assert fits_the_phone(group, VOLGORDE)
    assert fits_the_phone(group, PUNTEN)

    # The dashboard: mean place per option, best first, from the three orders above.
    places = {oid: [order.index(oid) + 1.0 for order in orders.values()] for oid in START_ORDER}
    best_first = sorted(START_ORDER, key=lambda oid: sum(places[oid]))  # stable on a tie
    rows = f"{panel(VOLGORDE)} .ss-rangorde-option"
    wait_for_values(trainer, rows, "data-option", best_first)
    assert best_first == [
        "luisteren", "wat-ouder-weet", "rollen", "verwachtingen", "informatie", "samen-doel"
    ]  # fmt: skip
    assert values(trainer, rows, "data-mean") == [mean(places[oid]) for oid in best_first]
    assert values(trainer, rows, "data-mean") == ["1.33", "1.67", "3.33", "4.00", "5.33", "5.33"]
    # Kendall's W by hand: rank sums 4, 5, 10, 12, 16, 16 around 10.5, so S = 135.5 and
    # W = 12 * 135.5 / (3² * (6³ - 6)) = 0.86.
    agreement = trainer.locator(f"{panel(VOLGORDE)} .ss-rangorde-agreement")
    assert agreement.get_attribute("data-w") == "0.86"
    assert agreement.get_attribute("data-level") == "veel"
    assert "Hoe eens is de groep? 0,86 — veel eens" in agreement.inner_text()

    # Mean points per option, most first.
    totals = {oid: [POINTS[key].get(oid, 0) for key in POINTS] for oid in POINTS["jongere"]}
    most_first = sorted(totals, key=lambda oid: -sum(totals[oid]))
    rows = f"{panel(PUNTEN)} .ss-rangorde-option"
    wait_for_values(trainer, rows, "data-option", most_first)
    assert values(trainer, rows, "data-mean") == [mean(totals[oid]) for oid in most_first]
    assert values(trainer, rows, "data-mean") == [
        "36.67", "23.33", "16.67", "10.00", "6.67", "6.67"
    ]  # fmt: skip
    # Ties share places: rank sums 4.5, 7.5, 10.5, 11.5, 14.5, 14.5 so S = 78; the ties
    # (3, 3, 4 and 2 equal scores) take 3 * 114 off the denominator: W = 936 / 1548 = 0.60.
    agreement = trainer.locator(f"{panel(PUNTEN)} .ss-rangorde-agreement")
    assert agreement.get_attribute("data-w") == "0.60"
    assert "Hoe eens is de groep? 0,60 — deels eens" in agreement.inner_text()
    assert group.dialogs == []


# --- taalcheck -------------------------------------------------------------------------------

TAALCHECK = "demo-taalcheck"
REWRITES = {
    "prof": f"{XSS} Twee afspraken gingen niet door. Wat maakte het lastig voor je?",
    "ouder": "Wat heb jij nodig om bij de afspraken te kunnen zijn?",
    "jongere": "We zagen elkaar twee keer niet. Zullen we samen een nieuw moment kiezen?",
}
VOTES = {"prof": "jongere", "ouder": "jongere", "jongere": "ouder"}  # whose rewrite each picks


def rewrite_option(page, key: str):
    """Someone else's rewrite on this page, with its vote button."""
    return page.locator(f"{form(TAALCHECK)} .ss-vote-option", has_text=REWRITES[key])


def test_taalcheck_rewrite_then_vote(group: Group) -> None:
    pages, trainer = group.pages, group.trainer
    for key, page in pages.items():
        page.locator(f"{form(TAALCHECK)} .ss-taalcheck-text textarea").fill(REWRITES[key])
    save_all(group, TAALCHECK)

    # After saving, each sees the two others' rewrites appear by themselves; never their own.
    for key, page in pages.items():
        page.locator(f"{form(TAALCHECK)} .ss-taalcheck-vote").wait_for(timeout=UI_TIMEOUT_MS)
        for other in ROLES:
            if other != key:
                rewrite_option(page, other).wait_for(timeout=UI_TIMEOUT_MS)
        assert rewrite_option(page, key).count() == 0
        assert page.locator(f"{form(TAALCHECK)} .ss-vote-option").count() == 2

    # The rewrite with markup shows literally to the others: no image, no script ran.
    shown = rewrite_option(pages["ouder"], "prof")
    assert XSS in shown.inner_text()
    assert shown.locator("img").count() == 0

    for key, page in pages.items():
        option = rewrite_option(page, VOTES[key])
        option.locator("button.ss-vote-button").click()
        option.locator("button.ss-voted").wait_for(timeout=UI_TIMEOUT_MS)
        page.locator(f"{form(TAALCHECK)} .ss-votes-left", has_text="Je hebt nog 1 stem.").wait_for(
            timeout=UI_TIMEOUT_MS
        )
    assert fits_the_phone(group, TAALCHECK)

    # The dashboard: rewrites by votes, with exact counts (2 for the jongere's, 1, 0).
    received = {key: list(VOTES.values()).count(key) for key in REWRITES}
    ranked = sorted(REWRITES, key=lambda key: -received[key])
    assert [received[key] for key in ranked] == [2, 1, 0]
    rows = f"{panel(TAALCHECK)} .ss-vote-ranking .ss-vote-row"
    trainer.wait_for_function(
        """([sel, want]) => JSON.stringify([...document.querySelectorAll(sel)].map(
             row => [row.querySelector('.ss-vote-text').textContent, Number(row.dataset.count)]
           )) === want""",
        arg=[
            rows,
            json.dumps([[REWRITES[key], received[key]] for key in ranked], separators=(",", ":")),
        ],
        timeout=UI_TIMEOUT_MS,
    )
    tally = trainer.locator(f"{panel(TAALCHECK)} .ss-vote-tally")
    assert tally.get_attribute("data-authors") == "3"
    assert tally.get_attribute("data-voters") == "3"
    ranking = trainer.locator(f"{panel(TAALCHECK)} .ss-vote-ranking")
    assert XSS in ranking.inner_text()
    assert ranking.locator("img, script").count() == 0
    assert group.dialogs == []


# --- quiz ------------------------------------------------------------------------------------

QUIZ = "demo-quiz"
QUESTIONS = ["hoorrecht", "passanten", "familiegroepsplan", "wat-levert-het-op"]
RIGHT = [0, 0, 0, 0]  # in demo.yaml the right answer is the first option of every question
CHOICES = {"prof": [0, 0, 0, 0], "ouder": [1, 1, 2, 0], "jongere": [0, 2, 0, 0]}


def choose(page, question: str, index: int) -> None:
    radio = page.locator(f"{form(QUIZ)} .ss-quiz-options-{question} input[type=radio]")
    radio.nth(index).check()


def test_quiz_feedback_and_share_right(group: Group) -> None:
    pages, trainer = group.pages, group.trainer

    # Checking with a question still open says which one, and saves nothing.
    ouder = pages["ouder"].locator(form(QUIZ))
    for question, index in zip(QUESTIONS[:3], CHOICES["ouder"][:3], strict=True):
        choose(pages["ouder"], question, index)
    ouder.get_by_role("button", name="Controleer mijn antwoorden").click()
    assert "Nog open: vraag 4." in ouder.locator(".ss-problem").inner_text(timeout=UI_TIMEOUT_MS)

    for key, page in pages.items():
        for question, index in zip(QUESTIONS, CHOICES[key], strict=True):
            choose(page, question, index)
    for page in pages.values():
        page.locator(form(QUIZ)).get_by_role("button", name="Controleer mijn antwoorden").click()

    # Each person sees right or wrong per question, the right answer when wrong, and a score.
    for key, page in pages.items():
        quiz = page.locator(form(QUIZ))
        right = [chosen == answer for chosen, answer in zip(CHOICES[key], RIGHT, strict=True)]
        quiz.locator(".ss-ok", has_text=f"Je hebt {sum(right)} van de 4 vragen goed.").wait_for(
            timeout=UI_TIMEOUT_MS
        )
        for question, is_right in zip(QUESTIONS, right, strict=True):
            feedback = quiz.locator(f".ss-quiz-item-{question} .ss-quiz-feedback")
            assert feedback.get_attribute("data-correct") == str(is_right).lower()
            text = feedback.inner_text()
            assert ("Goed!" in text) is is_right
            assert ("Niet goed." in text) is not is_right
            assert ("Het goede antwoord is:" in text) is not is_right
    assert fits_the_phone(group, QUIZ)

    # The dashboard: per question how many were right, and how many chose each option.
    correct = [sum(CHOICES[key][n] == RIGHT[n] for key in CHOICES) for n in range(4)]
    assert correct == [2, 1, 2, 3]
    shares = f"{panel(QUIZ)} .ss-quiz-share"
    wait_for_values(trainer, shares, "data-correct", [str(c) for c in correct])
    assert values(trainer, shares, "data-answered") == ["3"] * 4
    assert values(trainer, shares, "data-share") == ["67", "33", "67", "100"]
    counts = [
        str(sum(CHOICES[key][n] == option for key in CHOICES))
        for n in range(4)
        for option in range(3)
    ]
    assert values(trainer, f"{panel(QUIZ)} .ss-quiz-option .ss-bar-count", "data-count") == counts
    first = trainer.locator(f"{panel(QUIZ)} .ss-quiz-result[data-question='hoorrecht']")
    assert "2 van 3 goed (67%)" in first.locator(".ss-quiz-share").inner_text()
    assert group.dialogs == []


# --- reflectie -------------------------------------------------------------------------------

REFLECTIE = "demo-reflectie"
REFLECTIONS = {
    "prof": {
        "ruimte-geven": "Ik vroeg de vader eerst hoe de ochtenden thuis gaan",
        "echt-luisteren": "Bij het huisbezoek liet ik de stilte gewoon even duren",
    },
    "ouder": {"overnemen": "Ik vulde de zin van de mentor in voordat hij klaar was"},
    "jongere": {
        "ruimte-geven": "Mijn begeleider vroeg wat ik zelf wilde met school",
        "overnemen": "Ik nam het gesprek over van mijn moeder bij de huisarts",
        "echt-luisteren": "Toen mijn zus vertelde over haar nieuwe klas",
    },
}
PRIVATE = [text for texts in REFLECTIONS.values() for text in texts.values()]


def test_reflectie_download_stays_with_the_participant(group: Group) -> None:
    pages, trainer = group.pages, group.trainer
    for key, page in pages.items():
        for prompt, text in REFLECTIONS[key].items():
            page.locator(f"{form(REFLECTIE)} .ss-reflectie-prompt-{prompt} textarea").fill(text)
    for page in pages.values():
        page.locator(f"{form(REFLECTIE)} button.ss-save", has_text="Klaar").click()

    # Each downloads their own reflection; the file is made in their own browser.
    for key, page in pages.items():
        link = page.locator(f"{form(REFLECTIE)} .ss-reflectie-download a.ss-download")
        link.wait_for(timeout=UI_TIMEOUT_MS)
        page.locator(f"{form(REFLECTIE)} .ss-ok").wait_for(timeout=UI_TIMEOUT_MS)
        with page.expect_download(timeout=UI_TIMEOUT_MS) as info:
            link.click()
        download = info.value
        assert download.suggested_filename.startswith(f"reflectie-{REFLECTIE}-")
        saved = Path(download.path()).read_text(encoding="utf-8")
        assert all(text in saved for text in REFLECTIONS[key].values())
        others = [text for text in PRIVATE if text not in REFLECTIONS[key].values()]
        assert not any(text in saved for text in others)
    assert fits_the_phone(group, REFLECTIE)

    # The dashboard knows only how many wrote, never what.
    trainer.locator(f"{panel(REFLECTIE)} .ss-reflectie-count[data-count='3']").wait_for(
        timeout=UI_TIMEOUT_MS
    )
    assert "3 deelnemers hebben geschreven" in trainer.locator(panel(REFLECTIE)).inner_text()
    html = trainer.content()
    assert not any(text in html for text in PRIVATE)
    assert group.dialogs == []


# --- klik ------------------------------------------------------------------------------------

KLIK = "demo-klik"
# Per person, for the four sliders in the order of the page, the keys pressed on the handle:
# R ArrowRight, L ArrowLeft, E End. A slider starts with no value (one step left of 0): the
# first R gives 0, E gives 10. "" leaves the slider alone: it is not in the answer.
KEYS = {
    "prof": ["ELL", "RRR", "RRRRRRL", "E"],
    "ouder": ["RRRRR", "", "ELLL", "R"],
    "jongere": ["ELLLL", "RRRRRRR", "", "RRRRRR"],
}


def score(keys: str) -> int | None:
    """Where the keys leave a slider that starts without a value; None when not moved."""
    value = None
    for key in keys:
        if key == "E":
            value = 10
        elif key == "R":
            value = 0 if value is None else min(value + 1, 10)
        elif value is not None:  # L: from the start it does nothing
            value = max(value - 1, 0)
    return value


def klik_items(page) -> list[str]:
    """The item ids of the sliders, in the order of the page."""
    return page.locator(f"{form(KLIK)} .ss-klik-slider").evaluate_all(
        "els => els.map(e => [...e.classList].find(c => c.startsWith('ss-klik-item-'))"
        ".slice('ss-klik-item-'.length))"
    )


def klik_box(page, item: str):
    return page.locator(f"{form(KLIK)} .ss-klik-item").filter(
        has=page.locator(f".ss-klik-item-{item}")
    )


def slider_look(page, item: str) -> dict[str, str]:
    """What the browser draws: the handle's opacity and the readout's visibility and text."""
    slider = page.locator(f"{form(KLIK)} .ss-klik-item-{item}")
    return slider.evaluate(
        "e => { const h = e.querySelector('.noUi-handle');"
        " const r = e.querySelector('.widget-readout');"
        " return {handle: getComputedStyle(h).opacity, focusable: h.getAttribute('tabindex'),"
        " readout: getComputedStyle(r).visibility, number: r.textContent.trim()}; }"
    )


def slide(page, item: str, keys: str) -> None:
    """Move one slider with the keyboard, as a person without a mouse would."""
    handle = page.locator(f"{form(KLIK)} .ss-klik-item-{item} .noUi-handle")
    for key in keys:
        handle.press({"R": "ArrowRight", "L": "ArrowLeft", "E": "End"}[key])
    # The kernel took the value: the line under the slider shows it, no longer "untouched".
    klik_box(page, item).locator(
        f".ss-klik-value:not(.ss-klik-value-untouched)[data-value='{score(keys)}']"
    ).wait_for(timeout=UI_TIMEOUT_MS)


def test_klik_sliders_by_keyboard(group: Group) -> None:
    pages, trainer = group.pages, group.trainer
    items = klik_items(pages["prof"])
    assert len(items) == 4
    for key, page in pages.items():
        assert klik_items(page) == items
        note = page.locator(f"{form(KLIK)} .ss-klik-note")
        assert "Nog niet gekozen" in note.inner_text(timeout=UI_TIMEOUT_MS)
        # No slider shows a value yet: no handle, no number; the handle can still get focus.
        for item in items:
            look = slider_look(page, item)
            assert (look["handle"], look["focusable"], look["readout"]) == ("0", "0", "hidden")
            assert klik_box(page, item).locator(".ss-klik-value-untouched").inner_text() == (
                "Nog niet gekozen"
            )
        for item, keys in zip(items, KEYS[key], strict=True):
            if keys:
                slide(page, item, keys)
        left = [item for item, keys in zip(items, KEYS[key], strict=True) if not keys]
        if not left:
            note.wait_for(state="detached", timeout=UI_TIMEOUT_MS)  # every slider was moved
        for item, keys in zip(items, KEYS[key], strict=True):
            if keys:  # chosen: the handle and the number are shown
                page.wait_for_function(
                    "([sel, want]) => { const e = document.querySelector(sel);"
                    " return getComputedStyle(e.querySelector('.noUi-handle')).opacity === '1'"
                    " && e.querySelector('.widget-readout').textContent.trim() === want; }",
                    arg=[f"{form(KLIK)} .ss-klik-item-{item}", str(score(keys))],
                    timeout=UI_TIMEOUT_MS,
                )
                assert slider_look(page, item)["readout"] == "visible"
            else:  # left alone: still without a value, and the note names it
                assert slider_look(page, item)["handle"] == "0"
                assert "ss-klik-untouched" in (klik_box(page, item).get_attribute("class") or "")
                assert "Nog niet gekozen" in note.inner_text()
    save_all(group, KLIK)
    assert fits_the_phone(group, KLIK)

    # The dashboard: per slider only the people who moved it, with the mean, lowest, highest.
    scores = {
        item: [score(KEYS[key][n]) for key in KEYS if KEYS[key][n]] for n, item in enumerate(items)
    }
    assert list(scores.values()) == [[8, 4, 6], [2, 6], [4, 7], [10, 0, 5]]
    results = f"{panel(KLIK)} .ss-klik-result"
    wait_for_values(trainer, results, "data-mean", [mean(scores[item]) for item in items])
    assert values(trainer, results, "data-mean") == ["6.00", "4.00", "5.50", "5.00"]
    assert values(trainer, results, "data-item") == items
    assert values(trainer, results, "data-n") == ["3", "2", "2", "3"]
    assert values(trainer, results, "data-min") == [str(min(scores[item])) for item in items]
    assert values(trainer, results, "data-max") == [str(max(scores[item])) for item in items]
    first = trainer.locator(f"{results}[data-item='{items[0]}']")
    assert "gemiddeld 6,0" in first.locator(".ss-klik-stats").inner_text()
    assert "Aantal antwoorden: 3" in first.locator(".ss-klik-n").inner_text()
    second = trainer.locator(f"{results}[data-item='{items[1]}']")
    assert "Aantal antwoorden: 2" in second.locator(".ss-klik-n").inner_text()
    assert values(trainer, f"{results}[data-item='{items[0]}'] .ss-klik-count", "data-count") == [
        str(scores[items[0]].count(n)) for n in range(11)
    ]
    assert group.dialogs == []


# --- woordwolk and open's word-cloud view ----------------------------------------------------

WOORDWOLK = "demo-woordwolk"
WORDS = {
    "prof": ["Luisteren", "vertrouwen", "echt contact"],
    "ouder": ["het luisteren", "Respect", "Vertrouwen"],
    "jongere": ["luisteren", "respect", "samen beslissen"],
}
OPEN = "demo-open"
OPEN_ANSWERS = {
    "prof": f"{SCRIPT} Ik wil ouders echt horen.",
    "ouder": "Omdat kinderen en ouders samen sterker staan.",
    "jongere": "Ik wil dat kinderen veilig opgroeien.",
}


def test_woordwolk_and_the_open_cloud(group: Group) -> None:
    pages, trainer = group.pages, group.trainer
    for key, page in pages.items():
        for n, word in enumerate(WORDS[key], start=1):
            page.locator(f"{form(WOORDWOLK)} .ss-woordwolk-field-{n} input").fill(word)
        page.locator(f"{form(OPEN)} .ss-open-text textarea").fill(OPEN_ANSWERS[key])
    save_all(group, WOORDWOLK)
    for page in pages.values():
        save(page, OPEN)
    assert fits_the_phone(group, WOORDWOLK)
    assert pages[PHONE].evaluate("() => document.documentElement.scrollWidth <= innerWidth")

    # The cloud is a real picture; under it the words by how many people named them
    # ("het luisteren" counts as "luisteren", capitals do not matter).
    top = f"{panel(WOORDWOLK)} ol.ss-woordwolk-top li.ss-woordwolk-item"
    wait_for_values(
        trainer,
        top,
        "data-word",
        ["luisteren", "respect", "vertrouwen", "echt contact", "samen beslissen"],
    )
    assert values(trainer, top, "data-count") == ["3", "2", "2", "1", "1"]
    image_decoded(trainer, f"{panel(WOORDWOLK)} img.ss-woordwolk-cloud")

    # open: the list first, with the markup shown as text; then the trainer picks Woordwolk.
    open_panel = trainer.locator(panel(OPEN))
    open_panel.locator(".ss-open-answer").nth(2).wait_for(timeout=UI_TIMEOUT_MS)
    assert SCRIPT in open_panel.locator(".ss-texts").inner_text()
    assert open_panel.locator(".ss-texts script").count() == 0
    assert open_panel.locator("img.ss-woordwolk-cloud").count() == 0
    press(trainer, f"{panel(OPEN)} .ss-open-view", "Woordwolk")
    image_decoded(trainer, f"{panel(OPEN)} img.ss-woordwolk-cloud")
    assert open_panel.locator(".ss-open-answer").count() == 0
    words = f"{panel(OPEN)} ol.ss-woordwolk-top li.ss-woordwolk-item"
    assert values(trainer, words, "data-word")[:2] == ["kinderen", "ouders"]
    assert values(trainer, words, "data-count")[:3] == ["2", "2", "1"]

    # The view stays a cloud while the dashboard redraws with a changed answer.
    pages["ouder"].locator(f"{form(OPEN)} .ss-open-text textarea").fill(
        "Omdat kinderen en ouders samen sterker staan. Gezinnen verdienen vertrouwen."
    )
    save(pages["ouder"], OPEN)
    trainer.locator(f"{words}[data-word='vertrouwen'][data-count='1']").wait_for(
        timeout=UI_TIMEOUT_MS
    )
    image_decoded(trainer, f"{panel(OPEN)} img.ss-woordwolk-cloud")
    assert open_panel.locator(".ss-open-answer").count() == 0

    # Nothing private reached the trainer in the whole tour, and no dialog ever opened.
    assert not any(text in trainer.content() for text in PRIVATE)
    assert group.dialogs == []
