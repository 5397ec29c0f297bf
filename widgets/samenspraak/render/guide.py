"""The trainer's guide (draaiboek) of a workshop, generated from its content file.

One printable HTML page (A4 in print, with page numbers) built only from the workshop's YAML:
the block plan of ``workshop.guide`` with clock times, what to say, ask and show, and per
exercise its notes and follow-up questions. Exercises under ``guide.extra`` (for when time is
left, or for self-study afterwards) get their own section after the blocks, in full, outside
the timetable's minutes. Because it is generated, it never drifts from the
exercises. The PDF is the same page rendered by WeasyPrint (:mod:`samenspraak.render.pdf`).

Everything from content goes through :func:`escape` or :func:`markdown` (which escapes raw
HTML), so a content file can never put script into the guide.

The dashboard server serves both versions at ``/draaiboek/<workshop>.html`` and ``.pdf``
(:mod:`samenspraak.dashboard_server`); :func:`guide_links_html` gives the links to them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .. import catalog
from ..core.content import ContentError, ExerciseBase, Handout, Theme, WorkshopBase
from ..core.html import css_beside, escape, markdown
from ..core.messages import t
from ..core.records import DEFAULT_MIN_GROUP_SIZE
from ..exercises import exercise_types
from ..exercises.styles import style_rules
from .paper import CARDS_ROUTE, PAPER_ROUTE, cards_html, exercise_on_paper, paper_html
from .pdf import PdfUnavailable, html_to_pdf

GUIDE_ROUTE = "draaiboek"
"""The dashboard server's path for guides: ``/draaiboek/<workshop id>.html`` or ``.pdf``."""

FORMATS = ("html", "pdf")


@dataclass(frozen=True)
class Slot:
    """One row of the timetable: a block (or, without a block plan, an exercise)."""

    title: str
    start: int  # minutes from the start of the workshop
    minutes: int
    exercises: tuple[ExerciseBase, ...]

    @property
    def end(self) -> int:
        return self.start + self.minutes

    @property
    def times(self) -> str:
        """``0:15–0:40``: clock offsets from the start of the workshop."""
        return f"{clock(self.start)}–{clock(self.end)}"


def clock(minutes: int) -> str:
    """Minutes from the start as ``h:mm``: ``75`` is ``1:15``."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration_text(minutes: int) -> str:
    """``90`` as "1 uur en 30 minuten", ``120`` as "2 uur", ``45`` as "45 min"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return t("guide.minutes", minutes=minutes)
    if not rest:
        return t("guide.hours", hours=hours)
    return t("guide.hours_minutes", hours=hours, minutes=rest)


def timetable(workshop: WorkshopBase) -> list[Slot]:
    """The blocks with their clock offsets; without a block plan, the exercises in order."""
    slots: list[Slot] = []
    start = 0
    if workshop.guide is not None:
        for block in workshop.guide.blocks:
            exercises = tuple(workshop.exercise(e) for e in block.exercises)
            slots.append(Slot(block.title, start, block.minutes, exercises))
            start += block.minutes
    else:
        for exercise in workshop.exercises:
            slots.append(Slot(exercise.title, start, exercise.minutes, (exercise,)))
            start += exercise.minutes
    return slots


def task_text(type_name: str) -> str:
    """What participants do in an exercise of this type (its registration's ``guide_task``)."""
    registered = exercise_types().get(type_name)
    return t(registered.guide_task) if registered else t("guide.type_other", type=type_name)


def type_label(type_name: str) -> str:
    """The type in a word or two ("Zelfscan"): the first sentence of :func:`task_text`."""
    return task_text(type_name).split(". ", 1)[0].removesuffix(".")


def panel_text(type_name: str) -> str:
    """What the dashboard panel of a type shows (its registration's ``guide_panel``)."""
    registered = exercise_types().get(type_name)
    return t(registered.guide_panel) if registered else t("guide.panel_other")


# --- HTML -----------------------------------------------------------------------------------

GUIDE_CSS = css_beside(__file__, "guide.css")


def _css() -> str:
    # Only fixed Dutch words go into the CSS; the workshop's title reaches the page header
    # through string-set, so content text never becomes CSS.
    # The types' own rules first (their paper_html uses their classes), then the guide's.
    own = GUIDE_CSS.replace("PAGE_WORD", t("guide.page")).replace("OF_WORD", t("guide.page_of"))
    return style_rules() + own


