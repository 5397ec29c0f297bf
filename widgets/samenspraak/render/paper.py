"""The paper version of a workshop: every exercise as a participant sees it, to print for
someone without a phone (A4). Drawn by each type's pure ``paper_html`` without the answer key;
the trainer's guide draws the same with the key.
"""

from __future__ import annotations

from ..core.content import WorkshopBase
from ..core.html import css_beside, escape, markdown, printable_html
from ..core.messages import t
from ..exercises import exercise_type
from ..exercises.styles import style_rules

PAPER_ROUTE = "papier"
CARDS_ROUTE = "kaarten"
PAPER_CSS = css_beside(__file__, "paper.css")


def exercise_on_paper(exercise, *, answer_key: bool) -> str:
    """What one exercise asks, on paper (its type's ``paper_html``)."""
    return exercise_type(exercise.type).paper_html(exercise, answer_key=answer_key)


def paper_html(workshop: WorkshopBase) -> str:
    """The whole workshop on paper, as one printable page (Dutch, A4), without answers."""
    sections = "".join(
        f'<section class="ss-paper-exercise" id="oefening-{escape(exercise.id)}">'
        f"<h2>{number}. {escape(exercise.title)}</h2>{markdown(exercise.intro)}"
        f"{exercise_on_paper(exercise, answer_key=False)}</section>"
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
    """Every card the guide's blocks hand out (role cards, observer lists), one card per
    half A4 page, to print and cut: each says who gets it."""
    cards = [
        (block, card)
        for block in (workshop.guide.blocks if workshop.guide else [])
        for card in block.hand_out
    ]
    body = "".join(
        f'<section class="ss-card"><p class="ss-card-for">{escape(block.title)} · '
        f"{escape(t('guide.hand_out_for', receiver=card.receiver))}</p>"
        f"<h2>{escape(card.title)}</h2>{markdown(card.text)}</section>"
        for block, card in cards
    )
    explain = t("cards.explain") if cards else t("cards.none")
    page = printable_html(
        t("cards.title", title=workshop.title),
        f'<p class="ss-paper-explain">{escape(explain)}</p>{body}',
        footer=escape(t("paper.footer")),
    )
    return page.replace("</style>", f"{style_rules()}{PAPER_CSS}</style>", 1)
