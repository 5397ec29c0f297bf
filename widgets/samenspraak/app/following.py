"""A participant's page follows the trainer: the opened exercise, closed answering, new rounds
and revealed results. The page reads the trainer's settings from the store on its poll.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets

from ..core.html import css_beside, escape, style_tag
from ..core.messages import t
from ..core.records import Control, Pacing
from ..exercises._shared.base import AnswerForm
from .style import unless_served

# While the trainer leads, the page shows only its first cell (the join panel with the stage
# holding the opened exercise); every other cell of the notebook is hidden.
LED_CSS = style_tag(css_beside(__file__, "following.css"))


class Follower:
    """Applies the trainer's control to the forms of one participant's page."""

    def __init__(self, page_root: widgets.Box, forms: Mapping[str, AnswerForm]):
        self.page_root = page_root
        self.forms = forms
        self.note = widgets.HTML()
        self.note.add_class("ss-stage-note")
        self._fixed = (*unless_served(LED_CSS), self.note)  # the stage without a form
        self.stage = widgets.VBox(self._fixed)
        self.stage.add_class("ss-stage")
        self._rounds_known = False

    def apply(self, control: Control, shared: Mapping[str, str]) -> None:
        for form in self.forms.values():
            self._apply_to(form, control, shared, rounds_known=self._rounds_known)
        self._rounds_known = True
        self._show_stage(control)

    def adopt(self, form: AnswerForm, control: Control, shared: Mapping[str, str]) -> None:
        """A form built after joining: the current round is simply the one to answer."""
        self._apply_to(form, control, shared, rounds_known=False)

    @staticmethod
    def _apply_to(
        form: AnswerForm, control: Control, shared: Mapping[str, str], *, rounds_known: bool
    ) -> None:
        state = control.state(form.exercise.id)
        if state.round != form.round:
            if rounds_known and state.round > form.round:
                form.start_round(state.round)
            else:  # joined during a later round: that is simply the round to answer
                form.round = state.round
        form.set_locked(state.locked)
        form.show_results(shared.get(form.exercise.id) if state.revealed else None)

    def _show_stage(self, control: Control) -> None:
        if control.pacing is not Pacing.LED:
            self.page_root.remove_class("ss-led")
            self.note.value = ""
            self.stage.children = self._fixed
            return
        self.page_root.add_class("ss-led")
        form = self.forms.get(control.current_exercise or "")
        if form is None:
            self.note.value = (
                f'<div class="ss-status ss-waiting" role="status">'
                f"{escape(t('session.led_wait'))}</div>"
            )
            self.stage.children = self._fixed
        else:
            self.note.value = (
                f'<div class="ss-status ss-count" role="status">'
                f"{escape(t('session.led_now'))}</div>"
            )
            self.stage.children = (*self._fixed, form)
