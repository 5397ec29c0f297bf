"""Invented example answers: the reference group a person sees when working alone.

``content/examples/<workshop id>.yaml`` holds, per exercise, answers written for the kit.
They are never real people's answers, and a page always labels them as invented. A file is
checked like a workshop file, and every problem names the file, the line and the field::

    workshop: grondhouding
    answers:
      mijn-grondhouding:
        - role: professional        # professional | ouder | jongere | anders
          value: {scores: {...}}    # exactly what the type's check_answer returns

Reflections never get examples: what people write there stays private.
No ipywidgets here; the exercise types are imported for their ``check_answer``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import Field, ValidationError

from .core.answers import AnswerProblem
from .core.content import (
    ContentError,
    ContentModel,
    ContentProblem,
    Slug,
    WorkshopBase,
    _loc_to_field,
    _node_at,
    _problems_from_validation,
    content_dir,
    read_file,
    read_yaml,
)
from .core.messages import t
from .core.records import Answer, Role
from .exercises import exercise_type

EXAMPLES_DIR = "examples"
PSEUDONYM_PREFIX = "voorbeeld-"
# Invented answers get invented times, one minute apart, in the order of the file.
_FIRST_TIME = datetime(2024, 1, 1, 9, 0)


class ExampleAnswer(ContentModel):
    """One invented answer: who gave it (a role, never a name) and the stored value."""

    role: str = Field(description="professional, ouder, jongere or anders")
    value: Any = Field(description="The answer as the exercise type stores it")


class ExampleFile(ContentModel):
    workshop: Slug
    answers: dict[str, Annotated[list[ExampleAnswer], Field(min_length=1)]] = Field(
        min_length=1, description="Invented answers by exercise id"
    )


@dataclass(frozen=True)
class Examples:
    """The invented answers of one workshop, as the store would give them back."""

    workshop_id: str
    answers: Mapping[str, tuple[Answer, ...]] = field(default_factory=dict)

    def of(self, exercise_id: str) -> tuple[Answer, ...]:
        """The invented answers to one exercise; none when it has no examples."""
        return self.answers.get(exercise_id, ())


def examples_dir(content: Path | None = None) -> Path:
    """``<content>/examples``, beside the workshop files."""
    return (content or content_dir()) / EXAMPLES_DIR


def example_files(content: Path | None = None) -> list[Path]:
    directory = examples_dir(content)
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def as_answers(exercise_id: str, entries: Sequence[ExampleAnswer]) -> tuple[Answer, ...]:
    """Store answers with pseudonyms ``voorbeeld-1``, ``voorbeeld-2``, … in file order."""
    answers = []
    for n, entry in enumerate(entries, start=1):
        at = _FIRST_TIME + timedelta(minutes=n)
        answers.append(
            Answer(f"{PSEUDONYM_PREFIX}{n}", Role(entry.role), exercise_id, 1, entry.value, at, at)
        )
    return tuple(answers)


WorkshopOf = Callable[[str], WorkshopBase | None]
"""The workshop with this id beside the examples, None when there is none.

Raises :class:`ContentError` when that workshop's own file has problems.
"""


def parse_examples(text: str, path: Path, workshop_of: WorkshopOf) -> Examples:
    """Validate an example file; raise :class:`ContentError` with every problem in it."""
    root, data, problems = read_yaml(text, path)
    try:
        parsed = ExampleFile.model_validate(data)
    except ValidationError as err:
        raise ContentError(problems + _problems_from_validation(path, root, err, "")) from err

    def problem(loc: list[Any], key: str, **values: object) -> None:
        problems.append(
            ContentProblem(path, _line(root, loc), _loc_to_field(loc), t(key, **values))
        )

    if path.stem != parsed.workshop:
        problem(["workshop"], "examples.filename", value=parsed.workshop, stem=path.stem)
    try:
        workshop = workshop_of(parsed.workshop)
    except ContentError:
        problem(["workshop"], "examples.workshop_broken", value=parsed.workshop)
        raise ContentError(problems) from None
    if workshop is None:
        problem(["workshop"], "examples.workshop_unknown", value=parsed.workshop)
        raise ContentError(problems)
    known_roles = ", ".join(role.value for role in Role)
    for exercise_id, entries in parsed.answers.items():
        try:
            exercise = workshop.exercise(exercise_id)
        except KeyError:
            known = ", ".join(e.id for e in workshop.exercises)
            problem(
                ["answers", exercise_id],
                "examples.exercise_unknown",
                value=exercise_id,
                known=known,
            )
            continue
        if exercise_type(exercise.type).private:
            problem(["answers", exercise_id], "examples.private", value=exercise_id)
            continue
        check_answer = exercise_type(exercise.type).check_answer
        for index, entry in enumerate(entries):
            loc = ["answers", exercise_id, index]
            if entry.role not in {role.value for role in Role}:
                problem(
                    [*loc, "role"], "examples.role_unknown", value=entry.role, known=known_roles
                )
            try:
                clean = check_answer(exercise, entry.value)
            except AnswerProblem as refused:
                problem([*loc, "value"], "examples.value_refused", message=refused.message)
                continue
            if clean != entry.value:
                shown = json.dumps(clean, ensure_ascii=False)
                problem([*loc, "value"], "examples.value_changed", clean=shown)
    if problems:
        raise ContentError(problems)
    return Examples(
        parsed.workshop,
        {
            exercise_id: as_answers(exercise_id, entries)
            for exercise_id, entries in parsed.answers.items()
        },
    )


def _line(root: yaml.Node, loc: list[Any]) -> int:
    """The line of ``loc`` in the file; for a key of a mapping, the key's own line."""
    parent, kept = _node_at(root, loc[:-1])
    if kept == loc[:-1] and isinstance(parent, yaml.MappingNode):
        for key, _value in parent.value:
            if key.value == loc[-1]:
                return key.start_mark.line + 1
    node, _ = _node_at(root, loc)
    return node.start_mark.line + 1


def load_file(path: Path, workshop_of: WorkshopOf) -> Examples:
    """One example file; :class:`ContentError` with every problem in it."""
    return parse_examples(read_file(path), path, workshop_of)


def load_examples(workshop: WorkshopBase, content: Path | None = None) -> Examples:
    """The invented answers for ``workshop``; none when it has no example file.

    Raises :class:`ContentError` when the file has problems.
    """
    path = examples_dir(content) / f"{workshop.id}.yaml"
    if not path.is_file():
        return Examples(workshop.id)
    return load_file(path, lambda workshop_id: workshop if workshop_id == workshop.id else None)


def check_file(path: Path, workshop_of: WorkshopOf) -> list[ContentProblem]:
    """Every problem in one example file; none when it is fine."""
    try:
        load_file(path, workshop_of)
    except ContentError as err:
        return err.problems
    return []
