"""Guessing a join code: slowed down per page, per browser and per network address."""

from __future__ import annotations

from datetime import timedelta

import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.records import (
    ADDRESS_JOIN_LIMIT,
    BROWSER_JOIN_LIMIT,
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
)
from samenspraak.core.store import Store, _now

from .helpers import text_of

GUESSER = "10.0.0.66"
NEIGHBOUR = "10.0.0.7"
WAIT = "Je hebt vaak een verkeerde code ingevuld. Wacht "


def _page(store: Store, address: str, browser: str = "", code: str = "") -> WorkshopPage:
    page = WorkshopPage(load_workshop("demo"), store, code=code)
    page.address, page.device = address, browser
    page.join_panel.role.value = "professional"
    return page


def _try(page: WorkshopPage, code: str) -> str:
    page.join_panel.code.value = code
    page.join_panel.button.click()
    return text_of(page.join_panel.message.value)


def _wrong(n: int) -> str:
    return f"ZZ{n:03d}".replace("0", "Q").replace("1", "R")  # never a real code's shape


def test_a_browser_is_slowed_down_after_a_few_wrong_codes(store: Store):
    session = store.create_session("demo")
    page = _page(store, GUESSER, "guessing-browser-cookie-000001")
    for n in range(BROWSER_JOIN_LIMIT.free):
        assert _try(page, _wrong(n)) == t("error.code_unknown", code=_wrong(n))
    # Now even the right code must wait: a guesser cannot tell a hit from a miss by trying.
    message = _try(page, session.code)
    assert message.startswith(WAIT)
    assert page.participant is None
    # A new page of the same browser waits as well: the count is in the store.
    assert _try(_page(store, GUESSER, "guessing-browser-cookie-000001"), session.code) == message
    # Someone else on the same network, in another browser, joins at once.
    neighbour = _page(store, GUESSER, "someone-elses-browser-cookie-01")
    _try(neighbour, session.code)
    assert neighbour.participant is not None


def test_throwing_cookies_away_meets_the_address_limit(store: Store):
    session = store.create_session("demo")
    for n in range(ADDRESS_JOIN_LIMIT.free):  # a fresh browser for every guess
        _try(_page(store, GUESSER, f"fresh-browser-cookie-{n:010d}"), _wrong(n))
    assert _try(_page(store, GUESSER, "yet-another-fresh-cookie-00001"), session.code).startswith(
        WAIT
    )
    other = _page(store, NEIGHBOUR, "a-phone-on-another-address-001")
    _try(other, session.code)
    assert other.participant is not None


def test_the_waits_double_up_to_their_limit_and_are_forgotten_after_an_hour(store: Store):
    free = BROWSER_JOIN_LIMIT.free
    assert [BROWSER_JOIN_LIMIT.delay(n) for n in range(free)] == [0.0] * free
    assert BROWSER_JOIN_LIMIT.delay(free) == 5
    assert BROWSER_JOIN_LIMIT.delay(free + 1) == 10
    assert BROWSER_JOIN_LIMIT.delay(50) == BROWSER_JOIN_LIMIT.max_wait == 300
    assert ADDRESS_JOIN_LIMIT.delay(ADDRESS_JOIN_LIMIT.free + 10) == ADDRESS_JOIN_LIMIT.max_wait
    source = f"browser:{GUESSER}"
    start = _now()
    for _ in range(free + 2):
        store.record_join_failure(source, now=start)
    assert store.join_wait(source, BROWSER_JOIN_LIMIT, now=start) == 20
    assert store.join_wait(source, BROWSER_JOIN_LIMIT, now=start + timedelta(seconds=15)) == 5
    assert store.join_wait(source, BROWSER_JOIN_LIMIT, now=start + timedelta(seconds=20)) == 0
    assert store.join_wait("browser:other", BROWSER_JOIN_LIMIT, now=start) == 0
    later = start + timedelta(hours=1, seconds=1)
    assert store.join_wait(source, BROWSER_JOIN_LIMIT, now=later) == 0
    assert store.record_join_failure(source, now=later) == 1  # counting starts afresh


def test_a_right_code_after_waiting_joins_and_clears_the_browsers_count(store: Store):
    session = store.create_session("demo")
    source = "browser:returning-browser-cookie-001"
    for _ in range(BROWSER_JOIN_LIMIT.free + 1):
        store.record_join_failure(source, now=_now() - timedelta(minutes=30))
    page = _page(store, NEIGHBOUR, "returning-browser-cookie-001")
    _try(page, session.code)
    assert page.participant is not None
    assert store.join_wait(source, BROWSER_JOIN_LIMIT) == 0


def test_a_joined_page_cannot_join_again(store: Store):
    session = store.create_session("demo")
    other = store.create_session("demo")
    page = _page(store, NEIGHBOUR, code=session.code)
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
        code = next(c for c in ("QQQQQ", "WWWWW", "XXXXX") if c != session.code)
    assert _try(_page(store, NEIGHBOUR), code) == t("error.code_unknown", code=code)


def test_a_guess_within_a_workshop_is_negligible():
    """The figures the README states: three open sessions, three hours."""
    codes = len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH
    three_hours = 3 * 3600
    assert BROWSER_JOIN_LIMIT.guesses_within(three_hours) == 45
    # Throwing cookies away, one address is held to about one try a minute.
    tries = ADDRESS_JOIN_LIMIT.guesses_within(three_hours)
    assert tries == 212
    assert tries * 3 / codes < 2.5e-5  # about 1 in 45,000
