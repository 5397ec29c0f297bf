"""Aggregation rules shared by every exercise type, applied once, here.

Each type's own ``summarize`` turns answers into numbers or lists; this module decides
whether anything may be shown at all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .records import Answer, Role

S = TypeVar("S")


@dataclass(frozen=True)
class Withheld:
    """Too few people have answered for results to be shown without tracing them back."""

    count: int
    minimum: int


def respondents(answers: Sequence[Answer]) -> int:
    """How many different people answered."""
    return len({answer.pseudonym for answer in answers})


def with_minimum(
    summarize: Callable[[Any, Sequence[Answer]], S],
    exercise: Any,
    answers: Sequence[Answer],
    minimum: int,
) -> S | Withheld:
    """The summary of ``answers``, or :class:`Withheld` while fewer than ``minimum`` answered."""
    count = respondents(answers)
    if count < minimum:
        return Withheld(count, minimum)
    return summarize(exercise, answers)


def shown(answers: Sequence[Answer], hidden: Collection[str]) -> list[Answer]:
    """The answers the trainer did not take out of the shared view (by ``answer.item_id``)."""
    return [answer for answer in answers if answer.item_id not in hidden]


def by_role(answers: Sequence[Answer]) -> dict[Role, list[Answer]]:
    """The answers per role, in the order roles are listed; roles without answers left out."""
    groups: dict[Role, list[Answer]] = {role: [] for role in Role}
    for answer in answers:
        groups[answer.role].append(answer)
    return {role: group for role, group in groups.items() if group}


def by_round(answers: Sequence[Answer]) -> dict[int, list[Answer]]:
    """The answers per round, first round first."""
    groups: dict[int, list[Answer]] = {}
    for answer in sorted(answers, key=lambda a: a.round):
        groups.setdefault(answer.round, []).append(answer)
    return groups


# Keys under which an answer holds something picked or generated, never written: item ids,
# votes for others' items, a statement's choice (eens/oneens/weet_niet).
NOT_WRITTEN_KEYS = frozenset({"id", "votes", "choice"})


def strings_in(node: Any, *, skip: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every string in a JSON-like value, depth first; values under ``skip`` keys left out."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, child in node.items():
            if key not in skip:
                yield from strings_in(child, skip=skip)
    elif isinstance(node, list | tuple):
        for child in node:
            yield from strings_in(child, skip=skip)


def content_strings(exercise: Any) -> set[str]:
    """Every text of an exercise's content: the options and ids a participant picks."""
    return set(strings_in(exercise.model_dump()))


def written_texts(value: Any, known: set[str]) -> list[str]:
    """What a participant wrote in an answer: its strings that are neither content
    (``known``, see :func:`content_strings`) nor picked ids, votes or choices."""
    return [
        text.strip()
        for text in strings_in(value, skip=NOT_WRITTEN_KEYS)
        if text.strip() and text not in known
    ]
