"""Tests for the widgets: the participant's page, the exercise forms and the trainer's dashboard.

No browser and no kernel: widgets are built, their values set as a person would set them,
buttons clicked with ``Button.click()``, and the outcome read from the widgets and the real
SQLite store.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import html
import re
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

import samenspraak.core.store as store_module
from samenspraak.app.dashboard import TrainerDashboard
from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.content import ExerciseBase, WorkshopBase
from samenspraak.core.messages import t
from samenspraak.core.records import Participant, Role, SessionState
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type, exercise_types, register
from samenspraak.exercises._shared.base import AnswerForm, ResultsPanel
from samenspraak.exercises.stelling.view import CHOICES

from .helpers import (
    CONTENT,
    PNG_SIGNATURE,
    PUBLIC_URL,
    answer_rows,
    db_path,
    db_rows,
    heavy_modules_after,
    html_of,
    join_page,
    status,
    text_of,
    walk,
    write_locked,
)
from .types import ALL_TYPES

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = '"><script>alert(1)</script>'

SHIPPED = load_workshop("grondhouding", CONTENT)
SCHAAL_ID = "mijn-grondhouding"
STELLING_ID = "ouder-kent-het-kind"
OPEN_ID = "waarom-doe-ik-wat-ik-doe"  # max_length 600
ALL_IDS = [exercise.id for exercise in SHIPPED.exercises]
TYPE_OF = {exercise.id: exercise.type for exercise in SHIPPED.exercises}


# --- helpers -----------------------------------------------------------------------------


def fill_schaal(form: AnswerForm, variant: int) -> dict[str, Any]:
    scores = {}
    for n, (statement_id, toggle) in enumerate(form.choices.items()):
        score = (n + variant) % 5 + 1
        toggle.value = score
        scores[statement_id] = score
    return {"scores": scores}


REASONS = ("Ouders blijven, ik ga weer weg.", "De ouder ziet het kind elke dag.", "Dat hangt af.")
OPEN_TEXTS = ("Ik luisterde eerst en gaf nog geen advies.", "Ik vroeg wat thuis wel werkt.")


def fill_stelling(form: AnswerForm, variant: int) -> dict[str, Any]:
    choice = CHOICES[variant % len(CHOICES)]
    reason = REASONS[variant % len(REASONS)]
    form.choice.value = choice
    form.reason.value = reason
    return {"choice": choice, "reason": reason}


def fill_open(form: AnswerForm, variant: int) -> dict[str, Any]:
    text = OPEN_TEXTS[variant % len(OPEN_TEXTS)]
    form.text.value = text
    return {"text": text}


FILL: dict[str, Callable[[AnswerForm, int], dict[str, Any]]] = {
    "schaal": fill_schaal,
    "stelling": fill_stelling,
    "open": fill_open,
}


# The shipped exercises these form helpers can fill in (the workshop has more types).
FORM_IDS = [exercise.id for exercise in SHIPPED.exercises if exercise.type in FILL]


def fill(form: AnswerForm, variant: int = 0) -> dict[str, Any]:
    return FILL[form.exercise.type](form, variant)


def form_state(form: AnswerForm) -> Any:
    """What the person has typed or chosen, to check that nothing is lost."""
    return form.raw_value()


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def session(store: Store) -> store_module.Session:
    return store.create_session("grondhouding", min_group_size=3)


@pytest.fixture
def page(workshop: WorkshopBase, store: Store, session: store_module.Session) -> WorkshopPage:
    """A participant who joined the open session as a parent."""
    return join_page(workshop, store, session.code, "ouder")


def make_gone(store: Store) -> None:
    """The database file disappears and a directory takes its place: it cannot be opened."""
    store.dispose()
    path = db_path(store)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.mkdir()


# --- joining -----------------------------------------------------------------------------


def test_code_from_constructor_is_prefilled(workshop, store):
    page = WorkshopPage(workshop, store, code="K7Q4P")
    assert page.join_panel.code.value == "K7Q4P"
    assert page.participant is None


def test_join_form_asks_no_name(workshop, store):
    page = WorkshopPage(workshop, store)
    text_inputs = [
        w for w in walk(page.join_panel) if isinstance(w, widgets.Text | widgets.Textarea)
    ]
    # Only codes are typed: the session's join code and, when rejoining, one's own code.
    assert text_inputs == [page.join_panel.code, page.join_panel.personal]
    assert [value for _label, value in page.join_panel.role.options] == [r.value for r in Role]


@pytest.mark.parametrize("typed", ["", "   "])
def test_empty_code_is_refused(workshop, store, typed):
    page = WorkshopPage(workshop, store, code=typed)
    page.join_panel.role.value = "professional"
    page.join_panel.button.click()
    assert text_of(page.join_panel.message.value) == t("error.code_empty")
    assert page.participant is None
    assert db_rows(store, "SELECT * FROM participants") == []


def test_missing_role_is_refused(workshop, store, session):
    page = WorkshopPage(workshop, store, code=session.code)
    page.join_panel.button.click()
    assert text_of(page.join_panel.message.value) == t("error.role_missing")
    assert page.participant is None
    assert db_rows(store, "SELECT * FROM participants") == []


def test_unknown_code_names_the_code(workshop, store, session):
    unknown = "QQQQQ" if session.code != "QQQQQ" else "WWWWW"
    page = WorkshopPage(workshop, store, code=unknown.lower())
    page.join_panel.role.value = "jongere"
    page.join_panel.button.click()
    message = text_of(page.join_panel.message.value)
    assert message == t("error.code_unknown", code=unknown)
    assert unknown in message
    assert page.participant is None
    assert db_rows(store, "SELECT * FROM participants") == []


def test_closed_session_code_is_refused(workshop, store, session):
    store.close_session(session.id)
    page = WorkshopPage(workshop, store, code=session.code)
    page.join_panel.role.value = "ouder"
    page.join_panel.button.click()
    # The same answer as an unknown code: a guesser learns nothing from it.
    assert text_of(page.join_panel.message.value) == t("error.code_unknown", code=session.code)
    assert page.participant is None
    assert db_rows(store, "SELECT * FROM participants") == []
    assert page.join_panel.form.layout.display != "none"


def test_code_of_another_workshop_is_refused(workshop, store):
    other = store.create_session("andere-workshop")
    page = WorkshopPage(workshop, store, code=other.code)
    page.join_panel.role.value = "professional"
    page.join_panel.button.click()
    message = text_of(page.join_panel.message.value)
    assert message == t("error.code_other_workshop", code=other.code, title="andere-workshop")
    assert other.code in message
    assert page.participant is None
    assert db_rows(store, "SELECT * FROM participants") == []


@pytest.mark.parametrize("spell", [str.lower, lambda c: f"  {c[:2].lower()} {c[2:]} ", "-".join])
def test_lower_case_and_spaced_code_joins(workshop, store, session, spell):
    page = WorkshopPage(workshop, store, code=spell(session.code))
    page.join_panel.role.value = "jongere"
    page.join_panel.button.click()
    assert page.participant is not None
    assert page.participant.session_id == session.id
    assert session.code in text_of(page.join_panel.message.value)


def test_joining_hides_form_and_stores_only_a_role(workshop, store, session):
    page = WorkshopPage(workshop, store, code=session.code)
    assert page.join_panel.form.layout.display != "none"
    page.join_panel.role.value = "ouder"
    page.join_panel.button.click()

    assert page.join_panel.form.layout.display == "none"
    assert text_of(page.join_panel.message.value) == t("join.joined", code=session.code) + t(
        "join.personal_code", personal=page.participant.personal_code
    )
    assert "ss-joined" in page.join_panel.message.value

    rows = db_rows(store, "SELECT session_id, pseudonym, role FROM participants")
    assert len(rows) == 1
    session_id, pseudonym, role = rows[0]
    assert (session_id, role) == (session.id, "ouder")
    assert re.fullmatch(r"p-[0-9a-f]{8}", pseudonym)
    assert page.participant == Participant(page.participant.id, session.id, pseudonym, Role.OUDER)

    # No table has a place for a name, and the participant row holds nothing but these.
    tables = [r[0] for r in db_rows(store, "SELECT name FROM sqlite_master WHERE type='table'")]
    assert set(tables) == {
        "sessions",
        "participants",
        "answers",
        "hidden_items",
        "exercise_states",
        "session_control",
        "shared_results",
        "purges",
        "devices",  # only a hash of the browser's random cookie
        "join_failures",  # only a hash of an address that typed wrong codes
        "alembic_version",  # the schema's migration revision
    }
    for table in tables:
        columns = [r[1] for r in db_rows(store, f"PRAGMA table_info({table})")]
        assert not [c for c in columns if "name" in c], (table, columns)
    columns = {r[1] for r in db_rows(store, "PRAGMA table_info(participants)")}
    assert columns == {"id", "session_id", "pseudonym", "role", "joined_at"}


def test_join_while_store_is_locked_says_try_again(workshop, fragile_store):
    session = fragile_store.create_session("grondhouding")
    page = WorkshopPage(workshop, fragile_store, code=session.code)
    page.join_panel.role.value = "professional"
    with write_locked(fragile_store):
        page.join_panel.button.click()
    assert text_of(page.join_panel.message.value) == t("error.store")
    assert page.participant is None
    assert page.join_panel.code.value == session.code  # typed code kept
    page.join_panel.button.click()  # the lock is gone: trying again works
    assert page.participant is not None


# --- exercise forms ----------------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", FORM_IDS)
def test_save_before_joining_asks_to_join(workshop, store, session, exercise_id):
    page = WorkshopPage(workshop, store, code=session.code)
    form = page.show(exercise_id)
    fill(form)
    typed = form_state(form)
    form.save_button.click()
    assert status(form) == t("join.first")
    assert "ss-problem" in form.status.value
    assert answer_rows(store) == []
    assert form_state(form) == typed


@pytest.mark.parametrize("exercise_id", FORM_IDS)
def test_save_then_change_replaces_the_answer(page, store, exercise_id):
    form = page.show(exercise_id)
    assert isinstance(form, exercise_type(TYPE_OF[exercise_id]).participant_view)
    first = fill(form, 0)
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert "ss-ok" in form.status.value
    assert answer_rows(store) == [(page.participant.id, exercise_id, first)]

    second = fill(form, 1)
    assert second != first
    form.save_button.click()
    assert status(form) == t("answer.updated")
    assert "nieuwe antwoord" in status(form)
    assert answer_rows(store) == [(page.participant.id, exercise_id, second)]


def test_answers_of_different_exercises_are_kept_apart(page, store):
    expected = {}
    for exercise_id in FORM_IDS:
        form = page.show(exercise_id)
        expected[exercise_id] = fill(form, 2)
        form.save_button.click()
        assert status(form) == t("answer.saved"), exercise_id
    stored = {eid: value for _pid, eid, value in answer_rows(store)}
    assert stored == expected


def test_show_returns_the_same_form(page):
    assert page.show(SCHAAL_ID) is page.show(SCHAAL_ID)
    assert page.show(OPEN_ID) is not page.show("zin-met-respect")
    with pytest.raises(KeyError):
        page.show("bestaat-niet")


def test_form_has_title_intro_and_classes(page):
    form = page.show(SCHAAL_ID)
    markup = html_of(form)
    assert "Mijn grondhouding" in markup
    assert "<strong>grondhouding</strong>" in markup  # the intro's Markdown is rendered
    assert {"ss-exercise", "ss-schaal", f"ss-exercise-{SCHAAL_ID}"} <= set(form._dom_classes)
    assert form.save_button.description == t("answer.save")


# schaal


@pytest.mark.parametrize(
    ("answered", "missing"),
    [(set(), "1, 2, 3, 4, 5, 6, 7, 8"), ({0, 1, 2, 3, 4, 5, 6}, "8"), ({1, 2, 4, 5, 6}, "1, 4, 8")],
)
def test_schaal_with_missing_statements_lists_them(page, store, answered, missing):
    form = page.show(SCHAAL_ID)
    toggles = list(form.choices.values())
    assert len(toggles) == 8
    for n in answered:
        toggles[n].value = 3
    form.save_button.click()
    assert status(form) == t("answer.incomplete", missing=missing)
    assert answer_rows(store) == []
    assert [tg.value for tg in toggles] == [3 if n in answered else None for n in range(8)]


def test_schaal_offers_the_scale_labels(page):
    form = page.show(SCHAAL_ID)
    for toggle in form.choices.values():
        assert list(toggle.options) == [
            ("Nooit", 1),
            ("Zelden", 2),
            ("Soms", 3),
            ("Vaak", 4),
            ("Altijd", 5),
        ]
        assert toggle.value is None


# stelling


def test_stelling_without_choice_is_refused(page, store):
    form = page.show(STELLING_ID)
    form.reason.value = "Omdat ouders blijven."
    form.save_button.click()
    assert status(form) == t("answer.choose")
    assert answer_rows(store) == []
    assert form.reason.value == "Omdat ouders blijven."


def test_stelling_reason_may_be_empty(page, store):
    form = page.show(STELLING_ID)
    form.choice.value = "weet_niet"
    form.reason.value = "   "
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert answer_rows(store) == [
        (page.participant.id, STELLING_ID, {"choice": "weet_niet", "reason": ""})
    ]


def test_stelling_reason_with_email_is_refused_and_kept(page, store):
    form = page.show(STELLING_ID)
    form.choice.value = "oneens"
    reason = "Mail me gerust op j.jansen@example.nl, dan leg ik het uit."
    form.reason.value = reason
    form.save_button.click()
    assert status(form) == t("text.found", found=t("identifier.email"))
    assert answer_rows(store) == []
    assert form.reason.value == reason
    assert form.choice.value == "oneens"


def test_stelling_without_reason_question():
    exercise = exercise_type("stelling").schema(
        id="zonder-reden",
        type="stelling",
        title="Zonder reden",
        sources=["ncj-partnerschap"],
        statement="Ouders blijven, professionals gaan.",
        ask_reason=False,
    )
    saved: list[tuple[ExerciseBase, Any]] = []
    form = exercise_type("stelling").participant_view(
        exercise,
        exercise_type("stelling").check_answer,
        lambda ex, value: saved.append((ex, value)) or False,
    )
    assert form.reason not in list(walk(form))
    form.choice.value = "eens"
    form.reason.value = "mail a@b.nl"  # not shown, so not checked and not stored
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert saved == [(exercise, {"choice": "eens", "reason": ""})]


# open


@pytest.mark.parametrize("typed", ["", "   \n\t  "])
def test_open_empty_is_refused(page, store, typed):
    form = page.show(OPEN_ID)
    form.text.value = typed
    form.save_button.click()
    assert status(form) == t("answer.empty")
    assert answer_rows(store) == []
    assert form.text.value == typed


def test_open_too_long_is_refused_and_kept(page, store):
    form = page.show(OPEN_ID)
    typed = "x" * 601
    form.text.value = typed
    form.save_button.click()
    message = status(form)
    assert message == t("answer.too_long", length=601, limit=600)
    assert "601" in message
    assert "600" in message
    assert answer_rows(store) == []
    assert form.text.value == typed


def test_open_at_the_limit_is_saved_stripped(page, store):
    form = page.show(OPEN_ID)
    form.text.value = "  " + "x" * 600 + "\n"
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert answer_rows(store) == [(page.participant.id, OPEN_ID, {"text": "x" * 600})]


@pytest.mark.parametrize(
    ("typed", "category"),
    [
        ("Het BSN van het kind is 111222333, dat stond in het dossier.", "bsn"),
        ("Ik belde moeder op 06-12345678 en vroeg hoe het ging.", "phone"),
        ("Het gezin woont bij 1234 AB, vlak bij school.", "postcode"),
        ("Ik mailde vader op vader@example.nl met het verslag.", "email"),
    ],
)
def test_open_with_identifier_is_refused_and_kept(page, store, typed, category):
    form = page.show(OPEN_ID)
    form.text.value = typed
    form.save_button.click()
    message = status(form)
    assert message == t("text.found", found=t(f"identifier.{category}"))
    assert t(f"identifier.{category}") in message
    assert answer_rows(store) == []
    assert form.text.value == typed


@pytest.mark.parametrize(
    "typed",
    [
        XSS_IMG,
        XSS_SCRIPT,
        "Ik voelde me 😊 gehoord 👨‍👩‍👧 en dat gaf rust 🙏🏽.",
        "Zij & ik <3 'samen'",
    ],
)
def test_open_saves_markup_and_emoji_literally(page, store, typed):
    form = page.show(OPEN_ID)
    form.text.value = typed
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert answer_rows(store) == [(page.participant.id, OPEN_ID, {"text": typed})]
    assert store.answers(page.participant.session_id, OPEN_ID)[0].value == {"text": typed}


def test_open_counter_follows_the_text(page):
    form = page.show(OPEN_ID)
    assert text_of(form.counter.value) == t("text.chars_left", left=600)
    form.text.value = "Ik luisterde."
    assert text_of(form.counter.value) == t("text.chars_left", left=600 - len("Ik luisterde."))
    form.text.value = "x" * 600
    assert text_of(form.counter.value) == t("text.chars_left", left=0)
    form.text.value = ""
    assert text_of(form.counter.value) == t("text.chars_left", left=600)
    other = page.show("zin-met-respect")
    assert text_of(other.counter.value) == t("text.chars_left", left=400)


def test_open_shows_the_privacy_warning_before_the_field(page):
    form = page.show(OPEN_ID)
    children = list(form.children)
    warning = next(w for w in walk(form) if isinstance(w, widgets.HTML) and "ss-warning" in w.value)
    assert html.escape(t("text.warning")) in warning.value
    assert children.index(warning) < children.index(form.text)
    assert form.text.placeholder.startswith("Ik besloot eerst te luisteren")


# after the session closes / when the store is away


@pytest.mark.parametrize("exercise_id", [SCHAAL_ID, STELLING_ID, OPEN_ID])
def test_save_after_session_closed_says_afgesloten(page, store, exercise_id):
    form = page.show(exercise_id)
    fill(form)
    store.close_session(page.participant.session_id)
    typed = form_state(form)
    form.save_button.click()
    assert status(form) == t("answer.session_closed")
    assert "afgesloten" in status(form)
    assert answer_rows(store) == []
    assert form_state(form) == typed


@pytest.mark.parametrize("exercise_id", [SCHAAL_ID, STELLING_ID, OPEN_ID])
def test_save_while_store_is_locked_keeps_the_answer(workshop, fragile_store, exercise_id):
    session = fragile_store.create_session("grondhouding")
    page = join_page(workshop, fragile_store, session.code, "ouder")
    form = page.show(exercise_id)
    expected = fill(form)
    typed = form_state(form)
    with write_locked(fragile_store):
        form.save_button.click()
        assert status(form) == t("error.store")
        assert "Opslaan lukt nu even niet" in status(form)
        assert form_state(form) == typed
    assert answer_rows(fragile_store) == []
    form.save_button.click()  # the lock is gone: the same answer is saved now
    assert status(form) == t("answer.saved")
    assert answer_rows(fragile_store) == [(page.participant.id, exercise_id, expected)]


def test_save_when_database_is_gone_keeps_the_text(page, store):
    form = page.show(OPEN_ID)
    form.text.value = "Ik luisterde eerst."
    make_gone(store)
    form.save_button.click()
    assert status(form) == t("error.store")
    assert form.text.value == "Ik luisterde eerst."


# --- participant views never render participant text as markup ---------------------------


def test_participant_views_escape_what_is_typed(workshop, store, session):
    page = WorkshopPage(workshop, store, code=XSS_IMG)
    page.join_panel.role.value = "anders"
    page.join_panel.button.click()  # an unknown code, echoed back in the message

    def put_payload_everywhere() -> None:
        for form in forms:
            for w in walk(form):
                if isinstance(w, widgets.Text | widgets.Textarea):
                    w.value = XSS_IMG + XSS_SCRIPT

    def assert_no_markup() -> None:
        for root in [page.join_panel, *forms]:
            for w in walk(root):
                if isinstance(w, widgets.HTML):
                    assert "<img" not in w.value, w.value
                    assert "<script" not in w.value, w.value

    forms = [page.show(exercise_id) for exercise_id in FORM_IDS]
    put_payload_everywhere()
    for form in forms:
        form.save_button.click()  # not joined yet
    assert_no_markup()

    page.join_panel.code.value = session.code
    page.join_panel.button.click()
    assert page.participant is not None
    for form in forms:
        fill(form)
    put_payload_everywhere()
    for form in forms:
        form.save_button.click()
    assert_no_markup()
    # the open answers were saved (markup is harmless text), the stelling reasons too
    assert len(answer_rows(store)) == len(FORM_IDS)


# --- the trainer's dashboard -------------------------------------------------------------


@pytest.fixture
def dashboard(store: Store, workshop: WorkshopBase) -> TrainerDashboard:
    return TrainerDashboard(store, {"grondhouding": workshop}, PUBLIC_URL)


@pytest.fixture
def started(dashboard: TrainerDashboard) -> TrainerDashboard:
    """A dashboard whose trainer started a session that shows results from 3 answers."""
    dashboard.min_group.value = 3
    dashboard.start_button.click()
    return dashboard


ROLES_OF_THREE = (Role.PROFESSIONAL, Role.OUDER, Role.JONGERE)
SCHAAL_STATEMENTS = [s.id for s in SHIPPED.exercise(SCHAAL_ID).statements]


def schaal_value(i: int) -> dict[str, Any]:
    return {"scores": {sid: (i + j) % 5 + 1 for j, sid in enumerate(SCHAAL_STATEMENTS)}}


STELLING_VALUES = (
    {"choice": "eens", "reason": "Een ouder blijft altijd ouder (reden 1)."},
    {"choice": "eens", "reason": f"Zie {XSS_SCRIPT}"},
    {"choice": "oneens", "reason": ""},
)
OPEN_VALUES = ({"text": "Ik luisterde eerst."}, {"text": XSS_IMG}, {"text": "Ik vroeg door."})


def answer_as(store: Store, code: str, i: int, role: Role) -> Participant:
    """Participant ``i`` joins and answers the schaal, one stelling and one open question."""
    participant = store.join(code, role)
    store.save_answer(participant, SCHAAL_ID, schaal_value(i))
    store.save_answer(participant, STELLING_ID, STELLING_VALUES[i])
    store.save_answer(participant, OPEN_ID, OPEN_VALUES[i])
    return participant


def test_start_session_creates_open_session_with_minimum(started, store):
    view = started.session_view
    assert view is not None
    stored = store.session(view.session.id)
    assert stored.state is SessionState.OPEN
    assert stored.min_group_size == 3
    assert stored.workshop_id == "grondhouding"
    assert store.open_sessions() == [stored]
    assert started.start_area.layout.display == "none"
    assert started.session_area.children == (view,)
    assert started._poller is None  # no running loop here: tests refresh themselves


def test_session_view_shows_code_link_and_qr(started):
    view = started.session_view
    code = view.session.code
    markup = html_of(view)
    assert f'data-code="{code}"' in markup
    url = f"http://test:8866/voila/render/grondhouding.ipynb?code={code}"
    assert f'href="{url}"' in markup
    assert url in text_of(markup)
    # The QR code in the header, and the same one for the projector in the presenter view.
    # An <img> with a text alternative (ipywidgets' Image has no alt).
    images = [w.value for w in walk(view) if "ss-qr-code" in getattr(w, "_dom_classes", ())]
    assert len(images) == 2
    sources = [re.search(r'src="data:image/png;base64,([^"]+)"', html)[1] for html in images]
    assert sources[0] == sources[1]
    assert base64.b64decode(sources[0]).startswith(PNG_SIGNATURE)
    assert html.escape(t("dash.qr_alt", url=url)) in images[0]


def test_new_session_waits_for_minimum(started, store):
    view = started.session_view
    assert 'data-count="0"' in view.participants.value
    assert t("dash.participants", count=0) in text_of(view.participants.value)
    assert set(view.panels) == set(ALL_IDS)
    for panel in view.panels.values():
        assert "van minimaal 3 antwoorden" in text_of(panel.status.value)
        assert text_of(panel.status.value) == t("dash.waiting", count=0, minimum=3)
        assert panel.body.children == ()

    for i, role in enumerate(ROLES_OF_THREE[:2]):
        answer_as(store, view.session.code, i, role)
    assert view.refresh() is True
    for exercise_id in (SCHAAL_ID, STELLING_ID, OPEN_ID):
        panel = view.panels[exercise_id]
        assert text_of(panel.status.value) == t("dash.waiting", count=2, minimum=3)
        assert panel.body.children == ()
        assert 'data-count="' not in html_of(panel)
        assert "reden 1" not in html_of(panel)
        assert "Ik luisterde" not in html_of(panel)


def dist_blocks(markup: str) -> dict[str, tuple[str, list[int]]]:
    """Per schaal statement: the mean shown and the counts of 1..5."""
    blocks = {}
    for chunk in markup.split('<tr class="ss-dist"')[1:]:
        statement = re.search(r'data-statement="([^"]+)"', chunk).group(1)
        mean = re.search(r'<td class="ss-mean">([^<]+)</td>', chunk).group(1)
        counts = [int(c) for c in re.findall(r'data-count="(\d+)"', chunk)]
        blocks[statement] = (mean, counts)
    return blocks


def test_results_appear_at_the_minimum(started, store):
    view = started.session_view
    for i, role in enumerate(ROLES_OF_THREE):
        answer_as(store, view.session.code, i, role)
    assert view.refresh() is True

    # participants and their roles
    shown = text_of(view.participants.value)
    assert 'data-count="3"' in view.participants.value
    assert t("dash.participants", count=3) in shown
    for label in ("Professional: 1", "Ouder of verzorger: 1", "Jongere: 1"):
        assert label in shown
    assert "Anders" not in shown

    # schaal: distribution and mean per statement
    schaal = view.panels[SCHAAL_ID]
    assert text_of(schaal.status.value) == t("dash.answers", count=3)
    blocks = dist_blocks(html_of(schaal))
    assert list(blocks) == SCHAAL_STATEMENTS
    for sid in SCHAAL_STATEMENTS:
        scores = [schaal_value(i)["scores"][sid] for i in range(3)]
        tally = Counter(scores)
        assert blocks[sid] == (
            f"{sum(scores) / 3:.1f}".replace(".", ","),
            [tally[p] for p in range(1, 6)],
        )
    assert blocks["ouder-als-expert"] == ("2,0", [1, 1, 1, 0, 0])

    # stelling: the split and the reasons, escaped
    stelling = html_of(view.panels[STELLING_ID])
    split = stelling.split('<div class="ss-split">')[1]
    assert [int(c) for c in re.findall(r'data-count="(\d+)"', split)] == [2, 1, 0]
    assert "Een ouder blijft altijd ouder (reden 1)." in stelling
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in stelling
    assert "<script" not in stelling

    # open: every answer, escaped
    open_panel = html_of(view.panels[OPEN_ID])
    assert text_of(open_panel).count("Ik luisterde eerst.") == 1
    assert "Ik vroeg door." in open_panel
    assert "&lt;img src=x onerror=alert(1)&gt;" in open_panel
    assert "<img src=x" not in open_panel

    # nowhere in the whole dashboard does participant markup come through
    everything = html_of(started)
    assert "<img src=x" not in everything
    assert "<script" not in everything

    # exercises nobody answered still wait
    assert text_of(view.panels["zin-met-respect"].status.value) == t(
        "dash.waiting", count=0, minimum=3
    )

    assert view.refresh() is False
    assert view.refresh() is False


def test_refresh_notices_a_changed_answer(started, store):
    view = started.session_view
    participants = [answer_as(store, view.session.code, i, r) for i, r in enumerate(ROLES_OF_THREE)]
    assert view.refresh() is True
    assert view.refresh() is False
    store.save_answer(participants[2], OPEN_ID, {"text": "Ik wachtte met advies."})
    assert view.refresh() is True
    assert "Ik wachtte met advies." in html_of(view.panels[OPEN_ID])
    assert "Ik vroeg door." not in html_of(view.panels[OPEN_ID])


def test_refresh_redraws_only_the_panels_whose_answers_changed(started, store, monkeypatch):
    view = started.session_view
    participants = [answer_as(store, view.session.code, i, r) for i, r in enumerate(ROLES_OF_THREE)]
    drawn: list[str] = []
    for exercise_id, panel in view.panels.items():
        original = panel.update
        monkeypatch.setattr(
            panel,
            "update",
            lambda *args, _id=exercise_id, _original=original, **kw: (
                drawn.append(_id),
                _original(*args, **kw),
            ),
        )
    assert view.refresh() is True
    # Starting drew every panel empty; now only the three exercises that got answers.
    assert sorted(drawn) == sorted([SCHAAL_ID, STELLING_ID, OPEN_ID])
    drawn.clear()
    store.save_answer(participants[0], OPEN_ID, {"text": "Ik vroeg eerst wat thuis werkt."})
    assert view.refresh() is True
    assert drawn == [OPEN_ID]
    drawn.clear()
    store.set_hidden(view.session.id, STELLING_ID, "x1", True)
    assert view.refresh() is True
    assert drawn == [STELLING_ID]
    drawn.clear()
    view.refresh(force=True)
    assert sorted(drawn) == sorted(ALL_IDS)


def test_refresh_notices_a_new_participant(started, store):
    view = started.session_view
    assert view.refresh() is False
    store.join(view.session.code, Role.ANDERS)
    assert view.refresh() is True
    assert "Anders: 1" in text_of(view.participants.value)


def test_forms_feed_the_dashboard(started, workshop, store):
    """The whole path: three participants answer through their own pages."""
    view = started.session_view
    pages = [join_page(workshop, store, view.session.code, r.value) for r in ROLES_OF_THREE]
    for i, page in enumerate(pages):
        form = page.show(OPEN_ID)
        form.text.value = OPEN_VALUES[i]["text"]
        form.save_button.click()
        assert status(form) == t("answer.saved")
    assert view.refresh() is True
    markup = html_of(view.panels[OPEN_ID])
    assert "Ik vroeg door." in markup
    assert "&lt;img src=x" in markup
    assert "<img src=x" not in markup


def test_schaal_panel_draws_a_radar_chart(dashboard, store):
    dashboard.min_group.value = 1
    session = dashboard.start_session()
    participant = store.join(session.code, Role.PROFESSIONAL)
    store.save_answer(participant, SCHAAL_ID, schaal_value(0))
    assert dashboard.session_view.refresh() is True
    markup = html_of(dashboard.session_view.panels[SCHAAL_ID])
    charts = re.findall(r'<img src="data:image/png;base64,([^"]+)"[^>]*class="ss-radar"', markup)
    assert len(charts) == 1
    assert base64.b64decode(charts[0]).startswith(PNG_SIGNATURE)


def test_radar_png_is_a_png():
    from samenspraak.core.charts import radar_png

    png = radar_png(["Een", "Twee", "Drie"], [1.0, 4.5, 3.0], title="Gemiddelde")
    assert png.startswith(PNG_SIGNATURE)
    assert len(png) > 1000


def test_close_button_closes_the_session(started, workshop, store):
    view = started.session_view
    page = join_page(workshop, store, view.session.code, "ouder")
    view.close_button.click()
    # The first click only asks: nothing is closed yet.
    assert store.session(view.session.id).is_open
    assert view.close_button.description == t("dash.close_confirm")
    view.close_button.click()
    assert store.session(view.session.id).state is SessionState.CLOSED
    assert store.open_sessions() == []
    assert t("dash.closed") in text_of(view.participants.value)
    assert view.close_button.disabled
    # nobody can join or answer any more
    late = WorkshopPage(workshop, store, code=view.session.code)
    late.join_panel.role.value = "jongere"
    late.join_panel.button.click()
    assert text_of(late.join_panel.message.value) == t("error.code_unknown", code=view.session.code)
    form = page.show(OPEN_ID)
    form.text.value = "Nog iets."
    form.save_button.click()
    assert status(form) == t("answer.session_closed")


def test_resume_lists_open_sessions_of_known_workshops(store, workshop):
    first = store.create_session("grondhouding", min_group_size=2)
    second = store.create_session("grondhouding", min_group_size=4)
    closed = store.create_session("grondhouding")
    store.close_session(closed.id)
    other = store.create_session("andere-workshop")
    dashboard = TrainerDashboard(store, {"grondhouding": workshop}, PUBLIC_URL)

    listed = {value: label for label, value in dashboard.open_sessions.options}
    assert set(listed) == {first.id, second.id}
    assert first.code in listed[first.id]
    assert workshop.title in listed[first.id]
    assert closed.id not in listed
    assert other.id not in listed
    assert not dashboard.resume_button.disabled

    dashboard.open_sessions.value = first.id
    dashboard.resume_button.click()
    view = dashboard.session_view
    assert view.session.id == first.id
    assert view.session.min_group_size == 2
    assert f'data-code="{first.code}"' in html_of(view)
    assert dashboard.start_area.layout.display == "none"
    assert text_of(view.panels[OPEN_ID].status.value) == t("dash.waiting", count=0, minimum=2)


def test_resume_selects_the_newest_open_session_so_one_click_opens_it(store, workshop):
    store.create_session("grondhouding")
    newest = store.create_session("grondhouding", min_group_size=4)
    dashboard = TrainerDashboard(store, {"grondhouding": workshop}, PUBLIC_URL)
    assert dashboard.open_sessions.value == newest.id
    dashboard.resume_button.click()
    assert dashboard.session_view.session.id == newest.id


def test_resume_with_no_open_sessions(dashboard):
    assert dashboard.open_sessions.options == ((t("dash.no_open_sessions"), None),)
    assert dashboard.resume_button.disabled
    dashboard.resume()
    assert dashboard.session_view is None


def test_resume_list_shows_local_time(store, workshop, monkeypatch):
    """Session times are stored in UTC; the trainer reads them in local time."""
    try:
        with monkeypatch.context() as patch:
            patch.setenv("TZ", "Europe/Amsterdam")
            time.tzset()
            session = store.create_session("grondhouding")
            dashboard = TrainerDashboard(store, {"grondhouding": workshop}, PUBLIC_URL)
            label = dashboard.open_sessions.options[0][0]
            local = session.created_at.replace(tzinfo=UTC).astimezone()
            assert local.utcoffset().total_seconds() > 0  # Amsterdam is ahead of UTC
            assert label.endswith(f"({local:%d-%m %H:%M})"), label
    finally:
        time.tzset()  # back to the zone of the environment


def test_poll_loop_redraws_when_answers_arrive(store, workshop):
    dashboard = TrainerDashboard(store, {"grondhouding": workshop}, PUBLIC_URL, poll_seconds=0.05)
    dashboard.min_group.value = 1
    session = dashboard.start_session()  # no running loop: no poller yet
    assert dashboard._poller is None
    panel = dashboard.session_view.panels[OPEN_ID]
    assert panel.body.children == ()

    async def scenario() -> None:
        changed = asyncio.Event()
        panel.body.observe(lambda _change: changed.set(), names="children")
        dashboard._start_polling()  # the loop the kernel runs
        task = dashboard._poller
        try:
            await asyncio.sleep(0)
            participant = store.join(session.code, Role.JONGERE)
            store.save_answer(participant, OPEN_ID, {"text": "Ik luisterde eerst."})
            for _ in range(200):  # at most 200 polls; it normally takes one or two
                if changed.is_set():
                    break
                await asyncio.sleep(0.05)
            assert changed.is_set()
            assert not task.done()
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    asyncio.run(scenario())
    assert "Ik luisterde eerst." in html_of(panel)
    assert text_of(panel.status.value) == t("dash.answers", count=1)
    assert "Deelnemers: 1" in text_of(dashboard.session_view.participants.value)
    assert dashboard.status.value == ""


def test_poll_loop_survives_a_lost_database(store, workshop):
    dashboard = TrainerDashboard(store, {"grondhouding": workshop}, PUBLIC_URL, poll_seconds=0.05)
    dashboard.start_session()
    make_gone(store)

    async def scenario() -> None:
        changed = asyncio.Event()
        dashboard.status.observe(lambda _change: changed.set(), names="value")
        dashboard._start_polling()  # the loop the kernel runs
        task = dashboard._poller
        try:
            for _ in range(200):
                if changed.is_set():
                    break
                await asyncio.sleep(0.05)
            assert changed.is_set()
            assert not task.done()  # the loop keeps going
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    asyncio.run(scenario())
    assert text_of(dashboard.status.value) == t("dash.store_error")


def test_start_in_a_running_loop_polls_until_stopped(store, workshop):
    dashboard = TrainerDashboard(store, {"grondhouding": workshop}, PUBLIC_URL, poll_seconds=0.05)
    dashboard.min_group.value = 1

    async def scenario() -> None:
        session = dashboard.start_session()
        poller = dashboard._poller
        assert poller is not None
        panel = dashboard.session_view.panels[OPEN_ID]
        changed = asyncio.Event()
        panel.body.observe(lambda _change: changed.set(), names="children")
        participant = store.join(session.code, Role.OUDER)
        store.save_answer(participant, OPEN_ID, {"text": "Ik vroeg door."})
        for _ in range(200):
            if changed.is_set():
                break
            await asyncio.sleep(0.05)
        assert changed.is_set()
        dashboard.stop()
        assert dashboard._poller is None
        with contextlib.suppress(asyncio.CancelledError):
            await poller
        assert poller.cancelled()

    asyncio.run(scenario())


# --- the registry ------------------------------------------------------------------------


def test_registry_has_every_type_of_the_library():
    types = exercise_types()
    assert set(types) == ALL_TYPES
    for name, registered in types.items():
        assert registered.name == name
        assert issubclass(registered.schema, ExerciseBase)
        assert registered.schema.model_fields["type"].annotation.__args__ == (name,)
        assert callable(registered.check_answer)
        assert callable(registered.summarize)
        assert issubclass(registered.participant_view, AnswerForm)
        assert issubclass(registered.dashboard_panel, ResultsPanel)
        assert exercise_type(name) is registered


def test_registry_refuses_a_second_type_with_the_same_name():
    schaal = exercise_type("schaal")
    assert register(schaal) is schaal  # registering the same type again is harmless
    impostor = dataclasses.replace(schaal, guide_task="schaal.guide_panel")
    with pytest.raises(ValueError, match="twice"):
        register(impostor)
    assert exercise_type("schaal") is schaal


# --- participant kernels stay light ------------------------------------------------------


def test_participant_kernel_does_not_import_pandas_or_matplotlib(tmp_path):
    script = textwrap.dedent(
        """
        import samenspraak.app
        from samenspraak.app import WorkshopPage
        from samenspraak.core.store import Store

        store = Store()
        for workshop in ("grondhouding", "demo"):  # the demo has every exercise type
            session = store.create_session(workshop)
            page = WorkshopPage.open(workshop, store)
            page._repr_mimebundle_()
            page.join_panel.code.value = session.code
            page.join_panel.role.value = "professional"
            assert page.join()
            page.all_exercises()._repr_mimebundle_()
            page.refresh_group(force=True)
        form = page.form("demo-open")
        form.text.value = "Ik luisterde eerst."
        assert form.submit()
        """
    )
    assert heavy_modules_after(script, tmp_path) == "heavy: []"
