"""The trainer runs the room: reveal, lock, rounds, pacing, role split and moderation.

The rules are tested on the store (SQLite file, memory and PostgreSQL) and on the
aggregation; then the dashboard and participants' pages are wired together on one store, as
Voila would run them in separate kernels.
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa

from samenspraak.app.controls import SPLITS
from samenspraak.catalog import load_workshop
from samenspraak.core.aggregate import (
    Withheld,
    by_role,
    by_round,
    content_strings,
    shown,
    with_minimum,
    written_texts,
)
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, ExerciseLocked, ExerciseState, Pacing, Role
from samenspraak.core.store import Store, metadata
from samenspraak.exercises import exercise_type
from samenspraak.render.report import report_html

from .helpers import (
    buttons,
    demo_dashboard,
    html_of,
    join_page,
    text_of,
    walk,
    with_class,
)

STELLING = "demo-stelling"
OPEN = "demo-open"
T0 = datetime(2026, 11, 23, 10, 0)


# --- the store ------------------------------------------------------------------------------


def test_a_locked_exercise_refuses_answers_and_keeps_the_earlier_one(any_store: Store):
    session = any_store.create_session("demo")
    ann = any_store.join(session.code, Role.OUDER)
    any_store.save_answer(ann, STELLING, {"choice": "eens"})
    state = any_store.set_exercise_state(session.id, STELLING, locked=True)
    assert state == ExerciseState(round=1, revealed=False, locked=True)
    with pytest.raises(ExerciseLocked):
        any_store.save_answer(ann, STELLING, {"choice": "oneens"})
    any_store.save_answer(ann, OPEN, {"text": "ander oefening blijft open"})
    assert [a.value for a in any_store.answers(session.id, STELLING)] == [{"choice": "eens"}]
    any_store.set_exercise_state(session.id, STELLING, locked=False)
    any_store.save_answer(ann, STELLING, {"choice": "oneens"})
    assert [a.value for a in any_store.answers(session.id, STELLING)] == [{"choice": "oneens"}]


def test_a_new_round_keeps_the_first_and_takes_new_answers(any_store: Store):
    session = any_store.create_session("demo")
    ann = any_store.join(session.code, Role.PROFESSIONAL)
    any_store.save_answer(ann, STELLING, {"choice": "eens"})
    any_store.set_exercise_state(session.id, STELLING, revealed=True, locked=True)
    any_store.save_shared_results(session.id, STELLING, "<p>uitslag</p>")

    state = any_store.new_round(session.id, STELLING)

    # A new round is open and hidden again, and what the group saw of round 1 is gone.
    assert state == ExerciseState(round=2, revealed=False, locked=False)
    assert any_store.shared_results(session.id) == {}
    assert any_store.answers_of(ann) == {}  # nothing yet in round 2
    any_store.save_answer(ann, STELLING, {"choice": "oneens"})
    assert any_store.answers_of(ann) == {STELLING: {"choice": "oneens"}}
    assert any_store.answers_of(ann, round=1) == {STELLING: {"choice": "eens"}}
    rounds = [(a.round, a.value["choice"]) for a in any_store.answers(session.id, round=None)]
    assert rounds == [(1, "eens"), (2, "oneens")]
    assert any_store.new_round(session.id, STELLING).round == 3
    assert any_store.control(session.id).state(OPEN) == ExerciseState()  # others untouched


def test_pacing_and_the_opened_exercise(any_store: Store):
    session = any_store.create_session("demo")
    assert any_store.control(session.id).pacing is Pacing.SELF
    any_store.set_pacing(session.id, Pacing.LED, STELLING)
    control = any_store.control(session.id)
    assert (control.pacing, control.current_exercise) == (Pacing.LED, STELLING)
    any_store.set_pacing(session.id, "self")
    control = any_store.control(session.id)
    assert (control.pacing, control.current_exercise) == (Pacing.SELF, None)
    other = any_store.create_session("demo")
    assert any_store.control(other.id).pacing is Pacing.SELF


def test_every_change_of_control_moves_the_activity_marker(any_store: Store):
    session = any_store.create_session("demo")
    seen = [any_store.activity(session.id).last_control]
    for change in (
        lambda: any_store.set_pacing(session.id, Pacing.LED, OPEN),
        lambda: any_store.set_exercise_state(session.id, OPEN, revealed=True),
        lambda: any_store.save_shared_results(session.id, OPEN, "<p>a</p>"),
        lambda: any_store.new_round(session.id, OPEN),
    ):
        before = any_store.activity(session.id)
        change()
        after = any_store.activity(session.id)
        assert after != before
        seen.append(after.last_control)
    assert seen[0] is None
    assert None not in seen[1:]
    # Sharing the same results again changes nothing, so no participant redraws.
    any_store.save_shared_results(session.id, OPEN, "<p>b</p>")
    before = any_store.activity(session.id)
    any_store.save_shared_results(session.id, OPEN, "<p>b</p>")
    assert any_store.activity(session.id) == before


def test_deleting_a_session_deletes_everything_in_it(any_store: Store):
    session = any_store.create_session("demo")
    keep = any_store.create_session("demo")
    for target in (session, keep):
        person = any_store.join(target.code, Role.OUDER)
        any_store.remember_device(person, f"browser-{target.id}")
        any_store.save_answer(person, OPEN, {"text": "iets"})
        any_store.set_hidden(target.id, OPEN, "answer-1", True)
        any_store.set_exercise_state(target.id, OPEN, revealed=True)
        any_store.set_pacing(target.id, Pacing.LED, OPEN)
        any_store.save_shared_results(target.id, OPEN, "<p>x</p>")
    any_store.delete_session(session.id)
    # Every table that belongs to a session, including any added later.
    tables = [t for t in metadata.sorted_tables if "session_id" in t.c or t.name == "sessions"]
    assert len(tables) == 8
    with any_store.engine.connect() as conn:
        for table in tables:
            column = table.c.id if table.name == "sessions" else table.c.session_id
            found = set(conn.execute(sa.select(column)).scalars())
            assert found == {keep.id}, table.name


# --- aggregation ----------------------------------------------------------------------------


def answer(n: int, role: Role, value: object, round: int = 1) -> Answer:
    return Answer(f"p-{n:08x}", role, STELLING, round, value, T0, T0, id=n)


def test_hidden_answers_are_left_out_and_groups_split_by_role_and_round():
    answers = [
        answer(1, Role.PROFESSIONAL, {"choice": "eens"}),
        answer(2, Role.OUDER, {"choice": "oneens"}),
        answer(3, Role.PROFESSIONAL, {"choice": "eens"}, round=2),
        answer(4, Role.JONGERE, {"choice": "eens"}),
    ]
    assert [a.id for a in shown(answers, {"answer-2", "idea-9"})] == [1, 3, 4]
    assert {role: [a.id for a in group] for role, group in by_role(answers).items()} == {
        Role.PROFESSIONAL: [1, 3],
        Role.OUDER: [2],
        Role.JONGERE: [4],
    }
    assert list(by_role(answers)) == [Role.PROFESSIONAL, Role.OUDER, Role.JONGERE]
    assert {n: [a.id for a in group] for n, group in by_round(answers).items()} == {
        1: [1, 2, 4],
        2: [3],
    }


def test_the_minimum_group_size_applies_to_each_role_on_its_own():
    exercise = load_workshop("demo").exercise(STELLING)
    summarize = exercise_type("stelling").summarize
    answers = [answer(n, Role.PROFESSIONAL, {"choice": "eens"}) for n in range(1, 6)]
    answers.append(answer(9, Role.OUDER, {"choice": "oneens"}))
    groups = by_role(answers)
    assert with_minimum(summarize, exercise, groups[Role.OUDER], 3) == Withheld(1, 3)
    assert not isinstance(with_minimum(summarize, exercise, groups[Role.PROFESSIONAL], 3), Withheld)


def test_written_texts_are_what_participants_typed_not_the_options():
    exercise = load_workshop("demo").exercise(STELLING)
    known = content_strings(exercise)
    value = {"choice": "eens", "reason": " Ouders blijven, dat klopt. ", "extra": ["  "]}
    assert written_texts(value, known) == ["Ouders blijven, dat klopt."]
    idea = {"ideas": [{"id": "i-3f2a", "text": "luisteren"}], "votes": ["i-77aa"]}
    assert written_texts(idea, known) == ["luisteren"]  # one word is a text too
    assert written_texts({"choice": "oneens", "reason": ""}, known) == []


# --- the dashboard and participants' pages together -------------------------------------


@pytest.fixture
def room(store: Store):
    """A trainer's dashboard (minimum 2) and three joined participants on the demo workshop."""
    dashboard, session = demo_dashboard(store, min_group=2)
    workshop = load_workshop("demo")
    pages = [
        join_page(workshop, store, session.code, role, show=[e.id for e in workshop.exercises])
        for role in ("professional", "professional", "ouder")
    ]
    return dashboard.session_view, session, pages


