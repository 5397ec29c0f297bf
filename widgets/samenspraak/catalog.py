"""The workshops on disk, validated against every registered exercise type.

The participant server reads every workshop once and hands it to its kernels already parsed
(:func:`prepare_for_kernels`): a pickle per workshop, with the texts as JSON, in a private
folder named by ``SAMENSPRAAK_PREPARED``. A kernel loads a workshop from there when the file
and ``themes.yaml`` are unchanged (same size and modification time), so it neither imports
PyYAML and Babel nor builds pydantic's validators; an edited file is parsed as always. The
folder is made by the server for its own kernels (mode 0700), so only this user can write the
pickles a kernel reads.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .core import messages
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
)
from .core.messages import t
from .exercises import exercise_types, workshop_class


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
    prepared = _prepared(path)
    if prepared is not None:
        return prepared
    themes = load_themes(path.parent)
    known = {theme.id for theme in themes} if themes else None
    return parse_workshop(read_file(path), path, _schemas(), known)


def _sources(path: Path) -> list[Path]:
    """The files a workshop is read from: itself, and the theme list beside it if any."""
    themes = path.parent / THEMES_FILE
    return [path, themes] if themes.is_file() else [path]


def _prepared_file(directory: Path, path: Path) -> Path:
    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    return directory / f"{path.stem}-{key}.pickle"


def _prepared(path: Path) -> WorkshopBase | None:
    """The workshop the server prepared for this kernel, if its files are unchanged."""
    directory = os.environ.get(messages.PREPARED_ENV)
    if not directory:
        return None
    try:
        with _prepared_file(Path(directory), path).open("rb") as file:
            stamp, fields, fields_set = pickle.load(file)  # noqa: S301 - our server wrote it
        if stamp == messages.stamp(_sources(path)):
            # Validated by the server: only put together again (no validator is built).
            return workshop_class().model_construct(fields_set, **fields)
    except (OSError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        pass  # not prepared, or from other code: parse it
    return None


PREPARED_PREFIX = "samenspraak-prepared-"


def prepare_for_kernels(directory: Path | None = None) -> Path:
    """Parse every workshop of ``directory`` once and leave it for the kernels.

    Returns the private folder; the server names it in ``SAMENSPRAAK_PREPARED``, which the
    kernels it starts afterwards inherit. A workshop with problems is left out: its kernel
    parses it and shows the problems as before.
    """
    remove_stale_prepared()
    # mode 0700; the server's process id in the name, so a later start can tell it is stale
    target = Path(tempfile.mkdtemp(prefix=f"{PREPARED_PREFIX}{os.getpid()}-"))
    for path in workshop_files(directory):
        try:
            workshop = load_file(path)
        except ContentError:
            continue
        # The workshop's own class is made at run time, so its fields travel, not the object.
        payload = (messages.stamp(_sources(path)), dict(workshop), workshop.model_fields_set)
        _prepared_file(target, path).write_bytes(pickle.dumps(payload, pickle.HIGHEST_PROTOCOL))
    messages.write_prepared(target)
    return target


def remove_stale_prepared() -> list[Path]:
    """Delete the prepared folders of servers that are gone: a server removes its own when it
    exits, but a killed one (SIGKILL, a power cut) cannot. Only this user's folders whose
    process no longer runs; returns what it removed."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"{PREPARED_PREFIX}*"):
        pid = folder.name.removeprefix(PREPARED_PREFIX).split("-", 1)[0]
        try:
            mine = folder.is_dir() and folder.stat().st_uid == os.getuid()
        except OSError:
            continue
        if mine and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal sent: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


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

    A directory with a ``themes.yaml`` must practise every theme: each theme that is the
    ``focus`` of no exercise in its workshops is a problem on that theme's line (a tag under
    ``themes:`` alone is not enough). This is judged only when all its workshops load.
    """
    from . import examples
    from .core.language import language_problems

    files: list[Path] = []
    example_files: list[Path] = []
    problems: list[ContentProblem] = []
    theme_dirs: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = workshop_files(path)
            if not found:
                problems.append(ContentProblem(path, 1, "(map)", t("content.no_files")))
            files += found
            example_files += examples.example_files(path)
            if (path / THEMES_FILE).is_file():
                theme_dirs.append(path)
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
    for directory in theme_dirs:
        problems += _themes_not_practised(directory, loaded)
    return len(files), problems


def _themes_not_practised(
    directory: Path, loaded: dict[Path, WorkshopBase]
) -> list[ContentProblem]:
    """The themes of ``directory/themes.yaml`` that no workshop there practises; nothing
    while one of its workshops (or the theme list) has problems of its own."""
    from .coverage import unpractised_problems

    workshops = [loaded.get(path.resolve()) for path in workshop_files(directory)]
    if None in workshops:
        return []
    try:
        themes = load_themes(directory)
    except ContentError:
        return []  # every workshop beside it reported these already
    return unpractised_problems(directory / THEMES_FILE, workshops, themes)  # type: ignore[arg-type]


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
    schema = workshop_class().model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$comment"] = f"samenspraak workshop schema, version {SCHEMA_VERSION}"
    return schema
