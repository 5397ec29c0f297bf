"""``klik``'s widgets: one slider per item; the panel draws ``render_html``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.html import escape
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import SCORES, START, Klik


class KlikForm(AnswerForm[Klik]):
    """One slider per item with its anchors; untouched sliders are marked as still on 5."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.sliders: dict[str, widgets.IntSlider] = {}
        self.values: dict[str, widgets.HTML] = {}
        self.boxes: dict[str, widgets.VBox] = {}
        self.touched: set[str] = set()
        parts: list[widgets.Widget] = [
            widgets.HTML(
                f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'
                f'<p class="ss-klik-help">{escape(t("klik.help"))}</p>'
            )
        ]
        for item in exercise.items:
            slider = widgets.IntSlider(
                value=START,
                min=0,
                max=10,
                step=1,
                readout=True,
                continuous_update=True,
                tooltip=item.label,
                layout=widgets.Layout(width="auto"),
            )
            slider.add_class("ss-klik-slider")
            slider.add_class(f"ss-klik-item-{item.id}")
            slider.observe(lambda _c, iid=item.id: self._moved(iid), names="value")
            left = widgets.HTML(f"0 = {escape(item.left)}")
            left.add_class("ss-klik-anchor")
            right = widgets.HTML(f"10 = {escape(item.right)}")
            right.add_class("ss-klik-anchor")
            right.add_class("ss-klik-anchor-right")
            line = widgets.HBox([left, slider, right])
            line.add_class("ss-klik-line")
            value = widgets.HTML()
            box = widgets.VBox(
                [
                    widgets.HTML(f'<div class="ss-klik-label">{escape(item.label)}</div>'),
                    line,
                    value,
                ]
            )
            box.add_class("ss-klik-item")
            self.sliders[item.id] = slider
            self.values[item.id] = value
            self.boxes[item.id] = box
            parts.append(box)
        self.note = widgets.HTML()
        parts.append(self.note)
        self._draw_marks()
        return parts

    def _moved(self, item_id: str) -> None:
        self.touched.add(item_id)
        self._draw_marks()

    def untouched(self) -> list[str]:
        """Ids of the sliders the person has not moved yet, in order."""
        return [iid for iid in self.sliders if iid not in self.touched]

    def _draw_marks(self) -> None:
        for iid, slider in self.sliders.items():
            if iid in self.touched:
                self.boxes[iid].remove_class("ss-klik-untouched")
                self.values[iid].value = (
                    f'<span class="ss-klik-value" data-value="{slider.value}">'
                    f"{escape(t('klik.value', value=slider.value))}</span>"
                )
            else:
                self.boxes[iid].add_class("ss-klik-untouched")
                self.values[iid].value = (
                    f'<span class="ss-klik-value ss-klik-value-untouched" '
                    f'data-value="{slider.value}">{escape(t("klik.untouched"))}</span>'
                )
        labels = {item.id: item.label for item in self.exercise.items}  # type: ignore[attr-defined]
        waiting = [labels[iid] for iid in self.untouched()]
        self.note.value = (
            f'<p class="ss-klik-note" role="note">'
            f"{escape(t('klik.untouched_note', labels=', '.join(waiting)))}</p>"
            if waiting
            else ""
        )

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.sliders.values())

    def raw_value(self) -> dict[str, Any]:
        return {"scores": {iid: slider.value for iid, slider in self.sliders.items()}}

    def set_value(self, value: dict[str, Any]) -> None:
        scores = value.get("scores") if isinstance(value, dict) else None
        if not isinstance(scores, dict):
            return
        for iid, score in scores.items():
            if iid in self.sliders and isinstance(score, int) and score in SCORES:
                self.sliders[iid].value = score
                self.touched.add(iid)  # a saved answer was chosen, even if it is 5
        self._draw_marks()


VIEW = ExerciseView(form=KlikForm, panel=ResultsPanel)