def answer_stelling(page, choice: str, reason: str = "") -> bool:
    form = page.show(STELLING)
    form.choice.value = choice
    form.reason.value = reason
    return form.submit()


def test_results_reach_participants_only_after_the_trainer_reveals_them(room):
    view, session, pages = room
    answer_stelling(pages[0], "eens", "Ouders kennen hun kind.")
    answer_stelling(pages[1], "oneens")
    block = view.blocks[STELLING]
    view.refresh()
    for page in pages:
        page.refresh()
        assert page.show(STELLING).group_results.value == ""

    block.reveal.value = True

    assert view.store.control(session.id).state(STELLING).revealed
    shared = view.store.shared_results(session.id)[STELLING]
    assert "Ouders kennen hun kind." in shared
    assert "<button" not in shared
    assert t("dash.notes") not in shared
    for page in pages:
        page.refresh()
        markup = page.show(STELLING).group_results.value
        assert t("session.group_results") in text_of(markup)
        assert "Ouders kennen hun kind." in text_of(markup)
    assert pages[0].show(OPEN).group_results.value == ""  # only the revealed exercise

    # New answers reach the group's view on the dashboard's next poll.
    answer_stelling(pages[2], "eens", "Samen weten we meer.")
    view.refresh()
    pages[1].refresh()
    assert "Samen weten we meer." in text_of(pages[1].show(STELLING).group_results.value)

    block.reveal.value = False
    pages[1].refresh()
    assert pages[1].show(STELLING).group_results.value == ""


