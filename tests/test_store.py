"""The results store: sessions, join codes, participants, answers, on a real SQLite file."""

from __future__ import annotations

import multiprocessing
import re
import sqlite3
import types
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

import samenspraak.core.store as store_module
from samenspraak.core.records import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    JoinError,
    Role,
    SessionState,
    StoreUnavailable,
    normalize_code,
)
from samenspraak.core.store import Store, participants, sessions

from .helpers import modules_in_fresh_python

PSEUDONYM = re.compile(r"^p-[0-9a-f]{8}$")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """Every call of the store's clock is one second after the previous one; no real time."""
    ticks: list[datetime] = []

    def now() -> datetime:
        ticks.append(datetime(2024, 3, 1, 9, 0) + timedelta(seconds=len(ticks)))
        return ticks[-1]

    monkeypatch.setattr(store_module, "_now", now)
    return ticks


def insert_session(store: Store, code: str, state: SessionState) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            sessions.insert().values(
                code=code,
                workshop_id="grondhouding",
                state=state.value,
                min_group_size=5,
                created_at=datetime(2024, 1, 1),
            )
        )


# --- SQLite settings -----------------------------------------------------------------------


def test_file_store_runs_in_wal_mode_with_a_busy_timeout(store: Store):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    # WAL is a property of the file: another program opening it sees it too.
    database = sa.make_url(store.url).database
    other = sqlite3.connect(database)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        other.close()


def test_memory_store_has_a_busy_timeout_and_foreign_keys(memory_store: Store):
    with memory_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_store_creates_missing_parent_directories(tmp_path: Path):
    path = tmp_path / "a" / "b" / "results.sqlite"
    store = Store(f"sqlite:///{path}")
    try:
        store.create_session("grondhouding")
        assert path.is_file()
    finally:
        store.dispose()


def test_a_second_store_on_the_same_file_sees_the_same_data(store: Store):
    session = store.create_session("grondhouding")
    other = Store(store.url)
    try:
        assert other.find_session(session.code) == session
    finally:
        other.dispose()


# --- join codes ----------------------------------------------------------------------------


def test_join_code_alphabet_has_no_look_alikes():
    assert JOIN_CODE_LENGTH == 5
    assert len(set(JOIN_CODE_ALPHABET)) == len(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)
    assert all(ch.isdigit() or ch.isupper() for ch in JOIN_CODE_ALPHABET)


def test_create_session_gives_unique_five_character_codes(any_store: Store):
    created = [any_store.create_session("grondhouding") for _ in range(300)]
    codes = [s.code for s in created]
    assert all(len(code) == 5 for code in codes)
    assert set("".join(codes)) <= set(JOIN_CODE_ALPHABET)
    assert len(set(codes)) == len(codes)
    assert {s.code for s in any_store.open_sessions()} == set(codes)
    assert all(s.is_open and s.state is SessionState.OPEN for s in created)


def test_create_session_stores_workshop_and_minimum(any_store: Store):
    session = any_store.create_session("grondhouding", min_group_size=3)
    assert session.workshop_id == "grondhouding"
    assert session.min_group_size == 3
    assert any_store.session(session.id) == session
    assert any_store.create_session("grondhouding").min_group_size == 5


@pytest.mark.parametrize("minimum", [0, -1])
def test_create_session_rejects_a_minimum_below_one(any_store: Store, minimum: int):
    with pytest.raises(ValueError, match="min_group_size"):
        any_store.create_session("grondhouding", min_group_size=minimum)
    assert any_store.list_sessions() == []


def test_create_session_draws_again_when_an_open_session_has_the_code(
    any_store: Store, monkeypatch: pytest.MonkeyPatch
):
    drawn = iter("AAAAAAAAAABBBBBAAAAA")
    monkeypatch.setattr(
        store_module, "secrets", types.SimpleNamespace(choice=lambda _alphabet: next(drawn))
    )
    first = any_store.create_session("grondhouding")
    second = any_store.create_session("grondhouding")
    assert (first.code, second.code) == ("AAAAA", "BBBBB")
    any_store.close_session(first.id)
    third = any_store.create_session("grondhouding")
    assert third.code == "AAAAA"  # the closed session's code came back
    assert third.id != first.id
    assert any_store.find_session("AAAAA") == third


