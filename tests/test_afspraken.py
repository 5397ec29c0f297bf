"""``afspraken``: the agreement card: schema, checks, summary, the stepper and the panel."""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.app.style import stylesheet
from samenspraak.catalog import load_workshop
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role, Session
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.base import ResultsPanel
from samenspraak.exercises.afspraken.model import (
    DEFAULT_WHO,
    FILENAME,
    MIN_REPEAT,
    Afspraken,
    StepProblem,
    card_of,
    check_answer,
    check_step,
    render_html,
    summarize,
)
from samenspraak.exercises.afspraken.view import AfsprakenForm

from .helpers import (
    html_of,
    join_form,
    join_page,
    load,
    problems,
    replace_once,
    status,
    text_of,
    workshop_yaml,
)
from .panel_html import snapshot_html

DEMO_ID = "demo-afspraken"
SCRIPT = "<script>alert(1)</script>"

EXERCISE = Afspraken(
    id="kaart",
    type="afspraken",
    title="Kaart",
    sources=["bron"],
    situation="Een *verzonnen* gezin.",
    max_tasks=3,
)


def shown(form: AfsprakenForm) -> list[widgets.Widget]:
    """What the person sees now: children of the form that are not hidden."""
    return [w for w in form.children if w.layout.display != "none"]


def full_card(**changes: Any) -> dict[str, Any]:
    card = {
        "goal": "  Daan slaapt beter en gaat weer naar school.  ",
        "agree": "We willen allemaal rust in huis.",
        "disagree": "Vader wil de telefoon om tien uur, Daan later.",
        "tasks": [
            {"who": "Jongere", "what": "Telefoon beneden leggen", "when": "vanavond"},
            {"who": "", "what": "", "when": ""},  # an empty row is dropped
            {"who": "Samen", "what": "Gesprek met de mentor", "when": "over twee weken"},
        ],
        "evaluate": "Over een maand samen terugkijken.",
        "unknown": "We zeggen het eerlijk en zoeken het samen uit.",
    }
    card.update(changes)
    return card


def problem_of(value: Any, exercise: Afspraken = EXERCISE) -> StepProblem:
    with pytest.raises(StepProblem) as info:
        check_answer(exercise, value)
    return info.value


# --- schema ------------------------------------------------------------------------------

WORKSHOP = workshop_yaml(
    """\
  - id: kaart
    type: afspraken
    title: Afsprakenkaart
    sources: [bron]
    situation: Een verzonnen gezin.
    who: [Ouder, Jongere, Samen]
    max_tasks: 3
    prompts:
      goal: Wat willen jullie bereiken?
""",
    title="Mini workshop",
    description="Een kleine workshop om te testen.",
)
#  10 - id: kaart   14 situation   15 who   16 max_tasks   17 prompts   18 goal


def test_valid_card_exercise_loads_with_its_own_prompt_and_defaults(tmp_path: Path):
    exercise = load(tmp_path, WORKSHOP).exercise("kaart")
    assert isinstance(exercise, Afspraken)
    assert exercise.who == ["Ouder", "Jongere", "Samen"]
    assert exercise.max_tasks == 3
    assert exercise.prompt("goal") == "Wat willen jullie bereiken?"
    assert exercise.prompt("agree") == t("afspraken.prompt.agree")
    defaults = load(tmp_path, WORKSHOP.replace("    who: [Ouder, Jongere, Samen]\n", ""))
    assert defaults.exercise("kaart").who == list(DEFAULT_WHO)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    who: [Ouder, Jongere, Samen]\n",
            "    who: [Ouder, Jongere, Ouder]\n",
            (15, "exercises[0].who[2]", "de keuze Ouder staat er twee keer in"),
        ),
        (
            "    who: [Ouder, Jongere, Samen]\n",
            "    who: [Ouder]\n",
            (15, "exercises[0].who", "te weinig: minimaal 2"),
        ),
        (
            "    max_tasks: 3\n",
            "    max_tasks: 9\n",
            (16, "exercises[0].max_tasks", "mag maximaal 8 zijn"),
        ),
        (
            "      goal: Wat",
            "      doel: Wat",
            (18, "exercises[0].prompts.doel", "dit veld kennen we niet; controleer de spelling"),
        ),
        (
            "    situation: Een verzonnen gezin.\n",
            "",
            (10, "exercises[0].situation", "dit veld ontbreekt"),
        ),
        (
            "      goal: Wat willen jullie bereiken?\n",
            "      goal: " + "x" * 301 + "\n",
            (18, "exercises[0].prompts.goal", "te lang: maximaal 300 tekens"),
        ),
    ],
)
def test_broken_content_names_line_field_and_problem(tmp_path: Path, old, new, expected):
    assert problems(tmp_path, replace_once(WORKSHOP, old, new)) == [expected]


