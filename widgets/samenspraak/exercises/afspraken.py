"""``afspraken``: an agreement card built in six steps, after "Heldere afspraken maken" on the
poster of Met Andere Ogen: the shared goal, where we agree, where we do not (yet) agree, who
does what by when, how and when we evaluate, and what we do when we do not know.

The participant walks through the steps one at a time. The last step shows the whole card,
Save, and a link that makes a printable HTML card in the participant's own browser. The answer:
``{"goal": str, "agree": str, "disagree": str, "tasks": [{"who", "what", "when"}],
"evaluate": str, "unknown": str}``; the goal and at least one task are required.

Dashboard: every card side by side, and what comes back often: the words used on more than one
card per section, and how many tasks each "who" option takes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import ipywidgets as widgets
from pydantic import Field, StringConstraints

from ..core import messages
from ..core.answers import AnswerProblem, clean_text
from ..core.content import ContentModel, ExerciseBase, Prompt, Situation, repeats
from ..core.html import (
    bar_rows,
    download_link,
    escape,
    markdown,
    printable_html,
    status_html,
    warning_html,
)
from ..core.messages import t
from ..core.records import Answer
from ..core.text import word_counts
from .base import AnswerForm, ResultsPanel
from .registry import ExerciseType, register

SECTIONS = ("goal", "agree", "disagree", "tasks", "evaluate", "unknown")
TEXT_SECTIONS = tuple(s for s in SECTIONS if s != "tasks")
STEPS = len(SECTIONS)
TASK_STEP = SECTIONS.index("tasks") + 1
TEXT_LIMITS = {"goal": 400, "agree": 800, "disagree": 800, "evaluate": 600, "unknown": 600}
WHAT_LIMIT = 200
WHEN_LIMIT = 80
DEFAULT_WHO = ("Ouder(s)", "Jongere", "Professional", "Netwerk", "Samen")
WORDS_SHOWN = 6
MIN_REPEAT = 2  # a word "comes back" when at least this many cards use it
FILENAME = "afsprakenkaart.html"

messages.register(
    {
        # the steps: a heading on the card and in the stepper
        "afspraken.title.goal": "Ons doel",
        "afspraken.title.agree": "Hier zijn we het over eens",
        "afspraken.title.disagree": "Hier zijn we het (nog) niet over eens",
        "afspraken.title.tasks": "Wie doet wat, en wanneer",
        "afspraken.title.evaluate": "Zo kijken we of het werkt",
        "afspraken.title.unknown": "Als we het niet weten",
        # the question per step, unless the content gives its own
        "afspraken.prompt.goal": (
            "Wat willen jullie samen bereiken? Schrijf het doel op in woorden die het gezin "
            "zelf ook zou gebruiken."
        ),
        "afspraken.prompt.agree": (
            "Waar zijn jullie het al over eens? Denk aan wat goed gaat en wat iedereen "
            "belangrijk vindt."
        ),
        "afspraken.prompt.disagree": (
            "Waar zijn jullie het nog niet over eens? Schrijf op hoe ieder erover denkt. "
            "Dat mag gewoon op de kaart staan."
        ),
        "afspraken.prompt.tasks": (
            "Wie doet wat, en wanneer? Kies wie het doet, schrijf op wat diegene doet en "
            "wanneer het klaar is."
        ),
        "afspraken.prompt.evaluate": (
            "Hoe en wanneer kijken jullie samen of de afspraken werken? Wie zijn erbij?"
        ),
        "afspraken.prompt.unknown": (
            "Wat doen jullie als iemand iets niet weet? Bijvoorbeeld: je zegt het eerlijk en "
            "je zoekt het samen uit."
        ),
        "afspraken.placeholder.goal": "Ons doel is dat ...",
        "afspraken.placeholder.agree": "We vinden allemaal dat ...",
        "afspraken.placeholder.disagree": "De ouders vinden ..., de professional vindt ...",
        "afspraken.placeholder.evaluate": "Over een maand praten we samen over ...",
        "afspraken.placeholder.unknown": "Als we iets niet weten, dan ...",
        # short section names on the dashboard
        "afspraken.short.goal": "Doel",
        "afspraken.short.agree": "Eens",
        "afspraken.short.disagree": "Niet eens",
        "afspraken.short.tasks": "Taken",
        "afspraken.short.evaluate": "Evalueren",
        "afspraken.short.unknown": "Niet weten",
        # participant
        "afspraken.situation": "De situatie",
        "afspraken.step_of": "Stap {n} van {total}",
        "afspraken.optional": "Dit mag je leeg laten.",
        "afspraken.previous": "Vorige",
        "afspraken.next": "Volgende",
        "afspraken.task": "Taak {n}",
        "afspraken.who": "Wie",
        "afspraken.what": "Wat",
        "afspraken.when": "Wanneer",
        "afspraken.what_placeholder": "Wat: bijvoorbeeld samen een vast avondritme maken",
        "afspraken.when_placeholder": "Wanneer: bijvoorbeeld over twee weken",
        "afspraken.tasks_hint": (
            "Kies bij wie een rol, geen naam. Schrijf bij wanneer geen datum, maar "
            "bijvoorbeeld: over twee weken, of voor het volgende gesprek."
        ),
        "afspraken.add_task": "Nog een taak",
        "afspraken.remove_task": "Haal weg",
        "afspraken.preview": "Jullie afsprakenkaart",
        "afspraken.preview_explain": (
            "Kijk de kaart na. Wil je iets veranderen? Ga met Vorige terug naar die stap."
        ),
        "afspraken.not_filled": "Nog niet ingevuld.",
        "afspraken.download": "Download de afsprakenkaart",
        "afspraken.download_later": "Je kunt de kaart downloaden als hij klaar is. {problem}",
        # problems, always with the step
        "afspraken.in_step": "Stap {n}: {message}",
        "afspraken.in_task": "Stap {n}, taak {task}: {message}",
        "afspraken.goal_empty": "Schrijf het doel op.",
        "afspraken.no_task": "Vul minstens één taak in: wie doet wat, en wanneer.",
        "afspraken.too_many_tasks": "Je kunt maximaal {limit} taken invullen.",
        "afspraken.broken_tasks": "De taken kunnen we niet lezen. Vul ze opnieuw in.",
        "afspraken.task_who": "Kies wie dit doet.",
        "afspraken.task_what": "Schrijf op wat er gebeurt.",
        "afspraken.task_when": "Schrijf op wanneer, bijvoorbeeld: over twee weken.",
        # the printable card
        "afspraken.card_title": "Afsprakenkaart",
        "afspraken.print_footer": (
            "Gemaakt met samenspraak, naar 'Heldere afspraken maken' op de poster van "
            "Met Andere Ogen (2022). Dit bestand is op je eigen apparaat gemaakt en niet "
            "op een server bewaard."
        ),
        # dashboard
        "afspraken.cards": "De kaarten ({count})",
        "afspraken.common": "Wat vaak terugkomt",
        "afspraken.common_explain": (
            "Woorden die op minstens {minimum} kaarten staan, per deel van de kaart."
        ),
        "afspraken.common_none": "Nog geen woorden die op meer kaarten terugkomen.",
        "afspraken.who_counts": "Wie doet de taken? ({count} taken)",
        "afspraken.word_count": "{word} ({count})",
        # content problems, read by trainers
        "afspraken.who_twice": "de keuze {value} staat er twee keer in",
    }
)

WhoOption = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]


class Prompts(ContentModel):
    """Own questions for some steps; a step without one keeps the kit's question."""

    goal: Prompt | None = Field(default=None, description="Step 1: the shared goal")
    agree: Prompt | None = Field(default=None, description="Step 2: where we agree")
    disagree: Prompt | None = Field(default=None, description="Step 3: where we do not agree")
    tasks: Prompt | None = Field(default=None, description="Step 4: who does what by when")
    evaluate: Prompt | None = Field(default=None, description="Step 5: how and when we evaluate")
    unknown: Prompt | None = Field(default=None, description="Step 6: when we do not know")


