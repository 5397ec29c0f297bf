"""``rangorde``: put options in order, or divide points over them.

Mode ``volgorde``: each participant moves the options up and down; the top is what matters
most. Mode ``punten``: each participant divides a fixed number of points (default 100).

The group's results (``render_html``): per option the mean place or the mean points, best
first, and how much the group agrees: Kendall's coefficient of concordance W (with the
correction for ties, so points that are given equally count as shared places).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from ...core.answers import AnswerProblem
from ...core.content import ContentModel, ExerciseBase, Prompt, Slug, repeated_ids
from ...core.html import dutch_number, escape
from ...core.messages import t
from ...core.records import Answer
from ..registry import ExerciseType, register

Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Mode = Literal["volgorde", "punten"]

# Agreement levels on W rounded to two decimals, so the number shown and its words match.
WEINIG_BELOW = 0.3
VEEL_ABOVE = 0.6


class Option(ContentModel):
    id: Slug
    label: Label


class Rangorde(ExerciseBase):
    """Options to put in order (``volgorde``) or to divide points over (``punten``)."""

    type: Literal["rangorde"]
    prompt: Prompt = Field(description="The question above the options")
    mode: Mode = Field(description="volgorde: put in order; punten: divide points")
    options: list[Option] = Field(min_length=3, max_length=8)
    points: int = Field(default=100, ge=10, le=1000, description="Points to divide (punten)")

    def cross_check(self) -> list[tuple[list[Any], str]]:
        problems = repeated_ids(self.options, "options", "rangorde")
        if self.mode == "volgorde" and "points" in self.model_fields_set:
            problems.append((["points"], "points hoort alleen bij mode: punten"))
        return problems


# --- answers ---------------------------------------------------------------------------------


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_answer(exercise: Rangorde, value: Any) -> dict[str, Any]:
    """``{"order": [every option id once]}`` or ``{"points": {option_id: int >= 0}}`` that add
    up to exactly ``points``; a missing option in ``points`` counts as 0."""
    ids = [option.id for option in exercise.options]
    if not isinstance(value, dict):
        raise AnswerProblem("rangorde.broken")
    if exercise.mode == "volgorde":
        order = value.get("order")
        if (
            not isinstance(order, list)
            or not all(isinstance(oid, str) for oid in order)
            or sorted(order) != sorted(ids)
        ):
            raise AnswerProblem("rangorde.broken")
        return {"order": list(order)}
    given = value.get("points")
    if not isinstance(given, dict) or any(key not in ids for key in given):
        raise AnswerProblem("rangorde.broken")
    points = {oid: given.get(oid, 0) for oid in ids}
    if not all(_is_count(n) and n >= 0 for n in points.values()):
        raise AnswerProblem("rangorde.not_number")
    total = sum(points.values())
    if total < exercise.points:
        raise AnswerProblem(
            "rangorde.sum_left", left=exercise.points - total, points=exercise.points
        )
    if total > exercise.points:
        raise AnswerProblem(
            "rangorde.sum_over", over=total - exercise.points, points=exercise.points
        )
    return {"points": points}


# --- summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionResult:
    id: str
    label: str
    mean: float  # the mean place (volgorde, 1 is best) or the mean points (punten)


@dataclass(frozen=True)
class RangordeSummary:
    mode: str
    points: int
    respondents: int  # answers that fit the exercise as it is now
    options: tuple[OptionResult, ...]  # best first
    agreement: float | None  # Kendall's W, 0..1; None with fewer than two people or all ties
    level: str | None  # "weinig", "deels" or "veel"


def ranks_from_points(points: dict[str, int]) -> dict[str, float]:
    """Places from points: most points is place 1; equal points share the average place."""
    return {
        oid: sum(1 for other in points.values() if other > mine)
        + (sum(1 for other in points.values() if other == mine) + 1) / 2
        for oid, mine in points.items()
    }


def kendalls_w(rankings: Sequence[dict[str, float]], ids: Sequence[str]) -> float | None:
    """Kendall's coefficient of concordance, corrected for ties.

    W = 12 S / (m²(n³ − n) − m ΣT), with S the squared deviations of the rank sums from their
    mean and T = Σ(t³ − t) over each person's groups of tied places. None when it is not
    defined: fewer than two people, or everybody tied every option.
    """
    m, n = len(rankings), len(ids)
    if m < 2:
        return None
    sums = [sum(ranking[oid] for ranking in rankings) for oid in ids]
    mean_sum = m * (n + 1) / 2
    s = sum((rank_sum - mean_sum) ** 2 for rank_sum in sums)
    ties = sum(
        t**3 - t for ranking in rankings for t in Counter(ranking.values()).values() if t > 1
    )
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return None
    return min(1.0, max(0.0, 12 * s / denominator))


def agreement_level(w: float | None) -> str | None:
    if w is None:
        return None
    rounded = round(w, 2)
    if rounded < WEINIG_BELOW:
        return "weinig"
    return "veel" if rounded > VEEL_ABOVE else "deels"


def summarize(exercise: Rangorde, answers: Sequence[Answer]) -> RangordeSummary:
    """Mean place or points per option, best first, and the group's agreement (W).

    Answers that no longer fit the exercise (the trainer changed the options) are left out.
    """
    values = []
    for answer in answers:
        try:
            values.append(check_answer(exercise, answer.value))
        except AnswerProblem:
            continue
    ids = [option.id for option in exercise.options]
    if exercise.mode == "volgorde":
        rankings = [
            {oid: float(place) for place, oid in enumerate(value["order"], start=1)}
            for value in values
        ]
        means = {oid: fmean(r[oid] for r in rankings) if rankings else 0.0 for oid in ids}
        best_first = sorted(ids, key=lambda oid: means[oid])
    else:
        rankings = [ranks_from_points(value["points"]) for value in values]
        means = {
            oid: fmean(value["points"][oid] for value in values) if values else 0.0 for oid in ids
        }
        best_first = sorted(ids, key=lambda oid: -means[oid])
    labels = {option.id: option.label for option in exercise.options}
    w = kendalls_w(rankings, ids)
    return RangordeSummary(
        mode=exercise.mode,
        points=exercise.points,
        respondents=len(values),
        options=tuple(OptionResult(oid, labels[oid], round(means[oid], 2)) for oid in best_first),
        agreement=w,
        level=agreement_level(w),
    )


# --- the group's results ------------------------------------------------------------------


def bars_html(summary: RangordeSummary) -> str:
    """One bar per option, best first, with its place and its mean place or mean points."""
    n = len(summary.options)
    top = max((o.mean for o in summary.options), default=0.0) or 1.0
    rows = []
    for place, option in enumerate(summary.options, start=1):
        if summary.mode == "volgorde":
            # Place 1 fills the bar, the last place leaves it empty.
            share = (n - option.mean) / (n - 1)
            text = t("rangorde.mean_rank", mean=dutch_number(option.mean, 1))
        else:
            share = option.mean / top
            text = t("rangorde.mean_points", mean=dutch_number(option.mean, 1))
        rows.append(
            f'<div class="ss-bar-row ss-rangorde-option" data-option="{escape(option.id)}" '
            f'data-place="{place}" data-mean="{option.mean:.2f}">'
            f'<span class="ss-bar-label"><b>{place}.</b> {escape(option.label)}</span>'
            f'<span class="ss-track"><span class="ss-bar" '
            f'style="width:{round(100 * share)}%"></span></span>'
            f'<span class="ss-bar-count ss-rangorde-mean">{escape(text)}</span></div>'
        )
    return "".join(rows)


def agreement_html(summary: RangordeSummary) -> str:
    """The line "Hoe eens is de groep? 0,72 — veel eens (0 = …, 1 = …)"."""
    if summary.agreement is None:
        key = "rangorde.agreement_one" if summary.respondents < 2 else "rangorde.agreement_none"
        return f'<p class="ss-rangorde-agreement" data-w="">{escape(t(key))}</p>'
    w = summary.agreement
    line = t(
        "rangorde.agreement",
        w=dutch_number(w, 2),
        level=t(f"rangorde.level_{summary.level}"),
    )
    return (
        f'<p class="ss-rangorde-agreement" data-w="{w:.2f}" data-level="{summary.level}">'
        f"<b>{escape(line)}</b> <small>{escape(t('rangorde.agreement_scale'))}</small></p>"
    )


def render_html(
    exercise: Rangorde,
    summary: RangordeSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The question, the bars sorted best first with exact numbers, then how much the group
    agrees. Nothing to hide and no subgroups: ``hidden`` and ``minimum`` are not used."""
    parts = [f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>']
    if not summary.respondents:
        parts.append(f"<p>{escape(t('rangorde.none'))}</p>")
        return "".join(parts)
    head = (
        t("rangorde.head_volgorde")
        if summary.mode == "volgorde"
        else t("rangorde.head_punten", points=summary.points)
    )
    parts.append(f"<h4>{escape(head)}</h4>")
    parts.append(f'<div class="ss-rangorde-result">{bars_html(summary)}</div>')
    parts.append(agreement_html(summary))
    return "".join(parts)


# --- on paper --------------------------------------------------------------------------------


def paper_html(exercise: Rangorde, *, answer_key: bool = False) -> str:
    """The question and the options on paper, as a table with an empty box per option: for
    its place (``volgorde``) or its points (``punten``, with a line for the total).

    A rangorde has no right answer and no feedback, so ``answer_key`` changes nothing.
    """
    if exercise.mode == "volgorde":
        how = t("rangorde.paper_order_help", last=len(exercise.options))
        box_head, total = t("rangorde.paper_place"), ""
    else:
        how = t("rangorde.paper_points_help", points=exercise.points)
        box_head = t("rangorde.paper_points")
        total = (
            f'<tfoot><tr><td class="ss-paper-fill"></td>'
            f"<td>{escape(t('rangorde.paper_total', points=exercise.points))}</td></tr></tfoot>"
        )
    rows = "".join(
        f'<tr data-option="{escape(option.id)}"><td class="ss-paper-fill"></td>'
        f"<td>{escape(option.label)}</td></tr>"
        for option in exercise.options
    )
    return (
        f'<div class="ss-rangorde-paper">'
        f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'
        f'<p class="ss-paper-how">{escape(how)}</p>'
        f'<table class="ss-paper-rank"><thead><tr><th class="ss-paper-fill">{escape(box_head)}'
        f"</th><th>{escape(t('rangorde.paper_option'))}</th></tr></thead>"
        f"<tbody>{rows}</tbody>{total}</table></div>"
    )


RANGORDE = register(
    ExerciseType(
        name="rangorde",
        package=__package__,
        schema=Rangorde,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="rangorde.guide_task",
        guide_panel="rangorde.guide_panel",
    )
)
