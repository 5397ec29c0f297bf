"""``ideeen``: the schema, ``check_answer``, ``summarize``, the participant view on a real store
and the trainer's panel, including hiding an idea for everyone."""

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
from samenspraak.core.records import Answer, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.votes import VotedItem, VotingSummary
from samenspraak.exercises.ideeen.model import Ideeen, check_answer, render_html, summarize
from samenspraak.exercises.ideeen.view import IdeeenForm, IdeeenPanel

from .helpers import (
    buttons,
    demo_dashboard,
    first_with_class,
    html_of,
    join_form,
    load,
    make_answer,
    problems,
    replace_once,
    saved_value,
    status,
    text_of,
    walk,
    workshop_yaml,
)
from .panel_html import snapshot_html

EXERCISE_ID = "demo-ideeen"
SCRIPT = "<b>vet</b><script>alert(1)</script>"

# --- helpers -------------------------------------------------------------------------------


def exercise(**fields: Any) -> Ideeen:
    base = {"id": "idee", "type": "ideeen", "title": "Ideeën", "sources": ["bron"]}
    return Ideeen(**{**base, "prompt": "Wat wil je toevoegen?", **fields})


def answer(pseudonym: str, value: Any, role: Role = Role.PROFESSIONAL) -> Answer:
    return make_answer("idee", value, pseudonym, role)


def idea(idea_id: str, text: str = "Een idee") -> dict[str, str]:
    return {"id": idea_id, "text": text}


def join(
    store: Store, code: str, role: str = "professional", *, personal: str = ""
) -> tuple[WorkshopPage, IdeeenForm]:
    return join_form(store, code, EXERCISE_ID, IdeeenForm, role, personal=personal)


def add(form: IdeeenForm, text: str) -> bool:
    form.text.value = text
    form.save_button.click()
    return "ss-ok" in form.status.value


def others_shown(form: IdeeenForm) -> list[str]:
    """The texts of others' ideas on this person's page, in order."""
    rows = [row for row in walk(form.vote_list.items) if "ss-vote-option" in row._dom_classes]
    return [text_of(row.children[0].value) for row in rows]


def vote_button(form: IdeeenForm, text: str) -> widgets.Button:
    for row in walk(form.vote_list.items):
        if "ss-vote-option" in row._dom_classes and text_of(row.children[0].value) == text:
            return row.children[1]
    raise AssertionError(f"no vote button for {text!r}")


def stored(store: Store, session_id: int, page: WorkshopPage) -> Any:
    return saved_value(store, session_id, EXERCISE_ID, page)


# --- schema --------------------------------------------------------------------------------

WORKSHOP = workshop_yaml("""\
  - id: idee
    type: ideeen
    title: Wij willen toevoegen
    sources: [bron]
    prompt: Wat wil je toevoegen?
    max_ideas: 3
""")


def test_schema_defaults(tmp_path: Path):
    loaded = load(tmp_path, WORKSHOP).exercise("idee")
    assert (loaded.max_ideas, loaded.votes, loaded.max_length) == (3, 3, 200)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    max_ideas: 3\n", "    max_ideas: 0\n", (15, "max_ideas", "moet minimaal 1 zijn")),
        ("    max_ideas: 3\n", "    max_ideas: 11\n", (15, "max_ideas", "mag maximaal 10 zijn")),
        ("    max_ideas: 3\n", "    votes: 0\n", (15, "votes", "moet minimaal 1 zijn")),
        ("    max_ideas: 3\n", "    max_length: 10\n", (15, "max_length", "moet minimaal 20 zijn")),
        (
            "    max_ideas: 3\n",
            "    max_length: 301\n",
            (15, "max_length", "mag maximaal 300 zijn"),
        ),
        ("    prompt: Wat wil je toevoegen?\n", "", (10, "prompt", "dit veld ontbreekt")),
        (
            "    prompt: Wat wil je toevoegen?\n",
            '    prompt: " "\n',
            (14, "prompt", "mag niet leeg zijn"),
        ),
        ("    max_ideas: 3\n", "    stemmen: 3\n", (15, "stemmen", t("content.extra"))),
        (
            "    max_ideas: 3\n",
            "    max_ideas: veel\n",
            (15, "max_ideas", "moet een heel getal zijn"),
        ),
    ],
)
def test_schema_problems_name_line_field_and_message(tmp_path, old, new, expected):
    line, field, message = expected
    found = problems(tmp_path, replace_once(WORKSHOP, old, new))
    assert found == [(line, f"exercises[0].{field}", message)]