class Afspraken(ExerciseBase):
    """An agreement card, built step by step and downloaded as a printable page."""

    type: Literal["afspraken"]
    situation: Situation = Field(
        description=(
            "Markdown: the fictional situation the card is about, or an instruction to use "
            "one's own practice without identifying details"
        )
    )
    prompts: Prompts = Field(default_factory=Prompts, description="Own questions per step")
    who: list[WhoOption] = Field(
        default=list(DEFAULT_WHO),
        min_length=2,
        max_length=8,
        description="Who can take a task: roles, never names",
    )
    max_tasks: int = Field(default=4, ge=1, le=8, description="Tasks per card")

    def prompt(self, section: str) -> str:
        return getattr(self.prompts, section) or t(f"afspraken.prompt.{section}")

    def cross_check(self) -> list[tuple[list[Any], str]]:
        return [
            (["who", i], t("afspraken.who_twice", value=option)) for i, option in repeats(self.who)
        ]


# --- checking an answer ------------------------------------------------------------------


class StepProblem(AnswerProblem):
    """A problem on one step of the card; ``step`` (1–6) lets the form go there."""

    def __init__(self, step: int, message: str, task: int | None = None):
        if task is None:
            super().__init__("afspraken.in_step", n=step, message=message)
        else:
            super().__init__("afspraken.in_task", n=step, task=task, message=message)
        self.step = step


