"""Self-study: one person does a workshop alone, without a group, a trainer or a database.

Answers stay in this kernel. Each form still runs its type's ``check_answer`` (so identifiers
are refused as in a group), then the page shows, under the form, the person's own answer
beside a reference group: invented answers shipped with the kit (``content/examples/``),
always labelled as invented. Both sides are drawn by the type's own dashboard panel, without
the trainer's controls and notes. At the end of the page the person can download everything
they answered, as a printable HTML file and as JSON; nothing is kept anywhere else.

The panels may draw charts (matplotlib, wordcloud): only this mode loads them. A page in a
group never does, so group kernels stay small.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

from ..core.content import ContentError, ExerciseBase, WorkshopBase
from ..core.html import css_beside, download_link, escape, printable_html, style_tag
from ..core.messages import t
from ..core.records import Answer, Role, StoreUnavailable
from ..core.remote_store import STORE_TOKEN_ENV, STORE_URL_ENV, RemoteStore
from ..exercises import exercise_type
from ..exercises._shared.base import AnswerForm
from ..exercises.results import body_html
from .style import stylesheet_html, unless_served

if TYPE_CHECKING:
    from ..core.store import Store
    from ..examples import Examples

SELF_STUDY_ENV = "SAMENSPRAAK_SELF_STUDY"
# Forms are 44em wide in a group; alone, the answer and the reference group sit side by side.
FORM_WIDTH = "64em"
OWN_PSEUDONYM = "jij"


CSS = style_tag(css_beside(__file__, "selfstudy.css"))

_log = logging.getLogger(__name__)


def self_study_only() -> bool:
    """True where no group can join: Binder sets ``SAMENSPRAAK_SELF_STUDY=1``."""
    return os.environ.get(SELF_STUDY_ENV, "").strip().lower() in {"1", "true", "yes", "ja", "on"}


def group_store() -> Store | RemoteStore | None:
    """The results store for a page that may join a group; None when only self-study works.

    Under ``samenspraak serve`` the participant server answers the page's store calls
    (:mod:`~samenspraak.core.remote_store`): the kernel loads no database code and holds no
    connection. Elsewhere (plain Voila, JupyterLab) the page opens the store itself.
    In self-study mode no store is made at all, so no database file appears.
    """
    if self_study_only():
        return None
    if url := os.environ.get(STORE_URL_ENV):
        return RemoteStore(url, os.environ.get(STORE_TOKEN_ENV, ""))
    from ..core.store import Store  # SQLAlchemy: only where no participant server answers

    try:
        # A participant's kernel holds no database connections between calls.
        return Store(hold_connections=False)
    except (StoreUnavailable, OSError) as err:
        _log.warning("no results store (%s); the page offers self-study only", err)
        return None


def own_answer(exercise_id: str, role: Role, value: Any) -> Answer:
    """The person's answer as the store would give it back, for the type's summary."""
    now = datetime.now(UTC).replace(tzinfo=None)
    return Answer(OWN_PSEUDONYM, role, exercise_id, 1, value, now, now)


def panel_html(exercise: ExerciseBase, answers: list[Answer] | tuple[Answer, ...]) -> str:
    """The type's results over ``answers`` as static HTML (its ``render_html``).

    No minimum group size: this is one person's view.
    """
    summary = exercise_type(exercise.type).summarize(exercise, list(answers))
    return body_html(exercise, summary)


def comparison_html(own: str, group: str, count: int) -> str:
    """The person's answer beside the reference group; side by side, stacked on a phone."""
    counted = t("selfstudy.count_one") if count == 1 else t("selfstudy.count", count=count)
    return (
        '<div class="ss-compare">'
        f'<section class="ss-compare-col ss-compare-own"><h3>{escape(t("selfstudy.own"))}</h3>'
        f"{own}</section>"
        f'<section class="ss-compare-col ss-compare-group">'
        f"<h3>{escape(t('selfstudy.group'))}</h3>"
        f'<p class="ss-invented" role="note">{escape(t("selfstudy.invented"))}</p>'
        f'<p class="ss-compare-count" data-count="{count}">{escape(counted)}</p>'
        f"{group}</section></div>"
    )


