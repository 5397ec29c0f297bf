"""Which exercise of which workshop treats which theme from the source texts.

The themes are in ``content/themes.yaml``. Every exercise lists under ``themes:`` the ones it
touches, and names under ``focus:`` the one its task is about. A theme counts as *practised*
only where it is some exercise's focus (:func:`theme_practice`); where it is only tagged it is
"ook genoemd" (:func:`theme_coverage` gives every tag). ``samenspraak check`` reports each theme
that no exercise practises (:func:`unpractised_problems`). :func:`coverage_markdown` writes the
table for trainers that lives in ``docs/themes.md``::

    .venv/bin/python -m samenspraak.coverage > docs/themes.md

A test compares ``docs/themes.md`` with :func:`coverage_markdown`, so the table never drifts
from the content. No ipywidgets here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from . import catalog
from .core.content import (
    ContentError,
    ContentProblem,
    Theme,
    WorkshopBase,
    problem_at,
    read_file,
    read_yaml,
)
from .core.messages import t

REGENERATE = ".venv/bin/python -m samenspraak.coverage > docs/themes.md"

# The source texts by the ``source`` slug of a theme, as a trainer knows them.
SOURCE_NAMES = {
    "ncj-gelijkwaardig-partnerschap": "NCJ: Gelijkwaardig partnerschap",
    "clientgericht-werken-en-samen-leren": "Cliëntgericht werken en samen leren",
    "ncj-aansluiten-bij-ouders-2018": "NCJ: De JGZ wil beter aansluiten bij ouders (2018)",
    "han-gelijkwaardig-samenwerken-2023": "HAN: Gelijkwaardig samenwerken (2023)",
    "met-andere-ogen-poster-2022": "Met Andere Ogen: poster (2022)",
}

Coverage = dict[str, list[tuple[str, str]]]
"""Theme id → the ``(workshop id, exercise id)`` pairs that treat it."""


def _listed(
    workshops: Mapping[str, WorkshopBase] | Iterable[WorkshopBase],
) -> Iterable[WorkshopBase]:
    return workshops.values() if isinstance(workshops, Mapping) else workshops


def theme_coverage(
    workshops: Mapping[str, WorkshopBase] | Iterable[WorkshopBase], themes: Sequence[Theme]
) -> Coverage:
    """For each theme, in the order of ``themes``: the ``(workshop id, exercise id)`` pairs of
    the exercises that name it, workshops in the given order and exercises in content order.

    A theme no exercise names gets an empty list. Theme ids that are not in ``themes`` are
    left out (loading a workshop already reports them as problems).
    """
    coverage: Coverage = {theme.id: [] for theme in themes}
    for workshop in _listed(workshops):
        for exercise in workshop.exercises:
            for theme_id in dict.fromkeys(exercise.themes):
                if theme_id in coverage:
                    coverage[theme_id].append((workshop.id, exercise.id))
    return coverage


def theme_practice(
    workshops: Mapping[str, WorkshopBase] | Iterable[WorkshopBase], themes: Sequence[Theme]
) -> Coverage:
    """For each theme, in the order of ``themes``: the ``(workshop id, exercise id)`` pairs of
    the exercises whose task is about it (their ``focus``), in the order of the workshops given
    and of their exercises. A theme that is no exercise's focus gets an empty list."""
    practice: Coverage = {theme.id: [] for theme in themes}
    for workshop in _listed(workshops):
        for exercise in workshop.exercises:
            if exercise.focus in practice:
                practice[exercise.focus].append((workshop.id, exercise.id))
    return practice


def uncovered(coverage: Coverage) -> list[str]:
    """The theme ids with no exercise in ``coverage``, in theme order."""
    return [theme_id for theme_id, covered in coverage.items() if not covered]


def unpractised(
    workshops: Mapping[str, WorkshopBase] | Iterable[WorkshopBase], themes: Sequence[Theme]
) -> list[str]:
    """The theme ids that no exercise has as its focus (a tag alone is not enough)."""
    return uncovered(theme_practice(workshops, themes))


def unpractised_problems(
    path: Path, workshops: Iterable[WorkshopBase], themes: Sequence[Theme]
) -> list[ContentProblem]:
    """One problem per theme of the theme list ``path`` that no exercise of ``workshops``
    practises, on the line of that theme's id (``themes[3].id``)."""
    missing = set(unpractised(workshops, themes))
    if not missing:
        return []
    root, _data, _duplicates = read_yaml(read_file(path), path)
    return [
        problem_at(
            path, root, ["themes", index, "id"], t("content.theme_not_practised", value=theme.id)
        )
        for index, theme in enumerate(themes)
        if theme.id in missing
    ]