def test_the_demo_has_an_ideeen_example():
    demo = load_workshop("demo").exercise(EXERCISE_ID)
    assert demo.type == "ideeen"
    assert demo.intro.startswith("**Type ideeen.**")


# --- check_answer --------------------------------------------------------------------------


def test_a_good_answer_is_cleaned():
    value = {"ideas": [idea("a1b2c3d4", "  Samen de agenda maken.  ")], "votes": ["0000beef"]}
    assert check_answer(exercise(), value) == {
        "ideas": [idea("a1b2c3d4", "Samen de agenda maken.")],
        "votes": ["0000beef"],
    }


def test_an_empty_answer_is_allowed_so_the_last_idea_can_be_removed():
    assert check_answer(exercise(), {"ideas": [], "votes": []}) == {"ideas": [], "votes": []}
    assert check_answer(exercise(), {}) == {"ideas": [], "votes": []}


@pytest.mark.parametrize(
    "text", [SCRIPT, "Meer tijd 🙂 voor ouders 👪", "Ouders <3 en 'quotes' & \"meer\""]
)
def test_html_and_emoji_are_kept_as_text(text):
    assert check_answer(exercise(), {"ideas": [idea("a1b2c3d4", text)]})["ideas"][0]["text"] == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", t("answer.empty")),
        ("   ", t("answer.empty")),
        ("x" * 201, t("answer.too_long", length=201, limit=200)),
        ("Mail naar moeder@example.nl", t("text.found", found=t("identifier.email"))),
        ("Bel 06-12345678 even", t("text.found", found=t("identifier.phone"))),
    ],
)
def test_bad_idea_texts_are_refused(text, message):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), {"ideas": [idea("a1b2c3d4", text)], "votes": []})
    assert info.value.message == message


def test_max_length_comes_from_the_exercise():
    short = exercise(max_length=20)
    with pytest.raises(AnswerProblem, match="21 tekens"):
        check_answer(short, {"ideas": [idea("a1b2c3d4", "y" * 21)]})
    assert check_answer(short, {"ideas": [idea("a1b2c3d4", "y" * 20)]})


@pytest.mark.parametrize(
    "value",
    [
        None,
        "idee",
        42,
        [],
        {"ideas": "idee"},
        {"ideas": [None]},
        {"ideas": ["a1b2c3d4"]},
        {"ideas": [{"text": "geen id"}]},
        {"ideas": [idea("A1B2C3D4")]},
        {"ideas": [idea("a1b2c3d")]},
        {"ideas": [idea("<script>")]},
        {"ideas": [{"id": 12345678, "text": "x"}]},
        {"ideas": [idea("a1b2c3d4"), idea("a1b2c3d4", "Nog een")]},
        {"ideas": [], "votes": "a1b2c3d4"},
        {"ideas": [], "votes": [None]},
        {"ideas": [], "votes": ["onbekend"]},
        {"ideas": [], "votes": [{"id": "a1b2c3d4"}]},
    ],
)
def test_garbage_is_refused_with_a_dutch_message(value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), value)
    assert info.value.message == t("voting.broken")


def test_too_many_ideas():
    ideas = [idea(f"0000000{n}") for n in range(4)]
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(max_ideas=3), {"ideas": ideas})
    assert info.value.message == t("ideeen.too_many", limit=3)
    assert len(check_answer(exercise(max_ideas=4), {"ideas": ideas})["ideas"]) == 4


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        (["0000000a", "0000000b", "0000000c", "0000000d"], t("voting.too_many", limit=3)),
        (["0000000a", "0000000a"], t("voting.twice")),
        (["a1b2c3d4"], t("voting.own")),
    ],
)
def test_vote_rules(votes, message):
    value = {"ideas": [idea("a1b2c3d4")], "votes": votes}
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(votes=3), value)
    assert info.value.message == message


