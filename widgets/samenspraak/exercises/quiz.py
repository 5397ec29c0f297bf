"""``quiz``: knowledge questions with one right answer and feedback on every option.

The participant chooses an answer per question and clicks *Controleer mijn antwoorden*: each
question then shows right or wrong, the feedback of the chosen option, the right answer when
it was wrong, and the explanation. Answers can be changed and checked again; the new answers
replace the old ones. The answer is ``{"choices": {question_id: option_index}}``.

Dashboard: per question the share that answered right and how many chose each option.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import ipywidgets as widgets
from pydantic import Field, StringConstraints

from ..core import messages
from ..core.answers import AnswerProblem
from ..core.content import ContentModel, ExerciseBase, Prompt, Slug, Text, repeated_ids, repeats
from ..core.html import escape, markdown, status_html
from ..core.messages import t
from ..core.records import Answer
from .base import AnswerForm, ResultsPanel
from .registry import ExerciseType, register

messages.register(
    {
        # participant
        "quiz.check": "Controleer mijn antwoorden",
        "quiz.question": "Vraag {n}",
        "quiz.incomplete": "Beantwoord eerst alle vragen. Nog open: vraag {missing}.",
        "quiz.right": "Goed!",
        "quiz.wrong": "Niet goed.",
        "quiz.right_answer": "Het goede antwoord is:",
        "quiz.explanation": "Uitleg",
        "quiz.score": (
            "Je hebt {correct} van de {total} vragen goed. Je kunt je antwoorden nog veranderen "
            "en opnieuw controleren."
        ),
        "quiz.restored": (
            "Dit zijn je eerdere antwoorden: {correct} van de {total} goed. Je kunt ze nog "
            "veranderen en opnieuw controleren."
        ),
        "quiz.unsaved": (
            "Je hebt een antwoord veranderd. Klik op Controleer mijn antwoorden om het na te "
            "kijken en te bewaren."
        ),
        # dashboard
        "quiz.share": "{correct} van {answered} goed ({share}%)",
        "quiz.right_label": "Goed beantwoord",
        "quiz.options": "Gekozen antwoorden",
        "quiz.correct_mark": "goed antwoord",
        "quiz.trainer_explanation": "Uitleg bij deze vraag",
        # content problems, read by trainers
        "quiz.one_correct": (
            "kies precies één goed antwoord (correct: true); nu zijn het er {count}"
        ),
        "quiz.option_twice": "dit antwoord staat er twee keer: {value}",
    }
)

OptionText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
FeedbackText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)
]


class Option(ContentModel):
    """One answer to choose; exactly one per question is right."""

    text: OptionText = Field(description="The answer as the participant reads it")
    correct: bool = Field(default=False, description="True for the one right answer")
    feedback: FeedbackText | None = Field(
        default=None, description="Shown when this answer is chosen: why it is right or not"
    )


class Question(ContentModel):
    """A knowledge question with two to five answers."""

    id: Slug
    text: Prompt
    options: list[Option] = Field(min_length=2, max_length=5)
    explanation: Text | None = Field(
        default=None, description="Markdown shown after checking, and to the trainer"
    )

    @property
    def correct_index(self) -> int:
        """The index of the right answer (the first one marked, if content is still wrong)."""
        return next((i for i, option in enumerate(self.options) if option.correct), 0)


class Quiz(ExerciseBase):
    """A short knowledge quiz with feedback per answer."""

    type: Literal["quiz"]
    questions: list[Question] = Field(min_length=1, max_length=10)

    def cross_check(self) -> list[tuple[list[Any], str]]:
        problems = repeated_ids(self.questions, "questions", "quiz", kind="vraag")
        for i, question in enumerate(self.questions):
            count = sum(option.correct for option in question.options)
            if count != 1:
                problems.append((["questions", i, "options"], t("quiz.one_correct", count=count)))
            problems += [
                (["questions", i, "options", j, "text"], t("quiz.option_twice", value=text))
                for j, text in repeats([option.text for option in question.options])
            ]
        return problems


def _index(value: Any, question: Question) -> int | None:
    """``value`` as a valid option index of ``question``, else None."""
    valid = isinstance(value, int) and not isinstance(value, bool)
    return value if valid and 0 <= value < len(question.options) else None


def check_answer(exercise: Quiz, value: Any) -> dict[str, dict[str, int]]:
    """``{"choices": {question_id: option index}}`` with every question answered.

    Unknown question ids are dropped; a missing or impossible index counts as not answered.
    """
    raw = value.get("choices") if isinstance(value, dict) else None
    raw = raw if isinstance(raw, dict) else {}
    choices: dict[str, int] = {}
    missing = []
    for n, question in enumerate(exercise.questions, start=1):
        index = _index(raw.get(question.id), question)
        if index is None:
            missing.append(str(n))
        else:
            choices[question.id] = index
    if missing:
        raise AnswerProblem("quiz.incomplete", missing=", ".join(missing))
    return {"choices": choices}


def score(exercise: Quiz, choices: dict[str, int]) -> int:
    """How many of ``choices`` are right."""
    return sum(choices.get(q.id) == q.correct_index for q in exercise.questions)


@dataclass(frozen=True)
class QuestionSummary:
    id: str
    answered: int  # people with a valid choice for this question
    correct: int  # of those, how many chose the right answer
    counts: tuple[int, ...]  # people per option, in content order

    @property
    def share(self) -> int:
        """The percentage right, rounded; 0 when nobody answered."""
        return round(100 * self.correct / self.answered) if self.answered else 0


@dataclass(frozen=True)
class QuizSummary:
    respondents: int
    questions: tuple[QuestionSummary, ...]


def summarize(exercise: Quiz, answers: Sequence[Answer]) -> QuizSummary:
    """Per question: how many answered, how many right, and how many chose each option.

    Only numbers: never who chose what. A choice that no longer fits the content is skipped.
    """
    summaries = []
    for question in exercise.questions:
        counts = [0] * len(question.options)
        for answer in answers:
            value = answer.value if isinstance(answer.value, dict) else {}
            choices = value.get("choices") if isinstance(value.get("choices"), dict) else {}
            index = _index(choices.get(question.id), question)
            if index is not None:
                counts[index] += 1
        summaries.append(
            QuestionSummary(question.id, sum(counts), counts[question.correct_index], tuple(counts))
        )
    return QuizSummary(len(answers), tuple(summaries))


class QuizForm(AnswerForm):
    """Per question the answers as a vertical list of choices, then feedback after checking."""

    exercise: Quiz

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.save_button.description = t("quiz.check")
        self.save_button.icon = "check-square"
        self.save_button.layout.width = "auto"
        self.save_button.layout.height = "auto"

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Quiz = self.exercise  # type: ignore[assignment]
        self.choices: dict[str, widgets.RadioButtons] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        rows: list[widgets.Widget] = []
        for n, question in enumerate(exercise.questions, start=1):
            radio = widgets.RadioButtons(
                options=[(option.text, i) for i, option in enumerate(question.options)],
                value=None,
                layout=widgets.Layout(width="100%", height="auto"),
            )
            radio.add_class("ss-quiz-options")
            radio.add_class(f"ss-quiz-options-{question.id}")
            radio.observe(lambda _c, qid=question.id: self._clear_feedback(qid), names="value")
            feedback = widgets.HTML(layout=widgets.Layout(display="none"))
            feedback.add_class("ss-quiz-feedback-box")
            self.choices[question.id] = radio
            self.feedback[question.id] = feedback
            box = widgets.VBox(
                [
                    widgets.HTML(
                        f'<p class="ss-quiz-question"><b>{escape(t("quiz.question", n=n))}.</b> '
                        f"{escape(question.text)}</p>"
                    ),
                    radio,
                    feedback,
                ],
                layout=widgets.Layout(width="100%"),
            )
            box.add_class("ss-quiz-item")
            box.add_class(f"ss-quiz-item-{question.id}")
            rows.append(box)
        return rows

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.choices.values())

    def raw_value(self) -> dict[str, Any]:
        return {
            "choices": {
                qid: radio.value for qid, radio in self.choices.items() if radio.value is not None
            }
        }

    def set_value(self, value: Any) -> None:
        exercise: Quiz = self.exercise  # type: ignore[assignment]
        choices = value.get("choices") if isinstance(value, dict) else None
        choices = choices if isinstance(choices, dict) else {}
        for question in exercise.questions:
            index = _index(choices.get(question.id), question)
            if index is not None:
                self.choices[question.id].value = index

    def show_saved(self, value: Any) -> None:
        """Answers checked before (the person reopened the page): the choices and feedback."""
        self.set_value(value)
        try:
            clean = self._check_answer(self.exercise, self.raw_value())
        except AnswerProblem:
            return  # the content changed since; the person checks again
        self._show_feedback(clean["choices"])
        total = len(self.exercise.questions)
        correct = score(self.exercise, clean["choices"])
        self.status.value = status_html(t("quiz.restored", correct=correct, total=total), "ok")

    def submit(self) -> bool:
        """Check the answers, show the feedback at once, then save; True when saved.

        The feedback shows even when saving fails (not joined yet, no connection): it is for
        the person themself.
        """
        try:
            clean = self._check_answer(self.exercise, self.raw_value())
        except AnswerProblem as problem:
            self.status.value = status_html(problem.message, "problem")
            return False
        self._show_feedback(clean["choices"])
        if not super().submit():
            return False
        total = len(self.exercise.questions)
        correct = score(self.exercise, clean["choices"])
        self.status.value = status_html(t("quiz.score", correct=correct, total=total), "ok")
        return True

    def _on_input_changed(self, _change: dict[str, Any]) -> None:
        if "ss-ok" in self.status.value:
            self.status.value = status_html(t("quiz.unsaved"), "pending")

    def _clear_feedback(self, question_id: str) -> None:
        """A changed answer has not been checked: its old feedback would mislead."""
        self.feedback[question_id].value = ""
        self.feedback[question_id].layout.display = "none"

    def _show_feedback(self, choices: dict[str, int]) -> None:
        exercise: Quiz = self.exercise  # type: ignore[assignment]
        for question in exercise.questions:
            box = self.feedback[question.id]
            box.value = feedback_html(question, choices[question.id])
            box.layout.display = ""


def feedback_html(question: Question, chosen: int) -> str:
    """Right or wrong, the chosen answer's feedback, the right answer, the explanation."""
    right = chosen == question.correct_index
    option = question.options[chosen]
    parts = [
        f'<p class="ss-quiz-verdict">{"✓" if right else "✗"} '
        f"<b>{escape(t('quiz.right' if right else 'quiz.wrong'))}</b></p>"
    ]
    if option.feedback:
        parts.append(f'<p class="ss-quiz-chosen-feedback">{escape(option.feedback)}</p>')
    if not right:
        answer = question.options[question.correct_index].text
        parts.append(
            f'<p class="ss-quiz-right-answer">{escape(t("quiz.right_answer"))} '
            f"<b>{escape(answer)}</b></p>"
        )
    if question.explanation:
        parts.append(
            f'<div class="ss-quiz-explanation"><b>{escape(t("quiz.explanation"))}</b>'
            f"{markdown(question.explanation)}</div>"
        )
    kind = "ss-quiz-right" if right else "ss-quiz-wrong"
    return (
        f'<div class="ss-quiz-feedback {kind}" data-correct="{str(right).lower()}" '
        f'data-chosen="{chosen}" role="status">{"".join(parts)}</div>'
    )