def _part(title_key: str, body: str, css: str = "", level: int = 4) -> str:
    """A titled part of a block or exercise; nothing when ``body`` is empty. ``level``: its
    heading's, one below the block's or exercise's own."""
    if not body:
        return ""
    return (
        f'<div class="ss-guide-part {css}"><h{level}>{escape(t(title_key))}</h{level}>{body}</div>'
    )


def _inline(text: str) -> str:
    """Markdown for a list item: one paragraph loses its ``<p>``, so a marker stays beside it."""
    rendered = markdown(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def _list(items: Sequence[str], css: str = "") -> str:
    """Markdown items as an HTML list."""
    if not items:
        return ""
    rows = "".join(f"<li>{_inline(item)}</li>" for item in items)
    return f'<ul class="{css}">{rows}</ul>' if css else f"<ul>{rows}</ul>"


def _when(text: str) -> str:
    """The follow-up condition as a label: "de groep is verdeeld" becomes "De groep is verdeeld".

    Authors write it as a main clause; putting "Als" before it would need Dutch word order to
    change ("als de groep verdeeld is"), so it is shown as it is, with a capital.
    """
    words = text.strip().rstrip(":")
    return words[:1].upper() + words[1:]


def _themes_text(exercise: ExerciseBase, labels: dict[str, str]) -> str:
    return ", ".join(labels.get(theme, theme) for theme in exercise.themes)


def _exercise_html(exercise: ExerciseBase, labels: dict[str, str], level: int = 3) -> str:
    facts = [
        (t("guide.exercise_type"), task_text(exercise.type)),
        (t("guide.exercise_time"), t("guide.minutes", minutes=exercise.minutes)),
    ]
    if exercise.themes:
        facts.append((t("guide.exercise_themes"), _themes_text(exercise, labels)))
    if exercise.focus:
        facts.append((t("guide.exercise_focus"), labels.get(exercise.focus, exercise.focus)))
    facts.append((t("guide.dashboard"), panel_text(exercise.type)))
    facts_html = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)

    # Everything participants see and do, with the answer key: enough to prepare from.
    part = level + 1  # the parts' headings; the type's own headings come below them
    seen = markdown(exercise.intro) + exercise_on_paper(exercise, answer_key=True, top=part + 1)
    follow_ups = "".join(
        f'<li><span class="ss-guide-when">{escape(_when(f.when))}</span>'
        f' <span class="ss-guide-arrow">→</span> {_inline(f.ask)}</li>'
        for f in exercise.follow_up
    )
    if follow_ups:
        follow_ups = f"<ul>{follow_ups}</ul>"
    return (
        f'<section class="ss-guide-exercise" id="oefening-{escape(exercise.id)}">'
        f'<div class="ss-guide-keep"><h{level}>{escape(exercise.title)}</h{level}>'
        f'<dl class="ss-guide-facts">{facts_html}</dl></div>'
        f"{_part('guide.participants_see', seen, 'ss-guide-content', part)}"
        f"{_part('guide.trainer_notes', markdown(exercise.trainer_notes), level=part)}"
        f"{_part('guide.follow_up', follow_ups, 'ss-guide-followup', part)}"
        "</section>"
    )


def _timetable_html(workshop: WorkshopBase, slots: list[Slot]) -> str:
    planned = workshop.guide is not None
    rows = []
    for slot in slots:
        if planned:
            names = ", ".join(e.title for e in slot.exercises) or t("guide.no_exercises")
        else:  # each row is one exercise already: say which type it is
            names = ", ".join(type_label(e.type) for e in slot.exercises)
        rows.append(
            f'<tr><td class="ss-guide-time">{escape(slot.times)}</td>'
            f"<td>{escape(slot.title)}</td>"
            f'<td class="ss-guide-num">{slot.minutes}</td>'
            f"<td>{escape(names)}</td></tr>"
        )
    total = sum(slot.minutes for slot in slots)
    extra = _extras(workshop)
    extra_line = (
        f'<p class="ss-guide-meta">'
        f"{escape(t('guide.extra_in_timetable', titles=', '.join(e.title for e in extra)))}</p>"
        if extra
        else ""
    )
    return (
        f"<h2>{escape(t('guide.timetable'))}</h2>"
        '<table class="ss-guide-timetable"><thead><tr>'
        f"<th>{escape(t('guide.col_time'))}</th><th>{escape(t('guide.col_part'))}</th>"
        f'<th class="ss-guide-num">{escape(t("guide.col_minutes"))}</th>'
        f"<th>{escape(t('guide.col_exercises' if planned else 'guide.col_type'))}</th>"
        "</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><td class="ss-guide-time">{escape(clock(0))}–{escape(clock(total))}</td>'
        f"<td>{escape(t('guide.total'))}</td>"
        f'<td class="ss-guide-num">{total}</td><td></td></tr></tfoot></table>'
        f"{extra_line}"
    )


