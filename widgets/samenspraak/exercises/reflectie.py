"""``reflectie``: a private journal; the text stays with the participant.

The participant writes at a few prompts and clicks *Klaar*. The texts are checked like every
free text (the file may be shared later), then offered as a download made in the browser.
Only ``{"written": n}`` (how many prompts got text) is saved: the texts never leave the
participant's kernel, so no trainer, group, export or database ever sees them.

Dashboard: only how many people wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import ipywidgets as widgets
from pydantic import Field

from ..core import messages
from ..core.answers import MAX_TEXT_LENGTH, AnswerProblem, clean_texts
from ..core.content import ContentModel, ExerciseBase, ShortText, Slug, repeated_ids
from ..core.html import download_link, escape, printable_html, status_html, warning_html
from ..core.messages import t
from ..core.records import Answer
from .base import AnswerForm, ResultsPanel
from .registry import ExerciseType, register

messages.register(
    {
        # participant
        "reflectie.private": (
            "Deze tekst is alleen voor jou. We bewaren hem niet en niemand ziet hem, ook de "
            "trainer niet. Sluit je de pagina, dan is je tekst weg. Wil je hem houden? Klik "
            "dan op Klaar en download je reflectie."
        ),
        "reflectie.why_warning": "Misschien deel je je reflectie later met iemand.",
        "reflectie.done": "Klaar",
        "reflectie.placeholder": "Schrijf hier voor jezelf ...",
        "reflectie.in_prompt": "Vraag {n}: {message}",
        "reflectie.ready": (
            "Je reflectie staat klaar. Download hem hieronder als je hem wilt bewaren. De "
            "groep ziet alleen dat je iets hebt geschreven."
        ),
        "reflectie.ready_not_counted": (
            "Je reflectie staat klaar. Download hem hieronder als je hem wilt bewaren. "
            "Meetellen voor de groep lukte niet: {problem}"
        ),
        "reflectie.changed": (
            "Je hebt je tekst veranderd. Klik opnieuw op Klaar voor een nieuwe download."
        ),
        "reflectie.not_kept": (
            "Je schreef eerder bij {written} van de {total} vragen. Die tekst hebben we niet "
            "bewaard: hij bleef alleen op jouw scherm. Je kunt hier opnieuw schrijven."
        ),
        "reflectie.download": "Download je reflectie",
        "reflectie.file_title": "Mijn reflectie: {title}",
        "reflectie.file_date": "Geschreven op {date}.",
        "reflectie.file_empty": "(niet ingevuld)",
        "reflectie.file_footer": (
            "Gemaakt met samenspraak. Deze tekst is van jou: hij is nergens anders bewaard."
        ),
        # dashboard
        "reflectie.writers": "{count} deelnemers hebben geschreven",
        "reflectie.writer": "1 deelnemer heeft geschreven",
        "reflectie.stays": (
            "De teksten blijven bij de deelnemers. Niemand anders ziet ze, ook jij niet."
        ),
    }
)


class Prompt(ContentModel):
    """One question to reflect on."""

    id: Slug
    text: ShortText


class Reflectie(ExerciseBase):
    """Private journal prompts: the texts are never stored, only how many were written."""

    type: Literal["reflectie"]
    prompts: list[Prompt] = Field(min_length=1, max_length=6)
    max_length: int = Field(
        default=MAX_TEXT_LENGTH, ge=20, le=MAX_TEXT_LENGTH, description="Characters per answer"
    )

    def cross_check(self) -> list[tuple[list[Any], str]]:
        return repeated_ids(self.prompts, "prompts", "reflectie", kind="vraag")


def reflections(exercise: Reflectie, value: Any) -> dict[str, str]:
    """The written texts by prompt id, each checked as free text; at least one.

    Raises :class:`AnswerProblem` naming the prompt: empty, too long, or an identifier.
    """
    raw = value.get("texts") if isinstance(value, dict) else None
    raw = raw if isinstance(raw, dict) else {}
    texts = clean_texts(
        exercise.prompts, raw, limit=exercise.max_length, problem_key="reflectie.in_prompt"
    )
    if not texts:
        raise AnswerProblem("answer.empty")
    return texts


def check_answer(exercise: Reflectie, value: Any) -> dict[str, int]:
    """``{"texts": {prompt_id: text}}`` in, ``{"written": n}`` out: the text is never kept."""
    return {"written": len(reflections(exercise, value))}


@dataclass(frozen=True)
class ReflectieSummary:
    respondents: int
    writers: int  # people who wrote at least one answer


def summarize(exercise: Reflectie, answers: Sequence[Answer]) -> ReflectieSummary:
    """How many people wrote; nothing else is known."""
    writers = 0
    for answer in answers:
        written = answer.value.get("written") if isinstance(answer.value, dict) else None
        if isinstance(written, int) and not isinstance(written, bool) and written > 0:
            writers += 1
    return ReflectieSummary(len(answers), writers)


def journal_html(exercise: Reflectie, texts: dict[str, str], day: date) -> str:
    """The printable file: the prompts, the person's answers and the date."""
    sections = "".join(
        f"<section><h2>{escape(prompt.text)}</h2>"
        f"<p>{escape(texts.get(prompt.id) or t('reflectie.file_empty'))}</p></section>"
        for prompt in exercise.prompts
    )
    return printable_html(
        t("reflectie.file_title", title=exercise.title),
        f"<p>{escape(t('reflectie.file_date', date=day.strftime('%d-%m-%Y')))}</p>{sections}",
        escape(t("reflectie.file_footer")),
    )


