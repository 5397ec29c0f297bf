"""``open``: free text, with a warning before the field and a local check for identifiers.

The group's results: the answers, escaped, oldest first; or (``show_as: woordwolk``, or the
trainer's toggle) a word cloud of the meaningful words, each counted once per answer
(``_shared/cloud.py``, which ``woordwolk`` uses too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from ...core.answers import MAX_TEXT_LENGTH, clean_text
from ...core.content import ExerciseBase, Prompt
from ...core.html import escape, text_list, warning_html
from ...core.messages import t
from ...core.records import Answer
from ...core.text import word_counts
from .._shared.cloud import cloud_html
from ..registry import ExerciseType, register

ShowAs = Literal["lijst", "woordwolk"]


class Open(ExerciseBase):
    """An open question answered in a few sentences."""

    type: Literal["open"]
    prompt: Prompt
    placeholder: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    max_length: int = Field(default=600, ge=20, le=MAX_TEXT_LENGTH)
    show_as: ShowAs = Field(
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


def prompt_html(exercise: Open) -> str:
    return f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'


def answers_html(summary: OpenSummary, show_as: ShowAs) -> str:
    """The answers as a list, or as a cloud of their words (each once per answer)."""
    if show_as == "woordwolk":
        return cloud_html(word_counts(summary.texts))
    return text_list(list(summary.texts), "ss-open-answer")


def render_html(
    exercise: Open,
    summary: OpenSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
    show_as: ShowAs | None = None,
) -> str:
    """The prompt, then the answers as ``show_as`` says: the trainer's choice in the panel,
    else the exercise's."""
    return prompt_html(exercise) + answers_html(summary, show_as or exercise.show_as)


# Ruled lines on paper for an answer of ``max_length`` characters: about this many per line
# in handwriting, and no fewer or more lines than these.
PAPER_CHARACTERS_PER_LINE = 70
PAPER_LINES = (3, 12)


def paper_lines(max_length: int) -> int:
    """How many ruled lines an answer of at most ``max_length`` characters gets on paper."""
    fewest, most = PAPER_LINES
    return max(fewest, min(most, -(-max_length // PAPER_CHARACTERS_PER_LINE)))


def paper_html(exercise: Open, *, answer_key: bool = False) -> str:
    """The question on paper: the prompt, the note to write nothing that identifies a family,
    the field's example text (its placeholder) and ruled lines, more for a longer answer.
    With the key, a note for the trainer: no answer is right, and how the dashboard first
    shows the answers."""
    parts = [f'<p class="ss-paper-prompt"><b>{escape(exercise.prompt)}</b></p>', warning_html()]
    if exercise.placeholder:
        parts.append(
            f'<p class="ss-paper-example"><small>{escape(t("open.paper_example"))}</small> '
            f"<i>{escape(exercise.placeholder)}</i></p>"
        )
    height = 2 * paper_lines(exercise.max_length)  # a line every 2em, as in paper.css
    parts.append(f'<div class="ss-paper-lines" style="height:{height}em"></div>')
    if answer_key:
        shown = "open.paper_key_cloud" if exercise.show_as == "woordwolk" else "open.paper_key_list"
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("open.paper_key"))}</b> '
            f"{escape(t('open.paper_key_text'))} {escape(t(shown))}</p></div>"
        )
    return f'<div class="ss-paper-open">{"".join(parts)}</div>'


OPEN = register(
    ExerciseType(
        name="open",
        package=__package__,
        schema=Open,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="open.guide_task",
        guide_panel="open.guide_panel",
    )
)
