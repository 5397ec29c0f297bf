"""Going on after reopening the page: the personal code keeps one person one participant."""

from __future__ import annotations

import re

import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.core.messages import t
from samenspraak.core.records import JoinError, Role
from samenspraak.core.store import Store

from .helpers import join_page, text_of

SCHAAL_ID = "mijn-grondhouding"
STELLING_ID = "ouder-kent-het-kind"
OPEN_ID = "waarom-doe-ik-wat-ik-doe"


def joined_page(workshop, store: Store, code: str, *, role=None, personal="") -> WorkshopPage:
    """A page with every exercise built first, as ``WorkshopPage.open`` does, then joined."""
    shown = [exercise.id for exercise in workshop.exercises]
    return join_page(workshop, store, code, role, personal=personal, show=shown, check=False)


@pytest.fixture
def session(store: Store):
    return store.create_session("grondhouding", min_group_size=1)


# --- store -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["{code}", "{code_lower}", " p-{code_lower} ", "P-{code}"])
def test_rejoin_finds_the_same_participant(store: Store, session, typed: str) -> None:
    first = store.join(session.code, Role.OUDER)
    personal = first.personal_code
    again = store.rejoin(session.code, typed.format(code=personal, code_lower=personal.lower()))
    assert again == first
    assert again.role is Role.OUDER


def test_personal_code_is_the_random_part_of_the_pseudonym(store: Store, session) -> None:
    participant = store.join(session.code, Role.JONGERE)
    assert re.fullmatch(r"[0-9A-F]{8}", participant.personal_code)
    assert participant.pseudonym == f"p-{participant.personal_code.lower()}"


def test_rejoin_with_an_unknown_or_foreign_personal_code(store: Store, session) -> None:
    other_session = store.create_session("grondhouding")
    stranger = store.join(other_session.code, Role.PROFESSIONAL)
    with pytest.raises(JoinError) as unknown:
        store.rejoin(session.code, "DEADBEEF")
    assert unknown.value.reason == "personal_unknown"
    with pytest.raises(JoinError) as foreign:  # a code from another session is no key here
        store.rejoin(session.code, stranger.personal_code)
    assert foreign.value.reason == "personal_unknown"


def test_rejoin_a_closed_session_is_refused(store: Store, session) -> None:
    participant = store.join(session.code, Role.OUDER)
    store.close_session(session.id)
    with pytest.raises(JoinError) as closed:
        store.rejoin(session.code, participant.personal_code)
    assert closed.value.reason == "closed"


def test_answers_of_gives_only_ones_own_answers(store: Store, session) -> None:
    me, other = store.join(session.code, Role.OUDER), store.join(session.code, Role.ANDERS)
    store.save_answer(me, OPEN_ID, {"text": "mijn antwoord"})
    store.save_answer(other, OPEN_ID, {"text": "niet van mij"})
    store.save_answer(me, OPEN_ID, {"text": "tweede ronde"}, round=2)
    assert store.answers_of(me) == {OPEN_ID: {"text": "mijn antwoord"}}
    assert store.answers_of(me, round=2) == {OPEN_ID: {"text": "tweede ronde"}}


# --- the page ------------------------------------------------------------------------------


def test_reopened_page_shows_earlier_answers_and_replaces_them(workshop, store, session):
    first = joined_page(workshop, store, session.code, role="ouder")
    personal = first.participant.personal_code
    assert personal in text_of(first.join_panel.message.value)
    schaal = first.show(SCHAAL_ID)
    for toggle in schaal.choices.values():
        toggle.value = 4
    schaal.save_button.click()
    stelling = first.show(STELLING_ID)
    stelling.choice.value = "oneens"
    stelling.reason.value = "Het hangt af van de situatie."
    stelling.save_button.click()
    first.show(OPEN_ID).text.value = "Ik vroeg eerst wat de ouder zelf zag."
    first.show(OPEN_ID).save_button.click()

    # The phone reloaded: a new kernel, a new page. No role needed with the personal code.
    again = joined_page(workshop, store, session.code, personal=personal.lower())
    assert again.participant == first.participant
    assert all(toggle.value == 4 for toggle in again.show(SCHAAL_ID).choices.values())
    assert again.show(STELLING_ID).choice.value == "oneens"
    assert again.show(STELLING_ID).reason.value == "Het hangt af van de situatie."
    assert again.show(OPEN_ID).text.value == "Ik vroeg eerst wat de ouder zelf zag."
    assert text_of(again.show(OPEN_ID).status.value) == t("answer.restored")
    assert text_of(again.show("zin-met-respect").status.value) == ""  # never answered

    again.show(OPEN_ID).text.value = "Ik vroeg eerst wat de ouder zelf zag, en luisterde."
    again.show(OPEN_ID).save_button.click()
    assert text_of(again.show(OPEN_ID).status.value) == t("answer.updated")
    answers = store.answers(session.id, OPEN_ID)
    assert [a.value["text"] for a in answers] == [
        "Ik vroeg eerst wat de ouder zelf zag, en luisterde."
    ]
    assert sum(store.participants_by_role(session.id).values()) == 1


def test_wrong_personal_code_gets_a_message_and_adds_nobody(workshop, store, session):
    page = joined_page(workshop, store, session.code, personal="12345678")
    assert page.participant is None
    assert text_of(page.join_panel.message.value) == t(
        "error.code_personal_unknown", code="12345678"
    )
    assert store.participants_by_role(session.id) == {}
    assert page.join_panel.personal.value == "12345678"  # kept, to correct it