def test_below_the_minimum_the_group_sees_only_how_many_answered(room):
    view, _session, pages = room
    answer_stelling(pages[0], "eens", "Alleen ik schreef dit.")
    view.refresh()
    view.blocks[STELLING].reveal.value = True
    pages[1].refresh()
    markup = text_of(pages[1].show(STELLING).group_results.value)
    assert t("dash.waiting", count=1, minimum=2) in markup
    assert "Alleen ik schreef dit." not in markup


def test_a_locked_exercise_tells_participants_and_keeps_their_answer(room):
    view, session, pages = room
    answer_stelling(pages[0], "eens")
    view.blocks[STELLING].lock.value = True
    pages[0].refresh()
    form = pages[0].show(STELLING)
    assert form.save_button.disabled
    assert text_of(form.session_note.value) == t("session.locked")

    # A page that has not polled yet still cannot save: the store refuses and says why.
    late = pages[1].show(STELLING)
    late.choice.value = "oneens"
    assert not late.submit()
    assert text_of(late.status.value) == t("answer.locked")
    assert [a.value["choice"] for a in view.store.answers(session.id, STELLING)] == ["eens"]

    view.blocks[STELLING].lock.value = False
    pages[1].refresh()
    assert not late.save_button.disabled
    assert late.submit()


