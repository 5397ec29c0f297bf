"""``ideeen``: "Wij willen toevoegen". Participants add short ideas and vote on others' ideas.

An idea is saved as soon as it is added; votes too. The group's results: every idea with its
votes (only votes from others count), most votes first; an idea the trainer hid is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field

from ...core.answers import AnswerProblem, clean_text
from ...core.content import ExerciseBase, Prompt
from ...core.html import escape
from ...core.messages import t
from ...core.records import Answer
from .._shared.votes import (
    VotingSummary,
    clean_id,
    clean_votes,
    is_id,
    ranking_html,
    tally_answers,
)
from ..registry import ExerciseType, register


class Ideeen(ExerciseBase):
    """An open list the group fills with its own ideas, then votes on."""

    type: Literal["ideeen"]
    prompt: Prompt = Field(description="The question above the field, e.g. what to add")
    max_ideas: int = Field(default=3, ge=1, le=10, description="Ideas per person")
    votes: int = Field(default=3, ge=1, le=10, description="Votes per person")
    max_length: int = Field(default=200, ge=20, le=300, description="Characters per idea")


def check_answer(exercise: Ideeen, value: Any) -> dict[str, list[Any]]:
    """``{"ideas": [{"id", "text"}], "votes": [idea ids]}``: each text checked like free text,
    at most ``max_ideas`` ideas and ``votes`` votes, no vote twice, none on one's own ideas."""
    if not isinstance(value, dict) or not isinstance(value.get("ideas", []), list):
        raise AnswerProblem("voting.broken")
    raw_ideas = value.get("ideas", [])
    if len(raw_ideas) > exercise.max_ideas:
        raise AnswerProblem("ideeen.too_many", limit=exercise.max_ideas)
    ideas: list[dict[str, str]] = []
    for idea in raw_ideas:
        if not isinstance(idea, dict):
            raise AnswerProblem("voting.broken")
        idea_id = clean_id(idea.get("id"))
        if any(idea_id == earlier["id"] for earlier in ideas):
            raise AnswerProblem("voting.broken")
        text = clean_text(idea.get("text"), limit=exercise.max_length, required=True)
        ideas.append({"id": idea_id, "text": text})
    own = {idea["id"] for idea in ideas}
    return {
        "ideas": ideas,
        "votes": clean_votes(value.get("votes"), limit=exercise.votes, own=own),
    }


def ideas_of(value: Any) -> list[tuple[str, str]]:
    """The ``(id, text)`` ideas in a saved value; anything malformed is left out."""
    ideas = value.get("ideas") if isinstance(value, dict) else None
    if not isinstance(ideas, list):
        return []
    return [
        (idea["id"], idea["text"])
        for idea in ideas
        if isinstance(idea, dict) and is_id(idea.get("id")) and isinstance(idea.get("text"), str)
    ]


def summarize(exercise: Ideeen, answers: Sequence[Answer]) -> VotingSummary:
    """Every idea with the votes of others, most first, oldest first on a tie."""
    return tally_answers(answers, ideas_of)


def prompt_html(exercise: Ideeen) -> str:
    """The question the ideas answer, above the form and the results."""
    return f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'


def render_html(
    exercise: Ideeen,
    summary: VotingSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The question, then the ideas by votes with bars; hidden ideas are left out."""
    return prompt_html(exercise) + ranking_html(summary, t("ideeen.none"), hidden)


def paper_html(exercise: Ideeen, *, answer_key: bool = False) -> str:
    """The question on paper, a numbered ruled space per idea (``max_ideas``), and a short
    note that the voting is on the others' ideas. With the key, a note for the trainer: no
    idea is right or wrong, and only votes from others count."""
    many = exercise.max_ideas > 1
    write = t(
        "ideeen.paper_write_many" if many else "ideeen.paper_write_one",
        limit=exercise.max_ideas,
        length=exercise.max_length,
    )
    votes = t(
        "ideeen.paper_votes_many" if exercise.votes > 1 else "ideeen.paper_votes_one",
        count=exercise.votes,
    )
    ideas = "".join(
        '<li class="ss-paper-idea"><div class="ss-paper-lines"></div></li>'
        for _ in range(exercise.max_ideas)
    )
    parts = [
        f'<p class="ss-paper-prompt"><b>{escape(exercise.prompt)}</b></p>',
        f'<p class="ss-paper-hint">{escape(write)}'
        f"<br><small>⚠ {escape(t('text.warning'))}</small></p>",
        f'<ol class="ss-paper-ideas">{ideas}</ol>',
        f'<div class="ss-paper-votes"><p><b>{escape(t("ideeen.others"))}</b></p>'
        f"<p>{escape(t('ideeen.others_explain'))} {escape(votes)}</p></div>",
    ]
    if answer_key:
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("ideeen.paper_key"))}</b> '
            f"{escape(t('ideeen.paper_key_text'))}</p></div>"
        )
    return f'<div class="ss-paper-ideeen">{"".join(parts)}</div>'


IDEEEN = register(
    ExerciseType(
        name="ideeen",
        package=__package__,
        schema=Ideeen,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="ideeen.guide_task",
        guide_panel="ideeen.guide_panel",
        final_section=1,
        shared_css=("voting.css",),
    )
)
