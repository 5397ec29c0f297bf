"""The session report: one page (HTML, or PDF through :mod:`.pdf`) to share with a team.

It holds the workshop, the date, how many took part by role, and per exercise what was asked and
what the group answered, drawn by each type's pure ``render_html`` (what the group sees when the
trainer reveals it: no controls, no trainer notes, nothing the trainer hid). The minimum group
size applies: below it an exercise shows only how many answered. Answers the trainer hid are
left out before anything is counted. The types registered with a ``final_section`` (ideas by
votes, agreement cards) come together in a last section. Private types' texts were never
stored, so only their count is known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from ..catalog import load_workshop
from ..core.aggregate import Withheld, respondents, shown, with_minimum
from ..core.content import ExerciseBase, WorkshopBase
from ..core.html import css_beside, escape, markdown
from ..core.messages import t
from ..core.records import Answer, Role, Session, local_time
from ..core.store import Store
from ..exercises import exercise_type, exercise_types
from ..exercises.results import results_html
from ..exercises.styles import style_rules
from .paper import fit_headings

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

REPORT_CSS = css_beside(__file__, "report.css")


def _styles() -> str:
    """The dashboard's rules (shared and each type's own), then the report's."""
    return f"<style>\n{style_rules()}{REPORT_CSS}</style>"


def dutch_date(moment: datetime) -> str:
    """``23 november 2026``."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _count_text(count: int, one: str, many: str) -> str:
    return t(one) if count == 1 else t(many, count=count)


def _workshop(session: Session) -> WorkshopBase | None:
    try:
        return load_workshop(session.workshop_id)
    except (KeyError, OSError, ValueError):
        return None


def _facts_html(store: Store, session: Session) -> str:
    started = local_time(session.created_at)
    by_role = store.participants_by_role(session.id)
    total = sum(by_role.values())
    if total:
        roles = "".join(
            f'<li data-role="{role.value}" data-count="{by_role[role]}">'
            f"{escape(t('report.by_role', label=t(f'role.{role.value}'), count=by_role[role]))}"
            "</li>"
            for role in Role
            if by_role.get(role)
        )
        people = (
            f'<span class="ss-report-total" data-count="{total}">'
            f"{escape(_count_text(total, 'report.participant_count', 'report.participants_count'))}"
            f"</span><ul>{roles}</ul>"
        )
    else:
        people = escape(t("report.participants_none"))
    date = t("report.date_value", date=dutch_date(started), time=f"{started:%H:%M}")
    rows = [
        (t("report.date"), escape(date)),
        (t("report.code"), escape(session.code)),
        (t("report.participants"), people),
        (
            t("report.minimum"),
            escape(t("report.minimum_explain", minimum=session.min_group_size)),
        ),
    ]
    body = "".join(f'<tr><th scope="row">{escape(k)}</th><td>{v}</td></tr>' for k, v in rows)
    return f'<table class="ss-report-facts">{body}</table>'


def final_section_types() -> list[str]:
    """The types whose results come together in the report's last section, in order."""
    gathered = [r for r in exercise_types().values() if r.final_section > 0]
    return [r.name for r in sorted(gathered, key=lambda r: r.final_section)]


def _withheld_html(count: int) -> str:
    text = _count_text(count, "report.withheld_one", "report.withheld")
    return f'<p class="ss-report-withheld" data-count="{count}">{escape(text)}</p>'


def result_html(
    exercise: ExerciseBase,
    answers: Sequence[Answer],
    hidden: frozenset[str],
    minimum: int,
    *,
    top: int = 3,
) -> str:
    """One round's result of ``exercise``, as the report shows it.

    Answers the trainer hid are left out first; below ``minimum`` only the count shows.
    The result's own headings start at ``<h{top}>``, below the exercise's (or round's).
    """
    registered = exercise_type(exercise.type)
    kept = shown(answers, hidden)
    dropped = len(answers) - len(kept)
    if not answers:
        return f'<p class="ss-report-empty">{escape(t("report.no_answers"))}</p>'
    result = with_minimum(registered.summarize, exercise, kept, minimum)
    if isinstance(result, Withheld):
        return _withheld_html(respondents(kept))
    note = (
        f'<p class="ss-report-hidden" data-count="{dropped}">'
        f"{escape(_count_text(dropped, 'report.hidden_one', 'report.hidden'))}</p>"
        if dropped
        else ""
    )
    if registered.private:
        writers = getattr(result, "writers", len(kept))
        text = _count_text(writers, "report.writer", "report.writers")
        return f'<p class="ss-report-writers" data-count="{writers}">{escape(text)}</p>{note}'
    inner = fit_headings(
        results_html(exercise, result, len(kept), hidden=hidden, minimum=minimum), top
    )
    return f'<div class="ss-panel-result ss-panel-{escape(exercise.id)}">{inner}</div>{note}'


def _rounds(answers: Sequence[Answer], current: int) -> list[int]:
    """The rounds to show: those with answers, and the one the trainer has open."""
    return sorted({answer.round for answer in answers} | {current})


