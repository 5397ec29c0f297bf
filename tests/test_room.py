"""A room full of phones, without a browser: small pages, rejoining by device, the room's
limits and pools (participant_server.Room), and device memory in the store on every database."""

from __future__ import annotations

import asyncio
import json

import ipywidgets as widgets
import pytest
from ipywidgets.widgets.widget import _instances

from samenspraak.app.participant import DEVICE_HEADER_ENV, ExerciseSlot, WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.records import Pacing, Role
from samenspraak.core.store import Store
from samenspraak.participant_server import Room, workshop_of

from .helpers import submit_join, text_of

DEVICE = "a" * 32


@pytest.fixture
def request_env(monkeypatch: pytest.MonkeyPatch):
    """The page request as Voila passes it to a kernel that was not preheated."""

    def set_request(code: str, device: str = DEVICE) -> None:
        monkeypatch.setenv("QUERY_STRING", f"code={code}")
        monkeypatch.setenv(DEVICE_HEADER_ENV, device)

    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    return set_request


def _new_models(before: set[str]) -> list[widgets.Widget]:
    return [w for key, w in _instances.items() if key not in before]


def test_a_page_starts_with_the_join_form_and_empty_slots(store: Store, request_env):
    session = store.create_session("demo")  # the demo has every exercise type
    request_env(session.code)
    before = set(_instances)
    page = WorkshopPage.open("demo", store)
    slots = [page.show(exercise.id) for exercise in page.workshop.exercises]
    assert all(isinstance(slot, ExerciseSlot) and not slot.children for slot in slots)
    assert page.forms == {}
    models = _new_models(before)
    state_bytes = sum(len(json.dumps(w.get_state(), default=str)) for w in models)
    # Before: about 640 models and 535 KB of state in the first cell.
    assert len(models) < 120, len(models)
    assert state_bytes < 100_000, state_bytes
    assert page.join_panel.code.value == session.code

    submit_join(page, "professional")
    # Outside a kernel the forms are built at once; in one, a background task builds them.
    assert set(page.forms) == {exercise.id for exercise in page.workshop.exercises}
    for exercise_id, slot in page.slots.items():
        assert slot.children == (page.forms[exercise_id],)


def test_a_reloaded_page_rejoins_by_itself_with_its_answers(store: Store, request_env):
    session = store.create_session("demo")
    request_env(session.code)
    first = WorkshopPage.open("demo", store)
    submit_join(first, "ouder")
    form = first.form("demo-open")
    form.text.value = "Ik vroeg eerst wat de ouder zelf wil."
    assert form.submit()

    again = WorkshopPage.open("demo", store)  # same browser: same device cookie
    assert again.participant == first.participant
    assert again.join_panel.form.layout.display == "none"
    joined = text_of(again.join_panel.message.value)
    assert t("join.welcome_back", code=session.code) in joined
    assert again.form("demo-open").text.value == "Ik vroeg eerst wat de ouder zelf wil."
    assert store.participants_by_role(session.id) == {Role.OUDER: 1}  # counted once

    # Saving again replaces the answer: still one answer.
    again.form("demo-open").text.value = "Ik vroeg wat de ouder wil en wat het kind wil."
    assert again.form("demo-open").submit()
    assert len(store.answers(session.id, "demo-open")) == 1


def test_another_browser_or_a_new_session_does_not_rejoin(store: Store, request_env):
    session = store.create_session("demo")
    request_env(session.code)
    submit_join(WorkshopPage.open("demo", store), "professional")

    request_env(session.code, device="b" * 32)
    assert WorkshopPage.open("demo", store).participant is None
    newer = store.create_session("demo")
    request_env(newer.code)  # the first browser, with the next session's link
    assert WorkshopPage.open("demo", store).participant is None
    # The link of another workshop never leads into this one.
    request_env(session.code)
    assert WorkshopPage.open("grondhouding", store).participant is None


def test_the_personal_code_moves_a_participant_to_another_device(store: Store, request_env):
    session = store.create_session("demo")
    request_env(session.code)
    first = WorkshopPage.open("demo", store)
    submit_join(first, "jongere")
    request_env(session.code, device="c" * 32)
    laptop = WorkshopPage.open("demo", store)
    submit_join(laptop, None, personal=first.participant.personal_code)
    assert laptop.participant == first.participant
    # From now on the laptop rejoins by itself too.
    assert WorkshopPage.open("demo", store).participant == first.participant
    assert store.participants_by_role(session.id) == {Role.JONGERE: 1}


def test_a_closed_session_is_not_rejoined(store: Store, request_env):
    session = store.create_session("demo")
    request_env(session.code)
    submit_join(WorkshopPage.open("demo", store), "professional")
    store.close_session(session.id)
    page = WorkshopPage.open("demo", store)
    assert page.participant is None


def test_device_memory_on_every_database(any_store: Store):
    session = any_store.create_session("demo")
    person = any_store.join(session.code, Role.OUDER)
    any_store.remember_device(person, DEVICE)
    any_store.remember_device(person, DEVICE)  # again: no duplicate
    assert any_store.participant_on_device(DEVICE, "demo") == person
    assert any_store.participant_on_device(DEVICE, "grondhouding") is None
    assert any_store.participant_on_device("d" * 32, "demo") is None
    with any_store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT device_hash FROM devices").scalars().all()
    assert stored
    assert DEVICE not in stored  # only a hash


