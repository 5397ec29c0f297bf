"""What every exercise type shares: answer problems, free-text checks and the two view bases.

Participant text is always escaped before it reaches an ``HTML`` widget: ``widgets.HTML``
does not sanitise, so unescaped text would run as script in the trainer's browser.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from typing import Any, ClassVar

import ipywidgets as widgets

from ..core.aggregate import Withheld
from ..core.content import ExerciseBase, repeats
from ..core.messages import t
from ..core.privacy import find_identifiers
from ..core.records import Role
from ..snapshot import TRAINER_ONLY

MAX_TEXT_LENGTH = 2000


@cache
def _markdown_renderer() -> Callable[[str], str]:
    """Trainer-written Markdown; raw HTML in it is escaped, never rendered.

    Made on first use: a participant kernel whose page shows no Markdown yet need not load
    mistune.
    """
    import mistune

    return mistune.create_markdown(escape=True)


class AnswerProblem(Exception):
    """An answer that cannot be saved as it is; ``message`` is Dutch for the participant."""

    def __init__(self, key: str, **values: object):
        self.message = t(key, **values)
        super().__init__(self.message)


def escape(text: str) -> str:
    """Participant or content text, safe to put inside an ``HTML`` widget."""
    return html.escape(text, quote=True)


def dutch_number(value: float, decimals: int) -> str:
    """``0,72``: a decimal comma, as Dutch readers expect."""
    return f"{value:.{decimals}f}".replace(".", ",")


def markdown(text: str | None) -> str:
    return _markdown_renderer()(text) if text else ""


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
        kinds = dict.fromkeys(t(f"identifier.{f.kind.value}") for f in findings)
        raise AnswerProblem("open.found", found=", ".join(kinds))
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


def repeated_ids(
    items: Sequence[Any], field: str, where: str, *, kind: str = "id"
) -> list[tuple[list[Any], str]]:
    """A ``cross_check`` rule: every item in the list ``field`` whose ``id`` came before.

    The message reads "de {kind} {id} komt vaker voor in deze {where}", e.g. ``kind="stap"``,
    ``where="casus"``.
    """
    return [
        ([field, i, "id"], t("content.id_repeated", kind=kind, value=item_id, where=where))
        for i, item_id in repeats([item.id for item in items])
    ]


def _status_html(message: str, kind: str) -> str:
    return f'<div class="ss-status ss-{kind}" role="status">{escape(message)}</div>'


def warning_html(before: str = "") -> str:
    """The note above free-text fields: write nothing that identifies a family.

    ``before`` (plain text) comes first, e.g. why the note matters here.
    """
    lead = f"{escape(before)} " if before else ""
    return f'<p class="ss-warning" role="note">⚠ {lead}{escape(t("open.warning"))}</p>'


def chars_left_html(text: str, limit: int) -> str:
    """How many characters are left of ``limit``, or how many too many."""
    left = limit - len(text)
    if left < 0:
        over = escape(t("open.chars_over", over=-left))
        return f'<small class="ss-counter ss-over">{over}</small>'
    return f'<small class="ss-counter">{escape(t("open.chars_left", left=left))}</small>'


def counted_textarea(
    limit: int, *, placeholder: str, height: str
) -> tuple[widgets.Textarea, widgets.HTML]:
    """A full-width text field and, to show below it, a counter that follows the typing."""
    field = widgets.Textarea(
        placeholder=placeholder, layout=widgets.Layout(width="100%", height=height)
    )
    counter = widgets.HTML(chars_left_html("", limit))

    def follow(change: dict[str, Any]) -> None:
        counter.value = chars_left_html(change["new"], limit)

    field.observe(follow, names="value")
    return field, counter


SaveAnswer = Callable[[ExerciseBase, Any], bool]
"""Stores a checked value; returns True when it replaced an earlier answer."""


class AnswerForm(widgets.VBox):
    """A participant's view of one exercise: the question, the answer widgets, Save, status.

    Subclasses build ``_answer_widgets()`` and read them in ``raw_value()``; the type's pure
    ``check_answer`` decides what may be saved.

    Types that show what others wrote (ideas to vote on) set ``uses_group``; the page then
    calls ``show_group`` with the other participants' saved values whenever they change.
    """

    uses_group: ClassVar[bool] = False

    def __init__(
        self,
        exercise: ExerciseBase,
        check_answer: Callable[[Any, Any], Any],
        save: SaveAnswer | None = None,
    ):
        self.exercise = exercise
        self._check_answer = check_answer
        self._save = save
        self.role: Role | None = None
        self.save_button = widgets.Button(
            description=t("answer.save"), button_style="primary", icon="check"
        )
        self.save_button.add_class("ss-save")
        self.save_button.on_click(self._on_save_clicked)
        self.status = widgets.HTML()
        # What the status says after a save and after a changed save; self-study, where
        # nothing leaves the page, says so instead.
        self.saved_texts = ("answer.saved", "answer.updated")
        self.round = 1
        self.locked = False
        # What the trainer decided (answering closed, a new round) and, once revealed, the
        # group's results: both below the form.
        self.session_note = widgets.HTML()
        self.group_results = widgets.HTML()
        self.group_results.add_class("ss-group-results")
        self.header = widgets.HTML(
            f'<h3 class="ss-title">{escape(exercise.title)}</h3>{markdown(exercise.intro)}'
        )
        super().__init__(layout=widgets.Layout(width="100%", max_width="44em"))
        self._build()
        self.add_class("ss-exercise")
        self.add_class(f"ss-{exercise.type}")
        self.add_class(f"ss-exercise-{exercise.id}")

    def _build(self) -> None:
        """Make the answer widgets (again, for a new round) and lay the form out."""
        self.children = (
            *self._arrange(self._answer_widgets()),
            self.session_note,
            self.group_results,
        )
        for field in self._inputs():
            field.observe(self._on_input_changed, names="value")
        self._built()

    def _arrange(self, answer_widgets: list[widgets.Widget]) -> list[widgets.Widget]:
        """The form's parts in order; types with more parts (a route, a download) extend it."""
        return [self.header, *answer_widgets, self.save_button, self.status]

    def _built(self) -> None:
        """Called after the widgets were (re)made; types that draw a first state do it here."""

    def _answer_widgets(self) -> list[widgets.Widget]:
        raise NotImplementedError

    def _inputs(self) -> list[widgets.ValueWidget]:
        """The widgets a participant changes; a change after saving is flagged as unsaved."""
        raise NotImplementedError

    def raw_value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Put a saved answer back into the widgets."""
        raise NotImplementedError

    def set_role(self, role: Role) -> None:
        """The participant joined with this role; types that ask role-dependent things adapt."""
        self.role = role

    def show_group(self, others: Sequence[Any], hidden: frozenset[str]) -> None:
        """Other participants' saved values (never who they are) and the hidden item ids."""

    def start_round(self, round: int) -> None:
        """The trainer asks this exercise again: fresh, empty answer fields for ``round``."""
        self.round = round
        self._build()
        if self.role is not None:
            self.set_role(self.role)
        self.status.value = ""
        self.session_note.value = _status_html(t("session.new_round", round=round), "pending")

    def set_locked(self, locked: bool) -> None:
        """Answering closed (or open again) by the trainer."""
        if locked == self.locked:
            return
        self.locked = locked
        self.save_button.disabled = locked
        if locked:
            self.session_note.value = _status_html(t("session.locked"), "waiting")
        elif "ss-waiting" in self.session_note.value:
            self.session_note.value = ""

    def show_results(self, html: str | None) -> None:
        """The group's results as the trainer revealed them (static, already escaped HTML)."""
        self.group_results.value = (
            f'<div class="ss-shared"><h4>{escape(t("session.group_results"))}</h4>{html}</div>'
            if html
            else ""
        )

    def show_saved(self, value: Any) -> None:
        """Show an answer saved before (the person reopened the page), ready to change."""
        self.set_value(value)
        self.status.value = _status_html(t("answer.restored"), "ok")

    def _on_input_changed(self, _change: dict[str, Any]) -> None:
        if "ss-ok" in self.status.value:
            self.status.value = _status_html(t("answer.unsaved"), "pending")

    def _on_save_clicked(self, _button: widgets.Button | None = None) -> None:
        self.submit()

    def submit(self) -> bool:
        """Check and save the current answer; show the outcome. True when it was saved."""
        try:
            value = self._check_answer(self.exercise, self.raw_value())
            if self._save is None:
                raise AnswerProblem("join.first")
            replaced = self._save(self.exercise, value)
        except AnswerProblem as problem:
            self.status.value = _status_html(problem.message, "problem")
            return False
        self.status.value = _status_html(t(self.saved_texts[replaced]), "ok")
        return True


