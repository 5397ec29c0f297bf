"""``ideeen``: "Wij willen toevoegen". Participants add short ideas and vote on others' ideas.

An idea is saved as soon as it is added; votes too. Dashboard: every idea with its votes (only
votes from others count), most votes first; the trainer can hide an idea for everyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import ipywidgets as widgets
from pydantic import Field

from ..core import messages
from ..core.answers import AnswerProblem, clean_text
from ..core.content import ExerciseBase, Prompt
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
from .registry import ExerciseType, register

messages.register(
    {
        "ideeen.placeholder": "Mijn idee: ...",
        "ideeen.add": "Toevoegen",
        "ideeen.added": "Je idee staat erbij. De anderen zien het nu ook.",
        "ideeen.remove": "Verwijder",
        "ideeen.removed": "Je idee is weggehaald.",
        "ideeen.yours": "Jouw ideeën ({count} van {limit})",
        "ideeen.yours_none": "Je hebt nog geen idee toegevoegd.",
        "ideeen.hidden_note": "De trainer heeft dit idee verborgen voor de groep.",
        "ideeen.full": (
            "Je hebt {limit} ideeën toegevoegd. Wil je een nieuw idee toevoegen? "
            "Haal er dan eerst een weg."
        ),
        "ideeen.too_many": "Je kunt maximaal {limit} ideeën toevoegen. Haal er eerst een weg.",
        "ideeen.others": "Ideeën van de anderen",
        "ideeen.others_explain": "Stem op de ideeën die jij het belangrijkst vindt.",
        "ideeen.others_none": "Nog geen ideeën van anderen. Ze verschijnen hier vanzelf.",
        "ideeen.none": "Nog geen ideeën.",
    }
)

CSS = (
    VOTING_CSS,
    """
