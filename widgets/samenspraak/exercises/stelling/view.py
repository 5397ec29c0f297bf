"""``stelling``'s widgets: the choice and the reason; the panel draws ``render_html``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.html import escape
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import CHOICES, Stelling


class StellingForm(AnswerForm[Stelling]):
    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.choice = widgets.ToggleButtons(
            options=[(t(f"stelling.{choice}"), choice) for choice in CHOICES],
            value=None,
            style={"button_width": "auto"},
        )
        self.choice.add_class("ss-choice")
        self.reason = widgets.Textarea(
            placeholder=t("stelling.reason_placeholder"),
            layout=widgets.Layout(width="100%", height="5em"),
        )
        self.reason.add_class("ss-reason")
        parts: list[widgets.Widget] = [
            widgets.HTML(f'<p class="ss-stelling-text"><b>{escape(exercise.statement)}</b></p>'),
            self.choice,
        ]
        if exercise.ask_reason:
            parts += [
                widgets.HTML(
                    f"<p>{escape(t('stelling.reason'))}<br>"
                    f"<small>{escape(t('text.warning'))}</small></p>"
                ),
                self.reason,
            ]
        return parts

    def _inputs(self) -> list[widgets.ValueWidget]:
        return [self.choice, self.reason]

    def raw_value(self) -> dict[str, Any]:
        return {"choice": self.choice.value, "reason": self.reason.value}

    def set_value(self, value: dict[str, Any]) -> None:
        self.choice.value = value.get("choice")
        self.reason.value = value.get("reason", "")


VIEW = ExerciseView(form=StellingForm, panel=ResultsPanel)
