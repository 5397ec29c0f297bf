"""Voting on what others wrote, shared by ``ideeen`` and ``taalcheck``.

Items (ideas, rewrites) get a random id in the participant's form. A person's votes are a list
of such ids, saved with their own answer. The page passes the other participants' values and
the ids the trainer hid; a vote for an item that is gone (removed or hidden) no longer counts,
and the person gets it back. The dashboard counts only votes on other people's items.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from ..core import messages
from ..core.answers import AnswerProblem
from ..core.content import ExerciseBase
from ..core.html import escape, status_html
from ..core.messages import t
from ..core.records import Answer
from .base import AnswerForm, ResultsPanel

messages.register(
    {
        "voting.vote": "Stem",
        "voting.voted": "Gestemd",
        "voting.vote_hint": "Klik om op deze tekst te stemmen",
        "voting.voted_hint": "Je stemde hierop. Klik om je stem terug te nemen",
        "voting.left_many": "Je hebt nog {count} stemmen.",
        "voting.left_one": "Je hebt nog 1 stem.",
        "voting.left_none": (
            "Je stemmen zijn op. Wil je iets anders kiezen? Klik dan eerst op Gestemd om een "
            "stem terug te nemen."
        ),
        "voting.saved": "Je stem is opgeslagen.",
        "voting.taken_back": "Je stem is teruggenomen.",
        "voting.broken": (
            "Er ging iets mis met je antwoord. Laad de pagina opnieuw en probeer het nog eens."
        ),
        "voting.twice": "Je kunt maar één keer op dezelfde tekst stemmen.",
        "voting.own": "Op je eigen tekst kun je niet stemmen.",
        "voting.too_many": "Je kunt maximaal {limit} stemmen geven. Neem eerst een stem terug.",
        "voting.count_one": "1 stem",
        "voting.count_many": "{count} stemmen",
        "voting.summary": "Toegevoegd door: {authors}. Gestemd door: {voters}.",
    }
)

ID_PATTERN = re.compile(r"[0-9a-f]{8}")

VOTING_CSS = """
.ss-vote-option, .ss-vote-item, .ss-ideeen-own-item { border-bottom: 1px solid #e3e8ef; }
.ss-vote-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.4; }
.ss-vote-option button, .ss-vote-item button, .ss-ideeen-own-item button {
  min-height: 2.4em; font-size: 15px;
}
.ss-votes-left { font-weight: bold; color: #1f3b57; margin: 0.4em 0; line-height: 1.4; }
.ss-vote-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3em 0.6em; }
.ss-vote-row .ss-vote-text { flex: 1 1 14em; min-width: 0; }
.ss-vote-rank { font-weight: bold; color: #1f3b57; min-width: 1.6em; }
.ss-vote-track { flex: 0 0 7em; height: 1em; background: #eef2f7; }
.ss-vote-fill { display: block; height: 100%; background: #1f5f8b; }
.ss-vote-count { white-space: nowrap; min-width: 5.5em; }
.ss-vote-tally { color: #1f3b57; }
.ss-vote-hidden-box { opacity: 0.8; }
"""


def new_id() -> str:
    """A random id for a new item, made in the participant's form."""
    return secrets.token_hex(4)


def is_id(value: Any) -> bool:
    return isinstance(value, str) and ID_PATTERN.fullmatch(value) is not None


def clean_id(value: Any) -> str:
    """An item id as the form makes it; anything else is a broken answer."""
    if not is_id(value):
        raise AnswerProblem("voting.broken")
    return value


def clean_votes(raw: Any, *, limit: int, own: Collection[str]) -> list[str]:
    """At most ``limit`` different item ids, none of them the person's own items."""
    if raw is None:
        return []
    if not isinstance(raw, list | tuple) or not all(is_id(vote) for vote in raw):
        raise AnswerProblem("voting.broken")
    if len(set(raw)) != len(raw):
        raise AnswerProblem("voting.twice")
    if any(vote in own for vote in raw):
        raise AnswerProblem("voting.own")
    if len(raw) > limit:
        raise AnswerProblem("voting.too_many", limit=limit)
    return list(raw)


def saved_votes(value: Any) -> list[str]:
    """The votes in a saved value; anything malformed is left out."""
    votes = value.get("votes") if isinstance(value, dict) else None
    return [vote for vote in votes if isinstance(vote, str)] if isinstance(votes, list) else []


# --- counting ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VotedItem:
    id: str
    text: str
    votes: int


@dataclass(frozen=True)
class VotingSummary:
    """Items by votes (most first; on a tie the oldest first), and who took part."""

    respondents: int
    authors: int  # people with at least one item
    voters: int  # people with at least one vote that counts
    items: tuple[VotedItem, ...]


def tally_answers(
    answers: Sequence[Answer], items_of: Callable[[Any], list[tuple[str, str]]]
) -> VotingSummary:
    """:func:`tally` over saved answers: ``items_of(value)`` gives an answer's own
    ``(id, text)`` items; every answer's ``votes`` are its ballot."""
    return tally(
        len(answers),
        [(a.pseudonym, item_id, text) for a in answers for item_id, text in items_of(a.value)],
        [(a.pseudonym, saved_votes(a.value)) for a in answers],
    )


def tally(
    respondents: int,
    entries: Iterable[tuple[str, str, str]],
    ballots: Iterable[tuple[str, Sequence[str]]],
) -> VotingSummary:
    """Count votes. ``entries`` are ``(author, id, text)`` oldest first; ``ballots`` are
    ``(voter, ids)``. A vote counts once, only for an existing item of someone else."""
    author_of: dict[str, str] = {}
    text_of: dict[str, str] = {}
    for author, item_id, text in entries:
        if item_id not in author_of:  # a repeated id keeps its first, oldest item
            author_of[item_id] = author
            text_of[item_id] = text
    counts = dict.fromkeys(author_of, 0)
    voters = 0
    for voter, votes in ballots:
        counted = [v for v in dict.fromkeys(votes) if v in author_of and author_of[v] != voter]
        for item_id in counted:
            counts[item_id] += 1
        voters += bool(counted)
    ranked = sorted(author_of, key=lambda item_id: -counts[item_id])  # stable: oldest first
    return VotingSummary(
        respondents,
        len(set(author_of.values())),
        voters,
        tuple(VotedItem(item_id, text_of[item_id], counts[item_id]) for item_id in ranked),
    )


def count_label(count: int) -> str:
    return t("voting.count_one") if count == 1 else t("voting.count_many", count=count)


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


class VotingForm(AnswerForm):
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


class VotingPanel(ResultsPanel):
    """Items by votes with bars; each can be hidden, and hidden ones sit in a closed section."""

    def ranking(self, summary: VotingSummary, empty: str) -> list[widgets.Widget]:
        shown = [item for item in summary.items if item.id not in self.hidden]
        hidden = [item for item in summary.items if item.id in self.hidden]
        top = max((item.votes for item in shown), default=0)
        tally_line = widgets.HTML(
            f'<p class="ss-vote-tally" data-authors="{summary.authors}" '
            f'data-voters="{summary.voters}">'
            f"{escape(t('voting.summary', authors=summary.authors, voters=summary.voters))}</p>"
        )
        ranked = widgets.VBox(
            [self._row(n, item, top, hide=True) for n, item in enumerate(shown, start=1)]
            or [widgets.HTML(f"<p>{escape(empty)}</p>")]
        )
        ranked.add_class("ss-vote-ranking")
        parts: list[widgets.Widget] = [tally_line, ranked]
        if hidden:
            parts.append(self._hidden_section(hidden))
        return parts

    def _row(self, rank: int, item: VotedItem, top: int, *, hide: bool) -> widgets.HBox:
        share = round(100 * item.votes / top) if top else 0
        text = widgets.HTML(
            f'<div class="ss-vote-row" data-id="{escape(item.id)}" data-count="{item.votes}">'
            f'<span class="ss-vote-rank">{rank}.</span>'
            f'<span class="ss-vote-text">{escape(item.text)}</span>'
            f'<span class="ss-vote-track"><span class="ss-vote-fill" style="width:{share}%">'
            f'</span></span><span class="ss-vote-count" data-count="{item.votes}">'
            f"{escape(count_label(item.votes))}</span></div>",
            layout=widgets.Layout(flex="1 1 20em", min_width="0"),
        )
        box = widgets.HBox(
            [text, self.hide_button(item.id, hide=hide, css="ss-vote", flex="0 0 auto")],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center", width="100%"),
        )
        box.add_class("ss-vote-item")
        if is_id(item.id):
            box.add_class(f"ss-vote-item-{item.id}")
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
