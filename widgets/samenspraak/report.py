"""The session report: one page (HTML, or PDF through :mod:`samenspraak.pdf`) to share with a team.

It holds the workshop, the date, how many took part by role, and per exercise what was asked and
what the group answered, drawn by the same panels as the trainer's dashboard (a fresh panel per
exercise, as a static snapshot: no controls, no trainer notes, nothing the trainer hid). The
minimum group size applies: below it an exercise shows only how many answered. Answers the
trainer hid are left out before anything is counted. The ideas by votes and the agreement cards
come together in a last section. Reflections were never stored, so only their count is known.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from .catalog import load_workshop
from .core import messages
from .core.aggregate import Withheld, respondents, shown, with_minimum
from .core.content import ExerciseBase, WorkshopBase
from .core.html import escape, markdown
from .core.messages import t
from .core.records import Answer, Role, Session, local_time
from .core.store import Store
from .exercises import exercise_type
from .snapshot import snapshot_html

messages.register(
    {
        "report.title": "Verslag: {title}",
        "report.kind": "Verslag van een groepssessie",
        "report.date": "Datum",
        "report.date_value": "{date}, begonnen om {time}",
        "report.code": "Code van de sessie",
        "report.participants": "Deelnemers",
        "report.participants_none": "Er deed niemand mee.",
        "report.participants_count": "{count} in totaal",
        "report.participant_count": "1 in totaal",
        "report.by_role": "{label}: {count}",
        "report.minimum": "Minimale groep",
        "report.minimum_explain": (
            "Een uitkomst staat hier alleen als minstens {minimum} mensen de oefening hebben "
            "gedaan. Zo kan niemand nagaan wat één persoon heeft geantwoord."
        ),
        "report.anonymous": (
            "Dit verslag is anoniem. Er staan geen namen in, alleen wat de groep samen heeft "
            "geantwoord."
        ),
        "report.exercises": "Oefeningen",
        "report.asked": "Wat we vroegen",
        "report.result": "Uitkomst",
        "report.round": "Ronde {round}",
        "report.no_answers": "Geen antwoorden.",
        "report.withheld": "{count} antwoorden; te weinig om te tonen.",
        "report.withheld_one": "1 antwoord; te weinig om te tonen.",
        "report.hidden": (
            "{count} antwoorden zijn door de trainer verborgen. Ze tellen hier niet mee."
        ),
        "report.hidden_one": "1 antwoord is door de trainer verborgen. Het telt hier niet mee.",
        "report.private": (
            "De teksten van deze oefening bleven bij de deelnemers. Ze zijn niet opgeslagen en "
            "staan niet in dit verslag."
        ),
        "report.writers": "{count} deelnemers hebben iets geschreven.",
        "report.writer": "1 deelnemer heeft iets geschreven.",
        "report.see_below": "De uitkomst staat onderaan, bij ‘{section}’.",
        "report.final": "Ideeën en afspraken",
        "report.final_explain": (
            "Wat de groep wil toevoegen, met de meeste stemmen bovenaan, en de afspraken die de "
            "deelnemers maakten."
        ),
        "report.sources": "Bronnen van deze workshop",
        "report.no_workshop": (
            "Het bestand van workshop {workshop} is niet gevonden. Daarom staan hier geen "
            "oefeningen."
        ),
        "report.footer": (
            "Gemaakt met samenspraak op {date}. Anoniem: geen namen, alleen groepsresultaten."
        ),
    }
)

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
# Types whose results come together in the last section, in this order.
FINAL_TYPES = ("ideeen", "afspraken")
# Types whose texts never reach the store: the report says so and shows only the count.
PRIVATE_TYPES = frozenset({"reflectie"})

REPORT_CSS = """
@page {
  size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-left { content: "samenspraak · anoniem"; font: 8.5pt "DejaVu Sans", sans-serif;
                 color: #555; }
  @bottom-right { content: "pagina " counter(page) " van " counter(pages);
                  font: 8.5pt "DejaVu Sans", sans-serif; color: #555; }
}
body.ss-report {
  font-family: "DejaVu Sans", "Liberation Sans", system-ui, sans-serif; font-size: 11pt;
  line-height: 1.45; color: #111; max-width: 52em; margin: 2em auto; padding: 0 1em;
}
.ss-report h1 { color: #1f3b57; font-size: 20pt; margin: 0 0 0.2em 0; }
.ss-report h2 { color: #1f3b57; font-size: 14pt; margin: 0.2em 0 0.4em 0; }
.ss-report h3 { color: #1f3b57; font-size: 12pt; margin: 0.6em 0 0.3em 0; }
.ss-report h2, .ss-report h3, .ss-report h4 { break-after: avoid; }
.ss-report-kind { color: #555; margin: 0 0 1em 0; }
.ss-report-facts { border-collapse: collapse; margin: 0.5em 0 1em 0; }
.ss-report-facts th, .ss-report-facts td {
  text-align: left; vertical-align: top; padding: 0.25em 0.8em 0.25em 0;
}
.ss-report-facts th { white-space: nowrap; }
.ss-report-facts ul { margin: 0; padding-left: 1.1em; }
.ss-report-note { background: #eef2f7; border-radius: 4px; padding: 0.5em 0.8em; }
.ss-report-exercise { border-top: 2px solid #1f3b57; margin: 1.4em 0 0 0; padding-top: 0.4em; }
.ss-report-asked { break-after: avoid; }
.ss-report-asked { color: #333; }
.ss-report-asked p { margin: 0.3em 0; }
.ss-report-rounds { display: flex; flex-wrap: wrap; gap: 1em; }
.ss-report-round { flex: 1 1 20em; min-width: 0; }
.ss-report-withheld, .ss-report-hidden, .ss-report-private, .ss-report-empty { color: #333; }
.ss-report-withheld { font-style: italic; }
.ss-report-final { break-before: page; }
.ss-report-sources { margin-top: 2em; font-size: 10pt; color: #333; break-inside: avoid; }
.ss-report-footer {
  margin-top: 2em; padding-top: 0.5em; border-top: 1px solid #ccd; color: #555; font-size: 9.5pt;
}
.ss-report img { max-width: 100% !important; height: auto !important; max-height: 140mm; }
.ss-report .ss-panel-result { overflow-wrap: break-word; }
.ss-report img, .ss-report table, .ss-report .ss-afspraken-common { break-inside: avoid; }
.ss-report .ss-vote-item { display: block !important; }
.ss-report .ss-vote-row {
  display: grid; grid-template-columns: 2.2em 1fr 6em 6.5em; gap: 0.5em; align-items: center;
}
.ss-report .ss-status, .ss-report .ss-prompt { break-after: avoid; }
.ss-report .ss-afspraken-cards { grid-template-columns: 1fr 1fr; }
.ss-report .ss-status { padding: 0.2em 0; background: none; color: #333; }
.ss-report .ss-bar-row, .ss-report tr, .ss-report li, .ss-report .ss-vote-row,
.ss-report .ss-afspraken-card { break-inside: avoid; }
@media print {
  body.ss-report { margin: 0; max-width: none; padding: 0; }
  .ss-report a { color: inherit; text-decoration: none; }
}
"""


def _styles() -> str:
    """The dashboard's stylesheet (shared rules and each type's own), then the report's."""
    from .app.style import stylesheet

    return stylesheet().value.replace("</style>", f"{REPORT_CSS}</style>")


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


def _withheld_html(count: int) -> str:
    text = _count_text(count, "report.withheld_one", "report.withheld")
    return f'<p class="ss-report-withheld" data-count="{count}">{escape(text)}</p>'


def result_html(
    exercise: ExerciseBase, answers: Sequence[Answer], hidden: frozenset[str], minimum: int
) -> str:
    """One round's result of ``exercise``, as the report shows it.

    Answers the trainer hid are left out first; below ``minimum`` only the count shows.
    """
    kind = exercise_type(exercise.type)
    kept = shown(answers, hidden)
    dropped = len(answers) - len(kept)
    if not answers:
        return f'<p class="ss-report-empty">{escape(t("report.no_answers"))}</p>'
    result = with_minimum(kind.summarize, exercise, kept, minimum)
    if isinstance(result, Withheld):
        return _withheld_html(respondents(kept))
    note = (
        f'<p class="ss-report-hidden" data-count="{dropped}">'
        f"{escape(_count_text(dropped, 'report.hidden_one', 'report.hidden'))}</p>"
        if dropped
        else ""
    )
    if exercise.type in PRIVATE_TYPES:
        writers = getattr(result, "writers", len(kept))
        text = _count_text(writers, "report.writer", "report.writers")
        return f'<p class="ss-report-writers" data-count="{writers}">{escape(text)}</p>{note}'
    panel = kind.dashboard_panel(exercise)
    panel.minimum = minimum
    panel.update(result, len(kept), hidden)
    inner = snapshot_html(panel.status) + snapshot_html(panel.body)
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
    if exercise.type in PRIVATE_TYPES:
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
                f"{result_html(exercise, by_round[r], hidden, minimum)}</div>"
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
            section(number, exercise, deferred=exercise.type in FINAL_TYPES)
            for number, exercise in numbered
        ]
        final += [
            section(number, exercise, deferred=False)
            for kind in FINAL_TYPES
            for number, exercise in numbered
            if exercise.type == kind
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
        f'<p class="ss-report-kind">{escape(t("report.kind"))}</p>'
        f"{_facts_html(store, session)}"
        f'<p class="ss-report-note">{escape(t("report.anonymous"))}</p></header>'
        f"<main>{''.join(sections)}{final_html}"
        f"{_sources_html(workshop) if workshop else ''}</main>"
        f'<footer class="ss-report-footer">{escape(footer)}</footer>'
        "</body></html>\n"
    )


def report_pdf(store: Store, session: Session, *, made: datetime | None = None) -> bytes:
    """The same report as a PDF (A4). Raises :class:`samenspraak.pdf.PdfUnavailable` with a
    Dutch message when WeasyPrint or its system libraries are missing."""
    from .pdf import html_to_pdf

    return html_to_pdf(report_html(store, session, made=made))


def report_filename(session: Session, fmt: str) -> str:
    """``samenspraak-verslag-<code>-<yyyymmdd>.<html|pdf>``."""
    return f"samenspraak-verslag-{session.code}-{local_time(session.created_at):%Y%m%d}.{fmt}"


REPORT_MIME_TYPES = {"html": "text/html", "pdf": "application/pdf"}


def report_bytes(store: Store, session: Session, fmt: str) -> tuple[str, str, bytes]:
    """The report as a file to download: ``(filename, mime type, content)``; ``fmt`` is
    ``html`` or ``pdf`` (which may raise :class:`samenspraak.pdf.PdfUnavailable`)."""
    if fmt == "html":
        data = report_html(store, session).encode("utf-8")
    elif fmt == "pdf":
        data = report_pdf(store, session)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return report_filename(session, fmt), REPORT_MIME_TYPES[fmt], data