def test_votes_for_ids_that_are_well_formed_pass_the_pure_check():
    # check_answer cannot know the group; ids that do not exist simply never count.
    assert check_answer(exercise(), {"votes": ["deadbeef"]}) == {"ideas": [], "votes": ["deadbeef"]}


# --- summarize -----------------------------------------------------------------------------


def test_summarize_counts_votes_of_others_sorted_by_votes_then_oldest():
    answers = [
        answer(
            "p-a",
            {
                "ideas": [idea("aaaaaaa1", "A1"), idea("aaaaaaa2", "A2")],
                "votes": ["bbbbbbb1", "ccccccc1"],
            },
        ),
        answer(
            "p-b",
            {"ideas": [idea("bbbbbbb1", "B1")], "votes": ["aaaaaaa1", "ccccccc1", "aaaaaaa2"]},
        ),
        # a vote for an idea that was removed does not count; nor does a vote on one's own idea
        answer(
            "p-c",
            {"ideas": [idea("ccccccc1", "C1")], "votes": ["aaaaaaa1", "deadbeef", "ccccccc1"]},
        ),
        answer("p-d", {"ideas": [], "votes": ["aaaaaaa2"]}, Role.OUDER),
        answer("p-e", {"ideas": [idea("eeeeeee1", "E1")], "votes": ["deadbeef"]}),
    ]
    summary = summarize(exercise(), answers)
    # A1: b, c = 2; A2: b, d = 2; B1: a = 1; C1: a, b = 2 (c's own vote not); E1: 0
    assert summary == VotingSummary(
        respondents=5,
        authors=4,
        voters=4,  # a, b, c, d; e's only vote is for an idea that is gone
        items=(
            VotedItem("aaaaaaa1", "A1", 2),
            VotedItem("aaaaaaa2", "A2", 2),
            VotedItem("ccccccc1", "C1", 2),
            VotedItem("bbbbbbb1", "B1", 1),
            VotedItem("eeeeeee1", "E1", 0),
        ),
    )


def test_summarize_of_nothing():
    assert summarize(exercise(), []) == VotingSummary(0, 0, 0, ())


# --- the participant's view ----------------------------------------------------------------


def test_adding_saves_at_once_and_lists_the_idea_with_a_remove_button(store, session):
    page, form = join(store, session.code)
    assert t("text.warning") in html_of(form)
    assert form.save_button.description == t("ideeen.add")
    assert add(form, "  Samen de agenda maken.  ")
    assert status(form) == t("ideeen.added")
    assert form.text.value == ""  # ready for the next idea
    value = stored(store, session.id, page)
    assert [i["text"] for i in value["ideas"]] == ["Samen de agenda maken."]
    assert re.fullmatch(r"[0-9a-f]{8}", value["ideas"][0]["id"])
    assert len(buttons(form.own, "ss-ideeen-remove")) == 1
    assert "Samen de agenda maken." in text_of(html_of(form.own))

    assert add(form, "Ouders lezen mee in het dossier.")
    ids = [i["id"] for i in stored(store, session.id, page)["ideas"]]
    assert len(set(ids)) == 2


def test_an_identifier_is_refused_and_the_text_stays(store, session):
    page, form = join(store, session.code)
    assert not add(form, "Vraag het aan moeder@example.nl")
    assert status(form) == t("text.found", found=t("identifier.email"))
    assert form.text.value == "Vraag het aan moeder@example.nl"
    assert stored(store, session.id, page) is None
    assert not add(form, "  ")
    assert status(form) == t("answer.empty")


def test_after_the_maximum_the_add_button_is_disabled(store, session):
    _page, form = join(store, session.code)
    for n in range(3):
        assert add(form, f"Idee {n}")
    assert form.save_button.disabled
    assert t("ideeen.full", limit=3) in text_of(html_of(form.own))
    # removing one opens the field again
    buttons(form.own, "ss-ideeen-remove")[0].click()
    assert status(form) == t("ideeen.removed")
    assert not form.save_button.disabled
    assert [i["text"] for i in form.ideas] == ["Idee 1", "Idee 2"]


