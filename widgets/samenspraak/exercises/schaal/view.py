"""``schaal``'s widgets: a row of 1–5 buttons per statement; the panel draws ``render_html``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.html import escape
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import POINTS, Schaal


class SchaalForm(AnswerForm[Schaal]):
    exercise: Schaal

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.choices: dict[str, widgets.ToggleButtons] = {}
        rows: list[widgets.Widget] = [widgets.HTML(f"<p>{escape(exercise.prompt)}</p>")]
        for n, statement in enumerate(exercise.statements, start=1):
            toggle = widgets.ToggleButtons(
                options=list(zip(exercise.scale, POINTS, strict=True)),
                value=None,
                style={"button_width": "auto"},
                tooltips=[
                    f"{p} – {label}" for p, label in zip(POINTS, exercise.scale, strict=True)
                ],
            )
            toggle.add_class("ss-scale")
            toggle.add_class(f"ss-statement-{statement.id}")
            self.choices[statement.id] = toggle
            rows.append(
                widgets.VBox(
                    [
                        widgets.HTML(
                            f'<p class="ss-statement"><b>{n}.</b> {escape(statement.text)}</p>'
                        ),
                        toggle,
                    ]
                )
            )
        return rows

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.choices.values())

    def raw_value(self) -> dict[str, Any]:
        return {
            "scores": {
                sid: toggle.value
                for sid, toggle in self.choices.items()
                if toggle.value is not None
            }
        }

    def set_value(self, value: dict[str, Any]) -> None:
        for statement_id, score in value.get("scores", {}).items():
            if statement_id in self.choices:
                self.choices[statement_id].value = score


VIEW = ExerciseView(form=SchaalForm, panel=ResultsPanel)