class SelfStudy:
    """One person working alone on a page: answers in memory, compared with the examples."""

    def __init__(self, workshop: WorkshopBase, forms: Mapping[str, AnswerForm]):
        self.workshop = workshop
        self.forms = forms
        self.active = False
        self.answers: dict[str, Any] = {}  # by exercise id, as check_answer returned them
        # What the person wrote in a private type (reflections), for their own file only.
        self.private_texts: dict[str, list[tuple[str, str, str]]] = {}
        self.comparisons: dict[str, widgets.HTML] = {}
        self._examples: Examples | None = None
        self._own_html: dict[str, str] = {}
        self._group_html: dict[str, str] = {}

        self.start_button = widgets.Button(
            description=t("selfstudy.start"), icon="user", layout=widgets.Layout(width="auto")
        )
        self.start_button.add_class("ss-self-study-start")
        # The second path on the join panel, below Meedoen.
        self.choice = widgets.VBox(
            [
                widgets.HTML(
                    f"<h3>{escape(t('selfstudy.or'))}</h3><p>{escape(t('selfstudy.explain'))}</p>"
                ),
                self.start_button,
            ]
        )
        self.choice.add_class("ss-self-study-choice")

        self.role = widgets.ToggleButtons(
            options=[(t(f"role.{role.value}"), role.value) for role in Role],
            value=Role.PROFESSIONAL.value,
            style={"button_width": "auto"},
        )
        self.role.add_class("ss-role")
        self.role.add_class("ss-self-study-role")
        self.role.observe(self._on_role, names="value")
        self.note = widgets.HTML()
        self.banner = widgets.VBox(
            [self.note, widgets.HTML(f"<p>{escape(t('selfstudy.role'))}</p>"), self.role],
            layout=widgets.Layout(display="none"),
        )
        self.banner.add_class("ss-self-study-banner")
        # What the join panel holds: the rules (always), the banner once self-study started.
        self.panel = widgets.VBox([*unless_served(CSS), self.banner])

        self.downloads = widgets.HTML(layout=widgets.Layout(display="none", width="100%"))
        self.downloads.add_class("ss-self-study-downloads")

    # --- starting ----------------------------------------------------------------------

    @property
    def examples(self) -> Examples:
        """The invented answers, read once; none when the file is missing or has problems."""
        from ..examples import Examples, load_examples  # PyYAML: only when someone works alone

        if self._examples is None:
            try:
                self._examples = load_examples(self.workshop)
            except ContentError as err:
                _log.error("example answers not used:\n%s", err)
                self._examples = Examples(self.workshop.id)
        return self._examples

    def start(self, *, group_possible: bool) -> None:
        """Work alone from now on; every form saves here."""
        if self.active:
            return
        self.active = True
        later = f"<p>{escape(t('selfstudy.join_later'))}</p>" if group_possible else ""
        self.note.value = (
            f"<h2>{escape(t('selfstudy.title'))}</h2>"
            f'<p class="ss-self-study-stays">{escape(t("selfstudy.stays"))}</p>'
            f"<p>{escape(t('selfstudy.compare'))}</p>{later}"
        )
        self.banner.layout.display = ""
        for form in self.forms.values():
            self.adopt(form)

    def adopt(self, form: AnswerForm) -> None:
        """Ready a form for self-study: the role, a place for the comparison, examples to
        vote on."""
        form.set_role(Role(self.role.value))
        form.saved_texts = ("selfstudy.kept", "selfstudy.kept_again")
        form.layout.max_width = FORM_WIDTH  # room for two columns side by side
        exercise = form.exercise
        examples = self.examples.of(exercise.id)
        if not examples or exercise_type(exercise.type).private:
            return
        comparison = self.comparisons.get(exercise.id)
        if comparison is None:
            comparison = widgets.HTML(layout=widgets.Layout(width="100%"))
            comparison.add_class("ss-comparison")
            self.comparisons[exercise.id] = comparison
        if comparison not in form.children:
            form.children = (*form.children, comparison)
        if form.uses_group:
            form.show_group([answer.value for answer in examples], frozenset())
            form.session_note.value = (
                f'<p class="ss-invented" role="note">{escape(t("selfstudy.voting_note"))}</p>'
            )

    def _on_role(self, change: dict[str, Any]) -> None:
        for form in self.forms.values():
            form.set_role(Role(change["new"]))

    # --- saving ------------------------------------------------------------------------

    def save(self, exercise: ExerciseBase, value: Any) -> bool:
        """Keep a checked answer in memory and show it beside the reference group.

        Returns True when it replaced an earlier answer, as a store would.
        """
        replaced = exercise.id in self.answers
        self.answers[exercise.id] = value
        form = self.forms.get(exercise.id)
        registered = exercise_type(exercise.type)
        if registered.private:
            if form is not None and registered.own_texts is not None:
                self.private_texts[exercise.id] = registered.own_texts(exercise, form.raw_value())
        else:
            own = own_answer(exercise.id, Role(self.role.value), value)
            self._own_html[exercise.id] = panel_html(exercise, [own])
            self._show_comparison(exercise)
        self._refresh_downloads()
        return replaced

    def _show_comparison(self, exercise: ExerciseBase) -> None:
        examples = self.examples.of(exercise.id)
        comparison = self.comparisons.get(exercise.id)
        if not examples or comparison is None:
            return
        if exercise.id not in self._group_html:
            self._group_html[exercise.id] = panel_html(exercise, examples)
        comparison.value = comparison_html(
            self._own_html[exercise.id], self._group_html[exercise.id], len(examples)
        )

    # --- the person's own file -----------------------------------------------------------

    def _refresh_downloads(self) -> None:
        if not self.answers:
            self.downloads.layout.display = "none"
            return
        day = date.today()
        stem = f"samenspraak-{self.workshop.id}-{day.isoformat()}"
        html_link = download_link(
            t("selfstudy.download_html"), f"{stem}.html", self.printable(day), css="ss-html"
        )
        json_link = download_link(
            t("selfstudy.download_json"),
            f"{stem}.json",
            self.as_json(day),
            mime="application/json",
            css="ss-json",
        )
        self.downloads.value = (
            f"<h3>{escape(t('selfstudy.downloads'))}</h3>"
            f"<p>{escape(t('selfstudy.downloads_explain'))}</p>"
            f"<p>{html_link} {json_link}</p>"
            f"<p><small>{escape(t('answer.print_hint'))}</small></p>"
        )
        self.downloads.layout.display = ""

    def _answered(self) -> list[ExerciseBase]:
        return [e for e in self.workshop.exercises if e.id in self.answers]

    def printable(self, day: date) -> str:
        """Everything the person answered, one section per exercise, ready to print."""
        sections = []
        for exercise in self._answered():
            if exercise_type(exercise.type).private:
                body = _private_html(self.private_texts.get(exercise.id, []))
            else:
                body = self._own_html.get(exercise.id, "")
            sections.append(f"<section><h2>{escape(exercise.title)}</h2>{body}</section>")
        sources = "".join(
            f"<li>{escape(s.publisher)}{f' ({s.year})' if s.year else ''}: "
            f"<i>{escape(s.title)}</i></li>"
            for s in self.workshop.sources
        )
        return printable_html(
            t("selfstudy.file_title", title=self.workshop.title),
            # The kit's own rules, so bars and tables look as they did on the page.
            f"{stylesheet_html()}"
            f"<p>{escape(t('selfstudy.file_date', date=day.strftime('%d-%m-%Y')))}</p>"
            f"{''.join(sections)}<h2>{escape(t('sources.title'))}</h2><ul>{sources}</ul>",
            escape(t("selfstudy.file_footer")),
        )

    def as_json(self, day: date) -> str:
        """The same answers as data: each exercise's value as its type stores it."""
        answers = []
        for exercise in self._answered():
            entry: dict[str, Any] = {
                "exercise": exercise.id,
                "type": exercise.type,
                "title": exercise.title,
                "value": self.answers[exercise.id],
            }
            if exercise.id in self.private_texts:
                written = self.private_texts[exercise.id]
                entry["texts"] = {item_id: text for item_id, _question, text in written if text}
            answers.append(entry)
        document = {
            "workshop": self.workshop.id,
            "title": self.workshop.title,
            "date": day.isoformat(),
            "role": self.role.value,
            "answers": answers,
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _private_html(written: list[tuple[str, str, str]]) -> str:
    """A private answer in the person's own file: each question with what they wrote."""
    parts = [f"<p><i>{escape(t('selfstudy.file_private'))}</i></p>"]
    for _item_id, question, text in written:
        shown = text or t("selfstudy.file_empty")
        parts.append(f"<p><b>{escape(question)}</b></p><p>{escape(shown)}</p>")
    return "".join(parts)
