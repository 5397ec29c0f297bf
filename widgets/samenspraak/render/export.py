"""Exports of a session's answers: one row per answer, pseudonyms only, never names.

CSV, JSON and XLSX, from the command line or the dashboard's download buttons
(:func:`export_bytes`). Every format has the same columns; XLSX adds the answer's own text in
readable form and a second sheet about the session.

Participants can write anything, so no answer may become a formula when the trainer opens the
file in a spreadsheet (OWASP: CSV injection):

- XLSX: every text is a text cell, never a formula; ``=HYPERLINK(...)`` shows as written.
  Control characters a worksheet cannot hold become U+FFFD; line breaks are ``\\n``.
- CSV: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  gets a ``'`` in front (a plain number such as ``-2`` does not). In ``value`` a ``;``, the
  column separator of a Dutch Excel, is written as ``\\u003b``: the same JSON, but no text
  after it can start a cell of its own.
- JSON stays exactly as stored.
Files written to disk are 0600 (:mod:`.files`).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pandas as pd
from pandas.api.types import is_object_dtype, is_string_dtype

from ..catalog import load_workshop
from ..core.aggregate import content_strings, written_texts
from ..core.content import WorkshopBase
from ..core.files import write_private
from ..core.messages import t
from ..core.records import Answer, Role, Session, local_time
from ..core.store import Store

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


# What a spreadsheet would read as the start of a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
# Characters an XLSX worksheet cannot hold (XML 1.0): most control characters, surrogates,
# U+FFFE and U+FFFF. Tab and line breaks are allowed.
_NOT_IN_XLSX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def csv_cell(text: str) -> str:
    """A CSV text cell that no spreadsheet reads as a formula: ``'`` in front of a text that
    starts with ``= + - @``, a tab or a carriage return. A plain number (``-2``) stays as is."""
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell made safe with :func:`csv_cell`; numbers and flags as
    they are. In ``value`` (JSON) a ``;`` becomes ``\\u003b``: JSON has ``;`` only inside
    strings, so the value reads back the same, and a Dutch Excel, which splits on ``;``,
    cannot start a new cell inside an answer."""
    safe = frame.copy()
    if "value" in safe.columns:
        safe["value"] = safe["value"].map(
            lambda v: v.replace(";", "\\u003b") if isinstance(v, str) else v
        )
    for column in safe.columns:
        if is_object_dtype(safe[column]) or is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: csv_cell(v) if isinstance(v, str) else v)
    return safe


def write(frame: pd.DataFrame, fmt: str, out: Path | TextIO) -> None:
    """Write ``frame`` as CSV (with a BOM in files, so Excel reads the accents; text cells
    safe, see :func:`csv_frame`) or JSON (exactly as stored). Files are made 0600."""
    if fmt == "csv":
        text = csv_frame(frame).to_csv(index=False)
        encoding = "utf-8-sig"
    elif fmt == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
        encoding = "utf-8"
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if isinstance(out, Path):
        write_private(out, text, encoding=encoding)
    else:
        out.write(text)


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
    answers["value"] = answers["value"].map(_json_for_xlsx)
    answers = _xlsx_texts(answers)
    about = _xlsx_texts(
        pd.DataFrame(_session_rows(store, session), columns=["onderdeel", "waarde"])
    )
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        answers.to_excel(writer, sheet_name=ANSWERS_SHEET, index=False)
        about.to_excel(writer, sheet_name=SESSION_SHEET, index=False)
        for sheet in writer.sheets.values():
            _text_cells(sheet)
            _tidy(sheet)
    return buffer.getvalue()


def xlsx_text(text: str) -> str:
    """``text`` as a worksheet can hold it: characters XML forbids become U+FFFD, and a
    carriage return (alone or before a line feed) a line feed, as a cell's line breaks are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_IN_XLSX.sub("\ufffd", text)


def _json_for_xlsx(value: str) -> str:
    """JSON text with the characters a worksheet cannot hold as ``\\uXXXX`` escapes: they
    occur only inside JSON strings, so the value reads back exactly."""
    return _NOT_IN_XLSX.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def _xlsx_texts(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(lambda v: xlsx_text(v) if isinstance(v, str) else v)


def _text_cells(sheet: Any) -> None:
    """Every text a text cell: openpyxl makes a text that starts with ``=`` a formula, so a
    participant's ``=HYPERLINK(...)`` would run when the trainer opens the file."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


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