def _text(value: dict[str, Any], section: str, *, required: bool) -> str:
    step = SECTIONS.index(section) + 1
    raw = value.get(section)
    if required and not (isinstance(raw, str) and raw.strip()):
        raise StepProblem(step, t(f"afspraken.{section}_empty"))
    try:
        return clean_text(raw, limit=TEXT_LIMITS[section], required=False)
    except AnswerProblem as problem:
        raise StepProblem(step, problem.message) from problem


def _task_text(row: dict[str, Any], field: str, limit: int, n: int) -> str:
    try:
        return clean_text(row.get(field), limit=limit, required=False)
    except AnswerProblem as problem:
        raise StepProblem(TASK_STEP, problem.message, task=n) from problem


def _tasks(exercise: Afspraken, raw: Any, *, required: bool) -> list[dict[str, str]]:
    """Filled rows, checked; rows left wholly empty are dropped."""
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise StepProblem(TASK_STEP, t("afspraken.broken_tasks"))
    if len(raw) > exercise.max_tasks:
        raise StepProblem(TASK_STEP, t("afspraken.too_many_tasks", limit=exercise.max_tasks))
    tasks = []
    for n, row in enumerate(raw, start=1):
        if not isinstance(row, dict):
            raise StepProblem(TASK_STEP, t("afspraken.broken_tasks"))
        who = row.get("who")
        what = _task_text(row, "what", WHAT_LIMIT, n)
        when = _task_text(row, "when", WHEN_LIMIT, n)
        if who in (None, "") and not what and not when:
            continue
        if not isinstance(who, str) or who not in exercise.who:
            raise StepProblem(TASK_STEP, t("afspraken.task_who"), task=n)
        if not what:
            raise StepProblem(TASK_STEP, t("afspraken.task_what"), task=n)
        if not when:
            raise StepProblem(TASK_STEP, t("afspraken.task_when"), task=n)
        tasks.append({"who": who, "what": what, "when": when})
    if required and not tasks:
        raise StepProblem(TASK_STEP, t("afspraken.no_task"))
    return tasks


def _section(exercise: Afspraken, value: dict[str, Any], section: str, *, complete: bool) -> Any:
    if section == "tasks":
        return _tasks(exercise, value.get("tasks"), required=complete)
    return _text(value, section, required=complete and section == "goal")


def check_step(exercise: Afspraken, value: Any, step: int) -> None:
    """What can be checked on one step before the card is finished: no identifiers, not too
    long, no half-filled task. Empty is fine here; raises :class:`StepProblem`."""
    value = value if isinstance(value, dict) else {}
    _section(exercise, value, SECTIONS[step - 1], complete=False)


def check_answer(exercise: Afspraken, value: Any) -> dict[str, Any]:
    """The whole card. The goal and at least one task (who, what and when) are required; the
    other parts may stay empty, as a real card can. Every text goes through ``clean_text``.
    Problems name the step (:class:`StepProblem`)."""
    value = value if isinstance(value, dict) else {}
    return {section: _section(exercise, value, section, complete=True) for section in SECTIONS}


# --- summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    who: str
    what: str
    when: str


@dataclass(frozen=True)
class Card:
    goal: str
    agree: str
    disagree: str
    tasks: tuple[Task, ...]
    evaluate: str
    unknown: str

    @property
    def is_empty(self) -> bool:
        return not self.tasks and not any(getattr(self, s) for s in TEXT_SECTIONS)


