"""``casus``'s widgets: the case step by step with a button per choice, and the debrief;
the panel draws ``render_html``."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.html import escape, markdown, status_html, warning_html
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import MAX_CHOICES, Casus, replay, trail_html


class CasusForm(AnswerForm[Casus]):
    """The case, the current step with a button per choice, the route so far, the debrief."""

    exercise: Casus

    def __init__(self, *args: Any, **kwargs: Any):
        self.path: list[int] = []
        self._saving_route = False
        super().__init__(*args, **kwargs)

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [*super()._arrange(answer_widgets), self.restart_box]

    def _built(self) -> None:
        self.path = []
        self._render()

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        case = widgets.HTML(
            f'<div class="ss-casus-case"><h3>{escape(t("casus.situation"))}</h3>'
            f"{markdown(exercise.case)}</div>"
        )
        self.trail = widgets.HTML()
        self.trail.add_class("ss-casus-trail")
        self.consequence = widgets.HTML()
        self.consequence.add_class("ss-casus-consequence-box")
        self.step_view = widgets.HTML()
        self.step_view.add_class("ss-casus-step")
        self.choice_buttons = []
        for index in range(MAX_CHOICES):
            button = widgets.Button(layout=widgets.Layout(width="100%", height="auto"))
            button.add_class("ss-casus-choice")
            button.add_class(f"ss-casus-choice-{index}")
            button.on_click(lambda _b, i=index: self.choose(i))
            self.choice_buttons.append(button)
        self.choices_box = widgets.VBox(self.choice_buttons, layout=widgets.Layout(width="100%"))
        self.debrief_fields: dict[str, widgets.Textarea] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<h3>{escape(t('casus.debrief'))}</h3>"
                f"<p>{escape(t('casus.debrief_explain'))}</p>"
                f"{warning_html()}"
            )
        ]
        for n, question in enumerate(exercise.debrief, start=1):
            field = widgets.Textarea(layout=widgets.Layout(width="100%", height="5em"))
            field.add_class("ss-casus-answer")
            field.add_class(f"ss-casus-question-{question.id}")
            self.debrief_fields[question.id] = field
            rows += [widgets.HTML(f"<p><b>{n}.</b> {escape(question.text)}</p>"), field]
        self.debrief_box = widgets.VBox(rows, layout=widgets.Layout(width="100%"))
        self.debrief_box.add_class("ss-casus-debrief")
        self.restart_button = widgets.Button(
            description=t("casus.restart"), icon="undo", layout=widgets.Layout(width="auto")
        )
        self.restart_button.add_class("ss-casus-restart")
        self.restart_button.on_click(lambda _b: self.restart())
        self.restart_box = widgets.VBox(
            [
                widgets.HTML(f"<p><small>{escape(t('casus.restart_note'))}</small></p>"),
                self.restart_button,
            ]
        )
        return [
            case,
            self.trail,
            self.consequence,
            self.step_view,
            self.choices_box,
            self.debrief_box,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.debrief_fields.values())

    def _render(self) -> None:
        """Show the route so far, the last consequence and the current step."""
        exercise = self.exercise
        steps, chosen = replay(exercise, self.path)
        self.path = self.path[: len(chosen)]
        current = steps[-1]
        self.trail.value = trail_html(steps, chosen)
        self.trail.layout.display = "" if chosen else "none"
        last = chosen[-1].consequence if chosen else None
        self.consequence.value = (
            f'<div class="ss-casus-consequence"><b>{escape(t("casus.happened"))}</b>'
            f"<p>{escape(last)}</p></div>"
            if last
            else ""
        )
        self.consequence.layout.display = "" if last else "none"
        heading = t("casus.ending") if current.is_ending else t("casus.step", n=len(chosen) + 1)
        question = (
            ""
            if current.is_ending
            else f'<p class="ss-casus-ask">{escape(t("casus.what_now"))}</p>'
        )
        self.step_view.value = (
            f'<div class="ss-casus-step-text{" ss-casus-ending" if current.is_ending else ""}" '
            f'data-step="{escape(current.id)}"><h3>{escape(heading)}</h3>'
            f"{markdown(current.text)}{question}</div>"
        )
        for index, button in enumerate(self.choice_buttons):
            if index < len(current.choices):
                button.description = current.choices[index].label
                button.tooltip = current.choices[index].label
                button.layout.display = ""
            else:
                button.layout.display = "none"
        self.choices_box.layout.display = "none" if current.is_ending else ""
        self.debrief_box.layout.display = "" if current.is_ending else "none"
        self.save_button.layout.display = "" if current.is_ending else "none"
        self.restart_box.layout.display = "" if chosen else "none"

    def choose(self, index: int) -> bool:
        """Take a choice at the current step, show what follows and save the route at once."""
        steps, _ = replay(self.exercise, self.path)  # type: ignore[arg-type]
        if not 0 <= index < len(steps[-1].choices):
            return False
        self.path.append(index)
        self._render()
        self._saving_route = True
        try:
            saved = self.submit()
        finally:
            self._saving_route = False
        if saved:
            self.status.value = status_html(t("casus.choice_saved", n=len(self.path)), "ok")
        return saved

    def _on_save_clicked(self, _button: widgets.Button | None = None) -> None:
        if self.submit():
            self.status.value = status_html(t("casus.debrief_saved"), "ok")

    def restart(self) -> None:
        """Back to the start; the stored route stays until the first new choice replaces it."""
        self.path = []
        for field in self.debrief_fields.values():
            field.value = ""
        self._render()
        self.status.value = status_html(t("casus.restarted"), "pending")

    def raw_value(self) -> dict[str, Any]:
        value: dict[str, Any] = {"path": list(self.path)}
        if not self._saving_route:
            value["debrief"] = {qid: field.value for qid, field in self.debrief_fields.items()}
        return value

    def set_value(self, value: dict[str, Any]) -> None:
        value = value if isinstance(value, dict) else {}
        path = value.get("path")
        self.path = list(path) if isinstance(path, list) else []
        debrief = value.get("debrief") if isinstance(value.get("debrief"), dict) else {}
        for question_id, field in self.debrief_fields.items():
            text = debrief.get(question_id)
            field.value = text if isinstance(text, str) else ""
        self._render()


VIEW = ExerciseView(form=CasusForm, panel=ResultsPanel)
