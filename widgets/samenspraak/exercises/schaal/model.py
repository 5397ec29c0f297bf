"""``schaal``: a self-scan of several statements on a 1–5 scale.

Dashboard: per-statement distribution and a radar chart of the group means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from ...core.answers import AnswerProblem, scores_per_item
from ...core.content import ContentModel, ExerciseBase, ShortText, Slug, repeated_ids
from ...core.html import dutch_number, escape, png_image
from ...core.messages import t
from ...core.records import Answer
from ..registry import ExerciseType, register

POINTS = (1, 2, 3, 4, 5)
DEFAULT_SCALE = ("Nooit", "Zelden", "Soms", "Vaak", "Altijd")


class Statement(ContentModel):
    id: Slug
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)]
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]


class Schaal(ExerciseBase):
    """A self-scan: each statement is rated from 1 to 5."""

    type: Literal["schaal"]
    prompt: ShortText
    scale: tuple[str, str, str, str, str] = Field(
        default=DEFAULT_SCALE, description="Labels for 1 to 5"
    )
    statements: list[Statement] = Field(min_length=3, max_length=12)

    def cross_check(self) -> list[tuple[list[Any], str]]:
        return repeated_ids(self.statements, "statements", "schaal")


def check_answer(exercise: Schaal, value: Any) -> dict[str, dict[str, int]]:
    """``{"scores": {statement_id: 1..5}}`` with every statement rated."""
    scores = value.get("scores", {}) if isinstance(value, dict) else {}
    clean, missing = scores_per_item(exercise.statements, scores, POINTS)
    if missing:
        raise AnswerProblem("answer.incomplete", missing=", ".join(map(str, missing)))
    return {"scores": clean}


@dataclass(frozen=True)
class StatementSummary:
    id: str
    label: str
    text: str
    counts: tuple[int, int, int, int, int]
    mean: float


@dataclass(frozen=True)
class SchaalSummary:
    respondents: int
    statements: tuple[StatementSummary, ...]


def summarize(exercise: Schaal, answers: Sequence[Answer]) -> SchaalSummary:
    """Distribution and mean per statement."""
    summaries = []
    for statement in exercise.statements:
        scores = [
            a.value["scores"][statement.id]
            for a in answers
            if statement.id in a.value.get("scores", {})
        ]
        counts = tuple(scores.count(point) for point in POINTS)
        summaries.append(
            StatementSummary(
                statement.id,
                statement.label,
                statement.text,
                counts,  # type: ignore[arg-type]
                round(fmean(scores), 2) if scores else 0.0,
            )
        )
    return SchaalSummary(len(answers), tuple(summaries))


def radar_png(summary: SchaalSummary) -> bytes:
    """The group's mean per statement as a radar chart (PNG bytes)."""
    # Imported here: matplotlib is for the trainer's kernel only; participant kernels
    # stay small because they never call this.
    from ...core.charts import radar_png as draw

    return draw(
        [s.label for s in summary.statements],
        [s.mean for s in summary.statements],
        title=t("dash.radar_title"),
    )


def radar_img(summary: SchaalSummary) -> str:
    """The radar chart as an ``<img>`` inside the page; its text alternative is the chart's
    title with every mean, so the picture says nothing the text does not."""
    means = "; ".join(f"{s.label}: {dutch_number(s.mean, 1)}" for s in summary.statements)
    alt = f"{t('dash.radar_title')}. {means}."
    return png_image(radar_png(summary), alt, "ss-radar", style="width:400px;max-width:100%")


def distribution_table(exercise: Schaal, summary: SchaalSummary) -> str:
    """One row per statement: how many chose each point (shaded by share) and the mean."""
    head = "".join(
        f"<th>{p}<br><small>{escape(label)}</small></th>"
        for p, label in zip(POINTS, exercise.scale, strict=True)
    )
    rows = []
    for item in summary.statements:
        total = sum(item.counts) or 1
        # At most 75 % strength: dark text then keeps a contrast of at least 4.5:1 on every
        # shade (white text on a middle shade would not).
        cells = "".join(
            f'<td class="ss-bar-count" data-count="{count}" '
            f'style="background: rgba(31, 95, 139, {0.75 * count / total:.2f}); '
            f'color: #111">{count}</td>'
            for count in item.counts
        )
        rows.append(
            f'<tr class="ss-dist" data-statement="{escape(item.id)}">'
            f'<th scope="row" title="{escape(item.text)}">{escape(item.label)}</th>{cells}'
            f'<td class="ss-mean">{dutch_number(item.mean, 1)}</td></tr>'
        )
    return (
        f'<table class="ss-dist-table"><thead><tr><td></td>{head}'
        f"<th>{escape(t('dash.mean'))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_html(
    exercise: Schaal,
    summary: SchaalSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The table of counts and means next to the radar of the means.

    Nothing in a schaal can be hidden and it shows no subgroups: ``hidden`` and ``minimum``
    are not used.
    """
    return (
        '<div class="ss-schaal-results" '
        'style="display:flex;flex-wrap:wrap;gap:0.5em;align-items:flex-start">'
        f'<div style="flex:1 1 28em">{distribution_table(exercise, summary)}</div>'
        f"{radar_img(summary)}</div>"
    )


def paper_html(exercise: Schaal, *, answer_key: bool = False) -> str:
    """The self-scan on paper: the prompt, then a table with a row per statement (numbered,
    as on screen) and a box under each point of the scale, its label in the head. With the
    key, a note for the trainer: no answer is right, and the short name the dashboard gives
    each statement."""
    head = "".join(
        f'<th scope="col">{point}<br><small>{escape(label)}</small></th>'
        for point, label in zip(POINTS, exercise.scale, strict=True)
    )
    boxes = '<td class="ss-paper-box">☐</td>' * len(POINTS)
    rows = "".join(
        f'<tr><td class="ss-paper-statement"><b>{n}.</b> {escape(statement.text)}</td>{boxes}</tr>'
        for n, statement in enumerate(exercise.statements, start=1)
    )
    parts = [
        f'<p class="ss-paper-prompt"><b>{escape(exercise.prompt)}</b></p>',
        f'<p class="ss-paper-hint">{escape(t("schaal.paper_choose"))}</p>',
        f'<table class="ss-paper-scale"><thead><tr><td></td>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>",
    ]
    if answer_key:
        labels = "".join(f"<li>{escape(statement.label)}</li>" for statement in exercise.statements)
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("schaal.paper_key"))}</b> '
            f"{escape(t('schaal.paper_key_text'))}</p><ol>{labels}</ol></div>"
        )
    return f'<div class="ss-paper-schaal">{"".join(parts)}</div>'


SCHAAL = register(
    ExerciseType(
        name="schaal",
        package=__package__,
        schema=Schaal,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="schaal.guide_task",
        guide_panel="schaal.guide_panel",
    )
)