def test_before_joining_nothing_is_saved(store):
    page = WorkshopPage(load_workshop("demo"), store)
    form = page.show(EXERCISE_ID)
    assert not add(form, "Een idee")
    assert status(form) == t("join.first")
    assert form.ideas == []


def test_others_see_ideas_vote_and_the_votes_are_saved(store, session):
    ann_page, ann = join(store, session.code, "professional")
    bob_page, bob = join(store, session.code, "ouder")
    cas_page, cas = join(store, session.code, "jongere")
    assert add(ann, "Samen de agenda maken.")
    assert add(ann, SCRIPT)
    assert add(cas, "Ouders lezen mee.")

    assert bob_page.refresh()
    assert others_shown(bob) == ["Samen de agenda maken.", SCRIPT, "Ouders lezen mee."]
    assert "<script>" not in html_of(bob)  # shown as text
    assert "&lt;script&gt;" in html_of(bob)
    assert text_of(bob.vote_list.left.value) == t("voting.left_many", count=3)

    vote_button(bob, "Samen de agenda maken.").click()
    assert vote_button(bob, "Samen de agenda maken.").description == t("voting.voted")
    assert "ss-voted" in vote_button(bob, "Samen de agenda maken.")._dom_classes
    assert text_of(bob.vote_list.left.value) == "Je hebt nog 2 stemmen."
    ann_ids = [i["id"] for i in ann.ideas]
    assert stored(store, session.id, bob_page) == {"ideas": [], "votes": [ann_ids[0]]}

    # Own ideas never get a vote button: ann sees only cas's idea to vote on.
    assert ann_page.refresh()
    assert others_shown(ann) == ["Ouders lezen mee."]
    assert cas_page.refresh()
    assert others_shown(cas) == ["Samen de agenda maken.", SCRIPT]

    # Taking a vote back gives it back.
    vote_button(bob, "Samen de agenda maken.").click()
    assert vote_button(bob, "Samen de agenda maken.").description == t("voting.vote")
    assert stored(store, session.id, bob_page)["votes"] == []
    assert text_of(bob.vote_list.note.value) == t("voting.taken_back")


def test_the_vote_limit_disables_the_other_buttons(store, session):
    _ann_page, ann = join(store, session.code)
    bob_page, bob = join(store, session.code)
    for n in range(3):
        assert add(ann, f"Idee {n}")
    _cas_page, cas = join(store, session.code)
    assert add(cas, "Idee 3")
    bob_page.refresh()
    for n in range(3):
        vote_button(bob, f"Idee {n}").click()
    assert text_of(bob.vote_list.left.value).startswith("Je stemmen zijn op.")
    assert bob.vote_list.left.value.count('data-left="0"') == 1
    assert vote_button(bob, "Idee 3").disabled
    assert not bob.vote_list.toggle(cas.ideas[0]["id"])  # even when called directly
    assert len(stored(store, session.id, bob_page)["votes"]) == 3


def test_a_vote_for_a_removed_idea_no_longer_counts_and_comes_back(store, session):
    _ann_page, ann = join(store, session.code)
    bob_page, bob = join(store, session.code)
    assert add(ann, "Blijft staan")
    assert add(ann, "Gaat weg")
    bob_page.refresh()
    vote_button(bob, "Gaat weg").click()
    assert text_of(bob.vote_list.left.value) == "Je hebt nog 2 stemmen."

    buttons(ann.own, "ss-ideeen-remove")[1].click()
    assert bob_page.refresh()
    assert others_shown(bob) == ["Blijft staan"]
    assert text_of(bob.vote_list.left.value) == "Je hebt nog 3 stemmen."
    vote_button(bob, "Blijft staan").click()
    # the stale vote is dropped when the person next saves
    assert stored(store, session.id, bob_page)["votes"] == [ann.ideas[0]["id"]]