def card_of(value: Any) -> Card:
    """A saved (or typed) value as a card; anything malformed is left out or left empty."""
    value = value if isinstance(value, dict) else {}
    texts = {
        section: value[section].strip() if isinstance(value.get(section), str) else ""
        for section in TEXT_SECTIONS
    }
    rows = value.get("tasks") if isinstance(value.get("tasks"), list) else []
    tasks = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        who, what, when = (
            row[k].strip() if isinstance(row.get(k), str) else "" for k in ("who", "what", "when")
        )
        if who or what or when:
            tasks.append(Task(who, what, when))
    return Card(tasks=tuple(tasks), **texts)


def _section_texts(card: Card, section: str) -> str:
    if section == "tasks":
        return "\n".join(task.what for task in card.tasks)
    return getattr(card, section)


@dataclass(frozen=True)
class AfsprakenSummary:
    respondents: int
    cards: tuple[Card, ...]  # oldest first; empty ones left out
    words: dict[str, tuple[tuple[str, int], ...]]  # section → words on ≥ MIN_REPEAT cards
    who_counts: tuple[tuple[str, int], ...]  # tasks per who option, content order first
    task_count: int


def summarize(exercise: Afspraken, answers: Sequence[Answer]) -> AfsprakenSummary:
    """All cards, the words that come back per section, and how many tasks each who takes."""
    cards = tuple(
        card for card in (card_of(answer.value) for answer in answers) if not card.is_empty
    )
    words = {}
    for section in SECTIONS:
        counted = word_counts([_section_texts(card, section) for card in cards])
        words[section] = tuple((w, n) for w, n in counted if n >= MIN_REPEAT)[:WORDS_SHOWN]
    who = Counter(task.who for card in cards for task in card.tasks if task.who)
    others = sorted(option for option in who if option not in exercise.who)
    return AfsprakenSummary(
        respondents=len(answers),
        cards=cards,
        words=words,
        who_counts=tuple((option, who[option]) for option in [*exercise.who, *others]),
        task_count=sum(who.values()),
    )


# --- the card as HTML --------------------------------------------------------------------


def _paragraph(text: str, empty: str) -> str:
    if text:
        return f'<p class="ss-afspraken-text">{escape(text)}</p>'
    return f'<p class="ss-afspraken-empty">{escape(empty)}</p>' if empty else ""


