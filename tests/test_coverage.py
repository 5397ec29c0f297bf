"""Every theme from the source texts is treated somewhere, and docs/themes.md shows where."""

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
    uncovered,
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


def workshop_text(workshop_id: str, exercises: list[tuple[str, str]]) -> str:
    """A small workshop with one stelling per ``(exercise id, theme list)``."""
    items = "".join(
        f"  - id: {exercise_id}\n"
        f"    type: stelling\n"
        f"    title: Stelling {exercise_id}\n"
        f"    sources: [bron]\n"
        f"    themes: {themes}\n"
        f'    statement: "Een stelling."\n'
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
    """A content directory with three themes and two workshops; ``drie`` is treated nowhere."""
    (tmp_path / "themes.yaml").write_text(THEMES, encoding="utf-8")
    (tmp_path / "b-workshop.yaml").write_text(
        workshop_text("b-workshop", [("s1", "[twee, een, twee]"), ("s2", "[een]")]),
        encoding="utf-8",
    )
    (tmp_path / "a-workshop.yaml").write_text(
        workshop_text("a-workshop", [("a1", "[een]")]), encoding="utf-8"
    )
    return tmp_path


# --- the shipped content -------------------------------------------------------------------


def test_every_theme_is_treated_by_some_workshop():
    themes = catalog.load_themes(CONTENT)
    assert themes, "content/themes.yaml lists the themes"
    coverage = theme_coverage(catalog.load_all(CONTENT), themes)
    assert list(coverage) == [theme.id for theme in themes]
    assert uncovered(coverage) == [], "these themes have no exercise in any workshop"


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
    assert "| thema | bron | workshop: oefeningen |" in text
    rows = [line for line in text.splitlines() if line.startswith("| Thema")]
    assert len(rows) == 3
    assert rows[0] == (
        "| Thema een (`een`) | bron-a "
        "| **a-workshop**: Stelling a1<br>**b-workshop**: Stelling s1; Stelling s2 |"
    )
    # A pipe in a label cannot break the table; a known source gets its readable name.
    assert rows[1] == (
        "| Thema \\| twee (`twee`) | NCJ: Gelijkwaardig partnerschap "
        "| **b-workshop**: Stelling s1 |"
    )
    assert rows[2] == "| Thema drie (`drie`) | bron-b | **nog geen oefening** |"
    assert "2 van de 3 thema's komen aan bod. Nog geen oefening: drie." in text


def test_markdown_lists_the_workshops_that_treat_themes(content: Path):
    text = coverage_markdown(content)
    assert "| **a-workshop** | Workshop a-workshop | 30 min | 1 | 1 |" in text
    assert "| **b-workshop** | Workshop b-workshop | 30 min | 2 | 2 |" in text
    assert REGENERATE in text


def test_markdown_says_when_every_theme_is_treated(content: Path):
    workshops = catalog.load_all(content)
    themes = [theme for theme in catalog.load_themes(content) if theme.id != "drie"]
    text = render_markdown(workshops, themes)
    assert "Alle 2 thema's komen in minstens één oefening aan bod." in text
    assert "nog geen oefening" not in text


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