def test_a_second_round_empties_the_forms_and_the_dashboard_compares_rounds(room):
    view, session, pages = room
    for page, choice in zip(pages, ("eens", "eens", "oneens"), strict=True):
        answer_stelling(page, choice)
    block = view.blocks[STELLING]
    block.round_button.click()  # asks first
    assert view.store.control(session.id).state(STELLING).round == 1
    block.round_button.click()
    assert view.store.control(session.id).state(STELLING).round == 2

    for page in pages:
        page.refresh()
    form = pages[0].show(STELLING)
    assert form.choice.value is None
    assert form.round == 2
    assert text_of(form.session_note.value) == t("session.new_round", round=2)
    for page in pages[:2]:
        assert answer_stelling(page, "oneens")

    view.refresh()
    assert text_of(block.panel.status.value) == t("dash.answers", count=2)  # round 2 only
    block.split.value = "ronde"
    columns = text_of(html_of(block.content))
    assert t("control.group_round", round=1, count=3) in columns
    assert t("control.group_round", round=2, count=2) in columns
    rounds = sorted(
        (a.round, a.value["choice"]) for a in view.store.answers(session.id, round=None)
    )
    assert rounds == [(1, "eens"), (1, "eens"), (1, "oneens"), (2, "oneens"), (2, "oneens")]


def test_results_split_by_role_side_by_side_each_with_the_minimum(room):
    view, _session, pages = room
    for page, choice in zip(pages, ("eens", "eens", "oneens"), strict=True):
        answer_stelling(page, choice)
    block = view.blocks[STELLING]
    block.split.value = "rol"
    view.refresh()
    markup = text_of(html_of(block.content))
    assert t("control.group_role", label=t("role.professional"), count=2) in markup
    assert t("control.group_role", label=t("role.ouder"), count=1) in markup
    # One parent is fewer than the minimum of two: that column shows only the count.
    assert t("dash.waiting", count=1, minimum=2) in markup


def test_the_trainer_hides_one_text_answer_from_the_shared_view(room):
    view, session, pages = room
    answer_stelling(pages[0], "eens", "Een gewone reden.")
    answer_stelling(pages[1], "eens", "Mevrouw van de bakker op de hoek")
    answer_stelling(pages[2], "oneens")
    block = view.blocks[STELLING]
    block.reveal.value = True
    view.refresh()
    rows = list(block.moderation.children[0].children[1].children)
    assert len(rows) == 2
    hide = next(r for r in rows if "bakker" in r.children[0].value).children[1]
    hide.click()

    assert "bakker" not in html_of(block.content)
    assert "Een gewone reden." in html_of(block.content)
    assert "bakker" not in view.store.shared_results(session.id)[STELLING]
    assert text_of(block.panel.status.value) == t("dash.answers", count=2)
    assert t("control.moderation_hidden") in html_of(block.moderation)

    unhide = next(
        r for r in block.moderation.children[0].children[1].children if "bakker" in html_of(r)
    ).children[1]
    unhide.click()
    assert "bakker" in html_of(block.content)


def test_led_pacing_shows_everyone_the_exercise_the_trainer_opened(room):
    view, session, pages = room
    page = pages[0]
    view.pacing.value = Pacing.LED.value
    page.refresh()
    first = view.workshop.exercises[0].id
    assert "ss-led" in page.join_panel._dom_classes
    assert page.follower.stage.children[-1] is page.show(first)

    view.blocks[STELLING].open_now.click()
    page.refresh()
    assert page.follower.stage.children[-1] is page.show(STELLING)
    assert t("dash.now_open", title=view.workshop.exercise(STELLING).title) in text_of(
        view.now_open.value
    )
    view.next_button.click()
    page.refresh()
    assert view.store.control(session.id).current_exercise == OPEN
    assert page.follower.stage.children[-1] is page.show(OPEN)

    view.pacing.value = Pacing.SELF.value
    page.refresh()
    assert "ss-led" not in page.join_panel._dom_classes
    assert page.show(OPEN) not in page.follower.stage.children