def _tasks_table(tasks: Sequence[Task]) -> str:
    head = "".join(
        f"<th>{escape(label)}</th>"
        for label in (t("afspraken.who"), t("afspraken.what"), t("afspraken.when"))
    )
    rows = "".join(
        f'<tr class="ss-afspraken-task-row"><td>{escape(task.who or "–")}</td>'
        f"<td>{escape(task.what)}</td><td>{escape(task.when)}</td></tr>"
        for task in tasks
    )
    return (
        f'<table class="ss-afspraken-tasks"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def card_html(card: Card, *, heading: str = "h4") -> str:
    """The whole card with every step as a section; empty parts say so. Escaped here."""
    empty = t("afspraken.not_filled")
    parts = []
    for section in SECTIONS:
        if section == "tasks":
            body = _tasks_table(card.tasks) if card.tasks else _paragraph("", empty)
        else:
            body = _paragraph(getattr(card, section), empty)
        parts.append(
            f'<section class="ss-afspraken-part" data-section="{section}">'
            f"<{heading}>{escape(t(f'afspraken.title.{section}'))}</{heading}>{body}</section>"
        )
    return "".join(parts)


def printable_card(exercise: Afspraken, card: Card) -> str:
    """The card as a complete page to print or save as PDF, with the situation above it."""
    situation = (
        f"<section><h2>{escape(t('afspraken.situation'))}</h2>"
        f"{markdown(exercise.situation)}</section>"
    )
    return printable_html(
        t("afspraken.card_title"),
        situation + card_html(card, heading="h2"),
        escape(t("afspraken.print_footer")),
    )


def compact_card_html(card: Card, number: int) -> str:
    """One card on the dashboard: filled parts only, short headings."""
    parts = []
    for section in SECTIONS:
        if section == "tasks":
            if card.tasks:
                items = "".join(
                    f'<li class="ss-afspraken-card-task" data-who="{escape(task.who)}">'
                    f"<b>{escape(task.who)}</b>: {escape(task.what)} "
                    f"<i>({escape(task.when)})</i></li>"
                    for task in card.tasks
                )
                parts.append(
                    f'<div data-section="tasks"><b>{escape(t("afspraken.short.tasks"))}</b>'
                    f"<ul>{items}</ul></div>"
                )
        elif text := getattr(card, section):
            parts.append(
                f'<div data-section="{section}"><b>{escape(t(f"afspraken.short.{section}"))}'
                f'</b><p class="ss-afspraken-text">{escape(text)}</p></div>'
            )
    return (
        f'<article class="ss-afspraken-card" data-card="{number}" '
        f'data-tasks="{len(card.tasks)}"><div class="ss-afspraken-card-number">#{number}</div>'
        f"{''.join(parts)}</article>"
    )


# --- participant view --------------------------------------------------------------------


class TaskRow(widgets.VBox):
    """Who (a role from the list), what and when for one task."""

    def __init__(self, n: int, options: Sequence[str]):
        self.heading = widgets.HTML(f"<b>{escape(t('afspraken.task', n=n))}</b>")
        self.who = widgets.Dropdown(
            options=list(options),
            value=None,
            description=t("afspraken.who"),
            layout=widgets.Layout(width="16em", max_width="100%"),
            style={"description_width": "auto"},
        )
        self.who.add_class("ss-afspraken-who-input")
        self.what = widgets.Text(
            placeholder=t("afspraken.what_placeholder"), layout=widgets.Layout(width="100%")
        )
        self.what.add_class("ss-afspraken-what")
        self.when = widgets.Text(
            placeholder=t("afspraken.when_placeholder"), layout=widgets.Layout(width="100%")
        )
        self.when.add_class("ss-afspraken-when")
        self.remove = widgets.Button(
            description=t("afspraken.remove_task"),
            icon="times",
            layout=widgets.Layout(width="auto"),
        )
        self.remove.add_class("ss-afspraken-remove")
        super().__init__(
            [self.heading, self.who, self.what, self.when, self.remove],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("ss-afspraken-task")
        self.add_class(f"ss-afspraken-task-{n}")

    @property
    def value(self) -> dict[str, Any]:
        return {"who": self.who.value, "what": self.what.value, "when": self.when.value}

    @value.setter
    def value(self, task: dict[str, Any]) -> None:
        who = task.get("who")
        self.who.value = who if who in self.who.options else None
        self.what.value = task.get("what") if isinstance(task.get("what"), str) else ""
        self.when.value = task.get("when") if isinstance(task.get("when"), str) else ""


class AfsprakenForm(AnswerForm):
    """A stepper: one step at a time with Vorige and Volgende; the last step shows the card,
    Save and the download link."""

    exercise: Afspraken

    def __init__(self, exercise: ExerciseBase, check_answer: Any, save: Any = None):
        self.step = 1
        self._check_card = check_answer
        super().__init__(exercise, self._check_and_point, save)

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [
            self.header,
            *self._top,
            self.panes[0],
            self.nav,
            self.preview,
            self.save_button,
            self.status,
            self.download,
        ]

    def _built(self) -> None:
        for field in self._inputs():
            field.observe(self._on_card_changed, names="value")
        self.go_to(1)

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Afspraken = self.exercise  # type: ignore[assignment]
        self.situation = widgets.HTML()
        self.progress = widgets.HTML()
        self.progress.add_class("ss-afspraken-progress")
        self._top = [self.situation, self.progress]
        self.fields: dict[str, widgets.Textarea] = {}
        self.panes: list[widgets.VBox] = []
        for n, section in enumerate(SECTIONS, start=1):
            explain = "" if section in ("goal", "tasks") else t("afspraken.optional")
            parts: list[widgets.Widget] = [
                widgets.HTML(
                    f'<p class="ss-prompt">{escape(exercise.prompt(section))}</p>'
                    + (f"<p><small>{escape(explain)}</small></p>" if explain else "")
                    + warning_html()
                )
            ]
            if section == "tasks":
                parts += self._task_widgets(exercise)
            else:
                field = widgets.Textarea(
                    placeholder=t(f"afspraken.placeholder.{section}"),
                    layout=widgets.Layout(width="100%", height="6em"),
                )
                field.add_class("ss-afspraken-field")
                field.add_class(f"ss-afspraken-{section}")
                self.fields[section] = field
                parts.append(field)
            pane = widgets.VBox(parts, layout=widgets.Layout(width="100%"))
            pane.add_class("ss-afspraken-pane")
            pane.add_class(f"ss-afspraken-step-{n}")
            self.panes.append(pane)
        self.previous_button = widgets.Button(
            description=t("afspraken.previous"), icon="arrow-left"
        )
        self.previous_button.add_class("ss-afspraken-previous")
        self.previous_button.on_click(lambda _b: self.previous())
        self.next_button = widgets.Button(
            description=t("afspraken.next"), icon="arrow-right", button_style="info"
        )
        self.next_button.add_class("ss-afspraken-next")
        self.next_button.on_click(lambda _b: self.next())
        self.nav = widgets.HBox([self.previous_button, self.next_button])
        self.nav.add_class("ss-afspraken-nav")
        self.preview = widgets.HTML()
        self.preview.add_class("ss-afspraken-preview")
        self.download = widgets.HTML()
        self.download.add_class("ss-afspraken-download")
        return [*self._top, *self.panes, self.nav, self.preview]

    def _task_widgets(self, exercise: Afspraken) -> list[widgets.Widget]:
        self.rows = [TaskRow(n, exercise.who) for n in range(1, exercise.max_tasks + 1)]
        for index, row in enumerate(self.rows):
            row.remove.on_click(lambda _b, i=index: self.remove_task(i))
        self.shown_tasks = 1
        self.add_task_button = widgets.Button(
            description=t("afspraken.add_task"), icon="plus", layout=widgets.Layout(width="auto")
        )
        self.add_task_button.add_class("ss-afspraken-add")
        self.add_task_button.on_click(lambda _b: self.add_task())
        hint = widgets.HTML(f"<p><small>{escape(t('afspraken.tasks_hint'))}</small></p>")
        self._show_rows()
        return [hint, *self.rows, self.add_task_button]

    def _inputs(self) -> list[widgets.ValueWidget]:
        task_inputs = [w for row in self.rows for w in (row.who, row.what, row.when)]
        return [*self.fields.values(), *task_inputs]

    # steps

    def go_to(self, step: int) -> None:
        """Show one step; the last step also shows the card, Save and the download."""
        self.step = max(1, min(STEPS, step))
        last = self.step == STEPS
        section = SECTIONS[self.step - 1]
        dots = "".join(
            f'<span class="ss-afspraken-dot{" ss-afspraken-dot-on" if n <= self.step else ""}">'
            "</span>"
            for n in range(1, STEPS + 1)
        )
        # Open on the first step; folded away after that, so phones need not scroll past it.
        self.situation.value = (
            f'<details class="ss-afspraken-situation"{" open" if self.step == 1 else ""}>'
            f"<summary>{escape(t('afspraken.situation'))}</summary>"
            f"{markdown(self.exercise.situation)}</details>"
        )
        self.progress.value = (
            f'<div data-step="{self.step}"><span class="ss-afspraken-step-of">'
            f"{escape(t('afspraken.step_of', n=self.step, total=STEPS))}</span>"
            f'<div class="ss-afspraken-dots" aria-hidden="true">{dots}</div>'
            f"<h4>{escape(t(f'afspraken.title.{section}'))}</h4></div>"
        )
        children = list(self.children)
        for pane in self.panes:
            if pane in children:
                children[children.index(pane)] = self.panes[self.step - 1]
                break
        self.children = tuple(children)
        self.previous_button.layout.display = "none" if self.step == 1 else ""
        self.next_button.layout.display = "none" if last else ""
        for widget in (self.preview, self.save_button, self.download):
            widget.layout.display = "" if last else "none"
        if last:
            self._refresh_card()

    def next(self) -> bool:
        """To the next step, unless this step has something to fix first (shown in status)."""
        try:
            check_step(self.exercise, self.raw_value(), self.step)  # type: ignore[arg-type]
        except AnswerProblem as problem:
            self.status.value = status_html(problem.message, "problem")
            return False
        self._clear_problem()
        self.go_to(self.step + 1)
        return True

    def previous(self) -> None:
        self._clear_problem()
        self.go_to(self.step - 1)

    def _clear_problem(self) -> None:
        if "ss-problem" in self.status.value:
            self.status.value = ""

    def _check_and_point(self, exercise: Afspraken, raw: Any) -> dict[str, Any]:
        """Check the card; on a problem, take the person to the step it is on."""
        try:
            return self._check_card(exercise, raw)
        except StepProblem as problem:
            self.go_to(problem.step)
            raise

    # tasks

    def _show_rows(self) -> None:
        for index, row in enumerate(self.rows):
            row.layout.display = "" if index < self.shown_tasks else "none"
            row.remove.layout.display = "" if self.shown_tasks > 1 else "none"
        self.add_task_button.layout.display = "" if self.shown_tasks < len(self.rows) else "none"

    def add_task(self) -> None:
        self.shown_tasks = min(len(self.rows), self.shown_tasks + 1)
        self._show_rows()

    def remove_task(self, index: int) -> None:
        """Take one task out; the tasks below it move up."""
        if self.shown_tasks <= 1 or index >= self.shown_tasks:
            return
        values = [row.value for row in self.rows[: self.shown_tasks]]
        del values[index]
        self.shown_tasks -= 1
        for row, task in zip(self.rows, [*values, {}], strict=False):
            row.value = task
        self._show_rows()

    # values

    def raw_value(self) -> dict[str, Any]:
        value: dict[str, Any] = {section: field.value for section, field in self.fields.items()}
        value["tasks"] = [row.value for row in self.rows[: self.shown_tasks]]
        return {section: value[section] for section in SECTIONS}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for section, field in self.fields.items():
            text = value.get(section)
            field.value = text if isinstance(text, str) else ""
        tasks = value.get("tasks") if isinstance(value.get("tasks"), list) else []
        tasks = [task for task in tasks if isinstance(task, dict)][: len(self.rows)]
        self.shown_tasks = max(1, len(tasks))
        for index, row in enumerate(self.rows):
            row.value = tasks[index] if index < len(tasks) else {}
        self._show_rows()
        self._refresh_card()

    def show_saved(self, value: Any) -> None:
        super().show_saved(value)
        self.go_to(STEPS)

    def submit(self) -> bool:
        saved = super().submit()
        self._refresh_card()
        return saved

    # the card on the last step

    def _on_card_changed(self, _change: dict[str, Any]) -> None:
        if self.step == STEPS:
            self._refresh_card()

    def _refresh_card(self) -> None:
        """The card as typed so far, and a download of it once it passes the checks."""
        exercise: Afspraken = self.exercise  # type: ignore[assignment]
        raw = self.raw_value()
        self.preview.value = (
            f'<div class="ss-afspraken-card-preview"><h4>{escape(t("afspraken.preview"))}</h4>'
            f"<p><small>{escape(t('afspraken.preview_explain'))}</small></p>"
            f"{card_html(card_of(raw), heading='h5')}</div>"
        )
        try:
            card = card_of(check_answer(exercise, raw))
        except AnswerProblem as problem:
            self.download.value = (
                f'<p class="ss-afspraken-download-later">'
                f"{escape(t('afspraken.download_later', problem=problem.message))}</p>"
            )
            return
        self.download.value = (
            f"<p>{download_link(t('afspraken.download'), FILENAME, printable_card(exercise, card))}"
            f"<br><small>{escape(t('answer.print_hint'))}</small></p>"
        )


# --- dashboard ---------------------------------------------------------------------------


class AfsprakenPanel(ResultsPanel):
    """What comes back often, then every card side by side."""

    def render(self, summary: AfsprakenSummary) -> list[widgets.Widget]:
        return [widgets.HTML(self._common_html(summary) + self._cards_html(summary))]

    @staticmethod
    def _common_html(summary: AfsprakenSummary) -> str:
        rows = []
        for section in SECTIONS:
            found = summary.words[section]
            if not found:
                continue
            words = " ".join(
                f'<span class="ss-afspraken-word" data-word="{escape(word)}" '
                f'data-count="{count}">{escape(t("afspraken.word_count", word=word, count=count))}'
                "</span>"
                for word, count in found
            )
            rows.append(
                f'<div class="ss-afspraken-words" data-section="{section}">'
                f"<b>{escape(t(f'afspraken.short.{section}'))}:</b> {words}</div>"
            )
        words_html = (
            "".join(rows)
            if rows
            else f'<p class="ss-afspraken-no-words">{escape(t("afspraken.common_none"))}</p>'
        )
        who_rows = "".join(
            f'<div class="ss-afspraken-who" data-who="{escape(option)}" data-count="{count}">'
            f"{bar_rows([(option, count)], summary.task_count)}</div>"
            for option, count in summary.who_counts
        )
        return (
            f'<div class="ss-afspraken-common"><h4>{escape(t("afspraken.common"))}</h4>'
            f"<p><small>{escape(t('afspraken.common_explain', minimum=MIN_REPEAT))}</small></p>"
            f"{words_html}"
            f'<h5 class="ss-afspraken-who-title" data-count="{summary.task_count}">'
            f"{escape(t('afspraken.who_counts', count=summary.task_count))}</h5>"
            f"{who_rows}</div>"
        )

    @staticmethod
    def _cards_html(summary: AfsprakenSummary) -> str:
        cards = "".join(
            compact_card_html(card, number) for number, card in enumerate(summary.cards, start=1)
        )
        return (
            f'<h4 class="ss-afspraken-cards-title" data-count="{len(summary.cards)}">'
            f"{escape(t('afspraken.cards', count=len(summary.cards)))}</h4>"
            f'<div class="ss-afspraken-cards">{cards}</div>'
        )


CSS = """
.ss-afspraken-situation { background: #f4f6fa; border-radius: 6px; padding: 0.2em 0.9em; }
.ss-afspraken-situation summary { cursor: pointer; font-weight: bold; color: #1f3b57;
  padding: 0.4em 0; }
.ss-afspraken-progress h4 { margin: 0.3em 0; color: #1f3b57; font-size: 18px; }
.ss-afspraken-step-of { font-weight: bold; color: #1f5f8b; }
.ss-afspraken-dots { display: flex; gap: 4px; margin: 0.3em 0; max-width: 20em; }
.ss-afspraken-dot { flex: 1 1 0; height: 6px; border-radius: 3px; background: #dde4ec; }
.ss-afspraken-dot-on { background: #1f5f8b; }
.ss-afspraken-nav { flex-wrap: wrap; gap: 0.5em; margin-top: 0.6em; }
.ss-afspraken-nav button { min-height: 2.6em; min-width: 8em; font-size: 15px; }
.ss-afspraken-task { border-left: 3px solid #c7d5e3; padding-left: 0.6em; margin: 0.4em 0; }
.ss-afspraken-task input, .ss-afspraken-task select { font-size: 16px; }
.ss-afspraken-task .widget-text, .ss-afspraken-task .widget-dropdown { max-width: 100%; }
.ss-afspraken-card-preview { border: 2px solid #9bb3c9; border-radius: 6px; padding: 0.2em 0.9em;
  margin: 0.8em 0 0.4em 0; }
.ss-afspraken-part h5, .ss-afspraken-part h4 { margin: 0.6em 0 0.2em 0; color: #1f3b57; }
.ss-afspraken-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.2em 0; }
.ss-afspraken-empty { color: #666; font-style: italic; margin: 0.2em 0; }
.ss-afspraken-tasks { border-collapse: collapse; width: 100%; }
.ss-afspraken-tasks th, .ss-afspraken-tasks td { border: 1px solid #ccd; padding: 0.2em 0.4em;
  text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.ss-afspraken-download { margin-top: 0.4em; }
.ss-afspraken-download .ss-download { font-weight: bold; font-size: 17px; }
.ss-afspraken-download-later { color: #713f12; }
.ss-afspraken-common { background: #f4f6fa; border-radius: 6px; padding: 0.2em 0.9em 0.6em; }
.ss-afspraken-words { margin: 0.3em 0; line-height: 1.8; }
.ss-afspraken-word { display: inline-block; background: #fff; border: 1px solid #c7d5e3;
  border-radius: 12px; padding: 0 0.6em; margin: 0 0.2em; white-space: nowrap; }
.ss-afspraken-who .ss-bar-row { flex-wrap: wrap; }
.ss-afspraken-who .ss-bar-label { flex: 0 0 12em; max-width: 100%; overflow-wrap: anywhere; }
.ss-afspraken-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr));
  gap: 0.8em; margin-top: 0.4em; }
.ss-afspraken-card { border: 1px solid #ccd; border-radius: 6px; padding: 0.3em 0.8em;
  font-size: 14px; max-height: 28em; overflow-y: auto; overflow-wrap: anywhere; background: #fff; }
.ss-afspraken-card p { margin: 0 0 0.3em 0; }
.ss-afspraken-card ul { margin: 0 0 0.3em 0; padding-left: 1.2em; }
.ss-afspraken-card-number { color: #666; font-size: 12px; text-align: right; }
"""


AFSPRAKEN = register(
    ExerciseType(
        name="afspraken",
        schema=Afspraken,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=AfsprakenForm,
        dashboard_panel=AfsprakenPanel,
        css=CSS,
    )
)
