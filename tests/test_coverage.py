"""Every theme from the source texts is practised somewhere (an exercise's focus, not only a
tag), ``samenspraak check`` says which are not, and docs/themes.md shows where."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from samenspraak import catalog
from samenspraak.core.content import ContentError
from samenspraak.core.messages import t
from samenspraak.coverage import (
    REGENERATE,
    coverage_markdown,
    render_markdown,
    theme_coverage,
    theme_practice,
    uncovered,
    unpractised,
)

from .helpers import CONTENT, REPO

WORKSHOPS = ("grondhouding", "partnerschap", "heldere-afspraken")

THEMES = """\
themes:
  - id: een
    source: bron-a
    label: "Thema een"
  - id: twee
    source: ncj-gelijkwaardig-partnerschap
    label: "Thema | twee"
  - id: drie
    source: bron-b
    label: "Thema drie"
"""


def workshop_text(
    workshop_id: str, exercises: list[tuple[str, str]], focus: dict[str, str] | None = None
) -> str:
    """A small workshop with one stelling per ``(exercise id, theme list)``; ``focus`` gives
    some exercises (by id) the theme their task is about."""
    focus = focus or {}
    items = "".join(
        f"  - id: {exercise_id}\n"
        f"    type: stelling\n"
        f"    title: Stelling {exercise_id}\n"
        f"    sources: [bron]\n"
        f"    themes: {themes}\n"
        + (f"    focus: {focus[exercise_id]}\n" if exercise_id in focus else "")
        + '    statement: "Een stelling."\n'
        for exercise_id, themes in exercises
    )
    return (
        f"id: {workshop_id}\ntitle: Workshop {workshop_id}\ndescription: Klein.\n"
        f"duration_minutes: 30\n"
        f"sources:\n  - id: bron\n    title: Bron\n    publisher: Uitgever\n"
        f"exercises:\n{items}"
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content directory with three themes and two workshops: ``een`` is practised (the
    focus of a1 and s2), ``twee`` is only tagged (s1), ``drie`` is nowhere."""
    (tmp_path / "themes.yaml").write_text(THEMES, encoding="utf-8")
    (tmp_path / "b-workshop.yaml").write_text(
        workshop_text("b-workshop", [("s1", "[twee, een, twee]"), ("s2", "[een]")], {"s2": "een"}),
        encoding="utf-8",
    )
    (tmp_path / "a-workshop.yaml").write_text(
        workshop_text("a-workshop", [("a1", "[een]")], {"a1": "een"}), encoding="utf-8"
    )
    return tmp_path


# --- the shipped content -------------------------------------------------------------------


def test_every_theme_is_practised_by_some_workshop():
    themes = catalog.load_themes(CONTENT)
    assert themes, "content/themes.yaml lists the themes"
    workshops = catalog.load_all(CONTENT)
    assert uncovered(theme_coverage(workshops, themes)) == [], "themes no exercise names"
    assert unpractised(workshops, themes) == [], "themes that are no exercise's focus"


def test_docs_themes_md_is_the_generated_table():
    path = REPO / "docs" / "themes.md"
    expected = coverage_markdown(CONTENT)
    assert path.is_file(), f"docs/themes.md is missing; make it with: {REGENERATE}"
    assert path.read_text(encoding="utf-8") == expected, (
        f"docs/themes.md no longer matches the content; regenerate it with: {REGENERATE}"
    )


@pytest.mark.parametrize("workshop_id", WORKSHOPS)
def test_each_workshop_is_complete(workshop_id: str):
    workshop = catalog.load_workshop(workshop_id, CONTENT)
    assert 90 <= workshop.duration_minutes <= 180
    types = {exercise.type for exercise in workshop.exercises}
    assert len(types) >= 5, types
    assert "casus" in types
    ideas = [e for e in workshop.exercises if e.type == "ideeen"]
    assert [e.title for e in ideas if e.title == "Wij willen toevoegen"], "no Wij willen toevoegen"
    assert workshop.guide is not None
    assert sum(block.minutes for block in workshop.guide.blocks) == workshop.duration_minutes
    for exercise in workshop.exercises:
        assert exercise.themes, f"{workshop_id}: {exercise.id} names no theme"
        assert exercise.sources, f"{workshop_id}: {exercise.id} names no source"


