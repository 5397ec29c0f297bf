"""``klik``: a few short sliders (0–10) on how a conversation or role-play felt.

The idea comes from the Session Rating Scale (four lines from 0 to 10); the items are the
kit's own, written in the content file. Every slider starts at 5, and the form says which
ones the person has not moved yet (5 is a valid answer too).

Dashboard: per item a track from 0 to 10 with the range (lowest to highest) shaded and the
mean marked, the mean and the spread as numbers, and how many chose each score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev
from typing import Annotated, Any, Literal

import ipywidgets as widgets
from pydantic import Field, StringConstraints

from ..core import messages
from ..core.answers import AnswerProblem, scores_per_item
from ..core.content import ContentModel, ExerciseBase, Prompt, Slug, repeated_ids
from ..core.html import dutch_number, escape
from ..core.messages import t
from ..core.records import Answer
from .base import AnswerForm, ResultsPanel
from .registry import ExerciseType, register

messages.register(
    {
        "klik.help": (
            "Schuif elk schuifje naar het getal dat past: 0 is links, 10 is rechts. "
            "Er is geen goed of fout antwoord."
        ),
        "klik.value": "Jouw keuze: {value}",
        "klik.untouched": "Nog niet verschoven: staat op 5",
        "klik.untouched_note": (
            "Nog niet verschoven: {labels}. Die staan op 5. Past 5? Dan is dat goed."
        ),
        "klik.incomplete": "Zet elk schuifje op een getal van 0 tot 10. Nog open: {missing}.",
        "klik.broken": (
            "We kunnen dit antwoord niet lezen. Laad de pagina opnieuw en probeer het nog eens."
        ),
        "klik.stats": "gemiddeld {mean} · spreiding {sd} · van {low} tot {high}",
        "klik.mean_mark": "gemiddelde {mean}",
        "klik.flag_low": "Laag: vraag wat er miste in het gesprek.",
        "klik.flag_wide": "Grote verschillen: vraag naar het hoogste en het laagste cijfer.",
        "klik.legend": (
            "Het gekleurde vlak loopt van het laagste tot het hoogste cijfer. Het streepje is "
            "het gemiddelde. Spreiding: hoe ver de cijfers gemiddeld van het gemiddelde "
            "liggen (0 = iedereen gaf hetzelfde). Onder de balk: hoe vaak elk cijfer gekozen "
            "is."
        ),
        "klik.counts": "Aantal per cijfer",
        "klik.none": "Nog geen antwoorden.",
    }
)

SCORES = tuple(range(11))
START = 5
LOW_MEAN = 6.0  # a mean below this is flagged for the trainer
WIDE_SD = 2.5  # a spread (population SD) from this up is flagged for the trainer

CSS = """
.ss-klik-item { margin: 0.6em 0 0.9em 0; padding: 0.3em 0.5em; border-left: 4px solid #1f5f8b; }
.ss-klik-item.ss-klik-untouched { border-left-color: #d9a400; }
.ss-klik-label { font-weight: bold; color: #1f3b57; }
.ss-klik-line { display: flex; flex-flow: row nowrap; align-items: center; gap: 0.5em;
  width: 100%; }
.ss-klik-anchor { flex: 0 1 9em; font-size: 14px; color: #333; }
.ss-klik-anchor-right { text-align: right; }
.ss-klik-slider { flex: 1 1 12em; min-width: 0;
  --jp-widgets-slider-handle-size: 26px; --jp-widgets-slider-track-thickness: 6px; }
.ss-klik-slider .widget-readout { font-size: 20px; font-weight: bold; min-width: 2em; }
.ss-klik-value { font-size: 14px; }
.ss-klik-value.ss-klik-value-untouched { color: #713f12; font-weight: bold; }
.ss-klik-note { background: #fff7e0; color: #713f12; padding: 0.3em 0.6em; border-radius: 4px; }
@media (max-width: 600px) {
  .ss-klik-line { flex-flow: column nowrap; align-items: stretch; gap: 0.1em; }
  .ss-klik-anchor { flex: 0 0 auto; }
  .ss-klik-slider { flex: 0 0 auto; width: 100%; }
}
.ss-klik-result { font-size: 18px; margin: 0.5em 0 1.1em 0; }
.ss-klik-result-head { display: flex; flex-flow: row wrap; gap: 0.2em 1em;
  align-items: baseline; }
.ss-klik-stats { color: #1f3b57; }
.ss-klik-scale { position: relative; margin-top: 0.4em; }
.ss-klik-track { position: relative; height: 1.4em; margin: 0 calc(100% / 22);
  background: #eef2f7; border-radius: 4px; }
.ss-klik-range { position: absolute; top: 0; bottom: 0; min-width: 6px; margin-left: -3px;
  background: #9cc3e0; border-radius: 4px; }
.ss-klik-mean { position: absolute; top: -0.25em; bottom: -0.25em; width: 6px;
  margin-left: -3px; background: #1f3b57; border-radius: 2px; }
.ss-klik-counts { display: flex; }
.ss-klik-counts span { flex: 1 1 0; text-align: center; font-size: 15px; }
.ss-klik-counts small { display: block; color: #666; font-size: 14px; }
.ss-klik-anchors { display: flex; justify-content: space-between; gap: 1em; font-size: 15px;
  color: #444; }
.ss-klik-flag { display: inline-block; margin: 0.3em 0.5em 0 0; padding: 0.1em 0.5em;
  border-radius: 4px; background: #fdecea; color: #7f1d1d; font-size: 16px; }
.ss-klik-legend { color: #444; font-size: 15px; }
"""

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
    """``{"scores": {item_id: 0..10}}`` with every item scored and no unknown items."""
    scores = value.get("scores") if isinstance(value, dict) else None
    ids = [item.id for item in exercise.items]
    if not isinstance(scores, dict) or any(key not in ids for key in scores):
        raise AnswerProblem("klik.broken")
    clean, missing = scores_per_item(exercise.items, scores, SCORES)
    if missing:
        labels = ", ".join(exercise.items[n - 1].label for n in missing)
        raise AnswerProblem("klik.incomplete", missing=labels)
    return {"scores": clean}


@dataclass(frozen=True)
class ItemResult:
    id: str
    label: str
    left: str
    right: str
    count: int  # when 0, the numbers below are 0 too
    mean: float
    sd: float  # population standard deviation: the group is everyone who answered
    low: int
    high: int
    counts: tuple[int, ...]  # how many chose 0, 1, ..., 10


@dataclass(frozen=True)
class KlikSummary:
    respondents: int
    items: tuple[ItemResult, ...]


def summarize(exercise: Klik, answers: Sequence[Answer]) -> KlikSummary:
    """Per item: mean, spread (population SD), lowest, highest and the count per score.

    The spread is the population standard deviation: the answers are the whole group in the
    room, not a sample of a larger one. Answers that do not fit the exercise are left out.
    """
    values = []
    for answer in answers:
        try:
            values.append(check_answer(exercise, answer.value)["scores"])
        except AnswerProblem:
            continue
    items = []
    for item in exercise.items:
        scores = [value[item.id] for value in values]
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


# --- participant view ------------------------------------------------------------------------


class KlikForm(AnswerForm):
    """One slider per item with its anchors; untouched sliders are marked as still on 5."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Klik = self.exercise  # type: ignore[assignment]
        self.sliders: dict[str, widgets.IntSlider] = {}
        self.values: dict[str, widgets.HTML] = {}
        self.boxes: dict[str, widgets.VBox] = {}
        self.touched: set[str] = set()
        parts: list[widgets.Widget] = [
            widgets.HTML(
                f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'
                f'<p class="ss-klik-help">{escape(t("klik.help"))}</p>'
            )
        ]
        for item in exercise.items:
            slider = widgets.IntSlider(
                value=START,
                min=0,
                max=10,
                step=1,
                readout=True,
                continuous_update=True,
                tooltip=item.label,
                layout=widgets.Layout(width="auto"),
            )
            slider.add_class("ss-klik-slider")
            slider.add_class(f"ss-klik-item-{item.id}")
            slider.observe(lambda _c, iid=item.id: self._moved(iid), names="value")
            left = widgets.HTML(f"0 = {escape(item.left)}")
            left.add_class("ss-klik-anchor")
            right = widgets.HTML(f"10 = {escape(item.right)}")
            right.add_class("ss-klik-anchor")
            right.add_class("ss-klik-anchor-right")
            line = widgets.HBox([left, slider, right])
            line.add_class("ss-klik-line")
            value = widgets.HTML()
            box = widgets.VBox(
                [
                    widgets.HTML(f'<div class="ss-klik-label">{escape(item.label)}</div>'),
                    line,
                    value,
                ]
            )
            box.add_class("ss-klik-item")
            self.sliders[item.id] = slider
            self.values[item.id] = value
            self.boxes[item.id] = box
            parts.append(box)
        self.note = widgets.HTML()
        parts.append(self.note)
        self._draw_marks()
        return parts

    def _moved(self, item_id: str) -> None:
        self.touched.add(item_id)
        self._draw_marks()

    def untouched(self) -> list[str]:
        """Ids of the sliders the person has not moved yet, in order."""
        return [iid for iid in self.sliders if iid not in self.touched]

    def _draw_marks(self) -> None:
        for iid, slider in self.sliders.items():
            if iid in self.touched:
                self.boxes[iid].remove_class("ss-klik-untouched")
                self.values[iid].value = (
                    f'<span class="ss-klik-value" data-value="{slider.value}">'
                    f"{escape(t('klik.value', value=slider.value))}</span>"
                )
            else:
                self.boxes[iid].add_class("ss-klik-untouched")
                self.values[iid].value = (
                    f'<span class="ss-klik-value ss-klik-value-untouched" '
                    f'data-value="{slider.value}">{escape(t("klik.untouched"))}</span>'
                )
        labels = {item.id: item.label for item in self.exercise.items}  # type: ignore[attr-defined]
        waiting = [labels[iid] for iid in self.untouched()]
        self.note.value = (
            f'<p class="ss-klik-note" role="note">'
            f"{escape(t('klik.untouched_note', labels=', '.join(waiting)))}</p>"
            if waiting
            else ""
        )

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.sliders.values())

    def raw_value(self) -> dict[str, Any]:
        return {"scores": {iid: slider.value for iid, slider in self.sliders.items()}}

    def set_value(self, value: dict[str, Any]) -> None:
        scores = value.get("scores") if isinstance(value, dict) else None
        if not isinstance(scores, dict):
            return
        for iid, score in scores.items():
            if iid in self.sliders and isinstance(score, int) and score in SCORES:
                self.sliders[iid].value = score
                self.touched.add(iid)  # a saved answer was chosen, even if it is 5
        self._draw_marks()


# --- dashboard panel -------------------------------------------------------------------------


class KlikPanel(ResultsPanel):
    """Per item a 0–10 track with the range and the mean, and the numbers as text."""

    def render(self, summary: KlikSummary) -> list[widgets.Widget]:
        exercise: Klik = self.exercise  # type: ignore[assignment]
        parts = [f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>']
        if not summary.respondents:
            parts.append(f"<p>{escape(t('klik.none'))}</p>")
        else:
            parts += [item_html(item) for item in summary.items]
            parts.append(f'<p class="ss-klik-legend">{escape(t("klik.legend"))}</p>')
        return [widgets.HTML("".join(parts))]


def item_html(item: ItemResult) -> str:
    """One item: the heading with numbers, the track, the counts per score and the anchors."""
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
        f'<span class="ss-klik-stats">{escape(stats)}</span></div>'
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


KLIK = register(
    ExerciseType(
        name="klik",
        schema=Klik,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=KlikForm,
        dashboard_panel=KlikPanel,
        css=CSS,
    )
)
