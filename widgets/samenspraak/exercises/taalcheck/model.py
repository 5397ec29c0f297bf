"""``taalcheck``: rewrite a sentence that talks *about* parents into one that talks *with* them.

First everyone writes their own rewrite; once it is saved, they see the others' rewrites and
vote on the best ones. The group's results: the original sentence (and the example), then the
rewrites by votes; a rewrite the trainer hid is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints

from ...core.answers import MAX_TEXT_LENGTH, AnswerProblem, clean_text
from ...core.content import ExerciseBase
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

Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Taalcheck(ExerciseBase):
    """A sentence about parents, rewritten by everyone, then voted on."""

    type: Literal["taalcheck"]
    sentence: Sentence = Field(description="The original sentence that talks about parents")
    prompt: Sentence = Field(
        default_factory=lambda: t("taalcheck.default_prompt"),  # read when a workshop loads
        description="What the participant is asked to do",
    )
    example: Sentence | None = Field(
        default=None, description="An example rewrite, shown after one's own is saved"
    )
    votes: int = Field(default=2, ge=1, le=5, description="Votes per person")
    max_length: int = Field(default=300, ge=20, le=MAX_TEXT_LENGTH, description="Characters")

    def cross_check(self) -> list[tuple[list[Any], str]]:
        if self.example is not None and _same(self.example, self.sentence):
            return [(["example"], "het voorbeeld is gelijk aan de zin; schrijf de zin om")]
        return []


def _same(one: str, other: str) -> bool:
    """The same sentence, apart from capitals and spaces."""
    return " ".join(one.casefold().split()) == " ".join(other.casefold().split())


def check_answer(exercise: Taalcheck, value: Any) -> dict[str, Any]:
    """``{"id": str, "text": str, "votes": [rewrite ids]}``: the rewrite is checked like free
    text and must differ from the original; votes as in ``ideeen``."""
    if not isinstance(value, dict):
        raise AnswerProblem("voting.broken")
    rewrite_id = clean_id(value.get("id"))
    text = clean_text(value.get("text"), limit=exercise.max_length, required=True)
    if _same(text, exercise.sentence):
        raise AnswerProblem("taalcheck.same")
    votes = clean_votes(value.get("votes"), limit=exercise.votes, own={rewrite_id})
    return {"id": rewrite_id, "text": text, "votes": votes}


def rewrite_of(value: Any) -> list[tuple[str, str]]:
    """The ``(id, text)`` rewrite in a saved value, or nothing when it is malformed."""
    if not isinstance(value, dict) or not is_id(value.get("id")):
        return []
    text = value.get("text")
    return [(value["id"], text)] if isinstance(text, str) and text else []


def summarize(exercise: Taalcheck, answers: Sequence[Answer]) -> VotingSummary:
    """Every rewrite with the votes of others, most first, oldest first on a tie."""
    return tally_answers(answers, rewrite_of)


def sentence_html(exercise: Taalcheck) -> str:
    """The original sentence, quoted."""
    return f'<blockquote class="ss-taalcheck-sentence">“{escape(exercise.sentence)}”</blockquote>'


def results_head_html(exercise: Taalcheck) -> str:
    """Above the ranking: the original sentence and, if there is one, the example."""
    example = (
        f"<p><small>{escape(t('taalcheck.example_dash'))}:</small></p>"
        f'<p class="ss-taalcheck-example">{escape(exercise.example)}</p>'
        if exercise.example
        else ""
    )
    return sentence_html(exercise) + example


def render_html(
    exercise: Taalcheck,
    summary: VotingSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The sentence (and example), then the rewrites by votes; hidden ones are left out."""
    return results_head_html(exercise) + ranking_html(summary, t("taalcheck.none"), hidden)


def paper_html(exercise: Taalcheck, *, answer_key: bool = False) -> str:
    """The sentence and what to do, ruled lines for one's own rewrite, and a short note that
    the voting is on the others' rewrites. With the key, for the trainer: the example rewrite
    (which participants see only after saving their own), if the exercise has one."""
    votes = t(
        "taalcheck.paper_votes_many" if exercise.votes > 1 else "taalcheck.paper_votes_one",
        count=exercise.votes,
    )
    parts = [
        f"<p><b>{escape(t('taalcheck.original'))}</b></p>{sentence_html(exercise)}",
        f'<p class="ss-paper-prompt">{escape(exercise.prompt)}</p>',
        f'<p class="ss-paper-hint">{escape(t("taalcheck.paper_write"))}'
        f"<br><small>⚠ {escape(t('text.warning'))}</small></p>",
        '<div class="ss-paper-lines"></div>',
        f'<div class="ss-paper-votes"><p><b>{escape(t("taalcheck.others"))}</b></p>'
        f"<p>{escape(t('taalcheck.others_explain'))} {escape(votes)}</p></div>",
    ]
    if answer_key:
        example = (
            f"<p>{escape(t('taalcheck.paper_key_example'))}</p>"
            f'<p class="ss-taalcheck-example">{escape(exercise.example)}</p>'
            if exercise.example
            else ""
        )
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("taalcheck.paper_key"))}</b> '
            f"{escape(t('taalcheck.paper_key_text'))}</p>{example}</div>"
        )
    return f'<div class="ss-paper-taalcheck">{"".join(parts)}</div>'


TAALCHECK = register(
    ExerciseType(
        name="taalcheck",
        package=__package__,
        schema=Taalcheck,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="taalcheck.guide_task",
        guide_panel="taalcheck.guide_panel",
        shared_css=("voting.css",),
    )
)
