"""``klik``: a few short sliders (0–10) on how a conversation or role-play felt.

The idea comes from the Session Rating Scale (four lines from 0 to 10); the items are the
kit's own, written in the content file. A slider starts without a value, so no number is
suggested: only the sliders a person moved count, and at least one must be moved.

Dashboard: per item a track from 0 to 10 with the range (lowest to highest) shaded and the
mean marked, the mean and the spread as numbers, how many chose each score and how many
scored the item (people may leave a slider they cannot answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from ...core.answers import AnswerProblem, scores_per_item
from ...core.content import ContentModel, ExerciseBase, Prompt, Slug, repeated_ids
from ...core.html import dutch_number, escape
from ...core.messages import t
from ...core.records import Answer
from ..registry import ExerciseType, register

SCORES = tuple(range(11))
LOW_MEAN = 6.0  # a mean below this is flagged for the trainer
WIDE_SD = 2.5  # a spread (population SD) from this up is flagged for the trainer


ItemLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Anchor = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class KlikItem(ContentModel):
    id: Slug
    label: ItemLabel = Field(description="Short name of the slider, e.g. Gehoord")
    left: Anchor = Field(description="What 0 means")
    right: Anchor = Field(description="What 10 means")


class Klik(ExerciseBase):
    """A klik-check: three to six sliders from 0 to 10 after a conversation."""

    type: Literal["klik"]
    prompt: Prompt = Field(description="The question above the sliders")
    items: list[KlikItem] = Field(min_length=3, max_length=6)

    def cross_check(self) -> list[tuple[list[Any], str]]:
        return repeated_ids(self.items, "items", "klik-check")


def check_answer(exercise: Klik, value: Any) -> dict[str, dict[str, int]]:
    """``{"scores": {item_id: 0..10}}`` with the sliders the person moved, at least one.

    Items left out were not moved and do not count. A score that is no whole number from 0
    to 10, or an id that is no item, means the answer was not made by the form: refused."""
    scores = value.get("scores") if isinstance(value, dict) else None
    ids = [item.id for item in exercise.items]
    if not isinstance(scores, dict) or any(key not in ids for key in scores):
        raise AnswerProblem("klik.broken")
    clean, _not_scored = scores_per_item(exercise.items, scores, SCORES)
    if len(clean) != len(scores):  # a given score that is no whole number from 0 to 10
        raise AnswerProblem("klik.broken")
    if not clean:
        raise AnswerProblem("klik.nothing_chosen")
    return {"scores": clean}


@dataclass(frozen=True)
class ItemResult:
    id: str
    label: str
    left: str
    right: str
    count: int  # how many answers scored this item; when 0, the numbers below are 0 too
    mean: float
    sd: float  # population standard deviation: the group is everyone who answered
    low: int
    high: int
    counts: tuple[int, ...]  # how many chose 0, 1, ..., 10


@dataclass(frozen=True)
class KlikSummary:
    respondents: int  # answers that scored at least one item
    items: tuple[ItemResult, ...]


def summarize(exercise: Klik, answers: Sequence[Answer]) -> KlikSummary:
    """Per item: mean, spread (population SD), lowest, highest and the count per score.

    Each item counts only the answers that scored it (a slider not moved does not count), so
    ``count`` can differ per item. The spread is the population standard deviation: the
    answers are the whole group in the room, not a sample of a larger one. Answers that do
    not fit the exercise are left out.
    """
    values = []
    for answer in answers:
        try:
            values.append(check_answer(exercise, answer.value)["scores"])
        except AnswerProblem:
            continue
    items = []
    for item in exercise.items:
        scores = [value[item.id] for value in values if item.id in value]
        items.append(
            ItemResult(
                id=item.id,
                label=item.label,
                left=item.left,
                right=item.right,
                count=len(scores),
                mean=round(fmean(scores), 2) if scores else 0.0,
                sd=round(pstdev(scores), 2) if scores else 0.0,
                low=min(scores, default=0),
                high=max(scores, default=0),
                counts=tuple(scores.count(score) for score in SCORES),
            )
        )
    return KlikSummary(len(values), tuple(items))


# --- the group's results ---------------------------------------------------------------------


def item_html(item: ItemResult) -> str:
    """One item: the heading with numbers, the track, the counts per score and the anchors.

    An item nobody scored (everyone left that slider) says so, without numbers or flags."""
    if not item.count:
        return (
            f'<div class="ss-klik-result" data-item="{escape(item.id)}" '
            f'data-n="0"><div class="ss-klik-result-head"><b>{escape(item.label)}</b>'
            f'<span class="ss-klik-n">{escape(t("klik.item_none"))}</span></div></div>'
        )
    mean, sd = dutch_number(item.mean, 1), dutch_number(item.sd, 1)
    stats = t("klik.stats", mean=mean, sd=sd, low=item.low, high=item.high)
    flags = []
    if item.mean < LOW_MEAN:
        flags.append(f'<span class="ss-klik-flag ss-klik-low">{escape(t("klik.flag_low"))}</span>')
    if item.sd >= WIDE_SD:
        flags.append(
            f'<span class="ss-klik-flag ss-klik-wide">{escape(t("klik.flag_wide"))}</span>'
        )
    top = max(item.counts) or 1
    counts = "".join(
        f'<span class="ss-klik-count" data-score="{score}" data-count="{count}" '
        f'style="font-weight:{700 if count == top else 400}">'
        f"<small>{score}</small>{f'{count}×' if count else '&nbsp;'}</span>"
        for score, count in enumerate(item.counts)
    )
    return (
        f'<div class="ss-klik-result" data-item="{escape(item.id)}" data-n="{item.count}" '
        f'data-mean="{item.mean:.2f}" data-sd="{item.sd:.2f}" '
        f'data-min="{item.low}" data-max="{item.high}">'
        f'<div class="ss-klik-result-head"><b>{escape(item.label)}</b>'
        f'<span class="ss-klik-stats">{escape(stats)}</span>'
        f'<span class="ss-klik-n">{escape(t("klik.n", count=item.count))}</span></div>'
        f'<div class="ss-klik-scale"><div class="ss-klik-track" role="img" '
        f'aria-label="{escape(stats)}">'
        f'<span class="ss-klik-range" style="left:{item.low * 10}%;'
        f'width:{(item.high - item.low) * 10}%"></span>'
        f'<span class="ss-klik-mean" style="left:{item.mean * 10:.1f}%" '
        f'title="{escape(t("klik.mean_mark", mean=mean))}"></span></div>'
        f'<div class="ss-klik-counts" title="{escape(t("klik.counts"))}">{counts}</div></div>'
        f'<div class="ss-klik-anchors"><span>0 = {escape(item.left)}</span>'
        f"<span>10 = {escape(item.right)}</span></div>"
        f"{''.join(flags)}</div>"
    )


def render_html(
    exercise: Klik,
    summary: KlikSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The question, then per item a 0–10 track with the range and the mean, and the numbers
    as text. Nothing can be hidden and there are no subgroups: ``hidden`` and ``minimum`` do
    not change anything."""
    parts = [f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>']
    if not summary.respondents:
        parts.append(f"<p>{escape(t('klik.none'))}</p>")
    else:
        parts += [item_html(item) for item in summary.items]
        parts.append(f'<p class="ss-klik-legend">{escape(t("klik.legend"))}</p>')
    return "".join(parts)


# --- on paper --------------------------------------------------------------------------------


def paper_html(exercise: Klik, *, answer_key: bool = False) -> str:
    """The sliders on paper: the question, how to fill it in, then per item its name, what 0
    and 10 mean, and a box for each number from 0 to 10. With the key, for the trainer: no
    answer is right, and when the dashboard marks an item (low, or large differences)."""
    boxes = "\u2003".join(f'<span class="ss-paper-box">{score} ☐</span>' for score in SCORES)
    parts = [
        f'<p class="ss-paper-question"><b>{escape(exercise.prompt)}</b></p>',
        f'<p class="ss-paper-hint">{escape(t("klik.paper_help"))}</p>',
    ]
    for item in exercise.items:
        parts.append(
            f'<div class="ss-paper-item"><p class="ss-paper-label"><b>{escape(item.label)}</b></p>'
            f'<p class="ss-paper-ends">0 = {escape(item.left)}<br>'
            f"10 = {escape(item.right)}</p>"
            f'<p class="ss-paper-scale">{boxes}</p></div>'
        )
    if answer_key:
        text = t("klik.paper_key_text", low=_number(LOW_MEAN), wide=_number(WIDE_SD))
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("klik.paper_key"))}</b> '
            f"{escape(text)}</p></div>"
        )
    return f'<div class="ss-paper-klik">{"".join(parts)}</div>'


def _number(value: float) -> str:
    """``6`` or ``2,5``: a threshold as Dutch readers write it."""
    return dutch_number(value, 0 if value.is_integer() else 1)


KLIK = register(
    ExerciseType(
        name="klik",
        package=__package__,
        schema=Klik,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="klik.guide_task",
        guide_panel="klik.guide_panel",
    )
)