def test_demo_has_an_afspraken_example():
    exercise = load_workshop("demo").exercise(DEMO_ID)
    assert exercise.type == "afspraken"
    assert exercise.intro.startswith("**Type afspraken.**")
    assert exercise.trainer_notes


# --- check_answer ------------------------------------------------------------------------


def test_full_card_is_cleaned_and_empty_rows_dropped():
    assert check_answer(EXERCISE, full_card()) == {
        "goal": "Daan slaapt beter en gaat weer naar school.",
        "agree": "We willen allemaal rust in huis.",
        "disagree": "Vader wil de telefoon om tien uur, Daan later.",
        "tasks": [
            {"who": "Jongere", "what": "Telefoon beneden leggen", "when": "vanavond"},
            {"who": "Samen", "what": "Gesprek met de mentor", "when": "over twee weken"},
        ],
        "evaluate": "Over een maand samen terugkijken.",
        "unknown": "We zeggen het eerlijk en zoeken het samen uit.",
    }


def test_goal_and_one_task_are_enough():
    value = {"goal": "Rust", "tasks": [{"who": "Samen", "what": "Praten", "when": "morgen"}]}
    assert check_answer(EXERCISE, value) == {
        "goal": "Rust",
        "agree": "",
        "disagree": "",
        "tasks": [{"who": "Samen", "what": "Praten", "when": "morgen"}],
        "evaluate": "",
        "unknown": "",
    }


@pytest.mark.parametrize("garbage", [None, "kaart", 5, [], {"goal": 7}, {"goal": "   "}])
def test_garbage_or_no_goal_points_to_step_one(garbage):
    problem = problem_of(garbage)
    assert problem.step == 1
    assert problem.message == "Stap 1: Schrijf het doel op."


@pytest.mark.parametrize(
    "tasks", [None, [], [{"who": None, "what": " ", "when": ""}], [{}, {"who": ""}]]
)
def test_no_task_points_to_step_four(tasks):
    problem = problem_of(full_card(tasks=tasks))
    assert problem.step == 4
    assert problem.message == "Stap 4: Vul minstens één taak in: wie doet wat, en wanneer."


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"who": "Oma", "what": "Koken", "when": "morgen"}, t("afspraken.task_who")),
        ({"who": 5, "what": "Koken", "when": "morgen"}, t("afspraken.task_who")),
        ({"who": ["Samen"], "what": "Koken", "when": "morgen"}, t("afspraken.task_who")),
        ({"who": None, "what": "Koken", "when": "morgen"}, t("afspraken.task_who")),
        ({"who": "Samen", "what": "", "when": "morgen"}, t("afspraken.task_what")),
        ({"who": "Samen", "what": "Koken", "when": None}, t("afspraken.task_when")),
        ({"who": "Samen", "what": 12, "when": "morgen"}, t("afspraken.task_what")),
    ],
)
def test_half_filled_task_names_the_task(row, message):
    tasks = [{"who": "Jongere", "what": "Wekker zetten", "when": "vanavond"}, row]
    problem = problem_of(full_card(tasks=tasks))
    assert problem.step == 4
    assert problem.message == f"Stap 4, taak 2: {message}"


