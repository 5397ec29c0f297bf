"""Invented example answers (content/examples/): checked like content, located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from samenspraak import catalog, examples
from samenspraak.catalog import load_workshop
from samenspraak.core.content import ContentError
from samenspraak.core.records import Role
from samenspraak.examples import PSEUDONYM_PREFIX, load_examples
from samenspraak.exercises import exercise_type

from .helpers import CONTENT

# A small workshop: a statement with a reason, an open question and a private reflection.
MINI = """\
id: mini
title: Mini
description: Een kleine workshop.
duration_minutes: 30
sources:
  - id: bron
    title: Bron
    publisher: Uitgever
exercises:
  - id: stelling-een
    type: stelling
    title: Een stelling
    sources: [bron]
    statement: Ouders blijven, professionals gaan.
    ask_reason: true
  - id: open-een
    type: open
    title: Een open vraag
    sources: [bron]
    prompt: Waarom doe je dit werk?
  - id: reflectie-een
    type: reflectie
    title: Alleen voor jezelf
    sources: [bron]
    prompts:
      - id: vraag
        text: Wat neem je mee?
"""

GOOD = """\
workshop: mini
answers:
  stelling-een:
    - role: professional
      value: {choice: eens, reason: Ik ben er maar even.}
    - role: ouder
      value: {choice: oneens, reason: ""}
  open-een:
    - role: jongere
      value: {text: Omdat ik wil luisteren.}
"""


def content(tmp_path: Path, examples_text: str, name: str = "mini.yaml") -> Path:
    """A content folder with the mini workshop and one example file; returns that file."""
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    folder = tmp_path / "examples"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(examples_text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, name: str = "mini.yaml") -> list[tuple[int, str, str]]:
    """``(line, field, message)`` of every problem in the example file ``text``."""
    path = content(tmp_path, text, name)
    found = examples.check_file(path, catalog._workshop_beside(tmp_path, {}))
    assert all(p.path == path for p in found)
    return [(p.line, p.field, p.message) for p in found]


def line_of(text: str, needle: str) -> int:
    """The line number (from 1) of the one line that contains ``needle``."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, needle
    return lines[0]


# --- good files ----------------------------------------------------------------------------


def test_a_good_file_becomes_answers_with_example_pseudonyms(tmp_path: Path):
    content(tmp_path, GOOD)
    found = load_examples(catalog.load_file(tmp_path / "mini.yaml"), tmp_path)
    statements = found.of("stelling-een")
    assert [a.pseudonym for a in statements] == [f"{PSEUDONYM_PREFIX}1", f"{PSEUDONYM_PREFIX}2"]
    assert [a.role for a in statements] == [Role.PROFESSIONAL, Role.OUDER]
    assert [a.value for a in statements] == [
        {"choice": "eens", "reason": "Ik ben er maar even."},
        {"choice": "oneens", "reason": ""},
    ]
    assert {a.round for a in statements} == {1}
    assert statements[0].submitted_at < statements[1].submitted_at  # file order is kept
    assert [a.value for a in found.of("open-een")] == [{"text": "Omdat ik wil luisteren."}]
    assert found.of("reflectie-een") == ()  # private: never any examples


def test_a_workshop_without_a_file_has_no_examples(tmp_path: Path):
    (tmp_path / "mini.yaml").write_text(MINI, encoding="utf-8")
    found = load_examples(catalog.load_file(tmp_path / "mini.yaml"), tmp_path)
    assert found.workshop_id == "mini"
    assert found.of("stelling-een") == ()


def test_the_summary_of_examples_counts_them_like_a_group(tmp_path: Path):
    content(tmp_path, GOOD)
    workshop = catalog.load_file(tmp_path / "mini.yaml")
    exercise = workshop.exercise("stelling-een")
    summary = exercise_type("stelling").summarize(
        exercise, list(load_examples(workshop, tmp_path).of("stelling-een"))
    )
    assert summary.counts == {"eens": 1, "oneens": 1, "weet_niet": 0}


# --- problems, each with file, line and field ----------------------------------------------


def test_unknown_workshop(tmp_path: Path):
    text = GOOD.replace("workshop: mini", "workshop: maxi")
    assert problems(tmp_path, text, "maxi.yaml") == [
        (
            1,
            "workshop",
            "onbekende workshop maxi: het bestand maxi.yaml ontbreekt naast de map examples",
        )
    ]


