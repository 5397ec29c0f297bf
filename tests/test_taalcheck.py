"""``taalcheck``: the schema, ``check_answer``, ``summarize``, the two phases of the participant
view on a real store, and the trainer's panel."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.messages import t
from samenspraak.core.records import Answer
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.votes import VotedItem, VotingSummary
from samenspraak.exercises.taalcheck.model import Taalcheck, check_answer, render_html, summarize
from samenspraak.exercises.taalcheck.view import TaalcheckForm, TaalcheckPanel

from .helpers import (
    first_with_class,
    html_of,
    join_form,
    load,
    make_answer,
    problems,
    replace_once,
    saved_value,
    text_of,
    walk,
    workshop_yaml,
)
from .panel_html import snapshot_html

EXERCISE_ID = "demo-taalcheck"
SENTENCE = "Moeder is niet meegaand en houdt zich niet aan afspraken."
SCRIPT = "<b>vet</b><script>alert(1)</script>"


def exercise(**fields: Any) -> Taalcheck:
    base = {"id": "taal", "type": "taalcheck", "title": "Taalcheck", "sources": ["bron"]}
    return Taalcheck(**{**base, "sentence": SENTENCE, **fields})


def answer(pseudonym: str, value: Any) -> Answer:
    return make_answer("taal", value, pseudonym)


def rewrite(rewrite_id: str, text: str = "Wat maakt het lastig om te komen?", votes=()) -> dict:
    return {"id": rewrite_id, "text": text, "votes": list(votes)}


# --- schema --------------------------------------------------------------------------------

WORKSHOP = workshop_yaml("""\
  - id: taal
    type: taalcheck
    title: Taalcheck
    sources: [bron]
    sentence: Moeder is niet meegaand.
    example: Wat helpt u om te komen?