def test_the_presenter_view_shows_one_panel_without_controls(room):
    view, _session, pages = room
    answer_stelling(pages[0], "eens", "Zichtbaar op het scherm.")
    answer_stelling(pages[1], "oneens")
    view.refresh()
    presenter = view.presenter
    assert presenter.layout.display == "none"
    view.blocks[STELLING].present.click()
    assert presenter.layout.display == ""
    assert presenter.stage.children == (view.blocks[STELLING].content,)
    assert "Zichtbaar op het scherm." in html_of(presenter.stage)
    assert view.blocks[STELLING].controls not in list(presenter.stage.children)
    assert presenter.code.layout.display == "none"
    presenter.show_code.value = True
    assert presenter.code.layout.display == ""
    assert view.session.code in html_of(presenter.code)
    presenter.step(1)
    assert presenter.current is view.blocks[OPEN]
    presenter.close_view()
    assert presenter.layout.display == "none"


def test_a_new_session_can_start_from_an_earlier_ones_settings(store: Store):
    dashboard, first = demo_dashboard(store, min_group=7)
    store.set_pacing(first.id, Pacing.LED, STELLING)
    person = store.join(first.code, Role.OUDER)
    store.save_answer(person, OPEN, {"text": "iets"})
    again = type(dashboard)(store, dashboard.workshops, dashboard.public_url)
    table = text_of(again.past_table.value)
    assert first.code in table
    assert t("dash.col_participants") in table
    assert again.past_sessions.value == first.id

    second = again.start_like()

    assert second.id != first.id
    assert second.code != first.code
    assert (second.workshop_id, second.min_group_size) == ("demo", 7)
    control = store.control(second.id)
    assert control.pacing is Pacing.LED
    assert control.current_exercise == load_workshop("demo").exercises[0].id
    overview = {o.session.id: (o.participants, o.answers) for o in store.list_sessions()}
    assert overview == {first.id: (1, 1), second.id: (0, 0)}


def test_the_trainer_downloads_answers_and_report_from_the_dashboard(room):
    view, session, pages = room
    answer_stelling(pages[0], "eens", "Een reden <b>met</b> tekens.")
    view.prepare_downloads()
    markup = view.downloads.value
    found = dict(
        re.findall(
            r'class="ss-download (ss-download-[\w-]+)" download="[^"]+" href="([^"]+)"', markup
        )
    )
    assert set(found) == {
        "ss-download-xlsx",
        "ss-download-csv",
        "ss-download-json",
        "ss-download-report-html",
        "ss-download-report-pdf",
    }
    payload = {css: base64.b64decode(href.split(",", 1)[1]) for css, href in found.items()}
    assert payload["ss-download-report-pdf"].startswith(b"%PDF")
    rows = json.loads(payload["ss-download-json"])
    assert [(r["exercise_id"], r["pseudonym"]) for r in rows] == [
        (STELLING, pages[0].participant.pseudonym)
    ]
    assert session.code in payload["ss-download-report-html"].decode("utf-8")
    assert not view.make_exports.disabled


# --- the minimum group size on the trainer's screen too ----------------------------------

MINIMUM = 5
TEXT_TYPES = ("stelling", "open", "woordwolk", "ideeen", "taalcheck", "casus", "afspraken")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIXED_ROLES = (Role.PROFESSIONAL, Role.OUDER, Role.JONGERE)


def route_to_an_ending(casus: Any) -> list[int]:
    """A route through a casus that ends at an ending, found by walking its steps."""

    def search(step_id: str, path: list[int]) -> list[int] | None:
        step = casus.step(step_id)
        if step.is_ending:
            return path
        if len(path) >= len(casus.steps):  # a loop: give up on this branch
            return None
        for index, choice in enumerate(step.choices):
            found = search(choice.next, [*path, index])
            if found is not None:
                return found
        return None

    route = search(casus.start, [])
    assert route is not None
    return route


