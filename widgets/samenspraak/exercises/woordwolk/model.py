"""``woordwolk``: a few short answers per person, shown together as a word cloud.

Counting: each entry is lower-cased and its stop words are left out (``samenspraak.core.text``), so
"het luisteren" and "Luisteren" both count as "luisteren", while "echt contact" stays one
phrase. An entry counts once per person; an entry of only stop words (or only digits or emoji)
is saved but not counted. The trainer can hide a word from the cloud.

The group's results: the prompt, the cloud as a picture and the most named words with their
counts (``_shared/cloud.py``, which ``open``'s cloud view uses too).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field

from ...core.answers import AnswerProblem, clean_text
from ...core.content import ExerciseBase, Prompt
from ...core.html import escape, warning_html
from ...core.messages import t
from ...core.records import Answer
from ...core.text import words
from .._shared.cloud import cloud_html
from ..registry import ExerciseType, register


class Woordwolk(ExerciseBase):
    """A question answered with a few words or short phrases; the group sees a word cloud."""

    type: Literal["woordwolk"]
    prompt: Prompt = Field(description="The question above the fields")
    max_words: int = Field(default=3, ge=1, le=5, description="Words or phrases per person")
    max_length: int = Field(default=40, ge=10, le=80, description="Characters per word or phrase")


def check_answer(exercise: Woordwolk, value: Any) -> dict[str, list[str]]:
    """``{"words": [str, ...]}``: 1 to ``max_words`` entries, each checked as free text.

    Empty fields are dropped; an entry given twice (ignoring case and spaces) is kept once.
    """
    raw = value.get("words") if isinstance(value, dict) else None
    if not isinstance(raw, list | tuple):
        raw = []
    if len(raw) > exercise.max_words:
        raise AnswerProblem("woordwolk.too_many", limit=exercise.max_words)
    kept: dict[str, str] = {}
    for n, entry in enumerate(raw, start=1):
        try:
            text = clean_text(entry, limit=exercise.max_length, required=False)
        except AnswerProblem as problem:
            raise AnswerProblem("woordwolk.in_field", n=n, problem=problem.message) from None
        text = " ".join(text.split())
        if text:
            kept.setdefault(text.casefold(), text)
    if not kept:
        raise AnswerProblem("woordwolk.empty")
    return {"words": list(kept.values())}


def normalise(entry: str) -> str:
    """The counted form of an entry: its meaningful words, lower case; "" if there are none."""
    return " ".join(words(entry))


def word_id(word: str) -> str:
    """A short stable id for a counted word, used to hide it."""
    return hashlib.blake2s(word.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class WordCount:
    id: str
    word: str
    count: int  # how many people named it


@dataclass(frozen=True)
class WoordwolkSummary:
    respondents: int
    words: tuple[WordCount, ...]  # most named first, then alphabetical


def entries_of(value: Any) -> list[str]:
    """The entries of a saved value; anything malformed is left out."""
    entries = value.get("words") if isinstance(value, dict) else None
    if not isinstance(entries, list):
        return []
    return [entry for entry in entries if isinstance(entry, str)]


def summarize(exercise: Woordwolk, answers: Sequence[Answer]) -> WoordwolkSummary:
    """How many people named each normalised entry (once per person)."""
    counts: Counter[str] = Counter()
    for answer in answers:
        counts.update({normalise(entry) for entry in entries_of(answer.value)} - {""})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return WoordwolkSummary(
        len(answers), tuple(WordCount(word_id(word), word, count) for word, count in ranked)
    )


def split_hidden(
    summary: WoordwolkSummary, hidden: frozenset[str]
) -> tuple[list[WordCount], list[WordCount]]:
    """The words still shown and the words the trainer hid, each most named first."""
    shown = [item for item in summary.words if item.id not in hidden]
    return shown, [item for item in summary.words if item.id in hidden]


def render_html(
    exercise: Woordwolk,
    summary: WoordwolkSummary,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
) -> str:
    """The prompt, then the cloud and the most named words; hidden words left out of both."""
    shown = split_hidden(summary, hidden)[0]
    counts = [(item.word, item.count) for item in shown]
    return f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>{cloud_html(counts)}'


def paper_html(exercise: Woordwolk, *, answer_key: bool = False) -> str:
    """The question on paper: the prompt, the note to write nothing that identifies a family,
    how many words to give, and a ruled line for each. With the key, a note for the trainer:
    no answer is right, and how the words are counted."""
    hint = (
        t("woordwolk.paper_hint", limit=exercise.max_words)
        if exercise.max_words > 1
        else t("woordwolk.paper_hint_one")
    )
    height = 2 * exercise.max_words  # one ruled line per word, a line every 2em (paper.css)
    parts = [
        f'<p class="ss-paper-prompt"><b>{escape(exercise.prompt)}</b></p>',
        warning_html(),
        f'<p class="ss-paper-hint">{escape(hint)}</p>',
        f'<div class="ss-paper-lines ss-paper-words" style="height:{height}em"></div>',
    ]
    if answer_key:
        parts.append(
            f'<div class="ss-paper-key"><p><b>{escape(t("woordwolk.paper_key"))}</b> '
            f"{escape(t('woordwolk.paper_key_text'))}</p></div>"
        )
    return f'<div class="ss-paper-woordwolk">{"".join(parts)}</div>'


WOORDWOLK = register(
    ExerciseType(
        name="woordwolk",
        package=__package__,
        schema=Woordwolk,
        check_answer=check_answer,
        summarize=summarize,
        render_html=render_html,
        paper_html=paper_html,
        guide_task="woordwolk.guide_task",
        guide_panel="woordwolk.guide_panel",
    )
)