@pytest.mark.parametrize("tasks", ["taken", {"who": "Samen"}, [["Samen", "x", "y"]], [None]])
def test_unreadable_tasks(tasks):
    problem = problem_of(full_card(tasks=tasks))
    assert problem.message == "Stap 4: " + t("afspraken.broken_tasks")


def test_too_many_tasks():
    row = {"who": "Samen", "what": "Praten", "when": "morgen"}
    problem = problem_of(full_card(tasks=[row] * 4))
    assert problem.message == "Stap 4: Je kunt maximaal 3 taken invullen."
    assert len(check_answer(EXERCISE, full_card(tasks=[row] * 3))["tasks"]) == 3


@pytest.mark.parametrize(
    ("section", "step", "limit"),
    [("goal", 1, 400), ("agree", 2, 800), ("disagree", 3, 800), ("evaluate", 5, 600)],
)
def test_too_long_text_names_its_step(section, step, limit):
    assert check_answer(EXERCISE, full_card(**{section: "a" * limit}))[section] == "a" * limit
    problem = problem_of(full_card(**{section: "a" * (limit + 1)}))
    assert problem.step == step
    assert problem.message == f"Stap {step}: " + t("answer.too_long", length=limit + 1, limit=limit)


def test_too_long_task_fields():
    what = {"who": "Samen", "what": "w" * 201, "when": "morgen"}
    assert problem_of(full_card(tasks=[what])).message.startswith("Stap 4, taak 1: Je antwoord")
    when = {"who": "Samen", "what": "Praten", "when": "w" * 81}
    assert "81 tekens" in problem_of(full_card(tasks=[when])).message


@pytest.mark.parametrize(
    ("changes", "step", "found"),
    [
        ({"agree": "Mail moeder op ouder@example.nl"}, 2, "een e-mailadres"),
        ({"unknown": "Bel 06-12345678"}, 6, "een telefoonnummer"),
        ({"disagree": "Ze wonen in 1234 AB"}, 3, "een postcode"),
        (
            {"tasks": [{"who": "Samen", "what": "Gesprek", "when": "op 12-03-2025"}]},
            4,
            "een datum",
        ),
    ],
)
def test_identifiers_are_caught_with_their_step(changes, step, found):
    problem = problem_of(full_card(**changes))
    assert problem.step == step
    assert problem.message.startswith(f"Stap {step}")
    assert found in problem.message


def test_html_and_emoji_are_kept_as_text():
    value = check_answer(
        EXERCISE,
        full_card(goal=SCRIPT, tasks=[{"who": "Samen", "what": "Taart 🎂", "when": "<b>nu</b>"}]),
    )
    assert value["goal"] == SCRIPT
    assert value["tasks"] == [{"who": "Samen", "what": "Taart 🎂", "when": "<b>nu</b>"}]


def test_check_step_allows_empty_but_not_identifiers_or_half_tasks():
    check_step(EXERCISE, {}, 1)
    check_step(EXERCISE, None, 4)
    with pytest.raises(StepProblem) as info:
        check_step(EXERCISE, {"agree": "jan@example.nl"}, 2)
    assert info.value.step == 2
    with pytest.raises(StepProblem) as half:
        check_step(EXERCISE, {"tasks": [{"who": "Samen"}]}, 4)
    assert half.value.message == "Stap 4, taak 1: " + t("afspraken.task_what")


# --- summarize ---------------------------------------------------------------------------

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def answer(value: Any, n: int, role: Role = Role.PROFESSIONAL) -> Answer:
    return Answer(f"p-{n:08x}", role, "kaart", 1, value, NOW, NOW)


def task(who: str, what: str, when: str = "morgen") -> dict[str, str]:
    return {"who": who, "what": what, "when": when}