def _sources_html(workshop: WorkshopBase) -> str:
    items = []
    for source in workshop.sources:
        line = f"<strong>{escape(source.title)}</strong>. {escape(source.publisher)}"
        if source.year:
            line += f" ({source.year})"
        if source.note:
            line += f'<br><span class="ss-guide-meta">{escape(source.note)}</span>'
        items.append(f"<li>{line}</li>")
    return (
        f'<h2>{escape(t("guide.sources"))}</h2><ul class="ss-guide-sources">{"".join(items)}</ul>'
    )


def _blocks_html(workshop: WorkshopBase, slots: list[Slot], labels: dict[str, str]) -> str:
    assert workshop.guide is not None
    parts = []
    for number, (block, slot) in enumerate(zip(workshop.guide.blocks, slots, strict=True), start=1):
        planned = workshop.minutes_of(block.exercises)
        warning = (
            f'<p class="ss-guide-note">'
            f"{escape(t('guide.block_minutes_differ', exercises=planned, block=block.minutes))}"
            "</p>"
            if slot.exercises and planned > block.minutes
            else ""
        )
        heading = (
            f"{escape(t('guide.block', number=number))}: {escape(block.title)} "
            f'<span class="ss-guide-time">{escape(slot.times)} · '
            f"{escape(t('guide.minutes', minutes=block.minutes))}</span>"
        )
        parts.append(
            f'<section class="ss-guide-block" id="blok-{number}"><h2>{heading}</h2>'
            f"{warning}"
            f"{_part('guide.say', markdown(block.say), level=3)}"
            f"{_part('guide.do', _list(block.do), level=3)}"
            f"{_part('guide.hand_out', _handouts_html(block.hand_out), 'ss-guide-handouts', 3)}"
            f"{_part('guide.ask', _list(block.ask), level=3)}"
            f"{_part('guide.show', markdown(block.show), 'ss-guide-dashboard', 3)}"
            + "".join(_exercise_html(e, labels) for e in slot.exercises)
            + "</section>"
        )
    return "".join(parts)


def _extras(workshop: WorkshopBase) -> list[ExerciseBase]:
    """The exercises outside the timed blocks (``guide.extra``), in workshop order."""
    if workshop.guide is None:
        return []
    return [workshop.exercise(exercise_id) for exercise_id in workshop.guide.extra]


def _extras_html(workshop: WorkshopBase, labels: dict[str, str]) -> str:
    """The extra exercises after the blocks: full content and answer key, like a block's, and
    their own minutes, which are not part of the session's time."""
    extra = _extras(workshop)
    if not extra:
        return ""
    minutes = sum(exercise.minutes for exercise in extra)
    heading = (
        f"{escape(t('guide.extra'))} "
        f'<span class="ss-guide-time">{escape(t("guide.minutes", minutes=minutes))}</span>'
    )
    return (
        f'<section class="ss-guide-block ss-guide-extra" id="extra"><h2>{heading}</h2>'
        f'<p class="ss-guide-note">{escape(t("guide.extra_explain"))}</p>'
        + "".join(_exercise_html(exercise, labels) for exercise in extra)
        + "</section>"
    )


def _handouts_html(handouts: Sequence[Handout]) -> str:
    """The cards of a block, each with who gets it; not to be read aloud."""
    if not handouts:
        return ""
    cards = "".join(
        f'<div class="ss-guide-card"><p><strong>{escape(card.title)}</strong> · '
        f"{escape(t('guide.hand_out_for', receiver=card.receiver))}</p>{markdown(card.text)}</div>"
        for card in handouts
    )
    return f'<p class="ss-guide-note">{escape(t("guide.hand_out_explain"))}</p>{cards}'


def _no_plan_html(workshop: WorkshopBase, labels: dict[str, str]) -> str:
    planned = sum(e.minutes for e in workshop.exercises)
    duration = workshop.duration_minutes
    compare = "less" if planned < duration else "same" if planned == duration else "more"
    total = t(f"guide.exercise_minutes_{compare}", exercises=planned, duration=duration)
    return (
        f"<h2>{escape(t('guide.exercises'))}</h2>"
        f'<p class="ss-guide-meta">{escape(total)}</p>'
        + "".join(_exercise_html(e, labels) for e in workshop.exercises)
    )


