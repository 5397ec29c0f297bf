"""``taalcheck``'s widgets: phase 1 writes one's own rewrite, phase 2 votes on the others';
the trainer's panel ranks them with a *Verberg* button each."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ...core.html import escape, warning_html
from ...core.messages import t
from .._shared.base import counted_textarea
from .._shared.votes import VotingSummary, new_id, saved_votes
from .._shared.voting import VotingForm, VotingPanel
from ..registry import ExerciseView
from .model import Taalcheck, results_head_html, rewrite_of, sentence_html


class TaalcheckForm(VotingForm[Taalcheck]):
    """Phase 1: write and save one's own rewrite. Phase 2: vote on the others' rewrites."""

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [*super()._arrange(answer_widgets), self.phase_two]  # below Save and its status

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
        self._id = new_id()
        self.saved_text = ""
        self.text, self.counter = counted_textarea(
            exercise.max_length, placeholder=t("taalcheck.placeholder"), height="6em"
        )
        self.text.add_class("ss-taalcheck-text")
        example = (
            f"<h3>{escape(t('taalcheck.example'))}</h3>"
            f'<p class="ss-taalcheck-example">{escape(exercise.example)}</p>'
            if exercise.example
            else ""
        )
        self.phase_two = widgets.VBox(
            [
                widgets.HTML(
                    f"{example}<h3>{escape(t('taalcheck.others'))}</h3>"
                    f"<p>{escape(t('taalcheck.others_explain'))}</p>"
                ),
                self._make_vote_list(exercise.votes, t("taalcheck.others_none")),
            ],
            layout=widgets.Layout(display="none", width="100%"),
        )
        self.phase_two.add_class("ss-taalcheck-vote")
        return [
            widgets.HTML(
                f"<p><b>{escape(t('taalcheck.original'))}</b></p>{sentence_html(exercise)}"
                f'<p class="ss-prompt">{escape(exercise.prompt)}</p>'
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
        return rewrite_of(value)

    def _accept(self, value: dict[str, Any]) -> None:
        self.saved_text = value["text"]
        self.vote_list.set_votes(value["votes"])
        self.phase_two.layout.display = ""

    def set_value(self, value: dict[str, Any]) -> None:
        for rewrite_id, text in rewrite_of(value):
            self._id = rewrite_id
            self.text.value = self.saved_text = text
            self.phase_two.layout.display = ""
        self.vote_list.set_votes(saved_votes(value))


class TaalcheckPanel(VotingPanel[Taalcheck]):
    def render(self, summary: VotingSummary) -> list[widgets.Widget]:
        exercise = self.exercise
        return [
            widgets.HTML(results_head_html(exercise)),
            *self.ranking(summary, t("taalcheck.none")),
        ]


VIEW = ExerciseView(form=TaalcheckForm, panel=TaalcheckPanel)