ANSWERS = [
    answer(
        {
            "goal": "Daan slaapt beter en gaat weer naar school",
            "agree": "",
            "disagree": "Telefoon",
            "tasks": [task("Ouder(s)", "School bellen"), task("Jongere", "Telefoon beneden")],
            "evaluate": "",
            "unknown": "",
        },
        1,
    ),
    answer(
        {
            "goal": "Daan gaat weer elke dag naar school",
            "tasks": [task("Jongere", "Telefoon inleveren"), task("Jongere", "Wekker zetten")],
        },
        2,
        Role.OUDER,
    ),
    answer(
        {
            "goal": "Rust thuis en beter slapen",
            "tasks": [task("Samen", "Gesprek met mentor"), task("Oude keuze", "Plan maken")],
        },
        3,
    ),
    answer({"goal": "", "tasks": "kapot"}, 4),  # nothing readable: no card
]


def test_summary_counts_cards_words_and_who_by_hand():
    summary = summarize(EXERCISE, ANSWERS)
    assert summary.respondents == 4
    assert [card.goal for card in summary.cards] == [
        "Daan slaapt beter en gaat weer naar school",
        "Daan gaat weer elke dag naar school",
        "Rust thuis en beter slapen",
    ]
    assert summary.cards[1].tasks[1].what == "Wekker zetten"
    # goal: "beter" (cards 1 and 3), "daan" and "school" (cards 1 and 2); ties alphabetical.
    assert summary.words["goal"] == (("beter", 2), ("daan", 2), ("school", 2))
    # tasks: "telefoon" in the tasks of cards 1 and 2; "school" only on card 1's tasks.
    assert summary.words["tasks"] == (("telefoon", 2),)
    assert summary.words["disagree"] == ()  # one card only: nothing comes back
    assert summary.words["agree"] == ()
    assert summary.who_counts == (
        ("Ouder(s)", 1),
        ("Jongere", 3),
        ("Professional", 0),
        ("Netwerk", 0),
        ("Samen", 1),
        ("Oude keuze", 1),  # an option removed from the content during the session
    )
    assert summary.task_count == 6
    assert MIN_REPEAT == 2


def test_summary_of_no_answers():
    summary = summarize(EXERCISE, [])
    assert summary.cards == ()
    assert summary.task_count == 0
    assert [count for _who, count in summary.who_counts] == [0] * len(DEFAULT_WHO)


def test_card_of_survives_garbage():
    card = card_of({"goal": 5, "tasks": [None, {"who": 3, "what": " Iets ", "when": []}]})
    assert card.goal == ""
    assert [(x.who, x.what, x.when) for x in card.tasks] == [("", "Iets", "")]
    assert card_of(None).is_empty


# --- the participant's stepper -----------------------------------------------------------


@pytest.fixture
def demo_page(store: Store, session: Session) -> WorkshopPage:
    return join_page(load_workshop("demo"), store, session.code, "ouder")


def fill_demo(form: AfsprakenForm) -> None:
    """Walk the six steps as a person would, with two tasks."""
    form.fields["goal"].value = "Daan is uitgerust op school."
    form.next_button.click()
    form.fields["agree"].value = "Slaap is belangrijk."
    form.next_button.click()
    form.next_button.click()  # step 3 stays empty
    form.rows[0].who.value = "Jongere"
    form.rows[0].what.value = "Telefoon om tien uur in de keuken"
    form.rows[0].when.value = "vanaf vanavond"
    form.add_task_button.click()
    form.rows[1].who.value = "Vader"
    form.rows[1].what.value = SCRIPT
    form.rows[1].when.value = "over twee weken"
    form.next_button.click()
    form.fields["evaluate"].value = "Over een maand."
    form.next_button.click()


def downloaded(form: AfsprakenForm) -> str:
    """The file the download link makes, decoded as the browser would."""
    match = re.search(r'download="([^"]+)" href="data:text/html;charset=utf-8;base64,([^"]+)"',
                      form.download.value)  # fmt: skip
    assert match, form.download.value
    assert match.group(1) == FILENAME
    return base64.b64decode(match.group(2)).decode("utf-8")


