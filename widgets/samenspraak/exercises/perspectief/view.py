"""``perspectief``'s widgets: two rows of 1–5 per statement; the panel keeps its chart as a
picture and draws it again only when its numbers change."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.content import ExerciseBase
from ...core.html import escape
from ...core.messages import t
from ...core.records import Role
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import (
    POINTS,
    Perspectief,
    PerspectiefSummary,
    answers_as_self_only,
    chart_html,
    dumbbell_png,
    results_html,
    shown_groups,
)


class PerspectiefForm(AnswerForm[Perspectief]):
    """Per statement two rows of 1–5 buttons: one's own view and the guess of the family's."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.own: dict[str, widgets.ToggleButtons] = {}
        self.guess: dict[str, widgets.ToggleButtons] = {}
        self.own_labels: list[widgets.HTML] = []
        self.guess_rows: list[widgets.Box] = []
        scale = " · ".join(
            f"{p} = {escape(label)}" for p, label in zip(POINTS, exercise.scale, strict=True)
        )
        self.instructions = widgets.HTML()
        parts: list[widgets.Widget] = [
            widgets.HTML(
                f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'
                f'<p class="ss-perspectief-scale-help">{scale}</p>'
            ),
            self.instructions,
        ]
        guess_label = t(f"perspectief.guess_{exercise.perspective}")
        for n, item in enumerate(exercise.items, start=1):
            own_row, own_label, self.own[item.id] = self._row("self", "")
            guess_row, _label, self.guess[item.id] = self._row("guess", guess_label)
            self.own_labels.append(own_label)
            self.guess_rows.append(guess_row)
            box = widgets.VBox(
                [
                    widgets.HTML(
                        f'<p class="ss-perspectief-text"><b>{n}.</b> {escape(item.text)}</p>'
                    ),
                    own_row,
                    guess_row,
                ]
            )
            box.add_class("ss-perspectief-item")
            box.add_class(f"ss-perspectief-item-{item.id}")
            parts.append(box)
        self._show_rows()
        return parts

    def _row(
        self, row_name: str, label: str
    ) -> tuple[widgets.Box, widgets.HTML, widgets.ToggleButtons]:
        """One labelled row of 1–5 buttons; ``row_name`` is "self" or "guess"."""
        exercise = self.exercise
        toggle = widgets.ToggleButtons(
            options=[(str(p), p) for p in POINTS],
            value=None,
            style={"button_width": "auto"},
            tooltips=[f"{p} = {label}" for p, label in zip(POINTS, exercise.scale, strict=True)],
        )
        toggle.add_class("ss-scale")
        toggle.add_class("ss-perspectief-points")
        toggle.add_class(f"ss-perspectief-{row_name}")
        heading = widgets.HTML(escape(label))
        heading.add_class("ss-perspectief-row-label")
        row = widgets.Box([heading, toggle])
        row.add_class("ss-perspectief-row")
        row.add_class(f"ss-perspectief-{row_name}-row")
        return row, heading, toggle

    def _self_only(self) -> bool:
        return answers_as_self_only(self.exercise, self.role)  # type: ignore[arg-type]

    def _show_rows(self) -> None:
        """Both rows for professionals; only one's own view for the family being guessed."""
        exercise = self.exercise
        self_only = self._self_only()
        who = t(f"perspectief.who_{exercise.perspective}")
        help_text = t("perspectief.help_self") if self_only else t("perspectief.help_both", who=who)
        self.instructions.value = f'<p class="ss-perspectief-help">{escape(help_text)}</p>'
        own_label = escape(t("perspectief.self_only" if self_only else "perspectief.self"))
        for heading in self.own_labels:
            heading.value = own_label
        for row in self.guess_rows:
            row.layout.display = "none" if self_only else None

    def set_role(self, role: Role) -> None:
        super().set_role(role)
        self._show_rows()

    def _inputs(self) -> list[widgets.ValueWidget]:
        return [*self.own.values(), *self.guess.values()]

    def raw_value(self) -> dict[str, Any]:
        def chosen(toggles: dict[str, widgets.ToggleButtons]) -> dict[str, int]:
            return {
                iid: toggle.value for iid, toggle in toggles.items() if toggle.value is not None
            }

        value: dict[str, Any] = {"self": chosen(self.own)}
        if not self._self_only():
            value["guess"] = chosen(self.guess)
        return value

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for key, toggles in (("self", self.own), ("guess", self.guess)):
            points = value.get(key)
            if not isinstance(points, dict):
                continue
            for iid, point in points.items():
                if iid in toggles and isinstance(point, int) and point in POINTS:
                    toggles[iid].value = point


class PerspectiefPanel(ResultsPanel[Perspectief]):
    """``render_html``'s table, and its dot chart as an image drawn only when it changed."""

    def __init__(self, exercise: ExerciseBase):
        super().__init__(exercise)
        self._chart: tuple[tuple[Any, ...], bytes] | None = None

    def render(self, summary: PerspectiefSummary) -> list[widgets.Widget]:
        exercise = self.exercise
        show_own, show_family = shown_groups(summary, self.minimum)
        shown: list[widgets.Widget] = [
            widgets.HTML(results_html(exercise, summary, minimum=self.minimum))
        ]
        if show_own or show_family:
            shown.append(self._chart_image(summary, show_own=show_own, show_family=show_family))
        return shown

    def _chart_image(
        self, summary: PerspectiefSummary, *, show_own: bool, show_family: bool
    ) -> widgets.HTML:
        """The dot chart (an ``<img>`` with a text alternative; the numbers are in the table
        above it); drawn again only when its numbers changed."""
        exercise = self.exercise
        key = (show_own, show_family, summary.items)
        if self._chart is None or self._chart[0] != key:
            self._chart = (key, dumbbell_png(exercise, summary, show_own, show_family))
        image = widgets.HTML(chart_html(self._chart[1]))
        image.add_class("ss-perspectief-chart-box")
        return image


VIEW = ExerciseView(form=PerspectiefForm, panel=PerspectiefPanel)