# --- theme_coverage ------------------------------------------------------------------------


def test_coverage_follows_theme_order_and_lists_each_exercise_once(content: Path):
    workshops = catalog.load_all(content)
    assert list(workshops) == ["a-workshop", "b-workshop"]
    coverage = theme_coverage(workshops, catalog.load_themes(content))
    assert coverage == {
        "een": [("a-workshop", "a1"), ("b-workshop", "s1"), ("b-workshop", "s2")],
        "twee": [("b-workshop", "s1")],
        "drie": [],
    }
    assert uncovered(coverage) == ["drie"]


def test_coverage_keeps_the_order_of_the_workshops_given(content: Path):
    workshops = catalog.load_all(content)
    themes = catalog.load_themes(content)
    reverse = [workshops["b-workshop"], workshops["a-workshop"]]
    assert theme_coverage(reverse, themes)["een"] == [
        ("b-workshop", "s1"),
        ("b-workshop", "s2"),
        ("a-workshop", "a1"),
    ]


def test_practice_counts_only_the_focus_of_an_exercise(content: Path):
    workshops = catalog.load_all(content)
    practice = theme_practice(workshops, catalog.load_themes(content))
    assert practice == {
        "een": [("a-workshop", "a1"), ("b-workshop", "s2")],
        "twee": [],  # s1 names it under themes, but its task is not about it
        "drie": [],
    }
    assert unpractised(workshops, catalog.load_themes(content)) == ["twee", "drie"]


def test_theme_ids_outside_the_list_are_left_out(content: Path):
    workshops = catalog.load_all(content)
    themes = [theme for theme in catalog.load_themes(content) if theme.id != "twee"]
    assert theme_coverage(workshops, themes) == {
        "een": [("a-workshop", "a1"), ("b-workshop", "s1"), ("b-workshop", "s2")],
        "drie": [],
    }


# --- the Markdown table --------------------------------------------------------------------


def test_markdown_has_a_row_per_theme_in_order(content: Path):
    text = coverage_markdown(content)
    assert "| thema | bron | geoefend in (workshop: oefeningen) | ook genoemd in |" in text
    rows = [line for line in text.splitlines() if line.startswith("| Thema")]
    assert len(rows) == 3
    assert rows[0] == (
        "| Thema een (`een`) | bron-a "
        "| **a-workshop**: Stelling a1<br>**b-workshop**: Stelling s2 "
        "| **b-workshop**: Stelling s1 |"
    )
    # A pipe in a label cannot break the table; a known source gets its readable name.
    # A theme that is only tagged is "ook genoemd", never practised.
    assert rows[1] == (
        "| Thema \\| twee (`twee`) | NCJ: Gelijkwaardig partnerschap "
        "| **nog geen oefening** | **b-workshop**: Stelling s1 |"
    )
    assert rows[2] == "| Thema drie (`drie`) | bron-b | **nog geen oefening** | - |"
    assert (
        "Met 1 van de 3 thema's oefen je in minstens één oefening. Nog geen oefening: twee, drie."
        in text
    )


def test_markdown_lists_the_workshops_that_treat_themes(content: Path):
    text = coverage_markdown(content)
    assert "| oefeningen | thema's geoefend | thema's ook genoemd |" in text
    assert "| **a-workshop** | Workshop a-workshop | 30 min | 1 | 1 | 0 |" in text
    assert "| **b-workshop** | Workshop b-workshop | 30 min | 2 | 1 | 1 |" in text
    assert REGENERATE in text


def test_markdown_says_when_every_theme_is_practised(content: Path):
    give_twee_a_focus(content)
    workshops = catalog.load_all(content)
    themes = [theme for theme in catalog.load_themes(content) if theme.id != "drie"]
    text = render_markdown(workshops, themes)
    assert "Met alle 2 thema's oefen je in minstens één oefening." in text
    assert "nog geen oefening" not in text


def give_twee_a_focus(content: Path) -> None:
    """s1 gets ``focus: twee``: its task is now about the theme it only named before."""
    (content / "b-workshop.yaml").write_text(
        workshop_text(
            "b-workshop",
            [("s1", "[twee, een, twee]"), ("s2", "[een]")],
            {"s1": "twee", "s2": "een"},
        ),
        encoding="utf-8",
    )


