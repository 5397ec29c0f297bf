"""A trainer's click that cannot reach the store says so in Dutch, and changes nothing.

The store fails for real: another connection holds the SQLite file's write lock, so every
write waits out a short busy timeout and raises ``StoreUnavailable`` (reading still works, as
in WAL mode). Each test then lets go of the lock, clicks again, and sees the message go.
"""

from __future__ import annotations

import pytest

from samenspraak.app.actions import ProblemLine
from samenspraak.app.dashboard import SessionView, TrainerDashboard
from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.records import Pacing, Role, Session, SessionState, StoreUnavailable
from samenspraak.core.store import Store

from .helpers import PUBLIC_URL, buttons, demo_dashboard, text_of, write_locked

STELLING = "demo-stelling"
OPEN = "demo-open"
FAILED = t("dash.action_store_problem")


@pytest.fixture
def store(fragile_store: Store) -> Store:
    """A real SQLite file whose writes give up quickly while another process holds the lock."""
    return fragile_store


@pytest.fixture
def view(store: Store) -> SessionView:
    """A running session (minimum 1) on the demo workshop, as the trainer's dashboard shows it."""
    dashboard, _session = demo_dashboard(store, min_group=1)
    assert dashboard.session_view is not None
    return dashboard.session_view


def problem(line: ProblemLine) -> str:
    return text_of(line.value)


def assert_failed(line: ProblemLine) -> None:
    assert problem(line) == FAILED
    assert 'role="alert"' in line.value
    assert "ss-problem" in line.value


def test_a_failed_reveal_shows_a_message_and_the_toggle_goes_back(
    store: Store, view: SessionView, capsys: pytest.CaptureFixture[str]
):
    block = view.blocks[STELLING]
    with write_locked(store):
        block.reveal.value = True
    assert_failed(block.problem)
    assert block.reveal.value is False
    assert block.reveal.description == t("control.reveal")
    assert not store.control(view.session.id).state(STELLING).revealed
    assert "Traceback" not in capsys.readouterr().err

    block.reveal.value = True
    assert store.control(view.session.id).state(STELLING).revealed
    assert block.reveal.description == t("control.unreveal")
    assert problem(block.problem) == ""


def test_a_failed_lock_shows_a_message_and_the_toggle_goes_back(store: Store, view: SessionView):
    block = view.blocks[STELLING]
    with write_locked(store):
        block.lock.value = True
    assert_failed(block.problem)
    assert block.lock.value is False
    assert not store.control(view.session.id).state(STELLING).locked

    block.lock.value = True
    assert store.control(view.session.id).state(STELLING).locked
    assert block.lock.value is True
    assert problem(block.problem) == ""


def test_a_failed_new_round_keeps_the_round_and_asks_again(store: Store, view: SessionView):
    block = view.blocks[STELLING]
    with write_locked(store):
        block.round_button.click()  # asks first
        block.round_button.click()
    assert_failed(block.problem)
    assert store.control(view.session.id).state(STELLING).round == 1
    assert block.round_button.description == t("control.new_round")
    assert block.round_button.button_style == ""

    block.round_button.click()
    block.round_button.click()
    assert store.control(view.session.id).state(STELLING).round == 2
    assert problem(block.problem) == ""


def test_failed_pacing_goes_back_to_the_stored_pacing(store: Store, view: SessionView):
    with write_locked(store):
        view.pacing.value = Pacing.LED.value
    assert_failed(view.problem)
    assert view.pacing.value == Pacing.SELF.value
    assert view.led_bar.layout.display == "none"
    assert store.control(view.session.id).pacing is Pacing.SELF

    view.pacing.value = Pacing.LED.value
    assert store.control(view.session.id).pacing is Pacing.LED
    assert problem(view.problem) == ""

    # Leading: opening an exercise and stepping on fail the same way.
    first = view.workshop.exercises[0].id
    with write_locked(store):
        view.blocks[STELLING].open_now.click()
    assert_failed(view.blocks[STELLING].problem)
    with write_locked(store):
        view.next_button.click()
    assert_failed(view.problem)
    assert store.control(view.session.id).current_exercise == first
    view.blocks[STELLING].open_now.click()
    assert store.control(view.session.id).current_exercise == STELLING
    assert problem(view.blocks[STELLING].problem) == ""
    view.next_button.click()
    assert store.control(view.session.id).current_exercise == OPEN
    assert problem(view.problem) == ""


