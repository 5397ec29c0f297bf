"""Content layer: the schema of a workshop and loading it from YAML with clear problems.

Exercise types add their own schema by subclassing :class:`ExerciseBase`; this module knows
none of them. A problem in a content file is reported as ``path:line: field: message``.
No ipywidgets here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model

from .messages import t

if TYPE_CHECKING:
    import yaml  # PyYAML is imported where a file is read: kernels get parsed workshops

SCHEMA_VERSION = 1

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=2, max_length=60)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
# Shared by exercise types: a question or instruction above the answer fields, and the
# (Markdown) situation or case an exercise is about.
Prompt = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Situation = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]


Value = TypeVar("Value")


def repeats(values: Sequence[Value]) -> list[tuple[int, Value]]:
    """``(index, value)`` for every value that already came earlier in ``values``."""
    return [(i, value) for i, value in enumerate(values) if value in values[:i]]


class ContentModel(BaseModel):
    """Frozen, strict base: unknown fields are errors, so a typo never passes silently.

    ``defer_build``: pydantic makes a model's validator when it first validates, not when the
    class is defined. A participant's kernel validates one workshop, through the workshop
    model of :func:`workshop_model`, so the separate validators and serializers of the
    sources, guide and every exercise type are never made there: less memory and CPU at
    start. Validation itself is unchanged.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(ContentModel):
    """A text the workshop is built on; every exercise names at least one."""

    id: Slug
    title: ShortText
    publisher: ShortText
    year: int | None = Field(default=None, ge=1900, le=2100)
    note: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
        | None
    ) = None


class FollowUp(ContentModel):
    """A question for the trainer that fits one outcome, e.g. when the group is split."""

    when: ShortText = Field(description="The group's outcome, e.g. 'de groep is verdeeld'")
    ask: Text = Field(description="What the trainer then asks (Markdown)")


class ExerciseBase(ContentModel):
    """Fields every exercise has. Each exercise type subclasses this with ``type: Literal[...]``."""

    id: Slug
    type: str
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    intro: Text | None = Field(default=None, description="Markdown shown above the exercise")
    minutes: int = Field(default=5, ge=1, le=180, description="Time for this exercise")
    sources: list[Slug] = Field(min_length=1, description="Ids of the workshop's sources")
    trainer_notes: Text | None = Field(default=None, description="Markdown for the trainer")
    sensitive: bool = Field(
        default=False,
        description=(
            "The group's result may hurt parents or young people in the room; the dashboard "
            "asks before revealing it when they take part"
        ),
    )
    themes: list[Slug] = Field(
        default_factory=list, description="Ids of the themes (content/themes.yaml) it covers"
    )
    focus: Slug | None = Field(
        default=None,
        description=(
            "The theme (one of its themes) that this exercise's task is about; a theme counts "
            "as practised only where it is an exercise's focus, not where it is only tagged"
        ),
    )
    follow_up: list[FollowUp] = Field(
        default_factory=list, description="Questions for the trainer that depend on the answers"
    )

    def cross_check(self) -> list[tuple[list[Any], str]]:
        """Rules across this exercise's fields, as ``(loc, Dutch message)``; none by default."""
        return []


class Handout(ContentModel):
    """Something the trainer hands out in a block: a role card, an observer list. Never read
    aloud: the person playing the parent reads their own card."""

    title: ShortText
    receiver: ShortText = Field(description="Who gets it, e.g. 'wie de ouder speelt'")
    text: Text = Field(description="What is on the card (Markdown)")


class Block(ContentModel):
    """One part of the session in the trainer's guide (draaiboek): what happens, how long."""

    title: ShortText
    minutes: int = Field(ge=1, le=180)
    exercises: list[Slug] = Field(
        default_factory=list, description="Ids of the exercises done in this block, in order"
    )
    say: Text | None = Field(
        default=None, description="What the trainer tells the whole group, aloud (Markdown)"
    )
    do: list[Text] = Field(
        default_factory=list, description="What the trainer does, step by step (Markdown)"
    )
    hand_out: list[Handout] = Field(
        default_factory=list,
        description="Cards to hand out (role cards): printed, never read aloud",
    )
    ask: list[Text] = Field(default_factory=list, description="Questions for the group")
    show: Text | None = Field(
        default=None, description="Which dashboard panel to show, and when (Markdown)"
    )


