"""What the trainer clicks that changes the store: one wrapper, so a failure always shows.

Every button and toggle of the dashboard that writes to (or reads from) the store runs
through :func:`trainer_action`. When the database is busy past its timeout or gone
(:class:`StoreUnavailable`), the trainer reads one Dutch sentence in a :class:`ProblemLine`
near the control, the widgets go back to what the store last said (``undo``), and nothing
reaches the browser as a traceback. Any other error shows a general Dutch sentence and is
raised again, so it is never swallowed. The next action that works clears the line.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import ipywidgets as widgets

from ..core.html import escape
from ..core.messages import t
from ..core.records import StoreUnavailable

P = ParamSpec("P")
R = TypeVar("R")

_log = logging.getLogger(__name__)


class ProblemLine(widgets.HTML):
    """A status line that says why the trainer's last action failed; empty while all is well."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class("ss-action-problem")

    def show(self, text: str) -> None:
        self.value = f'<div class="ss-status ss-problem" role="alert">{escape(text)}</div>'

    def clear(self) -> None:
        self.value = ""


def trainer_action(
    problem: ProblemLine, action: Callable[P, R], *, undo: Callable[[], None] | None = None
) -> Callable[P, R | None]:
    """``action`` as a handler that shows its failure on ``problem`` (None when it failed).

    ``undo`` puts the widgets back as the store last said (a toggle back to its old value,
    a button enabled again); it runs before the message shows, so a handler it triggers in
    turn cannot clear the message.
    """

    @functools.wraps(action)
    def run(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            result = action(*args, **kwargs)
        except StoreUnavailable as err:
            # Not a warning: Python's last-resort handler would print it to the kernel's
            # stderr, which reaches the browser. The trainer reads the line instead.
            _log.info("trainer action %s failed: %s", action.__qualname__, err)
            if undo is not None:
                undo()
            problem.show(t("dash.action_store_problem"))
            return None
        except Exception:
            problem.show(t("dash.action_unexpected"))
            raise
        problem.clear()
        return result

    return run


def asked_first(button: widgets.Button, question: str, *, style: str = "danger") -> bool:
    """For a click that cannot be undone: the first click only asks (``question`` on the
    button, in ``style``); True on the second click, which does it."""
    if button.button_style == style:
        return True
    button.description = question
    button.button_style = style
    return False


def ask_again(button: widgets.Button, label: str) -> None:
    """The button as before its first click: its own ``label``, not the question."""
    button.description = label
    button.button_style = ""