def test_closed_code_may_be_reused_but_not_by_two_open_sessions(any_store: Store):
    insert_session(any_store, "K7Q4P", SessionState.CLOSED)
    insert_session(any_store, "K7Q4P", SessionState.CLOSED)
    insert_session(any_store, "K7Q4P", SessionState.OPEN)  # the partial index allows this
    with pytest.raises(IntegrityError):
        insert_session(any_store, "K7Q4P", SessionState.OPEN)
    with any_store.engine.connect() as conn:
        states = conn.execute(
            sa.select(sessions.c.state).where(sessions.c.code == "K7Q4P")
        ).scalars()
        assert sorted(states) == ["closed", "closed", "open"]
    assert any_store.find_session("K7Q4P").is_open


def test_the_open_code_index_survives_opening_the_database_again(tmp_path: Path):
    """A database made earlier keeps its partial index; opening it again adds nothing."""
    url = f"sqlite:///{tmp_path / 'results.sqlite'}"
    Store(url).dispose()
    again = Store(url)
    insert_session(again, "K7Q4P", SessionState.CLOSED)
    insert_session(again, "K7Q4P", SessionState.OPEN)
    with pytest.raises(IntegrityError):
        insert_session(again, "K7Q4P", SessionState.OPEN)
    with again.engine.connect() as conn:
        indexes = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ux_sessions_open_code'"
        ).scalars()
        assert [" ".join(sql.split()) for sql in indexes] == [
            "CREATE UNIQUE INDEX ux_sessions_open_code ON sessions (code) WHERE state = 'open'"
        ]
    again.dispose()


def test_a_store_on_sqlite_never_loads_the_postgresql_dialect(tmp_path: Path):
    """Its import alone costs every participant's kernel megabytes. Migrating loads it (Alembic
    knows every dialect), so the database is made first, as `samenspraak serve` does."""
    url = f"sqlite:///{tmp_path / 'results.sqlite'}"
    Store(url).dispose()
    loaded = modules_in_fresh_python(
        f"from samenspraak.core.store import Store\nStore({url!r}).create_session('demo')\n"
    )
    assert sorted(m for m in loaded if "postgres" in m) == []


def test_create_tables_false_uses_the_tables_made_before(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'results.sqlite'}"
    Store(url).dispose()
    store = Store(url, hold_connections=False, create_tables=False)
    session = store.create_session("demo")
    assert store.find_session(session.code) == session
    store.dispose()


def test_create_tables_false_creates_nothing(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'results.sqlite'}", create_tables=False)
    assert sa.inspect(store.engine).get_table_names() == []
    store.dispose()


def test_reopening_a_closed_session_whose_code_is_taken_is_rejected(any_store: Store):
    insert_session(any_store, "K7Q4P", SessionState.CLOSED)
    insert_session(any_store, "K7Q4P", SessionState.OPEN)
    with pytest.raises(IntegrityError), any_store.engine.begin() as conn:
        conn.execute(sessions.update().values(state=SessionState.OPEN.value))


# --- finding sessions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("k7q4p", "K7Q4P"),
        (" K7Q4P ", "K7Q4P"),
        ("k7-q4p", "K7Q4P"),
        ("K7 Q4 P", "K7Q4P"),
        ("\tk-7 q-4 p\n", "K7Q4P"),
    ],
)
def test_normalize_code(typed: str, code: str):
    assert normalize_code(typed) == code


def test_find_session_normalises_what_was_typed(any_store: Store):
    session = any_store.create_session("grondhouding")
    code = session.code
    for typed in [code.lower(), f"  {code}  ", f"{code[:2]}-{code[2:]}", " ".join(code)]:
        assert any_store.find_session(typed) == session


def test_unknown_code(any_store: Store):
    any_store.create_session("grondhouding")
    with pytest.raises(JoinError) as info:
        any_store.find_session("zz-zzz")
    assert info.value.reason == "unknown"
    assert info.value.code == "ZZZZZ"
    with pytest.raises(JoinError, match="unknown"):
        any_store.latest_session("ZZZZZ")
    with pytest.raises(JoinError, match="unknown"):
        any_store.join("ZZZZZ", Role.OUDER)