""")


def test_schema_defaults(tmp_path: Path):
    loaded = load(tmp_path, WORKSHOP).exercise("taal")
    assert (loaded.votes, loaded.max_length) == (2, 300)
    assert loaded.prompt == t("taalcheck.default_prompt")
    assert loaded.example == "Wat helpt u om te komen?"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    sentence: Moeder is niet meegaand.\n",
            f"    sentence: {'x' * 301}\n",
            (14, "sentence", "te lang: maximaal 300 tekens"),
        ),
        ("    sentence: Moeder is niet meegaand.\n", "", (10, "sentence", "dit veld ontbreekt")),
        (
            "    example: Wat helpt u om te komen?\n",
            "    example: moeder is  niet meegaand.\n",
            (15, "example", "het voorbeeld is gelijk aan de zin; schrijf de zin om"),
        ),
        (
            "    example: Wat helpt u om te komen?\n",
            "    votes: 6\n",
            (15, "votes", "mag maximaal 5 zijn"),
        ),
        (
            "    example: Wat helpt u om te komen?\n",
            "    votes: 0\n",
            (15, "votes", "moet minimaal 1 zijn"),
        ),
        (
            "    example: Wat helpt u om te komen?\n",
            "    zin: x\n",
            (15, "zin", t("content.extra")),
        ),
    ],
)
def test_schema_problems_name_line_field_and_message(tmp_path, old, new, expected):
    line, field, message = expected
    found = problems(tmp_path, replace_once(WORKSHOP, old, new))
    assert found == [(line, f"exercises[0].{field}", message)]


def test_the_demo_has_a_taalcheck_example():
    demo = load_workshop("demo").exercise(EXERCISE_ID)
    assert demo.type == "taalcheck"
    assert demo.intro.startswith("**Type taalcheck.**")
    assert demo.sentence == SENTENCE


# --- check_answer --------------------------------------------------------------------------


def test_a_good_answer_is_cleaned():
    value = {"id": "a1b2c3d4", "text": "  Wat helpt je?  ", "votes": ["0000beef"]}
    assert check_answer(exercise(), value) == {
        "id": "a1b2c3d4",
        "text": "Wat helpt je?",
        "votes": ["0000beef"],
    }


@pytest.mark.parametrize("text", [SCRIPT, "Fijn dat je er bent 🙂 Wat helpt?"])
def test_html_and_emoji_are_kept_as_text(text):
    assert check_answer(exercise(), rewrite("a1b2c3d4", text))["text"] == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", t("answer.empty")),
        (None, t("answer.empty")),
        ("x" * 301, t("answer.too_long", length=301, limit=300)),
        ("Bel moeder op 0612345678", t("text.found", found=t("identifier.phone"))),
        ("Mail moeder@example.nl", t("text.found", found=t("identifier.email"))),
        (SENTENCE, t("taalcheck.same")),
        ("  moeder is niet MEEGAAND en houdt zich niet aan afspraken. ", t("taalcheck.same")),
    ],
)
def test_bad_rewrites_are_refused(text, message):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), rewrite("a1b2c3d4", text))
    assert info.value.message == message


@pytest.mark.parametrize(
    "value",
    [
        None,
        "tekst",
        [],
        {"text": "Wat helpt je?"},
        {"id": "XXXXXXXX", "text": "Wat helpt je?"},
        {"id": ["a1b2c3d4"], "text": "Wat helpt je?"},
        {"id": "a1b2c3d4", "text": "Wat helpt je?", "votes": "0000beef"},
        {"id": "a1b2c3d4", "text": "Wat helpt je?", "votes": [7]},
    ],
)
def test_garbage_is_refused_with_a_dutch_message(value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), value)
    assert info.value.message == t("voting.broken")


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        (["0000000a", "0000000b", "0000000c"], t("voting.too_many", limit=2)),
        (["0000000a", "0000000a"], t("voting.twice")),
        (["a1b2c3d4"], t("voting.own")),
    ],
)
def test_vote_rules(votes, message):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), rewrite("a1b2c3d4", votes=votes))
    assert info.value.message == message


# --- summarize -----------------------------------------------------------------------------


def test_summarize_counts_votes_of_others_sorted_by_votes_then_oldest():
    answers = [
        answer("p-a", rewrite("aaaaaaa1", "A", ["bbbbbbb1", "ccccccc1"])),
        answer("p-b", rewrite("bbbbbbb1", "B", ["ccccccc1"])),
        answer("p-c", rewrite("ccccccc1", "C", ["ccccccc1", "deadbeef"])),  # own, gone: 0
        answer("p-d", rewrite("ddddddd1", "D", ["bbbbbbb1", "aaaaaaa1"])),
    ]
    # A: d = 1; B: a, d = 2; C: a, b = 2; D: 0
    assert summarize(exercise(), answers) == VotingSummary(
        respondents=4,
        authors=4,
        voters=3,
        items=(
            VotedItem("bbbbbbb1", "B", 2),
            VotedItem("ccccccc1", "C", 2),
            VotedItem("aaaaaaa1", "A", 1),
            VotedItem("ddddddd1", "D", 0),
        ),
    )


# --- the participant's view ----------------------------------------------------------------


def join(store: Store, code: str, *, personal: str = "") -> tuple[WorkshopPage, TaalcheckForm]:
    return join_form(store, code, EXERCISE_ID, TaalcheckForm, personal=personal)


def write(form: TaalcheckForm, text: str) -> bool:
    form.text.value = text
    form.save_button.click()
    return "ss-ok" in form.status.value


def options(form: TaalcheckForm) -> dict[str, widgets.Button]:
    return {
        text_of(row.children[0].value): row.children[1]
        for row in walk(form.vote_list.items)
        if "ss-vote-option" in row._dom_classes
    }


def test_phase_two_and_the_example_appear_after_saving_one_own(store, session):
    page, form = join(store, session.code)
    example = load_workshop("demo").exercise(EXERCISE_ID).example
    assert SENTENCE in text_of(html_of(form))
    assert t("text.warning") in text_of(html_of(form))
    assert form.phase_two.layout.display == "none"
    assert not write(form, SENTENCE)
    assert text_of(form.status.value) == t("taalcheck.same")
    assert form.phase_two.layout.display == "none"

    assert write(form, "Wat maakt het lastig om te komen?")
    assert form.phase_two.layout.display == ""
    assert example in text_of(html_of(form.phase_two))
    value = saved_value(store, session.id, EXERCISE_ID, page)
    assert value["text"] == "Wat maakt het lastig om te komen?"
    assert re.fullmatch(r"[0-9a-f]{8}", value["id"])
    assert value["votes"] == []


def test_votes_on_others_rewrites_are_saved_and_an_edit_keeps_its_id(store, session):
    ann_page, ann = join(store, session.code)
    bob_page, bob = join(store, session.code)
    cas_page, cas = join(store, session.code)
    assert write(ann, SCRIPT)
    assert write(bob, "Wat helpt jou om te komen?")
    assert write(cas, "Hoe kunnen we samen een moment kiezen?")
    for page in (ann_page, bob_page, cas_page):
        page.refresh()
    assert list(options(bob)) == [SCRIPT, "Hoe kunnen we samen een moment kiezen?"]
    assert "<script>" not in html_of(bob)
    assert list(options(ann)) == [
        "Wat helpt jou om te komen?",
        "Hoe kunnen we samen een moment kiezen?",
    ]

    options(bob)[SCRIPT].click()
    assert text_of(bob.vote_list.left.value) == "Je hebt nog 1 stem."
    options(bob)["Hoe kunnen we samen een moment kiezen?"].click()
    assert text_of(bob.vote_list.left.value).startswith("Je stemmen zijn op.")
    first_id = saved_value(store, session.id, EXERCISE_ID, bob_page)["id"]
    assert saved_value(store, session.id, EXERCISE_ID, bob_page) == {
        "id": first_id,
        "text": "Wat helpt jou om te komen?",
        "votes": [ann._id, cas._id],
    }

    # Editing one's own sentence keeps its id and the votes, and a vote cast while the
    # edit is not saved yet stores the saved text, not the half-typed one.
    bob.text.value = "Half getypt"
    assert text_of(bob.status.value) == t("answer.unsaved")
    options(bob)[SCRIPT].click()  # take that vote back
    assert text_of(bob.status.value) == t("answer.unsaved")
    assert saved_value(store, session.id, EXERCISE_ID, bob_page) == {
        "id": first_id,
        "text": "Wat helpt jou om te komen?",
        "votes": [cas._id],
    }
    assert write(bob, "Wat helpt jou om hier te komen?")
    assert saved_value(store, session.id, EXERCISE_ID, bob_page) == {
        "id": first_id,
        "text": "Wat helpt jou om hier te komen?",
        "votes": [cas._id],
    }
    assert cas_page.refresh()
    assert "Wat helpt jou om hier te komen?" in options(cas)


def test_hidden_rewrites_disappear_and_rejoining_restores_everything(store, session):
    _ann_page, ann = join(store, session.code)
    bob_page, bob = join(store, session.code)
    assert write(ann, "Wat helpt jou?")
    assert write(bob, "Hoe gaat het thuis?")
    bob_page.refresh()
    options(bob)["Wat helpt jou?"].click()

    store.set_hidden(session.id, EXERCISE_ID, ann._id, True)
    assert bob_page.refresh()
    assert options(bob) == {}
    assert t("taalcheck.others_none") in text_of(html_of(bob.vote_list))
    assert text_of(bob.vote_list.left.value) == "Je hebt nog 2 stemmen."
    store.set_hidden(session.id, EXERCISE_ID, ann._id, False)

    _again, form = join(store, session.code, personal=bob_page.participant.personal_code)
    assert form.text.value == "Hoe gaat het thuis?"
    assert form.phase_two.layout.display == ""
    assert options(form)["Wat helpt jou?"].description == t("voting.voted")
    assert text_of(form.status.value) == t("answer.restored")
    assert write(form, "Hoe gaat het thuis met jullie?")
    assert saved_value(store, session.id, EXERCISE_ID, bob_page)["id"] == bob._id


# --- the trainer's panel -------------------------------------------------------------------


def test_the_panel_shows_the_sentence_and_the_rewrites_by_votes():
    panel = TaalcheckPanel(exercise(example="Wat helpt je om te komen?"))
    calls: list[tuple[str, bool]] = []
    panel.hide_item = lambda item_id, hide: calls.append((item_id, hide))
    summary = VotingSummary(
        3, 3, 2, (VotedItem("bbbbbbb1", SCRIPT, 2), VotedItem("aaaaaaa1", "Wat helpt?", 0))
    )
    panel.update(summary, 3, frozenset({"aaaaaaa1"}))
    markup = html_of(panel)
    assert SENTENCE in text_of(markup)
    assert "Wat helpt je om te komen?" in text_of(markup)
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    ranking = first_with_class(panel, "ss-vote-ranking")
    assert re.findall(r'data-id="(\w+)" data-count="(\d+)"', html_of(ranking)) == [
        ("bbbbbbb1", "2")
    ]
    hidden = first_with_class(panel, "ss-vote-hidden")
    assert t("group.hidden", count=1) in [getattr(w, "description", "") for w in walk(hidden)]
    unhide = first_with_class(hidden, "ss-vote-unhide")
    unhide.click()
    assert calls == [("aaaaaaa1", False)]


def test_registered_with_its_css():
    registered = exercise_type("taalcheck")
    assert registered.participant_view is TaalcheckForm
    assert any(".ss-taalcheck-sentence" in part for part in registered.css)


# --- the group's results as static HTML ----------------------------------------------------


def test_render_html_is_the_panel_without_its_controls_and_hidden_rewrites():
    registered = exercise(example="Wat helpt je om te komen?")
    answers = [
        answer("p-a", rewrite("aaaaaaa1", SCRIPT, ["bbbbbbb1", "ccccccc1"])),
        answer("p-b", rewrite("bbbbbbb1", "Wat helpt jou?", ["aaaaaaa1"])),
        answer("p-c", rewrite("ccccccc1", "Naam van een kind", ["aaaaaaa1", "bbbbbbb1"])),
        answer("p-d", rewrite("ddddddd1", "Hoe gaat het thuis?", ["aaaaaaa1"])),
    ]
    summary = summarize(registered, answers)
    hidden = frozenset({"ccccccc1"})
    markup = render_html(registered, summary, hidden=hidden)
    assert "<button" not in markup
    assert "<input" not in markup
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "Naam van een kind" not in markup
    assert "ss-vote-hidden" not in markup
    assert re.findall(r'data-id="(\w+)" data-count="(\d+)"', markup) == [
        ("aaaaaaa1", "3"),
        ("bbbbbbb1", "2"),
        ("ddddddd1", "0"),
    ]
    assert 'data-authors="4" data-voters="4"' in markup
    assert SENTENCE in text_of(markup)
    assert "Wat helpt je om te komen?" in text_of(markup)
    assert "3 stemmen" in text_of(markup)
    assert "2 stemmen" in text_of(markup)

    # The same text, numbers and classes as the trainer's panel shows (controls aside).
    panel = TaalcheckPanel(registered)
    panel.update(summary, 4, hidden)
    snapshot = snapshot_html(panel.body)
    assert text_of(markup) == text_of(snapshot)
    assert re.findall(r'data-[a-z]+="\w+"', markup) == re.findall(r'data-[a-z]+="\w+"', snapshot)
    for css in ("ss-taalcheck-sentence", "ss-taalcheck-example", "ss-vote-ranking", "ss-vote-row"):
        assert css in markup
        assert css in snapshot


def test_render_html_without_rewrites_or_example():
    markup = render_html(exercise(), summarize(exercise(), []))
    assert t("taalcheck.none") in text_of(markup)
    assert "ss-taalcheck-example" not in markup
    assert exercise_type("taalcheck").render_html is render_html


# --- on paper ------------------------------------------------------------------------------


def test_paper_html_is_registered():
    from samenspraak.exercises.taalcheck.model import paper_html

    assert exercise_type("taalcheck").paper_html is paper_html


def test_paper_html_has_the_sentence_the_task_room_to_write_and_the_votes():
    from samenspraak.core.html import escape
    from samenspraak.exercises.taalcheck.model import paper_html

    demo = load_workshop("demo").exercise(EXERCISE_ID)
    markup = paper_html(demo)
    for text in (
        demo.sentence,
        demo.prompt,
        t("taalcheck.original"),
        t("taalcheck.paper_write"),
        t("taalcheck.others"),
        t("taalcheck.others_explain"),
        t("taalcheck.paper_votes_many", count=demo.votes),
        t("text.warning"),
    ):
        assert escape(text) in markup, text
    assert markup.count('class="ss-paper-lines"') == 1
    assert "<button" not in markup
    assert "<input" not in markup
    assert escape(t("taalcheck.paper_votes_one")) in paper_html(exercise(votes=1))
    # the kit's prompt when the content has none
    assert escape(t("taalcheck.default_prompt")) in paper_html(exercise())


def test_paper_html_gives_the_example_only_with_the_key():
    from samenspraak.core.html import escape
    from samenspraak.exercises.taalcheck.model import paper_html

    demo = load_workshop("demo").exercise(EXERCISE_ID)
    assert demo.example
    without, with_key = paper_html(demo), paper_html(demo, answer_key=True)
    for text in (demo.example, t("taalcheck.paper_key_text"), t("taalcheck.paper_key_example")):
        assert escape(text) not in without, text
        assert escape(text) in with_key, text
    assert "ss-paper-key" not in without
    assert 'class="ss-paper-key"' in with_key
    assert with_key.startswith(without.removesuffix("</div>"))  # the key only adds
    # no example in the content: the key says no more than the note
    plain = paper_html(exercise(), answer_key=True)
    assert escape(t("taalcheck.paper_key_text")) in plain
    assert escape(t("taalcheck.paper_key_example")) not in plain


def test_paper_html_escapes_content():
    from samenspraak.exercises.taalcheck.model import paper_html

    markup = paper_html(
        exercise(sentence=SCRIPT, prompt=SCRIPT + " schrijf", example=SCRIPT + " anders"),
        answer_key=True,
    )
    assert "<script>" not in markup
    assert "<b>vet" not in markup
    assert markup.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
