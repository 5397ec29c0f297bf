"""The voting widgets shared by ``ideeen`` and ``taalcheck``: the participant's list to vote
on, the form that saves items and votes at once, and the trainer's ranking with *Verberg*.

The pure part (ids, vote checks, the tally, the ranking as HTML) is in ``votes.py``. The page
passes the other participants' values and the ids the trainer hid; a vote for an item that is
gone (removed or hidden) no longer counts, and the person gets it back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from ...core.content import ExerciseBase
from ...core.html import escape, status_html
from ...core.messages import t
from .base import AnswerForm, ExerciseT, ResultsPanel
from .votes import (
    VotedItem,
    VotingSummary,
    empty_html,
    item_classes,
    row_html,
    split_hidden,
    tally_html,
    top_votes,
)

# --- the participant's list to vote on ----------------------------------------------------


class VoteList(widgets.VBox):
    """Others' items, each with a Stem/Gestemd button, and how many votes are left.

    ``cast`` saves a new list of votes and returns True when that worked; only then does the
    list change. Votes for items that are not shown (removed or hidden) do not count.
    """

    def __init__(self, limit: int, cast: Callable[[list[str]], bool], empty: str):
        self.limit = limit
        self._cast = cast
        self._empty = widgets.HTML(f'<p class="ss-vote-empty">{escape(empty)}</p>')
        self.votes: list[str] = []  # as saved; may hold ids that are not shown now
        self._rows: dict[str, tuple[widgets.HTML, widgets.Button, widgets.HBox]] = {}
        self.left = widgets.HTML()
        self.note = widgets.HTML()  # the outcome of the last vote
        self.items = widgets.VBox()
        self.items.add_class("ss-vote-list")
        super().__init__([self.left, self.items, self.note], layout=widgets.Layout(width="100%"))
        self.add_class("ss-votes")
        self.show([])

    def live_votes(self) -> list[str]:
        """The votes that count: those for items on screen."""
        return [vote for vote in self.votes if vote in self._rows]

    def show(self, items: Sequence[tuple[str, str]]) -> None:
        """Show these ``(id, text)`` items, keeping the rows that were there already."""
        rows: dict[str, tuple[widgets.HTML, widgets.Button, widgets.HBox]] = {}
        for item_id, text in items:
            if item_id in rows:
                continue
            row = self._rows.get(item_id) or self._new_row(item_id)
            markup = f'<div class="ss-vote-text">{escape(text)}</div>'
            if row[0].value != markup:
                row[0].value = markup
            rows[item_id] = row
        self._rows = rows
        self.items.children = tuple(row[2] for row in rows.values()) if rows else (self._empty,)
        self._redraw()

    def set_votes(self, votes: Sequence[str]) -> None:
        self.votes = list(votes)
        self._redraw()

    def _new_row(self, item_id: str) -> tuple[widgets.HTML, widgets.Button, widgets.HBox]:
        text = widgets.HTML(layout=widgets.Layout(flex="1 1 12em", min_width="0"))
        button = widgets.Button(layout=widgets.Layout(width="auto", flex="0 0 auto"))
        button.add_class("ss-vote-button")
        button.on_click(lambda _b: self.toggle(item_id))
        box = widgets.HBox(
            [text, button],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center", width="100%"),
        )
        box.add_class("ss-vote-option")
        box.add_class(f"ss-vote-option-{item_id}")
        return text, button, box

    def toggle(self, item_id: str) -> bool:
        """Vote for an item, or take the vote back; True when that was saved."""
        live = self.live_votes()
        if item_id not in self._rows:
            return False
        if item_id in live:
            new, done = [vote for vote in live if vote != item_id], "voting.taken_back"
        elif len(live) >= self.limit:
            self.note.value = status_html(t("voting.left_none"), "problem")
            return False
        else:
            new, done = [*live, item_id], "voting.saved"
        if not self._cast(new):
            return False
        self.votes = new
        self.note.value = status_html(t(done), "ok")
        self._redraw()
        return True

    def _redraw(self) -> None:
        live = self.live_votes()
        left = self.limit - len(live)
        key = {0: "voting.left_none", 1: "voting.left_one"}.get(left, "voting.left_many")
        self.left.value = (
            f'<p class="ss-votes-left" data-left="{left}">{escape(t(key, count=left))}</p>'
        )
        for item_id, (_text, button, _box) in self._rows.items():
            voted = item_id in live
            button.description = t("voting.voted" if voted else "voting.vote")
            button.icon = "check" if voted else "thumbs-up"
            button.button_style = "success" if voted else ""
            button.tooltip = t("voting.voted_hint" if voted else "voting.vote_hint")
            button.disabled = not voted and left <= 0
            if voted:
                button.add_class("ss-voted")
            else:
                button.remove_class("ss-voted")


class VotingForm(AnswerForm[ExerciseT]):
    """A form whose answer holds the person's own items and their votes on others' items.

    Adding, removing and voting save at once: they call :meth:`save_value`, which runs the
    same check and save as the Save button. After a save the form takes the cleaned value
    as its own state (:meth:`_accept`).
    """

    uses_group = True
    vote_list: VoteList

    def __init__(self, exercise: ExerciseBase, *args: Any, **kwargs: Any):
        self._draft: Any = None
        self._hidden: frozenset[str] = frozenset()
        super().__init__(exercise, *args, **kwargs)

    def _make_vote_list(self, limit: int, empty: str) -> VoteList:
        self.vote_list = VoteList(limit, self._cast_votes, empty)
        return self.vote_list

    # what subclasses fill in
    def _typed_value(self) -> Any:
        """The value as typed in the form, for the Save (or Toevoegen) button."""
        raise NotImplementedError

    def _with_votes(self, votes: list[str]) -> Any:
        """The saved value with other votes."""
        raise NotImplementedError

    def _own_ids(self) -> set[str]:
        raise NotImplementedError

    def _items_of(self, value: Any) -> list[tuple[str, str]]:
        """The ``(id, text)`` items in another person's saved value; garbage gives none."""
        raise NotImplementedError

    def _accept(self, value: Any) -> None:
        """The form's state after ``value`` was saved."""
        raise NotImplementedError

    # shared behaviour
    def raw_value(self) -> Any:
        return self._draft if self._draft is not None else self._typed_value()

    def submit(self) -> bool:
        value = self.raw_value()
        self._draft = value  # saving refreshes the group feed; the value must not change
        try:
            saved = super().submit()
        finally:
            self._draft = None
        if saved:
            self._accept(self._check_answer(self.exercise, value))
        return saved

    def save_value(self, value: Any, done: str | None = None) -> bool:
        """Check and save ``value`` now; on success show ``t(done)`` as the status."""
        self._draft = value
        saved = self.submit()
        if saved and done:
            self.status.value = status_html(t(done), "ok")
        return saved

    def _cast_votes(self, votes: list[str]) -> bool:
        """Save new votes; the outcome shows under the list, the form's status stays."""
        before = self.status.value
        saved = self.save_value(self._with_votes(votes))
        if not saved:
            self.vote_list.note.value = self.status.value
        self.status.value = before
        return saved

    def show_group(self, others: Sequence[Any], hidden: frozenset[str]) -> None:
        self._hidden = hidden
        own = self._own_ids()
        self.vote_list.show(
            [
                (item_id, text)
                for value in others
                for item_id, text in self._items_of(value)
                if item_id not in hidden and item_id not in own
            ]
        )