def test_stepper_shows_one_step_at_a_time(demo_page: WorkshopPage):
    form = demo_page.show(DEMO_ID)
    assert isinstance(form, AfsprakenForm)
    assert "Stap 1 van 6" in text_of(form.progress.value)
    assert form.panes[0] in form.children
    assert not any(pane in form.children for pane in form.panes[1:])
    assert form.previous_button.layout.display == "none"
    assert form.save_button not in shown(form)
    assert form.download not in shown(form)
    form.next_button.click()
    assert "Stap 2 van 6" in text_of(form.progress.value)
    assert form.panes[1] in form.children
    assert form.panes[0] not in form.children
    assert form.previous_button.layout.display != "none"
    assert "<details" in form.situation.value
    assert " open" not in form.situation.value  # folded away after step 1
    form.previous_button.click()
    assert form.step == 1
    assert '<details class="ss-afspraken-situation" open>' in form.situation.value
    assert "Daan en zijn vader zijn verzonnen." in text_of(form.situation.value)
    for _ in range(5):
        form.next_button.click()
    assert "Stap 6 van 6" in text_of(form.progress.value)
    assert form.next_button.layout.display == "none"
    assert form.save_button in shown(form)
    assert form.preview in shown(form)
    # the privacy warning comes before the free text of every step
    for pane in form.panes:
        assert t("text.warning") in text_of(pane.children[0].value)


def test_demo_who_options_are_the_dropdown(demo_page: WorkshopPage):
    form = demo_page.show(DEMO_ID)
    exercise = load_workshop("demo").exercise(DEMO_ID)
    assert list(form.rows[0].who.options) == exercise.who
    assert form.rows[0].who.value is None


def test_building_and_saving_a_card(demo_page: WorkshopPage, store: Store):
    form = demo_page.show(DEMO_ID)
    fill_demo(form)
    assert form.step == 6
    preview = text_of(form.preview.value)
    assert "Daan is uitgerust op school." in preview
    assert SCRIPT in preview  # shown as text
    assert SCRIPT not in form.preview.value  # and escaped in the markup
    assert t("afspraken.not_filled") in preview  # step 3 was left empty
    form.save_button.click()
    assert status(form) == t("answer.saved")
    saved = store.answers(demo_page.participant.session_id, DEMO_ID)
    assert len(saved) == 1
    assert saved[0].value == {
        "goal": "Daan is uitgerust op school.",
        "agree": "Slaap is belangrijk.",
        "disagree": "",
        "tasks": [
            {
                "who": "Jongere",
                "what": "Telefoon om tien uur in de keuken",
                "when": "vanaf vanavond",
            },
            {"who": "Vader", "what": SCRIPT, "when": "over twee weken"},
        ],
        "evaluate": "Over een maand.",
        "unknown": "",
    }
    form.fields["unknown"].value = "Samen uitzoeken."
    assert t("answer.unsaved") in status(form)
    form.save_button.click()
    assert status(form) == t("answer.updated")
    assert len(store.answers(demo_page.participant.session_id, DEMO_ID)) == 1


def test_download_is_a_printable_card_with_goal_and_tasks(demo_page: WorkshopPage):
    form = demo_page.show(DEMO_ID)
    fill_demo(form)
    page = downloaded(form)
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Afsprakenkaart</title>" in page
    assert "Daan is uitgerust op school." in page
    assert "Telefoon om tien uur in de keuken" in page
    assert "vanaf vanavond" in page
    assert SCRIPT not in page
    assert html.escape(SCRIPT) in page
    assert "Daan en zijn vader zijn verzonnen." in text_of(page)  # the situation is on it
    assert t("answer.print_hint") in text_of(form.download.value)


def test_download_waits_until_the_card_is_complete(demo_page: WorkshopPage):
    form = demo_page.show(DEMO_ID)
    form.go_to(6)
    assert "ss-download" not in form.download.value
    assert "Stap 1: Schrijf het doel op." in text_of(form.download.value)
    form.fields["unknown"].value = "bel 0612345678"
    form.go_to(1)
    form.fields["goal"].value = "Rust"
    form.go_to(4)
    form.rows[0].who.value = "Samen"
    form.rows[0].what.value = "Praten"
    form.rows[0].when.value = "morgen"
    form.go_to(6)
    assert "ss-download" not in form.download.value  # a phone number is still on step 6
    form.fields["unknown"].value = "We bellen de mentor."
    assert "ss-download" in form.download.value  # updated as the person types


