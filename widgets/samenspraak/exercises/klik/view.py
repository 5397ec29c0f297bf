"""``klik``'s widgets: one slider per item; the panel draws ``render_html``.

A slider starts without a value: it sits on ``UNSET`` (one step left of 0), and while it is
there the CSS hides its handle and readout and the line under it says nothing is chosen yet.
The first move (mouse, touch or arrow key: from ``UNSET`` the right arrow gives 0, End gives
10) sets the scale to 0–10 for good. Only moved sliders are in the answer.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.html import escape
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import SCORES, Klik

UNSET = -1  # the slider's value while the person has not chosen


class KlikForm(AnswerForm[Klik]):
    """One slider per item with its anchors; a slider not moved yet shows no value and is
    marked, and is left out of the answer."""

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
                value=UNSET,
                min=UNSET,
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
            left.add_class("ss-aside")  # what 0 means: in the slider's valuetext, not its name
            right = widgets.HTML(f"10 = {escape(item.right)}")
            right.add_class("ss-klik-anchor")
            right.add_class("ss-aside")
            right.add_class("ss-klik-anchor-right")
            line = widgets.HBox([left, slider, right])
            line.add_class("ss-klik-line")
            value = widgets.HTML()
            box = widgets.VBox(
                [
                    widgets.HTML(f'<div class="ss-klik-label ss-label">{escape(item.label)}</div>'),
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
        slider = self.sliders[item_id]
        if slider.value == UNSET:  # put back to no value by ``_unset``, not moved
            return
        self.touched.add(item_id)
        slider.min = 0  # from now on the scale is 0–10; the unset place is gone
        self._draw_marks()

    def _unset(self, item_id: str) -> None:
        """Back to no value, as at the start."""
        self.touched.discard(item_id)
        slider = self.sliders[item_id]
        slider.min = UNSET
        slider.value = UNSET

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
                    f'<span class="ss-klik-value ss-klik-value-untouched">'
                    f"{escape(t('klik.untouched'))}</span>"
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
        """The scores of the sliders that were moved (or restored), in the items' order."""
        return {
            "scores": {
                iid: slider.value for iid, slider in self.sliders.items() if iid in self.touched
            }
        }

    def set_value(self, value: dict[str, Any]) -> None:
        """Put the saved scores back (they count as chosen); other sliders are unset."""
        scores = value.get("scores") if isinstance(value, dict) else None
        if not isinstance(scores, dict):
            return
        for iid in self.sliders:
            score = scores.get(iid)
            if isinstance(score, int) and not isinstance(score, bool) and score in SCORES:
                self.touched.add(iid)  # chosen before, whatever the score
                self.sliders[iid].value = score
                self.sliders[iid].min = 0
            elif iid in self.touched:
                self._unset(iid)
        self._draw_marks()


VIEW = ExerciseView(form=KlikForm, panel=ResultsPanel)
