"""Content schema and the problems ``samenspraak check`` reports: path, line, field, message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from samenspraak import catalog
from samenspraak.core.content import ContentError, ContentProblem

from .helpers import CONTENT, problems, replace_once, write_yaml
from .types import ALL_TYPES

# A small valid workshop with one exercise of each type. Line numbers are on the right,
# because the tests below assert them exactly.
VALID = """\
id: mini
title: Mini workshop
description: Een kleine workshop om te testen.
duration_minutes: 30
sources:
  - id: bron-een
    title: Bron een
    publisher: Uitgever
exercises:
  - id: zelfscan
    type: schaal
    title: Zelfscan
    sources: [bron-een]
    prompt: Hoe vaak doe je dit?
    statements:
      - id: een
        label: Een
        text: Eerste uitspraak.
      - id: twee
        label: Twee
        text: Tweede uitspraak.
      - id: drie
        label: Drie
        text: Derde uitspraak.
  - id: stelling-een
    type: stelling
    title: Stelling
    sources: [bron-een]
    statement: Ouders weten het beste.
  - id: open-vraag
    type: open
    title: Open vraag
    minutes: 10
    sources: [bron-een]
    prompt: Wat doe je?
    max_length: 300
"""
#  1 id            10 - id: zelfscan      25 - id: stelling-een   30 - id: open-vraag
#  5 sources:      11   type: schaal      26   type: stelling     33   minutes
#  6 - id: bron    15   statements:       27   title              34   sources
#  9 exercises:    16     - id: een       28   sources            36   max_length
#                  22     - id: drie      29   statement

# Every type, in the order the registry gives them (by name).
TYPES = ", ".join(repr(name) for name in sorted(ALL_TYPES))


def mutate(*pairs: str) -> str:
    """``VALID`` with ``old, new`` pairs replaced; each ``old`` must occur exactly once."""
    return replace_once(VALID, *pairs)


# --- the template itself -------------------------------------------------------------------


def test_template_is_valid(tmp_path: Path):
    path = write_yaml(tmp_path, VALID)
    workshop = catalog.load_file(path)
    assert workshop.id == "mini"
    assert [e.type for e in workshop.exercises] == ["schaal", "stelling", "open"]
    assert workshop.exercise("open-vraag").minutes == 10
    assert workshop.exercise("zelfscan").minutes == 5  # the default
    assert catalog.check([path]) == (1, [])


# --- one problem at a time -----------------------------------------------------------------

CASES = {
    "missing exercise title": (
        mutate("    title: Stelling\n", ""),
        (25, "exercises[1].title", "dit veld ontbreekt"),
    ),
    "missing workshop description": (
        mutate("description: Een kleine workshop om te testen.\n", ""),
        (1, "description", "dit veld ontbreekt"),
    ),
    "title too long": (
        mutate("    title: Stelling\n", "    title: " + "x" * 61 + "\n"),
        (27, "exercises[1].title", "te lang: maximaal 60 tekens"),
    ),
    "workshop title too long": (
        mutate("title: Mini workshop\n", "title: " + "w" * 81 + "\n"),
        (2, "title", "te lang: maximaal 80 tekens"),
    ),
    "title only spaces": (
        mutate("    title: Stelling\n", '    title: "   "\n'),
        (27, "exercises[1].title", "mag niet leeg zijn"),
    ),
    "unknown exercise type": (
        mutate("type: stelling", "type: poll"),
        (26, "exercises[1].type", f"onbekend type poll; kies uit {TYPES}"),
    ),
    "missing type": (
        mutate("    type: stelling\n", ""),
        (25, "exercises[1].type", f"het veld type ontbreekt; kies uit {TYPES}"),
    ),
    "invalid slug id": (
        mutate("id: stelling-een", "id: Stelling_Een"),
        (
            25,
            "exercises[1].id",
            "gebruik alleen kleine letters, cijfers en streepjes (zoals mijn-oefening)",
        ),
    ),
    "slug with trailing dash": (
        mutate("  - id: bron-een\n", "  - id: bron-\n"),
        (
            6,
            "sources[0].id",
            "gebruik alleen kleine letters, cijfers en streepjes (zoals mijn-oefening)",
        ),
    ),
    "duplicate exercise id": (
        mutate("id: open-vraag", "id: zelfscan"),
        (30, "exercises[2].id", "de id zelfscan komt vaker voor; elke id moet uniek zijn"),
    ),
    "source that does not exist": (
        mutate(
            "    sources: [bron-een]\n    statement",
            "    sources: [bron-twee]\n    statement",
        ),
        (
            28,
            "exercises[1].sources[0]",
            "onbekende bron bron-twee; bekende bronnen: bron-een",
        ),
    ),
    "no sources at all": (
        mutate("    sources: [bron-een]\n    statement", "    sources: []\n    statement"),
        (28, "exercises[1].sources", "te weinig: minimaal 1"),
    ),
    "duplicate yaml key": (
        mutate("    minutes: 10\n", "    minutes: 10\n    minutes: 12\n"),
        (34, "exercises[2].minutes", "dit veld staat er twee keer"),
    ),
    "duplicate top-level key": (
        mutate("duration_minutes: 30\n", "duration_minutes: 30\ntitle: Nog een titel\n"),
        (5, "title", "dit veld staat er twee keer"),
    ),
    "schaal with too few statements": (
        mutate("      - id: drie\n        label: Drie\n        text: Derde uitspraak.\n", ""),
        (16, "exercises[0].statements", "te weinig: minimaal 3"),
    ),
    "schaal with too many statements": (
        mutate(
            "    statements:\n",
            "    statements:\n"
            + "".join(
                f"      - id: extra-{i}\n        label: L\n        text: T\n" for i in range(10)
            ),
        ),
        (16, "exercises[0].statements", "te veel: maximaal 12"),
    ),
    "schaal with duplicate statement ids": (
        mutate("      - id: drie\n", "      - id: een\n"),
        (22, "exercises[0].statements[2].id", "de id een komt vaker voor in deze schaal"),
    ),
    "schaal scale with four labels": (
        mutate(
            "    prompt: Hoe vaak doe je dit?\n",
            "    prompt: Hoe vaak doe je dit?\n    scale: [a, b, c, d]\n",
        ),
        (15, "exercises[0].scale[4]", "dit veld ontbreekt"),
    ),
    "stelling statement over 200 characters": (
        mutate("Ouders weten het beste.", "a" * 201),
        (29, "exercises[1].statement", "te lang: maximaal 200 tekens"),
    ),
    "open max_length below range": (
        mutate("max_length: 300", "max_length: 19"),
        (36, "exercises[2].max_length", "moet minimaal 20 zijn"),
    ),
    "open max_length above range": (
        mutate("max_length: 300", "max_length: 2001"),
        (36, "exercises[2].max_length", "mag maximaal 2000 zijn"),
    ),
    "string for minutes": (
        mutate("minutes: 10", "minutes: tien"),
        (33, "exercises[2].minutes", "moet een heel getal zijn"),
    ),
    "fraction for minutes": (
        mutate("minutes: 10", "minutes: 2.5"),
        (33, "exercises[2].minutes", "moet een heel getal zijn"),
    ),
    "number for a title": (
        mutate("    title: Stelling\n", "    title: 123\n"),
        (27, "exercises[1].title", "moet tekst zijn"),
    ),
    "word for a bool": (
        mutate(
            "    statement: Ouders weten het beste.\n",
            "    statement: Ouders weten het beste.\n    ask_reason: misschien\n",
        ),
        (30, "exercises[1].ask_reason", "moet true of false zijn"),
    ),
    "text instead of a list": (
        mutate(
            "    sources: [bron-een]\n    statement",
            "    sources: bron-een\n    statement",
        ),
        (28, "exercises[1].sources", "moet een lijst zijn (regels die beginnen met -)"),
    ),
    "text instead of an exercise": (
        mutate(
            "  - id: open-vraag\n    type: open\n    title: Open vraag\n    minutes: 10\n"
            "    sources: [bron-een]\n    prompt: Wat doe je?\n    max_length: 300\n",
            "  - gewoon tekst\n",
        ),
        (30, "exercises[2]", "moet velden hebben (naam: waarde)"),
    ),
    "year out of range": (
        mutate("    publisher: Uitgever\n", "    publisher: Uitgever\n    year: 1800\n"),
        (9, "sources[0].year", "moet minimaal 1900 zijn"),
    ),
    "yaml syntax error": (
        mutate("    statement: Ouders weten het beste.\n", "    statement: Ouders: weten\n"),
        (29, "(yaml)", "dit is geen geldige YAML: mapping values are not allowed here"),
    ),
    "tab in indentation": (
        mutate("    title: Stelling\n", "\ttitle: Stelling\n"),
        (
            27,
            "(yaml)",
            "dit is geen geldige YAML: found character '\\t' that cannot start any token",
        ),
    ),
    "two yaml documents": (
        VALID + "---\nid: nog-een\n",
        (37, "(yaml)", "dit is geen geldige YAML: but found another document"),
    ),
    "empty file": ("", (1, "(bestand)", "het bestand is leeg")),
    "only a comment": ("# niets\n", (1, "(bestand)", "het bestand is leeg")),
    "a list instead of a workshop": (
        "- a\n- b\n",
        (1, "(bestand)", "moet velden hebben (naam: waarde)"),
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_one_problem(tmp_path: Path, text: str, expected: tuple[int, str, str]):
    assert problems(tmp_path, text) == [expected]


def test_typo_in_a_field_name_reports_the_unknown_and_the_missing_field(tmp_path: Path):
    text = mutate("    title: Stelling\n", "    titel: Stelling\n")
    assert sorted(problems(tmp_path, text)) == [
        (25, "exercises[1].title", "dit veld ontbreekt"),
        (27, "exercises[1].titel", "dit veld kennen we niet; controleer de spelling"),
    ]


def test_id_differs_from_file_name(tmp_path: Path):
    assert problems(tmp_path, VALID, "andere.yaml") == [
        (1, "id", "de id mini moet gelijk zijn aan de bestandsnaam (andere)"),
    ]


def test_id_differs_from_file_name_on_its_own_line(tmp_path: Path):
    text = "# commentaar\n\n" + VALID
    assert problems(tmp_path, text, "andere.yaml") == [
        (3, "id", "de id mini moet gelijk zijn aan de bestandsnaam (andere)"),
    ]


def test_valid_workshop_in_a_file_with_a_blank_first_line_keeps_line_numbers(tmp_path: Path):
    text = "\n" + mutate("minutes: 10", "minutes: tien")
    assert problems(tmp_path, text) == [(34, "exercises[2].minutes", "moet een heel getal zijn")]


# --- several problems at once --------------------------------------------------------------


def test_several_schema_problems_in_one_file_are_all_reported(tmp_path: Path):
    text = mutate(
        "    title: Stelling\n",
        "    titel: Stelling\n",
        "minutes: 10",
        "minutes: tien",
        "id: zelfscan",
        "id: Zelfscan",
        "    publisher: Uitgever\n",
        "    publisher: Uitgever\n    year: 1800\n",
        "duration_minutes: 30\n",
        "duration_minutes: 30\nduration_minutes: 40\n",
    )
    assert sorted(problems(tmp_path, text)) == [
        (5, "duration_minutes", "dit veld staat er twee keer"),
        (
            10,
            "sources[0].year",
            "moet minimaal 1900 zijn",
        ),
        (
            12,
            "exercises[0].id",
            "gebruik alleen kleine letters, cijfers en streepjes (zoals mijn-oefening)",
        ),
        (27, "exercises[1].title", "dit veld ontbreekt"),
        (29, "exercises[1].titel", "dit veld kennen we niet; controleer de spelling"),
        (35, "exercises[2].minutes", "moet een heel getal zijn"),
    ]


def test_several_cross_reference_problems_in_one_file_are_all_reported(tmp_path: Path):
    text = mutate(
        "id: open-vraag",
        "id: zelfscan",
        "    sources: [bron-een]\n    statement",
        "    sources: [bron-een, bron-twee]\n    statement",
        "      - id: drie\n",
        "      - id: twee\n",
    )
    assert sorted(problems(tmp_path, text, "anders.yaml")) == [
        (1, "id", "de id mini moet gelijk zijn aan de bestandsnaam (anders)"),
        (22, "exercises[0].statements[2].id", "de id twee komt vaker voor in deze schaal"),
        (
            28,
            "exercises[1].sources[1]",
            "onbekende bron bron-twee; bekende bronnen: bron-een",
        ),
        (30, "exercises[2].id", "de id zelfscan komt vaker voor; elke id moet uniek zijn"),
    ]


def test_duplicate_source_ids(tmp_path: Path):
    text = mutate(
        "    publisher: Uitgever\n",
        "    publisher: Uitgever\n  - id: bron-een\n    title: Nog een\n    publisher: X\n",
    )
    assert problems(tmp_path, text) == [
        (9, "sources[1].id", "de id bron-een komt vaker voor; elke id moet uniek zijn"),
    ]


def test_content_error_message_lists_every_problem(tmp_path: Path):
    text = mutate("minutes: 10", "minutes: tien", "max_length: 300", "max_length: 5")
    path = write_yaml(tmp_path, text)
    with pytest.raises(ContentError) as info:
        catalog.load_file(path)
    assert str(info.value).splitlines() == [
        f"{path}:33: exercises[2].minutes: moet een heel getal zijn",
        f"{path}:36: exercises[2].max_length: moet minimaal 20 zijn",
    ]


# --- str(problem), check() -------------------------------------------------------------------


def test_str_of_a_problem_is_path_line_field_message():
    problem = ContentProblem(Path("content/x.yaml"), 12, "exercises[0].title", "te lang")
    assert str(problem) == "content/x.yaml:12: exercises[0].title: te lang"


def test_shipped_content_has_no_problems():
    count, problems = catalog.check([CONTENT])
    assert problems == []
    assert count == len(catalog.workshop_files(CONTENT)) >= 1


def test_shipped_workshop_loads(workshop):
    assert workshop.id == "grondhouding"
    assert {e.type for e in workshop.exercises} == {
        "schaal",
        "stelling",
        "open",
        "casus",
        "taalcheck",
        "klik",
        "ideeen",
        "reflectie",
        "woordwolk",
        "perspectief",
    }
    for exercise in workshop.exercises:
        for source_id in exercise.sources:
            assert workshop.source(source_id).id == source_id


def test_check_collects_problems_of_every_file_and_missing_paths(tmp_path: Path):
    write_yaml(tmp_path, VALID)
    bad = write_yaml(tmp_path, "", "kapot.yaml")
    missing = tmp_path / "bestaat-niet.yaml"
    empty_dir = tmp_path / "leeg"
    empty_dir.mkdir()
    count, problems = catalog.check([tmp_path, missing, empty_dir])
    assert count == 2
    assert sorted(str(p) for p in problems) == sorted(
        [
            f"{bad}:1: (bestand): het bestand is leeg",
            f"{missing}:1: (bestand): bestand of map bestaat niet",
            f"{empty_dir}:1: (map): geen workshopbestanden (.yaml) gevonden",
        ]
    )


def test_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path):
    path = tmp_path / "mini.yaml"
    path.write_bytes(b"id: mini\ntitle: \xff\xfe\n")
    count, problems = catalog.check([path])
    assert count == 1
    assert len(problems) == 1
    assert problems[0].line == 1
    assert problems[0].field == "(bestand)"
    assert problems[0].message.startswith("kan het bestand niet lezen: ")


def test_load_workshop_unknown_names_the_available_ones(tmp_path: Path):
    write_yaml(tmp_path, VALID)
    with pytest.raises(KeyError) as info:
        catalog.load_workshop("onbekend", tmp_path)
    assert info.value.args[0] == "Workshop onbekend bestaat niet. Beschikbaar: mini."
    assert catalog.load_workshop("mini", tmp_path).id == "mini"
    assert set(catalog.load_all(tmp_path)) == {"mini"}


# --- JSON Schema -----------------------------------------------------------------------------


def test_json_schema_is_valid_json_schema():
    schema = catalog.json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(json.dumps(schema)) == schema


@pytest.mark.parametrize("path", catalog.workshop_files(CONTENT), ids=lambda p: p.name)
def test_shipped_yaml_validates_against_the_json_schema(path: Path):
    validator = jsonschema.Draft202012Validator(catalog.json_schema())
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(data)] == []


def test_json_schema_accepts_the_template_and_rejects_a_typo():
    validator = jsonschema.Draft202012Validator(catalog.json_schema())
    assert validator.is_valid(yaml.safe_load(VALID))
    typo = yaml.safe_load(mutate("    title: Stelling\n", "    titel: Stelling\n"))
    assert not validator.is_valid(typo)
    unknown_type = yaml.safe_load(mutate("type: stelling", "type: poll"))
    assert not validator.is_valid(unknown_type)


def test_committed_schema_file_is_up_to_date():
    committed = json.loads((CONTENT / "workshop.schema.json").read_text(encoding="utf-8"))
    assert committed == catalog.json_schema(), (
        "run: samenspraak schema -o content/workshop.schema.json"
    )


def test_the_demo_workshop_has_an_example_of_every_type():
    demo = catalog.load_workshop("demo", CONTENT)
    assert {exercise.type for exercise in demo.exercises} == ALL_TYPES
    for exercise in demo.exercises:
        # Each example tells the trainer which type it shows, and what it is for.
        assert exercise.intro.startswith(f"**Type {exercise.type}"), exercise.id
        assert exercise.trainer_notes, exercise.id


def test_the_readme_lists_every_type_on_one_line():
    readme = (CONTENT.parent / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([a-z]+)` \| [^|\n]+ \| [^|\n]+ \|$", readme, flags=re.MULTILINE)
    assert sorted(listed) == sorted(ALL_TYPES)