# --- the trainer's ranking ----------------------------------------------------------------


class VotingPanel(ResultsPanel[ExerciseT]):
    """Items by votes with bars; each can be hidden, and hidden ones sit in a closed section."""

    def ranking(self, summary: VotingSummary, empty: str) -> list[widgets.Widget]:
        """What ``votes.ranking_html`` draws, with a *Verberg* button per item, and the
        hidden items in a closed section."""
        shown, hidden = split_hidden(summary, self.hidden)
        top = top_votes(shown)
        ranked = widgets.VBox(
            [self._row(n, item, top, hide=True) for n, item in enumerate(shown, start=1)]
            or [widgets.HTML(empty_html(empty))]
        )
        ranked.add_class("ss-vote-ranking")
        parts: list[widgets.Widget] = [widgets.HTML(tally_html(summary)), ranked]
        if hidden:
            parts.append(self._hidden_section(hidden))
        return parts

    def _row(self, rank: int, item: VotedItem, top: int, *, hide: bool) -> widgets.HBox:
        text = widgets.HTML(
            row_html(rank, item, top), layout=widgets.Layout(flex="1 1 20em", min_width="0")
        )
        box = widgets.HBox(
            [text, self.hide_button(item.id, hide=hide, css="ss-vote", flex="0 0 auto")],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center", width="100%"),
        )
        for css in item_classes(item):
            box.add_class(css)
        return box

    def _hidden_section(self, items: list[VotedItem]) -> widgets.VBox:
        """Closed by default, so a projected dashboard never shows what the trainer hid."""
        rows = widgets.VBox(
            [self._row(n, item, 0, hide=False) for n, item in enumerate(items, start=1)]
        )
        rows.add_class("ss-vote-hidden-box")
        return self.folding(
            t("group.hidden", count=len(items)),
            rows,
            css="ss-vote-hidden",
            toggle_css="ss-vote-hidden-toggle",
        )
