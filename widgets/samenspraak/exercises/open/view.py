"""``open``'s widgets: a counted text field; the panel adds a list/cloud toggle above the
answers, drawn with the same pure HTML as ``render_html``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.content import ExerciseBase
from ...core.html import escape, warning_html
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel, counted_textarea
from ..registry import ExerciseView
from .model import Open, OpenSummary, answers_html, prompt_html


class OpenForm(AnswerForm[Open]):
    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.text, self.counter = counted_textarea(
            exercise.max_length, placeholder=exercise.placeholder, height="8em"
        )
        self.text.add_class("ss-open-text")
        return [
            widgets.HTML(f'<p class="ss-prompt">{escape(exercise.prompt)}</p>'),
            widgets.HTML(warning_html()),
            self.text,
            self.counter,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return [self.text]

    def raw_value(self) -> dict[str, Any]:
        return {"text": self.text.value}

    def set_value(self, value: dict[str, Any]) -> None:
        self.text.value = value.get("text", "")


class OpenPanel(ResultsPanel[Open]):
    """The answers as a list or as a word cloud; the trainer switches with a toggle."""

    def __init__(self, exercise: ExerciseBase):
        super().__init__(exercise)
        self.summary = OpenSummary(0, ())
        self.view = widgets.ToggleButtons(
            options=[(t("open.view_list"), "lijst"), (t("open.view_cloud"), "woordwolk")],
            value=exercise.show_as,  # type: ignore[attr-defined]
            style={"button_width": "auto"},
        )
        self.view.add_class("ss-open-view")
        self.view.observe(self._on_view, names="value")
        self.shown = widgets.HTML()

    def render(self, summary: OpenSummary) -> list[widgets.Widget]:
        exercise = self.exercise
        self.summary = summary
        self._draw()
        return [widgets.HTML(prompt_html(exercise)), self.view, self.shown]

    def render_options(self) -> dict[str, Any]:
        """The group sees the answers as the trainer shows them: a list or a cloud."""
        return {"show_as": self.view.value}

    def _on_view(self, _change: dict[str, Any]) -> None:
        self._draw()

    def _draw(self) -> None:
        """The answers as the toggle says; a cloud of the same answers is drawn only once."""
        self.shown.value = answers_html(self.summary, self.view.value)


VIEW = ExerciseView(form=OpenForm, panel=OpenPanel)
