"""``duim``'s form: two toggle buttons. The panel is the plain one (``render_html``)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from samenspraak.core.html import escape
from samenspraak.core.messages import t
from samenspraak.exercises._shared.base import AnswerForm, ResultsPanel
from samenspraak.exercises.registry import ExerciseView

from .model import THUMBS, Duim


class DuimForm(AnswerForm[Duim]):
    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.thumb = widgets.ToggleButtons(
            options=[(t(f"duim.{thumb}"), thumb) for thumb in THUMBS], value=None
        )
        self.thumb.add_class("ss-duim-thumb")
        return [widgets.HTML(f"<p>{escape(exercise.question)}</p>"), self.thumb]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return [self.thumb]

    def raw_value(self) -> dict[str, Any]:
        return {"thumb": self.thumb.value}

    def set_value(self, value: dict[str, Any]) -> None:
        self.thumb.value = value.get("thumb")


VIEW = ExerciseView(form=DuimForm, panel=ResultsPanel)
