"""Exercise types. Each is one module in this package that calls :func:`register`."""

from .registry import ExerciseType, exercise_type, exercise_types, register, workshop_class

__all__ = ["ExerciseType", "exercise_type", "exercise_types", "register", "workshop_class"]
