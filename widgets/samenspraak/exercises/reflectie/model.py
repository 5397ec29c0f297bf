"""``reflectie``: a private journal; the text stays with the participant.

The participant writes at a few prompts and clicks *Klaar*. The texts are checked like every
free text (the file may be shared later), then offered as a download made in the browser.
Only ``{"written": n}`` (how many prompts got text) is saved: the texts never leave the
participant's kernel, so no trainer, group, export or database ever sees them.

The group's results: only how many people wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import Field

from ...core.answers import MAX_TEXT_LENGTH, AnswerProblem, clean_texts
from ...core.content import ContentModel, ExerciseBase, ShortText, Slug, repeated_ids
from ...core.html import escape, printable_html, warning_html
from ...core.messages import t
from ...core.records import Answer
from ..registry import ExerciseType, register


class Prompt(ContentModel):
    """One question to reflect on."""

    id: Slug
    text: ShortText


class Reflectie(ExerciseBase):
    """Private journal prompts: the texts are never stored, only how many were written."""

    type: Literal["reflectie"]
    prompts: list[Prompt] = Field(min_length=1, max_length=6)
    max_length: int = Field(
        default=MAX_TEXT_LENGTH, ge=20, le=MAX_TEXT_LENGTH, description="Characters per answer"
    )

    def cross_check(self) -> list[tuple[list[Any], str]]:
        return repeated_ids(self.prompts, "prompts", "reflectie", noun="vraag")


def reflections(exercise: Reflectie, value: Any) -> dict[str, str]:
    """The written texts by prompt id, each checked as free text; at least one.

    Raises :class:`AnswerProblem` naming the prompt: empty, too long, or an identifier.
    """
    raw = value.get("texts") if isinstance(value, dict) else None
    raw = raw if isinstance(raw, dict) else {}
    texts = clean_texts(
        exercise.prompts, raw, limit=exercise.max_length, problem_key="reflectie.in_prompt"
    )
    if not texts:
        raise AnswerProblem("answer.empty")
    return texts


def check_answer(exercise: Reflectie, value: Any) -> dict[str, int]:
    """``{"texts": {prompt_id: text}}`` in, ``{"written": n}`` out: the text is never kept."""
    return {"written": len(reflections(exercise, value))}


@dataclass(frozen=True)
class ReflectieSummary:
    respondents: int
    writers: int  # people who wrote at least one answer


def summarize(exercise: Reflectie, answers: Sequence[Answer]) -> ReflectieSummary:
    """How many people wrote; nothing else is known."""
    writers = 0
    for answer in answers:
        written = answer.value.get("written") if isinstance(answer.value, dict) else None
        if isinstance(written, int) and not isinstance(written, bool) and written > 0:
            writers += 1
    return ReflectieSummary(len(answers), writers)


def journal_html(exercise: Reflectie, texts: dict[str, str], day: date) -> str:
    """The printable file: the prompts, the person's answers and the date."""
    sections = "".join(
        f"<section><h2>{escape(prompt.text)}</h2>"
        f"<p>{escape(texts.get(prompt.id) or t('reflectie.file_empty'))}</p></section>"
        for prompt in exercise.prompts
    )
    return printable_html(
        t("reflectie.file_title", title=exercise.title),
        f"<p>{escape(t('reflectie.file_date', date=day.strftime('%d-%m-%Y')))}</p>{sections}",
        escape(t("reflectie.file_footer")),
    )


def render_html(
    exercise: Reflectie,
    summary: ReflectieSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """Only how many wrote, and that the texts stay with the participants."""
    count = summary.writers
    writers = t("reflectie.writer") if count == 1 else t("reflectie.writers", count=count)
    return (
        f'<p class="ss-reflectie-count" data-count="{count}">{escape(writers)}</p>'
        f'<p class="ss-reflectie-stays">{escape(t("reflectie.stays"))}</p>'
    )


def own_texts(exercise: Reflectie, value: Any) -> list[tuple[str, str, str]]:
    """Each question with what the person wrote ("" when nothing), for their own file."""
    try:
        texts = reflections(exercise, value)
    except AnswerProblem:  # saved from elsewhere than the form: only the count is known
        texts = {}
    return [(prompt.id, prompt.text, texts.get(prompt.id, "")) for prompt in exercise.prompts]


def paper_html(exercise: Reflectie, *, answer_key: bool = False) -> str:
    """The prompts on paper, each with empty lines to write on, after the note that the sheet
    is the person's own (they keep it). Nobody's text is known, so there is no answer key:
    ``answer_key`` changes nothing."""
    prompts = "".join(
        f'<div class="ss-paper-item"><p class="ss-paper-prompt"><b>{n}.</b> '
        f'{escape(prompt.text)}</p><div class="ss-paper-lines"></div></div>'
        for n, prompt in enumerate(exercise.prompts, start=1)
    )
    return (
        f'<div class="ss-paper-reflectie">'
        f'<p class="ss-paper-private">{escape(t("reflectie.paper_private"))}</p>'
        f"{warning_html(t('reflectie.why_warning'))}{prompts}</div>"
    )


REFLECTIE = register(
    ExerciseType(
        name="reflectie",
        package=__package__,
        schema=Reflectie,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="reflectie.guide_task",
        guide_panel="reflectie.guide_panel",
        private=True,
        own_texts=own_texts,
    )
)
