"""``rangorde``: put options in order, or divide points over them.

Mode ``volgorde``: each participant moves the options up and down; the top is what matters
most. Mode ``punten``: each participant divides a fixed number of points (default 100).

Dashboard: per option the mean place or the mean points, best first, and how much the group
agrees: Kendall's coefficient of concordance W (with the correction for ties, so points that
are given equally count as shared places).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Annotated, Any, Literal

import ipywidgets as widgets
from pydantic import Field, StringConstraints

from ..core import messages
from ..core.answers import AnswerProblem
from ..core.content import ContentModel, ExerciseBase, Prompt, Slug, repeated_ids
from ..core.html import dutch_number, escape
from ..core.messages import t
from ..core.records import Answer
from .base import AnswerForm, ResultsPanel
from .registry import ExerciseType, register

messages.register(
    {
        "rangorde.broken": (
            "We kunnen dit antwoord niet lezen. Laad de pagina opnieuw en probeer het nog eens."
        ),
        "rangorde.order_help": (
            "Bovenaan staat wat jij het belangrijkst vindt. Verschuif een keuze met ↑ en ↓. "
            "Klaar? Klik dan op Opslaan."
        ),
        "rangorde.up": "Zet hoger: {label}",
        "rangorde.down": "Zet lager: {label}",
        "rangorde.points_help": (
            "Verdeel {points} punten. Meer punten betekent: dit vind ik belangrijker. "
            "Een keuze mag ook 0 punten krijgen."
        ),
        "rangorde.points_for": "Punten voor: {label}",
        "rangorde.left": "Nog {left} punten te verdelen",
        "rangorde.over": "Je hebt {over} punten te veel verdeeld",
        "rangorde.done": "Alle {points} punten zijn verdeeld.",
        "rangorde.not_number": "Vul bij elke keuze een heel getal in: 0 of meer.",
        "rangorde.sum_left": (
            "Je hebt nog {left} punten over. Verdeel precies {points} punten en sla dan op."
        ),
        "rangorde.sum_over": (
            "Je hebt {over} punten te veel verdeeld. Verdeel precies {points} punten en sla dan op."
        ),
        "rangorde.head_volgorde": "Gemiddelde plaats (1 = het belangrijkst)",
        "rangorde.head_punten": "Gemiddeld aantal punten (van de {points})",
        "rangorde.mean_rank": "gemiddeld plaats {mean}",
        "rangorde.mean_points": "gemiddeld {mean} punten",
        "rangorde.agreement": "Hoe eens is de groep? {w} — {level}",
        "rangorde.agreement_scale": (
            "(0 = ieder een eigen volgorde, 1 = iedereen dezelfde volgorde)"
        ),
        "rangorde.agreement_one": (
            "Hoe eens is de groep? Dat zie je als minstens twee mensen hebben geantwoord."
        ),
        "rangorde.agreement_none": (
            "Hoe eens is de groep? Niet te zeggen: iedereen gaf alle keuzes evenveel punten."
        ),
        "rangorde.level_weinig": "weinig eens",
        "rangorde.level_deels": "deels eens",
        "rangorde.level_veel": "veel eens",
        "rangorde.none": "Nog geen antwoorden.",
    }
)

CSS = """
.ss-rangorde-row { display: flex; flex-flow: row nowrap; align-items: center; gap: 0.3em;
  border: 1px solid #ccd; border-radius: 6px; padding: 0.2em 0.4em; margin: 0.2em 0;
  background: #fff; }
.ss-rangorde-row.ss-rangorde-moved { background: #eef6fc; border-color: #1f5f8b; }
.ss-rangorde-label { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.ss-rangorde-label .ss-rangorde-place { display: inline-block; min-width: 1.6em;
  font-weight: bold; color: #1f3b57; }
.ss-rangorde-move { font-size: 20px; flex: 0 0 auto; }
.ss-rangorde-points-row { display: flex; flex-flow: row wrap; align-items: center;
  gap: 0.3em 0.6em; margin: 0.3em 0; }
.ss-rangorde-points-row .ss-rangorde-label { flex: 1 1 12em; }
.ss-rangorde-points input { font-size: 18px; text-align: right; }
.ss-rangorde-left { font-weight: bold; padding: 0.3em 0.6em; border-radius: 4px;
  background: #fff7e0; color: #713f12; }
.ss-rangorde-left.ss-rangorde-over { background: #fdecea; color: #7f1d1d; }
.ss-rangorde-left.ss-rangorde-done { background: #e3f4e6; color: #14532d; }
.ss-rangorde-result { font-size: 18px; }
.ss-rangorde-result .ss-bar-row { flex-wrap: wrap; }
.ss-rangorde-result .ss-bar-label { flex: 1 1 14em; }
.ss-rangorde-result .ss-track { flex: 1 1 10em; height: 1.1em; }
/* A fixed width for the numbers keeps every bar's track the same length. */
.ss-rangorde-result .ss-rangorde-mean { flex: 0 0 13em; min-width: 0; }
.ss-rangorde-agreement { font-size: 18px; margin-top: 0.8em; }
.ss-rangorde-agreement small { color: #444; }
"""

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


# --- participant view ------------------------------------------------------------------------


class RangordeForm(AnswerForm):
    """Volgorde: a numbered list with ↑ and ↓ per row. Punten: a number per option and a live
    line that says how many points are left."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Rangorde = self.exercise  # type: ignore[assignment]
        self.labels = {option.id: option.label for option in exercise.options}
        self.point_inputs: dict[str, widgets.BoundedIntText] = {}
        prompt = widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>')
        if exercise.mode == "volgorde":
            return [prompt, *self._order_widgets()]
        return [prompt, *self._points_widgets(exercise)]

    # volgorde: rows are places; moving swaps which option sits in which place.

    def _order_widgets(self) -> list[widgets.Widget]:
        self.order: list[str] = list(self.labels)
        self.place_labels: list[widgets.HTML] = []
        self.up_buttons: list[widgets.Button] = []
        self.down_buttons: list[widgets.Button] = []
        self.rows: list[widgets.HBox] = []
        for place in range(len(self.order)):
            label = widgets.HTML(layout=widgets.Layout(flex="1 1 auto", min_width="0"))
            label.add_class("ss-rangorde-label")
            up = self._move_button("↑", "ss-rangorde-up", place, -1)
            down = self._move_button("↓", "ss-rangorde-down", place, +1)
            row = widgets.HBox([label, up, down], layout=widgets.Layout(width="100%"))
            row.add_class("ss-rangorde-row")
            self.place_labels.append(label)
            self.up_buttons.append(up)
            self.down_buttons.append(down)
            self.rows.append(row)
        self._draw_order()
        help_text = widgets.HTML(
            f'<p class="ss-rangorde-help">{escape(t("rangorde.order_help"))}</p>'
        )
        box = widgets.VBox(self.rows, layout=widgets.Layout(width="100%"))
        box.add_class("ss-rangorde-list")
        return [help_text, box]

    def _move_button(self, arrow: str, css: str, place: int, step: int) -> widgets.Button:
        button = widgets.Button(
            description=arrow, layout=widgets.Layout(width="3em", height="2.75em")
        )
        button.add_class("ss-rangorde-move")
        button.add_class(css)
        button.on_click(lambda _b: self.move(place, step))
        return button

    def move(self, place: int, step: int) -> None:
        """Move the option at ``place`` (0 is the top) one place up (-1) or down (+1)."""
        target = place + step
        if not 0 <= target < len(self.order):
            return
        self.order[place], self.order[target] = self.order[target], self.order[place]
        self._draw_order(moved=target)
        self._on_input_changed({})

    def _draw_order(self, moved: int | None = None) -> None:
        last = len(self.order) - 1
        for place, oid in enumerate(self.order):
            label = self.labels[oid]
            self.place_labels[place].value = (
                f'<span class="ss-rangorde-place">{place + 1}.</span> '
                f'<span class="ss-rangorde-text" data-option="{escape(oid)}">'
                f"{escape(label)}</span>"
            )
            self.up_buttons[place].tooltip = t("rangorde.up", label=label)
            self.up_buttons[place].disabled = place == 0
            self.down_buttons[place].tooltip = t("rangorde.down", label=label)
            self.down_buttons[place].disabled = place == last
            if place == moved:
                self.rows[place].add_class("ss-rangorde-moved")
            else:
                self.rows[place].remove_class("ss-rangorde-moved")

    # punten

    def _points_widgets(self, exercise: Rangorde) -> list[widgets.Widget]:
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f'<p class="ss-rangorde-help">'
                f"{escape(t('rangorde.points_help', points=exercise.points))}</p>"
            )
        ]
        for option in exercise.options:
            field = widgets.BoundedIntText(
                value=0,
                min=0,
                max=exercise.points,
                step=1,
                tooltip=t("rangorde.points_for", label=option.label),
                layout=widgets.Layout(width="6.5em", flex="0 0 auto"),
            )
            field.add_class("ss-rangorde-points")
            field.add_class(f"ss-rangorde-option-{option.id}")
            field.observe(self._draw_left, names="value")
            self.point_inputs[option.id] = field
            label = widgets.HTML(
                f'<span class="ss-rangorde-text">{escape(option.label)}</span>',
                layout=widgets.Layout(flex="1 1 12em", min_width="0"),
            )
            label.add_class("ss-rangorde-label")
            row = widgets.HBox([label, field], layout=widgets.Layout(width="100%"))
            row.add_class("ss-rangorde-points-row")
            rows.append(row)
        self.left = widgets.HTML()
        self._draw_left()
        rows.append(self.left)
        return rows

    def _draw_left(self, _change: dict[str, Any] | None = None) -> None:
        target = self.exercise.points  # type: ignore[attr-defined]
        total = sum(field.value or 0 for field in self.point_inputs.values())
        if total < target:
            text, css = t("rangorde.left", left=target - total), ""
        elif total > target:
            text, css = t("rangorde.over", over=total - target), " ss-rangorde-over"
        else:
            text, css = t("rangorde.done", points=target), " ss-rangorde-done"
        self.left.value = (
            f'<div class="ss-rangorde-left{css}" role="status" aria-live="polite" '
            f'data-left="{target - total}">{escape(text)}</div>'
        )

    # the AnswerForm hooks

    def _inputs(self) -> list[widgets.ValueWidget]:
        # Moving in volgorde marks the answer as unsaved itself (see ``move``).
        return list(self.point_inputs.values())

    def raw_value(self) -> dict[str, Any]:
        if self.exercise.mode == "volgorde":  # type: ignore[attr-defined]
            return {"order": list(self.order)}
        return {"points": {oid: field.value for oid, field in self.point_inputs.items()}}

    def set_value(self, value: dict[str, Any]) -> None:
        try:
            clean = check_answer(self.exercise, value)  # type: ignore[arg-type]
        except AnswerProblem:
            return  # an answer to an older version of the exercise: start fresh
        if "order" in clean:
            self.order = clean["order"]
            self._draw_order()
        else:
            for oid, points in clean["points"].items():
                self.point_inputs[oid].value = points


# --- dashboard panel -------------------------------------------------------------------------


class RangordePanel(ResultsPanel):
    """Bars sorted best first with exact numbers, then how much the group agrees."""

    def render(self, summary: RangordeSummary) -> list[widgets.Widget]:
        exercise: Rangorde = self.exercise  # type: ignore[assignment]
        parts = [f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>']
        if not summary.respondents:
            parts.append(f"<p>{escape(t('rangorde.none'))}</p>")
            return [widgets.HTML("".join(parts))]
        head = (
            t("rangorde.head_volgorde")
            if summary.mode == "volgorde"
            else t("rangorde.head_punten", points=summary.points)
        )
        parts.append(f"<h4>{escape(head)}</h4>")
        parts.append(f'<div class="ss-rangorde-result">{self._bars(summary)}</div>')
        parts.append(agreement_html(summary))
        return [widgets.HTML("".join(parts))]

    @staticmethod
    def _bars(summary: RangordeSummary) -> str:
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


RANGORDE = register(
    ExerciseType(
        name="rangorde",
        schema=Rangorde,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=RangordeForm,
        dashboard_panel=RangordePanel,
        css=CSS,
    )
)
