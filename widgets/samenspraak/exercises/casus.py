"""``casus``: a fictional case told in steps; each choice leads to its own next step.

The participant reads the case, chooses what to do at each step and sees what happens. Every
choice is saved at once, so the trainer sees the group move. An ending opens the debrief
questions. The answer is the route as choice indices from the start, plus the debrief:
``{"path": [0, 2, 1], "debrief": {"question-id": "text"}}``.

Dashboard: the routes as a tree (per step a bar per choice, the next step nested below it),
how many reached each ending, and the debrief answers per question.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import ipywidgets as widgets
from pydantic import Field, StringConstraints

from ..core import messages
from ..core.answers import AnswerProblem, clean_texts
from ..core.content import ContentModel, ExerciseBase, Prompt, Situation, Slug, repeated_ids
from ..core.html import bar_rows, escape, markdown, status_html, text_list, warning_html
from ..core.messages import t
from ..core.records import Answer
from .base import AnswerForm, ResultsPanel
from .registry import ExerciseType, register

MAX_CHOICES = 4
DEBRIEF_LIMIT = 600

messages.register(
    {
        # participant
        "casus.situation": "De situatie",
        "casus.route": "Jouw route",
        "casus.step": "Stap {n}",
        "casus.what_now": "Wat doe jij?",
        "casus.happened": "Wat er gebeurt",
        "casus.ending": "Einde van de casus",
        "casus.debrief": "Nabespreking",
        "casus.debrief_explain": "Beantwoord minstens één vraag. Klik dan op Opslaan.",
        "casus.restart": "Opnieuw beginnen",
        "casus.restart_note": (
            "Wil je een andere route proberen? Begin dan opnieuw. Je nieuwe route vervangt je "
            "vorige route, ook je antwoorden bij de nabespreking."
        ),
        "casus.restarted": (
            "Je begint opnieuw. Je vorige route blijft bewaard tot je een nieuwe keuze maakt."
        ),
        "casus.choice_saved": "Je keuze bij stap {n} is bewaard.",
        "casus.debrief_saved": "Je antwoorden zijn opgeslagen. Je kunt ze nog wijzigen.",
        "casus.invalid": (
            "Deze route kunnen we niet lezen. Klik op Opnieuw beginnen en loop de casus opnieuw."
        ),
        "casus.not_finished": "Maak eerst de casus af. Daarna beantwoord je de vragen.",
        "casus.debrief_empty": "Beantwoord minstens één vraag.",
        "casus.in_question": "Vraag {n}: {message}",
        # dashboard
        "casus.routes": "Routes van de groep",
        "casus.routes_explain": (
            "Per stap: hoeveel mensen elke keuze maakten. Onder een keuze staat de stap die "
            "daarna kwam."
        ),
        "casus.people": "{count} mensen",
        "casus.person": "1 persoon",
        "casus.deciding": "Nog aan het kiezen: {count}",
        "casus.ended_here": "Einde bereikt: {count}",
        "casus.endings": "Waar kwam iedereen uit?",
        "casus.under_way": "Nog onderweg",
        "casus.end_label": "Einde",
        "casus.per_step": "Per stap: hoe vaak bereikt en wat gekozen",
        "casus.reached": "bereikt",
        "casus.step_header": "Stap",
        "casus.chosen_header": "Gekozen",
        "casus.debrief_count": "{count} van {total} mensen vulden de nabespreking in.",
        # content problems, read by trainers
        "casus.start_unknown": "de startstap {value} bestaat niet; stappen: {known}",
        "casus.next_unknown": "de stap {value} bestaat niet; stappen: {known}",
        "casus.unreachable": "deze stap is vanaf de start ({start}) niet te bereiken",
        "casus.cycle": "deze keuze leidt terug naar stap {value}; een route mag niet rondlopen",
        "casus.no_ending": "er is geen einde: geef minstens één stap geen keuzes",
    }
)


Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Consequence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
StepText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class Choice(ContentModel):
    """One thing the participant can do at a step."""

    label: Label = Field(description="The button text")
    next: Slug = Field(description="The id of the step this choice leads to")
    consequence: Consequence | None = Field(
        default=None, description="What happens, shown right after choosing"
    )


class Step(ContentModel):
    """One moment in the case; a step without choices is an ending."""

    id: Slug
    text: StepText = Field(description="Markdown: what happens at this step")
    choices: list[Choice] = Field(
        default_factory=list, max_length=MAX_CHOICES, description="None: this step is an ending"
    )

    @property
    def is_ending(self) -> bool:
        return not self.choices


class Question(ContentModel):
    """A debrief question, asked once the participant reached an ending."""

    id: Slug
    text: Prompt


class Casus(ExerciseBase):
    """A branching case: steps with choices, endings, then debrief questions."""

    type: Literal["casus"]
    case: Situation = Field(description="Markdown: the fictional family and situation")
    start: Slug = Field(description="The id of the first step")
    steps: list[Step] = Field(min_length=2, max_length=20)
    debrief: list[Question] = Field(min_length=1, max_length=4)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def cross_check(self) -> list[tuple[list[Any], str]]:
        ids = [s.id for s in self.steps]
        known = ", ".join(dict.fromkeys(ids))
        problems = [
            *repeated_ids(self.steps, "steps", "casus", kind="stap"),
            *repeated_ids(self.debrief, "debrief", "casus", kind="vraag"),
        ]
        for i, step in enumerate(self.steps):
            for j, choice in enumerate(step.choices):
                if choice.next not in ids:
                    problems.append(
                        (
                            ["steps", i, "choices", j, "next"],
                            t("casus.next_unknown", value=choice.next, known=known),
                        )
                    )
        if self.start not in ids:
            problems.append((["start"], t("casus.start_unknown", value=self.start, known=known)))
        else:
            reachable = self._reachable()
            problems += [
                (["steps", i, "id"], t("casus.unreachable", start=self.start))
                for i, step in enumerate(self.steps)
                if step.id not in reachable and step.id not in ids[:i]
            ]
        problems += [
            (["steps", i, "choices", j, "next"], t("casus.cycle", value=target))
            for i, j, target in self._back_choices()
        ]
        if not any(step.is_ending for step in self.steps):
            problems.append((["steps"], t("casus.no_ending")))
        return problems

    def _reachable(self) -> set[str]:
        seen, todo = {self.start}, [self.start]
        while todo:
            step = self.step(todo.pop())
            for choice in step.choices if step else ():
                if choice.next not in seen:
                    seen.add(choice.next)
                    todo.append(choice.next)
        return seen

    def _back_choices(self) -> list[tuple[int, int, str]]:
        """Choices that lead back to a step on the way to them: ``(step, choice, target)``."""
        index = {s.id: i for i, s in reversed(list(enumerate(self.steps)))}
        done: set[str] = set()
        found: set[tuple[int, int, str]] = set()

        def visit(step_id: str, on_way: list[str]) -> None:
            i = index[step_id]
            for j, choice in enumerate(self.steps[i].choices):
                if choice.next in on_way:
                    found.add((i, j, choice.next))
                elif choice.next in index and choice.next not in done:
                    visit(choice.next, [*on_way, choice.next])
            done.add(step_id)

        for step in self.steps:
            if step.id not in done:
                visit(step.id, [step.id])
        return sorted(found)


def replay(exercise: Casus, path: Sequence[Any]) -> tuple[list[Step], list[Choice]]:
    """The steps a route passed and the choices made, as far as the route is valid.

    ``steps`` has one more item than ``choices``: the last step is where the route stands now.
    """
    step = exercise.step(exercise.start)
    steps: list[Step] = [step] if step else []
    chosen: list[Choice] = []
    for index in path:
        valid = isinstance(index, int) and not isinstance(index, bool)
        if step is None or not valid or not 0 <= index < len(step.choices):
            break
        choice = step.choices[index]
        step = exercise.step(choice.next)
        if step is None:
            break
        chosen.append(choice)
        steps.append(step)
    return steps, chosen


def check_answer(exercise: Casus, value: Any) -> dict[str, Any]:
    """``{"path": [choice index, ...], "debrief": {question id: text}}``.

    The path is replayed against the steps. A value without debrief answers is a route on its
    way (saved at every choice). Debrief answers are only taken at an ending, each checked as
    free text, and at least one must be filled in.
    """
    value = value if isinstance(value, dict) else {}
    path = value.get("path")
    if not isinstance(path, list) or len(path) > len(exercise.steps):
        raise AnswerProblem("casus.invalid")
    if not path:
        raise AnswerProblem("answer.choose")
    steps, chosen = replay(exercise, path)
    if len(chosen) != len(path):
        raise AnswerProblem("casus.invalid")
    raw_debrief = value.get("debrief")
    if raw_debrief in (None, {}):
        return {"path": list(path), "debrief": {}}
    if not isinstance(raw_debrief, dict):
        raise AnswerProblem("casus.invalid")
    if not steps[-1].is_ending:
        raise AnswerProblem("casus.not_finished")
    debrief = clean_texts(
        exercise.debrief, raw_debrief, limit=DEBRIEF_LIMIT, problem_key="casus.in_question"
    )
    if not debrief:
        raise AnswerProblem("casus.debrief_empty")
    return {"path": list(path), "debrief": debrief}


@dataclass(frozen=True)
class RouteNode:
    """One step reached along one route prefix; ``children`` by choice index."""

    step_id: str
    count: int  # people whose route passed this point
    here: int  # people whose route stops here: at an ending, or still choosing
    children: dict[int, RouteNode]


@dataclass(frozen=True)
class CasusSummary:
    respondents: int
    reached: dict[str, int]  # step id → people who reached it, every step in content order
    splits: dict[str, tuple[int, ...]]  # step id → people per choice (steps with choices)
    tree: RouteNode  # the routes as a tree of prefixes
    endings: dict[str, int]  # ending step id → people who reached it
    under_way: int  # people not at an ending yet
    debriefed: int  # people who answered at least one debrief question
    debrief: dict[str, tuple[str, ...]]  # question id → answers, oldest first


def _tree(exercise: Casus, routes: Counter[tuple[int, ...]]) -> RouteNode:
    """The routes as a tree of prefixes; ``routes`` counts how many people stop at each path."""

    def node(prefix: tuple[int, ...]) -> RouteNode:
        below = {path: n for path, n in routes.items() if path[: len(prefix)] == prefix}
        following = sorted({path[len(prefix)] for path in below if len(path) > len(prefix)})
        steps, _ = replay(exercise, prefix)
        return RouteNode(
            steps[-1].id,
            sum(below.values()),
            routes.get(prefix, 0),
            {index: node((*prefix, index)) for index in following},
        )

    return node(())


def summarize(exercise: Casus, answers: Sequence[Answer]) -> CasusSummary:
    """Who reached which step, the split at each choice, the route tree, endings, debrief.

    Routes are replayed against the current steps; a route that no longer fits (the content
    changed during a session) counts as far as it still fits.
    """
    reached = dict.fromkeys((s.id for s in exercise.steps), 0)
    splits = {s.id: [0] * len(s.choices) for s in exercise.steps if s.choices}
    routes: Counter[tuple[int, ...]] = Counter()
    endings = {s.id: 0 for s in exercise.steps if s.is_ending}
    texts: dict[str, list[str]] = {q.id: [] for q in exercise.debrief}
    debriefed = 0
    for answer in answers:
        value = answer.value if isinstance(answer.value, dict) else {}
        path = value.get("path") if isinstance(value.get("path"), list) else []
        steps, chosen = replay(exercise, path)
        if not steps:
            continue
        route = tuple(path[: len(chosen)])
        routes[route] += 1
        for step, index in zip(steps, route, strict=False):
            splits[step.id][index] += 1
        for step in steps:
            reached[step.id] += 1
        if steps[-1].is_ending:
            endings[steps[-1].id] += 1
        debrief = value.get("debrief") if isinstance(value.get("debrief"), dict) else {}
        answered = [q.id for q in exercise.debrief if isinstance(debrief.get(q.id), str)]
        for question_id in answered:
            texts[question_id].append(debrief[question_id])
        debriefed += bool(answered)
    return CasusSummary(
        respondents=len(answers),
        reached=reached,
        splits={step_id: tuple(counts) for step_id, counts in splits.items()},
        tree=_tree(exercise, routes),
        endings=endings,
        under_way=sum(routes.values()) - sum(endings.values()),
        debriefed=debriefed,
        debrief={question_id: tuple(found) for question_id, found in texts.items()},
    )


def people(count: int) -> str:
    """``1 persoon``, ``3 mensen``."""
    return t("casus.person") if count == 1 else t("casus.people", count=count)


def excerpt(text: str, limit: int = 90) -> str:
    """The first sentence of a step's Markdown as plain text, cut at ``limit`` characters."""
    plain = " ".join(re.sub(r"[*_`#>\[\]]", "", text).split())
    end = plain.find(". ")
    if 0 < end < limit:
        return plain[: end + 1]
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0] + " …"


