"""Self-study: a page without a group keeps answers in memory and compares them with the
invented reference group; nothing reaches a database."""

from __future__ import annotations

import base64
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
from benchmarks.dashboard_refresh import raw_answer

from samenspraak.app import WorkshopPage
from samenspraak.app.selfstudy import SELF_STUDY_ENV
from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.records import Role
from samenspraak.core.store import Store
from samenspraak.examples import load_examples
from samenspraak.exercises import exercise_type
from samenspraak.exercises.afspraken.view import AfsprakenForm
from samenspraak.exercises.ideeen.view import IdeeenForm
from samenspraak.exercises.open.view import OpenForm
from samenspraak.exercises.perspectief.view import PerspectiefForm
from samenspraak.exercises.quiz.view import QuizForm
from samenspraak.exercises.reflectie.view import ReflectieForm
from samenspraak.exercises.stelling.view import StellingForm

from .helpers import CONTENT, answer_rows, html_of, shown, status, submit_join, text_of

INVENTED = "Voorbeeldgroep: verzonnen antwoorden, gemaakt voor deze oefening. Geen echte mensen."
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where a database would appear: the results store of this test points in here."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("SAMENSPRAAK_DB", f"sqlite:///{folder / 'results.sqlite'}")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "xdg"))
    return folder


