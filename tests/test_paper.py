"""The paper version of each workshop (for someone without a phone) and the answer key in the
trainer's guide: both drawn by each type's pure ``paper_html``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from samenspraak import catalog
from samenspraak.cli import main
from samenspraak.core.html import escape
from samenspraak.core.messages import t
from samenspraak.exercises import exercise_types
from samenspraak.render.guide import guide_html
from samenspraak.render.paper import cards_html, exercise_on_paper, paper_html

KEY = 'class="ss-paper-key'


def any_level(html: str) -> str:
    """``html`` with every heading at one level: a page moves a type's headings to fit its
    own outline (``fit_headings``), so only the levels may differ."""
    return re.sub(r"(</?h)[1-6](?=[\s>])", r"\g<1>x", html)


def test_every_type_draws_itself_on_paper() -> None:
    for name, registered in exercise_types().items():
        assert callable(registered.paper_html), name


@pytest.mark.parametrize(
    "workshop_id", ["demo", "grondhouding", "heldere-afspraken", "partnerschap"]
)
def test_the_paper_version_has_every_exercise_and_no_answers(workshop_id: str) -> None:
    workshop = catalog.load_workshop(workshop_id)
    page = paper_html(workshop)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in page
    for number, exercise in enumerate(workshop.exercises, start=1):
        assert f"{number}. {escape(exercise.title)}" in page
        drawn = exercise_on_paper(exercise, answer_key=False)
        assert drawn, exercise.id
        assert any_level(drawn) in any_level(page)
    assert KEY not in page  # the paper version never gives the answers away
    assert "<button" not in page
    assert "<input" not in page


def test_the_guide_holds_what_participants_get_with_the_answers() -> None:
    workshop = catalog.load_workshop("demo")
    guide = any_level(guide_html(workshop))
    for exercise in workshop.exercises:
        assert any_level(exercise_on_paper(exercise, answer_key=True)) in guide, exercise.id
    quiz = next(e for e in workshop.exercises if e.type == "quiz")
    assert KEY in exercise_on_paper(quiz, answer_key=True)


def test_the_command_writes_the_paper_version(tmp_path: Path, capsys) -> None:
    target = tmp_path / "papier.html"
    assert main(["papier", "demo", "-o", str(target)]) == 0
    assert "Op papier: " in target.read_text(encoding="utf-8")
    assert str(target) in capsys.readouterr().out


def test_the_paper_pdf_reads_back(tmp_path: Path) -> None:
    target = tmp_path / "papier.pdf"
    assert main(["papier", "grondhouding", "--pdf", "-o", str(target)]) == 0
    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    assert len(reader.pages) >= len(catalog.load_workshop("grondhouding").exercises)
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Schrijf je naam er niet op" in " ".join(text.split())
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


# --- cards to hand out ------------------------------------------------------------------------

ROLE_PLAYS = ["grondhouding", "heldere-afspraken", "partnerschap"]


def _sentences(markdown_text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", markdown_text) if len(s.split()) >= 5]


@pytest.mark.parametrize("workshop_id", ROLE_PLAYS)
def test_role_cards_are_handed_out_never_read_aloud(workshop_id: str) -> None:
    workshop = catalog.load_workshop(workshop_id)
    blocks = workshop.guide.blocks
    cards = [card for block in blocks for card in block.hand_out]
    assert len(cards) >= 3, workshop_id  # at least the roles of one role-play
    aloud = " ".join(" ".join([block.say or "", *block.ask, block.show or ""]) for block in blocks)
    for card in cards:
        for sentence in _sentences(card.text):
            assert sentence not in aloud, (card.title, sentence)
    page = cards_html(workshop)
    assert page.count('<section class="ss-card">') == len(cards)
    for card in cards:
        assert escape(card.title) in page
        assert escape(card.receiver) in page
    guide = guide_html(workshop)
    assert t("guide.hand_out_explain") in guide  # "lees niet voor", where the cards are


@pytest.mark.parametrize("workshop_id", ROLE_PLAYS)
def test_a_role_play_is_planned_with_its_craft(workshop_id: str) -> None:
    workshop = catalog.load_workshop(workshop_id)
    text = " ".join(
        " ".join([block.say or "", *block.do, *(card.text for card in block.hand_out)])
        for block in workshop.guide.blocks
    ).lower()
    steps = {
        "a time-out sign": ("time-out",),
        "stepping out of role": ("uit je rol", "uit de rol", "ontrollen"),
        "a demonstration first": ("voordoen", "doe het voor", "doe eerst voor", "demonstratie"),
        "feedback rules": ("wat hielp", "wat werkte", "feedback"),
    }
    for step, phrases in steps.items():
        assert any(phrase in text for phrase in phrases), (workshop_id, step)


def test_the_cards_command_writes_the_cards(tmp_path: Path) -> None:
    target = tmp_path / "kaarten.html"
    assert main(["kaarten", "partnerschap", "-o", str(target)]) == 0
    assert '<section class="ss-card">' in target.read_text(encoding="utf-8")