.ss-ideeen-own { margin: 0.4em 0 0.8em 0; }
.ss-ideeen-hidden-note, .ss-ideeen-full { color: #713f12; font-size: 14px; line-height: 1.4; }
.ss-ideeen h4 { margin: 0.8em 0 0.2em 0; color: #1f3b57; }
""",
)


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


def _ideas(value: Any) -> list[tuple[str, str]]:
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
    return tally_answers(answers, _ideas)


class IdeeenForm(VotingForm):
    """Add ideas (saved at once), remove your own, vote on the ideas of others."""

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        # Under the Toevoegen button and its status: one's own ideas, then the others'.
        return [
            *super()._arrange(answer_widgets),
            self.own,
            widgets.HTML(
                f"<h4>{escape(t('ideeen.others'))}</h4><p>{escape(t('ideeen.others_explain'))}</p>"
            ),
            self.vote_list,
        ]

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Ideeen = self.exercise  # type: ignore[assignment]
        self.ideas: list[dict[str, str]] = []
        self._next_id = new_id()
        self.text = widgets.Textarea(
            placeholder=t("ideeen.placeholder"),
            layout=widgets.Layout(width="100%", height="4.5em"),
        )
        self.text.add_class("ss-ideeen-text")
        self.save_button.description = t("ideeen.add")
        self.save_button.icon = "plus"
        self.save_button.add_class("ss-ideeen-add")
        self.own = widgets.VBox()
        self.own.add_class("ss-ideeen-own")
        self._make_vote_list(exercise.votes, t("ideeen.others_none"))
        self._own_drawn: tuple[Any, ...] | None = None
        self._draw_own()
        return [
            widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'),
            widgets.HTML(warning_html()),
            self.text,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return []  # an idea is saved when it is added; typing marks nothing as unsaved

    def _on_save_clicked(self, _button: widgets.Button | None = None) -> None:
        self.save_value(self._typed_value(), "ideeen.added")

    def _typed_value(self) -> dict[str, Any]:
        typed = {"id": self._next_id, "text": self.text.value}
        return {"ideas": [*self.ideas, typed], "votes": self.vote_list.live_votes()}

    def _with_votes(self, votes: list[str]) -> dict[str, Any]:
        return {"ideas": list(self.ideas), "votes": votes}

    def _own_ids(self) -> set[str]:
        return {idea["id"] for idea in self.ideas}

    def _items_of(self, value: Any) -> list[tuple[str, str]]:
        return _ideas(value)

    def _accept(self, value: dict[str, Any]) -> None:
        if any(idea["id"] == self._next_id for idea in value["ideas"]):
            self.text.value = ""
            self._next_id = new_id()
        self.ideas = list(value["ideas"])
        self.vote_list.set_votes(value["votes"])
        self._draw_own()

    def remove(self, idea_id: str) -> bool:
        """Take one of one's own ideas away, at once; True when that was saved."""
        ideas = [idea for idea in self.ideas if idea["id"] != idea_id]
        return self.save_value(
            {"ideas": ideas, "votes": self.vote_list.live_votes()}, "ideeen.removed"
        )

    def set_value(self, value: dict[str, Any]) -> None:
        self.ideas = [{"id": idea_id, "text": text} for idea_id, text in _ideas(value)]
        self.vote_list.set_votes(saved_votes(value))
        self._draw_own()

    def show_group(self, others: Sequence[Any], hidden: frozenset[str]) -> None:
        super().show_group(others, hidden)
        self._draw_own()

    def _draw_own(self) -> None:
        """One's own ideas with Verwijder; redrawn only when they or what is hidden changed."""
        exercise: Ideeen = self.exercise  # type: ignore[assignment]
        drawn = (tuple(tuple(i.items()) for i in self.ideas), self._own_ids() & self._hidden)
        if drawn == self._own_drawn:
            return
        self._own_drawn = drawn
        full = len(self.ideas) >= exercise.max_ideas
        self.save_button.disabled = full
        self.text.disabled = full
        heading = t("ideeen.yours", count=len(self.ideas), limit=exercise.max_ideas)
        rows: list[widgets.Widget] = [widgets.HTML(f"<h4>{escape(heading)}</h4>")]
        if not self.ideas:
            rows.append(widgets.HTML(f"<p>{escape(t('ideeen.yours_none'))}</p>"))
        for idea in self.ideas:
            note = (
                f'<div class="ss-ideeen-hidden-note">{escape(t("ideeen.hidden_note"))}</div>'
                if idea["id"] in self._hidden
                else ""
            )
            text = widgets.HTML(
                f'<div class="ss-vote-text">{escape(idea["text"])}</div>{note}',
                layout=widgets.Layout(flex="1 1 12em", min_width="0"),
            )
            button = widgets.Button(
                description=t("ideeen.remove"),
                icon="trash",
                layout=widgets.Layout(width="auto", flex="0 0 auto"),
            )
            button.add_class("ss-ideeen-remove")
            button.on_click(lambda _b, idea_id=idea["id"]: self.remove(idea_id))
            row = widgets.HBox(
                [text, button],
                layout=widgets.Layout(flex_flow="row wrap", align_items="center", width="100%"),
            )
            row.add_class("ss-ideeen-own-item")
            rows.append(row)
        if full:
            rows.append(
                widgets.HTML(
                    f'<p class="ss-ideeen-full">'
                    f"{escape(t('ideeen.full', limit=exercise.max_ideas))}</p>"
                )
            )
        self.own.children = tuple(rows)


class IdeeenPanel(VotingPanel):
    def render(self, summary: VotingSummary) -> list[widgets.Widget]:
        exercise: Ideeen = self.exercise  # type: ignore[assignment]
        return [
            widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'),
            *self.ranking(summary, t("ideeen.none")),
        ]


IDEEEN = register(
    ExerciseType(
        name="ideeen",
        schema=Ideeen,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=IdeeenForm,
        dashboard_panel=IdeeenPanel,
        css=CSS,
    )
)
