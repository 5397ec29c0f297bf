"""``reflectie``'s widgets: a field per prompt, *Klaar* and the download made in the browser;
the panel draws ``render_html`` (only how many wrote)."""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as widgets

from ...core.answers import AnswerProblem
from ...core.html import download_link, escape, status_html, warning_html
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from ..registry import ExerciseView
from .model import Reflectie, journal_html, reflections


class ReflectieForm(AnswerForm[Reflectie]):
    """A note that the text is private, a field per prompt, *Klaar*, then the download."""

    exercise: Reflectie

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.save_button.description = t("reflectie.done")

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [*super()._arrange(answer_widgets), self.download]

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.download = widgets.HTML()
        self.download.add_class("ss-reflectie-download")
        self.texts: dict[str, widgets.Textarea] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f'<p class="ss-reflectie-private" role="note">'
                f"{escape(t('reflectie.private'))}</p>"
                f"{warning_html(t('reflectie.why_warning'))}"
            )
        ]
        for n, prompt in enumerate(exercise.prompts, start=1):
            field = widgets.Textarea(
                placeholder=t("reflectie.placeholder"),
                layout=widgets.Layout(width="100%", height="7em"),
            )
            field.add_class("ss-reflectie-text")
            field.add_class(f"ss-reflectie-prompt-{prompt.id}")
            self.texts[prompt.id] = field
            rows += [
                widgets.HTML(
                    f'<p class="ss-reflectie-prompt"><b>{n}.</b> {escape(prompt.text)}</p>'
                ),
                field,
            ]
        return rows

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.texts.values())

    def raw_value(self) -> dict[str, Any]:
        return {"texts": {pid: field.value for pid, field in self.texts.items()}}

    def set_value(self, value: Any) -> None:
        """Only a count was saved: say that the earlier text was not kept; fields stay as is."""
        written = value.get("written") if isinstance(value, dict) else None
        if isinstance(written, int) and not isinstance(written, bool) and written > 0:
            total = len(self.texts)
            self.status.value = status_html(
                t("reflectie.not_kept", written=min(written, total), total=total), "pending"
            )

    def show_saved(self, value: Any) -> None:
        self.set_value(value)

    def submit(self) -> bool:
        """Check the texts, offer the download, and save only the count; True when saved.

        The download works without joining a group: the journal is the person's own.
        """
        exercise = self.exercise
        raw = self.raw_value()
        try:
            texts = reflections(exercise, raw)
            value = self._check_answer(exercise, raw)
        except AnswerProblem as problem:
            self.download.value = ""
            self.status.value = status_html(problem.message, "problem")
            return False
        self.download.value = (
            f"<p>{download_link(t('reflectie.download'), self.filename(), self.journal(texts))}"
            f"<br><small>{escape(t('answer.print_hint'))}</small></p>"
        )
        try:
            if self._save is None:
                raise AnswerProblem("join.first")
            self._save(exercise, value)
        except AnswerProblem as problem:
            self.status.value = status_html(
                t("reflectie.ready_not_counted", problem=problem.message), "pending"
            )
            return False
        self.status.value = status_html(t("reflectie.ready"), "ok")
        return True

    def journal(self, texts: dict[str, str]) -> str:
        return journal_html(self.exercise, texts, date.today())  # type: ignore[arg-type]

    def filename(self) -> str:
        return f"reflectie-{self.exercise.id}-{date.today().isoformat()}.html"

    def _on_input_changed(self, _change: dict[str, Any]) -> None:
        """A changed text makes the download out of date: take it away until Klaar again."""
        if self.download.value:
            self.download.value = ""
            self.status.value = status_html(t("reflectie.changed"), "pending")


VIEW = ExerciseView(form=ReflectieForm, panel=ResultsPanel)
