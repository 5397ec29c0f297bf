"""``taalcheck``: rewrite a sentence that talks *about* parents into one that talks *with* them.

First everyone writes their own rewrite; once it is saved, they see the others' rewrites and
vote on the best ones. Dashboard: the original sentence, then the rewrites by votes; the
trainer can hide a rewrite for everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

import ipywidgets as widgets
from pydantic import Field, StringConstraints

from ..core import messages
from ..core.answers import MAX_TEXT_LENGTH, AnswerProblem, clean_text
from ..core.content import ExerciseBase
from ..core.html import escape, warning_html
from ..core.messages import t
from ..core.records import Answer
from ._voting import (
    VOTING_CSS,
    VotingForm,
    VotingPanel,
    VotingSummary,
    clean_id,
    clean_votes,
    is_id,
    new_id,
    saved_votes,
    tally_answers,
)
from .base import counted_textarea
from .registry import ExerciseType, register

messages.register(
    {
        "taalcheck.default_prompt": (
            "Schrijf deze zin opnieuw, zo dat je mét de ouder praat en niet óver de ouder."
        ),
        "taalcheck.original": "De zin",
        "taalcheck.placeholder": "Jouw nieuwe zin ...",
        "taalcheck.same": (
            "Dit is nog dezelfde zin. Schrijf hem in je eigen woorden opnieuw, zo dat je met de "
            "ouder praat."
        ),
        "taalcheck.example": "Een voorbeeld om mee te vergelijken",
        "taalcheck.others": "Zinnen van de anderen",
        "taalcheck.others_explain": "Stem op de zinnen die een ouder het liefst zou horen.",
        "taalcheck.others_none": "Nog geen zinnen van anderen. Ze verschijnen hier vanzelf.",
        "taalcheck.none": "Nog geen nieuwe zinnen.",
        "taalcheck.example_dash": "Voorbeeld uit de oefening",
    }
)

CSS = (
    VOTING_CSS,
    """
.ss-taalcheck-sentence {
  margin: 0.4em 0; padding: 0.5em 0.8em; border-left: 4px solid #b45309; background: #fff7e0;
  font-size: 17px; white-space: pre-wrap; overflow-wrap: anywhere;
}
.ss-taalcheck-example {
  margin: 0.4em 0; padding: 0.5em 0.8em; border-left: 4px solid #15803d; background: #e3f4e6;
  white-space: pre-wrap; overflow-wrap: anywhere;
}
.ss-taalcheck h4 { margin: 0.8em 0 0.2em 0; color: #1f3b57; }
""",
)

Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class Taalcheck(ExerciseBase):
    """A sentence about parents, rewritten by everyone, then voted on."""

    type: Literal["taalcheck"]
    sentence: Sentence = Field(description="The original sentence that talks about parents")
    prompt: Sentence = Field(
        default=t("taalcheck.default_prompt"),
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


def _rewrite(value: Any) -> list[tuple[str, str]]:
    """The ``(id, text)`` rewrite in a saved value, or nothing when it is malformed."""
    if not isinstance(value, dict) or not is_id(value.get("id")):
        return []
    text = value.get("text")
    return [(value["id"], text)] if isinstance(text, str) and text else []


def summarize(exercise: Taalcheck, answers: Sequence[Answer]) -> VotingSummary:
    """Every rewrite with the votes of others, most first, oldest first on a tie."""
    return tally_answers(answers, _rewrite)


class TaalcheckForm(VotingForm):
    """Phase 1: write and save one's own rewrite. Phase 2: vote on the others' rewrites."""

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [*super()._arrange(answer_widgets), self.phase_two]  # below Save and its status

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Taalcheck = self.exercise  # type: ignore[assignment]
        self._id = new_id()
        self.saved_text = ""
        self.text, self.counter = counted_textarea(
            exercise.max_length, placeholder=t("taalcheck.placeholder"), height="6em"
        )
        self.text.add_class("ss-taalcheck-text")
        example = (
            f"<h4>{escape(t('taalcheck.example'))}</h4>"
            f'<p class="ss-taalcheck-example">{escape(exercise.example)}</p>'
            if exercise.example
            else ""
        )
        self.phase_two = widgets.VBox(
            [
                widgets.HTML(
                    f"{example}<h4>{escape(t('taalcheck.others'))}</h4>"
                    f"<p>{escape(t('taalcheck.others_explain'))}</p>"
                ),
                self._make_vote_list(exercise.votes, t("taalcheck.others_none")),
            ],
            layout=widgets.Layout(display="none", width="100%"),
        )
        self.phase_two.add_class("ss-taalcheck-vote")
        return [
            widgets.HTML(
                f"<p><b>{escape(t('taalcheck.original'))}</b></p>"
                f'<blockquote class="ss-taalcheck-sentence">“{escape(exercise.sentence)}”'
                f'</blockquote><p class="ss-prompt">{escape(exercise.prompt)}</p>'
            ),
            widgets.HTML(warning_html()),
            self.text,
            self.counter,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return [self.text]

    def _typed_value(self) -> dict[str, Any]:
        return {"id": self._id, "text": self.text.value, "votes": self.vote_list.live_votes()}

    def _with_votes(self, votes: list[str]) -> dict[str, Any]:
        return {"id": self._id, "text": self.saved_text, "votes": votes}

    def _own_ids(self) -> set[str]:
        return {self._id}

    def _items_of(self, value: Any) -> list[tuple[str, str]]:
        return _rewrite(value)

    def _accept(self, value: dict[str, Any]) -> None:
        self.saved_text = value["text"]
        self.vote_list.set_votes(value["votes"])
        self.phase_two.layout.display = ""

    def set_value(self, value: dict[str, Any]) -> None:
        for rewrite_id, text in _rewrite(value):
            self._id = rewrite_id
            self.text.value = self.saved_text = text
            self.phase_two.layout.display = ""
        self.vote_list.set_votes(saved_votes(value))


class TaalcheckPanel(VotingPanel):
    def render(self, summary: VotingSummary) -> list[widgets.Widget]:
        exercise: Taalcheck = self.exercise  # type: ignore[assignment]
        example = (
            f"<p><small>{escape(t('taalcheck.example_dash'))}:</small></p>"
            f'<p class="ss-taalcheck-example">{escape(exercise.example)}</p>'
            if exercise.example
            else ""
        )
        return [
            widgets.HTML(
                f'<blockquote class="ss-taalcheck-sentence">“{escape(exercise.sentence)}”'
                f"</blockquote>{example}"
            ),
            *self.ranking(summary, t("taalcheck.none")),
        ]


TAALCHECK = register(
    ExerciseType(
        name="taalcheck",
        schema=Taalcheck,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=TaalcheckForm,
        dashboard_panel=TaalcheckPanel,
        css=CSS,
    )
)