class QuizPanel(ResultsPanel):
    """Per question: the share right as a bar, the spread over the answers, the explanation."""

    def render(self, summary: QuizSummary) -> list[widgets.Widget]:
        exercise: Quiz = self.exercise  # type: ignore[assignment]
        parts = [
            question_html(n, question, item)
            for n, (question, item) in enumerate(
                zip(exercise.questions, summary.questions, strict=True), start=1
            )
        ]
        return [widgets.HTML(f'<div class="ss-quiz-results">{"".join(parts)}</div>')]


def question_html(n: int, question: Question, item: QuestionSummary) -> str:
    """One question on the dashboard, with exact numbers in data- attributes."""
    share = (
        f'<div class="ss-bar-row ss-quiz-share" data-correct="{item.correct}" '
        f'data-answered="{item.answered}" data-share="{item.share}">'
        f'<span class="ss-bar-label">{escape(t("quiz.right_label"))}</span>'
        f'<span class="ss-track"><span class="ss-bar" style="width:{item.share}%"></span></span>'
        f'<span class="ss-bar-count">'
        f"{escape(t('quiz.share', correct=item.correct, answered=item.answered, share=item.share))}"
        f"</span></div>"
    )
    rows = []
    for index, (option, count) in enumerate(zip(question.options, item.counts, strict=True)):
        percent = round(100 * count / item.answered) if item.answered else 0
        mark = (
            f' <span class="ss-quiz-mark" title="{escape(t("quiz.correct_mark"))}">✓</span>'
            if option.correct
            else ""
        )
        kind = " ss-quiz-correct" if option.correct else ""
        rows.append(
            f'<div class="ss-bar-row ss-quiz-option{kind}" data-option="{index}" '
            f'data-correct="{str(option.correct).lower()}">'
            f'<span class="ss-bar-label">{escape(option.text)}{mark}</span>'
            f'<span class="ss-track"><span class="ss-bar" style="width:{percent}%"></span></span>'
            f'<span class="ss-bar-count" data-count="{count}">{count} ({percent}%)</span></div>'
        )
    explanation = (
        f'<details class="ss-quiz-explanation"><summary>'
        f"{escape(t('quiz.trainer_explanation'))}</summary>{markdown(question.explanation)}"
        f"</details>"
        if question.explanation
        else ""
    )
    return (
        f'<div class="ss-quiz-result" data-question="{escape(question.id)}">'
        f'<p class="ss-quiz-question"><b>{n}.</b> {escape(question.text)}</p>{share}'
        f'<p class="ss-quiz-options-head"><small>{escape(t("quiz.options"))}</small></p>'
        f"{''.join(rows)}{explanation}</div>"
    )


