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

from pydantic import Field, StringConstraints

from ...core.answers import AnswerProblem
from ...core.content import ContentModel, ExerciseBase, Prompt, Slug, Text, repeated_ids, repeats
from ...core.html import escape, markdown
from ...core.messages import t
from ...core.records import Answer
from ..registry import ExerciseType, register

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
        problems = repeated_ids(self.questions, "questions", "quiz", noun="vraag")
        for i, question in enumerate(self.questions):
            count = sum(option.correct for option in question.options)
            if count != 1:
                problems.append((["questions", i, "options"], t("quiz.one_correct", count=count)))
            problems += [
                (["questions", i, "options", j, "text"], t("quiz.option_twice", value=text))
                for j, text in repeats([option.text for option in question.options])
            ]
        return problems


def option_index(value: Any, question: Question) -> int | None:
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
        index = option_index(raw.get(question.id), question)
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
            index = option_index(choices.get(question.id), question)
            if index is not None:
                counts[index] += 1
        summaries.append(
            QuestionSummary(question.id, sum(counts), counts[question.correct_index], tuple(counts))
        )
    return QuizSummary(len(answers), tuple(summaries))


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
    verdict_class = "ss-quiz-right" if right else "ss-quiz-wrong"
    return (
        f'<div class="ss-quiz-feedback {verdict_class}" data-correct="{str(right).lower()}" '
        f'data-chosen="{chosen}" role="status">{"".join(parts)}</div>'
    )


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
        correct_class = " ss-quiz-correct" if option.correct else ""
        rows.append(
            f'<div class="ss-bar-row ss-quiz-option{correct_class}" data-option="{index}" '
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


def render_html(
    exercise: Quiz,
    summary: QuizSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """Per question: the share right as a bar, the spread over the answers, the explanation.

    Nothing in a quiz can be hidden and it shows no subgroups: ``hidden`` and ``minimum``
    are not used.
    """
    parts = [
        question_html(n, question, item)
        for n, (question, item) in enumerate(
            zip(exercise.questions, summary.questions, strict=True), start=1
        )
    ]
    return f'<div class="ss-quiz-results">{"".join(parts)}</div>'


# --- on paper --------------------------------------------------------------------------------

LETTERS = "ABCDE"  # an option's letter on paper, so the key can name it


def paper_html(exercise: Quiz, *, answer_key: bool = False) -> str:
    """The quiz on paper: every question with its answers, each with a box to tick.

    With ``answer_key`` (the trainer's guide) each question also gets the key: the right
    answer, what a participant reads after choosing each answer, and the explanation. Without
    it nothing of that appears.
    """
    parts = [f'<p class="ss-paper-how">{escape(t("quiz.paper_how"))}</p>']
    for n, question in enumerate(exercise.questions, start=1):
        options = "".join(
            f'<li><span class="ss-paper-box">☐</span> <b>{letter}</b> {escape(option.text)}</li>'
            for letter, option in zip(LETTERS, question.options, strict=False)
        )
        key = _paper_key(question) if answer_key else ""
        parts.append(
            f'<div class="ss-paper-question" data-question="{escape(question.id)}">'
            f'<p class="ss-quiz-question"><b>{escape(t("quiz.question", n=n))}.</b> '
            f"{escape(question.text)}</p>"
            f'<ul class="ss-paper-choices">{options}</ul>{key}</div>'
        )
    return f'<div class="ss-quiz-paper">{"".join(parts)}</div>'


def _paper_key(question: Question) -> str:
    """The answer key of one question: the right answer, the feedback per answer, the
    explanation."""
    right = question.correct_index
    feedback = "".join(
        f"<li><b>{letter}</b>{' ✓' if index == right else ''} {escape(option.feedback)}</li>"
        for index, (letter, option) in enumerate(zip(LETTERS, question.options, strict=False))
        if option.feedback
    )
    parts = [
        f'<p class="ss-paper-key-head"><b>{escape(t("quiz.paper_key"))}</b></p>'
        f"<p>{escape(t('quiz.right_answer'))} <b>{LETTERS[right]}</b> "
        f"{escape(question.options[right].text)}</p>"
    ]
    if feedback:
        parts.append(f"<p>{escape(t('quiz.paper_feedback'))}</p><ul>{feedback}</ul>")
    if question.explanation:
        parts.append(
            f'<div class="ss-quiz-explanation"><b>{escape(t("quiz.explanation"))}</b>'
            f"{markdown(question.explanation)}</div>"
        )
    return f'<div class="ss-paper-key">{"".join(parts)}</div>'


QUIZ = register(
    ExerciseType(
        name="quiz",
        package=__package__,
        schema=Quiz,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="quiz.guide_task",
        guide_panel="quiz.guide_panel",
    )
)