@pytest.fixture
def page(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> WorkshopPage:
    """The demo workshop as Binder opens it: self-study only."""
    monkeypatch.setenv(SELF_STUDY_ENV, "1")
    return WorkshopPage.open("demo")


def form_of(page: WorkshopPage, exercise_id: str, form_type: type) -> Any:
    form = page.form(exercise_id)
    assert isinstance(form, form_type)
    return form


def columns(page: WorkshopPage, exercise_id: str) -> tuple[str, str]:
    """The markup of the two columns under a form: the person's own, the reference group's."""
    markup = page.self_study.comparisons[exercise_id].value
    own, group = re.fullmatch(
        r'<div class="ss-compare"><section class="ss-compare-col ss-compare-own">(.*)</section>'
        r'<section class="ss-compare-col ss-compare-group">(.*)</section></div>',
        markup,
        flags=re.DOTALL,
    ).groups()
    return own, group


def bar_counts(markup: str) -> dict[str, int]:
    """``label: count`` of every bar row in some panel markup."""
    return {
        label: int(count)
        for label, count in re.findall(
            r'<span class="ss-bar-label">([^<]*)</span>.*?data-count="(\d+)"', markup
        )
    }


def decoded(link_markup: str, css: str) -> str:
    """The file inside the download link with class ``css``."""
    match = re.search(
        rf'class="ss-download {css}"[^>]*href="data:[^;]+(?:;charset=utf-8)?;base64,([^"]+)"',
        link_markup,
    )
    assert match, f"no download link {css}"
    return base64.b64decode(match.group(1)).decode("utf-8")


def answer_stelling(page: WorkshopPage, choice: str, reason: str) -> StellingForm:
    form = form_of(page, "demo-stelling", StellingForm)
    form.choice.value = choice
    form.reason.value = reason
    assert form.submit(), status(form)
    return form


# --- where self-study starts ---------------------------------------------------------------


def test_binder_opens_straight_in_self_study_without_a_store(page: WorkshopPage, data_dir: Path):
    assert page.store is None
    assert page.self_study.active
    assert not shown(page.join_panel.form)  # no code is asked for
    assert shown(page.self_study.banner)
    banner = text_of(html_of(page.self_study.banner))
    assert "Je oefent alleen" in banner
    assert "nergens opgeslagen" in banner
    assert "link van je trainer" not in banner  # there is no group to join here
    answer_stelling(page, "eens", "Ik ben er maar even.")
    assert list(data_dir.iterdir()) == []  # no database file, not even a folder for one


def test_without_a_code_a_page_offers_both_paths(store: Store, session, monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "")
    page = WorkshopPage.open("demo", store)
    assert shown(page.join_panel.form)
    assert shown(page.self_study.choice)
    assert page.self_study.choice in page.join_panel.form.children
    assert "Alleen oefenen" in page.self_study.start_button.description
    assert not page.self_study.active


def test_a_link_with_a_code_leads_into_the_group_only(store: Store, session, monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", f"code={session.code}")
    page = WorkshopPage.open("demo", store)
    assert page.join_panel.code.value == session.code
    assert not shown(page.self_study.choice)


def test_choosing_self_study_stores_nothing(store: Store, session, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "")
    page = WorkshopPage.open("demo", store)
    page.join_panel.role.value = "jongere"  # chosen on the join form first: kept
    page.self_study.start_button.click()
    assert page.self_study.active
    assert page.self_study.role.value == "jongere"
    assert not shown(page.join_panel.form)
    assert "link van je trainer" in text_of(html_of(page.self_study.banner))
    answer_stelling(page, "oneens", "Ouders blijven.")
    assert answer_rows(store) == []
    assert page.participant is None
    assert not page.join()  # working alone now: no group to join by accident
    assert page.participant is None


def test_joining_a_group_hides_self_study(store: Store, session):
    page = WorkshopPage(load_workshop("demo"), store, code=session.code)
    submit_join(page, "professional")
    assert not shown(page.join_panel.form)  # the choice sits inside the form
    assert not page.self_study.active
    page.self_study.start_button.click()  # even a stray click changes nothing now
    assert not page.self_study.active
    answer_stelling(page, "eens", "")
    assert [row[1] for row in answer_rows(store)] == ["demo-stelling"]
    assert page.self_study.comparisons == {}


def test_an_unreachable_store_means_self_study(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("SAMENSPRAAK_DB", f"sqlite:///{blocker / 'results.sqlite'}")
    page = WorkshopPage.open("demo")
    assert page.store is None
    assert page.self_study.active


# --- the comparison ------------------------------------------------------------------------


def test_own_answer_beside_the_invented_group(page: WorkshopPage):
    answer_stelling(page, "weet_niet", "Het hangt van het gezin af.")
    own, group = columns(page, "demo-stelling")
    assert "Jouw antwoord" in own
    assert "Het hangt van het gezin af." in own
    assert bar_counts(own) == {"Eens": 0, "Oneens": 0, "Weet ik niet": 1}
    assert INVENTED in text_of(group)
    assert 'data-count="10"' in group
    assert "10 verzonnen antwoorden" in group
    # content/examples/demo.yaml: six agree, two disagree, two are not sure.
    assert bar_counts(group) == {"Eens": 6, "Oneens": 2, "Weet ik niet": 2}
    assert "Het hangt van het gezin af." not in group
    form = page.form("demo-stelling")
    assert page.self_study.comparisons["demo-stelling"] in form.children


def test_a_new_answer_replaces_the_old_one(page: WorkshopPage):
    form = answer_stelling(page, "eens", "Eerste gedachte.")
    assert status(form) == t("selfstudy.kept")  # nothing is stored anywhere else
    form.choice.value = "oneens"
    form.reason.value = "Tweede gedachte."
    assert form.submit()
    assert "nieuwe antwoord" in status(form)
    own, _group = columns(page, "demo-stelling")
    assert bar_counts(own) == {"Eens": 0, "Oneens": 1, "Weet ik niet": 0}
    assert "Eerste gedachte." not in own
    assert page.self_study.answers["demo-stelling"] == {
        "choice": "oneens",
        "reason": "Tweede gedachte.",
    }


def test_nothing_is_compared_before_saving(page: WorkshopPage):
    assert page.self_study.comparisons["demo-stelling"].value == ""


def test_identifiers_are_still_refused(page: WorkshopPage):
    form = form_of(page, "demo-open", OpenForm)
    form.text.value = "Bel de moeder op 06-12345678."
    assert not form.submit()
    assert "telefoonnummer" in status(form)
    assert "demo-open" not in page.self_study.answers
    assert page.self_study.comparisons["demo-open"].value == ""
    assert not shown(page.downloads())


def test_participant_html_is_escaped_everywhere(page: WorkshopPage):
    form = form_of(page, "demo-open", OpenForm)
    form.text.value = XSS
    assert form.submit(), status(form)
    own, _group = columns(page, "demo-open")
    assert "&lt;img src=x onerror=alert(1)&gt;" in own
    assert XSS not in page.self_study.comparisons["demo-open"].value
    printable = decoded(page.downloads().value, "ss-html")
    assert "&lt;img src=x onerror=alert(1)&gt;" in printable
    assert XSS not in printable
    assert json.loads(decoded(page.downloads().value, "ss-json"))["answers"][0]["value"] == {
        "text": XSS
    }


def test_no_trainer_controls_or_notes_in_the_comparison(page: WorkshopPage):
    form = form_of(page, "demo-ideeen", IdeeenForm)
    form.text.value = "Samen de agenda maken."
    assert form.submit(), status(form)
    markup = page.self_study.comparisons["demo-ideeen"].value
    assert "Verberg" not in markup
    assert "alleen voor de trainer" not in markup  # the demo's trainer notes stay out
    assert "ss-trainer-only" not in markup
    assert "Samen de agenda maken." in columns(page, "demo-ideeen")[0]


def test_every_type_of_the_demo_compares_in_self_study(page: WorkshopPage):
    """Each type's panel draws one person's answer and the ten invented ones."""
    rng = random.Random(3)
    workshop = page.workshop
    found = load_examples(workshop)
    for exercise in workshop.exercises:
        value = exercise_type(exercise.type).check_answer(
            exercise, raw_answer(exercise, Role.PROFESSIONAL, rng)
        )
        page._save(exercise, value)
        if exercise.type == "reflectie":
            assert exercise.id not in page.self_study.comparisons
            continue
        assert len(found.of(exercise.id)) >= 8, exercise.id
        own, group = columns(page, exercise.id)
        assert INVENTED in text_of(group), exercise.id
        assert len(text_of(own).strip()) > len("Jouw antwoord"), exercise.id
    assert set(page.self_study.answers) == {e.id for e in workshop.exercises}


def test_the_radar_and_charts_draw_as_images(page: WorkshopPage):
    rng = random.Random(1)
    exercise = page.workshop.exercise("demo-schaal")
    page._save(exercise, {"scores": {s.id: rng.randint(1, 5) for s in exercise.statements}})
    own, group = columns(page, "demo-schaal")
    assert own.count("<img") == 1
    assert group.count("<img") == 1


# --- forms keep their own behaviour --------------------------------------------------------


def test_quiz_feedback_still_shows(page: WorkshopPage):
    form = form_of(page, "demo-quiz", QuizForm)
    for question in form.exercise.questions:
        form.choices[question.id].value = 1  # the second option: wrong everywhere in the demo
    assert form.submit(), status(form)
    assert all(shown(box) and "ss-quiz-wrong" in box.value for box in form.feedback.values())
    assert "0 van de 4" in status(form)
    _own, group = columns(page, "demo-quiz")
    assert INVENTED in text_of(group)


def test_reflection_download_works_and_is_never_compared(page: WorkshopPage):
    form = form_of(page, "demo-reflectie", ReflectieForm)
    first = form.exercise.prompts[0]
    form.texts[first.id].value = "Ik gaf ruimte door stil te zijn."
    assert form.submit(), status(form)
    assert "download" in form.download.value
    assert "demo-reflectie" not in page.self_study.comparisons
    assert not any(isinstance(c, widgets.HTML) and "ss-compare" in c.value for c in form.children)
    mine = json.loads(decoded(page.downloads().value, "ss-json"))
    [entry] = mine["answers"]
    assert entry["value"] == {"written": 1}
    assert entry["texts"] == {first.id: "Ik gaf ruimte door stil te zijn."}
    assert "Ik gaf ruimte door stil te zijn." in decoded(page.downloads().value, "ss-html")


def test_agreement_card_download_still_works(page: WorkshopPage):
    form = form_of(page, "demo-afspraken", AfsprakenForm)
    form.fields["goal"].value = "Daan slaapt genoeg."
    form.go_to(4)
    form.rows[0].who.value = "Vader"
    form.rows[0].what.value = "Zondag samen de week doornemen"
    form.rows[0].when.value = "elke zondag"
    form.go_to(6)
    assert form.submit(), status(form)
    assert "data:text/html" in form.download.value
    own, _group = columns(page, "demo-afspraken")
    assert "Zondag samen de week doornemen" in own
    assert page.self_study.comparisons["demo-afspraken"] in form.children


def test_ideas_to_vote_on_are_the_invented_ones(page: WorkshopPage):
    form = form_of(page, "demo-ideeen", IdeeenForm)
    ideas = {
        idea["id"]: idea["text"]
        for answer in load_examples(page.workshop).of("demo-ideeen")
        for idea in answer.value["ideas"]
    }
    listed = html_of(form.vote_list)
    assert all(text in listed for text in ideas.values())
    assert "verzonnen voorbeelden" in form.session_note.value
    assert form.vote_list.toggle("1a2b3c06")
    assert page.self_study.answers["demo-ideeen"] == {"ideas": [], "votes": ["1a2b3c06"]}


def test_the_role_changes_what_perspectief_asks(page: WorkshopPage):
    form = form_of(page, "demo-perspectief", PerspectiefForm)
    assert all(shown(row) for row in form.guess_rows)  # a professional also guesses
    page.self_study.role.value = Role.OUDER.value
    assert not any(shown(row) for row in form.guess_rows)  # a parent only answers for herself
    for toggle in form.own.values():
        toggle.value = 4
    assert form.submit(), status(form)
    assert page.self_study.answers["demo-perspectief"] == {
        "self": {item.id: 4 for item in form.exercise.items}
    }


def test_forms_made_after_the_start_are_ready_too(data_dir: Path):
    page = WorkshopPage(load_workshop("demo", CONTENT), None)
    assert page.self_study.active
    form = form_of(page, "demo-stelling", StellingForm)
    assert page.self_study.comparisons["demo-stelling"] in form.children
    answer_stelling(page, "eens", "")
    assert INVENTED in text_of(columns(page, "demo-stelling")[1])


# --- the person's own file -----------------------------------------------------------------


def test_downloads_hold_everything_answered(page: WorkshopPage):
    downloads = page.downloads()
    assert not shown(downloads)
    assert downloads in page.sources().children  # at the end of every workshop notebook
    answer_stelling(page, "eens", "Ouders kennen hun kind.")
    form = form_of(page, "demo-open", OpenForm)
    form.text.value = "Ik luister eerst."
    assert form.submit()
    assert shown(downloads)
    assert "Download mijn antwoorden" in text_of(downloads.value)
    printable = decoded(downloads.value, "ss-html")
    assert printable.startswith("<!DOCTYPE html>")
    assert "Mijn antwoorden: Proeftuin" in printable
    for text in ("Stelling: eens of oneens", "Ouders kennen hun kind.", "Ik luister eerst."):
        assert text in printable
    assert printable.index("Stelling: eens") < printable.index("Open vraag")  # workshop order
    assert "Voorbeeldgroep" not in printable  # only what the person answered
    mine = json.loads(decoded(downloads.value, "ss-json"))
    assert mine["workshop"] == "demo"
    assert mine["role"] == "professional"
    assert [(a["exercise"], a["value"]) for a in mine["answers"]] == [
        ("demo-stelling", {"choice": "eens", "reason": "Ouders kennen hun kind."}),
        ("demo-open", {"text": "Ik luister eerst."}),
    ]
    assert re.search(r'download="samenspraak-demo-\d{4}-\d\d-\d\d\.json"', downloads.value)


def test_group_pages_offer_no_download_of_their_own(store: Store, session):
    page = WorkshopPage(load_workshop("demo"), store, code=session.code)
    submit_join(page, "professional")
    answer_stelling(page, "eens", "")
    assert not shown(page.downloads())
    assert page.downloads().value == ""


def test_broken_examples_leave_the_page_working(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog
):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    examples_file = content / "examples" / "demo.yaml"
    examples_file.write_text(
        examples_file.read_text(encoding="utf-8").replace("role: anders", "role: opa", 1),
        encoding="utf-8",
    )
    monkeypatch.setenv("SAMENSPRAAK_CONTENT", str(content))
    monkeypatch.setenv(SELF_STUDY_ENV, "1")
    page = WorkshopPage.open("demo")
    form = answer_stelling(page, "eens", "Toch opgeslagen.")
    assert status(form) == t("selfstudy.kept")
    assert page.self_study.comparisons == {}  # no reference group rather than a wrong one
    assert shown(page.downloads())
    assert "onbekende rol opa" in caplog.text
