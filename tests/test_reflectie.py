"""The ``reflectie`` type: a private journal whose text never reaches the store or dashboard."""

from __future__ import annotations

import base64
import html
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.aggregate import with_minimum
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.base import ResultsPanel
from samenspraak.exercises.reflectie.model import (
    Reflectie,
    ReflectieSummary,
    check_answer,
    journal_html,
    reflections,
    render_html,
    summarize,
)
from samenspraak.exercises.reflectie.view import ReflectieForm
from samenspraak.render.export import answers_frame

from .helpers import (
    CONTENT,
    answer_rows,
    check_lines,
    db_path,
    db_rows,
    demo_dashboard,
    html_of,
    join_page,
    load,
    problems,
    replace_once,
    status,
    text_of,
    walk,
    workshop_yaml,
)
from .panel_html import snapshot_html

XSS = "<img src=x onerror=alert(1)>"

MINI = workshop_yaml(
    """\
  - id: de-reflectie
    type: reflectie
    title: Reflectie
    sources: [bron-een]
    prompts:
      - id: ruimte
        text: Hoe gaf ik ruimte?
      - id: overnemen
        text: Waar nam ik het over?
    max_length: 100
""",
    title="Mini reflectie",
    description="Een kleine workshop om te testen.",
    source="bron-een",
)
# 10 - id: de-reflectie   14 prompts:   15 - id: ruimte   17 - id: overnemen   19 max_length
# A problem with the whole list of prompts points at its first item (line 15).


def mutate(*pairs: str) -> str:
    return replace_once(MINI, *pairs)


# --- schema --------------------------------------------------------------------------------


def test_mini_reflectie_is_valid(tmp_path: Path):
    exercise = load(tmp_path, MINI).exercise("de-reflectie")
    assert isinstance(exercise, Reflectie)
    assert [p.id for p in exercise.prompts] == ["ruimte", "overnemen"]
    assert exercise.max_length == 100
    shorter = load(tmp_path, mutate("    max_length: 100\n", ""))
    assert shorter.exercise("de-reflectie").max_length == 2000


P = "exercises[0].prompts"
CASES = {
    "prompt id twice": (
        mutate("- id: overnemen", "- id: ruimte"),
        (17, f"{P}[1].id", "de vraag ruimte komt vaker voor in deze reflectie"),
    ),
    "seven prompts": (
        mutate(
            "    max_length: 100\n",
            "".join(f"      - id: vraag-{i}\n        text: Vraag {i}?\n" for i in range(5))
            + "    max_length: 100\n",
        ),
        (15, P, "te veel: maximaal 6"),
    ),
    "no prompts": (
        mutate(
            "    prompts:\n      - id: ruimte\n        text: Hoe gaf ik ruimte?\n"
            "      - id: overnemen\n        text: Waar nam ik het over?\n",
            "    prompts: []\n",
        ),
        (14, P, "te weinig: minimaal 1"),
    ),
    "prompt too long": (
        mutate("text: Waar nam ik het over?", "text: " + "w" * 201),
        (18, f"{P}[1].text", "te lang: maximaal 200 tekens"),
    ),
    "prompt id not a slug": (
        mutate("- id: ruimte", "- id: Ruimte Geven"),
        (15, f"{P}[0].id", t("content.slug")),
    ),
    "max_length too small": (
        mutate("max_length: 100", "max_length: 10"),
        (19, "exercises[0].max_length", "moet minimaal 20 zijn"),
    ),
    "max_length too large": (
        mutate("max_length: 100", "max_length: 5000"),
        (19, "exercises[0].max_length", "mag maximaal 2000 zijn"),
    ),
    "unknown field": (
        mutate("    max_length: 100\n", "    max_length: 100\n    delen: true\n"),
        (20, "exercises[0].delen", "dit veld kennen we niet; controleer de spelling"),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_problems_are_located(tmp_path: Path, case):
    text, expected = case
    assert set(problems(tmp_path, text)) == {expected}


def test_check_prints_file_line_field_message(tmp_path: Path):
    path, lines = check_lines(tmp_path, mutate("- id: overnemen", "- id: ruimte"))
    assert lines == [f"{path}:17: {P}[1].id: de vraag ruimte komt vaker voor in deze reflectie"]


DEMO = load_workshop("demo", CONTENT)
REFLECTIE_ID = "demo-reflectie"
EXERCISE: Reflectie = DEMO.exercise(REFLECTIE_ID)  # type: ignore[assignment]


def test_demo_has_three_reflection_prompts_from_the_han():
    assert EXERCISE.type == "reflectie"
    assert EXERCISE.intro.startswith("**Type reflectie.**")
    assert len(EXERCISE.prompts) == 3
    assert EXERCISE.sources == ["han-gelijkwaardig-samenwerken"]
    assert EXERCISE.trainer_notes


# --- check_answer --------------------------------------------------------------------------


@pytest.fixture
def exercise(tmp_path: Path) -> Reflectie:
    return load(tmp_path, MINI).exercise("de-reflectie")  # type: ignore[return-value]


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "tekst",
        42,
        ["tekst"],
        {},
        {"texts": None},
        {"texts": "tekst"},
        {"texts": ["tekst"]},
        {"texts": {}},
        {"texts": {"ruimte": "   ", "overnemen": "\n"}},
        {"texts": {"ruimte": 7, "overnemen": None}},
        {"texts": {"onbekend": "Ik luisterde.", XSS: "tekst"}},
        {"written": 2},
    ],
)
def test_nothing_written_is_refused(exercise, raw):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise, raw)
    assert info.value.message == t("answer.empty")