def test_a_hidden_idea_disappears_and_its_vote_comes_back(store, session):
    ann_page, ann = join(store, session.code)
    bob_page, bob = join(store, session.code)
    assert add(ann, "Verstandig idee")
    assert add(ann, "Naam van een gezin")
    bob_page.refresh()
    vote_button(bob, "Naam van een gezin").click()

    hidden_id = ann.ideas[1]["id"]
    store.set_hidden(session.id, EXERCISE_ID, hidden_id, True)
    assert bob_page.refresh()
    assert others_shown(bob) == ["Verstandig idee"]
    assert text_of(bob.vote_list.left.value) == "Je hebt nog 3 stemmen."
    # the author still sees the idea, with a note that the trainer hid it
    assert ann_page.refresh()
    assert t("ideeen.hidden_note") in text_of(html_of(ann.own))

    store.set_hidden(session.id, EXERCISE_ID, hidden_id, False)
    assert bob_page.refresh()
    assert others_shown(bob) == ["Verstandig idee", "Naam van een gezin"]
    assert vote_button(bob, "Naam van een gezin").description == t("voting.voted")


def test_rejoining_brings_back_ideas_and_votes(store, session):
    _ann_page, ann = join(store, session.code)
    bob_page, bob = join(store, session.code)
    assert add(ann, "Idee van ann")
    assert add(bob, "Idee van bob")
    bob_page.refresh()
    vote_button(bob, "Idee van ann").click()

    again, form = join(store, session.code, personal=bob_page.participant.personal_code)
    assert again.participant.pseudonym == bob_page.participant.pseudonym
    assert [i["text"] for i in form.ideas] == ["Idee van bob"]
    assert others_shown(form) == ["Idee van ann"]
    assert vote_button(form, "Idee van ann").description == t("voting.voted")
    assert text_of(form.vote_list.left.value) == "Je hebt nog 2 stemmen."
    # adding another idea keeps the first and the vote
    assert add(form, "Nog een idee")
    value = stored(store, session.id, bob_page)
    assert [i["text"] for i in value["ideas"]] == ["Idee van bob", "Nog een idee"]
    assert value["votes"] == [ann.ideas[0]["id"]]


# --- the trainer's panel -------------------------------------------------------------------

SUMMARY = VotingSummary(
    respondents=4,
    authors=3,
    voters=2,
    items=(
        VotedItem("aaaaaaa1", "Meer tijd", 3),
        VotedItem("bbbbbbb1", SCRIPT, 1),
        VotedItem("ccccccc1", "Naam van een gezin", 2),
    ),
)


def rows(panel: IdeeenPanel, box_class: str = "ss-vote-ranking") -> list[tuple[str, int]]:
    box = first_with_class(panel, box_class)
    found = re.findall(r'data-id="([0-9a-f]+)" data-count="(\d+)"', html_of(box))
    return [(item_id, int(count)) for item_id, count in found]


def panel_for(hidden: frozenset[str] = frozenset()) -> tuple[IdeeenPanel, list[tuple[str, bool]]]:
    panel = IdeeenPanel(exercise())
    calls: list[tuple[str, bool]] = []
    panel.hide_item = lambda item_id, hide: calls.append((item_id, hide))
    panel.update(SUMMARY, 4, hidden)
    return panel, calls


def test_the_panel_lists_ideas_with_exact_counts_and_escapes_text():
    panel, _ = panel_for()
    assert rows(panel) == [("aaaaaaa1", 3), ("bbbbbbb1", 1), ("ccccccc1", 2)]
    markup = html_of(panel)
    assert "<script>" not in markup
    assert "<b>vet" not in markup
    assert "&lt;b&gt;vet&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert 'data-authors="3" data-voters="2"' in markup
    assert "3 stemmen" in text_of(markup)
    assert "1 stem" in text_of(markup)
    assert 'style="width:100%"' in markup  # the top idea has the full bar
    assert not any("ss-vote-hidden" in w._dom_classes for w in walk(panel))


