"""``quiz``'s widgets: the answers per question as a list to choose from, and the feedback
after checking; the panel draws ``render_html``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.answers import AnswerProblem
from ...core.html import escape, status_html
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import Quiz, feedback_html, option_index, score


class QuizForm(AnswerForm[Quiz]):
    """Per question the answers as a vertical list of choices, then feedback after checking."""

    exercise: Quiz

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.save_button.description = t("quiz.check")
        self.save_button.icon = "check-square"
        self.save_button.layout.width = "auto"
        self.save_button.layout.height = "auto"

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
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
        exercise = self.exercise
        choices = value.get("choices") if isinstance(value, dict) else None
        choices = choices if isinstance(choices, dict) else {}
        for question in exercise.questions:
            index = option_index(choices.get(question.id), question)
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
        exercise = self.exercise
        for question in exercise.questions:
            box = self.feedback[question.id]
            box.value = feedback_html(question, choices[question.id])
            box.layout.display = ""


VIEW = ExerciseView(form=QuizForm, panel=ResultsPanel)