# --- samenspraak check: a theme needs a task ------------------------------------------------


def not_practised(content: Path, theme_id: str) -> str:
    """How ``samenspraak check`` reports a theme of ``content/themes.yaml`` that no exercise
    practises: at the line of its id."""
    path = content / "themes.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index(f"  - id: {theme_id}") + 1
    index = [text for text in lines if text.startswith("  - id: ")].index(f"  - id: {theme_id}")
    message = t("content.theme_not_practised", value=theme_id)
    return f"{path}:{line}: themes[{index}].id: {message}"


def test_check_reports_each_theme_that_no_exercise_practises(content: Path):
    count, problems = catalog.check([content])
    assert count == 2
    # twee is tagged in s1 but is no exercise's focus; drie is nowhere
    assert [str(p) for p in problems] == [
        not_practised(content, "twee"),
        not_practised(content, "drie"),
    ]
    assert "focus: twee" in problems[0].message


def test_check_passes_once_a_tagged_theme_gets_a_focus(content: Path):
    give_twee_a_focus(content)
    _count, problems = catalog.check([content])
    assert [str(p) for p in problems] == [not_practised(content, "drie")]
    (content / "themes.yaml").write_text(THEMES[: THEMES.index("  - id: drie")], encoding="utf-8")
    assert catalog.check([content]) == (2, [])


def test_check_of_one_file_or_a_folder_without_themes_asks_no_focus(content: Path):
    # Practice is judged over a whole folder with a theme list, never over one file.
    assert catalog.check([content / "a-workshop.yaml"]) == (1, [])
    (content / "themes.yaml").unlink()
    assert catalog.check([content]) == (2, [])


def test_check_judges_practice_only_when_every_workshop_loads(content: Path):
    broken = content / "a-workshop.yaml"
    broken.write_text(workshop_text("a-workshop", [("a1", "[onbekend]")]), encoding="utf-8")
    _count, problems = catalog.check([content])
    assert [p.path for p in problems] == [broken]  # the workshop's own problem, nothing more


def test_a_focus_must_be_one_of_the_exercises_themes(content: Path):
    path = content / "a-workshop.yaml"
    path.write_text(workshop_text("a-workshop", [("a1", "[een]")], {"a1": "twee"}), "utf-8")
    _count, problems = catalog.check([path])
    line = path.read_text(encoding="utf-8").splitlines().index("    focus: twee") + 1
    assert [str(p) for p in problems] == [
        f"{path}:{line}: exercises[0].focus: {t('content.focus_untagged', value='twee')}"
    ]


def test_an_unknown_theme_is_reported_with_file_line_and_field(content: Path):
    path = content / "b-workshop.yaml"
    text = path.read_text(encoding="utf-8").replace("[twee, een, twee]", "[vier, een]")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    themes: [vier, een]") + 1
    with pytest.raises(ContentError) as info:
        coverage_markdown(content)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:{line}: exercises[0].themes[0]: {t('content.theme_unknown', value='vier')}"
    ]


# --- python -m samenspraak.coverage --------------------------------------------------------


def run_module(content: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAMENSPRAAK_CONTENT": str(content), "PYTHONIOENCODING": "ascii"}
    return subprocess.run(
        [sys.executable, "-m", "samenspraak.coverage"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


def test_module_prints_the_table_in_utf8(content: Path):
    themes = content / "themes.yaml"
    themes.write_text(THEMES.replace("Thema drie", "Thema drie: cliënt"), encoding="utf-8")
    done = run_module(content)  # with an ASCII locale
    assert done.returncode == 0, done.stderr
    assert done.stdout == coverage_markdown(content)
    assert "| Thema drie: cliënt (`drie`) |" in done.stdout


def test_module_reports_content_problems_and_fails(content: Path):
    path = content / "a-workshop.yaml"
    path.write_text(workshop_text("a-workshop", [("a1", "[onbekend]")]), encoding="utf-8")
    done = run_module(content)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"{path}:" in done.stderr
    assert "exercises[0].themes[0]" in done.stderr