def test_file_name_must_be_the_workshop_id(tmp_path: Path):
    assert problems(tmp_path, GOOD, "anders.yaml") == [
        (1, "workshop", "de workshop mini moet gelijk zijn aan de bestandsnaam (anders)")
    ]


def test_unknown_exercise_points_at_its_key(tmp_path: Path):
    text = GOOD.replace("  open-een:", "  open-twee:")
    assert problems(tmp_path, text) == [
        (
            line_of(text, "open-twee:"),
            "answers.open-twee",
            "onbekende oefening open-twee; de oefeningen van deze workshop zijn: "
            "stelling-een, open-een, reflectie-een",
        )
    ]


def test_examples_for_a_reflection_are_refused(tmp_path: Path):
    text = GOOD + "  reflectie-een:\n    - role: professional\n      value: {written: 1}\n"
    assert problems(tmp_path, text) == [
        (
            line_of(text, "reflectie-een:"),
            "answers.reflectie-een",
            "de oefening reflectie-een is een reflectie: wat mensen daar schrijven blijft "
            "privé, dus er horen geen voorbeelden bij",
        )
    ]


def test_a_role_that_does_not_exist(tmp_path: Path):
    text = GOOD.replace("role: ouder", "role: opa")
    assert problems(tmp_path, text) == [
        (
            line_of(text, "role: opa"),
            "answers.stelling-een[1].role",
            "onbekende rol opa; kies uit professional, ouder, jongere, anders",
        )
    ]


def test_a_value_the_type_refuses_gives_its_dutch_message(tmp_path: Path):
    text = GOOD.replace("choice: oneens", "choice: misschien")
    assert problems(tmp_path, text) == [
        (
            line_of(text, "choice: misschien"),
            "answers.stelling-een[1].value",
            "de oefening keurt dit antwoord af: Kies eerst een antwoord.",
        )
    ]


def test_identifying_details_are_refused_as_on_a_page(tmp_path: Path):
    text = GOOD.replace("Omdat ik wil luisteren.", "Mail me op jan@voorbeeld.nl")
    [(line, field, message)] = problems(tmp_path, text)
    assert (line, field) == (line_of(text, "jan@voorbeeld.nl"), "answers.open-een[0].value")
    assert message.startswith("de oefening keurt dit antwoord af: ")
    assert "e-mailadres" in message


def test_a_value_the_type_would_store_differently(tmp_path: Path):
    text = GOOD.replace('{choice: oneens, reason: ""}', "{choice: oneens}")
    assert problems(tmp_path, text) == [
        (
            line_of(text, "{choice: oneens}"),
            "answers.stelling-een[1].value",
            "de oefening bewaart dit antwoord anders. Schrijf het precies zo op: "
            '{"choice": "oneens", "reason": ""}',
        )
    ]


def test_every_problem_in_a_file_is_reported(tmp_path: Path):
    text = GOOD.replace("role: ouder", "role: opa").replace("choice: eens", "choice: ja")
    found = problems(tmp_path, text)
    assert [field for _line, field, _message in found] == [
        "answers.stelling-een[0].value",
        "answers.stelling-een[1].role",
    ]


@pytest.mark.parametrize(
    "case",
    [
        ("      value: {text: Omdat ik wil luisteren.}\n", "", "- role: jongere",
         "answers.open-een[0].value", "dit veld ontbreekt"),
        ("    - role: jongere\n", "    - role: jongere\n      naam: Jan\n", "naam: Jan",
         "answers.open-een[0].naam", "dit veld kennen we niet; controleer de spelling"),
        ("workshop: mini\n", "workshop: Mini Workshop\n", "workshop: Mini", "workshop",
         "gebruik alleen kleine letters, cijfers en streepjes (zoals mijn-oefening)"),
        ("  open-een:\n    - role: jongere\n      value: {text: Omdat ik wil luisteren.}\n",
         "  open-een: []\n", "open-een: []", "answers.open-een", "te weinig: minimaal 1"),
    ],
)  # fmt: skip
def test_structure_problems_are_in_dutch_and_located(tmp_path: Path, case: tuple[str, ...]):
    old, new, needle, field, message = case
    assert GOOD.count(old) == 1
    text = GOOD.replace(old, new)
    assert problems(tmp_path, text) == [(line_of(text, needle), field, message)]


