"""The workshops on disk, validated against every registered exercise type."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from . import examples
from .core.content import (
    SCHEMA_VERSION,
    ContentError,
    ContentProblem,
    Theme,
    WorkshopBase,
    content_dir,
    parse_themes,
    parse_workshop,
    problem_at,
    read_file,
    read_yaml,
    workshop_model,
)
from .core.language import language_problems
from .core.messages import t
from .exercises import exercise_types


def _schemas() -> list[type]:
    return [exercise_type.schema for exercise_type in exercise_types().values()]


THEMES_FILE = "themes.yaml"


def load_themes(directory: Path | None = None) -> list[Theme]:
    """The themes in ``themes.yaml`` beside the workshops; none when there is no such file."""
    path = (directory or content_dir()) / THEMES_FILE
    return parse_themes(read_file(path), path) if path.is_file() else []


def load_file(path: Path) -> WorkshopBase:
    """One workshop file; :class:`ContentError` with every problem in it.

    Theme ids are checked against ``themes.yaml`` in the same directory, when there is one.
    """
    themes = load_themes(path.parent)
    known = {theme.id for theme in themes} if themes else None
    return parse_workshop(read_file(path), path, _schemas(), known)


def workshop_files(directory: Path | None = None) -> list[Path]:
    """The workshop files of a directory: every ``*.yaml`` except the theme list."""
    directory = directory or content_dir()
    return sorted(p for p in directory.glob("*.yaml") if p.is_file() and p.name != THEMES_FILE)


def load_workshop(workshop_id: str, directory: Path | None = None) -> WorkshopBase:
    """The workshop ``content/<id>.yaml``."""
    directory = directory or content_dir()
    path = directory / f"{workshop_id}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in workshop_files(directory)) or "-"
        raise KeyError(t("content.workshop_unknown", value=workshop_id, known=known))
    return load_file(path)


def load_all(directory: Path | None = None) -> dict[str, WorkshopBase]:
    """Every workshop in the content directory, by id."""
    workshops = [load_file(path) for path in workshop_files(directory)]
    return {workshop.id: workshop for workshop in workshops}


def check(paths: Iterable[Path]) -> tuple[int, list[ContentProblem]]:
    """Validate files and directories; returns how many workshops were read, and all problems.

    A workshop that loads is also read for plain language (:mod:`core.language`: long
    sentences, unexplained abbreviations, words to avoid).

    A directory's ``examples/`` (invented answers for self-study) is checked too, and so is
    a file inside such a folder.
    """
    files: list[Path] = []
    example_files: list[Path] = []
    problems: list[ContentProblem] = []
    for path in paths:
        if path.is_dir():
            found = workshop_files(path)
            if not found:
                problems.append(ContentProblem(path, 1, "(map)", t("content.no_files")))
            files += found
            example_files += examples.example_files(path)
        elif path.is_file():
            (example_files if path.parent.name == examples.EXAMPLES_DIR else files).append(path)
        else:
            problems.append(ContentProblem(path, 1, "(bestand)", t("content.not_found")))
    loaded: dict[Path, WorkshopBase] = {}
    for file in files:
        try:
            loaded[file.resolve()] = load_file(file)
        except ContentError as err:
            problems += err.problems
            continue
        text = read_file(file)
        root, _data, _duplicates = read_yaml(text, file)
        problems += language_problems(file, root, text)  # B1: only here, never when loading
        problems += short_blocks(file, root, loaded[file.resolve()])
    for file in example_files:
        problems += examples.check_file(file, _workshop_beside(file.parent.parent, loaded))
    return len(files), problems


def short_blocks(path: Path, root: Any, workshop: WorkshopBase) -> list[ContentProblem]:
    """Blocks of the guide with less time than their exercises take (the guide itself shows
    a warning in such a block; ``samenspraak check`` refuses it)."""
    if workshop.guide is None:
        return []
    found = []
    for index, block in enumerate(workshop.guide.blocks):
        needed = workshop.minutes_of(block.exercises)
        if needed > block.minutes:
            message = t("content.guide_block_short", minutes=block.minutes, needed=needed)
            found.append(problem_at(path, root, ["guide", "blocks", index, "minutes"], message))
    return found


def _workshop_beside(
    directory: Path, loaded: dict[Path, WorkshopBase]
) -> Callable[[str], WorkshopBase | None]:
    """Finds a workshop of ``directory`` for its example files, read once."""

    def workshop_of(workshop_id: str) -> WorkshopBase | None:
        path = (directory / f"{workshop_id}.yaml").resolve()
        if path not in loaded:
            if not path.is_file() or path.name == THEMES_FILE:
                return None
            loaded[path] = load_file(path)
        return loaded[path]

    return workshop_of


def json_schema() -> dict:
    """JSON Schema of a workshop file, for editors (YAML language servers)."""
    schema = workshop_model(tuple(_schemas())).model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"samenspraak workshop schema, version {SCHEMA_VERSION}"
    return schema
