"""Exports of a session's answers: one row per answer, pseudonyms only, never names.

CSV, JSON and XLSX, from the command line or the dashboard's download buttons
(:func:`export_bytes`). Every format has the same columns; XLSX adds the answer's own text in
readable form and a second sheet about the session.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from . import messages
from .aggregate import content_strings, written_texts
from .catalog import load_workshop
from .content import WorkshopBase
from .messages import t
from .store import Answer, Role, Session, Store, local_time

COLUMNS = [
    "session_code",
    "workshop_id",
    "exercise_id",
    "exercise_type",
    "round",
    "pseudonym",
    "role",
    "value",
    "submitted_at",
    "updated_at",
    "hidden_by_trainer",
]
XLSX_COLUMNS = [*COLUMNS, "text"]
FORMATS = ("csv", "xlsx", "json")
MIME_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ANSWERS_SHEET = "Antwoorden"
SESSION_SHEET = "Sessie"

messages.register(
    {
        "export.workshop": "Workshop",
        "export.title": "Titel",
        "export.code": "Code",
        "export.date": "Datum en tijd",
        "export.min_group": "Minimale groepsgrootte",
        "export.participants": "Deelnemers",
        "export.role": "Deelnemers: {label}",
        "export.answers": "Antwoorden",
        "export.rounds": "Rondes: {title}",
        "export.times": "Tijden in Antwoorden",
        "export.times_utc": "UTC (Nederlandse tijd min 1 uur, in de zomer min 2 uur)",
    }
)

_MAX_COLUMN_WIDTH = 60
_TEXT_COLUMN_WIDTH = 80


def _workshop(session: Session) -> WorkshopBase | None:
    try:
        return load_workshop(session.workshop_id)
    except (KeyError, OSError, ValueError):
        return None  # the workshop file is gone or broken: export the answers all the same


def written_text(value: Any, known: set[str]) -> str:
    """What the participant wrote in an answer, one text a line; "" when nothing was written."""
    return "\n".join(written_texts(value, known))


def _rows(store: Store, session: Session) -> list[dict[str, Any]]:
    workshop = _workshop(session)
    exercises = {e.id: e for e in workshop.exercises} if workshop else {}
    known = {eid: content_strings(e) for eid, e in exercises.items()}
    hidden = store.hidden_items(session.id)
    return [
        {
            "session_code": session.code,
            "workshop_id": session.workshop_id,
            "exercise_id": a.exercise_id,
            "exercise_type": exercises[a.exercise_id].type if a.exercise_id in exercises else "",
            "round": a.round,
            "pseudonym": a.pseudonym,
            "role": a.role.value,
            "value": json.dumps(a.value, ensure_ascii=False),
            "submitted_at": a.submitted_at.isoformat(timespec="seconds"),
            "updated_at": a.updated_at.isoformat(timespec="seconds"),
            "hidden_by_trainer": a.item_id in hidden.get(a.exercise_id, frozenset()),
            "text": written_text(a.value, known.get(a.exercise_id, set())),
        }
        for a in store.answers(session.id, round=None)
    ]


def answers_frame(store: Store, session: Session) -> pd.DataFrame:
    """All answers of ``session`` as a table; ``value`` is the answer's JSON text."""
    return pd.DataFrame(_rows(store, session), columns=COLUMNS)


def write(frame: pd.DataFrame, fmt: str, out: Path | TextIO) -> None:
    """Write ``frame`` as CSV (with a BOM in files, so Excel reads the accents) or JSON."""
    if fmt == "csv":
        if isinstance(out, Path):
            frame.to_csv(out, index=False, encoding="utf-8-sig")
        else:
            frame.to_csv(out, index=False)
    elif fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=2)
        if isinstance(out, Path):
            out.write_text(text + "\n", encoding="utf-8")
        else:
            out.write(text + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}")


def filename(session: Session, fmt: str) -> str:
    """``samenspraak-<code>-<yyyymmdd>.<fmt>``, with the day the session started."""
    return f"samenspraak-{session.code}-{local_time(session.created_at):%Y%m%d}.{fmt}"