class ReflectieForm(AnswerForm):
    """A note that the text is private, a field per prompt, *Klaar*, then the download."""

    exercise: Reflectie

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.save_button.description = t("reflectie.done")

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        return [*super()._arrange(answer_widgets), self.download]

    def _answer_widgets(self) -> list[widgets.Widget]:
        exercise: Reflectie = self.exercise  # type: ignore[assignment]
        self.download = widgets.HTML()
        self.download.add_class("ss-reflectie-download")
        self.texts: dict[str, widgets.Textarea] = {}
        rows: list[widgets.Widget] = [
            widgets.HTML(
                f'<p class="ss-reflectie-private" role="note">'
                f"{escape(t('reflectie.private'))}</p>"
                f"{warning_html(t('reflectie.why_warning'))}"
            )
        ]
        for n, prompt in enumerate(exercise.prompts, start=1):
            field = widgets.Textarea(
                placeholder=t("reflectie.placeholder"),
                layout=widgets.Layout(width="100%", height="7em"),
            )
            field.add_class("ss-reflectie-text")
            field.add_class(f"ss-reflectie-prompt-{prompt.id}")
            self.texts[prompt.id] = field
            rows += [
                widgets.HTML(
                    f'<p class="ss-reflectie-prompt"><b>{n}.</b> {escape(prompt.text)}</p>'
                ),
                field,
            ]
        return rows

    def _inputs(self) -> list[widgets.ValueWidget]:
        return list(self.texts.values())

    def raw_value(self) -> dict[str, Any]:
        return {"texts": {pid: field.value for pid, field in self.texts.items()}}

    def set_value(self, value: Any) -> None:
        """Only a count was saved: say that the earlier text was not kept; fields stay as is."""
        written = value.get("written") if isinstance(value, dict) else None
        if isinstance(written, int) and not isinstance(written, bool) and written > 0:
            total = len(self.texts)
            self.status.value = status_html(
                t("reflectie.not_kept", written=min(written, total), total=total), "pending"
            )

    def show_saved(self, value: Any) -> None:
        self.set_value(value)

    def submit(self) -> bool:
        """Check the texts, offer the download, and save only the count; True when saved.

        The download works without joining a group: the journal is the person's own.
        """
        exercise: Reflectie = self.exercise  # type: ignore[assignment]
        raw = self.raw_value()
        try:
            texts = reflections(exercise, raw)
            value = self._check_answer(exercise, raw)
        except AnswerProblem as problem:
            self.download.value = ""
            self.status.value = status_html(problem.message, "problem")
            return False
        self.download.value = (
            f"<p>{download_link(t('reflectie.download'), self.filename(), self.journal(texts))}"
            f"<br><small>{escape(t('answer.print_hint'))}</small></p>"
        )
        try:
            if self._save is None:
                raise AnswerProblem("join.first")
            self._save(exercise, value)
        except AnswerProblem as problem:
            self.status.value = status_html(
                t("reflectie.ready_not_counted", problem=problem.message), "pending"
            )
            return False
        self.status.value = status_html(t("reflectie.ready"), "ok")
        return True

    def journal(self, texts: dict[str, str]) -> str:
        return journal_html(self.exercise, texts, date.today())  # type: ignore[arg-type]

    def filename(self) -> str:
        return f"reflectie-{self.exercise.id}-{date.today().isoformat()}.html"

    def _on_input_changed(self, _change: dict[str, Any]) -> None:
        """A changed text makes the download out of date: take it away until Klaar again."""
        if self.download.value:
            self.download.value = ""
            self.status.value = status_html(t("reflectie.changed"), "pending")


class ReflectiePanel(ResultsPanel):
    """Only how many wrote, and that the texts stay with the participants."""

    def render(self, summary: ReflectieSummary) -> list[widgets.Widget]:
        count = summary.writers
        writers = t("reflectie.writer") if count == 1 else t("reflectie.writers", count=count)
        return [
            widgets.HTML(
                f'<p class="ss-reflectie-count" data-count="{count}">{escape(writers)}</p>'
                f'<p class="ss-reflectie-stays">{escape(t("reflectie.stays"))}</p>'
            )
        ]


CSS = """
.ss-reflectie-private { background: #e8f1f8; border-left: 4px solid #1f5f8b;
  border-radius: 4px; padding: 0.4em 0.6em; }
.ss-reflectie-prompt { margin: 0.8em 0 0.3em 0; overflow-wrap: anywhere; }
.ss-reflectie-download .ss-download { display: inline-block; font-size: 17px;
  font-weight: bold; padding: 0.4em 0.2em; overflow-wrap: anywhere; }
.ss-reflectie-count { font-size: 26px; font-weight: bold; color: #1f3b57; margin: 0.2em 0; }
.ss-reflectie-stays { color: #333; }
"""


REFLECTIE = register(
    ExerciseType(
        name="reflectie",
        schema=Reflectie,
        check_answer=check_answer,
        summarize=summarize,
        participant_view=ReflectieForm,
        dashboard_panel=ReflectiePanel,
        css=CSS,
    )
)
