"""Guessing a join code: slowed down per page and, through the store, per network address."""

from __future__ import annotations

from datetime import timedelta

import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.messages import t
from samenspraak.store import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    JOIN_FREE_FAILURES,
    JOIN_MAX_WAIT,
    Store,
    _now,
    guesses_within,
    join_delay,
)

from .helpers import text_of

GUESSER = "10.0.0.66"
NEIGHBOUR = "10.0.0.7"


def _page(store: Store, address: str, code: str = "") -> WorkshopPage:
    page = WorkshopPage(load_workshop("demo"), store, code=code)
    page.address = address
    page.join_panel.role.value = "professional"
    return page


def _try(page: WorkshopPage, code: str) -> str:
    page.join_panel.code.value = code
    page.join_panel.button.click()
    return text_of(page.join_panel.message.value)


def test_wrong_codes_are_slowed_down_on_the_page_and_across_pages(store: Store):
    session = store.create_session("demo")
    page = _page(store, GUESSER)
    for n in range(JOIN_FREE_FAILURES):
        assert _try(page, f"ZZZZ{n + 2}") == t("error.code_unknown", code=f"ZZZZ{n + 2}")
    # Now even the right code must wait: a guesser cannot tell a hit from a miss by trying.
    message = _try(page, session.code)
    assert message.startswith("Je hebt vaak een verkeerde code ingevuld. Wacht ")
    assert page.participant is None
    # A new page from the same address waits as well: the count is in the store.
    fresh = _page(store, GUESSER)
    assert _try(fresh, session.code) == message
    # Someone else in the room joins at once.
    neighbour = _page(store, NEIGHBOUR)
    _try(neighbour, session.code)
    assert neighbour.participant is not None


def test_the_wait_doubles_up_to_five_minutes_and_is_forgotten_after_an_hour(store: Store):
    assert [join_delay(n) for n in range(JOIN_FREE_FAILURES)] == [0.0] * JOIN_FREE_FAILURES
    assert join_delay(JOIN_FREE_FAILURES) == 5
    assert join_delay(JOIN_FREE_FAILURES + 1) == 10
    assert join_delay(50) == JOIN_MAX_WAIT
    start = _now()
    for _ in range(JOIN_FREE_FAILURES + 2):
        store.record_join_failure(GUESSER, now=start)
    assert store.join_wait(GUESSER, now=start) == 20
    assert store.join_wait(GUESSER, now=start + timedelta(seconds=15)) == 5
    assert store.join_wait(GUESSER, now=start + timedelta(seconds=20)) == 0
    assert store.join_wait(NEIGHBOUR, now=start) == 0
    later = start + timedelta(hours=1, seconds=1)
    assert store.join_wait(GUESSER, now=later) == 0
    assert store.record_join_failure(GUESSER, now=later) == 1  # counting starts afresh


def test_a_right_code_after_waiting_joins_and_clears_the_count(store: Store):
    session = store.create_session("demo")
    for _ in range(JOIN_FREE_FAILURES + 1):
        store.record_join_failure(GUESSER, now=_now() - timedelta(minutes=30))
    page = _page(store, GUESSER)
    _try(page, session.code)
    assert page.participant is not None
    assert store.join_wait(GUESSER) == 0


def test_a_joined_page_cannot_join_again(store: Store):
    session = store.create_session("demo")
    other = store.create_session("demo")
    page = _page(store, NEIGHBOUR, session.code)
    page.join()
    first = page.participant
    assert first is not None
    page.join_panel.code.value = other.code
    assert page.join() is False  # even when someone sends the click over the websocket
    assert page.participant == first
    assert store.participants_by_role(other.id) == {}


@pytest.mark.parametrize("state", ["unknown", "closed"])
def test_unknown_and_closed_codes_get_the_same_answer(store: Store, state: str):
    session = store.create_session("demo")
    code = session.code
    if state == "closed":
        store.close_session(session.id)
    else:
        code = next(
            c for c in ("QQQQQ", "WWWWW", "XXXXX") if c != session.code
        )  # a code no session has
    assert _try(_page(store, NEIGHBOUR), code) == t("error.code_unknown", code=code)


def test_a_guess_within_a_workshop_is_negligible():
    """The figure the README states: three open sessions, one address, three hours."""
    codes = len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH
    tries = guesses_within(3 * 3600)
    assert tries == 45
    chance = tries * 3 / codes
    assert chance < 1e-5  # about 1 in 200,000
