"""The registry of exercise types, filled by importing every module of this package."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.content import ExerciseBase
from ..core.records import Answer


@dataclass(frozen=True)
class ExerciseType:
    """Everything about one exercise type, found by its name."""

    name: str
    schema: type[ExerciseBase]
    check_answer: Callable[[Any, Any], Any]  # pure: the raw value, cleaned, or AnswerProblem
    summarize: Callable[[Any, Sequence[Answer]], Any]  # pure: answers to a summary
    participant_view: Callable[..., Any]  # AnswerForm subclass
    dashboard_panel: Callable[..., Any]  # ResultsPanel subclass
    # The type's own rules for the one stylesheet; a tuple when it shares rules with another
    # type, which then appear once.
    css: str | tuple[str, ...] = ""


_TYPES: dict[str, ExerciseType] = {}
_NOT_TYPES = {"registry", "base"}


def register(exercise_type: ExerciseType) -> ExerciseType:
    if exercise_type.name in _TYPES and _TYPES[exercise_type.name] is not exercise_type:
        raise ValueError(f"exercise type {exercise_type.name!r} registered twice")
    _TYPES[exercise_type.name] = exercise_type
    return exercise_type


def exercise_types() -> dict[str, ExerciseType]:
    """All types by name; a new type is a new module here, found without further wiring."""
    for module in pkgutil.iter_modules(_package_path()):
        if module.name not in _NOT_TYPES and not module.name.startswith("_"):
            importlib.import_module(f"{__package__}.{module.name}")
    return dict(sorted(_TYPES.items()))


def _package_path() -> list[str]:
    return list(importlib.import_module(__package__).__path__)


def exercise_type(name: str) -> ExerciseType:
    return exercise_types()[name]