def test_problem_on_save_names_the_step_and_goes_there(demo_page: WorkshopPage, store: Store):
    form = demo_page.show(DEMO_ID)
    form.go_to(6)
    form.save_button.click()
    assert status(form) == "Stap 1: Schrijf het doel op."
    assert form.step == 1
    assert form.panes[0] in form.children
    form.fields["goal"].value = "Rust"
    form.go_to(6)
    form.save_button.click()
    assert status(form) == "Stap 4: " + t("afspraken.no_task")
    assert form.step == 4
    assert store.answers(demo_page.participant.session_id, DEMO_ID) == []


def test_next_stops_at_identifiers_and_keeps_the_text(demo_page: WorkshopPage):
    form = demo_page.show(DEMO_ID)
    form.fields["goal"].value = "Mail vader op vader@example.nl"
    form.next_button.click()
    assert form.step == 1
    assert "Stap 1:" in status(form)
    assert "e-mailadres" in status(form)
    assert form.fields["goal"].value == "Mail vader op vader@example.nl"
    form.fields["goal"].value = "Rust in huis"
    form.next_button.click()
    assert form.step == 2
    assert status(form) == ""  # the fixed problem is no longer shown


def test_tasks_can_be_added_up_to_the_maximum_and_removed(demo_page: WorkshopPage):
    form = demo_page.show(DEMO_ID)
    visible = lambda: [r for r in form.rows if r.layout.display != "none"]  # noqa: E731
    assert len(form.rows) == 4
    assert len(visible()) == 1
    assert form.rows[0].remove.layout.display == "none"  # the only task cannot go
    for n in range(3):
        form.rows[n].who.value = "Samen"
        form.rows[n].what.value = f"Taak {n + 1}"
        form.rows[n].when.value = "morgen"
        form.add_task_button.click()
    assert len(visible()) == 4
    assert form.add_task_button.layout.display == "none"
    form.rows[1].remove.click()
    assert len(visible()) == 3
    assert [row.what.value for row in visible()] == ["Taak 1", "Taak 3", ""]
    assert form.rows[3].what.value == ""
    assert form.add_task_button.layout.display != "none"
    assert [task["what"] for task in form.raw_value()["tasks"]] == ["Taak 1", "Taak 3", ""]


def test_without_joining_the_card_can_still_be_downloaded(store: Store):
    page = WorkshopPage(load_workshop("demo"), store)
    form = page.show(DEMO_ID)
    fill_demo(form)
    form.save_button.click()
    assert status(form) == t("join.first")
    assert "Daan is uitgerust op school." in downloaded(form)


def test_saved_card_comes_back_on_the_last_step(demo_page: WorkshopPage, store: Store):
    form = demo_page.show(DEMO_ID)
    fill_demo(form)
    form.save_button.click()
    # A reopened page: the views are built first (as WorkshopPage.open does), then joined.
    code, personal = demo_page.join_panel.code.value, demo_page.participant.personal_code
    _again, restored = join_form(store, code, DEMO_ID, AfsprakenForm, personal=personal)
    assert restored.step == 6
    assert status(restored) == t("answer.restored")
    assert restored.raw_value()["goal"] == "Daan is uitgerust op school."
    assert [r.layout.display for r in restored.rows] == ["", "", "none", "none"]
    assert restored.rows[1].who.value == "Vader"
    assert "Daan is uitgerust op school." in downloaded(restored)


def test_set_value_survives_garbage():
    form = AfsprakenForm(EXERCISE, check_answer)
    form.set_value({"goal": 5, "tasks": [{"who": "Niet bestaand", "what": 3}, "x"]})
    assert form.fields["goal"].value == ""
    assert form.rows[0].who.value is None
    form.set_value(None)
    assert form.shown_tasks == 1


