"""Aggregation rules shared by every exercise type, applied once, here.

Each type's own ``summarize`` turns answers into numbers or lists; this module decides
whether anything may be shown at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .store import Answer

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