def test_closed_code(any_store: Store):
    session = any_store.create_session("grondhouding")
    any_store.close_session(session.id)
    with pytest.raises(JoinError) as info:
        any_store.find_session(session.code.lower())
    assert (info.value.reason, info.value.code) == ("closed", session.code)
    with pytest.raises(JoinError) as info:
        any_store.join(session.code, Role.OUDER)
    assert info.value.reason == "closed"
    assert any_store.session(session.id).state is SessionState.CLOSED
    assert any_store.open_sessions() == []


def test_latest_session_finds_closed_sessions(any_store: Store, clock):
    insert_session(any_store, "K7Q4P", SessionState.CLOSED)
    newest_closed = any_store.create_session("grondhouding")
    # give it the same code as the old one, then close it
    with any_store.engine.begin() as conn:
        conn.execute(
            sessions.update().where(sessions.c.id == newest_closed.id).values(code="K7Q4P")
        )
    any_store.close_session(newest_closed.id)
    latest = any_store.latest_session("k7q4p")
    assert latest.id == newest_closed.id
    assert latest.state is SessionState.CLOSED
    # an open session with the code wins over any closed one
    insert_session(any_store, "K7Q4P", SessionState.OPEN)
    assert any_store.latest_session("K7Q4P").is_open


# --- participants --------------------------------------------------------------------------


def test_join_gives_a_pseudonym_and_stores_the_role_never_a_name(any_store: Store):
    session = any_store.create_session("grondhouding")
    joined = [any_store.join(session.code, role) for role in ["ouder", Role.JONGERE, "anders"]]
    joined.append(any_store.join(session.code.lower(), Role.PROFESSIONAL))
    assert all(PSEUDONYM.match(p.pseudonym) for p in joined)
    assert len({p.pseudonym for p in joined}) == 4
    assert [p.role for p in joined] == [Role.OUDER, Role.JONGERE, Role.ANDERS, Role.PROFESSIONAL]
    assert all(p.session_id == session.id for p in joined)
    assert set(participants.c.keys()) == {"id", "session_id", "pseudonym", "role", "joined_at"}
    with any_store.engine.connect() as conn:
        rows = conn.execute(sa.select(participants.c.pseudonym, participants.c.role)).all()
    assert sorted(rows) == sorted((p.pseudonym, p.role.value) for p in joined)


@pytest.mark.parametrize("role", ["", "naam", "Ouder", "OUDER", "trainer"])
def test_join_rejects_an_unknown_role(any_store: Store, role: str):
    session = any_store.create_session("grondhouding")
    with pytest.raises(ValueError, match="is not a valid Role"):
        any_store.join(session.code, role)
    assert any_store.participants_by_role(session.id) == {}


def test_participants_by_role(any_store: Store):
    session = any_store.create_session("grondhouding")
    other = any_store.create_session("grondhouding")
    for role in ["ouder", "ouder", "ouder", "professional", "jongere", "professional"]:
        any_store.join(session.code, role)
    any_store.join(other.code, "anders")
    assert any_store.participants_by_role(session.id) == {
        Role.OUDER: 3,
        Role.PROFESSIONAL: 2,
        Role.JONGERE: 1,
    }
    assert any_store.participants_by_role(other.id) == {Role.ANDERS: 1}


# --- answers -------------------------------------------------------------------------------


def test_save_answer_inserts_then_replaces(any_store: Store):
    session = any_store.create_session("grondhouding")
    person = any_store.join(session.code, Role.OUDER)
    assert any_store.save_answer(person, "stelling", {"choice": "eens", "reason": ""}) is False
    assert any_store.save_answer(person, "stelling", {"choice": "oneens", "reason": "Omdat"})
    saved = any_store.answers(session.id, "stelling")
    assert len(saved) == 1
    assert saved[0].value == {"choice": "oneens", "reason": "Omdat"}
    assert (saved[0].pseudonym, saved[0].role, saved[0].round) == (
        person.pseudonym,
        Role.OUDER,
        1,
    )
    with any_store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM answers").scalar() == 1


def test_replacing_keeps_submitted_at_and_moves_updated_at(any_store: Store, clock):
    session = any_store.create_session("grondhouding")
    person = any_store.join(session.code, Role.OUDER)
    any_store.save_answer(person, "open", {"text": "eerst"})
    first = any_store.answers(session.id)[0]
    any_store.save_answer(person, "open", {"text": "daarna"})
    second = any_store.answers(session.id)[0]
    assert second.submitted_at == first.submitted_at
    assert second.updated_at > first.updated_at
    assert second.value == {"text": "daarna"}