def _dashboard_use_html() -> str:
    items = "".join(
        f"<li>{escape(t(f'guide.dashboard_use.{n}', minimum=DEFAULT_MIN_GROUP_SIZE))}</li>"
        for n in range(1, 6)
    )
    return (
        f'<section class="ss-guide-keep"><h2>{escape(t("guide.dashboard_use"))}</h2>'
        f"<ul>{items}</ul></section>"
    )


SAFETY_TOPICS = ("emotions", "disclosure", "anger", "history")


def _safety_html() -> str:
    """What to do when the workshop touches someone: the same in every guide."""
    topics = "".join(
        f"<h3>{escape(t(f'guide.safety_{topic}'))}</h3><p>{escape(t(f'guide.safety_{topic}_do'))}</p>"
        for topic in SAFETY_TOPICS
    )
    return (
        f'<section class="ss-guide-safety"><h2>{escape(t("guide.safety"))}</h2>'
        f"<p>{escape(t('guide.safety_explain'))}</p>{topics}</section>"
    )


def _for_parents_html() -> str:
    """A page to hand to parents who take part (B1), with the three good questions."""
    questions = "".join(f"<li>{escape(t(f'guide.for_parents_q{n}'))}</li>" for n in (1, 2, 3))
    return (
        f'<section class="ss-guide-handout"><h2>{escape(t("guide.for_parents"))}</h2>'
        f"<p>{escape(t('guide.for_parents_intro'))}</p>"
        f"<p>{escape(t('guide.for_parents_answers'))}</p>"
        f"<p>{escape(t('guide.for_parents_free'))}</p>"
        f"<p><strong>{escape(t('guide.for_parents_questions'))}</strong></p><ol>{questions}</ol>"
        "</section>"
    )


def _theme_labels(themes: Sequence[Theme] | None) -> dict[str, str]:
    if themes is None:
        themes = catalog.load_themes()
    return {theme.id: theme.label for theme in themes}


def guide_html(workshop: WorkshopBase, themes: Sequence[Theme] | None = None) -> str:
    """The trainer's guide of ``workshop`` as one complete, printable HTML page (Dutch).

    ``themes`` gives the labels of theme ids; by default the content directory's
    ``themes.yaml``. An unknown theme id is shown as it is.
    """
    labels = _theme_labels(themes)
    guide = workshop.guide
    slots = timetable(workshop)
    title = t("guide.title", title=workshop.title)

    head = (
        f"<h1>{escape(title)}</h1>"
        f'<p class="ss-guide-meta">'
        f"{escape(t('guide.duration', duration=duration_text(workshop.duration_minutes)))}"
        f" · {escape(t('guide.for_trainer', file=f'content/{workshop.id}.yaml'))}</p>"
        f'<div class="ss-guide-lead">{markdown(workshop.description)}</div>'
    )
    if guide is None:
        head += (
            f'<div class="ss-guide-note ss-guide-keep"><strong>{escape(t("guide.no_plan"))}.'
            f"</strong> {escape(t('guide.no_plan_explain'))}</div>"
        )
        opening_items = [
            escape(t(f"guide.default_opening.{n}", minimum=DEFAULT_MIN_GROUP_SIZE))
            for n in range(1, 6)
        ]
        opening = (
            f"<p>{escape(t('guide.default_opening_explain'))}</p>"
            f"<ol>{''.join(f'<li>{item}</li>' for item in opening_items)}</ol>"
        )
        families = f"<p>{escape(t('guide.default_with_families'))}</p>"
        before = ""
    else:
        opening = (
            f"<p>{escape(t('guide.opening_explain'))}</p>"
            f"<ol>{''.join(f'<li>{_inline(item)}</li>' for item in guide.opening)}</ol>"
        )
        families = markdown(guide.with_families)
        preparation = (
            _list(guide.preparation, "ss-guide-check")
            if guide.preparation
            else f"<p>{escape(t('guide.no_preparation'))}</p>"
        )
        before = (
            f"<h2>{escape(t('guide.audience'))}</h2>{markdown(guide.audience)}"
            f"<h2>{escape(t('guide.preparation'))}</h2>{preparation}"
        )

    body = (
        head
        + before
        + _timetable_html(workshop, slots)
        + f'<section class="ss-guide-keep"><h2>{escape(t("guide.opening"))}</h2>{opening}</section>'
        + f"<h2>{escape(t('guide.with_families'))}</h2>{families}"
        + _safety_html()
        + _dashboard_use_html()
        + (_blocks_html(workshop, slots, labels) if guide else _no_plan_html(workshop, labels))
        + _extras_html(workshop, labels)
        + _sources_html(workshop)
        + _for_parents_html()
    )
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_css()}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def guide_pdf(workshop: WorkshopBase, themes: Sequence[Theme] | None = None) -> bytes:
    """The guide as PDF: the same page as :func:`guide_html`, rendered by WeasyPrint.

    Raises :class:`samenspraak.render.pdf.PdfUnavailable` when PDFs cannot be made on this machine.
    """
    return html_to_pdf(guide_html(workshop, themes))