def _exercise_html(
    exercise: ExerciseBase,
    number: int,
    answers: Sequence[Answer],
    *,
    hidden: frozenset[str],
    current_round: int,
    minimum: int,
    deferred: bool = False,
) -> str:
    """A section for one exercise: its title, what was asked, and its result per round."""
    asked = markdown(exercise.intro)
    parts = [
        f'<h2><span class="ss-report-number">{number}.</span> {escape(exercise.title)}</h2>',
        f'<div class="ss-report-asked">{asked}</div>' if asked else "",
    ]
    if exercise_type(exercise.type).private:
        parts.append(f'<p class="ss-report-private">{escape(t("report.private"))}</p>')
    if deferred:
        parts.append(
            f'<p class="ss-report-see-below">'
            f"{escape(t('report.see_below', section=t('report.final')))}</p>"
        )
    else:
        rounds = _rounds(answers, current_round)
        by_round: dict[int, list[Answer]] = defaultdict(list)
        for answer in answers:
            by_round[answer.round].append(answer)
        if len(rounds) == 1:
            parts.append(result_html(exercise, by_round[rounds[0]], hidden, minimum))
        else:
            columns = "".join(
                f'<div class="ss-report-round" data-round="{r}">'
                f"<h3>{escape(t('report.round', round=r))}</h3>"
                f"{result_html(exercise, by_round[r], hidden, minimum, top=4)}</div>"
                for r in rounds
            )
            parts.append(f'<div class="ss-report-rounds">{columns}</div>')
    return (
        f'<section class="ss-report-exercise ss-report-{escape(exercise.type)}" '
        f'data-exercise="{escape(exercise.id)}">{"".join(parts)}</section>'
    )


def _sources_html(workshop: WorkshopBase) -> str:
    items = "".join(
        f"<li>{escape(s.title)}. {escape(s.publisher)}{f', {s.year}' if s.year else ''}.</li>"
        for s in workshop.sources
    )
    return (
        f'<section class="ss-report-sources"><h3>{escape(t("report.sources"))}</h3>'
        f"<ul>{items}</ul></section>"
    )


def report_html(store: Store, session: Session, *, made: datetime | None = None) -> str:
    """The report of ``session`` as one complete HTML page (Dutch, print-ready, A4).

    ``made`` is when the report is made (default: now), shown in the footer.
    """
    workshop = _workshop(session)
    title = workshop.title if workshop else session.workshop_id
    answers: dict[str, list[Answer]] = defaultdict(list)
    for answer in store.answers(session.id, round=None):
        answers[answer.exercise_id].append(answer)

    sections: list[str] = []
    final: list[str] = []
    if workshop is None:
        sections.append(
            f'<p class="ss-report-note">'
            f"{escape(t('report.no_workshop', workshop=session.workshop_id))}</p>"
        )
    else:
        hidden = store.hidden_items(session.id)
        control = store.control(session.id)
        numbered = list(enumerate(workshop.exercises, start=1))
        final_types = final_section_types()

        def section(number: int, exercise: ExerciseBase, *, deferred: bool) -> str:
            return _exercise_html(
                exercise,
                number,
                answers[exercise.id],
                hidden=hidden.get(exercise.id, frozenset()),
                current_round=control.state(exercise.id).round,
                minimum=session.min_group_size,
                deferred=deferred,
            )

        sections += [
            section(number, exercise, deferred=exercise.type in final_types)
            for number, exercise in numbered
        ]
        final += [
            section(number, exercise, deferred=False)
            for type_name in final_types
            for number, exercise in numbered
            if exercise.type == type_name
        ]
    final_html = (
        f'<section class="ss-report-final"><h2>{escape(t("report.final"))}</h2>'
        f"<p>{escape(t('report.final_explain'))}</p>{''.join(final)}</section>"
        if final
        else ""
    )
    made = made or datetime.now()
    footer = t("report.footer", date=f"{made:%d-%m-%Y}")
    page_title = t("report.title", title=title)
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(page_title)}</title>{_styles()}</head>"
        '<body class="ss-report">'
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="ss-report-subtitle">{escape(t("report.subtitle"))}</p>'
        f"{_facts_html(store, session)}"
        f'<p class="ss-report-note">{escape(t("report.anonymous"))}</p></header>'
        f"<main>{''.join(sections)}{final_html}"
        f"{_sources_html(workshop) if workshop else ''}</main>"
        f'<footer class="ss-report-footer">{escape(footer)}</footer>'
        "</body></html>\n"
    )


def report_pdf(store: Store, session: Session, *, made: datetime | None = None) -> bytes:
    """The same report as a PDF (A4). Raises :class:`samenspraak.render.pdf.PdfUnavailable` with a
    Dutch message when WeasyPrint or its system libraries are missing."""
    from .pdf import html_to_pdf

    return html_to_pdf(report_html(store, session, made=made))


def report_filename(session: Session, fmt: str) -> str:
    """``samenspraak-verslag-<code>-<yyyymmdd>.<html|pdf>``."""
    return f"samenspraak-verslag-{session.code}-{local_time(session.created_at):%Y%m%d}.{fmt}"


REPORT_MIME_TYPES = {"html": "text/html", "pdf": "application/pdf"}


def report_bytes(store: Store, session: Session, fmt: str) -> tuple[str, str, bytes]:
    """The report as a file to download: ``(filename, mime type, content)``; ``fmt`` is
    ``html`` or ``pdf`` (which may raise :class:`samenspraak.render.pdf.PdfUnavailable`)."""
    if fmt == "html":
        data = report_html(store, session).encode("utf-8")
    elif fmt == "pdf":
        data = report_pdf(store, session)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return report_filename(session, fmt), REPORT_MIME_TYPES[fmt], data
