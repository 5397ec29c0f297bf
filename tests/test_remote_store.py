"""A participant's kernel reaches the store through the participant server (remote_store):
the same answers as the store itself, the store's errors, a refused stranger, and no
database code in the kernel. A real HTTP server with the real handler and a real SQLite store.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from benchmarks.store_server import StoreServer

from samenspraak.app.participant import DEVICE_HEADER_ENV, WorkshopPage
from samenspraak.core.records import (
    BROWSER_JOIN_LIMIT,
    ExerciseLocked,
    JoinError,
    Pacing,
    Role,
    StoreUnavailable,
)
from samenspraak.core.remote_store import (
    PAGE_CALLS,
    STORE_PATH,
    STORE_TOKEN_ENV,
    STORE_URL_ENV,
    RemoteStore,
    from_wire,
    to_wire,
)
from samenspraak.core.store import Store

from .helpers import modules_in_fresh_python, submit_join, text_of

TOKEN = "k" * 43


@pytest.fixture
def server(store: Store) -> Iterator[StoreServer]:
    running = StoreServer(store, TOKEN).start()
    yield running
    running.stop()


@pytest.fixture
def remote(server: StoreServer) -> Iterator[RemoteStore]:
    remote = RemoteStore(server.url, TOKEN)
    yield remote
    remote.dispose()


def test_every_record_survives_the_wire(store: Store, session) -> None:
    participant = store.join(session.code, "ouder")
    store.save_answer(participant, "demo-open", {"text": "Ja", "$map": [1, 2], "n": None})
    store.set_pacing(session.id, Pacing.LED, "demo-open")
    store.set_exercise_state(session.id, "demo-open", revealed=True)
    store.set_hidden(session.id, "demo-open", "answer-1", True)
    values = [
        store.session(session.id),
        participant,
        store.answers(session.id),
        store.activity(session.id),
        store.control(session.id),
        store.hidden_items(session.id),
        store.participants_by_role(session.id),
        BROWSER_JOIN_LIMIT,
        datetime(2026, 12, 5, 9, 30),
        (1, "twee"),
    ]
    for value in values:
        back = from_wire(to_wire(value))
        assert back == (list(value) if isinstance(value, tuple) else value)
    assert from_wire(to_wire({Role.OUDER: 1})) == {Role.OUDER: 1}


def test_the_remote_store_answers_as_the_store_does(store: Store, session, remote) -> None:
    participant = remote.join(session.code, Role.JONGERE)
    assert participant.role is Role.JONGERE
    assert remote.find_session(session.code.lower()) == store.session(session.id)
    assert remote.save_answer(participant, "demo-open", {"text": "Eerst luisteren."}) is False
    assert remote.save_answer(participant, "demo-open", {"text": "Eerst vragen."}) is True
    assert remote.answers_of(participant) == {"demo-open": {"text": "Eerst vragen."}}
    assert remote.answers(session.id, "demo-open") == store.answers(session.id, "demo-open")
    assert remote.activity(session.id) == store.activity(session.id)
    assert remote.control(session.id) == store.control(session.id)
    assert remote.rejoin(session.code, participant.personal_code) == participant
    remote.remember_device(participant, "d" * 32)
    assert remote.participant_on_device("d" * 32, "demo") == participant
    assert remote.participant_on_device("e" * 32, "demo") is None
    assert remote.join_wait("browser:x", BROWSER_JOIN_LIMIT) == 0
    assert remote.record_join_failure("browser:x") == 1
    remote.forget_join_failures("browser:x")
    assert store.record_join_failure("browser:x") == 1  # forgotten: counting starts afresh


def test_the_stores_errors_come_back_as_themselves(store: Store, session, remote) -> None:
    with pytest.raises(JoinError) as wrong:
        remote.join("ZZZZZ", "ouder")
    assert (wrong.value.reason, wrong.value.code) == ("unknown", "ZZZZZ")
    participant = remote.join(session.code, "ouder")
    store.set_exercise_state(session.id, "demo-open", locked=True)
    with pytest.raises(ExerciseLocked):
        remote.save_answer(participant, "demo-open", {"text": "Te laat."})
    assert store.answers(session.id) == []


def test_a_stranger_and_other_calls_are_refused(store: Store, session, server) -> None:
    stranger = RemoteStore(server.url, "not-the-token")
    with pytest.raises(StoreUnavailable, match="403"):
        stranger.find_session(session.code)
    insider = RemoteStore(server.url, TOKEN)
    assert "delete_session" not in PAGE_CALLS
    with pytest.raises(StoreUnavailable, match="400"):
        insider._call("delete_session", session.id)
    assert store.session(session.id) == session  # still there
    stranger.dispose()
    insider.dispose()


def test_a_server_that_is_gone_makes_the_store_unavailable(session, server) -> None:
    remote = RemoteStore(server.url, TOKEN)
    assert remote.find_session(session.code).id == session.id  # a kept connection
    server.stop()
    with pytest.raises(StoreUnavailable, match="unreachable"):
        remote.find_session(session.code)
    with pytest.raises(ValueError, match="http://"):
        RemoteStore("file:///tmp/x", TOKEN)


def test_a_page_joins_saves_and_rejoins_through_the_server(
    store: Store, session, server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(STORE_URL_ENV, server.url)
    monkeypatch.setenv(STORE_TOKEN_ENV, TOKEN)
    monkeypatch.setenv("QUERY_STRING", f"code={session.code}")
    monkeypatch.setenv(DEVICE_HEADER_ENV, "f" * 32)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    page = WorkshopPage.open("demo")  # the default store: the server's
    assert isinstance(page.store, RemoteStore)
    submit_join(page, "professional")
    form = page.form("demo-open")
    form.text.value = "Ik vroeg wat de ouder zelf zag."
    assert form.submit()
    assert [a.value["text"] for a in store.answers(session.id, "demo-open")] == [
        "Ik vroeg wat de ouder zelf zag."
    ]

    again = WorkshopPage.open("demo")  # a reload: the same browser rejoins by itself
    assert again.participant == page.participant
    assert again.form("demo-open").text.value == "Ik vroeg wat de ouder zelf zag."
    assert sum(store.participants_by_role(session.id).values()) == 1

    store.set_exercise_state(session.id, "demo-open", locked=True)
    again.form("demo-open").text.value = "Nog iets."
    assert not again.form("demo-open").submit()  # refused, and the text is kept
    assert again.form("demo-open").text.value == "Nog iets."
    assert text_of(again.form("demo-open").status.value)


def test_a_kernel_with_the_server_loads_no_database_code() -> None:
    script = (
        "import os\n"
        f"os.environ[{STORE_URL_ENV!r}] = 'http://127.0.0.1:9/{STORE_PATH}'\n"
        f"os.environ[{STORE_TOKEN_ENV!r}] = 'x'\n"
        "from samenspraak.app import WorkshopPage\n"
        "page = WorkshopPage.open('demo')\n"
        "assert type(page.store).__name__ == 'RemoteStore'\n"
    )
    loaded = modules_in_fresh_python(script)
    assert not {m for m in loaded if m.split(".")[0] in {"sqlalchemy", "alembic", "psycopg"}}
