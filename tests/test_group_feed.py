"""Tests for what the participant page passes between people: roles, others' answers, hiding.

Types that show others' answers (ideas to vote on) get them through the page's group feed;
these tests use a small form of their own so they test the page, not one exercise type.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from samenspraak.app.participant import WorkshopPage
from samenspraak.app.style import stylesheet
from samenspraak.catalog import load_workshop
from samenspraak.core.records import Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type, exercise_types
from samenspraak.exercises.open.view import OpenForm

from .helpers import submit_join

EXERCISE_ID = "demo-open"


class FeedForm(OpenForm):
    """An open question that also records what the page tells it about the group."""

    uses_group = True

    def __init__(self, *args: Any, **kwargs: Any):
        self.feeds: list[tuple[list[Any], frozenset[str]]] = []
        super().__init__(*args, **kwargs)

    def show_group(self, others: Sequence[Any], hidden: frozenset[str]) -> None:
        self.feeds.append((list(others), hidden))


def page_with_feed(store: Store, code: str, role: str) -> tuple[WorkshopPage, FeedForm]:
    page = WorkshopPage(load_workshop("demo"), store, code=code)
    exercise = page.workshop.exercise(EXERCISE_ID)
    form = FeedForm(exercise, exercise_type("open").check_answer, page._save)
    page.forms[EXERCISE_ID] = form
    return submit_join(page, role), form


def answer(form: FeedForm, text: str) -> None:
    form.text.value = text
    assert form.submit()


def test_the_group_feed_gives_others_answers_never_one_own(store: Store):
    session = store.create_session("demo")
    ann, ann_form = page_with_feed(store, session.code, "professional")
    bob, bob_form = page_with_feed(store, session.code, "ouder")
    assert ann_form.feeds[-1] == ([], frozenset())  # joined: an empty group, at once

    answer(ann_form, "Eerst vragen wat thuis werkt.")
    # Saving one's own answer refreshes one's own page; the other page sees it on its poll.
    assert ann_form.feeds[-1] == ([], frozenset())
    assert bob.refresh()
    assert bob_form.feeds[-1] == ([{"text": "Eerst vragen wat thuis werkt."}], frozenset())
    assert not bob.refresh()  # nothing changed: no redraw

    answer(bob_form, "Samen kiezen.")
    assert ann.refresh()
    assert ann_form.feeds[-1] == ([{"text": "Samen kiezen."}], frozenset())


def test_answers_to_other_exercises_do_not_redraw_the_list(store: Store):
    session = store.create_session("demo")
    ann, ann_form = page_with_feed(store, session.code, "professional")
    bob, bob_form = page_with_feed(store, session.code, "ouder")
    answer(ann_form, "Eerst vragen wat thuis werkt.")
    assert bob.refresh()
    feeds = len(bob_form.feeds)
    store.save_answer(ann.participant, "demo-stelling", {"choice": "eens", "reason": ""})
    assert bob.refresh()  # the session changed ...
    assert len(bob_form.feeds) == feeds  # ... but not this exercise's answers
    answer(ann_form, "Samen kiezen wat eerst komt.")
    assert bob.refresh()
    assert len(bob_form.feeds) == feeds + 1


def test_the_group_feed_passes_what_the_trainer_hid_for_this_exercise_only(store: Store):
    session = store.create_session("demo")
    _ann, _ = page_with_feed(store, session.code, "professional")
    bob, bob_form = page_with_feed(store, session.code, "jongere")
    store.set_hidden(session.id, EXERCISE_ID, "a1b2c3d4", True)
    store.set_hidden(session.id, "demo-stelling", "e5f6a7b8", True)
    assert bob.refresh()
    assert bob_form.feeds[-1][1] == frozenset({"a1b2c3d4"})
    store.set_hidden(session.id, EXERCISE_ID, "a1b2c3d4", False)
    assert bob.refresh()
    assert bob_form.feeds[-1][1] == frozenset()


def test_forms_learn_the_role_the_person_joined_with(store: Store):
    session = store.create_session("demo")
    page, form = page_with_feed(store, session.code, "ouder")
    assert form.role is Role.OUDER
    assert {f.role for f in page.forms.values()} == {Role.OUDER}


def test_before_joining_there_is_no_group_to_show(store: Store):
    page = WorkshopPage(load_workshop("demo"), store)
    exercise = page.workshop.exercise(EXERCISE_ID)
    page.forms[EXERCISE_ID] = FeedForm(exercise, exercise_type("open").check_answer, page._save)
    assert not page.refresh_group(force=True)
    assert page.forms[EXERCISE_ID].feeds == []


def test_the_stylesheet_carries_every_type_s_own_rules():
    css = stylesheet().value
    assert css.count("<style>") == 1
    assert css.rstrip().endswith("</style>")
    for registered in exercise_types().values():
        for part in registered.css:
            assert part in css
    voting = exercise_type("ideeen").css[0]
    assert voting == exercise_type("taalcheck").css[0]
    assert css.count(voting) == 1
