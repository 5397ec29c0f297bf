"""``ideeen``'s widgets: add ideas (saved at once), remove one's own, vote on the others';
the trainer's panel ranks them with a *Verberg* button each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from ...core.html import escape, warning_html
from ...core.messages import t
from .._shared.votes import VotingSummary, new_id, saved_votes
from .._shared.voting import VotingForm, VotingPanel
from ..registry import ExerciseView
from .model import Ideeen, ideas_of, prompt_html


class IdeeenForm(VotingForm[Ideeen]):
    """Add ideas (saved at once), remove your own, vote on the ideas of others."""

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        # Under the Toevoegen button and its status: one's own ideas, then the others'.
        return [
            *super()._arrange(answer_widgets),
            self.own,
            widgets.HTML(
                f"<h3>{escape(t('ideeen.others'))}</h3><p>{escape(t('ideeen.others_explain'))}</p>"
            ),
            self.vote_list,
        ]

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise = self.exercise
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
            widgets.HTML(prompt_html(exercise)),
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
        return ideas_of(value)

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
        self.ideas = [{"id": idea_id, "text": text} for idea_id, text in ideas_of(value)]
        self.vote_list.set_votes(saved_votes(value))
        self._draw_own()

    def show_group(self, others: Sequence[Any], hidden: frozenset[str]) -> None:
        super().show_group(others, hidden)
        self._draw_own()

    def _draw_own(self) -> None:
        """One's own ideas with Verwijder; redrawn only when they or what is hidden changed."""
        exercise = self.exercise
        drawn = (tuple(tuple(i.items()) for i in self.ideas), self._own_ids() & self._hidden)
        if drawn == self._own_drawn:
            return
        self._own_drawn = drawn
        full = len(self.ideas) >= exercise.max_ideas
        self.save_button.disabled = full
        self.text.disabled = full
        heading = t("ideeen.yours", count=len(self.ideas), limit=exercise.max_ideas)
        rows: list[widgets.Widget] = [widgets.HTML(f"<h3>{escape(heading)}</h3>")]
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


class IdeeenPanel(VotingPanel[Ideeen]):
    def render(self, summary: VotingSummary) -> list[widgets.Widget]:
        exercise = self.exercise
        return [widgets.HTML(prompt_html(exercise)), *self.ranking(summary, t("ideeen.none"))]


VIEW = ExerciseView(form=IdeeenForm, panel=IdeeenPanel)
