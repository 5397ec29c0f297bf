"""Voting on what others wrote, the pure part shared by ``ideeen`` and ``taalcheck``.

Items (ideas, rewrites) get a random id in the participant's form. A person's votes are a list
of such ids, saved with their own answer. A vote for an item that is gone (removed or hidden)
no longer counts, and the dashboard counts only votes on other people's items.

Here: ids, the vote checks, the tally and the ranking as static HTML. The widgets that use
them are in ``voting.py``.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ...core.answers import AnswerProblem
from ...core.html import escape
from ...core.messages import t
from ...core.records import Answer

ID_PATTERN = re.compile(r"[0-9a-f]{8}")


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


# --- the ranking as HTML -------------------------------------------------------------------


def split_hidden(
    summary: VotingSummary, hidden: Collection[str]
) -> tuple[list[VotedItem], list[VotedItem]]:
    """The items the group sees and the items the trainer hid, each in ranking order."""
    shown = [item for item in summary.items if item.id not in hidden]
    return shown, [item for item in summary.items if item.id in hidden]


def top_votes(items: Sequence[VotedItem]) -> int:
    """The most votes of these items: that item's bar is full."""
    return max((item.votes for item in items), default=0)


def tally_html(summary: VotingSummary) -> str:
    """How many people wrote something and how many voted."""
    return (
        f'<p class="ss-vote-tally" data-authors="{summary.authors}" '
        f'data-voters="{summary.voters}">'
        f"{escape(t('voting.summary', authors=summary.authors, voters=summary.voters))}</p>"
    )


def row_html(rank: int, item: VotedItem, top: int) -> str:
    """One item: its place, its text (escaped), a bar against ``top`` and its votes."""
    share = round(100 * item.votes / top) if top else 0
    return (
        f'<div class="ss-vote-row" data-id="{escape(item.id)}" data-count="{item.votes}">'
        f'<span class="ss-vote-rank">{rank}.</span>'
        f'<span class="ss-vote-text">{escape(item.text)}</span>'
        f'<span class="ss-vote-track"><span class="ss-vote-fill" style="width:{share}%">'
        f'</span></span><span class="ss-vote-count" data-count="{item.votes}">'
        f"{escape(count_label(item.votes))}</span></div>"
    )


def item_classes(item: VotedItem) -> list[str]:
    """The classes of the box around one item's row."""
    return ["ss-vote-item", *([f"ss-vote-item-{item.id}"] if is_id(item.id) else [])]


def empty_html(empty: str) -> str:
    """What the ranking shows when there is nothing (left) to rank."""
    return f"<p>{escape(empty)}</p>"


def ranking_html(summary: VotingSummary, empty: str, hidden: Collection[str] = ()) -> str:
    """The tally line and the items by votes with bars; hidden items are left out."""
    shown, _hidden = split_hidden(summary, hidden)
    top = top_votes(shown)
    rows = "".join(
        f'<div class="{" ".join(item_classes(item))}">{row_html(rank, item, top)}</div>'
        for rank, item in enumerate(shown, start=1)
    )
    return f'{tally_html(summary)}<div class="ss-vote-ranking">{rows or empty_html(empty)}</div>'
