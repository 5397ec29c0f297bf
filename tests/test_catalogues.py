"""The text catalogues (gettext ``.po`` files) against the code: no text is asked for that no
catalogue has, and no catalogue holds a text that nothing asks for.

A key is asked for when the code holds it as a string (``t("join.title")``, a registration's
``guide_task="stelling.guide_task"``) or builds it in an f-string (``t(f"role.{role.value}")``
asks for every ``role.*``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from samenspraak.core import messages
from samenspraak.exercises import exercise_types

PACKAGE = Path(__file__).resolve().parents[1] / "widgets" / "samenspraak"
KEY = re.compile(r"[a-z][a-z_]*(\.[a-z0-9_]+)+")
FILE_SUFFIXES = (".css", ".po", ".py", ".yaml", ".html", ".js", ".json")


def catalogue_files() -> list[Path]:
    return sorted(PACKAGE.rglob("nl.po"))


def catalogue_keys() -> dict[str, Path]:
    return {key: path for path in catalogue_files() for key in messages.read_catalogue(path)}


def asked_for() -> tuple[set[str], list[re.Pattern[str]]]:
    """The keys the code names as strings, and patterns for the keys it builds."""
    literals: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # The fixed parts of an f-string are no keys of their own ("guide.for_parents_q").
        fixed_parts = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if id(node) in fixed_parts:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.endswith("_") and KEY.fullmatch(node.value + "x"):
                    # a key's start, completed in code: "dash.state_" + state.value
                    patterns.append(re.compile(re.escape(node.value) + "[a-z0-9_]+"))
                elif KEY.fullmatch(node.value):
                    literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                pattern = "".join(
                    re.escape(part.value) if isinstance(part, ast.Constant) else "[a-z0-9_]+"
                    for part in node.values
                )
                if re.match(r"[a-z_]+\\\.", pattern):  # starts like a key: "role\.…"
                    patterns.append(re.compile(pattern))
    return literals, patterns


def test_every_catalogue_is_dutch_and_readable() -> None:
    files = catalogue_files()
    assert PACKAGE / "locale" / "nl.po" in files
    assert len(files) >= 14  # the package's own and one per exercise type
    for path in files:
        assert messages.read_catalogue(path), path


def test_no_key_is_in_two_catalogues() -> None:
    seen: dict[str, Path] = {}
    twice = []
    for path in catalogue_files():
        for key in messages.read_catalogue(path):
            if key in seen:
                twice.append(f"{key}: {seen[key]} and {path}")
            seen[key] = path
    assert twice == []


def test_every_key_the_code_names_exists() -> None:
    exercise_types()  # every type's catalogue loaded
    literals, _patterns = asked_for()
    known = catalogue_keys()
    prefixes = {key.split(".")[0] for key in known}
    missing = sorted(
        key
        for key in literals
        if key.split(".")[0] in prefixes
        and key not in known
        and not key.endswith(FILE_SUFFIXES)  # "voting.css" names a file
    )
    assert missing == []


def test_every_text_in_a_catalogue_is_used() -> None:
    literals, patterns = asked_for()
    unused = sorted(
        f"{path.relative_to(PACKAGE)}: {key}"
        for key, path in catalogue_keys().items()
        if key not in literals and not any(p.fullmatch(key) for p in patterns)
    )
    assert unused == []


def test_each_type_keeps_its_texts_in_its_own_folder() -> None:
    for name, registered in exercise_types().items():
        if not registered.folder.is_relative_to(PACKAGE):
            continue  # a test's own type
        own = messages.read_catalogue(registered.folder / "nl.po")
        assert registered.guide_task in own, name
        assert registered.guide_panel in own, name
        assert all(key.startswith(f"{name}.") for key in own), name
