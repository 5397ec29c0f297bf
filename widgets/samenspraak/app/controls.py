"""One exercise on the trainer's dashboard: the controls that run the room, and its results.

The trainer opens the exercise for everyone (when leading), reveals its results to the group,
closes answering, asks it again in a new round, splits the results by role or by round, hides
single answers, and puts it on the projector. Every choice goes to the store, so participants'
pages (any process, any host) follow it on their next poll.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets

from ..core.aggregate import (
    by_role,
    by_round,
    content_strings,
    respondents,
    shown,
    with_minimum,
    written_texts,
)
from ..core.content import ExerciseBase
from ..core.html import escape
from ..core.messages import t
from ..core.records import Answer, ExerciseState, Pacing, Role, Session
from ..core.store import Store
from ..exercises import exercise_type
from ..exercises._shared.base import TRAINER_ONLY, ResultsPanel
from ..exercises.results import columns_html, results_html
from .actions import ProblemLine, ask_again, asked_first, trainer_action

SPLITS = ("alles", "rol", "ronde")
MODERATION_PREVIEW = 240  # characters of an answer shown in the moderation list


class ExerciseBlock(widgets.VBox):
    """The trainer's controls for one exercise above its results, and a moderation list."""

    def __init__(
        self,
        store: Store,
        session: Session,
        exercise: ExerciseBase,
        *,
        on_present: Callable[[ExerciseBlock], None],
        on_change: Callable[[], None],
    ):
        self.store, self.session, self.exercise = store, session, exercise
        self.registered = exercise_type(exercise.type)
        self._on_change = on_change
        self._known = content_strings(exercise)
        self.state = ExerciseState()
        self.pacing = Pacing.SELF
        self.is_current = False
        self.drawn: tuple[object, ...] | None = None
        self._last: tuple[Sequence[Answer], frozenset[str]] = ((), frozenset())
        self._published: str | None = None  # the group's view as last shared
        self._redrawn = False  # drawn since the group's view was last worked out
        # Why the last click on this exercise failed (the store was unavailable), if it did.
        self.problem = ProblemLine()
        # A sensitive result and parents or young people in the room: the first click on
        # reveal asks, the second one shows it (until then this says why).
        self.asking_reveal = False
        self.caution = widgets.HTML()
        self.caution.add_class("ss-reveal-caution")
        self.panel = self._new_panel()
        self.split_panels: dict[object, ResultsPanel] = {}

        self.open_now = widgets.Button(
            description=t("control.open_now"), icon="play", layout=widgets.Layout(width="auto")
        )
        self.open_now.add_class("ss-open-now")
        self.open_now.on_click(self._action(lambda _b: self._open_for_everyone()))
        self.reveal = widgets.ToggleButton(
            description=t("control.reveal"), icon="eye", layout=widgets.Layout(width="auto")
        )
        self.reveal.add_class("ss-reveal")
        self.reveal.observe(self._action(self._on_reveal), names="value")
        self.lock = widgets.ToggleButton(
            description=t("control.lock"), icon="lock", layout=widgets.Layout(width="auto")
        )
        self.lock.add_class("ss-lock")
        self.lock.observe(self._action(self._on_lock), names="value")
        self.round_button = widgets.Button(
            description=t("control.new_round"), icon="repeat", layout=widgets.Layout(width="auto")
        )
        self.round_button.add_class("ss-new-round")
        self.round_button.on_click(self._action(self._on_new_round))
        self.present = widgets.Button(
            description=t("control.present"), icon="desktop", layout=widgets.Layout(width="auto")
        )
        self.present.add_class("ss-present")
        self.present.on_click(lambda _b: on_present(self))
        self.split = widgets.ToggleButtons(
            options=[
                (t("control.split_all"), "alles"),
                (t("control.split_role"), "rol"),
                (t("control.split_round"), "ronde"),
            ],
            value="alles",
            description=t("control.split"),
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.split.add_class("ss-split")
        # Another view of revealed results is shared with the group: that writes to the store.
        self.split.observe(self._action(lambda _c: self._redraw()), names="value")
        self.state_line = widgets.HTML()
        self.controls = widgets.VBox(
            [
                widgets.HBox(
                    [self.open_now, self.reveal, self.lock, self.round_button, self.present],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                widgets.HBox(
                    [self.split, self.state_line], layout=widgets.Layout(flex_flow="row wrap")
                ),
                self.caution,
                self.problem,
            ]
        )
        self.controls.add_class("ss-controls")
        self.controls.add_class(TRAINER_ONLY)
        self.content = widgets.VBox([self.panel])
        self.content.add_class("ss-results")
        self.moderation = widgets.VBox()
        self.moderation.add_class(TRAINER_ONLY)
        super().__init__([self.controls, self.content, self.moderation])
        self.add_class("ss-block")
        self.add_class(f"ss-block-{exercise.id}")

    def _new_panel(self) -> ResultsPanel:
        panel = self.registered.dashboard_panel(self.exercise)
        panel.minimum = self.session.min_group_size
        panel.hide_item = self._action(self._hide_item)
        return panel

    # what the trainer clicks ---------------------------------------------------------------
    def _action(self, handler: Callable[..., None]) -> Callable[..., None]:
        """``handler`` for a control: when the store fails, the buttons show the stored state
        again and :attr:`problem` says so in Dutch."""
        return trainer_action(self.problem, handler, undo=self.show_stored)

    def show_stored(self) -> None:
        """The buttons as the store last said, undoing a click that did not reach it."""
        self.set_control(self.state, self.pacing, self.exercise.id if self.is_current else None)

    def _hide_item(self, item_id: str, hidden: bool) -> None:
        self.store.set_hidden(self.session.id, self.exercise.id, item_id, hidden)
        self._on_change()

    def _open_for_everyone(self) -> None:
        self.store.set_pacing(self.session.id, Pacing.LED, self.exercise.id)
        self._on_change()

    def _on_reveal(self, change: dict[str, Any]) -> None:
        if change["new"] == self.state.revealed:
            return
        if change["new"] and not self.asking_reveal and self._may_hurt_someone_present():
            self.asking_reveal = True
            self.reveal.value = False  # not yet: the button now asks
            self._show_reveal_button()
            return
        self.asking_reveal = False
        self.store.set_exercise_state(self.session.id, self.exercise.id, revealed=change["new"])
        self._on_change()

    def _may_hurt_someone_present(self) -> bool:
        """A result marked sensitive, with parents or young people among the participants."""
        if not self.exercise.sensitive:
            return False
        joined = self.store.participants_by_role(self.session.id)
        return any(joined.get(role, 0) for role in (Role.OUDER, Role.JONGERE))

    def _show_reveal_button(self) -> None:
        revealed, asking = self.state.revealed, self.asking_reveal and not self.state.revealed
        self.reveal.description = t(
            "control.unreveal"
            if revealed
            else "control.reveal_sensitive_confirm"
            if asking
            else "control.reveal"
        )
        self.reveal.button_style = "success" if revealed else "warning" if asking else ""
        self.caution.value = (
            f'<div class="ss-status ss-waiting" role="alert">'
            f"{escape(t('control.reveal_sensitive'))}</div>"
            if asking
            else ""
        )

    def _on_lock(self, change: dict[str, Any]) -> None:
        if change["new"] != self.state.locked:
            self.store.set_exercise_state(self.session.id, self.exercise.id, locked=change["new"])
            self._on_change()

    def _on_new_round(self, button: widgets.Button) -> None:
        # A new round empties everyone's form.
        question = t("control.new_round_confirm", round=self.state.round + 1)
        if not asked_first(button, question, style="warning"):
            return
        ask_again(button, t("control.new_round"))
        self.store.new_round(self.session.id, self.exercise.id)
        self._on_change()

    # drawing ---------------------------------------------------------------------------------
    def set_control(self, state: ExerciseState, pacing: Pacing, current: str | None) -> None:
        """Show the stored settings on the buttons (another dashboard may have changed them)."""
        self.state, self.pacing = state, pacing
        self.is_current = pacing is Pacing.LED and current == self.exercise.id
        self.reveal.value = state.revealed
        self.asking_reveal = self.asking_reveal and not state.revealed
        self._show_reveal_button()
        self.lock.value = state.locked
        self.lock.description = t("control.unlock" if state.locked else "control.lock")
        self.lock.button_style = "danger" if state.locked else ""
        self.open_now.description = t(
            "control.is_open_now" if self.is_current else "control.open_now"
        )
        self.open_now.button_style = "info" if self.is_current else ""
        parts = [
            t("control.state_round", round=state.round),
            t("control.state_revealed" if state.revealed else "control.state_hidden"),
            t("control.state_locked" if state.locked else "control.state_open"),
        ]
        self.state_line.value = f'<span class="ss-state">{escape(" · ".join(parts))}</span>'
        if self.is_current:
            self.add_class("ss-current")
        else:
            self.remove_class("ss-current")

    def draw(
        self, answers: Sequence[Answer], hidden: frozenset[str], *, force: bool = False
    ) -> bool:
        """Redraw the results when the answers, hidden items, settings or view changed.

        ``answers`` are this exercise's answers in every round. True when it redrew.
        """
        signature = (
            len(answers),
            max((a.updated_at for a in answers), default=None),
            hidden,
            self.state,
            self.split.value,
            tuple(sorted(self.panel.render_options().items())),
        )
        if signature == self.drawn and not force:
            return False
        self.drawn, self._last, self._redrawn = signature, (answers, hidden), True
        current = [a for a in answers if a.round == self.state.round]
        groups = self._groups(answers, current, hidden)
        if groups is None:
            self._update(self.panel, shown(current, hidden), hidden)
            self.content.children = (self.panel,)
        else:
            self._draw_groups(groups, hidden)
        self._draw_moderation(current, hidden)
        return True

    def publish(self) -> bool:
        """Share the results with the group while they are revealed: the group's view in the
        store follows the answers. It is worked out only after a redraw and written only when
        it changed; True when it was worked out."""
        if not self.state.revealed:
            self._published = None  # shared afresh when revealed again
            return False
        if not self._redrawn and self._published is not None:
            return False  # nothing changed since: no drawing, no writing
        html = self.shared_html()
        if html != self._published:  # a store that fails leaves this to the next poll
            self.store.save_shared_results(self.session.id, self.exercise.id, html)
        self._published, self._redrawn = html, False
        return True

    def shared_html(self) -> str:
        """The results as the group sees them, in the trainer's current view (all, per role,
        per round): static, drawn by the type's ``render_html``, without controls or notes."""
        answers, hidden = self._last
        current = [a for a in answers if a.round == self.state.round]
        groups = self._groups(answers, current, hidden)
        if groups is None:
            return self._results(shown(current, hidden), hidden)
        return columns_html(
            {label: self._results(group, hidden) for label, group in groups.items()}
        )

    def _results(self, answers: Sequence[Answer], hidden: frozenset[str]) -> str:
        minimum = self.session.min_group_size
        result = with_minimum(self.registered.summarize, self.exercise, list(answers), minimum)
        options = self.panel.render_options()
        return results_html(
            self.exercise, result, len(answers), hidden=hidden, minimum=minimum, options=options
        )

    def _groups(
        self, answers: Sequence[Answer], current: list[Answer], hidden: frozenset[str]
    ) -> dict[str, list[Answer]] | None:
        """The answers per role or per round, as the trainer chose to see them; None: all."""
        if self.split.value == "rol":
            return {
                t("control.group_role", label=t(f"role.{role.value}"), count=len(group)): group
                for role, group in by_role(shown(current, hidden)).items()
            }
        if self.split.value == "ronde":
            return {
                t("control.group_round", round=round, count=len(group)): group
                for round, group in by_round(shown(answers, hidden)).items()
            }
        return None

    def _redraw(self) -> None:
        self.draw(*self._last, force=True)
        self.publish()

    def _update(self, panel: ResultsPanel, answers: list[Answer], hidden: frozenset[str]) -> None:
        result = with_minimum(
            self.registered.summarize, self.exercise, answers, self.session.min_group_size
        )
        panel.update(result, len(answers), hidden)

    def _draw_groups(self, groups: dict[str, list[Answer]], hidden: frozenset[str]) -> None:
        """One panel per group (role or round) side by side, each with the minimum size."""
        columns = []
        for n, (label, group) in enumerate(groups.items()):
            panel = self.split_panels.get(n) or self.split_panels.setdefault(n, self._new_panel())
            self._update(panel, group, hidden)
            heading = widgets.HTML(f'<h4 class="ss-group-label">{escape(label)}</h4>')
            column = widgets.VBox([heading, panel], layout=widgets.Layout(flex="1 1 22em"))
            column.add_class("ss-group-column")
            columns.append(column)
        if not columns:
            columns = [widgets.HTML(f"<p>{escape(t('control.no_groups'))}</p>")]
        row = widgets.HBox(columns, layout=widgets.Layout(flex_flow="row wrap"))
        row.add_class("ss-group-columns")
        self.content.children = (row,)

    def _draw_moderation(self, answers: list[Answer], hidden: frozenset[str]) -> None:
        """Each answer with its own text, and a button to take it out of the shared view.

        ``answers`` are the current round's, hidden ones included. Like the results, the
        texts stay out of sight until at least the session's minimum of people answered:
        before that only a line says when they come (nothing is shown, so nothing needs
        hiding yet). Hidden answers count, so an answer hidden afterwards can be shown again.
        """
        written = [
            (answer, texts)
            for answer in answers
            if (texts := written_texts(answer.value, self._known))
        ]
        if not written:  # nothing written (yet): no list to open
            self.moderation.children = ()
            return
        minimum = self.session.min_group_size
        if respondents(answers) < minimum:
            waiting = widgets.HTML(f"<p>{escape(t('dash.texts_waiting', minimum=minimum))}</p>")
            waiting.add_class("ss-moderation-waiting")
            self.moderation.children = (waiting,)
            return
        rows = []
        for answer, texts in written:
            text = " / ".join(texts)
            if len(text) > MODERATION_PREVIEW:
                text = text[:MODERATION_PREVIEW] + "…"
            is_hidden = answer.item_id in hidden
            note = (
                f' <em class="ss-moderated">({escape(t("control.moderation_hidden"))})</em>'
                if is_hidden
                else ""
            )
            label = widgets.HTML(
                f'<span class="ss-moderation-text">{escape(text)}</span>{note}',
                layout=widgets.Layout(flex="1 1 auto"),
            )
            button = self.panel.hide_button(
                answer.item_id, hide=not is_hidden, css="ss-moderation", flex="0 0 auto"
            )
            row = widgets.HBox([label, button], layout=widgets.Layout(align_items="center"))
            row.add_class("ss-moderation-row")
            rows.append(row)
        body = widgets.VBox(rows)
        self.moderation.children = (
            self.panel.folding(
                t("control.moderation", count=len(rows)),
                body,
                css="ss-moderation",
                toggle_css="ss-moderation-toggle",
            ),
        )
