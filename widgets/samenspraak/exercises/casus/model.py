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

from pydantic import Field, StringConstraints

from ...core.answers import AnswerProblem, clean_texts
from ...core.content import ContentModel, ExerciseBase, Prompt, Situation, Slug, repeated_ids
from ...core.html import bar_rows, escape, markdown, text_list, warning_html
from ...core.messages import t
from ...core.records import Answer
from ..registry import ExerciseType, register

MAX_CHOICES = 4
DEBRIEF_LIMIT = 600


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
            *repeated_ids(self.steps, "steps", "casus", noun="stap"),
            *repeated_ids(self.debrief, "debrief", "casus", noun="vraag"),
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


def trail_html(steps: Sequence[Step], chosen: Sequence[Choice]) -> str:
    """The participant's route so far: per step passed, its first sentence and the choice."""
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


def render_html(
    exercise: Casus,
    summary: CasusSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The route tree, the endings, the table per step and the debrief answers (escaped).

    Nothing in a casus can be hidden and it shows no subgroups: ``hidden`` and ``minimum``
    are not used.
    """
    parts = [
        f"<h4>{escape(t('casus.routes'))}</h4>"
        f"<p><small>{escape(t('casus.routes_explain'))}</small></p>"
        f'<div class="ss-casus-tree">{_node_html(exercise, summary.tree, ())}</div>',
        _endings_html(exercise, summary),
        _steps_html(exercise, summary),
        _debrief_html(exercise, summary),
    ]
    return f'<div class="ss-casus-results">{"".join(parts)}</div>'


def _node_html(exercise: Casus, node: RouteNode, prefix: tuple[int, ...]) -> str:
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
        nested = _node_html(exercise, child, (*prefix, index)) if child else ""
        branches.append(
            f'<li class="ss-casus-branch" data-choice="{index}">'
            f"{bar_rows([(choice.label, child.count if child else 0)], chose, 'ss-casus-bar')}"
            f"{nested}</li>"
        )
    here = ""
    if node.here:
        key = "casus.ended_here" if step.is_ending else "casus.deciding"
        state_class = "ss-casus-ended" if step.is_ending else "ss-casus-deciding"
        here = (
            f'<div class="ss-casus-here {state_class}" data-count="{node.here}">'
            f"{escape(t(key, count=node.here))}</div>"
        )
    branch_list = f'<ul class="ss-casus-branches">{"".join(branches)}</ul>' if branches else ""
    return (
        f'<div class="ss-casus-node" data-step="{escape(step.id)}" '
        f'data-path="{".".join(map(str, prefix))}" data-count="{node.count}">{head}'
        f"{branch_list}{here}</div>"
    )


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
        f'<h4>{escape(t("casus.endings"))}</h4><div class="ss-casus-endings">{"".join(rows)}</div>'
    )


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


# --- on paper --------------------------------------------------------------------------------


def paper_order(exercise: Casus) -> tuple[list[Step], list[Step]]:
    """The steps as numbered on paper: first the steps with choices, the start first and each
    step after every step that leads to it (so a choice always sends the reader further down
    the page), otherwise in content order; then the endings, in content order."""
    first: dict[str, Step] = {}
    for step in exercise.steps:
        first.setdefault(step.id, step)
    choosing = [step for step in first.values() if not step.is_ending]
    endings = [step for step in first.values() if step.is_ending]
    before = {
        step.id: {
            other.id
            for other in choosing
            if other.id != step.id and any(c.next == step.id for c in other.choices)
        }
        for step in choosing
    }
    order: list[Step] = []
    placed: set[str] = set()
    while len(order) < len(choosing):
        waiting = [step for step in choosing if step.id not in placed]
        ready = [step for step in waiting if before[step.id] <= placed] or waiting  # a loop
        step = next((s for s in ready if s.id == exercise.start), ready[0])
        order.append(step)
        placed.add(step.id)
    return order, endings


def paper_html(exercise: Casus, *, answer_key: bool = False) -> str:
    """The case on paper: the situation, every step numbered with its choices and where each
    leads ("→ ga naar stap 3"), the endings and the debrief questions with lines to write on.

    With ``answer_key`` (the trainer's guide) each choice also shows what happens right after
    it (its consequence), marked as the key; without it nothing of that appears.
    """
    steps, endings = paper_order(exercise)
    step_numbers = {step.id: n for n, step in enumerate(steps, start=1)}
    ending_numbers = {step.id: n for n, step in enumerate(endings, start=1)}

    def goes_to(choice: Choice) -> str:
        if choice.next in step_numbers:
            return t("casus.paper_to_step", n=step_numbers[choice.next])
        if choice.next in ending_numbers:
            return t("casus.paper_to_ending", n=ending_numbers[choice.next])
        return f"→ {choice.next}"  # cannot happen in checked content

    parts = [
        f'<p class="ss-paper-how">{escape(t("casus.paper_how"))}</p>',
        f'<div class="ss-paper-case"><p class="ss-paper-head"><b>{escape(t("casus.situation"))}'
        f"</b></p>{markdown(exercise.case)}</div>",
    ]
    for step in steps:
        choices = []
        for choice in step.choices:
            key = (
                f'<div class="ss-paper-key"><b>{escape(t("casus.paper_key"))}</b> '
                f"{escape(choice.consequence)}</div>"
                if answer_key and choice.consequence
                else ""
            )
            choices.append(
                f'<li><span class="ss-paper-box">☐</span> {escape(choice.label)} '
                f'<span class="ss-paper-goto">{escape(goes_to(choice))}</span>{key}</li>'
            )
        parts.append(
            f'<div class="ss-paper-step" data-step="{escape(step.id)}">'
            f'<p class="ss-paper-head"><b>{escape(t("casus.step", n=step_numbers[step.id]))}'
            f"</b></p>{markdown(step.text)}"
            f'<p class="ss-casus-ask">{escape(t("casus.what_now"))}</p>'
            f'<ul class="ss-paper-choices">{"".join(choices)}</ul></div>'
        )
    for step in endings:
        parts.append(
            f'<div class="ss-paper-step ss-paper-ending" data-step="{escape(step.id)}">'
            f'<p class="ss-paper-head"><b>'
            f"{escape(t('casus.paper_ending', n=ending_numbers[step.id]))}</b></p>"
            f"{markdown(step.text)}"
            f'<p class="ss-paper-goto">{escape(t("casus.paper_ending_then"))}</p></div>'
        )
    questions = "".join(
        f'<p class="ss-paper-question"><b>{n}.</b> {escape(question.text)}</p>'
        '<div class="ss-paper-lines"></div>'
        for n, question in enumerate(exercise.debrief, start=1)
    )
    parts.append(
        f'<div class="ss-paper-debrief"><p class="ss-paper-head"><b>'
        f"{escape(t('casus.debrief'))}</b></p>"
        f"<p>{escape(t('casus.paper_debrief_how'))}</p>{warning_html()}{questions}</div>"
    )
    return f'<div class="ss-casus-paper">{"".join(parts)}</div>'


CASUS = register(
    ExerciseType(
        name="casus",
        package=__package__,
        schema=Casus,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="casus.guide_task",
        guide_panel="casus.guide_panel",
    )
)
