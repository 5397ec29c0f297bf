"""The paper version of a workshop: every exercise as a participant sees it, to print for
someone without a phone (A4). Drawn by each type's pure ``paper_html`` without the answer key;
the trainer's guide draws the same with the key.
"""

from __future__ import annotations

import re

from ..core.content import WorkshopBase
from ..core.html import css_beside, escape, markdown, printable_html
from ..core.messages import t
from ..exercises import exercise_type
from ..exercises.styles import style_rules

PAPER_ROUTE = "papier"
CARDS_ROUTE = "kaarten"
PAPER_CSS = css_beside(__file__, "paper.css")
CARDS_CSS = css_beside(__file__, "cards.css")


_HEADING = re.compile(r"(</?h)([1-6])(?=[\s>])")


def fit_headings(html: str, top: int) -> str:
    """``html`` with its headings moved so the highest is ``<h{top}>``: a type draws its
    own headings, and the outline of the page around it must not skip a level."""
    levels = [int(m.group(2)) for m in _HEADING.finditer(html)]
    if not levels:
        return html
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"{m.group(1)}{min(6, int(m.group(2)) + shift)}", html)


def exercise_on_paper(exercise, *, answer_key: bool, top: int | None = None) -> str:
    """What one exercise asks, on paper (its type's ``paper_html``); with ``top``, its
    headings start at that level."""
    html = exercise_type(exercise.type).paper_html(exercise, answer_key=answer_key)
    return html if top is None else fit_headings(html, top)


def paper_html(workshop: WorkshopBase) -> str:
    """The whole workshop on paper, as one printable page (Dutch, A4), without answers."""
    sections = "".join(
        f'<section class="ss-paper-exercise" id="oefening-{escape(exercise.id)}">'
        f"<h2>{number}. {escape(exercise.title)}</h2>{markdown(exercise.intro)}"
        f"{exercise_on_paper(exercise, answer_key=False, top=3)}</section>"
        for number, exercise in enumerate(workshop.exercises, start=1)
    )
    intro = f'<p class="ss-paper-explain">{escape(t("paper.explain"))}</p>'
    page = printable_html(
        t("paper.title", title=workshop.title),
        intro + sections,
        footer=escape(t("paper.footer")),
    )
    # The types' own rules (their paper_html uses their classes), then the paper's.
    return page.replace("</style>", f"{style_rules()}{PAPER_CSS}</style>", 1)


def cards_html(workshop: WorkshopBase) -> str:
    """Every card the guide's blocks hand out (role cards, observer lists), to print and cut:
    two A5 cards on each A4 sheet, with a cut line around each; a card never breaks over two
    pages, and each says who gets it. On paper only the cards are printed; the title and the
    explanation are for the screen."""
    cards = [
        (block, card)
        for block in (workshop.guide.blocks if workshop.guide else [])
        for card in block.hand_out
    ]
    body = "".join(
        f'<section class="ss-card"><p class="ss-card-for">{escape(block.title)} · '
        f"{escape(t('guide.hand_out_for', receiver=card.receiver))}</p>"
        f'<h2>{escape(card.title)}</h2><div class="ss-card-text">{markdown(card.text)}</div>'
        "</section>"
        for block, card in cards
    )
    explain = t("cards.explain") if cards else t("cards.none")
    page = printable_html(
        t("cards.title", title=workshop.title),
        f'<p class="ss-paper-explain">{escape(explain)}</p>{body}',
        footer=escape(t("paper.footer")),
    )
    # The card layout only when there are cards: otherwise the sheet says there are none.
    own = f"{PAPER_CSS}{CARDS_CSS}" if cards else PAPER_CSS
    return page.replace("</style>", f"{style_rules()}{own}</style>", 1)
