"""Checking what a participant sends: the problem a form shows, and free text checked the
same way everywhere (length, identifiers). Pure functions, no widgets.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from .messages import t
from .privacy import find_identifiers

MAX_TEXT_LENGTH = 2000


class AnswerProblem(Exception):
    """An answer that cannot be saved as it is; ``message`` is Dutch for the participant."""

    def __init__(self, key: str, **values: object):
        self.message = t(key, **values)
        super().__init__(self.message)


def clean_text(value: Any, *, limit: int, required: bool) -> str:
    """Free text from a participant, stripped and checked; raises :class:`AnswerProblem`.

    Every free-text field of every type goes through here, so the identifier check is the same
    everywhere.
    """
    # A lone surrogate (JSON can carry one) cannot be stored as UTF-8: it becomes "?".
    text = (
        value.encode("utf-8", "replace").decode("utf-8").strip() if isinstance(value, str) else ""
    )
    if required and not text:
        raise AnswerProblem("answer.empty")
    if len(text) > limit:
        raise AnswerProblem("answer.too_long", length=len(text), limit=limit)
    findings = find_identifiers(text)
    if findings:
        kinds = dict.fromkeys(t(f"identifier.{f.category.value}") for f in findings)
        raise AnswerProblem("text.found", found=", ".join(kinds))
    return text


def clean_texts(
    items: Sequence[Any], raw: Mapping[str, Any], *, limit: int, problem_key: str
) -> dict[str, str]:
    """Free texts by item id (``raw[item.id]``), each through :func:`clean_text`; empty ones
    are left out. A problem names the item by number: ``t(problem_key, n=..., message=...)``.
    """
    texts = {}
    for n, item in enumerate(items, start=1):
        try:
            text = clean_text(raw.get(item.id), limit=limit, required=False)
        except AnswerProblem as problem:
            raise AnswerProblem(problem_key, n=n, message=problem.message) from problem
        if text:
            texts[item.id] = text
    return texts


def scores_per_item(
    items: Sequence[Any], given: Mapping[str, Any], allowed: Collection[int]
) -> tuple[dict[str, int], list[int]]:
    """The score ``given`` per item id when it is a whole number in ``allowed``, and the
    places (from 1) of the items without one. Ids that are no item are left out."""
    clean: dict[str, int] = {}
    missing: list[int] = []
    for n, item in enumerate(items, start=1):
        score = given.get(item.id)
        if isinstance(score, int) and not isinstance(score, bool) and score in allowed:
            clean[item.id] = score
        else:
            missing.append(n)
    return clean, missing