def test_a_key_given_twice(tmp_path: Path):
    text = GOOD.replace(
        "      value: {text: Omdat ik wil luisteren.}\n",
        "      value: {text: Omdat ik wil luisteren.}\n      role: anders\n",
    )
    assert problems(tmp_path, text) == [
        (line_of(text, "role: anders"), "answers.open-een[0].role", "dit veld staat er twee keer")
    ]


def test_no_yaml_at_all(tmp_path: Path):
    assert problems(tmp_path, "workshop: [mini\n") == [
        (2, "(yaml)", "dit is geen geldige YAML: expected ',' or ']', but got '<stream end>'")
    ]


def test_a_broken_workshop_beside_the_examples_is_named(tmp_path: Path):
    path = content(tmp_path, GOOD)
    (tmp_path / "mini.yaml").write_text(MINI.replace("duration_minutes: 30", "duration_minutes: x"))
    found = examples.check_file(path, catalog._workshop_beside(tmp_path, {}))
    assert [(p.line, p.field, p.message) for p in found] == [
        (
            1,
            "workshop",
            "de workshop mini heeft zelf problemen; los die eerst op en controleer dan opnieuw",
        )
    ]


def test_load_examples_raises_with_the_problems(tmp_path: Path):
    content(tmp_path, GOOD.replace("role: ouder", "role: opa"))
    with pytest.raises(ContentError) as info:
        load_examples(catalog.load_file(tmp_path / "mini.yaml"), tmp_path)
    assert [p.field for p in info.value.problems] == ["answers.stelling-een[1].role"]


# --- samenspraak check ------------------------------------------------------------------------


def test_check_of_a_folder_includes_its_examples(tmp_path: Path):
    path = content(tmp_path, GOOD.replace("role: ouder", "role: opa"))
    count, found = catalog.check([tmp_path])
    assert count == 1  # workshops are counted; their examples are checked with them
    assert [str(p) for p in found] == [
        f"{path}:{line_of(path.read_text(), 'role: opa')}: answers.stelling-een[1].role: "
        "onbekende rol opa; kies uit professional, ouder, jongere, anders"
    ]


def test_check_of_one_example_file(tmp_path: Path):
    path = content(tmp_path, GOOD.replace("choice: oneens", "choice: misschien"))
    count, found = catalog.check([path])
    assert count == 0
    assert [p.field for p in found] == ["answers.stelling-een[1].value"]
    good = content(tmp_path, GOOD)
    assert catalog.check([good]) == (0, [])


def test_check_of_the_shipped_content_passes_with_its_examples():
    assert examples.example_files(CONTENT), "the kit ships example answers"
    count, found = catalog.check([CONTENT])
    assert found == []
    assert count == len(catalog.workshop_files(CONTENT))


# --- the shipped examples --------------------------------------------------------------------


@pytest.mark.parametrize(
    "workshop_id", ["grondhouding", "partnerschap", "heldere-afspraken", "demo"]
)
def test_every_shared_exercise_has_at_least_eight_examples(workshop_id: str):
    workshop = load_workshop(workshop_id, CONTENT)
    found = load_examples(workshop, CONTENT)
    counts = {e.id: len(found.of(e.id)) for e in workshop.exercises if e.type not in {"reflectie"}}
    assert counts, workshop_id
    assert {eid: n for eid, n in counts.items() if n < 8} == {}


@pytest.mark.parametrize("path", examples.example_files(CONTENT), ids=lambda p: p.stem)
def test_every_example_file_is_for_a_shipped_workshop_and_mixes_roles(path: Path):
    workshop = load_workshop(path.stem, CONTENT)
    found = load_examples(workshop, CONTENT)
    roles = {a.role for answers in found.answers.values() for a in answers}
    # Mostly professionals, but parents or young people speak too.
    assert Role.PROFESSIONAL in roles
    assert roles & {Role.OUDER, Role.JONGERE}


def test_demo_examples_give_votes_to_ideas_and_rewrites():
    workshop = load_workshop("demo", CONTENT)
    found = load_examples(workshop, CONTENT)
    for exercise_id in ("demo-ideeen", "demo-taalcheck"):
        exercise = workshop.exercise(exercise_id)
        summary = exercise_type(exercise.type).summarize(exercise, list(found.of(exercise_id)))
        assert summary.voters >= 8, exercise_id
        assert summary.items[0].votes >= 3, exercise_id