CSS = """
.ss-quiz-item { margin: 0.4em 0 0.8em 0; }
.ss-quiz-question { margin: 0.3em 0; overflow-wrap: anywhere; }
.ss-quiz .ss-quiz-options, .ss-quiz .ss-quiz-options .widget-radio-box {
  width: 100% !important; max-width: 100%; height: auto; }
.ss-quiz .ss-quiz-options .widget-radio-box label { display: flex; align-items: flex-start;
  gap: 0.5em; height: auto; min-height: 2.4em; line-height: 1.35; white-space: normal;
  overflow-wrap: anywhere; box-sizing: border-box; padding: 0.45em 0.6em; margin: 3px 0;
  border: 1px solid #ccd; border-radius: 6px; font-size: 15px; cursor: pointer; }
.ss-quiz .ss-quiz-options .widget-radio-box input { order: -1; flex: 0 0 auto; float: none;
  margin: 0.15em 0 0 0; width: 1.1em; height: 1.1em; }
.ss-quiz .ss-save { white-space: normal; max-width: 100%; min-height: 2.4em; }
.ss-quiz-feedback { border-left: 4px solid; border-radius: 4px; padding: 0.2em 0.8em;
  margin: 0.3em 0; overflow-wrap: anywhere; }
.ss-quiz-feedback p { margin: 0.3em 0; }
.ss-quiz-right { background: #e3f4e6; border-color: #2e7d32; color: #14532d; }
.ss-quiz-wrong { background: #fdecea; border-color: #b3261e; color: #5f1414; }
.ss-quiz-explanation { color: #222; }
.ss-quiz-result { margin: 0.6em 0 1em 0; }
.ss-quiz-results .ss-bar-row { flex-wrap: wrap; }
.ss-quiz-results .ss-bar-label { flex: 1 1 14em; overflow-wrap: anywhere; }
.ss-quiz-results .ss-track { flex: 0 0 30%; min-width: 6em; }
.ss-quiz-results .ss-bar-count { flex: 0 0 10em; text-align: right; }
.ss-quiz-share { font-weight: bold; }
.ss-quiz-share .ss-bar { background: #2e7d32; }
.ss-quiz-options-head { margin: 0.4em 0 0 0; color: #555; }
.ss-quiz-correct .ss-bar-label { font-weight: bold; }
.ss-quiz-mark { color: #2e7d32; }
"""


QUIZ = register(
    ExerciseType(
        name="quiz",
        schema=Quiz,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=QuizForm,
        dashboard_panel=QuizPanel,
        css=CSS,
    )
)