@pytest.mark.parametrize(
    "text",
    [XSS, '"><script>alert(1)</script>', "Ik voelde me 😊 gehoord 👨‍👩‍👧 🙏🏽.", "Zij & ik <3"],
)
def test_only_the_count_comes_out_never_the_text(exercise, text):
    raw = {"texts": {"ruimte": f"  {text}\n", "overnemen": ""}}
    clean = check_answer(exercise, raw)
    assert clean == {"written": 1}
    assert text not in json.dumps(clean)
    assert reflections(exercise, raw) == {"ruimte": text}  # kept as text for the download


def test_count_is_the_number_of_prompts_with_text(exercise):
    raw = {"texts": {"ruimte": "Ik vroeg door.", "overnemen": "Bij het plan.", "x": "y"}}
    assert check_answer(exercise, raw) == {"written": 2}


def test_too_long_names_the_prompt(exercise):
    raw = {"texts": {"ruimte": "ok", "overnemen": "x" * 101}}
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise, raw)
    too_long = t("answer.too_long", length=101, limit=100)
    assert info.value.message == t("reflectie.in_prompt", n=2, message=too_long)
    assert check_answer(exercise, {"texts": {"overnemen": "x" * 100}}) == {"written": 1}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Ik mailde moeder op moeder@example.nl.", "email"),
        ("Ik belde vader op 06-12345678.", "phone"),
        ("Het BSN 111222333 stond erin.", "bsn"),
        ("Het gezin woont bij 1234 AB.", "postcode"),
    ],
)
def test_identifiers_are_refused_because_the_file_may_be_shared(exercise, text, category):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise, {"texts": {"ruimte": text}})
    found = t("text.found", found=t(f"identifier.{category}"))
    assert info.value.message == t("reflectie.in_prompt", n=1, message=found)


# --- summarize and the panel ---------------------------------------------------------------

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def answers(*values: Any) -> list[Answer]:
    return [
        Answer(f"p-{n:08x}", Role.OUDER, "de-reflectie", 1, value, NOW, NOW)
        for n, value in enumerate(values)
    ]


def test_summary_counts_only_people_who_wrote(exercise):
    group = answers(
        {"written": 2},
        {"written": 1},
        {"written": 0},
        {"written": "3"},
        {"written": True},
        None,
        {"texts": {"ruimte": "geheim"}},
        {"written": 3},
    )
    assert summarize(exercise, group) == ReflectieSummary(respondents=8, writers=3)
    assert summarize(exercise, []) == ReflectieSummary(0, 0)