def written_answer(exercise: Any, mark: str, n: int) -> Any:
    """A valid answer to ``exercise`` in which every written text carries ``mark``."""
    item_id = f"{n:08x}"
    raw = {
        "stelling": lambda: {"choice": "eens", "reason": f"Reden {mark}"},
        "open": lambda: {"text": f"Antwoord {mark}"},
        "woordwolk": lambda: {"words": [mark]},
        "ideeen": lambda: {"ideas": [{"id": item_id, "text": f"Idee {mark}"}], "votes": []},
        "taalcheck": lambda: {"id": item_id, "text": f"Nieuwe zin {mark}", "votes": []},
        "casus": lambda: {
            "path": route_to_an_ending(exercise),
            "debrief": {question.id: f"Antwoord {mark}" for question in exercise.debrief},
        },
        "afspraken": lambda: {
            "goal": f"Doel {mark}",
            "tasks": [{"who": exercise.who[0], "what": f"Taak {mark}", "when": "morgen"}],
        },
    }[exercise.type]()
    return exercise_type(exercise.type).check_answer(exercise, raw)


def everyone_writes(store: Store, session: Any, people: range, tag: str = "") -> list[str]:
    """Each person in ``people`` joins and answers every exercise that takes text; the marks
    in what they wrote (one per person and exercise)."""
    marks = []
    for n in people:
        person = store.join(session.code, MIXED_ROLES[n % len(MIXED_ROLES)])
        for exercise in load_workshop("demo").exercises:
            if exercise.type in TEXT_TYPES:
                mark = f"zeldzaam{exercise.type}{tag}{LETTERS[n]}"
                store.save_answer(person, exercise.id, written_answer(exercise, mark, n))
                marks.append(mark)
    return marks


def everything_in(widget: Any) -> str:
    """Every text the widget tree holds, folded away or not, lower case."""
    parts: list[str] = []
    for w in walk(widget):
        for name in ("value", "description", "tooltip", "placeholder"):
            value = getattr(w, name, None)
            if isinstance(value, str):
                parts.append(value)
        parts += [str(label) for label in getattr(w, "_options_labels", ())]
    return "\n".join(parts).lower()


def every_view(dashboard: Any) -> str:
    """All the trainer can bring on screen: each split of each exercise with its moderation
    list opened, the presenter on each exercise, the group's view and the report."""
    view = dashboard.session_view
    for exercise_id in view.blocks:
        view.store.set_exercise_state(view.session.id, exercise_id, revealed=True)
    view.refresh(force=True)
    seen = []
    for split in SPLITS:
        for block in view.blocks.values():
            block.split.value = split
            for toggle in buttons(block, "ss-moderation-toggle"):
                toggle.click()
        for block in view.blocks.values():
            view.present(block)
            seen.append(everything_in(view.presenter))
        seen.append(everything_in(dashboard))
    seen += view.store.shared_results(view.session.id).values()
    seen.append(report_html(view.store, view.session))
    return "\n".join(seen).lower()


@pytest.fixture
def five(store: Store):
    """A trainer's dashboard on the demo workshop that shows results from five answers on."""
    dashboard, session = demo_dashboard(store, min_group=MINIMUM)
    return dashboard, session


def test_no_text_anywhere_before_the_minimum_of_answers(five):
    dashboard, session = five
    marks = everyone_writes(dashboard.store, session, range(MINIMUM - 1))
    seen = every_view(dashboard)
    assert [mark for mark in marks if mark in seen] == []
    for block in dashboard.session_view.blocks.values():
        if block.exercise.type in TEXT_TYPES:
            # The moderation list says when the texts come, and offers nothing to hide.
            assert text_of(html_of(block.moderation)) == t("dash.texts_waiting", minimum=MINIMUM)
            assert not buttons(block.moderation, "ss-moderation-hide")