class CasusForm(AnswerForm):
    """The case, the current step with a button per choice, the route so far, the debrief."""

    exercise: Casus

    def __init__(self, *args: Any, **kwargs: Any):
        self.path: list[int] = []
        self._saving_route = False
        super().__init__(*args, **kwargs)

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [*super()._arrange(answer_widgets), self.restart_box]

    def _built(self) -> None:
        self.path = []
        self._render()

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Casus = self.exercise  # type: ignore[assignment]
        case = widgets.HTML(
            f'<div class="ss-casus-case"><h4>{escape(t("casus.situation"))}</h4>'
            f"{markdown(exercise.case)}</div>"
        )
        self.trail = widgets.HTML()
        self.trail.add_class("ss-casus-trail")
        self.consequence = widgets.HTML()
        self.consequence.add_class("ss-casus-consequence-box")
        self.step_view = widgets.HTML()
        self.step_view.add_class("ss-casus-step")
        self.choice_buttons = []
        for index in range(MAX_CHOICES):
            button = widgets.Button(layout=widgets.Layout(width="100%", height="auto"))
            button.add_class("ss-casus-choice")
            button.add_class(f"ss-casus-choice-{index}")
            button.on_click(lambda _b, i=index: self.choose(i))
            self.choice_buttons.append(button)
        self.choices_box = widgets.VBox(self.choice_buttons, layout=widgets.Layout(width="100%"))
        self.debrief_fields: dict[str, widgets.Textarea] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f"<h4>{escape(t('casus.debrief'))}</h4>"
                f"<p>{escape(t('casus.debrief_explain'))}</p>"
                f"{warning_html()}"
            )
        ]
        for n, question in enumerate(exercise.debrief, start=1):
            field = widgets.Textarea(layout=widgets.Layout(width="100%", height="5em"))
            field.add_class("ss-casus-answer")
            field.add_class(f"ss-casus-question-{question.id}")
            self.debrief_fields[question.id] = field
            rows += [widgets.HTML(f"<p><b>{n}.</b> {escape(question.text)}</p>"), field]
        self.debrief_box = widgets.VBox(rows, layout=widgets.Layout(width="100%"))
        self.debrief_box.add_class("ss-casus-debrief")
        self.restart_button = widgets.Button(
            description=t("casus.restart"), icon="undo", layout=widgets.Layout(width="auto")
        )
        self.restart_button.add_class("ss-casus-restart")
        self.restart_button.on_click(lambda _b: self.restart())
        self.restart_box = widgets.VBox(
            [
                widgets.HTML(f"<p><small>{escape(t('casus.restart_note'))}</small></p>"),
                self.restart_button,
            ]
        )
        return [
            case,
            self.trail,
            self.consequence,
            self.step_view,
            self.choices_box,
            self.debrief_box,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.debrief_fields.values())

    def _render(self) -> None:
        """Show the route so far, the last consequence and the current step."""
        exercise: Casus = self.exercise  # type: ignore[assignment]
        steps, chosen = replay(exercise, self.path)
        self.path = self.path[: len(chosen)]
        current = steps[-1]
        self.trail.value = self._trail_html(steps, chosen)
        self.trail.layout.display = "" if chosen else "none"
        last = chosen[-1].consequence if chosen else None
        self.consequence.value = (
            f'<div class="ss-casus-consequence"><b>{escape(t("casus.happened"))}</b>'
            f"<p>{escape(last)}</p></div>"
            if last
            else ""
        )
        self.consequence.layout.display = "" if last else "none"
        heading = t("casus.ending") if current.is_ending else t("casus.step", n=len(chosen) + 1)
        question = (
            ""
            if current.is_ending
            else f'<p class="ss-casus-ask">{escape(t("casus.what_now"))}</p>'
        )
        self.step_view.value = (
            f'<div class="ss-casus-step-text{" ss-casus-ending" if current.is_ending else ""}" '
            f'data-step="{escape(current.id)}"><h4>{escape(heading)}</h4>'
            f"{markdown(current.text)}{question}</div>"
        )
        for index, button in enumerate(self.choice_buttons):
            if index < len(current.choices):
                button.description = current.choices[index].label
                button.tooltip = current.choices[index].label
                button.layout.display = ""
            else:
                button.layout.display = "none"
        self.choices_box.layout.display = "none" if current.is_ending else ""
        self.debrief_box.layout.display = "" if current.is_ending else "none"
        self.save_button.layout.display = "" if current.is_ending else "none"
        self.restart_box.layout.display = "" if chosen else "none"

    @staticmethod
    def _trail_html(steps: list[Step], chosen: list[Choice]) -> str:
        items = []
        for n, (step, choice) in enumerate(zip(steps, chosen, strict=False), start=1):
            consequence = (
                f'<br><small class="ss-casus-trail-then">{escape(choice.consequence)}</small>'
                if choice.consequence and n < len(chosen)
                else ""
            )
            items.append(
                f'<li data-step="{escape(step.id)}"><span class="ss-casus-trail-step">'
                f"{escape(excerpt(step.text))}</span><br>→ <b>{escape(choice.label)}</b>"
                f"{consequence}</li>"
            )
        return f"<h4>{escape(t('casus.route'))}</h4><ol>{''.join(items)}</ol>"

    def choose(self, index: int) -> bool:
        """Take a choice at the current step, show what follows and save the route at once."""
        steps, _ = replay(self.exercise, self.path)  # type: ignore[arg-type]
        if not 0 <= index < len(steps[-1].choices):
            return False
        self.path.append(index)
        self._render()
        self._saving_route = True
        try:
            saved = self.submit()
        finally:
            self._saving_route = False
        if saved:
            self.status.value = status_html(t("casus.choice_saved", n=len(self.path)), "ok")
        return saved

    def _on_save_clicked(self, _button: widgets.Button | None = None) -> None:
        if self.submit():
            self.status.value = status_html(t("casus.debrief_saved"), "ok")

    def restart(self) -> None:
        """Back to the start; the stored route stays until the first new choice replaces it."""
        self.path = []
        for field in self.debrief_fields.values():
            field.value = ""
        self._render()
        self.status.value = status_html(t("casus.restarted"), "pending")

    def raw_value(self) -> dict[str, Any]:
        value: dict[str, Any] = {"path": list(self.path)}
        if not self._saving_route:
            value["debrief"] = {qid: field.value for qid, field in self.debrief_fields.items()}
        return value

    def set_value(self, value: dict[str, Any]) -> None:
        value = value if isinstance(value, dict) else {}
        path = value.get("path")
        self.path = list(path) if isinstance(path, list) else []
        debrief = value.get("debrief") if isinstance(value.get("debrief"), dict) else {}
        for question_id, field in self.debrief_fields.items():
            text = debrief.get(question_id)
            field.value = text if isinstance(text, str) else ""
        self._render()