def test_panel_shows_only_the_count_and_that_texts_stay(exercise):
    panel = ResultsPanel(exercise)
    group = answers({"written": 2}, {"written": 1}, {"written": 0})
    panel.update(summarize(exercise, group), 3)
    body = html_of(panel.body)
    assert 'class="ss-reflectie-count" data-count="2"' in body
    assert text_of(body).split("\n")[0].startswith("2 deelnemers hebben geschreven")
    assert t("reflectie.stays") in text_of(body)
    assert "Hoe gaf ik ruimte?" not in body  # not even the prompts

    panel.update(summarize(exercise, group[1:]), 2)
    assert "1 deelnemer heeft geschreven" in text_of(html_of(panel.body))


def test_render_html_shows_only_the_count_as_the_panel_does(exercise):
    group = answers({"written": 2}, {"written": 1}, {"written": 0}, {"texts": {"ruimte": XSS}})
    summary = summarize(exercise, group)
    markup = render_html(exercise, summary)
    assert 'class="ss-reflectie-count" data-count="2"' in markup
    assert text_of(markup) == t("reflectie.writers", count=2) + t("reflectie.stays")
    assert "Hoe gaf ik ruimte?" not in markup  # not even the prompts
    assert "<img" not in markup
    assert "<button" not in markup
    assert "<input" not in markup
    assert text_of(render_html(exercise, ReflectieSummary(1, 1))).startswith(t("reflectie.writer"))

    panel = ResultsPanel(exercise)
    panel.update(summary, 4)
    snapshot = snapshot_html(panel.body)
    assert text_of(snapshot) == text_of(markup)
    assert 'class="ss-reflectie-count" data-count="2"' in snapshot


def test_panel_waits_for_the_minimum(exercise):
    panel = ResultsPanel(exercise)
    panel.update(with_minimum(summarize, exercise, answers({"written": 1}), 3), 1)
    assert text_of(panel.status.value) == t("dash.waiting", count=1, minimum=3)
    assert panel.body.children == ()


# --- the participant's form ----------------------------------------------------------------


def stored(store: Store) -> list[Any]:
    """The value of each answer to the demo reflectie in the SQLite file."""
    return [value for _pid, _eid, value in answer_rows(store, REFLECTIE_ID)]


@pytest.fixture
def session(store: Store):
    return store.create_session("demo", min_group_size=2)


def joined(store: Store, code: str, role: str = "professional", personal: str = "") -> WorkshopPage:
    return join_page(DEMO, store, code, role, personal=personal, show=[REFLECTIE_ID])


@pytest.fixture
def form(store: Store, session) -> ReflectieForm:
    return joined(store, session.code).show(REFLECTIE_ID)


def downloaded(form: ReflectieForm) -> str:
    """The file inside the download link, as the browser would save it."""
    match = re.search(r'href="data:text/html;charset=utf-8;base64,([^"]+)"', form.download.value)
    assert match, form.download.value
    return base64.b64decode(match.group(1)).decode("utf-8")


def test_form_says_the_text_is_private_and_warns_before_the_fields(form):
    assert form.save_button.description == "Klaar"
    intro = next(w for w in walk(form) if isinstance(w, widgets.HTML) and "ss-warning" in w.value)
    assert t("reflectie.private") in text_of(intro.value)
    assert t("text.warning") in text_of(intro.value)
    children = list(walk(form))
    fields = list(form.texts.values())
    assert len(fields) == 3
    assert all(children.index(intro) < children.index(field) for field in fields)
    assert all("ss-reflectie-text" in field._dom_classes for field in fields)
    assert form.download.value == ""
    for prompt in EXERCISE.prompts:
        assert prompt.text in text_of(html_of(form))


