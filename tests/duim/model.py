"""``duim``: one question, a thumb up or down; the group sees how many chose each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from samenspraak.core.answers import AnswerProblem
from samenspraak.core.content import ExerciseBase, ShortText
from samenspraak.core.html import bar_rows, escape
from samenspraak.core.messages import t
from samenspraak.core.records import Answer
from samenspraak.exercises.registry import ExerciseType, register

THUMBS = ("op", "neer")


class Duim(ExerciseBase):
    type: Literal["duim"]
    question: ShortText


def check_answer(exercise: Duim, value: Any) -> dict[str, str]:
    thumb = value.get("thumb") if isinstance(value, dict) else None
    if thumb not in THUMBS:
        raise AnswerProblem("duim.choose")
    return {"thumb": thumb}


@dataclass(frozen=True)
class DuimSummary:
    counts: dict[str, int]


def summarize(exercise: Duim, answers: Sequence[Answer]) -> DuimSummary:
    counts = dict.fromkeys(THUMBS, 0)
    for answer in answers:
        if answer.value.get("thumb") in counts:
            counts[answer.value["thumb"]] += 1
    return DuimSummary(counts)


def render_html(
    exercise: Duim, summary: DuimSummary, *, hidden: frozenset[str] = frozenset(), minimum: int = 1
) -> str:
    rows = [(t(f"duim.{thumb}"), summary.counts[thumb]) for thumb in THUMBS]
    return (
        f'<p class="ss-duim-question">{escape(exercise.question)}</p>'
        f'<div class="ss-duim">{bar_rows(rows, sum(summary.counts.values()))}</div>'
    )


def paper_html(exercise: Duim, *, answer_key: bool = False) -> str:
    boxes = "".join(f"<li>☐ {escape(t(f'duim.{thumb}'))}</li>" for thumb in THUMBS)
    return f'<p class="ss-duim-question">{escape(exercise.question)}</p><ul>{boxes}</ul>'


DUIM = register(
    ExerciseType(
        name="duim",
        package=__package__,
        schema=Duim,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="duim.guide_task",
        guide_panel="duim.guide_panel",
    )
)