def test_verberg_calls_the_dashboard_and_hidden_ideas_sit_in_a_closed_section():
    panel, calls = panel_for()
    buttons(panel, "ss-vote-hide")[2].click()
    assert calls == [("ccccccc1", True)]

    panel, calls = panel_for(frozenset({"ccccccc1"}))
    assert rows(panel) == [("aaaaaaa1", 3), ("bbbbbbb1", 1)]
    assert rows(panel, "ss-vote-hidden-box") == [("ccccccc1", 2)]
    toggle = buttons(panel, "ss-vote-hidden-toggle")[0]
    assert toggle.description == t("group.hidden", count=1) == "Verborgen door de trainer (1)"
    box = first_with_class(panel, "ss-vote-hidden-box")
    assert box.layout.display == "none"  # a projected dashboard does not show it
    toggle.click()
    assert box.layout.display == ""
    unhide = buttons(panel, "ss-vote-unhide")
    assert [b.description for b in unhide] == [t("group.unhide")]
    unhide[0].click()
    assert calls == [("ccccccc1", False)]
    # the section stays open when the panel redraws
    panel.update(SUMMARY, 4, frozenset({"ccccccc1", "aaaaaaa1"}))
    box = first_with_class(panel, "ss-vote-hidden-box")
    assert box.layout.display == ""
    assert rows(panel, "ss-vote-hidden-box") == [("aaaaaaa1", 3), ("ccccccc1", 2)]


def test_the_dashboard_hides_an_idea_for_every_participant(store):
    dashboard, session = demo_dashboard(store, 3)
    view = dashboard.session_view
    pages = [join(store, session.code, role) for role in ("professional", "ouder", "jongere")]
    (_, ann), (bob_page, bob), (cas_page, cas) = pages
    assert add(ann, "Meer tijd")
    assert add(ann, "Naam van een gezin")
    assert add(cas, "Samen evalueren")
    for page, _form in pages:
        page.refresh()
    vote_button(bob, "Meer tijd").click()
    vote_button(bob, "Naam van een gezin").click()
    vote_button(cas, "Meer tijd").click()
    assert view.refresh()
    panel = view.panels[EXERCISE_ID]
    ids = {i["text"]: i["id"] for i in ann.ideas + cas.ideas}
    assert rows(panel) == [
        (ids["Meer tijd"], 2),
        (ids["Naam van een gezin"], 1),
        (ids["Samen evalueren"], 0),
    ]

    row = first_with_class(panel, f"ss-vote-item-{ids['Naam van een gezin']}")
    row.children[1].click()  # Verberg
    assert store.hidden_items(session.id) == {EXERCISE_ID: frozenset({ids["Naam van een gezin"]})}
    panel = view.panels[EXERCISE_ID]
    assert rows(panel) == [(ids["Meer tijd"], 2), (ids["Samen evalueren"], 0)]
    assert rows(panel, "ss-vote-hidden-box") == [(ids["Naam van een gezin"], 1)]
    assert bob_page.refresh()
    assert others_shown(bob) == ["Meer tijd", "Samen evalueren"]
    assert text_of(bob.vote_list.left.value) == "Je hebt nog 2 stemmen."

    buttons(panel, "ss-vote-unhide")[0].click()
    assert store.hidden_items(session.id) == {}
    assert rows(view.panels[EXERCISE_ID]) == [
        (ids["Meer tijd"], 2),
        (ids["Naam van een gezin"], 1),
        (ids["Samen evalueren"], 0),
    ]
    assert cas_page.refresh()
    assert others_shown(cas) == ["Meer tijd", "Naam van een gezin"]


def test_the_panel_is_the_registered_one():
    registered = exercise_type("ideeen")
    assert registered.participant_view is IdeeenForm
    assert registered.dashboard_panel is IdeeenPanel
    assert any(".ss-vote-row" in part for part in registered.css)


# --- the group's results as static HTML ----------------------------------------------------


