"""The B1 language check of ``samenspraak check``: long sentences, unexplained abbreviations,
words to avoid; each with file, line and field. Every workshop of the kit passes it."""

from __future__ import annotations

from pathlib import Path

from samenspraak import catalog
from samenspraak.core.content import content_dir
from samenspraak.core.language import MAX_SENTENCE_WORDS, abbreviations, sentences

from .helpers import check_lines, workshop_yaml

STELLING = """\
  - id: een-stelling
    type: stelling
    title: Een stelling
    statement: {statement}
    sources: [bron]
    intro: |-
{intro}
"""


def stelling(
    statement: str = "Ouders kennen hun kind.", intro: str = "Kies eens of oneens."
) -> str:
    indented = "\n".join(f"      {line}" for line in intro.splitlines())
    return workshop_yaml(STELLING.format(statement=statement, intro=indented))


def test_sentences_leave_out_markdown_and_split_lists() -> None:
    text = "**Let op.** Dit is zin twee! En *drie*?\n- een punt\n- nog een punt"
    assert sentences(text) == [
        "Let op.",
        "Dit is zin twee!",
        "En drie?",
        "een punt",
        "nog een punt",
    ]


def test_a_clean_workshop_passes(tmp_path: Path) -> None:
    _path, lines = check_lines(tmp_path, stelling())
    assert lines == []


def test_a_long_sentence_is_found_on_its_own_line(tmp_path: Path) -> None:
    long = " ".join(["woord"] * (MAX_SENTENCE_WORDS + 1)) + "."
    path, lines = check_lines(tmp_path, stelling(intro=f"Kort is goed.\n{long}"))
    assert len(lines) == 1
    text = path.read_text(encoding="utf-8").splitlines()
    line_number = int(lines[0].split(":")[1])
    assert text[line_number - 1].strip() == long
    assert f"{path}:{line_number}: exercises[0].intro: Deze zin heeft 21 woorden" in lines[0]


def test_twenty_words_is_still_fine(tmp_path: Path) -> None:
    exact = " ".join(["woord"] * MAX_SENTENCE_WORDS) + "."
    _path, lines = check_lines(tmp_path, stelling(intro=exact))
    assert lines == []


def test_an_abbreviation_is_explained_at_its_first_use(tmp_path: Path) -> None:
    _path, lines = check_lines(
        tmp_path, stelling(statement="De OTS duurt lang.", intro="Een ondertoezichtstelling (OTS).")
    )
    assert len(lines) == 1
    assert "exercises[0].statement" in lines[0]
    assert "OTS" in lines[0]

    _path, lines = check_lines(
        tmp_path,
        stelling(statement="Een ondertoezichtstelling (OTS) duurt lang.", intro="De OTS stopt."),
    )
    assert lines == []
    _path, lines = check_lines(tmp_path, stelling(statement="De JGZ (jeugdgezondheidszorg) helpt."))
    assert lines == []


def test_postcodes_and_paper_sizes_are_no_abbreviations() -> None:
    assert abbreviations("Ze woont op 1234 AB in Utrecht.") == []
    assert abbreviations("Print het op A4, of de QR-code.") == []
    assert abbreviations("De GI en de RvdK.") == ["GI"]


def test_words_to_avoid_get_a_plain_alternative(tmp_path: Path) -> None:
    _path, lines = check_lines(tmp_path, stelling(statement="Luisteren is essentieel."))
    assert len(lines) == 1
    assert "“essentieel”" in lines[0]
    assert "heel belangrijk" in lines[0]


def test_ids_and_sources_are_not_read_as_text(tmp_path: Path) -> None:
    text = stelling().replace("publisher: Uitgever", "publisher: NJI en NCJ, essentieel")
    _path, lines = check_lines(tmp_path, text)
    assert lines == []


def test_every_workshop_of_the_kit_passes() -> None:
    count, problems = catalog.check([content_dir()])
    assert count >= 4
    assert [str(p) for p in problems] == []
