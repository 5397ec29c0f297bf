"""``perspectief``: the same statements answered twice, as yourself and as the family would.

A professional gives their own view (1–5) and a guess of how the parent (or the child) sees
it. Parents, or young people, who join in that role answer only as themselves. The gap
between one's own view and the guess shows where professionals think the family looks
differently; the family's own answers, once enough of them answered, show whether that guess
was right.

The group's results (``render_html``): a table per statement (own view, guess, gap, and the
family's own answers) and a dot chart with the same numbers. Each subgroup shows only once it
has the minimum number of answers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from ...core.answers import AnswerProblem, scores_per_item
from ...core.content import ContentModel, ExerciseBase, ShortText, Slug, repeated_ids
from ...core.html import dutch_number, escape, png_image
from ...core.messages import t
from ...core.records import Answer, Role
from ..registry import ExerciseType, register

POINTS = (1, 2, 3, 4, 5)
DEFAULT_SCALE = ("Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens")
# Whose answers the professional guesses, and the role in which that person joins.
PERSPECTIVE_ROLE = {"ouder": Role.OUDER, "kind": Role.JONGERE}
MARKED_GAPS = 2  # the dashboard marks the items with the two largest gaps ...
MIN_MARKED_GAP = 0.5  # ... when those gaps are at least this big
OWN_COLOUR, GUESS_COLOUR, FAMILY_COLOUR = "#1f5f8b", "#c2410c", "#15803d"
FAMILY_OFFSET = 0.28  # in the chart, the family's own dot sits this far below its line


Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)]
ItemText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
ScaleLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]


class PerspectiefItem(ContentModel):
    id: Slug
    label: Label = Field(description="Short name for the dashboard and the chart")
    text: ItemText = Field(description="The statement the participant answers")


class Perspectief(ExerciseBase):
    """Statements answered as yourself and as the parent (or the child) would answer them."""

    type: Literal["perspectief"]
    prompt: ShortText = Field(description="The question above the statements")
    perspective: Literal["ouder", "kind"] = Field(
        description="Whose answers the professionals guess: the parent's or the child's"
    )
    scale: tuple[ScaleLabel, ScaleLabel, ScaleLabel, ScaleLabel, ScaleLabel] = Field(
        default=DEFAULT_SCALE, description="Labels for 1 to 5"
    )
    items: list[PerspectiefItem] = Field(min_length=3, max_length=10)

    def cross_check(self) -> list[tuple[list[Any], str]]:
        return repeated_ids(self.items, "items", "oefening")


def answers_as_self_only(exercise: Perspectief, role: Role | None) -> bool:
    """True for the people whose view is guessed: they only answer as themselves."""
    return role is not None and role == PERSPECTIVE_ROLE[exercise.perspective]


# --- answers ---------------------------------------------------------------------------------


def _points(exercise: Perspectief, raw: Any) -> tuple[dict[str, int], list[str]]:
    """The valid points per item (unknown ids dropped) and the numbers of the open items."""
    clean, missing = scores_per_item(exercise.items, raw if isinstance(raw, dict) else {}, POINTS)
    return clean, [str(n) for n in missing]


def check_answer(exercise: Perspectief, value: Any) -> dict[str, dict[str, int]]:
    """``{"self": {item_id: 1..5}, "guess": {item_id: 1..5}}``; "guess" only when given.

    Every item needs a point in "self", and in "guess" when the answer has one.
    """
    value = value if isinstance(value, dict) else {}
    own, own_missing = _points(exercise, value.get("self"))
    clean = {"self": own}
    if "guess" not in value:
        if own_missing:
            raise AnswerProblem("answer.incomplete", missing=", ".join(own_missing))
        return clean
    guess, guess_missing = _points(exercise, value.get("guess"))
    clean["guess"] = guess
    parts = [
        t("perspectief.missing_in", numbers=", ".join(numbers), row=t(row))
        for numbers, row in (
            (own_missing, "perspectief.self_short"),
            (guess_missing, f"perspectief.guess_short_{exercise.perspective}"),
        )
        if numbers
    ]
    if parts:
        raise AnswerProblem("answer.incomplete", missing="; ".join(parts))
    return clean


# --- summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemResult:
    id: str
    label: str
    text: str
    own_mean: float  # the guessers' own view; 0.0 when nobody answered
    own_count: int
    guess_mean: float
    guess_count: int
    gap: float  # guess minus own view; 0.0 when either is missing
    family_mean: float  # the parents' (or young people's) own view
    family_count: int


@dataclass(frozen=True)
class PerspectiefSummary:
    respondents: int
    guessers: int  # professionals and others: own view and guess
    family: int  # parents (or young people): their own view only
    items: tuple[ItemResult, ...]


def _mean(points: list[int]) -> float:
    return round(fmean(points), 2) if points else 0.0


def summarize(exercise: Perspectief, answers: Sequence[Answer]) -> PerspectiefSummary:
    """Per item: the guessers' own mean, their guess mean and the gap; the family's own mean.

    Answers that no longer fit the exercise (an item added later) are left out. A parent's
    answer counts as the family's view only, even if it holds a guess.
    """
    family_role = PERSPECTIVE_ROLE[exercise.perspective]
    guessers: list[dict[str, dict[str, int]]] = []
    family: list[dict[str, int]] = []
    for answer in answers:
        try:
            value = check_answer(exercise, answer.value)
        except AnswerProblem:
            continue
        if answer.role == family_role:
            family.append(value["self"])
        else:
            guessers.append(value)
    items = []
    for item in exercise.items:
        own = [value["self"][item.id] for value in guessers]
        guess = [value["guess"][item.id] for value in guessers if "guess" in value]
        theirs = [value[item.id] for value in family]
        gap = round(fmean(guess) - fmean(own), 2) if own and guess else 0.0
        items.append(
            ItemResult(
                id=item.id,
                label=item.label,
                text=item.text,
                own_mean=_mean(own),
                own_count=len(own),
                guess_mean=_mean(guess),
                guess_count=len(guess),
                gap=gap,
                family_mean=_mean(theirs),
                family_count=len(theirs),
            )
        )
    return PerspectiefSummary(len(guessers) + len(family), len(guessers), len(family), tuple(items))


def largest_gaps(items: Sequence[ItemResult]) -> frozenset[str]:
    """The ids of the items with the largest gaps (ties included), when big enough to discuss."""
    sizes = sorted((abs(item.gap) for item in items if item.guess_count), reverse=True)
    if not sizes:
        return frozenset()
    threshold = max(sizes[min(MARKED_GAPS, len(sizes)) - 1], MIN_MARKED_GAP)
    return frozenset(item.id for item in items if item.guess_count and abs(item.gap) >= threshold)


# --- the group's results ---------------------------------------------------------------------


def signed(value: float) -> str:
    """``+1,5``, ``−0,5`` or ``0,0``: a gap with its direction, as Dutch readers write it."""
    text = dutch_number(abs(value), 1)
    if text == "0,0":
        return text
    return f"+{text}" if value > 0 else f"−{text}"


def shown_groups(summary: PerspectiefSummary, minimum: int) -> tuple[bool, bool]:
    """Whether the guessers' numbers and the family's own numbers may be shown."""
    return summary.guessers >= minimum, summary.family >= minimum


def results_html(exercise: Perspectief, summary: PerspectiefSummary, *, minimum: int) -> str:
    """The counts, a note per subgroup still too small, the table and its legend: everything
    but the chart."""
    perspective = exercise.perspective
    show_own, show_family = shown_groups(summary, minimum)
    groups = t(f"perspectief.group_{perspective}_many")
    notes = [
        t(
            "perspectief.counts",
            guessers=summary.guessers,
            family=summary.family,
            groups=groups,
        )
    ]
    if not show_own:
        notes.append(t("perspectief.guessers_few", count=summary.guessers, minimum=minimum))
    if not show_family:
        key = {0: "family_none", 1: "family_one"}.get(summary.family, "family_few")
        notes.append(
            t(
                f"perspectief.{key}",
                count=summary.family,
                group=t(f"perspectief.group_{perspective}_one"),
                groups=groups,
                minimum=minimum,
            )
        )
    parts = [
        f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>',
        f'<p class="ss-perspectief-counts" data-guessers="{summary.guessers}" '
        f'data-family="{summary.family}">{escape(notes[0])}</p>',
        *(f'<p class="ss-perspectief-note">{escape(note)}</p>' for note in notes[1:]),
    ]
    if show_own or show_family:
        parts.append(table_html(exercise, summary, show_own=show_own, show_family=show_family))
    if show_own:
        who = t(f"perspectief.who_{perspective}")
        parts.append(
            f'<p class="ss-perspectief-legend">{escape(t("perspectief.legend", who=who))}</p>'
        )
    return "".join(parts)


def chart_html(png: bytes) -> str:
    """The dot chart as a picture inside the page."""
    return png_image(
        png, t("perspectief.chart_alt"), "ss-perspectief-chart", style="max-width:100%;height:auto"
    )


def render_html(
    exercise: Perspectief,
    summary: PerspectiefSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The table and the dot chart, each subgroup only from ``minimum`` answers on. Nothing
    can be hidden: ``hidden`` is not used."""
    show_own, show_family = shown_groups(summary, minimum)
    html = results_html(exercise, summary, minimum=minimum)
    if show_own or show_family:
        html += chart_html(dumbbell_png(exercise, summary, show_own, show_family))
    return html