def test_in_a_kernel_forms_are_built_after_joining_the_opened_one_first(store: Store, request_env):
    session = store.create_session("demo")
    store.set_pacing(session.id, Pacing.LED, "demo-klik")
    request_env(session.code)

    async def scenario() -> None:
        page = WorkshopPage.open("demo", store)
        submit_join(page, "professional")
        # Joining built only the exercise the trainer opened; the rest follows in the
        # background, so the join click is answered at once.
        assert set(page.forms) == {"demo-klik"}
        assert page.follower.stage.children[-1] is page.forms["demo-klik"]
        await page._builder
        assert set(page.forms) == {exercise.id for exercise in page.workshop.exercises}
        assert page.forms["demo-stelling"].role is Role.PROFESSIONAL

    asyncio.run(scenario())


# --- the room's bookkeeping ------------------------------------------------------------------


def test_the_room_refuses_when_full_or_when_one_address_has_too_many():
    room = Room(expected=2, max_kernels=3, max_per_address=2)
    room.handed_out("k1", "demo.ipynb", "10.0.0.1", 0)
    room.handed_out("k2", "demo.ipynb", "10.0.0.1", 0)
    assert room.refusal("10.0.0.1") == "address"
    assert room.refusal("10.0.0.2") is None
    room.handed_out("k3", "demo.ipynb", "10.0.0.2", 0)
    assert room.refusal("10.0.0.3") == "full"
    room.gone("k1")
    assert room.refusal("10.0.0.1") is None
    room.waiting = 1  # a rush: people let in who have no kernel yet count too
    assert room.refusal("10.0.0.1") == "full"
    assert Room(max_kernels=0, max_per_address=0).refusal("x") is None  # no limits


def test_a_reloaded_page_frees_the_kernel_of_the_page_it_replaced():
    room = Room()
    room.handed_out("first", "demo.ipynb", "10.0.0.1", 0, device="phone")
    room.handed_out("other", "demo.ipynb", "10.0.0.1", 0, device="laptop")
    room.handed_out("tab", "demo.ipynb", "10.0.0.1", 0, device="phone")
    room.handed_out("again", "demo.ipynb", "10.0.0.1", 0, device="phone")
    # "tab" is still open in another tab: only the page nothing is connected to goes.
    assert room.replaced("again", {"tab": 1, "other": 0}) == ["first"]
    room.handed_out("nobody", "demo.ipynb", "10.0.0.2", 0)
    assert room.replaced("nobody", {}) == []


def test_the_pool_grows_to_the_group_while_a_session_is_open():
    room = Room(expected=5, idle_pool=2)
    assert room.pool_target("demo.ipynb") == 2
    room.open_workshops = frozenset({workshop_of("demo.ipynb")})
    assert room.pool_target("demo.ipynb") == 5
    assert room.pool_target("grondhouding.ipynb") == 2
    for n in range(4):
        room.handed_out(f"k{n}", "demo.ipynb", "10.0.0.9", 0)
    assert room.pool_target("demo.ipynb") == 2  # four are in: keep the idle pool


def test_kernels_whose_page_is_gone_are_culled():
    room = Room(cull_gone_seconds=900, cull_unopened_seconds=180)
    room.handed_out("open", "demo.ipynb", "a", 0)
    room.handed_out("left", "demo.ipynb", "a", 0)
    room.handed_out("never", "demo.ipynb", "a", 0)
    assert room.to_cull({"open": 1, "left": 1}, 10) == []
    assert room.to_cull({"open": 1}, 100) == []  # "left" just closed its page
    assert room.to_cull({"open": 1}, 181) == ["never"]
    room.gone("never")
    assert room.to_cull({"open": 1}, 999) == []
    assert room.to_cull({"open": 1}, 1000) == ["left"]
    assert room.to_cull({}, 5000) == ["left"]  # "open" has just lost its connection
    assert sorted(room.to_cull({}, 5900)) == ["left", "open"]


def test_every_workshop_notebook_is_a_workshop():
    for notebook in ("demo.ipynb", "heldere-afspraken.ipynb"):
        assert load_workshop(workshop_of(notebook)).id == workshop_of(notebook)


def test_a_participant_kernel_holds_no_connection_on_postgresql(postgres_store: Store):
    """A hundred idle pages must not take PostgreSQL's connection slots (default 100)."""

    def connections() -> int:
        with postgres_store.engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            ).scalar()

    session = postgres_store.create_session("demo")
    before = connections()
    page_store = Store(postgres_store.url, hold_connections=False, create_tables=False)
    try:
        person = page_store.join(session.code, Role.OUDER)
        page_store.activity(session.id)
        assert page_store.participant_on_device(DEVICE, "demo") is None
        assert person.role is Role.OUDER
        assert connections() == before  # the page's store holds none between calls
    finally:
        page_store.dispose()
