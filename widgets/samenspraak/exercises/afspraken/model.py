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

from pydantic import Field, StringConstraints

from ...core.answers import AnswerProblem, clean_text
from ...core.content import ContentModel, ExerciseBase, Prompt, Situation, repeats
from ...core.html import bar_rows, escape, markdown, printable_html
from ...core.messages import t
from ...core.records import Answer
from ...core.text import word_counts
from ..registry import ExerciseType, register

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
        # A long card scrolls inside its box: focusable, so a keyboard can scroll it too.
        f'<article class="ss-afspraken-card" data-card="{number}" tabindex="0" '
        f'aria-label="{escape(t("afspraken.card_label", number=number))}" '
        f'data-tasks="{len(card.tasks)}"><div class="ss-afspraken-card-number">#{number}</div>'
        f"{''.join(parts)}</article>"
    )


# --- the group's results -----------------------------------------------------------------


def common_html(summary: AfsprakenSummary) -> str:
    """What comes back often: the words on more than one card per section, and how many
    tasks each "who" option takes."""
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


def cards_html(summary: AfsprakenSummary) -> str:
    """Every card side by side, numbered in the order they came in."""
    cards = "".join(
        compact_card_html(card, number) for number, card in enumerate(summary.cards, start=1)
    )
    return (
        f'<h4 class="ss-afspraken-cards-title" data-count="{len(summary.cards)}">'
        f"{escape(t('afspraken.cards', count=len(summary.cards)))}</h4>"
        f'<div class="ss-afspraken-cards">{cards}</div>'
    )


def render_html(
    exercise: Afspraken,
    summary: AfsprakenSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """What comes back often, then every card side by side (escaped). Nothing can be hidden
    and there are no subgroups: ``hidden`` and ``minimum`` do not change anything."""
    return common_html(summary) + cards_html(summary)


# --- on paper ----------------------------------------------------------------------------


def _paper_tasks(exercise: Afspraken) -> str:
    """``max_tasks`` empty rows: a box per "who" option, room for what and when."""
    boxes = "".join(
        f'<span class="ss-paper-choice">☐ {escape(option)}</span><br>' for option in exercise.who
    )
    head = "<td></td>" + "".join(
        f"<th>{escape(label)}</th>"
        for label in (t("afspraken.who"), t("afspraken.what"), t("afspraken.when"))
    )
    rows = "".join(
        f'<tr class="ss-paper-task"><th scope="row">{escape(t("afspraken.task", n=n))}</th>'
        f'<td class="ss-paper-who">{boxes}</td><td class="ss-paper-write"></td>'
        '<td class="ss-paper-write"></td></tr>'
        for n in range(1, exercise.max_tasks + 1)
    )
    return (
        f'<table class="ss-paper-tasks"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def paper_html(exercise: Afspraken, *, answer_key: bool = False) -> str:
    """The situation, then the six steps in order, each with its title, its question (the
    exercise's own or the kit's) and room to write; step 4 is a table with a box per "who"
    option. With the key, a note for the trainer: there are no right answers, and only the
    goal and one task are required."""
    parts = [
        f'<div class="ss-paper-situation"><p><b>{escape(t("afspraken.situation"))}</b></p>'
        f"{markdown(exercise.situation)}</div>",
        f'<p class="ss-paper-hint"><small>⚠ {escape(t("text.warning"))}</small></p>',
    ]
    for n, section in enumerate(SECTIONS, start=1):
        optional = section not in ("goal", "tasks")
        step = escape(t("afspraken.step_of", n=n, total=STEPS))
        title = escape(t(f"afspraken.title.{section}"))
        notes = [t("afspraken.optional")] if optional else []
        if section == "tasks":
            notes.append(t("afspraken.tasks_hint"))
        hints = "".join(
            f'<p class="ss-paper-hint"><small>{escape(note)}</small></p>' for note in notes
        )
        body = (
            _paper_tasks(exercise)
            if section == "tasks"
            else f'<div class="ss-paper-lines" data-section="{section}"></div>'
        )
        parts.append(
            f'<div class="ss-paper-step" data-step="{n}">'
            f"<h4>{step}: {title}</h4>"
            f'<p class="ss-paper-prompt">{escape(exercise.prompt(section))}</p>'
            f"{hints}{body}</div>"
        )
    if answer_key:
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("afspraken.paper_key"))}</b> '
            f"{escape(t('afspraken.paper_key_text'))}</p></div>"
        )
    return f'<div class="ss-paper-afspraken">{"".join(parts)}</div>'


AFSPRAKEN = register(
    ExerciseType(
        name="afspraken",
        package=__package__,
        schema=Afspraken,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="afspraken.guide_task",
        guide_panel="afspraken.guide_panel",
        final_section=2,
    )
)