class CasusPanel(ResultsPanel):
    """The route tree, the endings and the debrief answers, readable on a projector."""

    def __init__(self, exercise: ExerciseBase):
        super().__init__(exercise)
        self.add_class("ss-casus-panel")

    def render(self, summary: CasusSummary) -> list[widgets.Widget]:
        exercise: Casus = self.exercise  # type: ignore[assignment]
        parts = [
            f"<h4>{escape(t('casus.routes'))}</h4>"
            f"<p><small>{escape(t('casus.routes_explain'))}</small></p>"
            f'<div class="ss-casus-tree">{self._node_html(exercise, summary.tree, ())}</div>',
            self._endings_html(exercise, summary),
            self._steps_html(exercise, summary),
            self._debrief_html(exercise, summary),
        ]
        return [widgets.HTML("".join(parts))]

    def _node_html(self, exercise: Casus, node: RouteNode, prefix: tuple[int, ...]) -> str:
        step = exercise.step(node.step_id)
        if step is None:  # cannot happen: the tree holds only steps that replay found
            return ""
        label = f"{t('casus.end_label')}: " if step.is_ending else ""
        head = (
            f'<div class="ss-casus-node-head"><span class="ss-casus-node-text">'
            f"{escape(label + excerpt(step.text))}</span> "
            f'<span class="ss-casus-reached" data-count="{node.count}">'
            f"{escape(people(node.count))}</span></div>"
        )
        branches = []
        chose = sum(child.count for child in node.children.values())
        for index, choice in enumerate(step.choices):
            child = node.children.get(index)
            nested = self._node_html(exercise, child, (*prefix, index)) if child else ""
            branches.append(
                f'<li class="ss-casus-branch" data-choice="{index}">'
                f"{bar_rows([(choice.label, child.count if child else 0)], chose, 'ss-casus-bar')}"
                f"{nested}</li>"
            )
        here = ""
        if node.here:
            key = "casus.ended_here" if step.is_ending else "casus.deciding"
            kind = "ss-casus-ended" if step.is_ending else "ss-casus-deciding"
            here = (
                f'<div class="ss-casus-here {kind}" data-count="{node.here}">'
                f"{escape(t(key, count=node.here))}</div>"
            )
        branch_list = f'<ul class="ss-casus-branches">{"".join(branches)}</ul>' if branches else ""
        return (
            f'<div class="ss-casus-node" data-step="{escape(step.id)}" '
            f'data-path="{".".join(map(str, prefix))}" data-count="{node.count}">{head}'
            f"{branch_list}{here}</div>"
        )

    @staticmethod
    def _endings_html(exercise: Casus, summary: CasusSummary) -> str:
        rows = []
        for step_id, count in summary.endings.items():
            step = exercise.step(step_id)
            text = excerpt(step.text) if step else step_id
            rows.append(
                f'<div class="ss-casus-end" data-step="{escape(step_id)}">'
                f"{bar_rows([(text, count)], summary.respondents)}</div>"
            )
        rows.append(
            f'<div class="ss-casus-end ss-casus-under-way">'
            f"{bar_rows([(t('casus.under_way'), summary.under_way)], summary.respondents)}</div>"
        )
        return (
            f'<h4>{escape(t("casus.endings"))}</h4><div class="ss-casus-endings">'
            f"{''.join(rows)}</div>"
        )

    @staticmethod
    def _steps_html(exercise: Casus, summary: CasusSummary) -> str:
        rows = []
        for step in exercise.steps:
            split = summary.splits.get(step.id, ())
            chosen = "<br>".join(
                f'{escape(choice.label)}: <b data-count="{count}">{count}</b>'
                for choice, count in zip(step.choices, split, strict=False)
            )
            rows.append(
                f'<tr class="ss-casus-step-row" data-step="{escape(step.id)}">'
                f"<td>{escape(excerpt(step.text))}</td>"
                f'<td class="ss-casus-reached" data-count="{summary.reached[step.id]}">'
                f"{summary.reached[step.id]}</td><td>{chosen or '–'}</td></tr>"
            )
        return (
            f'<details class="ss-casus-steps"><summary>{escape(t("casus.per_step"))}</summary>'
            f"<table><thead><tr><th>{escape(t('casus.step_header'))}</th>"
            f"<th>{escape(t('casus.reached'))}</th><th>{escape(t('casus.chosen_header'))}</th>"
            f"</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></details>"
        )

    @staticmethod
    def _debrief_html(exercise: Casus, summary: CasusSummary) -> str:
        count = t("casus.debrief_count", count=summary.debriefed, total=summary.respondents)
        parts = [
            f'<h4>{escape(t("casus.debrief"))}</h4><p class="ss-casus-debriefed" '
            f'data-count="{summary.debriefed}">{escape(count)}</p>'
        ]
        for n, question in enumerate(exercise.debrief, start=1):
            texts = list(summary.debrief.get(question.id, ()))
            body = (
                text_list(texts, "ss-casus-answer-text")
                if texts
                else f"<p>{escape(t('dash.no_answers'))}</p>"
            )
            parts.append(
                f'<div class="ss-casus-question" data-question="{escape(question.id)}" '
                f'data-count="{len(texts)}"><p><b>{n}. {escape(question.text)}</b></p>{body}</div>'
            )
        return "".join(parts)


