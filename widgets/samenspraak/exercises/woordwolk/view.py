"""``woordwolk``'s widgets: a field per word; the panel draws ``render_html`` and adds a
closed section where the trainer hides words."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.html import escape, warning_html
from ...core.messages import t
from .._shared.base import AnswerForm, ResultsPanel
from .._shared.cloud import CLOUD_WORDS, word_chip
from ..registry import ExerciseView
from .model import Woordwolk, WoordwolkSummary, WordCount, entries_of, render_html, split_hidden


class WoordwolkForm(AnswerForm[Woordwolk]):
    """A few short text fields, one word or phrase each."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self.fields: list[widgets.Text] = []
        several = exercise.max_words > 1
        for n in range(1, exercise.max_words + 1):
            # "Vakje 2: ...": each box its own name, for a screen reader too (a11y.js)
            placeholder = (
                t("woordwolk.placeholder_n", n=n) if several else t("woordwolk.placeholder")
            )
            field = widgets.Text(
                placeholder=placeholder,
                layout=widgets.Layout(width="calc(100% - 4px)", max_width="26em"),
            )
            field.add_class("ss-woordwolk-field")
            field.add_class("ss-placeholder-names")
            field.add_class(f"ss-woordwolk-field-{n}")
            self.fields.append(field)
        hint = (
            t("woordwolk.hint", limit=exercise.max_words)
            if exercise.max_words > 1
            else t("woordwolk.hint_one")
        )
        return [
            widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'),
            widgets.HTML(warning_html()),
            widgets.HTML(f'<p class="ss-woordwolk-hint">{escape(hint)}</p>'),
            *self.fields,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.fields)

    def raw_value(self) -> dict[str, Any]:
        return {"words": [field.value for field in self.fields]}

    def set_value(self, value: dict[str, Any]) -> None:
        entries = entries_of(value)
        for n, field in enumerate(self.fields):
            field.value = entries[n] if n < len(entries) else ""


class WoordwolkPanel(ResultsPanel):
    """The cloud of what the group named; a closed section lets the trainer hide words."""

    def render(self, summary: WoordwolkSummary) -> list[widgets.Widget]:
        html = render_html(self.exercise, summary, hidden=self.hidden, minimum=self.minimum)
        parts: list[widgets.Widget] = [widgets.HTML(html)]
        if summary.words:
            shown, hidden = split_hidden(summary, self.hidden)
            parts.append(self._manage(shown[:CLOUD_WORDS], hidden))
        return parts

    def _manage(self, shown: list[WordCount], hidden: list[WordCount]) -> widgets.VBox:
        """Closed by default, so the projected dashboard shows only the cloud."""
        rows: list[widgets.Widget] = [
            widgets.HTML(f"<p><small>{escape(t('woordwolk.manage_hint'))}</small></p>")
        ]
        rows += [self._row(item, hide=True) for item in shown]
        if hidden:
            rows.append(widgets.HTML(f"<h4>{escape(t('group.hidden', count=len(hidden)))}</h4>"))
            rows += [self._row(item, hide=False) for item in hidden]
        box = widgets.VBox(rows)
        box.add_class("ss-woordwolk-manage-box")
        return self.folding(
            t("woordwolk.manage"), box, css="ss-woordwolk-hiding", toggle_css="ss-woordwolk-manage"
        )

    def _row(self, item: WordCount, *, hide: bool) -> widgets.HBox:
        label = widgets.HTML(
            f'<span class="ss-woordwolk-item" data-id="{item.id}" data-count="{item.count}">'
            f"{word_chip(item.word, item.count)}</span>"
        )
        row = widgets.HBox([label, self.hide_button(item.id, hide=hide, css="ss-woordwolk")])
        row.add_class("ss-woordwolk-row")
        row.add_class(f"ss-woordwolk-row-{item.id}")
        return row


VIEW = ExerciseView(form=WoordwolkForm, panel=WoordwolkPanel)