def test_every_text_shows_once_the_minimum_answered(five):
    dashboard, session = five
    marks = everyone_writes(dashboard.store, session, range(MINIMUM))
    dashboard.session_view.refresh(force=True)
    shown_now = everything_in(dashboard)
    assert [mark for mark in marks if mark not in shown_now] == []
    for block in dashboard.session_view.blocks.values():
        if block.exercise.type in TEXT_TYPES:
            assert len(buttons(block.moderation, "ss-moderation-hide")) == MINIMUM
    report = report_html(dashboard.store, session).lower()
    assert [mark for mark in marks if mark not in report] == []


def test_a_new_round_shows_no_text_before_the_minimum_answered_again(five):
    dashboard, session = five
    first = everyone_writes(dashboard.store, session, range(MINIMUM))
    for exercise in load_workshop("demo").exercises:
        dashboard.store.new_round(session.id, exercise.id)
    second = everyone_writes(dashboard.store, session, range(10, 10 + MINIMUM - 1), "nieuw")
    seen = every_view(dashboard)
    assert [mark for mark in second if mark in seen] == []
    assert [mark for mark in first if mark not in seen] == []  # round 1 had enough


def test_an_answer_hidden_below_the_minimum_can_still_be_shown_again(five):
    dashboard, session = five
    marks = everyone_writes(dashboard.store, session, range(MINIMUM))
    view = dashboard.session_view
    view.refresh(force=True)
    block = view.blocks[STELLING]
    mark = next(m for m in marks if m.startswith("zeldzaamstelling"))
    row = next(r for r in with_class(block.moderation, "ss-moderation-row") if mark in html_of(r))
    buttons(row, "ss-moderation-hide")[0].click()

    # Four answers left in the results: they wait again, but the trainer saw the five texts
    # already and can take the hidden one back.
    assert t("dash.waiting", count=MINIMUM - 1, minimum=MINIMUM) in text_of(html_of(block.content))
    assert mark not in html_of(block.content)
    row = next(r for r in with_class(block.moderation, "ss-moderation-row") if mark in html_of(r))
    buttons(row, "ss-moderation-unhide")[0].click()
    assert mark in html_of(block.content)


def test_a_sensitive_result_asks_before_it_is_shown_to_parents_in_the_room(room):
    view, session, pages = room  # two professionals and a parent joined
    for page, choice in zip(pages, ("eens", "oneens", "eens"), strict=True):
        answer_stelling(page, choice)
    block = view.blocks[STELLING]
    block.exercise = block.exercise.model_copy(update={"sensitive": True})
    view.refresh()

    block.reveal.value = True  # the first click asks
    assert not view.store.control(session.id).state(STELLING).revealed
    assert block.reveal.value is False
    assert block.reveal.description == t("control.reveal_sensitive_confirm")
    assert 'role="alert"' in block.caution.value
    assert t("control.reveal_sensitive") in text_of(block.caution.value)
    view.refresh()  # a poll in between keeps the question
    assert block.reveal.description == t("control.reveal_sensitive_confirm")

    block.reveal.value = True  # the second click shows it
    assert view.store.control(session.id).state(STELLING).revealed
    assert block.caution.value == ""
    assert STELLING in view.store.shared_results(session.id)


def test_a_sensitive_result_among_professionals_only_is_shown_at_once(store: Store):
    dashboard, session = demo_dashboard(store, min_group=1)
    workshop = load_workshop("demo")
    page = join_page(workshop, store, session.code, "professional", show=[STELLING])
    answer_stelling(page, "eens")
    view = dashboard.session_view
    block = view.blocks[STELLING]
    block.exercise = block.exercise.model_copy(update={"sensitive": True})
    block.reveal.value = True
    assert store.control(session.id).state(STELLING).revealed
    assert block.caution.value == ""