def test_rounds_are_separate_answers(any_store: Store):
    session = any_store.create_session("grondhouding")
    person = any_store.join(session.code, Role.OUDER)
    assert any_store.save_answer(person, "schaal", {"scores": {"a": 1}}) is False
    assert any_store.save_answer(person, "schaal", {"scores": {"a": 4}}, round=2) is False
    assert any_store.save_answer(person, "schaal", {"scores": {"a": 5}}, round=2) is True
    assert [a.value for a in any_store.answers(session.id, "schaal")] == [{"scores": {"a": 1}}]
    assert [a.value for a in any_store.answers(session.id, "schaal", round=2)] == [
        {"scores": {"a": 5}}
    ]
    assert sorted(a.round for a in any_store.answers(session.id, round=None)) == [1, 2]


def test_answers_filter_by_exercise_round_and_session(any_store: Store):
    session = any_store.create_session("grondhouding")
    other = any_store.create_session("grondhouding")
    a = any_store.join(session.code, Role.OUDER)
    b = any_store.join(session.code, Role.PROFESSIONAL)
    stranger = any_store.join(other.code, Role.JONGERE)
    any_store.save_answer(a, "een", {"n": 1})
    any_store.save_answer(b, "een", {"n": 2})
    any_store.save_answer(a, "twee", {"n": 3})
    any_store.save_answer(a, "een", {"n": 4}, round=2)
    any_store.save_answer(stranger, "een", {"n": 99})

    def values(**kwargs) -> list[int]:
        return sorted(x.value["n"] for x in any_store.answers(session.id, **kwargs))

    assert values() == [1, 2, 3]  # round 1 is the default
    assert values(exercise_id="een") == [1, 2]
    assert values(exercise_id="een", round=2) == [4]
    assert values(exercise_id="een", round=None) == [1, 2, 4]
    assert values(round=None) == [1, 2, 3, 4]
    assert values(exercise_id="drie", round=None) == []
    assert [x.value["n"] for x in any_store.answers(other.id)] == [99]


def test_answers_come_oldest_first(any_store: Store, clock):
    session = any_store.create_session("grondhouding")
    people = [any_store.join(session.code, Role.OUDER) for _ in range(3)]
    for n, person in enumerate(reversed(people)):
        any_store.save_answer(person, "open", {"text": f"tekst {n}"})
    # replacing the first answer does not move it to the end
    any_store.save_answer(people[-1], "open", {"text": "tekst 0 opnieuw"})
    assert [a.value["text"] for a in any_store.answers(session.id, "open")] == [
        "tekst 0 opnieuw",
        "tekst 1",
        "tekst 2",
    ]


@pytest.mark.parametrize(
    "value",
    [
        {"text": 'Één moment met een ouder 🙂, <b>vet</b> & "quotes"'},
        {"scores": {"a": 1, "b": 5}},
        {"choice": "weet_niet", "reason": ""},
        ["lijst", 1, None, True],
        "alleen tekst",
    ],
)
def test_answer_values_round_trip_as_json(any_store: Store, value):
    session = any_store.create_session("grondhouding")
    person = any_store.join(session.code, Role.ANDERS)
    any_store.save_answer(person, "x", value)
    assert any_store.answers(session.id, "x")[0].value == value


def test_saving_into_a_closed_session_raises_and_stores_nothing(any_store: Store):
    session = any_store.create_session("grondhouding")
    person = any_store.join(session.code, Role.OUDER)
    any_store.save_answer(person, "een", {"n": 1})
    any_store.close_session(session.id)
    for exercise_id in ["een", "twee"]:
        with pytest.raises(JoinError) as info:
            any_store.save_answer(person, exercise_id, {"n": 2})
        assert (info.value.reason, info.value.code) == ("closed", session.code)
    assert [a.value for a in any_store.answers(session.id, round=None)] == [{"n": 1}]


# --- activity and overviews ----------------------------------------------------------------


