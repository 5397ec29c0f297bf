"""``stelling``: agree, disagree or "weet niet", with an optional reason.

The group's results: the split and the reasons, grouped by choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ...core.answers import AnswerProblem, clean_text
from ...core.content import ExerciseBase, ShortText
from ...core.html import bar_rows, escape, text_list
from ...core.messages import t
from ...core.records import Answer
from ..registry import ExerciseType, register

CHOICES = ("eens", "oneens", "weet_niet")
REASON_LIMIT = 600


class Stelling(ExerciseBase):
    """One statement a group can be split on."""

    type: Literal["stelling"]
    statement: ShortText
    ask_reason: bool = True


def check_answer(exercise: Stelling, value: Any) -> dict[str, str]:
    """``{"choice": one of CHOICES, "reason": str}``; the reason is free text and checked."""
    value = value if isinstance(value, dict) else {}
    choice = value.get("choice")
    if choice not in CHOICES:
        raise AnswerProblem("answer.choose")
    reason = ""
    if exercise.ask_reason:
        reason = clean_text(value.get("reason", ""), limit=REASON_LIMIT, required=False)
    return {"choice": choice, "reason": reason}


@dataclass(frozen=True)
class StellingSummary:
    respondents: int
    counts: dict[str, int]
    reasons: dict[str, tuple[str, ...]]


def summarize(exercise: Stelling, answers: Sequence[Answer]) -> StellingSummary:
    """How many chose each option, and the reasons per option, oldest first."""
    counts = dict.fromkeys(CHOICES, 0)
    reasons: dict[str, list[str]] = {choice: [] for choice in CHOICES}
    for answer in answers:
        choice = answer.value.get("choice")
        if choice in counts:
            counts[choice] += 1
            if answer.value.get("reason"):
                reasons[choice].append(answer.value["reason"])
    return StellingSummary(
        len(answers), counts, {choice: tuple(texts) for choice, texts in reasons.items()}
    )


def render_html(
    exercise: Stelling,
    summary: StellingSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The split as bars, then the reasons per choice (escaped)."""
    rows = [(t(f"stelling.{choice}"), summary.counts[choice]) for choice in CHOICES]
    parts = [
        f'<p class="ss-stelling-text"><b>{escape(exercise.statement)}</b></p>',
        f'<div class="ss-split">{bar_rows(rows, sum(summary.counts.values()))}</div>',
    ]
    if exercise.ask_reason:
        parts.append(f"<h4>{escape(t('dash.reasons'))}</h4>")
        if not any(summary.reasons.values()):
            parts.append(f"<p>{escape(t('dash.no_reasons'))}</p>")
        for choice in CHOICES:
            if summary.reasons[choice]:
                parts.append(f"<p><b>{escape(t(f'stelling.{choice}'))}</b></p>")
                parts.append(text_list(list(summary.reasons[choice]), "ss-reason-text"))
    return "".join(parts)


def paper_html(exercise: Stelling, *, answer_key: bool = False) -> str:
    """The statement on paper: a box per choice, then (when a reason is asked) the question
    why and a few ruled lines. With the key, a note for the trainer: no answer is right."""
    boxes = []
    for choice in CHOICES:
        label = escape(t(f"stelling.{choice}"))
        boxes.append(f'<span class="ss-paper-choice">☐ {label}</span>')
    choices = "\u2003\u2003".join(boxes)  # wide spaces: the boxes side by side, as on screen
    parts = [
        f'<p class="ss-paper-statement"><b>{escape(exercise.statement)}</b></p>',
        f'<p class="ss-paper-hint">{escape(t("stelling.paper_choose"))}</p>',
        f'<p class="ss-paper-choices">{choices}</p>',
    ]
    if exercise.ask_reason:
        parts += [
            f"<p>{escape(t('stelling.reason'))}<br><small>{escape(t('text.warning'))}</small></p>",
            '<div class="ss-paper-lines"></div>',
        ]
    if answer_key:
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("stelling.paper_key"))}</b> '
            f"{escape(t('stelling.paper_key_text'))}</p></div>"
        )
    return f'<div class="ss-paper-stelling">{"".join(parts)}</div>'


STELLING = register(
    ExerciseType(
        name="stelling",
        package=__package__,
        schema=Stelling,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="stelling.guide_task",
        guide_panel="stelling.guide_panel",
    )
)
