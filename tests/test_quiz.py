"""The ``quiz`` type: schema and cross-checks, answers, the summary, the form and the panel."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
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
from samenspraak.exercises.quiz.model import (
    QuestionSummary,
    Quiz,
    QuizSummary,
    check_answer,
    render_html,
    summarize,
)
from samenspraak.exercises.quiz.view import QuizForm

from .helpers import (
    CONTENT,
    answer_rows,
    check_lines,
    demo_dashboard,
    html_of,
    join_page,
    load,
    problems,
    replace_once,
    shown,
    status,
    text_of,
    workshop_yaml,
)
from .panel_html import snapshot_html

XSS = "<script>alert(1)</script>"

# A small valid workshop with one quiz; the line numbers on the right are asserted below.
MINI = workshop_yaml(
    """\
  - id: de-quiz
    type: quiz
    title: Quiz
    sources: [bron-een]
    questions:
      - id: hoorrecht
        text: Wat hebben ouders?
        options:
          - text: Hoorrecht
            correct: true
            feedback: Goed zo.
          - text: Spreekplicht
            feedback: Nee, het gaat om luisteren.
          - text: Niets
        explanation: Zie *de poster*.
      - id: passant
        text: Wie blijft er altijd?
        options:
          - text: De ouder
            correct: true
          - text: De professional
            feedback: Nee, die gaat weer.