def test_klaar_offers_the_download_and_saves_only_the_count(form, store):
    first, _second, third = (p.id for p in EXERCISE.prompts)
    form.texts[first].value = "Ik liet moeder eerst vertellen."
    form.texts[third].value = f"Bij het plan {XSS} 😊"
    form.save_button.click()
    assert status(form) == t("reflectie.ready")
    assert stored(store) == [{"written": 2}]
    assert t("reflectie.download") in text_of(form.download.value)
    assert t("answer.print_hint") in text_of(form.download.value)
    assert f"reflectie-{REFLECTIE_ID}-{date.today().isoformat()}.html" in form.download.value

    page = downloaded(form)
    assert page.startswith("<!DOCTYPE html>")
    for prompt in EXERCISE.prompts:
        assert html.escape(prompt.text) in page
    assert "Ik liet moeder eerst vertellen." in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page
    assert "😊" in page
    assert t("reflectie.file_empty") in page  # the second prompt was left open
    assert date.today().strftime("%d-%m-%Y") in page
    assert form.texts[first].value == "Ik liet moeder eerst vertellen."  # the text stays


def test_changing_the_text_takes_the_old_download_away(form, store):
    field = form.texts[EXERCISE.prompts[0].id]
    field.value = "Eerste versie."
    form.save_button.click()
    field.value = "Tweede versie."
    assert form.download.value == ""
    assert status(form) == t("reflectie.changed")
    form.save_button.click()
    assert "Tweede versie." in downloaded(form)
    assert "Eerste versie." not in downloaded(form)
    assert stored(store) == [{"written": 1}]  # replaced, not a second answer


def test_klaar_with_nothing_written_is_refused(form, store):
    form.save_button.click()
    assert status(form) == t("answer.empty")
    assert form.download.value == ""
    assert stored(store) == []


def test_phone_number_is_refused_and_the_text_kept(form, store):
    field = form.texts[EXERCISE.prompts[1].id]
    typed = "Ik belde vader op 06-12345678 en nam het over."
    field.value = typed
    form.save_button.click()
    found = t("text.found", found=t("identifier.phone"))
    assert status(form) == t("reflectie.in_prompt", n=2, message=found)
    assert field.value == typed
    assert form.download.value == ""
    assert stored(store) == []


def test_download_works_without_joining(store):
    form = WorkshopPage(DEMO, store).show(REFLECTIE_ID)
    form.texts[EXERCISE.prompts[0].id].value = "Alleen voor mij."
    assert form.submit() is False
    assert status(form) == t("reflectie.ready_not_counted", problem=t("join.first"))
    assert "Alleen voor mij." in downloaded(form)
    assert stored(store) == []


def test_rejoining_says_earlier_reflections_were_not_kept(store, session):
    page = joined(store, session.code, "ouder")
    form = page.show(REFLECTIE_ID)
    for field in form.texts.values():
        field.value = "Iets wat ik leerde."
    form.save_button.click()

    again = joined(store, session.code, personal=page.participant.personal_code)
    restored = again.show(REFLECTIE_ID)
    assert status(restored) == t("reflectie.not_kept", written=3, total=3)
    assert all(field.value == "" for field in restored.texts.values())
    assert restored.download.value == ""


def test_set_value_ignores_garbage(form):
    for value in (None, "x", {"written": "2"}, {"written": True}, {"written": 0}):
        form.set_value(value)
    assert form.status.value == ""


PRIVATE_TEXT = "Mijn-geheime-reflectie-Zwaluw-7Q"


