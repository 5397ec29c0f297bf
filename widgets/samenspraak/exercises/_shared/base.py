"""The two view bases every exercise type shares: the participant's form and the trainer's
results panel. The pure helpers they use live in ``core`` (``core.html``, ``core.answers``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

import ipywidgets as widgets

from ...core.aggregate import Withheld
from ...core.answers import AnswerProblem
from ...core.content import ExerciseBase
from ...core.html import chars_left_html, escape, markdown, status_html
from ...core.messages import t
from ...core.records import Role
from ..results import body_html, status_line


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


# The exercise a form or panel shows: ``class StellingForm(AnswerForm[Stelling])``.
ExerciseT = TypeVar("ExerciseT", bound=ExerciseBase)


class AnswerForm(widgets.VBox, Generic[ExerciseT]):
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
        self.exercise: ExerciseT = exercise
        self._check_answer = check_answer
        self._save = save
        self.role: Role | None = None
        self.save_button = widgets.Button(
            description=t("answer.save"), button_style="primary", icon="check"
        )
        self.save_button.add_class("ss-save")
        self.save_button.on_click(self._on_save_clicked)
        self.status = widgets.HTML()
        self.status.add_class("ss-live")  # "opgeslagen", "niet opgeslagen": read out (a11y.js)
        # What the status says after a save and after a changed save; self-study, where
        # nothing leaves the page, says so instead.
        self.saved_texts = ("answer.saved", "answer.updated")
        self.round = 1
        self.locked = False
        # What the trainer decided (answering closed, a new round) and, once revealed, the
        # group's results: both below the form.
        self.session_note = widgets.HTML()
        self.session_note.add_class("ss-live")
        self.group_results = widgets.HTML()
        self.group_results.add_class("ss-group-results")
        self.header = widgets.HTML(
            f'<h2 class="ss-title">{escape(exercise.title)}</h2>{markdown(exercise.intro)}'
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
        self.session_note.value = status_html(t("session.new_round", round=round), "pending")

    def set_locked(self, locked: bool) -> None:
        """Answering closed (or open again) by the trainer."""
        if locked == self.locked:
            return
        self.locked = locked
        self.save_button.disabled = locked
        if locked:
            self.session_note.value = status_html(t("session.locked"), "waiting")
        elif "ss-waiting" in self.session_note.value:
            self.session_note.value = ""

    def show_results(self, html: str | None) -> None:
        """The group's results as the trainer revealed them (static, already escaped HTML)."""
        self.group_results.value = (
            f'<div class="ss-shared"><h3>{escape(t("session.group_results"))}</h3>{html}</div>'
            if html
            else ""
        )

    def show_saved(self, value: Any) -> None:
        """Show an answer saved before (the person reopened the page), ready to change."""
        self.set_value(value)
        self.status.value = status_html(t("answer.restored"), "ok")

    def _on_input_changed(self, _change: dict[str, Any]) -> None:
        if "ss-ok" in self.status.value:
            self.status.value = status_html(t("answer.unsaved"), "pending")

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
            self.status.value = status_html(problem.message, "problem")
            return False
        self.status.value = status_html(t(self.saved_texts[replaced]), "ok")
        return True


HideItem = Callable[[str, bool], None]
"""Takes an item (by id) out of the shared view, or puts it back."""


# Parts of the trainer's panel that only the trainer sees (notes, hide buttons, what is hidden);
# the group's view and the report are drawn by ``render_html`` and never hold them.
TRAINER_ONLY = "ss-trainer-only"


class ResultsPanel(widgets.VBox, Generic[ExerciseT]):
    """The trainer's view of one exercise: a heading, a status line and the type's results.

    The dashboard sets ``minimum`` (the session's minimum group size, for types that show
    subgroups) and ``hide_item`` (for types whose items the trainer can hide). Such types
    build their *Verberg* buttons with :meth:`hide_button` and put what is hidden in a
    closed :meth:`folding` section.
    """

    def __init__(self, exercise: ExerciseBase):
        self.exercise: ExerciseT = exercise
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
        self.status.value = status_line(result, answer_count)
        self.body.children = () if isinstance(result, Withheld) else tuple(self.render(result))

    def render_options(self) -> dict[str, Any]:
        """Extra keywords for the type's ``render_html`` that follow the trainer's choices in
        this panel (``open``: list or cloud), so the group's view shows what the panel shows."""
        return {}

    def render(self, summary: Any) -> list[widgets.Widget]:
        """The type's ``render_html``; a type with controls in its panel (hide buttons)
        overrides this and adds them."""
        html = body_html(self.exercise, summary, hidden=self.hidden, minimum=self.minimum)
        return [widgets.HTML(html)]

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