class Guide(ContentModel):
    """The trainer's guide for a workshop; the exercises' own notes are added to it."""

    audience: Text = Field(description="For whom, how many people, what room (Markdown)")
    preparation: list[Text] = Field(default_factory=list, description="What to arrange before")
    opening: list[Text] = Field(
        min_length=1, description="The privacy agreements to make at the opening"
    )
    with_families: Text = Field(
        description="What to do when parents or young people take part (Markdown)"
    )
    blocks: list[Block] = Field(min_length=1)
    extra: list[Slug] = Field(
        default_factory=list,
        description=(
            "Exercises outside the timed blocks: for when time is left, or for self-study "
            "afterwards (in workshop order)"
        ),
    )


class WorkshopBase(ContentModel):
    """A workshop: exercises in session order, with the sources they draw on."""

    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    description: Text
    duration_minutes: int = Field(ge=15, le=480)
    sources: list[Source] = Field(min_length=1)
    exercises: list[ExerciseBase] = Field(min_length=1)
    guide: Guide | None = None

    def exercise(self, exercise_id: str) -> ExerciseBase:
        """The exercise with this id; ``KeyError`` when there is none."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def minutes_of(self, exercise_ids: Iterable[str]) -> int:
        """The time these exercises take together (a block of the guide)."""
        return sum(self.exercise(exercise_id).minutes for exercise_id in exercise_ids)


class Theme(ContentModel):
    """A theme from the source texts that the kit must turn into exercises."""

    id: Slug
    source: Slug = Field(description="The source text it comes from (a file in shared seeds)")
    label: ShortText = Field(description="The theme in a few Dutch words")


class ThemeList(ContentModel):
    themes: list[Theme] = Field(min_length=1)


@cache
def workshop_model(types: tuple[type[ExerciseBase], ...]) -> type[WorkshopBase]:
    """The Workshop model whose exercises are a tagged union of ``types``."""
    union = Union[types]  # noqa: UP007 - a runtime tuple of classes needs typing.Union
    exercise = Annotated[union, Field(discriminator="type")]
    return create_model(
        "Workshop",
        __base__=WorkshopBase,
        exercises=(list[exercise], Field(min_length=1)),
    )


@dataclass(frozen=True)
class ContentProblem:
    """One problem in a content file, located for the person who has to fix it."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ContentError(Exception):
    """A content file that cannot be used; ``problems`` says what and where."""

    def __init__(self, problems: list[ContentProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _loc_to_field(loc: Iterable[Any]) -> str:
    field = ""
    for part in loc:
        if isinstance(part, int):
            field += f"[{part}]"
        else:
            field += f".{part}" if field else str(part)
    return field or "(bestand)"


def _node_at(root: yaml.Node, loc: Iterable[Any]) -> tuple[yaml.Node, list[Any]]:
    """The deepest YAML node along ``loc`` and the loc parts that really exist in the file.

    Parts that are not in the file (pydantic's union tag) are skipped.
    """
    import yaml

    node, kept = root, []
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    node = value
                    kept.append(part)
                    break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            kept.append(part)
    return node, kept


def problem_at(path: Path, root: yaml.Node, loc: list[Any], message: str) -> ContentProblem:
    """A problem at ``loc`` (``["guide", "blocks", 2, "minutes"]``), on the line of the file
    that holds it."""
    node, kept = _node_at(root, loc)
    return ContentProblem(path, node.start_mark.line + 1, _loc_to_field(kept), message)


_PYDANTIC_TO_KEY = {
    "missing": "content.missing",
    "extra_forbidden": "content.extra",
    "string_too_long": "content.too_long",
    "string_too_short": "content.empty",
    "too_short": "content.too_few",
    "too_long": "content.too_many",
    "string_pattern_mismatch": "content.slug",
    "string_type": "content.text",
    "int_parsing": "content.int",
    "int_type": "content.int",
    "int_from_float": "content.int",
    "bool_parsing": "content.bool",
    "bool_type": "content.bool",
    "list_type": "content.list",
    "model_type": "content.mapping",
    "dict_type": "content.mapping",
    "model_attributes_type": "content.mapping",
    "greater_than_equal": "content.ge",
    "less_than_equal": "content.le",
    "union_tag_invalid": "content.type_unknown",
    "union_tag_not_found": "content.type_missing",
    "literal_error": "content.literal",
}


def _dutch(error: Mapping[str, Any], **defaults: object) -> str:
    key = _PYDANTIC_TO_KEY.get(error["type"])
    if key is None:
        return str(error["msg"]).removeprefix("Value error, ")
    ctx = {**defaults, **(error.get("ctx") or {})}
    ctx.setdefault("value", error.get("input"))
    if isinstance(ctx.get("expected"), str):  # pydantic joins the choices with an English "or"
        ctx["expected"] = ctx["expected"].replace(" or ", " of ")
    return t(key, **ctx)


def _problems_from_validation(
    path: Path, root: yaml.Node, err: ValidationError, expected_tags: str
) -> list[ContentProblem]:
    problems = []
    for error in err.errors():
        loc = error["loc"]
        if error["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            loc = (*loc, "type")  # the exercise's ``type`` field is what needs fixing
        node, kept = _node_at(root, loc)
        # A missing field is not in the file: name it, but point at the mapping that lacks it.
        if loc and loc[-1] not in kept[-1:]:
            kept = [*kept, loc[-1]]
        line = node.start_mark.line + 1
        message = _dutch(error, expected_tags=expected_tags)
        problems.append(ContentProblem(path, line, _loc_to_field(kept), message))
    return problems


def _duplicate_keys(path: Path, node: yaml.Node, loc: list[Any]) -> list[ContentProblem]:
    import yaml

    problems: list[ContentProblem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                problems.append(
                    ContentProblem(
                        path,
                        key.start_mark.line + 1,
                        _loc_to_field([*loc, key.value]),
                        t("content.duplicate_key"),
                    )
                )
            seen.add(key.value)
            problems += _duplicate_keys(path, value, [*loc, key.value])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _duplicate_keys(path, item, [*loc, index])
    return problems


def _cross_references(
    path: Path, root: yaml.Node, workshop: WorkshopBase, themes: Collection[str] | None
) -> list[ContentProblem]:
    """Rules that span fields: unique ids, sources and themes that exist, a guide that fits."""
    problems = []

    def problem(loc: list[Any], key: str, **values: object) -> None:
        node, _ = _node_at(root, loc)
        problems.append(
            ContentProblem(path, node.start_mark.line + 1, _loc_to_field(loc), t(key, **values))
        )

    source_ids = [s.id for s in workshop.sources]
    for index, source_id in enumerate(source_ids):
        if source_id in source_ids[:index]:
            problem(["sources", index, "id"], "content.id_twice", value=source_id)
    exercise_ids = [e.id for e in workshop.exercises]
    for index, exercise in enumerate(workshop.exercises):
        if exercise.id in exercise_ids[:index]:
            problem(["exercises", index, "id"], "content.id_twice", value=exercise.id)
        for s_index, source_id in enumerate(exercise.sources):
            if source_id not in source_ids:
                problem(
                    ["exercises", index, "sources", s_index],
                    "content.source_unknown",
                    value=source_id,
                    known=", ".join(source_ids),
                )
        for loc, message in exercise.cross_check():
            problem(["exercises", index, *loc], "content.rule", message=message)
        for t_index, theme_id in enumerate(exercise.themes):
            if themes is not None and theme_id not in themes:
                problem(
                    ["exercises", index, "themes", t_index], "content.theme_unknown", value=theme_id
                )
        if exercise.focus is not None and exercise.focus not in exercise.themes:
            problem(["exercises", index, "focus"], "content.focus_untagged", value=exercise.focus)
    if workshop.guide is not None:
        _check_guide(workshop.guide, exercise_ids, problem)
    return problems


def _check_guide(guide: Guide, exercise_ids: list[str], problem: Callable[..., None]) -> None:
    """The guide names every exercise once, in a block or under ``extra``, in workshop order."""
    planned: list[str] = []
    places = [
        (["guide", "blocks", b_index, "exercises"], block.exercises)
        for b_index, block in enumerate(guide.blocks)
    ]
    for base, listed in [*places, (["guide", "extra"], guide.extra)]:
        for e_index, exercise_id in enumerate(listed):
            loc = [*base, e_index]
            if exercise_id not in exercise_ids:
                problem(loc, "content.guide_unknown", value=exercise_id)
            elif exercise_id in planned:
                problem(loc, "content.guide_twice", value=exercise_id)
            else:
                planned.append(exercise_id)
    missing = [e for e in exercise_ids if e not in planned]
    if missing:
        problem(["guide", "blocks"], "content.guide_missing", value=", ".join(missing))
        return
    for part in (planned[: len(planned) - len(guide.extra)], guide.extra):
        if part != [e for e in exercise_ids if e in part]:
            problem(["guide", "blocks"], "content.guide_order")
            return


def read_file(path: Path) -> str:
    """The text of a content file; :class:`ContentError` when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ContentError(
            [ContentProblem(path, 1, "(bestand)", t("content.unreadable", detail=err))]
        ) from err


def read_yaml(text: str, path: Path) -> tuple[yaml.Node, dict[str, Any], list[ContentProblem]]:
    """The YAML node tree and data of a content file, and its duplicate keys as problems.

    Raises :class:`ContentError` when it is no YAML mapping at all.
    """
    import yaml

    try:
        root, data = _parse(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise ContentError(
            [ContentProblem(path, line, "(yaml)", t("content.yaml", detail=err.problem or err))]
        ) from err
    if root is None:
        raise ContentError([ContentProblem(path, 1, "(bestand)", t("content.empty_file"))])
    problems = _duplicate_keys(path, root, [])
    if not isinstance(data, dict):
        raise ContentError([ContentProblem(path, 1, "(bestand)", t("content.mapping"))])
    return root, data, problems


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The root node (None for an empty file) and the data of ``text``.

    With libyaml's parser first, when PyYAML has it (the wheels do): the same nodes, marks and
    data as the pure-Python SafeLoader, about ten times faster. Its messages for broken YAML
    are worded differently, so a text it refuses is read again by the pure-Python loader,
    whose problem (wording and line) is the one the trainer has always been shown.
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if fast is not yaml.SafeLoader:
        try:
            return _compose(text, fast)
        except yaml.YAMLError:
            pass
    return _compose(text, yaml.SafeLoader)


def _compose(text: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
        return root, None if root is None else loader.construct_document(root)
    finally:
        loader.dispose()


def parse_themes(text: str, path: Path) -> list[Theme]:
    """The theme list ``content/themes.yaml``; :class:`ContentError` with every problem."""
    root, data, problems = read_yaml(text, path)
    try:
        themes = ThemeList.model_validate(data).themes
    except ValidationError as err:
        raise ContentError(problems + _problems_from_validation(path, root, err, "")) from err
    for index, theme_id in repeats([theme.id for theme in themes]):
        node, _ = _node_at(root, ["themes", index, "id"])
        problems.append(
            ContentProblem(
                path,
                node.start_mark.line + 1,
                _loc_to_field(["themes", index, "id"]),
                t("content.id_twice", value=theme_id),
            )
        )
    if problems:
        raise ContentError(problems)
    return themes


def parse_workshop(
    text: str,
    path: Path,
    exercise_types: Iterable[type[ExerciseBase]],
    themes: Collection[str] | None = None,
) -> WorkshopBase:
    """Validate the YAML ``text`` of a workshop; raise :class:`ContentError` with every problem.

    ``themes`` are the known theme ids; None skips that check.
    """
    root, data, problems = read_yaml(text, path)
    exercise_types = tuple(exercise_types)
    model = workshop_model(exercise_types)
    try:
        workshop = model.model_validate(data)
    except ValidationError as err:
        tags = ", ".join(
            repr(tag) for e in exercise_types for tag in get_args(e.model_fields["type"].annotation)
        )
        raise ContentError(problems + _problems_from_validation(path, root, err, tags)) from err
    problems += _cross_references(path, root, workshop, themes)
    if workshop.guide is not None:
        total = sum(block.minutes for block in workshop.guide.blocks)
        if total != workshop.duration_minutes:
            problems.append(
                ContentProblem(
                    path,
                    _node_at(root, ["duration_minutes"])[0].start_mark.line + 1,
                    "duration_minutes",
                    t("content.guide_minutes", total=total, value=workshop.duration_minutes),
                )
            )
    if path.stem != workshop.id:
        problems.append(
            ContentProblem(
                path,
                _node_at(root, ["id"])[0].start_mark.line + 1,
                "id",
                t("content.id_filename", value=workshop.id, stem=path.stem),
            )
        )
    if problems:
        raise ContentError(problems)
    return workshop


def content_dir() -> Path:
    """Where workshop files live: ``$SAMENSPRAAK_CONTENT``, the installed copy, or the repo's."""
    if env := os.environ.get("SAMENSPRAAK_CONTENT"):
        return Path(env)
    package = Path(__file__).resolve().parents[1]  # samenspraak/, above core/
    installed = package / "_content"
    return installed if installed.is_dir() else package.parents[1] / "content"


def repeated_ids(
    items: Sequence[Any], field: str, where: str, *, noun: str = "id"
) -> list[tuple[list[Any], str]]:
    """A ``cross_check`` rule: every item in the list ``field`` whose ``id`` came before.

    The message reads "de {noun} {id} komt vaker voor in deze {where}", e.g. ``noun="stap"``,
    ``where="casus"``.
    """
    return [
        ([field, i, "id"], t("content.id_repeated", noun=noun, value=item_id, where=where))
        for i, item_id in repeats([item.id for item in items])
    ]
