"""``open``: free text, with a warning before the field and a local check for identifiers.

Dashboard: the answers, escaped, oldest first; or, with the toggle (or ``show_as: woordwolk``),
a word cloud of the meaningful words, each counted once per answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import ipywidgets as widgets
from pydantic import Field, StringConstraints

from ..core import messages
from ..core.answers import MAX_TEXT_LENGTH, clean_text
from ..core.content import ExerciseBase, Prompt
from ..core.html import escape, text_list, warning_html
from ..core.messages import t
from ..core.records import Answer
from ..core.text import word_counts
from .base import AnswerForm, ResultsPanel, counted_textarea
from .registry import ExerciseType, register

messages.register({"open.view_list": "Lijst", "open.view_cloud": "Woordwolk"})

CSS = """
.ss-open-view, .ss-open-view .widget-toggle-buttons { flex-wrap: wrap; height: auto; }
.ss-open-view { margin: 0.2em 0 0.6em 0; }
.ss-open-view button { min-height: 2.2em; }
"""


class Open(ExerciseBase):
    """An open question answered in a few sentences."""

    type: Literal["open"]
    prompt: Prompt
    placeholder: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    max_length: int = Field(default=600, ge=20, le=MAX_TEXT_LENGTH)
    show_as: Literal["lijst", "woordwolk"] = Field(
        default="lijst",
        description="How the dashboard first shows the answers: a list, or a word cloud",
    )


def check_answer(exercise: Open, value: Any) -> dict[str, str]:
    """``{"text": str}``: not empty, not too long, no BSN, e-mail, phone, postcode or date."""
    text = value.get("text", "") if isinstance(value, dict) else ""
    return {"text": clean_text(text, limit=exercise.max_length, required=True)}


@dataclass(frozen=True)
class OpenSummary:
    respondents: int
    texts: tuple[str, ...]


def summarize(exercise: Open, answers: Sequence[Answer]) -> OpenSummary:
    return OpenSummary(len(answers), tuple(a.value["text"] for a in answers if a.value.get("text")))


class OpenForm(AnswerForm):
    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Open = self.exercise  # type: ignore[assignment]
        self.text, self.counter = counted_textarea(
            exercise.max_length, placeholder=exercise.placeholder, height="8em"
        )
        self.text.add_class("ss-open-text")
        return [
            widgets.HTML(f'<p class="ss-prompt">{escape(exercise.prompt)}</p>'),
            widgets.HTML(warning_html()),
            self.text,
            self.counter,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return [self.text]

    def raw_value(self) -> dict[str, Any]:
        return {"text": self.text.value}

    def set_value(self, value: dict[str, Any]) -> None:
        self.text.value = value.get("text", "")


class OpenPanel(ResultsPanel):
    """The answers as a list or as a word cloud; the trainer switches with a toggle."""

    def __init__(self, exercise: ExerciseBase):
        super().__init__(exercise)
        self.summary = OpenSummary(0, ())
        self.view = widgets.ToggleButtons(
            options=[(t("open.view_list"), "lijst"), (t("open.view_cloud"), "woordwolk")],
            value=exercise.show_as,  # type: ignore[attr-defined]
            style={"button_width": "auto"},
        )
        self.view.add_class("ss-open-view")
        self.view.observe(self._on_view, names="value")
        self.shown = widgets.VBox()
        self._cloud: tuple[tuple[str, ...], list[widgets.Widget]] | None = None

    def render(self, summary: OpenSummary) -> list[widgets.Widget]:
        exercise: Open = self.exercise  # type: ignore[assignment]
        self.summary = summary
        self._draw()
        return [
            widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'),
            self.view,
            self.shown,
        ]

    def _on_view(self, _change: dict[str, Any]) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.view.value == "woordwolk":
            self.shown.children = tuple(self._cloud_view())
        else:
            self.shown.children = (
                widgets.HTML(text_list(list(self.summary.texts), "ss-open-answer")),
            )

    def _cloud_view(self) -> list[widgets.Widget]:
        """The cloud of the answers; drawn again only when the answers changed."""
        # Imported here: woordwolk's view draws with wordcloud, for the trainer's kernel only.
        from .woordwolk import cloud_view

        if self._cloud is None or self._cloud[0] != self.summary.texts:
            self._cloud = (self.summary.texts, cloud_view(word_counts(self.summary.texts)))
        return self._cloud[1]


OPEN = register(
    ExerciseType(
        name="open",
        schema=Open,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=OpenForm,
        dashboard_panel=OpenPanel,
        css=CSS,
    )
)
