"""``rangorde``'s widgets: the order with ↑ and ↓, or the points per option; the panel
draws ``render_html``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.answers import AnswerProblem
from ...core.html import escape
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import Rangorde, check_answer


class RangordeForm(AnswerForm[Rangorde]):
    """Volgorde: a numbered list with ↑ and ↓ per row. Punten: a number per option and a live
    line that says how many points are left."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.labels = {option.id: option.label for option in exercise.options}
        self.point_inputs: dict[str, widgets.BoundedIntText] = {}
        prompt = widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>')
        if exercise.mode == "volgorde":
            return [prompt, *self._order_widgets()]
        return [prompt, *self._points_widgets(exercise)]

    # volgorde: rows are places; moving swaps which option sits in which place.

    def _order_widgets(self) -> list[widgets.Widget]:
        self.order: list[str] = list(self.labels)
        self.place_labels: list[widgets.HTML] = []
        self.up_buttons: list[widgets.Button] = []
        self.down_buttons: list[widgets.Button] = []
        self.rows: list[widgets.HBox] = []
        for place in range(len(self.order)):
            label = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", min_width="0"))
            label.add_class("ss-rangorde-label")
            up = self._move_button("↑", "ss-rangorde-up", place, -1)
            down = self._move_button("↓", "ss-rangorde-down", place, +1)
            row = widgets.HBox([label, up, down], layout=widgets.Layout(width="100%"))
            row.add_class("ss-rangorde-row")
            self.place_labels.append(label)
            self.up_buttons.append(up)
            self.down_buttons.append(down)
            self.rows.append(row)
        self._draw_order()
        help_text = widgets.HTML(
            f'<p class="ss-rangorde-help">{escape(t("rangorde.order_help"))}</p>'
        )
        box = widgets.VBox(self.rows, layout=widgets.Layout(width="100%"))
        box.add_class("ss-rangorde-list")
        return [help_text, box]

    def _move_button(self, arrow: str, css: str, place: int, step: int) -> widgets.Button:
        button = widgets.Button(
            description=arrow, layout=widgets.Layout(width="3em", height="2.75em")
        )
        button.add_class("ss-rangorde-move")
        button.add_class(css)
        button.on_click(lambda _b: self.move(place, step))
        return button

    def move(self, place: int, step: int) -> None:
        """Move the option at ``place`` (0 is the top) one place up (-1) or down (+1)."""
        target = place + step
        if not 0 <= target < len(self.order):
            return
        self.order[place], self.order[target] = self.order[target], self.order[place]
        self._draw_order(moved=target)
        self._on_input_changed({})

    def _draw_order(self, moved: int | None = None) -> None:
        last = len(self.order) - 1
        for place, oid in enumerate(self.order):
            label = self.labels[oid]
            self.place_labels[place].value = (
                f'<span class="ss-rangorde-place">{place + 1}.</span> '
                f'<span class="ss-rangorde-text" data-option="{escape(oid)}">'
                f"{escape(label)}</span>"
            )
            self.up_buttons[place].tooltip = t("rangorde.up", label=label)
            self.up_buttons[place].disabled = place == 0
            self.down_buttons[place].tooltip = t("rangorde.down", label=label)
            self.down_buttons[place].disabled = place == last
            if place == moved:
                self.rows[place].add_class("ss-rangorde-moved")
            else:
                self.rows[place].remove_class("ss-rangorde-moved")

    # punten

    def _points_widgets(self, exercise: Rangorde) -> list[widgets.Widget]:
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f'<p class="ss-rangorde-help">'
                f"{escape(t('rangorde.points_help', points=exercise.points))}</p>"
            )
        ]
        for option in exercise.options:
            field = widgets.BoundedIntText(
                value=0,
                min=0,
                max=exercise.points,
                step=1,
                tooltip=t("rangorde.points_for", label=option.label),
                layout=widgets.Layout(width="6.5em", flex="0 0 auto"),
            )
            field.add_class("ss-rangorde-points")
            field.add_class(f"ss-rangorde-option-{option.id}")
            field.observe(self._draw_left, names="value")
            self.point_inputs[option.id] = field
            label = widgets.HTML(
                f'<span class="ss-rangorde-text">{escape(option.label)}</span>',
                layout=widgets.Layout(flex="1 1 12em", min_width="0"),
            )
            label.add_class("ss-rangorde-label")
            row = widgets.HBox([label, field], layout=widgets.Layout(width="100%"))
            row.add_class("ss-rangorde-points-row")
            rows.append(row)
        self.left = widgets.HTML()
        self._draw_left()
        rows.append(self.left)
        return rows

    def _draw_left(self, _change: dict[str, Any] | None = None) -> None:
        target = self.exercise.points  # type: ignore[attr-defined]
        total = sum(field.value or 0 for field in self.point_inputs.values())
        if total < target:
            text, css = t("rangorde.left", left=target - total), ""
        elif total > target:
            text, css = t("rangorde.over", over=total - target), " ss-rangorde-over"
        else:
            text, css = t("rangorde.done", points=target), " ss-rangorde-done"
        self.left.value = (
            f'<div class="ss-rangorde-left{css}" role="status" aria-live="polite" '
            f'data-left="{target - total}">{escape(text)}</div>'
        )

    # the AnswerForm hooks

    def _inputs(self) -> list[widgets.ValueWidget]:
        # Moving in volgorde marks the answer as unsaved itself (see ``move``).
        return list(self.point_inputs.values())

    def raw_value(self) -> dict[str, Any]:
        if self.exercise.mode == "volgorde":  # type: ignore[attr-defined]
            return {"order": list(self.order)}
        return {"points": {oid: field.value for oid, field in self.point_inputs.items()}}

    def set_value(self, value: dict[str, Any]) -> None:
        try:
            clean = check_answer(self.exercise, value)  # type: ignore[arg-type]
        except AnswerProblem:
            return  # an answer to an older version of the exercise: start fresh
        if "order" in clean:
            self.order = clean["order"]
            self._draw_order()
        else:
            for oid, points in clean["points"].items():
                self.point_inputs[oid].value = points


VIEW = ExerciseView(form=RangordeForm, panel=ResultsPanel)