# --- links and files ------------------------------------------------------------------------


# The documents the dashboard server serves and the CLI writes, by their route.
DOCUMENTS: dict[str, Callable[[WorkshopBase], str]] = {}  # filled below: guide, paper


def document_filename(workshop_id: str, file_format: str, route: str = GUIDE_ROUTE) -> str:
    """``draaiboek-grondhouding.pdf``, ``papier-grondhouding.html``: a saved file's name."""
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {file_format!r}")
    return f"{route}-{workshop_id}.{file_format}"


def document_url(
    workshop_id: str, file_format: str, base_url: str = "/", route: str = GUIDE_ROUTE
) -> str:
    """Where the dashboard server serves a document: ``/<route>/<id>.<format>``."""
    if file_format not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {file_format!r}")
    return f"{base_url.rstrip('/')}/{route}/{quote(workshop_id, safe='')}.{file_format}"


def guide_links_html(workshop_id: str, base_url: str = "/") -> str:
    """Links for the dashboard: the guide and the paper version, each in the browser or as
    PDF. ``base_url`` is the dashboard server's; each opens in a new tab."""
    labels = {
        (GUIDE_ROUTE, "html"): t("guide.link_html"),
        (GUIDE_ROUTE, "pdf"): t("guide.link_pdf"),
        (PAPER_ROUTE, "html"): t("paper.link_html"),
        (PAPER_ROUTE, "pdf"): t("paper.link_pdf"),
        (CARDS_ROUTE, "html"): t("cards.link_html"),
        (CARDS_ROUTE, "pdf"): t("cards.link_pdf"),
    }
    links = [
        (document_url(workshop_id, fmt, base_url, route), label, "→" if fmt == "html" else "⤓")
        for (route, fmt), label in labels.items()
    ]
    anchors = " ".join(
        f'<a class="ss-guide-link" href="{escape(href)}" target="_blank" rel="noopener">'
        f"{icon} {escape(label)}</a>"
        for href, label, icon in links
    )
    return f'<p class="ss-guide-links">{anchors}</p>'


def command(workshop_id: str, *, pdf: bool, output: Path | None, route: str = GUIDE_ROUTE) -> int:
    """``samenspraak draaiboek`` (or ``papier``): write a workshop's guide (or its paper
    version) as HTML or PDF.

    Without ``output`` the file is ``<route>-<id>.html`` (or ``.pdf``) in the current
    directory; ``-`` writes to standard output.
    """
    to_stdout = output is not None and str(output) == "-"
    if pdf and to_stdout and sys.stdout.isatty():
        print(t("guide.pdf_to_terminal"), file=sys.stderr)
        return 2
    try:
        workshop = catalog.load_workshop(workshop_id)
    except KeyError as err:
        print(err.args[0], file=sys.stderr)
        return 2
    except ContentError as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        page = DOCUMENTS[route](workshop)
        data = html_to_pdf(page) if pdf else page.encode("utf-8")
    except PdfUnavailable as err:
        print(err, file=sys.stderr)
        return 4
    if to_stdout:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = output or Path(document_filename(workshop.id, "pdf" if pdf else "html", route))
    path.write_bytes(data)
    saved = {GUIDE_ROUTE: "guide.saved", PAPER_ROUTE: "paper.saved", CARDS_ROUTE: "cards.saved"}
    print(t(saved[route], path=path))
    return 0


DOCUMENTS.update({GUIDE_ROUTE: guide_html, PAPER_ROUTE: paper_html, CARDS_ROUTE: cards_html})