def export_bytes(store: Store, session: Session, fmt: str) -> tuple[str, str, bytes]:
    """The export of ``session`` as a file to download: ``(filename, mime type, content)``.

    CSV starts with a BOM, so Excel reads the accents; JSON is UTF-8 text.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if fmt == "xlsx":
        data = xlsx_bytes(store, session)
    else:
        buffer = io.StringIO()
        write(answers_frame(store, session), fmt, buffer)
        data = buffer.getvalue().encode("utf-8-sig" if fmt == "csv" else "utf-8")
    return filename(session, fmt), MIME_TYPES[fmt], data


# XLSX -------------------------------------------------------------------------------------


def rounds_per_exercise(
    store: Store, session: Session, answers: Sequence[Answer]
) -> dict[str, int]:
    """How many rounds each exercise had: the trainer's current round, or the highest round
    with answers. Exercises of the workshop in order, then any others that have answers."""
    control = store.control(session.id)
    workshop = _workshop(session)
    ids = [e.id for e in workshop.exercises] if workshop else []
    ids += sorted({a.exercise_id for a in answers} - set(ids))
    highest: dict[str, int] = {}
    for answer in answers:
        highest[answer.exercise_id] = max(highest.get(answer.exercise_id, 1), answer.round)
    return {
        exercise_id: max(control.state(exercise_id).round, highest.get(exercise_id, 1))
        for exercise_id in ids
    }


def _session_rows(store: Store, session: Session) -> list[tuple[str, Any]]:
    workshop = _workshop(session)
    by_role = store.participants_by_role(session.id)
    answers = store.answers(session.id, round=None)
    titles = {e.id: e.title for e in workshop.exercises} if workshop else {}
    rows: list[tuple[str, Any]] = [
        (t("export.workshop"), session.workshop_id),
        (t("export.title"), workshop.title if workshop else ""),
        (t("export.code"), session.code),
        (t("export.date"), f"{local_time(session.created_at):%Y-%m-%d %H:%M}"),
        (t("export.min_group"), session.min_group_size),
        (t("export.participants"), sum(by_role.values())),
    ]
    rows += [
        (t("export.role", label=t(f"role.{role.value}")), by_role.get(role, 0)) for role in Role
    ]
    rows.append((t("export.answers"), len(answers)))
    rows += [
        (t("export.rounds", title=titles.get(exercise_id, exercise_id)), count)
        for exercise_id, count in rounds_per_exercise(store, session, answers).items()
    ]
    rows.append((t("export.times"), t("export.times_utc")))
    return rows


def xlsx_bytes(store: Store, session: Session) -> bytes:
    """Two sheets: *Antwoorden* (one row per answer, the CSV's columns plus ``text``) and
    *Sessie* (the workshop, code, date, group size, participants by role, rounds)."""
    answers = pd.DataFrame(_rows(store, session), columns=XLSX_COLUMNS)
    about = pd.DataFrame(_session_rows(store, session), columns=["onderdeel", "waarde"])
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        answers.to_excel(writer, sheet_name=ANSWERS_SHEET, index=False)
        about.to_excel(writer, sheet_name=SESSION_SHEET, index=False)
        for sheet in writer.sheets.values():
            _tidy(sheet)
    return buffer.getvalue()


def _tidy(sheet: Any) -> None:
    """Header bold and frozen, a filter on it, columns as wide as their content (capped);
    the free-text column wraps."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.iter_cols():
        header = column[0]
        header.font = Font(bold=True)
        is_text = header.value == "text"
        width = max(
            (
                max(len(line) for line in str(cell.value).splitlines() or [""])
                for cell in column
                if cell.value is not None
            ),
            default=8,
        )
        limit = _TEXT_COLUMN_WIDTH if is_text else _MAX_COLUMN_WIDTH
        sheet.column_dimensions[get_column_letter(header.column)].width = min(width + 2, limit)
        if is_text:
            for cell in column[1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