""",
    title="Mini quiz",
    description="Een kleine workshop om te testen.",
    source="bron-een",
)
# 10 - id: de-quiz   15 - id: hoorrecht   18 - text: Hoorrecht      25 - id: passant
# 14 questions:      16   text            19   correct: true        27   options:
#                    17   options:        21 - text: Spreekplicht   28 - text: De ouder
#                                         23 - text: Niets          30 - text: De professional
# A problem with a whole list points at its first item: options at 18 and 28, questions at 15.


def mutate(*pairs: str) -> str:
    """``MINI`` with ``old, new`` pairs replaced; each ``old`` must occur exactly once."""
    return replace_once(MINI, *pairs)


def mini(tmp_path: Path, text: str = MINI) -> Quiz:
    exercise = load(tmp_path, text).exercise("de-quiz")
    assert isinstance(exercise, Quiz)
    return exercise


# --- schema --------------------------------------------------------------------------------


def test_mini_quiz_is_valid(tmp_path: Path):
    quiz = mini(tmp_path)
    assert [q.id for q in quiz.questions] == ["hoorrecht", "passant"]
    first = quiz.questions[0]
    assert [o.correct for o in first.options] == [True, False, False]
    assert first.options[1].feedback == "Nee, het gaat om luisteren."
    assert first.options[2].feedback is None
    assert first.explanation == "Zie *de poster*."
    assert quiz.questions[1].explanation is None
    assert [q.correct_index for q in quiz.questions] == [0, 0]


Q = "exercises[0].questions"
CASES = {
    "no correct option": (
        mutate("            correct: true\n            feedback: Goed zo.\n", ""),
        (18, f"{Q}[0].options", t("quiz.one_correct", count=0)),
    ),
    "two correct options": (
        mutate("          - text: Niets\n", "          - text: Niets\n            correct: true\n"),
        (18, f"{Q}[0].options", t("quiz.one_correct", count=2)),
    ),
    "question id twice": (
        mutate("- id: passant", "- id: hoorrecht"),
        (25, f"{Q}[1].id", "de vraag hoorrecht komt vaker voor in deze quiz"),
    ),
    "option text twice": (
        mutate("- text: Niets", "- text: Hoorrecht"),
        (23, f"{Q}[0].options[2].text", "dit antwoord staat er twee keer: Hoorrecht"),
    ),
    "one option": (
        mutate(
            "          - text: De professional\n            feedback: Nee, die gaat weer.\n", ""
        ),
        (28, f"{Q}[1].options", "te weinig: minimaal 2"),
    ),
    "six options": (
        mutate(
            "          - text: Niets\n",
            "          - text: Niets\n" + "".join(f"          - text: Ook {i}\n" for i in range(3)),
        ),
        (18, f"{Q}[0].options", "te veel: maximaal 5"),
    ),
    "question too long": (
        mutate("text: Wie blijft er altijd?", "text: " + "w" * 301),
        (26, f"{Q}[1].text", "te lang: maximaal 300 tekens"),
    ),
    "option too long": (
        mutate("text: De ouder", "text: " + "o" * 161),
        (28, f"{Q}[1].options[0].text", "te lang: maximaal 160 tekens"),
    ),
    "feedback too long": (
        mutate("feedback: Goed zo.", "feedback: " + "g" * 401),
        (20, f"{Q}[0].options[0].feedback", "te lang: maximaal 400 tekens"),
    ),
    "correct not a boolean": (
        mutate(
            "            correct: true\n            feedback: Goed",
            "            correct: ja graag\n            feedback: Goed",
        ),
        (19, f"{Q}[0].options[0].correct", "moet true of false zijn"),
    ),
    "unknown field": (
        mutate("        explanation: Zie", "        uitleg: x\n        explanation: Zie"),
        (24, f"{Q}[0].uitleg", "dit veld kennen we niet; controleer de spelling"),
    ),
    "no questions": (
        mutate(MINI[MINI.index("    questions:") :], "    questions: []\n"),
        (14, f"{Q}", "te weinig: minimaal 1"),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_problems_are_located(tmp_path: Path, case):
    text, expected = case
    assert set(problems(tmp_path, text)) == {expected}


def test_eleven_questions_are_too_many(tmp_path: Path):
    extra = "".join(
        f"      - id: vraag-{i}\n        text: Vraag {i}?\n        options:\n"
        f"          - text: Ja\n            correct: true\n          - text: Nee\n"
        for i in range(9)
    )
    assert set(problems(tmp_path, MINI + extra)) == {(15, Q, "te veel: maximaal 10")}


def test_check_prints_file_line_field_message(tmp_path: Path):
    path, lines = check_lines(
        tmp_path,
        mutate(
            "            correct: true\n          - text: De professional",
            "          - text: De professional",
        ),
    )
    assert lines == [
        f"{path}:28: {Q}[1].options: kies precies één goed antwoord (correct: true); "
        "nu zijn het er 0"
    ]


DEMO = load_workshop("demo", CONTENT)
QUIZ_ID = "demo-quiz"
EXERCISE: Quiz = DEMO.exercise(QUIZ_ID)  # type: ignore[assignment]


def test_demo_has_a_quiz_on_the_sources():
    assert EXERCISE.type == "quiz"
    assert EXERCISE.intro.startswith("**Type quiz.**")
    assert 3 <= len(EXERCISE.questions) <= 4
    assert {"met-andere-ogen-poster", "jeugdwet"} <= set(EXERCISE.sources)
    assert set(EXERCISE.sources) <= {s.id for s in DEMO.sources}
    texts = " ".join(o.text for q in EXERCISE.questions for o in q.options)
    assert "hoorrecht en professionals luisterplicht" in texts
    assert all(sum(o.correct for o in q.options) == 1 for q in EXERCISE.questions)
    assert all(o.feedback for q in EXERCISE.questions for o in q.options)
    assert EXERCISE.trainer_notes


# --- check_answer --------------------------------------------------------------------------


@pytest.fixture
def quiz(tmp_path: Path) -> Quiz:
    return mini(tmp_path)


@pytest.mark.parametrize(
    ("raw", "missing"),
    [
        (None, "1, 2"),
        ("0,1", "1, 2"),
        (42, "1, 2"),
        ([0, 1], "1, 2"),
        ({}, "1, 2"),
        ({"choices": None}, "1, 2"),
        ({"choices": [0, 0]}, "1, 2"),
        ({"choices": "hoorrecht=0"}, "1, 2"),
        ({"choices": {}}, "1, 2"),
        ({"choices": {"hoorrecht": 0}}, "2"),
        ({"choices": {"passant": 1}}, "1"),
        ({"choices": {"hoorrecht": 3, "passant": 0}}, "1"),  # three options: 0, 1, 2
        ({"choices": {"hoorrecht": -1, "passant": 0}}, "1"),
        ({"choices": {"hoorrecht": 0, "passant": 2}}, "2"),
        ({"choices": {"hoorrecht": True, "passant": 0}}, "1"),
        ({"choices": {"hoorrecht": 0.0, "passant": 0}}, "1"),
        ({"choices": {"hoorrecht": "0", "passant": 0}}, "1"),
        ({"choices": {"hoorrecht": None, "passant": 0}}, "1"),
        ({"choices": {"hoorrecht": XSS, "passant": "😊"}}, "1, 2"),
        ({"choices": {"hoorrecht": "moeder@example.nl", "passant": "06-12345678"}}, "1, 2"),
        ({"choices": {"hoorrecht": "x" * 100_000, "passant": 0}}, "1"),
        ({"choices": {"onbekend": 0, XSS: 1}}, "1, 2"),
    ],
)
def test_garbage_and_incomplete_answers_are_refused(quiz, raw, missing):
    with pytest.raises(AnswerProblem) as info:
        check_answer(quiz, raw)
    assert info.value.message == t("quiz.incomplete", missing=missing)
    assert info.value.message.startswith("Beantwoord eerst alle vragen.")


def test_a_complete_answer_keeps_only_known_questions(quiz):
    raw = {"choices": {"hoorrecht": 2, "passant": 0, "onbekend": 1, XSS: 0}, "extra": XSS}
    clean = check_answer(quiz, raw)
    assert clean == {"choices": {"hoorrecht": 2, "passant": 0}}
    assert check_answer(quiz, clean) == clean  # a clean value passes unchanged
    assert json.loads(json.dumps(clean)) == clean


# --- summarize -----------------------------------------------------------------------------

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def answers(*values: Any) -> list[Answer]:
    return [
        Answer(f"p-{n:08x}", Role.PROFESSIONAL, "de-quiz", 1, value, NOW, NOW)
        for n, value in enumerate(values)
    ]


GROUP = answers(
    {"choices": {"hoorrecht": 0, "passant": 0}},
    {"choices": {"hoorrecht": 1, "passant": 0}},
    {"choices": {"hoorrecht": 0, "passant": 1}},
    {"choices": {"hoorrecht": 2, "passant": 0}},
    {"choices": {"hoorrecht": 0, "passant": 0}},
)


def test_summary_counts_right_answers_and_options(quiz):
    summary = summarize(quiz, GROUP)
    # hoorrecht: options 0,1,0,2,0 → 3 right of 5; passant: 0,0,1,0,0 → 4 right of 5
    assert summary == QuizSummary(
        5,
        (
            QuestionSummary("hoorrecht", 5, 3, (3, 1, 1)),
            QuestionSummary("passant", 5, 4, (4, 1)),
        ),
    )
    assert [q.share for q in summary.questions] == [60, 80]


def test_summary_skips_choices_that_no_longer_fit(quiz):
    summary = summarize(
        quiz,
        answers(
            {"choices": {"hoorrecht": 7, "passant": 1}},
            {"choices": "kapot"},
            None,
            {"choices": {"hoorrecht": True, "passant": 1}},
            {"choices": {"hoorrecht": 1}},
        ),
    )
    assert summary.respondents == 5
    assert summary.questions == (
        QuestionSummary("hoorrecht", 1, 0, (0, 1, 0)),
        QuestionSummary("passant", 2, 0, (0, 2)),
    )
    assert summary.questions[0].share == 0


def test_summary_of_nobody(quiz):
    summary = summarize(quiz, [])
    assert summary == QuizSummary(
        0, (QuestionSummary("hoorrecht", 0, 0, (0, 0, 0)), QuestionSummary("passant", 0, 0, (0, 0)))
    )
    assert summary.questions[0].share == 0


# --- the panel -----------------------------------------------------------------------------


def panel_html(exercise: Quiz, group: list[Answer]) -> str:
    panel = ResultsPanel(exercise)
    panel.update(summarize(exercise, group), len(group))
    return html_of(panel)


def result_of(markup: str, question_id: str) -> str:
    """The dashboard markup of one question."""
    start = markup.index(f'data-question="{question_id}"')
    end = markup.find('<div class="ss-quiz-result"', start)
    return markup[start : end if end > 0 else len(markup)]


def option_counts(markup: str) -> list[tuple[int, str, int]]:
    """``(option index, data-correct, count)`` per option bar."""
    return [
        (int(index), correct, int(count))
        for index, correct, count in re.findall(
            r'data-option="(\d+)" data-correct="(\w+)">.*?data-count="(\d+)"', markup
        )
    ]


def test_panel_shows_share_right_and_options_per_question(quiz):
    markup = panel_html(quiz, GROUP)
    first = result_of(markup, "hoorrecht")
    assert 'data-correct="3" data-answered="5" data-share="60"' in first
    assert 'style="width:60%"' in first
    assert t("quiz.share", correct=3, answered=5, share=60) in text_of(first)
    assert option_counts(first) == [(0, "true", 3), (1, "false", 1), (2, "false", 1)]
    assert "3 (60%)" in text_of(first)
    assert "1 (20%)" in text_of(first)
    assert first.count("ss-quiz-mark") == 1
    assert re.search(
        r'ss-quiz-correct" data-option="0".*?Hoorrecht <span class="ss-quiz-mark"', first
    )
    assert "<em>de poster</em>" in first  # the explanation, as Markdown, for the trainer
    assert t("quiz.trainer_explanation") in text_of(first)

    second = result_of(markup, "passant")
    assert 'data-correct="4" data-answered="5" data-share="80"' in second
    assert option_counts(second) == [(0, "true", 4), (1, "false", 1)]
    assert "ss-quiz-explanation" not in second
    assert text_of(markup).index("Wat hebben ouders?") < text_of(markup).index("Wie blijft")


def test_panel_never_names_anyone(quiz):
    markup = panel_html(quiz, GROUP)
    assert "p-0000" not in markup
    assert "data-pseudonym" not in markup


def test_panel_escapes_content_text(tmp_path: Path):
    exercise = mini(
        tmp_path,
        mutate(
            "text: Niets", f"text: '{XSS}'", "Zie *de poster*.", "'<img src=x onerror=alert(1)>'"
        ),
    )
    markup = panel_html(exercise, GROUP)
    assert "<script" not in markup
    assert "<img" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert XSS in text_of(markup)


def test_panel_waits_for_the_minimum(quiz):
    panel = ResultsPanel(quiz)
    panel.update(with_minimum(summarize, quiz, GROUP[:2], 3), 2)
    assert text_of(panel.status.value) == t("dash.waiting", count=2, minimum=3)
    assert panel.body.children == ()


def test_render_html_is_the_group_view_of_the_panel(tmp_path: Path):
    """The static results: the shares and counts the panel shows, escaped, no controls."""
    exercise = mini(tmp_path, mutate("text: Niets", f"text: '{XSS}'"))
    summary = summarize(exercise, GROUP)
    markup = render_html(exercise, summary)
    assert markup.startswith('<div class="ss-quiz-results">')
    first = result_of(markup, "hoorrecht")
    assert 'data-correct="3" data-answered="5" data-share="60"' in first
    assert option_counts(first) == [(0, "true", 3), (1, "false", 1), (2, "false", 1)]
    assert t("quiz.share", correct=3, answered=5, share=60) in text_of(first)
    assert "<em>de poster</em>" in first
    second = result_of(markup, "passant")
    assert option_counts(second) == [(0, "true", 4), (1, "false", 1)]
    assert "4 (80%)" in text_of(second)
    # content text is escaped; a quiz hides nothing and has no controls
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<script" not in markup
    assert XSS in text_of(markup)
    assert "<button" not in markup
    assert "<input" not in markup
    assert "p-0000" not in markup
    assert render_html(exercise, summary, hidden=frozenset({"hoorrecht"}), minimum=3) == markup
    # the panel draws the same HTML
    panel = ResultsPanel(exercise)
    panel.update(summary, len(GROUP))
    assert markup in snapshot_html(panel.body)


# --- the participant's form ----------------------------------------------------------------


def stored(store: Store) -> list[tuple[int, Any]]:
    """``(participant id, value)`` of each answer to the demo quiz in the SQLite file."""
    return [(pid, value) for pid, _eid, value in answer_rows(store, QUIZ_ID)]


def joined(store: Store, code: str, role: str = "professional", personal: str = "") -> WorkshopPage:
    return join_page(DEMO, store, code, role, personal=personal, show=[QUIZ_ID])


@pytest.fixture
def form(store: Store, session) -> QuizForm:
    return joined(store, session.code).show(QUIZ_ID)


RIGHT = {q.id: q.correct_index for q in EXERCISE.questions}
WRONG_FIRST = {**RIGHT, EXERCISE.questions[0].id: (RIGHT[EXERCISE.questions[0].id] + 1) % 3}


def choose(form: QuizForm, choices: dict[str, int]) -> None:
    for question_id, index in choices.items():
        form.choices[question_id].value = index


def test_form_lists_every_question_with_vertical_choices(form):
    assert form.save_button.description == "Controleer mijn antwoorden"
    assert list(form.choices) == [q.id for q in EXERCISE.questions]
    for question in EXERCISE.questions:
        radio = form.choices[question.id]
        assert isinstance(radio, widgets.RadioButtons)
        assert radio.value is None
        assert [label for label, _ in radio.options] == [o.text for o in question.options]
        assert "ss-quiz-options" in radio._dom_classes
        assert not shown(form.feedback[question.id])
    assert question.text in text_of(html_of(form))
    assert form.status.value == ""


def test_incomplete_answers_are_not_checked_or_saved(form, store):
    first = EXERCISE.questions[0].id
    form.choices[first].value = 0
    form.save_button.click()
    missing = ", ".join(str(n) for n in range(2, len(EXERCISE.questions) + 1))
    assert status(form) == t("quiz.incomplete", missing=missing)
    assert stored(store) == []
    assert not shown(form.feedback[first])


def test_checking_shows_feedback_and_saves(form, store):
    choose(form, WRONG_FIRST)
    form.save_button.click()
    total = len(EXERCISE.questions)
    assert status(form) == t("quiz.score", correct=total - 1, total=total)
    assert [value for _pid, value in stored(store)] == [{"choices": WRONG_FIRST}]

    first = EXERCISE.questions[0]
    wrong = form.feedback[first.id]
    assert shown(wrong)
    assert 'data-correct="false"' in wrong.value
    chosen = first.options[WRONG_FIRST[first.id]]
    right = first.options[first.correct_index]
    assert t("quiz.wrong") in text_of(wrong.value)
    assert chosen.feedback in text_of(wrong.value)
    assert f"{t('quiz.right_answer')} {right.text}" in text_of(wrong.value)
    assert t("quiz.explanation") in text_of(wrong.value)

    second = EXERCISE.questions[1]
    ok = form.feedback[second.id]
    assert shown(ok)
    assert 'data-correct="true"' in ok.value
    assert t("quiz.right") in text_of(ok.value)
    assert second.options[second.correct_index].feedback in text_of(ok.value)
    assert t("quiz.right_answer") not in text_of(ok.value)


def test_changing_an_answer_clears_its_feedback_and_a_new_check_replaces_it(form, store):
    choose(form, WRONG_FIRST)
    form.save_button.click()
    first, second = (q.id for q in EXERCISE.questions[:2])
    form.choices[first].value = RIGHT[first]
    assert status(form) == t("quiz.unsaved")
    assert not shown(form.feedback[first])
    assert form.feedback[first].value == ""
    assert shown(form.feedback[second])  # the others keep theirs

    form.save_button.click()
    total = len(EXERCISE.questions)
    assert status(form) == t("quiz.score", correct=total, total=total)
    rows = stored(store)
    assert len(rows) == 1  # replaced, not a second answer
    assert rows[0][1] == {"choices": RIGHT}
    assert 'data-correct="true"' in form.feedback[first].value


def test_feedback_shows_before_joining_but_nothing_is_saved(store):
    form = WorkshopPage(DEMO, store).show(QUIZ_ID)
    choose(form, RIGHT)
    assert form.submit() is False
    assert status(form) == t("join.first")
    assert all(shown(box) for box in form.feedback.values())
    assert stored(store) == []


def test_checking_after_the_session_closed(form, store, session):
    store.close_session(session.id)
    choose(form, RIGHT)
    form.save_button.click()
    assert status(form) == t("answer.session_closed")
    assert stored(store) == []


def test_rejoining_puts_the_answers_and_feedback_back(store, session):
    page = joined(store, session.code, "ouder")
    choose(page.show(QUIZ_ID), WRONG_FIRST)
    page.show(QUIZ_ID).save_button.click()

    again = joined(store, session.code, personal=page.participant.personal_code)
    restored = again.show(QUIZ_ID)
    assert restored.raw_value() == {"choices": WRONG_FIRST}
    total = len(EXERCISE.questions)
    assert status(restored) == t("quiz.restored", correct=total - 1, total=total)
    assert all(shown(box) for box in restored.feedback.values())
    assert 'data-correct="false"' in restored.feedback[EXERCISE.questions[0].id].value


def test_set_value_ignores_garbage(form):
    form.set_value({"choices": {EXERCISE.questions[0].id: 99, "onbekend": 1}})
    form.set_value(None)
    form.set_value({"choices": "kapot"})
    assert form.raw_value() == {"choices": {}}
    form.show_saved({"choices": {EXERCISE.questions[0].id: 1}})  # incomplete: no feedback
    assert not any(shown(box) for box in form.feedback.values())


def test_three_pages_feed_the_dashboard(store):
    dashboard, session = demo_dashboard(store, 3)
    view = dashboard.session_view
    first = EXERCISE.questions[0].id
    for role, choices in (("ouder", RIGHT), ("jongere", WRONG_FIRST), ("professional", RIGHT)):
        form = joined(store, session.code, role).show(QUIZ_ID)
        choose(form, choices)
        form.save_button.click()
    view.refresh()
    markup = result_of(html_of(view.panels[QUIZ_ID]), first)
    assert 'data-correct="2" data-answered="3" data-share="67"' in markup
    counts = {index: count for index, _correct, count in option_counts(markup)}
    assert counts[RIGHT[first]] == 2
    assert counts[WRONG_FIRST[first]] == 1


def test_quiz_is_registered_with_its_css():
    registered = exercise_type("quiz")
    assert registered.schema is Quiz
    assert registered.participant_view is QuizForm
    assert registered.dashboard_panel is ResultsPanel
    assert registered.render_html is render_html
    assert ".ss-quiz-options" in "".join(registered.css)
    assert not re.search(
        r"(?<![-a-z])width:\s*\d+px", "".join(registered.css)
    )  # nothing fixed and wide


# --- on paper ----------------------------------------------------------------------------------


def paper_demo() -> Quiz:
    return load_workshop("demo").exercise(QUIZ_ID)  # type: ignore[return-value]


def test_paper_has_every_question_and_answer_in_order():
    from samenspraak.core.html import escape
    from samenspraak.exercises.quiz.model import paper_html

    exercise = paper_demo()
    for answer_key in (False, True):
        paper = paper_html(exercise, answer_key=answer_key)
        place = 0
        for n, question in enumerate(exercise.questions, start=1):
            head = f"<b>{escape(t('quiz.question', n=n))}.</b> {escape(question.text)}"
            place = paper.index(head, place)
            for option in question.options:
                place = paper.index(f"</b> {escape(option.text)}</li>", place)
        boxes = sum(len(question.options) for question in exercise.questions)
        assert paper.count('<span class="ss-paper-box">☐</span>') == boxes
        assert "<button" not in paper
        assert "<input" not in paper


def test_paper_gives_the_answers_only_with_the_key():
    from samenspraak.core.html import escape, markdown
    from samenspraak.exercises.quiz.model import LETTERS, paper_html

    exercise = paper_demo()
    keyed, plain = paper_html(exercise, answer_key=True), paper_html(exercise)
    assert paper_html(exercise, answer_key=False) == plain
    assert keyed.count('<div class="ss-paper-key">') == len(exercise.questions)
    assert "ss-paper-key" not in plain
    for label in (t("quiz.paper_key"), t("quiz.right_answer"), t("quiz.paper_feedback"), "✓"):
        assert label in keyed
        assert label not in plain
    for question in exercise.questions:
        right = question.options[question.correct_index]
        letter = LETTERS[question.correct_index]
        assert f"{t('quiz.right_answer')} <b>{letter}</b> {escape(right.text)}" in keyed
        for option in question.options:
            assert option.feedback
            assert escape(option.feedback) in keyed
            assert escape(option.feedback) not in plain
        assert question.explanation
        assert markdown(question.explanation) in keyed
        assert markdown(question.explanation) not in plain


def test_paper_key_without_feedback_or_explanation():
    from samenspraak.exercises.quiz.model import paper_html

    data = EXERCISE.model_dump()
    for question in data["questions"]:
        question["explanation"] = None
        for option in question["options"]:
            option["feedback"] = None
    keyed = paper_html(Quiz.model_validate(data), answer_key=True)
    assert keyed.count('<div class="ss-paper-key">') == len(EXERCISE.questions)
    assert t("quiz.paper_feedback") not in keyed
    assert t("quiz.explanation") not in keyed


def test_paper_escapes_content():
    from samenspraak.exercises.quiz.model import paper_html

    data = EXERCISE.model_dump()
    question = data["questions"][0]
    question["text"] = XSS
    question["explanation"] = XSS
    question["options"][0]["text"] = XSS
    question["options"][1]["feedback"] = XSS
    for answer_key in (False, True):
        paper = paper_html(Quiz.model_validate(data), answer_key=answer_key)
        assert "<script" not in paper
        assert "&lt;script&gt;" in paper


def test_quiz_draws_itself_on_paper():
    from samenspraak.exercises.quiz.model import paper_html

    assert exercise_type("quiz").paper_html is paper_html
