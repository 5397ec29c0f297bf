"""Role cards print well: two A5 cards on each A4 sheet, a cut line around each, text of at
least 12pt, and never a card over two pages. Checked in the PDF, read back with pypdf."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import pypdf
import pytest

from samenspraak import catalog
from samenspraak.core.content import WorkshopBase
from samenspraak.core.messages import t
from samenspraak.render.paper import cards_html
from samenspraak.render.pdf import PdfUnavailable, html_to_pdf

from .helpers import load, workshop_yaml

A4 = (595.28, 841.89)  # points, portrait

EXERCISE = """\
  - id: stelling-een
    type: stelling
    title: Een stelling
    sources: [bron]
    statement: "Ouders weten veel over hun kind."
"""

SHORT = (
    "Je bent de {n}e ouder. Je bent open en rustig.\n\n- Je hebt weinig tijd.\n- Je wilt meedenken."
)
# More than half a sheet at 12pt, less than a whole one: it takes a sheet of its own.
LONG = "\n".join(
    f"- Punt {n}: een regel om te laten zien dat een lange kaart heel blijft." for n in range(30)
)


def cards_workshop(tmp_path: Path, texts: list[str]) -> WorkshopBase:
    """A workshop whose one block hands out a card per text, titled ``Kaart 1``, ``Kaart 2``…"""
    cards = "".join(
        f"        - title: Kaart {n}\n"
        f"          receiver: speler {n}\n"
        f"          text: |\n" + "".join(f"            {line}\n" for line in text.splitlines())
        for n, text in enumerate(texts, start=1)
    )
    guide = (
        "guide:\n"
        "  audience: Voor een team.\n"
        "  opening:\n    - We noemen geen namen.\n"
        "  with_families: Vraag ouders wat zij willen.\n"
        "  blocks:\n"
        "    - title: Rollenspel\n"
        "      minutes: 30\n"
        "      exercises: [stelling-een]\n" + ("      hand_out:\n" + cards if texts else "")
    )
    return load(tmp_path, workshop_yaml(EXERCISE) + guide)


def pdf_pages(workshop: WorkshopBase) -> list[pypdf.PageObject]:
    try:
        data = html_to_pdf(cards_html(workshop))
    except PdfUnavailable as err:  # pragma: no cover - the test machine has Pango
        pytest.fail(str(err))
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


def words(page: pypdf.PageObject) -> str:
    return " ".join(page.extract_text().split())


def page_of_each(pages: list[pypdf.PageObject], needles: list[str]) -> list[list[int]]:
    """For each needle, the numbers (from 0) of the pages it is on."""
    texts = [words(page) for page in pages]
    return [[n for n, text in enumerate(texts) if needle in text] for needle in needles]


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 8])
def test_two_cards_on_each_a4_sheet(tmp_path: Path, count: int):
    workshop = cards_workshop(tmp_path, [SHORT.format(n=n) for n in range(1, count + 1)])
    pages = pdf_pages(workshop)
    assert len(pages) == math.ceil(count / 2)
    for page in pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1)
    # card n is on sheet n // 2, once; the screen's title and explanation are not printed
    titles = [f"Kaart {n}" for n in range(1, count + 1)]
    assert page_of_each(pages, titles) == [[n // 2] for n in range(count)]
    everything = " ".join(words(page) for page in pages)
    assert t("cards.explain") not in everything
    assert "voor speler 1" in everything.lower()


def test_a_long_card_gets_its_own_sheet_and_is_never_split(tmp_path: Path):
    texts = [SHORT.format(n=1), LONG, SHORT.format(n=3)]
    pages = pdf_pages(cards_workshop(tmp_path, texts))
    assert len(pages) == 3
    first, last = "Punt 0:", "Punt 29:"
    assert page_of_each(pages, ["Kaart 1", "Kaart 2", first, last, "Kaart 3"]) == [
        [0],
        [1],
        [1],
        [1],
        [2],
    ]


def test_card_text_is_at_least_12pt(tmp_path: Path):
    pages = pdf_pages(cards_workshop(tmp_path, [SHORT.format(n=1), SHORT.format(n=2)]))
    sizes: list[float] = []

    def visit(text: str, _cm: list, tm: list, _font: dict, size: float) -> None:
        if text.strip():
            sizes.append(size * math.hypot(tm[0], tm[1]))

    pages[0].extract_text(visitor_text=visit)
    assert sizes
    assert min(sizes) >= 12 - 0.01


def test_each_card_has_a_cut_line_and_stays_whole_in_css(tmp_path: Path):
    page = cards_html(cards_workshop(tmp_path, [SHORT.format(n=1)]))
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    card_rules = " ".join(re.findall(r"\.ss-card \{([^}]*)\}", style))
    assert "dashed" in card_rules
    assert "break-inside: avoid" in card_rules
    assert "size: A4 portrait" in style


def test_without_cards_the_sheet_says_so(tmp_path: Path):
    pages = pdf_pages(cards_workshop(tmp_path, []))
    assert len(pages) == 1
    assert t("cards.none") in words(pages[0])


@pytest.mark.parametrize("workshop_id", ["grondhouding", "heldere-afspraken", "partnerschap"])
def test_the_kits_cards_fit_two_to_a_sheet_and_are_never_split(workshop_id: str):
    workshop = catalog.load_workshop(workshop_id)
    cards = [card for block in workshop.guide.blocks for card in block.hand_out]
    pages = pdf_pages(workshop)
    # Every card of the kit fits on half a sheet: two to a sheet, one cut in the middle.
    assert len(pages) == math.ceil(len(cards) / 2)
    texts = [letters(words(page)) for page in pages]
    for card in cards:
        first = " ".join(letters(card.text).split()[:3])
        last = " ".join(letters(card.text).split()[-3:])
        on = [n for n, text in enumerate(texts) if letters(card.title) in text]
        assert len(on) == 1, card.title
        assert first in texts[on[0]], (card.title, first)
        assert last in texts[on[0]], (card.title, last)


def letters(text: str) -> str:
    """Only the words: Markdown marks, quotes and punctuation dropped, spaces made single."""
    return " ".join(re.sub(r"[^\w ]+", " ", text).split())
