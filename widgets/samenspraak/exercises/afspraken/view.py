"""``afspraken``'s widgets: the six-step card with its download; the panel draws
``render_html``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from ...core.answers import AnswerProblem
from ...core.content import ExerciseBase
from ...core.html import download_link, escape, markdown, status_html, warning_html
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import (
    FILENAME,
    SECTIONS,
    STEPS,
    Afspraken,
    StepProblem,
    card_html,
    card_of,
    check_answer,
    check_step,
    printable_card,
)


class TaskRow(widgets.VBox):
    """Who (a role from the list), what and when for one task."""

    def __init__(self, n: int, options: Sequence[str]):
        self.heading = widgets.HTML(f"<b>{escape(t('afspraken.task', n=n))}</b>")
        self.who = widgets.Dropdown(
            options=list(options),
            value=None,
            description=t("afspraken.who"),
            layout=widgets.Layout(width="16em", max_width="100%"),
            style={"description_width": "auto"},
        )
        self.who.add_class("ss-afspraken-who-input")
        self.what = widgets.Text(
            placeholder=t("afspraken.what_placeholder"), layout=widgets.Layout(width="100%")
        )
        self.what.add_class("ss-afspraken-what")
        self.when = widgets.Text(
            placeholder=t("afspraken.when_placeholder"), layout=widgets.Layout(width="100%")
        )
        self.when.add_class("ss-afspraken-when")
        self.remove = widgets.Button(
            description=t("afspraken.remove_task"),
            icon="times",
            layout=widgets.Layout(width="auto"),
        )
        self.remove.add_class("ss-afspraken-remove")
        super().__init__(
            [self.heading, self.who, self.what, self.when, self.remove],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("ss-afspraken-task")
        self.add_class(f"ss-afspraken-task-{n}")

    @property
    def value(self) -> dict[str, Any]:
        return {"who": self.who.value, "what": self.what.value, "when": self.when.value}

    @value.setter
    def value(self, task: dict[str, Any]) -> None:
        who = task.get("who")
        self.who.value = who if who in self.who.options else None
        self.what.value = task.get("what") if isinstance(task.get("what"), str) else ""
        self.when.value = task.get("when") if isinstance(task.get("when"), str) else ""


class AfsprakenForm(AnswerForm[Afspraken]):
    """A stepper: one step at a time with Vorige and Volgende; the last step shows the card,
    Save and the download link."""

    exercise: Afspraken

    def __init__(self, exercise: ExerciseBase, check_answer: Any, save: Any = None):
        self.step = 1
        self._check_card = check_answer
        super().__init__(exercise, self._check_and_point, save)

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [
            self.header,
            *self._top,
            self.panes[0],
            self.nav,
            self.preview,
            self.save_button,
            self.status,
            self.download,
        ]

    def _built(self) -> None:
        for field in self._inputs():
            field.observe(self._on_card_changed, names="value")
        self.go_to(1)

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.situation = widgets.HTML()
        self.progress = widgets.HTML()
        self.progress.add_class("ss-afspraken-progress")
        self._top = [self.situation, self.progress]
        self.fields: dict[str, widgets.Textarea] = {}
        self.panes: list[widgets.VBox] = []
        for n, section in enumerate(SECTIONS, start=1):
            explain = "" if section in ("goal", "tasks") else t("afspraken.optional")
            parts: list[widgets.Widget] = [
                widgets.HTML(
                    f'<p class="ss-prompt">{escape(exercise.prompt(section))}</p>'
                    + (f"<p><small>{escape(explain)}</small></p>" if explain else "")
                    + warning_html()
                )
            ]
            if section == "tasks":
                parts += self._task_widgets(exercise)
            else:
                field = widgets.Textarea(
                    placeholder=t(f"afspraken.placeholder.{section}"),
                    layout=widgets.Layout(width="100%", height="6em"),
                )
                field.add_class("ss-afspraken-field")
                field.add_class(f"ss-afspraken-{section}")
                self.fields[section] = field
                parts.append(field)
            pane = widgets.VBox(parts, layout=widgets.Layout(width="100%"))
            pane.add_class("ss-afspraken-pane")
            pane.add_class(f"ss-afspraken-step-{n}")
            self.panes.append(pane)
        self.previous_button = widgets.Button(
            description=t("afspraken.previous"), icon="arrow-left"
        )
        self.previous_button.add_class("ss-afspraken-previous")
        self.previous_button.on_click(lambda _b: self.previous())
        self.next_button = widgets.Button(
            description=t("afspraken.next"), icon="arrow-right", button_style="info"
        )
        self.next_button.add_class("ss-afspraken-next")
        self.next_button.on_click(lambda _b: self.next())
        self.nav = widgets.HBox([self.previous_button, self.next_button])
        self.nav.add_class("ss-afspraken-nav")
        self.preview = widgets.HTML()
        self.preview.add_class("ss-afspraken-preview")
        self.download = widgets.HTML()
        self.download.add_class("ss-afspraken-download")
        return [*self._top, *self.panes, self.nav, self.preview]

    def _task_widgets(self, exercise: Afspraken) -> list[widgets.Widget]:
        self.rows = [TaskRow(n, exercise.who) for n in range(1, exercise.max_tasks + 1)]
        for index, row in enumerate(self.rows):
            row.remove.on_click(lambda _b, i=index: self.remove_task(i))
        self.shown_tasks = 1
        self.add_task_button = widgets.Button(
            description=t("afspraken.add_task"), icon="plus", layout=widgets.Layout(width="auto")
        )
        self.add_task_button.add_class("ss-afspraken-add")
        self.add_task_button.on_click(lambda _b: self.add_task())
        hint = widgets.HTML(f"<p><small>{escape(t('afspraken.tasks_hint'))}</small></p>")
        self._show_rows()
        return [hint, *self.rows, self.add_task_button]

    def _inputs(self) -> list[widgets.ValueWidget]:
        task_inputs = [w for row in self.rows for w in (row.who, row.what, row.when)]
        return [*self.fields.values(), *task_inputs]

    # steps

    def go_to(self, step: int) -> None:
        """Show one step; the last step also shows the card, Save and the download."""
        self.step = max(1, min(STEPS, step))
        last = self.step == STEPS
        section = SECTIONS[self.step - 1]
        dots = "".join(
            f'<span class="ss-afspraken-dot{" ss-afspraken-dot-on" if n <= self.step else ""}">'
            "</span>"
            for n in range(1, STEPS + 1)
        )
        # Open on the first step; folded away after that, so phones need not scroll past it.
        self.situation.value = (
            f'<details class="ss-afspraken-situation"{" open" if self.step == 1 else ""}>'
            f"<summary>{escape(t('afspraken.situation'))}</summary>"
            f"{markdown(self.exercise.situation)}</details>"
        )
        self.progress.value = (
            f'<div data-step="{self.step}"><span class="ss-afspraken-step-of">'
            f"{escape(t('afspraken.step_of', n=self.step, total=STEPS))}</span>"
            f'<div class="ss-afspraken-dots" aria-hidden="true">{dots}</div>'
            f"<h3>{escape(t(f'afspraken.title.{section}'))}</h3></div>"
        )
        children = list(self.children)
        for pane in self.panes:
            if pane in children:
                children[children.index(pane)] = self.panes[self.step - 1]
                break
        self.children = tuple(children)
        self.previous_button.layout.display = "none" if self.step == 1 else ""
        self.next_button.layout.display = "none" if last else ""
        for widget in (self.preview, self.save_button, self.download):
            widget.layout.display = "" if last else "none"
        if last:
            self._refresh_card()

    def next(self) -> bool:
        """To the next step, unless this step has something to fix first (shown in status)."""
        try:
            check_step(self.exercise, self.raw_value(), self.step)  # type: ignore[arg-type]
        except AnswerProblem as problem:
            self.status.value = status_html(problem.message, "problem")
            return False
        self._clear_problem()
        self.go_to(self.step + 1)
        return True

    def previous(self) -> None:
        self._clear_problem()
        self.go_to(self.step - 1)

    def _clear_problem(self) -> None:
        if "ss-problem" in self.status.value:
            self.status.value = ""

    def _check_and_point(self, exercise: Afspraken, raw: Any) -> dict[str, Any]:
        """Check the card; on a problem, take the person to the step it is on."""
        try:
            return self._check_card(exercise, raw)
        except StepProblem as problem:
            self.go_to(problem.step)
            raise

    # tasks

    def _show_rows(self) -> None:
        for index, row in enumerate(self.rows):
            row.layout.display = "" if index < self.shown_tasks else "none"
            row.remove.layout.display = "" if self.shown_tasks > 1 else "none"
        self.add_task_button.layout.display = "" if self.shown_tasks < len(self.rows) else "none"

    def add_task(self) -> None:
        self.shown_tasks = min(len(self.rows), self.shown_tasks + 1)
        self._show_rows()

    def remove_task(self, index: int) -> None:
        """Take one task out; the tasks below it move up."""
        if self.shown_tasks <= 1 or index >= self.shown_tasks:
            return
        values = [row.value for row in self.rows[: self.shown_tasks]]
        del values[index]
        self.shown_tasks -= 1
        for row, task in zip(self.rows, [*values, {}], strict=False):
            row.value = task
        self._show_rows()

    # values

    def raw_value(self) -> dict[str, Any]:
        value: dict[str, Any] = {section: field.value for section, field in self.fields.items()}
        value["tasks"] = [row.value for row in self.rows[: self.shown_tasks]]
        return {section: value[section] for section in SECTIONS}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for section, field in self.fields.items():
            text = value.get(section)
            field.value = text if isinstance(text, str) else ""
        tasks = value.get("tasks") if isinstance(value.get("tasks"), list) else []
        tasks = [task for task in tasks if isinstance(task, dict)][: len(self.rows)]
        self.shown_tasks = max(1, len(tasks))
        for index, row in enumerate(self.rows):
            row.value = tasks[index] if index < len(tasks) else {}
        self._show_rows()
        self._refresh_card()

    def show_saved(self, value: Any) -> None:
        super().show_saved(value)
        self.go_to(STEPS)

    def submit(self) -> bool:
        saved = super().submit()
        self._refresh_card()
        return saved

    # the card on the last step

    def _on_card_changed(self, _change: dict[str, Any]) -> None:
        if self.step == STEPS:
            self._refresh_card()

    def _refresh_card(self) -> None:
        """The card as typed so far, and a download of it once it passes the checks."""
        exercise = self.exercise
        raw = self.raw_value()
        self.preview.value = (
            f'<div class="ss-afspraken-card-preview"><h3>{escape(t("afspraken.preview"))}</h3>'
            f"<p><small>{escape(t('afspraken.preview_explain'))}</small></p>"
            f"{card_html(card_of(raw), heading='h4')}</div>"
        )
        try:
            card = card_of(check_answer(exercise, raw))
        except AnswerProblem as problem:
            self.download.value = (
                f'<p class="ss-afspraken-download-later">'
                f"{escape(t('afspraken.download_later', problem=problem.message))}</p>"
            )
            return
        self.download.value = (
            f"<p>{download_link(t('afspraken.download'), FILENAME, printable_card(exercise, card))}"
            f"<br><small>{escape(t('answer.print_hint'))}</small></p>"
        )


VIEW = ExerciseView(form=AfsprakenForm, panel=ResultsPanel)