# --- the dashboard panel -----------------------------------------------------------------


def panel_of(summary: Any, exercise: Afspraken = EXERCISE) -> ResultsPanel:
    panel = exercise_type("afspraken").dashboard_panel(exercise)
    panel.update(summary, summary.respondents)
    return panel


def panel_html(summary: Any, exercise: Afspraken = EXERCISE) -> str:
    return html_of(panel_of(summary, exercise))


def test_panel_shows_cards_common_words_and_who_counts():
    markup = panel_html(summarize(EXERCISE, ANSWERS))
    assert markup.count('class="ss-afspraken-card"') == 3
    assert 'class="ss-afspraken-cards-title" data-count="3"' in markup
    who = dict(
        re.findall(r'class="ss-afspraken-who" data-who="([^"]+)" data-count="(\d+)"', markup)
    )
    assert who == {
        "Ouder(s)": "1",
        "Jongere": "3",
        "Professional": "0",
        "Netwerk": "0",
        "Samen": "1",
        "Oude keuze": "1",
    }
    goal_words = re.search(r'data-section="goal">(.*?)</div>', markup).group(1)
    assert re.findall(r'data-word="([^"]+)" data-count="(\d+)"', goal_words) == [
        ("beter", "2"),
        ("daan", "2"),
        ("school", "2"),
    ]
    assert "6 taken" in text_of(markup)


def test_panel_escapes_participant_text():
    value = full_card(goal=SCRIPT, tasks=[task("Samen", '"><img src=x onerror=alert(1)>')])
    markup = panel_html(summarize(EXERCISE, [answer(check_answer(EXERCISE, value), 1)]))
    assert SCRIPT not in markup
    assert "<img" not in markup
    assert html.escape(SCRIPT) in markup
    assert SCRIPT in text_of(markup)


def test_panel_without_repeated_words_says_so():
    markup = panel_html(summarize(EXERCISE, ANSWERS[:1]))
    assert t("afspraken.common_none") in text_of(markup)


def test_render_html_is_what_the_panel_shows_escaped_and_without_controls():
    cards = [*ANSWERS[:3], answer(full_card(goal=SCRIPT, tasks=[task("Samen", SCRIPT)]), 5)]
    summary = summarize(EXERCISE, cards)
    markup = render_html(EXERCISE, summary)
    # the panel draws exactly this, so the group's view and the report show the same
    snapshot = snapshot_html(panel_of(summary).body)
    assert markup in snapshot
    assert text_of(markup) == text_of(snapshot)
    assert markup.count('class="ss-afspraken-card"') == 4
    assert 'class="ss-afspraken-cards-title" data-count="4"' in markup
    assert 'class="ss-afspraken-who" data-who="Jongere" data-count="3"' in markup
    assert 'class="ss-afspraken-who" data-who="Samen" data-count="2"' in markup
    assert 'class="ss-afspraken-who-title" data-count="7"' in markup
    text = text_of(markup)
    assert t("afspraken.cards", count=4) in text
    assert t("afspraken.who_counts", count=7) in text
    assert t("afspraken.word_count", word="school", count=2) in text
    assert "Daan gaat weer elke dag naar school" in text
    assert "Gesprek met mentor" in text
    assert SCRIPT in text
    assert SCRIPT not in markup
    assert html.escape(SCRIPT) in markup
    assert "<button" not in markup
    assert "<input" not in markup
    # nothing can be hidden and there are no subgroups: the same with either
    assert render_html(EXERCISE, summary, hidden=frozenset({"1", "kaart"}), minimum=5) == markup


def test_render_html_with_trainer_notes_leaves_them_out():
    exercise = EXERCISE.model_copy(update={"trainer_notes": "Alleen voor de trainer"})
    summary = summarize(exercise, ANSWERS)
    panel = panel_of(summary, exercise)
    assert "Alleen voor de trainer" in html_of(panel)
    assert "Alleen voor de trainer" not in render_html(exercise, summary)
    assert text_of(render_html(exercise, summary)) == text_of(snapshot_html(panel.body))


