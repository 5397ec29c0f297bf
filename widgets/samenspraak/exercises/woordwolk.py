"""``woordwolk``: a few short answers per person, shown together as a word cloud.

Counting: each entry is lower-cased and its stop words are left out (``samenspraak.core.text``), so
"het luisteren" and "Luisteren" both count as "luisteren", while "echt contact" stays one
phrase. An entry counts once per person; an entry of only stop words (or only digits or emoji)
is saved but not counted. The trainer can hide a word from the cloud.

The cloud itself is drawn by ``charts.word_cloud_png``, only in the trainer's kernel; ``open``
uses :func:`cloud_view` for its word-cloud view.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import ipywidgets as widgets
from pydantic import Field

from ..core import messages
from ..core.answers import AnswerProblem, clean_text
from ..core.content import ExerciseBase, Prompt
from ..core.html import escape, warning_html
from ..core.messages import t
from ..core.records import Answer
from ..core.text import words
from .base import AnswerForm, ResultsPanel
from .registry import ExerciseType, register

CLOUD_WORDS = 60  # at most this many words in the picture
TOP_WORDS = 15  # the most named words, listed under the picture with their counts

messages.register(
    {
        "woordwolk.placeholder": "Woord of korte zin",
        "woordwolk.hint": "Vul 1 tot {limit} vakjes in: één woord of korte zin per vakje.",
        "woordwolk.hint_one": "Vul één woord of een korte zin in.",
        "woordwolk.empty": "Vul minstens één woord of korte zin in.",
        "woordwolk.too_many": "Je kunt maximaal {limit} woorden geven.",
        "woordwolk.in_field": "Woord {n}: {problem}",
        "woordwolk.none": "Nog geen woorden om te laten zien.",
        "woordwolk.top": "Meest genoemd",
        "woordwolk.caption": (
            "Hoe vaker iets genoemd is, hoe groter het staat. "
            "Hieronder staat wat het vaakst genoemd is, met het aantal mensen."
        ),
        "woordwolk.manage": "Woorden verbergen",
        "woordwolk.manage_hint": (
            "Staat er iets in dat een gezin of collega herkenbaar maakt? Verberg het woord. "
            "Het verdwijnt dan uit de woordwolk en de lijst."
        ),
    }
)

CSS = """
/* ipywidgets adds a 2px margin on each side: 100% wide would stick out on a phone. */
.ss-woordwolk-field { width: calc(100% - 4px); max-width: 26em; }
.ss-woordwolk-field input { width: 100%; box-sizing: border-box; }
.ss-woordwolk-cloud { max-width: 100%; height: auto; border: 1px solid #eef2f7; }
.ss-woordwolk-top { display: flex; flex-wrap: wrap; gap: 0.3em 0.5em; list-style: none;
  padding: 0; margin: 0.4em 0; }
.ss-woordwolk-item { background: #eef2f7; color: #1f3b57; border-radius: 1em;
  padding: 0.15em 0.7em; overflow-wrap: anywhere; }
.ss-woordwolk-count { font-weight: bold; color: #1f5f8b; margin-left: 0.3em; }
.ss-woordwolk-manage-box { margin: 0.2em 0 0.4em 0; }
.ss-woordwolk-row { flex-wrap: wrap; align-items: center; gap: 0.4em; }
.ss-woordwolk-top-title { margin: 0.6em 0 0.1em 0; color: #1f3b57; }
"""


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


def _entries(value: Any) -> list[str]:
    """The entries of a saved value; anything malformed is left out."""
    entries = value.get("words") if isinstance(value, dict) else None
    if not isinstance(entries, list):
        return []
    return [entry for entry in entries if isinstance(entry, str)]


def summarize(exercise: Woordwolk, answers: Sequence[Answer]) -> WoordwolkSummary:
    """How many people named each normalised entry (once per person)."""
    counts: Counter[str] = Counter()
    for answer in answers:
        counts.update({normalise(entry) for entry in _entries(answer.value)} - {""})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return WoordwolkSummary(
        len(answers), tuple(WordCount(word_id(word), word, count) for word, count in ranked)
    )


class WoordwolkForm(AnswerForm):
    """A few short text fields, one word or phrase each."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Woordwolk = self.exercise  # type: ignore[assignment]
        self.fields: list[widgets.Text] = []
        for n in range(1, exercise.max_words + 1):
            field = widgets.Text(
                placeholder=t("woordwolk.placeholder"),
                layout=widgets.Layout(width="calc(100% - 4px)", max_width="26em"),
            )
            field.add_class("ss-woordwolk-field")
            field.add_class(f"ss-woordwolk-field-{n}")
            self.fields.append(field)
        hint = (
            t("woordwolk.hint", limit=exercise.max_words)
            if exercise.max_words > 1
            else t("woordwolk.hint_one")
        )
        return [
            widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'),
            widgets.HTML(warning_html()),
            widgets.HTML(f'<p class="ss-woordwolk-hint">{escape(hint)}</p>'),
            *self.fields,
        ]

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.fields)

    def raw_value(self) -> dict[str, Any]:
        return {"words": [field.value for field in self.fields]}

    def set_value(self, value: dict[str, Any]) -> None:
        entries = _entries(value)
        for n, field in enumerate(self.fields):
            field.value = entries[n] if n < len(entries) else ""


# --- the trainer's view: shared with ``open`` ---------------------------------------------


def word_chip(word: str, count: int) -> str:
    """One counted word as an escaped label with its count."""
    return (
        f'<span class="ss-woordwolk-word">{escape(word)}</span>'
        f'<span class="ss-woordwolk-count" data-count="{count}">{count}</span>'
    )


def cloud_view(counts: Sequence[tuple[str, int]]) -> list[widgets.Widget]:
    """The word cloud as a PNG, then the most named words with their counts.

    The list is the cloud in words, for screen readers and for reading exact numbers.
    """
    if not counts:
        return [widgets.HTML(f'<p class="ss-woordwolk-none">{escape(t("woordwolk.none"))}</p>')]
    # Imported here: drawing loads wordcloud, numpy and Pillow, for the trainer's kernel only.
    from ..charts import word_cloud_png

    cloud = widgets.Image(
        value=word_cloud_png(list(counts[:CLOUD_WORDS])),
        format="png",
        layout=widgets.Layout(width="100%", max_width="960px", height="auto"),
    )
    cloud.add_class("ss-woordwolk-cloud")
    items = "".join(
        f'<li class="ss-woordwolk-item" data-word="{escape(word)}" data-count="{count}">'
        f"{word_chip(word, count)}</li>"
        for word, count in counts[:TOP_WORDS]
    )
    listing = widgets.HTML(
        f'<p class="ss-woordwolk-caption"><small>{escape(t("woordwolk.caption"))}</small></p>'
        f'<h4 class="ss-woordwolk-top-title">{escape(t("woordwolk.top"))}</h4>'
        f'<ol class="ss-woordwolk-top">{items}</ol>'
    )
    return [cloud, listing]


class WoordwolkPanel(ResultsPanel):
    """The cloud of what the group named; a closed section lets the trainer hide words."""

    def render(self, summary: WoordwolkSummary) -> list[widgets.Widget]:
        exercise: Woordwolk = self.exercise  # type: ignore[assignment]
        shown = [item for item in summary.words if item.id not in self.hidden]
        hidden = [item for item in summary.words if item.id in self.hidden]
        parts: list[widgets.Widget] = [
            widgets.HTML(f'<p class="ss-prompt"><b>{escape(exercise.prompt)}</b></p>'),
            *cloud_view([(item.word, item.count) for item in shown]),
        ]
        if summary.words:
            parts.append(self._manage(shown[:CLOUD_WORDS], hidden))
        return parts

    def _manage(self, shown: list[WordCount], hidden: list[WordCount]) -> widgets.VBox:
        """Closed by default, so the projected dashboard shows only the cloud."""
        rows: list[widgets.Widget] = [
            widgets.HTML(f"<p><small>{escape(t('woordwolk.manage_hint'))}</small></p>")
        ]
        rows += [self._row(item, hide=True) for item in shown]
        if hidden:
            rows.append(widgets.HTML(f"<h4>{escape(t('group.hidden', count=len(hidden)))}</h4>"))
            rows += [self._row(item, hide=False) for item in hidden]
        box = widgets.VBox(rows)
        box.add_class("ss-woordwolk-manage-box")
        return self.folding(
            t("woordwolk.manage"), box, css="ss-woordwolk-hiding", toggle_css="ss-woordwolk-manage"
        )

    def _row(self, item: WordCount, *, hide: bool) -> widgets.HBox:
        label = widgets.HTML(
            f'<span class="ss-woordwolk-item" data-id="{item.id}" data-count="{item.count}">'
            f"{word_chip(item.word, item.count)}</span>"
        )
        row = widgets.HBox([label, self.hide_button(item.id, hide=hide, css="ss-woordwolk")])
        row.add_class("ss-woordwolk-row")
        row.add_class(f"ss-woordwolk-row-{item.id}")
        return row


WOORDWOLK = register(
    ExerciseType(
        name="woordwolk",
        schema=Woordwolk,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=WoordwolkForm,
        dashboard_panel=WoordwolkPanel,
        css=CSS,
    )
)
