"""Retention: deleting the answers after the session is the default. A closed session is
deleted at the next start-up (``--keep-days N`` keeps it N days), a session nobody closed after
30 days; ``samenspraak purge CODE`` deletes one at once; the dashboard says what happens."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
import sqlalchemy as sa

import samenspraak.serve as serve_module
from samenspraak.app.dashboard import SessionView, TrainerDashboard
from samenspraak.cli import main
from samenspraak.core import messages
from samenspraak.core.messages import t
from samenspraak.core.records import JoinError, Pacing, Role, Session, SessionState, local_time
from samenspraak.core.retention import (
    OPEN_DAYS,
    after_close,
    purge_at_start,
    retention_notice,
    retention_notice_html,
    rule,
)
from samenspraak.core.store import (
    Store,
    answers,
    exercise_states,
    hidden_items,
    participants,
    purges,
    session_control,
    sessions,
    shared_results,
)
from samenspraak.exercises.open.view import OpenForm
from samenspraak.serve import ServeConfig, serve

from .helpers import (
    PUBLIC_URL,
    demo_dashboard,
    join_form,
    load,
    status,
    text_of,
    workshop_yaml,
    write_locked,
)

TABLES = {
    "participants": participants,
    "answers": answers,
    "hidden_items": hidden_items,
    "exercise_states": exercise_states,
    "session_control": session_control,
    "shared_results": shared_results,
}


def populate(store: Store, session: Session) -> None:
    """A row in every table that belongs to a session."""
    people = [store.join(session.code, role) for role in (Role.OUDER, Role.PROFESSIONAL)]
    for person in people:
        store.save_answer(person, "demo-open", {"text": "Een antwoord."})
    first = store.answers(session.id, "demo-open")[0]
    store.set_hidden(session.id, "demo-open", first.item_id, True)
    store.set_exercise_state(session.id, "demo-open", revealed=True)
    store.set_pacing(session.id, Pacing.LED, "demo-open")
    store.save_shared_results(session.id, "demo-open", "<p>2 antwoorden</p>")


def rows_of(store: Store, session_id: int) -> dict[str, int]:
    """How many rows each table holds for one session."""
    with store.engine.connect() as conn:
        counts = {
            name: conn.execute(
                sa.select(sa.func.count()).where(table.c.session_id == session_id)
            ).scalar_one()
            for name, table in TABLES.items()
        }
        counts["sessions"] = conn.execute(
            sa.select(sa.func.count()).where(sessions.c.id == session_id)
        ).scalar_one()
    return counts


def age(store: Store, session: Session, days: float) -> None:
    """Make the session ``days`` days older than it is."""
    with store.engine.begin() as conn:
        conn.execute(
            sessions.update()
            .where(sessions.c.id == session.id)
            .values(created_at=session.created_at - timedelta(days=days))
        )


def closed(store: Store, session: Session, days_ago: float = 0) -> None:
    """Close the session, ``days_ago`` days ago."""
    store.close_session(session.id)
    with store.engine.begin() as conn:
        at = conn.execute(
            sa.select(sessions.c.closed_at).where(sessions.c.id == session.id)
        ).scalar_one()
        conn.execute(
            sessions.update()
            .where(sessions.c.id == session.id)
            .values(closed_at=at - timedelta(days=days_ago))
        )


def full(store: Store, session: Session) -> None:
    assert all(count >= 1 for count in rows_of(store, session.id).values()), rows_of(
        store, session.id
    )


def empty(store: Store, session: Session) -> None:
    assert rows_of(store, session.id) == dict.fromkeys([*TABLES, "sessions"], 0)


# --- purge_older_than ----------------------------------------------------------------------


def test_purge_keeps_young_sessions_and_deletes_old_ones_with_all_their_rows(any_store: Store):
    store = any_store
    old = store.create_session("demo", min_group_size=1)
    older = store.create_session("demo", min_group_size=1)
    young = store.create_session("demo", min_group_size=1)
    almost = store.create_session("demo", min_group_size=1)
    for session in (old, older, young, almost):
        populate(store, session)
    age(store, old, 31)
    age(store, older, 400)
    age(store, almost, 29.9)
    store.close_session(older.id)

    deleted = store.purge_older_than(30)

    assert sorted(s.id for s in deleted) == sorted([old.id, older.id])
    empty(store, old)
    empty(store, older)
    full(store, young)
    full(store, almost)
    assert {item.session.id for item in store.list_sessions()} == {young.id, almost.id}
    purge = store.last_purge()
    assert (purge.older_than_days, purge.sessions) == (30, 2)


# --- purge_ended: what serve does --------------------------------------------------------


def test_purge_ended_deletes_closed_sessions_and_forgotten_open_ones(any_store: Store):
    store = any_store
    running = store.create_session("demo", min_group_size=1)
    just_closed = store.create_session("demo", min_group_size=1)
    forgotten = store.create_session("demo", min_group_size=1)
    for session in (running, just_closed, forgotten):
        populate(store, session)
    closed(store, just_closed)
    age(store, forgotten, OPEN_DAYS + 1)

    deleted = store.purge_ended(0, OPEN_DAYS)

    assert sorted(s.id for s in deleted) == sorted([just_closed.id, forgotten.id])
    empty(store, just_closed)
    empty(store, forgotten)
    full(store, running)  # open, and younger than 30 days: the group is still busy
    purge = store.last_purge()
    assert (purge.older_than_days, purge.sessions) == (0, 2)


def test_purge_ended_keeps_a_closed_session_the_days_asked(any_store: Store):
    store = any_store
    recent = store.create_session("demo", min_group_size=1)
    old = store.create_session("demo", min_group_size=1)
    for session in (recent, old):
        populate(store, session)
        age(store, session, 10)
    closed(store, recent, days_ago=6.9)
    closed(store, old, days_ago=7.1)

    assert [s.id for s in store.purge_ended(7, OPEN_DAYS)] == [old.id]
    empty(store, old)
    full(store, recent)


def test_purge_ended_refuses_negative_days(store: Store):
    with pytest.raises(ValueError, match="keep_days"):
        store.purge_ended(-1, OPEN_DAYS)
    with pytest.raises(ValueError, match="open_days"):
        store.purge_ended(0, 0)


def test_purge_at_start_deletes_and_says_how_many(any_store: Store):
    store = any_store
    kept = store.create_session("demo")
    gone = [store.create_session("demo") for _ in range(2)]
    for session in [kept, *gone]:
        populate(store, session)
        if session is not kept:
            closed(store, session)

    assert purge_at_start(store) == f"{t('retention.start_many', count=2)} {rule(0)}"
    for session in gone:
        empty(store, session)
    full(store, kept)
    assert purge_at_start(store) == f"{t('retention.start_none', count=0)} {rule(0)}"
    closed(store, kept, days_ago=2)
    assert purge_at_start(store, 3) == f"{t('retention.start_none', count=0)} {rule(3)}"
    assert purge_at_start(store, 1) == f"{t('retention.start_one', count=1)} {rule(1)}"
    assert store.list_sessions() == []


def test_the_rule_says_when_answers_go():
    assert rule(0) == (
        "Een afgesloten sessie wordt gewist bij de volgende start. "
        "Een sessie die open blijft, wordt na 30 dagen gewist."
    )
    assert "14 dagen na het sluiten" in rule(14)
    assert rule(60).endswith("na 60 dagen gewist.")  # an open one is never kept shorter


def test_purge_at_start_refuses_negative_days(store: Store):
    with pytest.raises(ValueError, match="keep_days"):
        purge_at_start(store, -1)


# --- serve runs it before the servers start ------------------------------------------------


class FakeServer:
    """Stands in for a Voila process: records what the store held when it was started."""

    started: ClassVar[list[tuple[list[str], int]]] = []
    store: ClassVar[Store]

    def __init__(self, argv: list[str], env: dict[str, str], **_options: object):
        FakeServer.started.append((argv, len(FakeServer.store.list_sessions())))
        self.returncode = 0

    def poll(self) -> int:
        return 0

    def terminate(self) -> None:  # pragma: no cover - poll says it stopped already
        pass

    def wait(self, timeout: float | None = None) -> int:
        return 0


@pytest.fixture
def fake_servers(monkeypatch: pytest.MonkeyPatch, store: Store) -> type[FakeServer]:
    FakeServer.started = []
    FakeServer.store = store
    monkeypatch.setattr(serve_module.subprocess, "Popen", FakeServer)
    monkeypatch.setattr(serve_module.signal, "signal", lambda *_args: None)
    return FakeServer


def test_serve_deletes_ended_sessions_before_the_servers_start(
    store: Store, fake_servers: type[FakeServer], capsys: pytest.CaptureFixture[str]
):
    ended = store.create_session("demo")
    populate(store, ended)
    closed(store, ended)
    forgotten = store.create_session("demo")
    age(store, forgotten, 31)
    running = store.create_session("demo")

    code = serve(ServeConfig(store.url, public_url="http://test:8866"))

    assert code == 0
    assert len(fake_servers.started) == 2
    assert [count for _argv, count in fake_servers.started] == [1, 1]  # already gone
    empty(store, ended)
    assert [item.session.id for item in store.list_sessions()] == [running.id]
    out = capsys.readouterr().out
    assert f"{t('retention.start_many', count=2)} {rule(0)}" in out.splitlines()


def test_serve_deletes_a_closed_session_at_the_next_start_by_default(
    store: Store, fake_servers: type[FakeServer]
):
    today = store.create_session("demo")
    populate(store, today)
    closed(store, today)  # closed a minute ago: the trainer had the chance to download
    assert main(["--db", store.url, "serve", "--public-url", "http://test:8866"]) == 0
    empty(store, today)
    assert store.last_purge().older_than_days == 0


def test_serve_keep_days_from_the_command_line(
    store: Store, fake_servers: type[FakeServer], capsys: pytest.CaptureFixture[str]
):
    kept = store.create_session("demo")
    closed(store, kept, days_ago=6)
    gone = store.create_session("demo")
    closed(store, gone, days_ago=8)
    argv = ["--db", store.url, "serve", "--public-url", "http://test:8866", "--keep-days", "7"]
    assert main(argv) == 0
    assert [item.session.id for item in store.list_sessions()] == [kept.id]
    assert f"{t('retention.start_one', count=1)} {rule(7)}" in capsys.readouterr().out
    assert store.last_purge().older_than_days == 7


@pytest.mark.parametrize("days", ["-1", "dertig", "1.5"])
def test_serve_refuses_a_keep_days_below_zero_or_not_whole(store: Store, fake_servers, days: str):
    with pytest.raises(SystemExit) as info:
        main(["--db", store.url, "serve", "--keep-days", days])
    assert info.value.code == 2
    assert fake_servers.started == []


# --- the dashboard's line ------------------------------------------------------------------


def test_retention_notice_before_any_clean_up(store: Store):
    assert retention_notice(store) is None
    assert retention_notice_html(store) == ""


@pytest.mark.parametrize(
    ("deleted", "key"),
    [(0, "retention.deleted_none"), (1, "retention.deleted_one"), (2, "retention.deleted_many")],
)
def test_retention_notice_says_when_how_many_and_the_rule(any_store: Store, deleted: int, key: str):
    store = any_store
    moment = datetime(2026, 11, 23, 13, 2)  # as the store keeps it: UTC without a zone
    for _ in range(deleted):
        session = store.create_session("demo")
        age(store, session, 365 * 3)
        closed(store, session, days_ago=365 * 2)  # before the clean-up below
    store.purge_ended(0, OPEN_DAYS, now=moment)
    shown = local_time(moment)
    done = t(key, day=f"{shown:%d-%m}", time=f"{shown:%H:%M}", count=deleted)
    expected = f"{done} {rule(0)}"
    assert retention_notice(store) == expected
    assert retention_notice_html(store) == f'<p class="ss-retention">{expected}</p>'
    assert f"op {shown:%d-%m} om {shown:%H:%M}" in expected
    if deleted == 2:
        assert "zijn 2 sessies gewist, met alle antwoorden" in expected


def test_retention_notice_shows_the_latest_clean_up(store: Store):
    age(store, store.create_session("demo"), 100)
    store.purge_ended(0, OPEN_DAYS, now=datetime(2026, 11, 20, 9, 0))
    store.purge_ended(14, OPEN_DAYS, now=datetime(2026, 11, 23, 9, 0))
    notice = retention_notice(store)
    assert "geen sessie gewist" in notice
    assert "14 dagen na het sluiten" in notice
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(purges)).scalar_one() == 2


def test_retention_notice_html_is_escaped(store: Store, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(messages._texts, "retention.deleted_none", "<b>{count}</b> & {day} {time}")
    store.purge_ended(0, OPEN_DAYS, now=datetime(2026, 11, 23, 13, 2))
    html = retention_notice_html(store)
    assert "<b>" not in html
    assert "&lt;b&gt;0&lt;/b&gt; &amp; " in html


# --- the dashboard: closing says when the answers go ------------------------------------------

CLOSING_WORKSHOP = workshop_yaml(
    "  - id: stelling-een\n    type: stelling\n    title: Een stelling\n    sources: [bron]\n"
    '    statement: "Ouders weten veel over hun kind."\n'
)


@pytest.mark.parametrize("keep_days", [None, 0, 5])
def test_a_closed_session_tells_the_trainer_when_the_answers_go(
    store: Store, tmp_path: Path, keep_days: int | None
):
    if keep_days is not None:  # the rule the app started with
        purge_at_start(store, keep_days)
    workshop = load(tmp_path, CLOSING_WORKSHOP)
    session = store.create_session("mini", min_group_size=1)
    populate_one = store.join(session.code, Role.OUDER)
    store.save_answer(populate_one, "stelling-een", {"choice": "eens"})
    view = SessionView(store, session, workshop, PUBLIC_URL)
    view.refresh(force=True)
    assert after_close(store) not in text_of(view.participants.value)
    view.close_button.click()
    assert view.close_button.description == t("dash.close_confirm")
    view.close_button.click()
    shown = text_of(view.participants.value)
    assert t("dash.closed") in shown
    if keep_days in (None, 0):
        assert t("retention.after_close_next_start") in shown
    else:
        assert t("retention.after_close_days", days=keep_days) in shown
    # the answers are still there to download, until the next start deletes them
    assert len(store.answers(session.id, "stelling-een")) == 1
    purge_at_start(store, keep_days or 0)
    if keep_days in (None, 0):
        assert store.list_sessions() == []
    else:
        assert [item.session.id for item in store.list_sessions()] == [session.id]


# --- samenspraak purge CODE ----------------------------------------------------------------


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    def run(*argv: str, stdin: str | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'purge.sqlite'}"


@pytest.fixture
def two_sessions(db: str) -> tuple[Store, Session, Session]:
    store = Store(db)
    doomed = store.create_session("demo")
    other = store.create_session("grondhouding")
    populate(store, doomed)
    populate(store, other)
    yield store, doomed, other
    store.dispose()


def description(store: Store, session: Session) -> str:
    return t(
        "purge.session",
        code=session.code,
        workshop=session.workshop_id,
        date=f"{local_time(session.created_at):%d-%m-%Y %H:%M}",
        participants=2,
        answers=2,
    )


def test_purge_with_yes_deletes_without_asking(run, db: str, two_sessions):
    store, doomed, other = two_sessions
    code, out, err = run("--db", db, "purge", doomed.code, "--yes")
    assert code == 0
    assert err == ""
    assert out.splitlines() == [description(store, doomed), t("purge.done", code=doomed.code)]
    assert "2 deelnemers, 2 antwoorden" in out
    empty(store, doomed)
    full(store, other)


@pytest.mark.parametrize("answer", ["ja\n", "JA\n", " j \n", "yes\n"])
def test_purge_asks_and_deletes_on_yes(run, db: str, two_sessions, answer: str):
    store, doomed, other = two_sessions
    code, out, _ = run("--db", db, "purge", doomed.code.lower(), stdin=answer)
    assert code == 0
    assert out.startswith(description(store, doomed) + "\n" + t("purge.ask"))
    assert out.rstrip("\n").endswith(t("purge.done", code=doomed.code))
    empty(store, doomed)
    full(store, other)


@pytest.mark.parametrize("answer", ["nee\n", "n\n", "\n", "", "jawel\n"])
def test_purge_asks_and_keeps_on_anything_else(run, db: str, two_sessions, answer: str):
    store, doomed, other = two_sessions
    code, out, _ = run("--db", db, "purge", doomed.code, stdin=answer)
    assert code == 1
    assert t("purge.ask") in out
    assert out.rstrip("\n").endswith(t("purge.cancelled"))
    assert t("purge.done", code=doomed.code) not in out
    full(store, doomed)
    full(store, other)


def test_purge_unknown_code(run, db: str, two_sessions):
    store, doomed, other = two_sessions
    code, out, err = run("--db", db, "purge", "ZZZZZ", "--yes")
    assert code == 2
    assert out == ""
    assert err == t("error.code_unknown", code="ZZZZZ") + "\n"
    full(store, doomed)
    full(store, other)


def test_purge_one_code_at_a_time_and_say_when_another_has_it(run, db: str):
    """Codes of closed sessions come back: the open one goes first, then the older one."""
    store = Store(db)
    earlier = store.create_session("demo")
    store.close_session(earlier.id)
    later = store.create_session("demo")
    with store.engine.begin() as conn:
        conn.execute(sessions.update().where(sessions.c.id == later.id).values(code=earlier.code))
    code, out, _ = run("--db", db, "purge", earlier.code, "--yes")
    assert code == 0
    assert t("purge.more", code=earlier.code) in out
    assert [item.session.id for item in store.list_sessions()] == [earlier.id]
    code, out, _ = run("--db", db, "purge", earlier.code, "--yes")
    assert code == 0
    assert t("purge.more", code=earlier.code) not in out
    assert store.list_sessions() == []
    store.dispose()


# --- deleting a closed session from the dashboard, now --------------------------------------


def closed_on_dashboard(store: Store) -> tuple[TrainerDashboard, SessionView, Session]:
    """A dashboard whose demo session has a row in every table and was closed by the trainer."""
    dashboard, session = demo_dashboard(store, 1)
    populate(store, session)
    view = dashboard.session_view
    assert view is not None
    view.refresh(force=True)
    assert view.delete_button.layout.display == "none"  # an open session cannot be deleted
    view.close_button.click()
    view.close_button.click()
    assert view.delete_button.layout.display is None
    return dashboard, view, session


def test_the_trainer_deletes_a_closed_session_at_once(store: Store):
    other = store.create_session("demo", min_group_size=1)  # another session: it stays
    populate(store, other)
    dashboard, view, session = closed_on_dashboard(store)
    assert "Wis deze sessie nu" in text_of(view.participants.value)

    view.delete_button.click()  # the first click asks
    assert view.delete_button.description == t("dash.delete_confirm")
    assert view.delete_button.button_style == "danger"
    assert rows_of(store, session.id)["answers"] == 2

    view.delete_button.click()
    assert set(rows_of(store, session.id).values()) == {0}
    assert rows_of(store, other.id)["answers"] == 2
    assert [o.session.id for o in store.list_sessions()] == [other.id]
    # Back on the start screen, which says what went; the session is in no list.
    assert dashboard.session_view is None
    assert dashboard.session_area.children == ()
    assert dashboard.start_area.layout.display is None
    assert text_of(dashboard.status.value) == t("purge.done", code=session.code)
    assert session.code not in dashboard.past_table.value
    assert session.id not in [value for _label, value in dashboard.past_sessions.options]


def test_a_failed_delete_says_so_and_deletes_nothing(store: Store):
    _dashboard, view, session = closed_on_dashboard(store)
    view.delete_button.click()
    with write_locked(store):
        view.delete_button.click()
    assert t("dash.action_store_problem") in text_of(view.problem.value)
    assert view.delete_button.description == t("dash.delete_now")  # it asks again next time
    assert view.delete_button.button_style == ""
    assert rows_of(store, session.id)["answers"] == 2


def test_pages_still_open_on_a_deleted_session_read_it_as_closed(any_store: Store):
    session = any_store.create_session("demo", min_group_size=1)
    person = any_store.join(session.code, Role.PROFESSIONAL)
    any_store.save_answer(person, "demo-open", {"text": "Voor het wissen."})
    any_store.close_session(session.id)
    any_store.delete_session(session.id)
    assert any_store.activity(session.id).state is SessionState.CLOSED
    with pytest.raises(JoinError) as info:
        any_store.save_answer(person, "demo-open", {"text": "Na het wissen."})
    assert info.value.reason == "closed"
    assert any_store.answers(session.id, "demo-open") == []


def test_a_page_whose_session_was_deleted_says_it_is_closed(store: Store):
    session = store.create_session("demo", min_group_size=1)
    page, form = join_form(store, session.code, "demo-open", OpenForm)
    form.text.value = "Een antwoord na het wissen."
    store.close_session(session.id)
    store.delete_session(session.id)
    page.refresh(force=True)  # the page's poll goes on without an error
    form.save_button.click()
    assert status(form) == t("answer.session_closed")
    assert form.text.value == "Een antwoord na het wissen."