HideItem = Callable[[str, bool], None]
"""Takes an item (by id) out of the shared view, or puts it back."""


class ResultsPanel(widgets.VBox):
    """The trainer's view of one exercise: a heading, a status line and the type's results.

    The dashboard sets ``minimum`` (the session's minimum group size, for types that show
    subgroups) and ``hide_item`` (for types whose items the trainer can hide). Such types
    build their *Verberg* buttons with :meth:`hide_button` and put what is hidden in a
    closed :meth:`folding` section.
    """

    def __init__(self, exercise: ExerciseBase):
        self.exercise = exercise
        self.minimum = 1
        self.hidden: frozenset[str] = frozenset()
        self.hide_item: HideItem | None = None
        self._opened: set[str] = set()  # the folding sections the trainer opened
        self.status = widgets.HTML()
        self.body = widgets.VBox()
        notes = widgets.HTML(
            f'<details class="ss-notes"><summary>{escape(t("dash.notes"))}</summary>'
            f"{markdown(exercise.trainer_notes)}</details>"
            if exercise.trainer_notes
            else ""
        )
        notes.add_class(TRAINER_ONLY)  # never in the group's view or the report
        super().__init__(
            [
                widgets.HTML(f'<h3 class="ss-title">{escape(exercise.title)}</h3>'),
                notes,
                self.status,
                self.body,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("ss-panel")
        self.add_class(f"ss-panel-{exercise.id}")

    def update(self, result: Any, answer_count: int, hidden: frozenset[str] = frozenset()) -> None:
        """Show a summary, or only how many answered while results are withheld."""
        self.hidden = hidden
        if isinstance(result, Withheld):
            self.status.value = _status_html(
                t("dash.waiting", count=result.count, minimum=result.minimum), "waiting"
            )
            self.body.children = ()
            return
        self.status.value = _status_html(t("dash.answers", count=answer_count), "count")
        self.body.children = tuple(self.render(result))

    def render(self, summary: Any) -> list[widgets.Widget]:
        raise NotImplementedError

    def hide_button(
        self, item_id: str, *, hide: bool, css: str, flex: str | None = None
    ) -> widgets.Button:
        """*Verberg* (or *Laat weer zien*) for one item; ``hide_item`` stores the choice.

        The button's class is ``{css}-hide`` or ``{css}-unhide``.
        """
        button = widgets.Button(
            description=t("group.hide" if hide else "group.unhide"),
            icon="eye-slash" if hide else "eye",
            layout=widgets.Layout(width="auto", flex=flex),
        )
        button.add_class(f"{css}-hide" if hide else f"{css}-unhide")
        button.add_class(TRAINER_ONLY)  # not on the projector
        button.on_click(lambda _b: self._set_hidden(item_id, hide))
        return button

    def _set_hidden(self, item_id: str, hidden: bool) -> None:
        if self.hide_item is not None:
            self.hide_item(item_id, hidden)

    def folding(self, label: str, body: widgets.Box, *, css: str, toggle_css: str) -> widgets.VBox:
        """``body`` below a button that opens and closes it; the section has class ``css``.

        Closed at first, so a projected dashboard never shows it unasked; when the panel
        redraws, the section stays as open or closed as the trainer left it.
        """
        toggle = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
        toggle.add_class(toggle_css)

        def show() -> None:
            opened = css in self._opened
            body.layout.display = "" if opened else "none"
            toggle.icon = "caret-down" if opened else "caret-right"

        def flip(_button: widgets.Button) -> None:
            self._opened ^= {css}
            show()

        show()
        toggle.on_click(flip)
        section = widgets.VBox([toggle, body])
        section.add_class(css)
        section.add_class(TRAINER_ONLY)  # what is hidden never reaches the group or a report
        return section


def bar_rows(rows: list[tuple[str, int]], total: int, css: str = "") -> str:
    """Horizontal bars as HTML: ``(label, count)`` rows; labels are escaped here."""
    lines = []
    for label, count in rows:
        share = round(100 * count / total) if total else 0
        lines.append(
            f'<div class="ss-bar-row {css}"><span class="ss-bar-label">{escape(label)}</span>'
            f'<span class="ss-track"><span class="ss-bar" style="width:{share}%"></span></span>'
            f'<span class="ss-bar-count" data-count="{count}">{count} ({share}%)</span></div>'
        )
    return "".join(lines)


def text_list(texts: list[str], css: str) -> str:
    """Participant texts as an escaped HTML list."""
    items = "".join(f'<li class="{css}">{escape(text)}</li>' for text in texts)
    return f'<ul class="ss-texts">{items}</ul>'


def download_link(
    label: str, filename: str, content: str | bytes, mime: str = "text/html", css: str = ""
) -> str:
    """A link that saves ``content`` (text, or the bytes of a file) in the person's browser.

    The file travels inside the link (a ``data:`` URL), so nothing is stored on the server.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    charset = ";charset=utf-8" if isinstance(content, str) else ""
    payload = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="ss-download {escape(css)}" download="{escape(filename)}" '
        f'href="data:{mime}{charset};base64,{payload}">⤓ {escape(label)}</a>'
    )


PRINT_CSS = """
body { font-family: system-ui, sans-serif; max-width: 44em; margin: 2em auto; line-height: 1.5;
       color: #111; padding: 0 1em; }
h1 { color: #1f3b57; font-size: 1.6em; } h2 { color: #1f3b57; font-size: 1.2em; }
section { border: 1px solid #ccd; border-radius: 6px; padding: 0.4em 1em; margin: 0.8em 0;
          break-inside: avoid; }
p, li { white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
footer { margin-top: 2em; color: #555; font-size: 0.9em; }
@media print { body { margin: 0; } a { color: inherit; } }
"""


def printable_html(title: str, body: str, footer: str = "") -> str:
    """A complete HTML page that prints well; ``body`` must already be escaped markup."""
    return (
        f'<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{PRINT_CSS}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}"
        f"{f'<footer>{footer}</footer>' if footer else ''}</body></html>\n"
    )