def test_render_html_is_the_panel_without_its_controls_and_hidden_ideas():
    hidden = frozenset({"ccccccc1"})
    markup = render_html(exercise(), SUMMARY, hidden=hidden)
    assert "<button" not in markup
    assert "<input" not in markup
    assert "<script>" not in markup
    assert "&lt;b&gt;vet&lt;/b&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "Naam van een gezin" not in markup  # the hidden idea
    assert "ss-vote-hidden" not in markup  # nor the trainer's section with it
    assert re.findall(r'data-id="(\w+)" data-count="(\d+)"', markup) == [
        ("aaaaaaa1", "3"),
        ("bbbbbbb1", "1"),
    ]
    assert 'data-authors="3" data-voters="2"' in markup
    assert 'class="ss-vote-item ss-vote-item-aaaaaaa1"' in markup
    assert '<span class="ss-vote-rank">2.</span>' in markup  # ranks close the gap
    assert 'style="width:100%"' in markup
    assert 'style="width:33%"' in markup
    assert text_of(markup).startswith("Wat wil je toevoegen?")
    assert "3 stemmen" in text_of(markup)
    assert "1 stem" in text_of(markup)

    # The same text, numbers and classes as the trainer's panel shows (controls aside).
    panel, _ = panel_for(hidden)
    snapshot = snapshot_html(panel.body)
    assert text_of(markup) == text_of(snapshot)
    assert re.findall(r'data-[a-z]+="\w+"', markup) == re.findall(r'data-[a-z]+="\w+"', snapshot)
    for css in ("ss-prompt", "ss-vote-tally", "ss-vote-ranking", "ss-vote-row", "ss-vote-fill"):
        assert css in markup
        assert css in snapshot


def test_render_html_with_nothing_to_show():
    markup = render_html(
        exercise(),
        VotingSummary(2, 1, 0, (VotedItem("aaaaaaa1", "A", 0),)),
        hidden=frozenset({"aaaaaaa1"}),
    )
    assert t("ideeen.none") in text_of(markup)
    assert "data-id" not in markup
    assert t("ideeen.none") in text_of(render_html(exercise(), summarize(exercise(), [])))


def test_the_registered_render_html_is_the_model_one():
    assert exercise_type("ideeen").render_html is render_html
    assert exercise_type("ideeen").final_section == 1


# --- on paper ------------------------------------------------------------------------------


def test_paper_html_is_registered():
    from samenspraak.exercises.ideeen.model import paper_html

    assert exercise_type("ideeen").paper_html is paper_html


def test_paper_html_has_the_prompt_a_space_per_idea_and_the_votes():
    from samenspraak.core.html import escape
    from samenspraak.exercises.ideeen.model import paper_html

    demo = load_workshop("demo").exercise(EXERCISE_ID)
    markup = paper_html(demo)
    assert escape(demo.prompt) in markup
    assert markup.count('class="ss-paper-idea"') == demo.max_ideas
    assert markup.count('class="ss-paper-lines"') == demo.max_ideas
    assert escape(t("ideeen.others")) in markup
    assert escape(t("ideeen.others_explain")) in markup
    assert escape(t("ideeen.paper_votes_many", count=demo.votes)) in markup
    assert escape(t("text.warning")) in markup
    assert "<button" not in markup
    assert "<input" not in markup
    # one idea, one vote: the singular texts
    single = paper_html(exercise(max_ideas=1, votes=1))
    assert single.count('class="ss-paper-idea"') == 1
    assert escape(t("ideeen.paper_write_one", length=200)) in single
    assert escape(t("ideeen.paper_votes_one")) in single


def test_paper_html_key_only_for_the_trainer():
    from samenspraak.core.html import escape
    from samenspraak.exercises.ideeen.model import paper_html

    demo = load_workshop("demo").exercise(EXERCISE_ID)
    key_text = escape(t("ideeen.paper_key_text"))
    without, with_key = paper_html(demo), paper_html(demo, answer_key=True)
    assert key_text not in without
    assert "ss-paper-key" not in without
    assert key_text in with_key
    assert 'class="ss-paper-key"' in with_key
    assert with_key.startswith(without.removesuffix("</div>"))  # the key only adds


def test_paper_html_escapes_content():
    from samenspraak.exercises.ideeen.model import paper_html

    markup = paper_html(exercise(prompt=SCRIPT), answer_key=True)
    assert "<script>" not in markup
    assert "<b>vet" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