def test_the_text_never_reaches_the_database_the_dashboard_or_the_export(store):
    """Three people write; every table and the database files hold no trace of the text."""
    dashboard, session = demo_dashboard(store, 2)
    forms = [
        joined(store, session.code, role).show(REFLECTIE_ID)
        for role in ("ouder", "jongere", "professional")
    ]
    for n, form in enumerate(forms[:2]):
        for prompt in EXERCISE.prompts:
            form.texts[prompt.id].value = f"{PRIVATE_TEXT} {prompt.id} {n} <b>vet</b>"
        form.save_button.click()
        assert status(form) == t("reflectie.ready")
        assert PRIVATE_TEXT in downloaded(form)  # the person has it; nobody else

    view = dashboard.session_view
    view.refresh(force=True)
    panel_markup = html_of(view.panels[REFLECTIE_ID])
    assert 'class="ss-reflectie-count" data-count="2"' in panel_markup
    assert "2 deelnemers hebben geschreven" in text_of(panel_markup)
    assert PRIVATE_TEXT not in html_of(dashboard)

    path = db_path(store)
    tables = [
        name for (name,) in db_rows(store, "SELECT name FROM sqlite_master WHERE type='table'")
    ]
    assert {"sessions", "participants", "answers", "hidden_items"} <= set(tables)
    cells = [
        str(cell)
        for table in tables
        for row in db_rows(store, f'SELECT * FROM "{table}"')
        for cell in row
    ]
    assert cells  # the scan did read the rows
    assert not [cell for cell in cells if PRIVATE_TEXT in cell or "<b>vet</b>" in cell]
    assert sorted(stored(store), key=str) == [{"written": 3}, {"written": 3}]
    for file in path.parent.glob(f"{path.name}*"):  # the database, its WAL and shared memory
        assert PRIVATE_TEXT.encode() not in file.read_bytes()

    frame = answers_frame(store, session)
    assert PRIVATE_TEXT not in frame.to_csv()


def test_reflectie_is_registered_with_its_css():
    registered = exercise_type("reflectie")
    assert registered.schema is Reflectie
    assert registered.participant_view is ReflectieForm
    assert registered.dashboard_panel is ResultsPanel  # it shows nothing but the count
    assert registered.render_html is render_html
    assert registered.private  # the texts never reach the store
    assert ".ss-reflectie-private" in "".join(registered.css)
    assert not re.search(r"(?<![-a-z])width:\s*\d+px", "".join(registered.css))


def test_journal_file_escapes_the_title_and_prompts(exercise):
    page = journal_html(exercise, {"ruimte": XSS}, date(2024, 5, 1))
    assert "Geschreven op 01-05-2024." in page
    assert "&lt;img" in page
    assert "<img" not in page
    assert "Hoe gaf ik ruimte?" in page
    assert page.count(t("reflectie.file_empty")) == 1


# --- on paper --------------------------------------------------------------------------------


def paper_of(exercise: Reflectie, *, answer_key: bool = False) -> str:
    from samenspraak.exercises.reflectie.model import paper_html

    return paper_html(exercise, answer_key=answer_key)


def test_paper_shows_every_prompt_with_lines_to_write_on():
    demo = load_workshop("demo").exercise(REFLECTIE_ID)
    paper = paper_of(demo)
    for n, prompt in enumerate(demo.prompts, start=1):
        assert (
            f'<b>{n}.</b> {html.escape(prompt.text)}</p><div class="ss-paper-lines"></div>'
        ) in paper
    assert paper.count('<div class="ss-paper-lines"></div>') == len(demo.prompts)
    # the sheet is the person's own, and the note on identifying details is there
    assert html.escape(t("reflectie.paper_private")) in paper
    assert html.escape(t("text.warning")) in paper
    assert "<button" not in paper
    assert "<input" not in paper
    assert "<textarea" not in paper


def test_paper_has_no_answer_key_nobody_s_text_is_known():
    demo = load_workshop("demo").exercise(REFLECTIE_ID)
    assert paper_of(demo, answer_key=True) == paper_of(demo)
    assert "ss-paper-key" not in paper_of(demo, answer_key=True)


def test_paper_escapes_the_prompts():
    demo = load_workshop("demo").exercise(REFLECTIE_ID)
    prompts = [demo.prompts[0].model_copy(update={"text": XSS}), *demo.prompts[1:]]
    paper = paper_of(demo.model_copy(update={"prompts": prompts}))
    assert XSS not in paper
    assert html.escape(XSS) in paper


def test_reflectie_draws_itself_on_paper():
    from samenspraak.exercises.reflectie.model import paper_html

    assert exercise_type("reflectie").paper_html is paper_html
    assert ".ss-paper-reflectie" in "".join(exercise_type("reflectie").css)
