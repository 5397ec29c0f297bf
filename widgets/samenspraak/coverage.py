"""Which exercise of which workshop treats which theme from the source texts.

The themes are in ``content/themes.yaml``; every exercise lists under ``themes:`` the ones it
really treats. :func:`theme_coverage` joins the two, and :func:`coverage_markdown` writes the
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
from .core.content import ContentError, Theme, WorkshopBase

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


def theme_coverage(
    workshops: Mapping[str, WorkshopBase] | Iterable[WorkshopBase], themes: Sequence[Theme]
) -> Coverage:
    """For each theme, in the order of ``themes``: the ``(workshop id, exercise id)`` pairs of
    the exercises that name it, workshops in the given order and exercises in content order.

    A theme no exercise names gets an empty list. Theme ids that are not in ``themes`` are
    left out (loading a workshop already reports them as problems).
    """
    listed = workshops.values() if isinstance(workshops, Mapping) else workshops
    coverage: Coverage = {theme.id: [] for theme in themes}
    for workshop in listed:
        for exercise in workshop.exercises:
            for theme_id in dict.fromkeys(exercise.themes):
                if theme_id in coverage:
                    coverage[theme_id].append((workshop.id, exercise.id))
    return coverage


def uncovered(coverage: Coverage) -> list[str]:
    """The theme ids that no exercise treats, in theme order."""
    return [theme_id for theme_id, covered in coverage.items() if not covered]


def _cell(text: str) -> str:
    """Text that is safe inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def _exercises_cell(pairs: Sequence[tuple[str, str]], workshops: Mapping[str, WorkshopBase]) -> str:
    if not pairs:
        return "**nog geen oefening**"
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
    used = [w for w in workshops.values() if any(e.themes for e in w.exercises)]
    lines = [
        "# Thema's en workshops",
        "",
        "<!-- Gemaakt met: " + REGENERATE + " -->",
        "<!-- Pas dit bestand niet met de hand aan: een test vergelijkt het met de inhoud. -->",
        "",
        "De kit maakt oefeningen van de thema's uit vijf bronteksten. In deze tabel zie je per",
        "thema in welke workshop en in welke oefening het aan bod komt. Zo kies je als trainer",
        "snel een workshop of een oefening bij een thema.",
        "",
        "De thema's staan in `content/themes.yaml`. Elke oefening noemt onder `themes:` de",
        "thema's die zij echt behandelt.",
        "",
        "## Workshops",
        "",
        "| workshop | titel | duur | oefeningen | thema's |",
        "|---|---|---|---|---|",
    ]
    for workshop in used:
        treated = {t for e in workshop.exercises for t in e.themes if t in coverage}
        lines.append(
            f"| **{workshop.id}** | {_cell(workshop.title)} | {workshop.duration_minutes} min "
            f"| {len(workshop.exercises)} | {len(treated)} |"
        )
    missing = uncovered(coverage)
    covered = len(coverage) - len(missing)
    lines += ["", "## Per thema", ""]
    if missing:
        lines.append(
            f"{covered} van de {len(coverage)} thema's komen aan bod. "
            f"Nog geen oefening: {', '.join(missing)}."
        )
    else:
        lines.append(f"Alle {len(coverage)} thema's komen in minstens één oefening aan bod.")
    lines += [
        "",
        "| thema | bron | workshop: oefeningen |",
        "|---|---|---|",
    ]
    for theme in themes:
        lines.append(
            f"| {_cell(theme.label)} (`{theme.id}`) | {_cell(source_name(theme.source))} "
            f"| {_exercises_cell(coverage[theme.id], workshops)} |"
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