def test_a_failed_hide_leaves_the_answer_shown(store: Store, view: SessionView):
    person = store.join(view.session.code, Role.OUDER)
    store.save_answer(person, STELLING, {"choice": "eens", "reason": "Een eigen reden."})
    view.refresh()
    block = view.blocks[STELLING]
    hide = buttons(block.moderation, "ss-moderation-hide")
    assert len(hide) == 1
    with write_locked(store):
        hide[0].click()
    assert_failed(block.problem)
    assert store.hidden_items(view.session.id) == {}

    # A panel's own Verberg button goes through the same handler.
    with write_locked(store):
        block.panel.hide_button("iets", hide=True, css="ss-test").click()
    assert_failed(block.problem)
    assert store.hidden_items(view.session.id) == {}

    hide[0].click()
    assert len(store.hidden_items(view.session.id)[STELLING]) == 1
    assert problem(block.problem) == ""
    assert buttons(block.moderation, "ss-moderation-unhide")


def test_a_failed_close_keeps_the_session_open(store: Store, view: SessionView):
    with write_locked(store):
        view.close_button.click()  # asks first
        view.close_button.click()
    assert_failed(view.problem)
    assert store.session(view.session.id).state is SessionState.OPEN
    assert view.close_button.description == t("dash.close")
    assert view.close_button.button_style == ""
    assert not view.close_button.disabled

    view.close_button.click()
    view.close_button.click()
    assert store.session(view.session.id).state is SessionState.CLOSED
    assert view.close_button.disabled
    assert problem(view.problem) == ""


def test_failed_downloads_enable_the_button_again(
    store: Store, view: SessionView, monkeypatch: pytest.MonkeyPatch
):
    def gone(*_args, **_kwargs):
        raise StoreUnavailable("unable to open database file")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "answers", gone)
        view.make_exports.click()
    assert_failed(view.exports_problem)
    assert not view.make_exports.disabled
    assert view.downloads.value == ""


def test_a_failed_start_shows_a_message_and_stays_on_the_start_screen(store: Store):
    dashboard = TrainerDashboard(store, {"demo": load_workshop("demo")}, PUBLIC_URL)
    with write_locked(store):
        dashboard.start_button.click()
    assert_failed(dashboard.problem)
    assert dashboard.session_view is None
    assert dashboard.start_area.layout.display != "none"
    assert store.list_sessions() == []

    dashboard.start_button.click()
    assert dashboard.session_view is not None
    assert [o.session.id for o in store.list_sessions()] == [dashboard.session_view.session.id]
    assert problem(dashboard.problem) == ""


def test_a_failed_start_like_an_earlier_session_starts_nothing(store: Store):
    earlier: Session = store.create_session("demo", min_group_size=4)
    dashboard = TrainerDashboard(store, {"demo": load_workshop("demo")}, PUBLIC_URL)
    assert dashboard.past_sessions.value == earlier.id
    with write_locked(store):
        dashboard.reuse_button.click()
    assert_failed(dashboard.problem)
    assert dashboard.session_view is None
    assert len(store.list_sessions()) == 1

    dashboard.reuse_button.click()
    assert dashboard.session_view is not None
    assert dashboard.session_view.session.min_group_size == 4
    assert problem(dashboard.problem) == ""


def test_a_failed_resume_stays_on_the_start_screen(store: Store, monkeypatch: pytest.MonkeyPatch):
    store.create_session("demo")
    dashboard = TrainerDashboard(store, {"demo": load_workshop("demo")}, PUBLIC_URL)

    def gone(*_args, **_kwargs):
        raise StoreUnavailable("unable to open database file")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "session", gone)
        dashboard.resume_button.click()
    assert_failed(dashboard.problem)
    assert dashboard.session_view is None

    dashboard.resume_button.click()
    assert dashboard.session_view is not None
    assert problem(dashboard.problem) == ""


def test_an_unexpected_error_shows_a_general_message_and_is_not_swallowed(
    view: SessionView, monkeypatch: pytest.MonkeyPatch
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Store, "set_exercise_state", broken)
    block = view.blocks[STELLING]
    with pytest.raises(RuntimeError, match="a bug"):
        block.reveal.value = True
    assert problem(block.problem) == t("dash.action_unexpected")
    assert 'role="alert"' in block.problem.value