def test_activity_changes_on_every_join_answer_replacement_and_close(any_store: Store, clock):
    session = any_store.create_session("grondhouding")
    seen = [any_store.activity(session.id)]
    assert seen[0].participants == 0
    assert seen[0].answers == 0
    assert seen[0].last_change is None
    assert seen[0].state is SessionState.OPEN

    def step() -> None:
        now = any_store.activity(session.id)
        assert now not in seen, "the dashboard would miss this change"
        seen.append(now)

    person = any_store.join(session.code, Role.OUDER)
    step()
    any_store.save_answer(person, "een", {"n": 1})
    step()
    assert seen[-1].answers == 1
    assert seen[-1].last_change == clock[-1]
    any_store.save_answer(person, "een", {"n": 2})
    step()
    assert seen[-1].answers == 1
    assert seen[-1].last_change == clock[-1]
    any_store.save_answer(person, "een", {"n": 3}, round=2)
    step()
    assert seen[-1].answers == 2
    any_store.join(session.code, Role.JONGERE)
    step()
    assert seen[-1].participants == 2
    any_store.close_session(session.id)
    step()
    assert seen[-1].state is SessionState.CLOSED
    # nothing changed: the same marker
    assert any_store.activity(session.id) == seen[-1]


def test_activity_of_one_session_ignores_another(any_store: Store):
    session = any_store.create_session("grondhouding")
    other = any_store.create_session("grondhouding")
    before = any_store.activity(session.id)
    person = any_store.join(other.code, Role.OUDER)
    any_store.save_answer(person, "een", {"n": 1})
    assert any_store.activity(session.id) == before


def test_hidden_items_per_exercise_and_shown_again(any_store: Store, clock):
    session = any_store.create_session("demo")
    other = any_store.create_session("demo")
    assert any_store.hidden_items(session.id) == {}
    any_store.set_hidden(session.id, "ideeen", "a1b2c3d4", True)
    any_store.set_hidden(session.id, "ideeen", "e5f6a7b8", True)
    any_store.set_hidden(session.id, "taal", "a1b2c3d4", True)
    any_store.set_hidden(other.id, "ideeen", "99999999", True)
    assert any_store.hidden_items(session.id) == {
        "ideeen": frozenset({"a1b2c3d4", "e5f6a7b8"}),
        "taal": frozenset({"a1b2c3d4"}),
    }
    any_store.set_hidden(session.id, "ideeen", "a1b2c3d4", False)
    any_store.set_hidden(session.id, "taal", "a1b2c3d4", False)
    assert any_store.hidden_items(session.id) == {"ideeen": frozenset({"e5f6a7b8"})}
    assert any_store.hidden_items(other.id) == {"ideeen": frozenset({"99999999"})}


def test_activity_changes_when_an_item_is_hidden_or_shown_again(any_store: Store, clock):
    session = any_store.create_session("demo")
    before = any_store.activity(session.id)
    assert before.last_moderation is None
    any_store.set_hidden(session.id, "ideeen", "a1b2c3d4", True)
    hidden = any_store.activity(session.id)
    assert hidden != before
    assert hidden.last_moderation == clock[-1]
    any_store.set_hidden(session.id, "ideeen", "a1b2c3d4", False)
    shown = any_store.activity(session.id)
    assert shown not in (before, hidden)  # the same count as before, but a later change
    assert shown.last_moderation == clock[-1]


def test_list_sessions_counts_participants_and_answers(any_store: Store, clock):
    first = any_store.create_session("grondhouding")
    second = any_store.create_session("andere-workshop", min_group_size=2)
    people = [any_store.join(first.code, Role.OUDER) for _ in range(3)]
    for person in people:
        any_store.save_answer(person, "een", {"n": 1})
    any_store.save_answer(people[0], "twee", {"n": 1})
    any_store.save_answer(people[0], "twee", {"n": 2})  # a replacement is not a new answer
    any_store.join(second.code, Role.JONGERE)
    any_store.close_session(second.id)
    overview = any_store.list_sessions()
    assert [(o.session.id, o.participants, o.answers) for o in overview] == [
        (second.id, 1, 0),  # newest first
        (first.id, 3, 4),
    ]
    assert overview[0].session.state is SessionState.CLOSED
    assert overview[0].session.workshop_id == "andere-workshop"
    assert overview[0].session.min_group_size == 2


def test_list_sessions_empty(any_store: Store):
    assert any_store.list_sessions() == []
    assert any_store.open_sessions() == []


# --- an unavailable database ---------------------------------------------------------------