def own_cells(item: ItemResult, *, big: bool) -> str:
    """The own view, the guess and the signed gap of one statement; a star on a big gap."""
    own = f'<td class="ss-perspectief-own">{dutch_number(item.own_mean, 1)}</td>'
    if not item.guess_count:
        return f'{own}<td class="ss-perspectief-guess">–</td><td class="ss-perspectief-gap">–</td>'
    direction = (
        "ss-perspectief-up" if item.gap > 0 else "ss-perspectief-down" if item.gap < 0 else ""
    )
    star = (
        f' <span class="ss-perspectief-star" title="{escape(t("perspectief.big_gap"))}">★</span>'
        if big
        else ""
    )
    return (
        f'{own}<td class="ss-perspectief-guess">{dutch_number(item.guess_mean, 1)}</td>'
        f'<td class="ss-perspectief-gap {direction}">{signed(item.gap)}{star}</td>'
    )


def table_html(
    exercise: Perspectief, summary: PerspectiefSummary, *, show_own: bool, show_family: bool
) -> str:
    """One row per statement with exact numbers in data attributes for tests and exports."""
    perspective = exercise.perspective
    marked = largest_gaps(summary.items) if show_own else frozenset()
    head = [t("perspectief.col_item")]
    if show_own:
        head += [
            t("perspectief.col_own"),
            t(f"perspectief.col_guess_{perspective}"),
            t("perspectief.col_gap"),
        ]
    if show_family:
        head.append(t(f"perspectief.col_family_{perspective}"))
    rows = []
    for item in summary.items:
        attributes = [f'data-item="{escape(item.id)}"']
        cells: list[str] = []
        if show_own:
            attributes += [
                f'data-own="{item.own_mean:.2f}" data-own-n="{item.own_count}"',
                f'data-guess="{item.guess_mean:.2f}" data-guess-n="{item.guess_count}"',
                f'data-gap="{item.gap:.2f}"',
            ]
            cells.append(own_cells(item, big=item.id in marked))
        if show_family:
            attributes.append(
                f'data-family="{item.family_mean:.2f}" data-family-n="{item.family_count}"'
            )
            cells.append(
                f'<td class="ss-perspectief-family">{dutch_number(item.family_mean, 1)}</td>'
            )
        css = "ss-perspectief-result" + (" ss-perspectief-big" if item.id in marked else "")
        rows.append(
            f'<tr class="{css}" {" ".join(attributes)}>'
            f'<th scope="row" title="{escape(item.text)}">{escape(item.label)}</th>'
            f"{''.join(cells)}</tr>"
        )
    header = "".join(f'<th scope="col">{escape(text)}</th>' for text in head)
    return (
        f'<div class="ss-perspectief-table-wrap"><table class="ss-perspectief-table">'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def dumbbell_png(
    exercise: Perspectief, summary: PerspectiefSummary, show_own: bool, show_family: bool
) -> bytes:
    """Per statement a line from the own view to the guess, plus the family's own dot.

    Large type and marks of different shapes and colours, so it reads on a projector and
    without colour vision.
    """
    # Imported here: matplotlib is for the trainer's kernel only.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    items = summary.items
    rows = list(range(len(items)))[::-1]  # the first statement on top
    height = 1.9 + 0.75 * len(items)  # inches
    fig = Figure(figsize=(10, height), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    series: list[tuple[str, str, str, list[tuple[float, float]]]] = []
    if show_own:
        own = [(y, item.own_mean) for y, item in zip(rows, items, strict=True)]
        guess = [
            (y, item.guess_mean) for y, item in zip(rows, items, strict=True) if item.guess_count
        ]
        for y, item in zip(rows, items, strict=True):
            if item.guess_count:
                ax.plot(
                    [item.own_mean, item.guess_mean], [y, y], color="#9aa5b1", linewidth=4, zorder=1
                )
        series += [
            (t("perspectief.chart_own"), "o", OWN_COLOUR, own),
            (t(f"perspectief.col_guess_{exercise.perspective}"), "D", GUESS_COLOUR, guess),
        ]
    if show_family:
        # Just below the line of own view and guess, so an equal value never hides a dot.
        lower = FAMILY_OFFSET if show_own else 0.0
        family = [(y - lower, item.family_mean) for y, item in zip(rows, items, strict=True)]
        series.append(
            (t(f"perspectief.col_family_{exercise.perspective}"), "s", FAMILY_COLOUR, family)
        )
    for label, marker, colour, points in series:
        if points:
            ax.scatter(
                [x for _y, x in points],
                [y for y, _x in points],
                s=190,
                marker=marker,
                color=colour,
                edgecolor="white",
                linewidth=1.5,
                label=label,
                zorder=3,
            )
    ax.set_yticks(rows, [item.label for item in items], fontsize=15)
    ax.set_xlim(0.7, 5.3)
    ax.set_ylim(-0.7, len(items) - 0.3)
    ax.set_xticks(
        list(POINTS),
        [f"{p}\n{label}" for p, label in zip(POINTS, exercise.scale, strict=True)],
        fontsize=12,
    )
    ax.grid(axis="x", color="#dde3ea")
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(t("perspectief.chart_title"), fontsize=16, loc="left")
    fig.legend(loc="lower center", ncol=len(series), fontsize=14, frameon=False)
    fig.tight_layout(rect=(0, 0.55 / height, 1, 1))  # room for the legend at the bottom
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


# --- on paper --------------------------------------------------------------------------------


def paper_html(exercise: Perspectief, *, answer_key: bool = False) -> str:
    """The statements on paper: the question, how to fill it in, then one table with the scale
    labels as columns and per statement two rows of boxes (own view, the guess). A parent (or
    young person) fills in only the first row, as in the form. With the key, for the trainer:
    no answer is right, and the short names the dashboard uses for the statements."""
    perspective = exercise.perspective
    own_row = t("perspectief.self")
    guess_row = t(f"perspectief.guess_{perspective}")
    help_text = t("perspectief.help_both", who=t(f"perspectief.who_{perspective}"))
    header = "".join(
        f'<th scope="col">{p}<br>{escape(label)}</th>'
        for p, label in zip(POINTS, exercise.scale, strict=True)
    )
    boxes = "".join(f"<td>{p} ☐</td>" for p in POINTS)
    rows = []
    for n, item in enumerate(exercise.items, start=1):
        rows.append(
            f'<tr class="ss-paper-item"><th colspan="{len(POINTS) + 1}" scope="colgroup">'
            f"<b>{n}.</b> {escape(item.text)}</th></tr>"
            f'<tr><th scope="row">{escape(own_row)}</th>{boxes}</tr>'
            f'<tr><th scope="row">{escape(guess_row)}</th>{boxes}</tr>'
        )
    parts = [
        f'<p class="ss-paper-question"><b>{escape(exercise.prompt)}</b></p>',
        f'<p class="ss-paper-hint">{escape(help_text)} {escape(t("perspectief.paper_how"))}<br>'
        f"{escape(t(f'perspectief.paper_self_only_{perspective}', row=own_row))}</p>",
        f'<table class="ss-paper-scale-table"><thead><tr><td></td>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>",
    ]
    if answer_key:
        labels = "".join(f"<li>{escape(item.label)}</li>" for item in exercise.items)
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("perspectief.paper_key"))}</b> '
            f"{escape(t('perspectief.paper_key_text'))}</p><ol>{labels}</ol></div>"
        )
    return f'<div class="ss-paper-perspectief">{"".join(parts)}</div>'


PERSPECTIEF = register(
    ExerciseType(
        name="perspectief",
        package=__package__,
        schema=Perspectief,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="perspectief.guide_task",
        guide_panel="perspectief.guide_panel",
    )
)
