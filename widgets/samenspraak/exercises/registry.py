"""The registry of exercise types: one folder per type, found without further wiring.

A type is a package ``exercises/<name>/`` with

- ``model.py``: the content schema, ``check_answer``, ``summarize`` and ``render_html`` (pure,
  no widgets) and the registration (``register(ExerciseType(...))``);
- ``view.py``: the participant's form and the trainer's panel (ipywidgets), as
  ``VIEW = ExerciseView(form=..., panel=...)``; imported only when a page needs it;
- ``nl.po``: its texts (loaded when it registers), ``style.css``: its own style rules.

Everything the rest of the kit needs to know about a type is a field here: whether its texts
stay with the person (``private``), whether the report gathers it in its last section
(``final_section``), and what the guide says about it (``guide_task``, ``guide_panel``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..core import messages
from ..core.content import ExerciseBase, WorkshopBase, workshop_model
from ..core.records import Answer

SHARED = Path(__file__).resolve().parent / "_shared"


@dataclass(frozen=True)
class ExerciseView:
    """A type's widgets: the participant's form and the trainer's results panel."""

    form: type  # an AnswerForm subclass
    panel: type  # a ResultsPanel subclass


@dataclass(frozen=True)
class ExerciseType:
    """Everything about one exercise type, found by its name."""

    name: str
    package: str  # "samenspraak.exercises.stelling": its folder holds view.py, nl.po, style.css
    schema: type[ExerciseBase]
    check_answer: Callable[[Any, Any], Any]  # pure: the raw value, cleaned, or AnswerProblem
    summarize: Callable[[Any, Sequence[Answer]], Any]  # pure: answers to a summary
    # pure: (exercise, summary, *, hidden, minimum) to the group's results as static HTML
    render_html: Callable[..., str]
    # pure: (exercise, *, answer_key) to the exercise on paper: everything a participant sees
    # and does; with the answer key (right answers, feedback, where each choice leads) for the
    # trainer's guide, without it as the paper version for someone without a phone
    paper_html: Callable[..., str]
    guide_task: str  # message key: what participants do, for the trainer's guide
    guide_panel: str  # message key: what the dashboard shows
    # The person's texts never reach the store: no examples, no reference group, and the
    # report shows only how many wrote something.
    private: bool = False
    # A private type: (exercise, the form's raw value) to each question with what the person
    # wrote ("" when nothing), for the file they download in self-study. Never raises.
    own_texts: Callable[[Any, Any], list[tuple[str, str, str]]] | None = None
    # > 0: the report shows this type's results together in its last section, in this order.
    final_section: int = 0
    shared_css: tuple[str, ...] = ()  # style sheets in exercises/_shared it also needs

    @cached_property
    def folder(self) -> Path:
        return Path(importlib.import_module(self.package).__file__ or "").resolve().parent

    @cached_property
    def view(self) -> ExerciseView:
        """The type's widgets; importing them loads ipywidgets."""
        return importlib.import_module(f"{self.package}.view").VIEW

    @property
    def participant_view(self) -> type:
        return self.view.form

    @property
    def dashboard_panel(self) -> type:
        return self.view.panel

    @property
    def css(self) -> tuple[str, ...]:
        """The shared style sheets it needs, then its own (each read from its file)."""
        files = [SHARED / name for name in self.shared_css] + [self.folder / "style.css"]
        return tuple(path.read_text(encoding="utf-8") for path in files if path.is_file())


_TYPES: dict[str, ExerciseType] = {}
_found: list[bool] = []  # [True] once the folders were looked through


def register(exercise_type: ExerciseType) -> ExerciseType:
    """Add a type and load its texts (``nl.po`` in its folder)."""
    if exercise_type.name in _TYPES and _TYPES[exercise_type.name] is not exercise_type:
        raise ValueError(f"exercise type {exercise_type.name!r} registered twice")
    messages.load_catalogue(exercise_type.folder)
    _TYPES[exercise_type.name] = exercise_type
    return exercise_type


def exercise_types() -> dict[str, ExerciseType]:
    """All types by name: each folder here that does not start with ``_``, and any type
    registered from elsewhere (a test's own type)."""
    if not _found:  # the folders are looked through once per process
        for module in pkgutil.iter_modules(_package_path()):
            if module.ispkg and not module.name.startswith("_"):
                folder = Path(module.module_finder.path) / module.name  # type: ignore[union-attr]
                messages.load_catalogue(folder)  # before the model, whose defaults use texts
                importlib.import_module(f"{__package__}.{module.name}.model")
        _found.append(True)
    return dict(sorted(_TYPES.items()))


def exercise_type(name: str) -> ExerciseType:
    return _TYPES[name] if name in _TYPES and _found else exercise_types()[name]


def workshop_class() -> type[WorkshopBase]:
    """The workshop model whose exercises may be of every registered type."""
    return workshop_model(tuple(t.schema for t in exercise_types().values()))


def _package_path() -> list[str]:
    return list(importlib.import_module(__package__).__path__)