def test_store_unavailable_when_the_database_is_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.2)
    path = tmp_path / "locked.sqlite"
    store = Store(f"sqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None)
    try:
        session = store.create_session("grondhouding")
        person = store.join(session.code, Role.OUDER)
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreUnavailable, match="locked"):
            store.save_answer(person, "een", {"n": 1})
        with pytest.raises(StoreUnavailable):
            store.join(session.code, Role.OUDER)
        with pytest.raises(StoreUnavailable):
            store.create_session("grondhouding")
        other.execute("ROLLBACK")
        # once the lock is gone, the same answer can be saved: nothing was half-written
        assert store.answers(session.id) == []
        assert store.save_answer(person, "een", {"n": 1}) is False
        assert [a.value for a in store.answers(session.id)] == [{"n": 1}]
    finally:
        other.close()
        store.dispose()


def test_store_unavailable_when_the_directory_cannot_exist(tmp_path: Path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where a directory should be", encoding="utf-8")
    with pytest.raises(StoreUnavailable):
        Store(f"sqlite:///{blocker / 'results.sqlite'}")


def test_store_unavailable_when_the_database_is_gone(tmp_path: Path):
    folder = tmp_path / "db"
    store = Store(f"sqlite:///{folder / 'results.sqlite'}")
    try:
        session = store.create_session("grondhouding")
        store.dispose()  # close the pooled connections, as between two requests
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()
        folder.write_text("the database directory is now a file", encoding="utf-8")
        with pytest.raises(StoreUnavailable):
            store.find_session(session.code)
        with pytest.raises(StoreUnavailable):
            store.activity(session.id)
    finally:
        store.dispose()


# --- several processes at once -------------------------------------------------------------

WORKERS = 4
ANSWERS_PER_WORKER = 50
RESUBMITTED = 10


def _worker(url: str, code: str, worker: int, start, results) -> None:
    """One participant in its own process: join, save 50 answers, resubmit 10 of them."""
    try:
        store = Store(url)
        try:
            start.wait(timeout=120)  # all processes write at the same moment
            person = store.join(code, list(Role)[worker % len(Role)])
            replaced = [
                store.save_answer(person, f"oefening-{n}", {"worker": worker, "n": n, "try": 1})
                for n in range(ANSWERS_PER_WORKER)
            ]
            replaced += [
                store.save_answer(person, f"oefening-{n}", {"worker": worker, "n": n, "try": 2})
                for n in range(RESUBMITTED)
            ]
            results.put((worker, person.pseudonym, replaced))
        finally:
            store.dispose()
    except BaseException as err:  # report it to the test instead of dying silently
        results.put((worker, None, repr(err)))


@pytest.mark.parametrize("backend", ["store", "postgres_store"])
def test_four_processes_write_to_one_database(backend: str, request: pytest.FixtureRequest):
    """Participant kernels are separate processes (or hosts) writing to one database."""
    store: Store = request.getfixturevalue(backend)
    session = store.create_session("grondhouding")
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    queue = context.Queue()
    processes = [
        context.Process(target=_worker, args=(store.url, session.code, w, start, queue))
        for w in range(WORKERS)
    ]
    for process in processes:
        process.start()
    try:
        results = [queue.get(timeout=240) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=60)
    assert [p.exitcode for p in processes] == [0] * WORKERS
    errors = [r for r in results if r[1] is None]
    assert errors == []
    for _worker_no, _pseudonym, replaced in results:
        assert replaced == [False] * ANSWERS_PER_WORKER + [True] * RESUBMITTED
    pseudonyms = {pseudonym for _, pseudonym, _ in results}
    assert len(pseudonyms) == WORKERS

    everything = store.answers(session.id, round=None)
    assert len(everything) == WORKERS * ANSWERS_PER_WORKER
    assert {a.pseudonym for a in everything} == pseudonyms
    for pseudonym in pseudonyms:
        mine = [a for a in everything if a.pseudonym == pseudonym]
        assert sorted(a.value["n"] for a in mine) == list(range(ANSWERS_PER_WORKER))
        assert sorted(a.value["n"] for a in mine if a.value["try"] == 2) == list(range(RESUBMITTED))
    activity = store.activity(session.id)
    assert (activity.participants, activity.answers) == (WORKERS, WORKERS * ANSWERS_PER_WORKER)
    assert sum(store.participants_by_role(session.id).values()) == WORKERS
    [overview] = store.list_sessions()
    assert (overview.participants, overview.answers) == (WORKERS, WORKERS * ANSWERS_PER_WORKER)