def test_render_html_of_no_cards():
    markup = render_html(EXERCISE, summarize(EXERCISE, []))
    assert t("afspraken.common_none") in text_of(markup)
    assert 'class="ss-afspraken-cards-title" data-count="0"' in markup
    assert 'class="ss-afspraken-card"' not in markup


def test_type_is_registered_with_its_css():
    registered = exercise_type("afspraken")
    assert registered.participant_view is AfsprakenForm
    assert registered.dashboard_panel is ResultsPanel
    assert registered.render_html is render_html
    assert registered.final_section == 2
    assert ".ss-afspraken-cards" in stylesheet().value
    assert "grid" in "".join(registered.css)
    with pytest.raises(AnswerProblem):
        registered.check_answer(EXERCISE, {})


# --- on paper ------------------------------------------------------------------------------


def test_paper_html_is_registered():
    from samenspraak.exercises.afspraken.model import paper_html

    assert exercise_type("afspraken").paper_html is paper_html


def test_paper_html_has_the_situation_and_every_step_in_order():
    from samenspraak.core.html import escape, markdown
    from samenspraak.exercises.afspraken.model import SECTIONS, STEPS, paper_html

    demo = load_workshop("demo").exercise(DEMO_ID)
    markup = paper_html(demo)
    assert markdown(demo.situation) in markup
    assert escape(t("afspraken.situation")) in markup
    assert escape(t("text.warning")) in markup
    at = 0
    for n, section in enumerate(SECTIONS, start=1):
        heading = (
            f"{escape(t('afspraken.step_of', n=n, total=STEPS))}: "
            f"{escape(t(f'afspraken.title.{section}'))}"
        )
        assert markup.index(heading) > at, section
        at = markup.index(heading)
        # the content's own question, or the kit's
        assert markup.index(escape(demo.prompt(section)), at) > at, section
    assert escape(demo.prompts.evaluate) in markup
    assert escape(t("afspraken.prompt.goal")) in markup
    assert escape(t("afspraken.tasks_hint")) in markup
    assert markup.count(escape(t("afspraken.optional"))) == 4
    assert markup.count('class="ss-paper-lines"') == 5
    # step 4: a row per task, a box per who option in each
    assert markup.count('class="ss-paper-task"') == demo.max_tasks
    for option in demo.who:
        assert markup.count(f"☐ {escape(option)}<") == demo.max_tasks, option
    for label in ("afspraken.who", "afspraken.what", "afspraken.when"):
        assert f"<th>{escape(t(label))}</th>" in markup
    assert escape(t("afspraken.task", n=demo.max_tasks)) in markup
    assert "<button" not in markup
    assert "<input" not in markup


def test_paper_html_key_only_for_the_trainer():
    from samenspraak.core.html import escape
    from samenspraak.exercises.afspraken.model import paper_html

    demo = load_workshop("demo").exercise(DEMO_ID)
    key_text = escape(t("afspraken.paper_key_text"))
    without, with_key = paper_html(demo), paper_html(demo, answer_key=True)
    assert key_text not in without
    assert "ss-paper-key" not in without
    assert key_text in with_key
    assert 'class="ss-paper-key"' in with_key
    assert with_key.startswith(without.removesuffix("</div>"))  # the key only adds
    assert "<button" not in with_key
    assert "<input" not in with_key


def test_paper_html_escapes_content():
    from samenspraak.exercises.afspraken.model import Prompts, paper_html

    exercise = EXERCISE.model_copy(
        update={
            "situation": f"Een gezin. {SCRIPT}",
            "who": ["Ouder", SCRIPT],
            "prompts": Prompts(goal=f"Doel? {SCRIPT}"),
        }
    )
    markup = paper_html(exercise, answer_key=True)
    assert "<script>" not in markup
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert markup.count(escaped) == 2 + exercise.max_tasks  # situation, goal, each task row