CSS = """
.ss-casus-case { background: #f4f6fa; border-radius: 6px; padding: 0.2em 0.9em; }
.ss-casus-case h4, .ss-casus-trail h4, .ss-casus-step h4 { margin: 0.5em 0 0.3em 0; }
.ss-casus-trail { border-left: 4px solid #9bb3c9; padding-left: 0.7em; margin: 0.6em 0;
  color: #333; font-size: 15px; }
.ss-casus-trail ol { margin: 0.2em 0; padding-left: 1.4em; }
.ss-casus-trail li { margin: 0.3em 0; overflow-wrap: anywhere; }
.ss-casus-trail-step { color: #555; }
.ss-casus-consequence { background: #fff7e0; border-left: 4px solid #d9a400; border-radius: 4px;
  padding: 0.3em 0.8em; margin: 0.4em 0; }
.ss-casus-consequence p { margin: 0.2em 0; }
.ss-casus-ending { background: #e8f1f8; border-radius: 6px; padding: 0.1em 0.8em; }
.ss-casus-ask { font-weight: bold; }
.ss-casus .ss-casus-choice { height: auto; min-height: 2.8em; white-space: normal;
  text-align: left; line-height: 1.3; padding: 0.5em 0.8em; margin: 3px 0; font-size: 15px;
  overflow-wrap: anywhere; }
.ss-casus .ss-casus-restart { margin-top: 0.2em; }
.ss-casus h4, .ss-casus-panel h4 { font-size: 18px; color: #1f3b57; }
.ss-casus-panel h4 { font-size: 20px; margin: 0.8em 0 0.3em 0; }
.ss-casus-tree { font-size: 18px; }
.ss-casus-tree .ss-bar-count, .ss-casus-endings .ss-bar-count { min-width: 5.5em; }
.ss-casus-node { margin: 0.3em 0; }
.ss-casus-node-head { font-weight: bold; color: #1f3b57; }
.ss-casus-node-head .ss-casus-reached { font-weight: normal; color: #555; white-space: nowrap; }
.ss-casus-branches { list-style: none; margin: 0.2em 0 0.4em 0.4em; padding-left: 0.9em;
  border-left: 3px solid #c7d5e3; }
.ss-casus-branch { margin: 0.3em 0; }
.ss-casus-tree .ss-bar-row, .ss-casus-endings .ss-bar-row { flex-wrap: wrap; }
.ss-casus-tree .ss-bar-label, .ss-casus-endings .ss-bar-label { flex: 1 1 14em; }
.ss-casus-tree .ss-track, .ss-casus-endings .ss-track { flex: 0 0 30%; min-width: 6em; }
.ss-casus-here { font-size: 16px; color: #555; margin: 0.1em 0 0.3em 0; }
.ss-casus-ended { color: #14532d; }
.ss-casus-endings { font-size: 18px; }
.ss-casus-under-way .ss-bar { background: #9bb3c9; }
.ss-casus-steps table { border-collapse: collapse; }
.ss-casus-steps td, .ss-casus-steps th { border: 1px solid #dde; padding: 0.3em 0.5em;
  text-align: left; vertical-align: top; }
"""


CASUS = register(
    ExerciseType(
        name="casus",
        schema=Casus,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=CasusForm,
        dashboard_panel=CasusPanel,
        css=CSS,
    )
)
