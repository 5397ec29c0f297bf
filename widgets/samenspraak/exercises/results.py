"""The group's results as static HTML, for any type: what the group sees when the trainer
reveals an exercise, what the session report holds, and the reference group in self-study.

Drawn by each type's pure ``render_html``: no widgets, and drawing never writes anything.
The trainer's panel shows the same status line (:func:`status_line`) above the same results,
plus its controls.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.aggregate import Withheld
from ..core.content import ExerciseBase
from ..core.html import escape, status_html
from ..core.messages import t
from .registry import exercise_type


def status_line(result: Any, answer_count: int) -> str:
    """How many answered; or, while results are withheld, how many of the minimum."""
    if isinstance(result, Withheld):
        return status_html(t("dash.waiting", count=result.count, minimum=result.minimum), "waiting")
    return status_html(t("dash.answers", count=answer_count), "count")


def body_html(
    exercise: ExerciseBase,
    result: Any,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
    options: Mapping[str, Any] | None = None,
) -> str:
    """The type's drawing of ``result`` (empty while results are withheld); ``options`` are
    the panel's :meth:`~ResultsPanel.render_options`."""
    if isinstance(result, Withheld):
        return ""
    draw = exercise_type(exercise.type).render_html
    return draw(exercise, result, hidden=hidden, minimum=minimum, **(options or {}))


def results_html(
    exercise: ExerciseBase,
    result: Any,
    answer_count: int,
    *,
    hidden: frozenset[str] = frozenset(),
    minimum: int = 1,
    options: Mapping[str, Any] | None = None,
) -> str:
    """The status line and the results, as the group sees them."""
    return status_line(result, answer_count) + body_html(
        exercise, result, hidden=hidden, minimum=minimum, options=options
    )


def columns_html(columns: dict[str, str]) -> str:
    """Results side by side (per role, per round), each under its label."""
    if not columns:
        return f"<p>{escape(t('control.no_groups'))}</p>"
    cells = "".join(
        f'<div class="ss-group-column"><h4 class="ss-group-label">{escape(label)}</h4>{html}</div>'
        for label, html in columns.items()
    )
    return f'<div class="ss-group-columns">{cells}</div>'