def _cell(text: str) -> str:
    """Text that is safe inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def _exercises_cell(
    pairs: Sequence[tuple[str, str]], workshops: Mapping[str, WorkshopBase], empty: str
) -> str:
    if not pairs:
        return empty
    by_workshop: dict[str, list[str]] = {}
    for workshop_id, exercise_id in pairs:
        by_workshop.setdefault(workshop_id, []).append(exercise_id)
    parts = []
    for workshop_id, exercise_ids in by_workshop.items():
        workshop = workshops[workshop_id]
        titles = "; ".join(_cell(workshop.exercise(e).title) for e in exercise_ids)
        parts.append(f"**{workshop_id}**: {titles}")
    return "<br>".join(parts)


def render_markdown(workshops: Mapping[str, WorkshopBase], themes: Sequence[Theme]) -> str:
    """The Markdown document of :func:`coverage_markdown` for these workshops and themes."""
    coverage = theme_coverage(workshops, themes)
    practice = theme_practice(workshops, themes)
    used = [w for w in workshops.values() if any(e.themes for e in w.exercises)]
    lines = [
        "# Thema's en workshops",
        "",
        "<!-- Gemaakt met: " + REGENERATE + " -->",
        "<!-- Pas dit bestand niet met de hand aan: een test vergelijkt het met de inhoud. -->",
        "",
        "De kit maakt oefeningen van de thema's uit vijf bronteksten. In deze tabel zie je per",
        "thema in welke workshop en in welke oefening je ermee aan de slag gaat. Zo kies je als",
        "trainer snel een workshop of een oefening bij een thema.",
        "",
        "De thema's staan in `content/themes.yaml`. Elke oefening noemt onder `themes:` de",
        "thema's die erin voorkomen. Onder `focus:` staat het ene thema waar de opdracht over",
        "gaat. Een thema telt pas als *geoefend* als het de focus van een oefening is. Komt het",
        "alleen onder `themes:` voor, dan staat het bij *ook genoemd*.",
        "",
        "## Workshops",
        "",
        "| workshop | titel | duur | oefeningen | thema's geoefend | thema's ook genoemd |",
        "|---|---|---|---|---|---|",
    ]
    for workshop in used:
        focused = {e.focus for e in workshop.exercises if e.focus in practice}
        tagged = {i for e in workshop.exercises for i in e.themes if i in coverage} - focused
        lines.append(
            f"| **{workshop.id}** | {_cell(workshop.title)} | {workshop.duration_minutes} min "
            f"| {len(workshop.exercises)} | {len(focused)} | {len(tagged)} |"
        )
    missing = uncovered(practice)
    practised = len(practice) - len(missing)
    lines += ["", "## Per thema", ""]
    if missing:
        lines.append(
            f"Met {practised} van de {len(practice)} thema's oefen je in minstens één oefening. "
            f"Nog geen oefening: {', '.join(missing)}."
        )
    else:
        lines.append(f"Met alle {len(practice)} thema's oefen je in minstens één oefening.")
    lines += [
        "",
        "| thema | bron | geoefend in (workshop: oefeningen) | ook genoemd in |",
        "|---|---|---|---|",
    ]
    for theme in themes:
        focused = practice[theme.id]
        also = [pair for pair in coverage[theme.id] if pair not in focused]
        lines.append(
            f"| {_cell(theme.label)} (`{theme.id}`) | {_cell(source_name(theme.source))} "
            f"| {_exercises_cell(focused, workshops, '**nog geen oefening**')} "
            f"| {_exercises_cell(also, workshops, '-')} |"
        )
    return "\n".join(lines) + "\n"


def coverage_markdown(directory: Path | None = None) -> str:
    """The theme table over every workshop in the content directory, as Markdown.

    Raises :class:`ContentError` when a workshop or the theme list has problems.
    """
    themes = catalog.load_themes(directory)
    workshops = catalog.load_all(directory)
    return render_markdown(workshops, themes)


def main() -> int:
    """Print the table to stdout (UTF-8, whatever the locale); problems go to stderr."""
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    try:
        text = coverage_markdown()
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
