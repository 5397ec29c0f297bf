"""Exports: XLSX (two sheets), CSV and JSON with the trainer's hidden flag, and download files."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass

import openpyxl
import pandas as pd
import pytest
from benchmarks.dashboard_refresh import fill

from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Participant, Role, Session, local_time
from samenspraak.core.store import Store
from samenspraak.render import export

PSEUDONYM = re.compile(r"^p-[0-9a-f]{8}$")
IDENTIFYING = {"name", "naam", "email", "e-mail", "participant_id", "id", "ip", "user"}
OPEN_TEXT = 'Ik vraag eerst door, met "aanhalingstekens" en één accent.'
HIDDEN_TEXT = "Deze zin heeft de trainer verborgen."
REASON = "Omdat ouders het kind het langst kennen."


@dataclass
class Filled:
    store: Store
    session: Session
    group: list[Participant]
    hidden: Answer
    written: Answer


@pytest.fixture
def filled(any_store: Store) -> Filled:
    """Six people answered the whole demo workshop; one open answer is hidden by the trainer;
    the statement was asked a second time and two people answered it again."""
    store = any_store
    session = store.create_session("demo", min_group_size=3)
    group = fill(store, session.code, "demo", people=6)
    store.save_answer(group[0], "demo-open", {"text": OPEN_TEXT})
    store.save_answer(group[1], "demo-open", {"text": HIDDEN_TEXT})
    store.save_answer(group[2], "demo-stelling", {"choice": "eens", "reason": REASON})
    by_person = {a.pseudonym: a for a in store.answers(session.id, "demo-open")}
    hidden = by_person[group[1].pseudonym]
    store.set_hidden(session.id, "demo-open", hidden.item_id, True)
    store.new_round(session.id, "demo-stelling")
    for person in group[:2]:
        store.save_answer(person, "demo-stelling", {"choice": "oneens", "reason": ""})
    return Filled(store, session, group, hidden, by_person[group[0].pseudonym])


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_rows(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_has_one_row_per_answer_with_pseudonyms_only(filled: Filled):
    book = workbook(export.xlsx_bytes(filled.store, filled.session))
    assert (
        book.sheetnames == [export.ANSWERS_SHEET, export.SESSION_SHEET] == ["Antwoorden", "Sessie"]
    )
    sheet = book["Antwoorden"]
    header = [cell.value for cell in sheet[1]]
    assert header == [*export.COLUMNS, "text"]
    assert not IDENTIFYING & set(header)
    rows = sheet_rows(sheet)
    stored = filled.store.answers(filled.session.id, round=None)
    assert len(rows) == len(stored) == 14 * 6 + 2
    keys = {(r["pseudonym"], r["exercise_id"], r["round"]) for r in rows}
    assert keys == {(a.pseudonym, a.exercise_id, a.round) for a in stored}
    assert {r["pseudonym"] for r in rows} == {p.pseudonym for p in filled.group}
    assert all(PSEUDONYM.match(r["pseudonym"]) for r in rows)
    assert {r["role"] for r in rows} == {"professional", "ouder"}
    assert {r["session_code"] for r in rows} == {filled.session.code}
    types = {e.id: e.type for e in load_workshop("demo").exercises}
    assert all(r["exercise_type"] == types[r["exercise_id"]] for r in rows)
    by_key = {(a.pseudonym, a.exercise_id, a.round): a.value for a in stored}
    assert all(
        json.loads(r["value"]) == by_key[r["pseudonym"], r["exercise_id"], r["round"]] for r in rows
    )
    assert {r["round"] for r in rows if r["exercise_id"] == "demo-stelling"} == {1, 2}


def test_xlsx_flags_the_answer_the_trainer_hid(filled: Filled):
    rows = sheet_rows(workbook(export.xlsx_bytes(filled.store, filled.session))["Antwoorden"])
    flagged = [r for r in rows if r["hidden_by_trainer"]]
    assert [(r["pseudonym"], r["exercise_id"]) for r in flagged] == [
        (filled.hidden.pseudonym, "demo-open")
    ]
    assert all(r["hidden_by_trainer"] is False for r in rows if r not in flagged)


def test_xlsx_text_column_holds_what_people_wrote_and_nothing_picked(filled: Filled):
    rows = sheet_rows(workbook(export.xlsx_bytes(filled.store, filled.session))["Antwoorden"])

    def text(pseudonym: str, exercise_id: str, round: int = 1) -> str | None:
        (row,) = [
            r
            for r in rows
            if (r["pseudonym"], r["exercise_id"], r["round"]) == (pseudonym, exercise_id, round)
        ]
        return row["text"]

    first, second, third = (p.pseudonym for p in filled.group[:3])
    assert text(first, "demo-open") == OPEN_TEXT
    assert text(second, "demo-open") == HIDDEN_TEXT  # the export keeps it, flagged
    assert text(third, "demo-stelling") == REASON  # not "eens"
    assert text(first, "demo-stelling", 2) is None  # "oneens" with no reason: nothing written
    # Scores, orders, quiz choices and reflections hold no text of the participant.
    for exercise_id in ("demo-schaal", "demo-rangorde-volgorde", "demo-quiz", "demo-reflectie"):
        assert text(first, exercise_id) is None, exercise_id
    # Ideas: the idea's own text, without its id or the ids voted for.
    idea_value = next(
        a.value
        for a in filled.store.answers(filled.session.id, "demo-ideeen")
        if a.pseudonym == first
    )
    assert text(first, "demo-ideeen") == idea_value["ideas"][0]["text"]
    # An agreement card: every part the person wrote, one a line, not the chosen "who".
    card = next(
        a.value
        for a in filled.store.answers(filled.session.id, "demo-afspraken")
        if a.pseudonym == first
    )
    lines = text(first, "demo-afspraken").splitlines()
    assert card["goal"] in lines
    assert card["evaluate"] in lines
    assert card["tasks"][0]["who"] not in lines


def test_xlsx_session_sheet(filled: Filled):
    store, session = filled.store, filled.session
    book = workbook(export.xlsx_bytes(store, session))
    rows = {r["onderdeel"]: r["waarde"] for r in sheet_rows(book["Sessie"])}
    workshop = load_workshop("demo")
    assert rows[t("export.workshop")] == "demo"
    assert rows[t("export.title")] == workshop.title
    assert rows[t("export.code")] == session.code
    assert rows[t("export.date")] == f"{local_time(session.created_at):%Y-%m-%d %H:%M}"
    assert rows[t("export.min_group")] == 3
    assert rows[t("export.participants")] == 6
    # fill makes every fourth person a parent: 1 of 6
    assert rows[t("export.role", label=t("role.professional"))] == 5
    assert rows[t("export.role", label=t("role.ouder"))] == 1
    assert rows[t("export.role", label=t("role.jongere"))] == 0
    assert rows[t("export.answers")] == 14 * 6 + 2
    rounds = {e.id: rows[t("export.rounds", title=e.title)] for e in workshop.exercises}
    assert rounds == {e.id: 2 if e.id == "demo-stelling" else 1 for e in workshop.exercises}


def test_xlsx_header_is_bold_and_frozen_and_columns_fit(filled: Filled):
    book = workbook(export.xlsx_bytes(filled.store, filled.session))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert not any(cell.font.bold for cell in sheet[2])
    answers = book["Antwoorden"]
    widths = {
        cell.value: answers.column_dimensions[cell.column_letter].width for cell in answers[1]
    }
    assert widths["round"] < widths["exercise_id"] < widths["value"]
    assert widths["value"] <= 62  # long JSON is capped, not a screen wide
    assert 20 < widths["text"] <= 82
    assert answers.cell(row=2, column=len(widths)).alignment.wrap_text


def test_xlsx_of_a_session_without_answers(store: Store):
    session = store.create_session("grondhouding")
    book = workbook(export.xlsx_bytes(store, session))
    assert [c.value for c in book["Antwoorden"][1]] == export.XLSX_COLUMNS
    assert book["Antwoorden"].max_row == 1
    rows = {r["onderdeel"]: r["waarde"] for r in sheet_rows(book["Sessie"])}
    assert rows[t("export.participants")] == 0


def test_xlsx_when_the_workshop_file_is_gone(store: Store):
    session = store.create_session("bestaat-niet-meer", min_group_size=1)
    person = store.join(session.code, Role.JONGERE)
    store.save_answer(person, "oude-vraag", {"text": "Nog steeds hier."})
    book = workbook(export.xlsx_bytes(store, session))
    (row,) = sheet_rows(book["Antwoorden"])
    assert row["exercise_type"] is None  # unknown now: an empty cell
    assert row["text"] == "Nog steeds hier."
    rows = {r["onderdeel"]: r["waarde"] for r in sheet_rows(book["Sessie"])}
    assert rows[t("export.role", label=t("role.jongere"))] == 1
    assert rows[t("export.rounds", title="oude-vraag")] == 1


# --- CSV and JSON --------------------------------------------------------------------------


def test_csv_and_json_have_the_hidden_flag(filled: Filled):
    _, _, data = export.export_bytes(filled.store, filled.session, "csv")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == export.COLUMNS
    assert "text" not in frame.columns
    hidden = frame[frame["hidden_by_trainer"] == "True"]
    assert list(zip(hidden["pseudonym"], hidden["exercise_id"], strict=True)) == [
        (filled.hidden.pseudonym, "demo-open")
    ]
    assert set(frame["hidden_by_trainer"]) == {"True", "False"}

    _, _, data = export.export_bytes(filled.store, filled.session, "json")
    records = json.loads(data.decode("utf-8"))
    assert all(list(r) == export.COLUMNS for r in records)
    assert [r["pseudonym"] for r in records if r["hidden_by_trainer"] is True] == [
        filled.hidden.pseudonym
    ]
    assert sum(r["hidden_by_trainer"] is False for r in records) == len(records) - 1


def test_a_hidden_item_inside_an_answer_does_not_flag_the_answer(store: Store, session: Session):
    """Hiding one idea (its own id) is not hiding the whole answer."""
    person = store.join(session.code, Role.PROFESSIONAL)
    store.save_answer(
        person, "demo-ideeen", {"ideas": [{"id": "a1b2c3d4", "text": "Koffie"}], "votes": []}
    )
    store.set_hidden(session.id, "demo-ideeen", "a1b2c3d4", True)
    frame = export.answers_frame(store, session)
    assert frame["hidden_by_trainer"].tolist() == [False]


def test_showing_an_answer_again_clears_the_flag(filled: Filled):
    store, session = filled.store, filled.session
    store.set_hidden(session.id, "demo-open", filled.hidden.item_id, False)
    frame = export.answers_frame(store, session)
    assert not frame["hidden_by_trainer"].any()


# --- download files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_export_bytes_names_and_types(store: Store, session: Session, fmt: str, mime: str):
    person = store.join(session.code, Role.OUDER)
    store.save_answer(person, "demo-open", {"text": OPEN_TEXT})
    name, given_mime, data = export.export_bytes(store, session, fmt)
    day = f"{local_time(session.created_at):%Y%m%d}"
    assert name == f"samenspraak-{session.code}-{day}.{fmt}"
    assert re.fullmatch(r"samenspraak-[A-Z2-9]{5}-\d{8}\.(csv|json|xlsx)", name)
    assert given_mime == mime
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents
        assert "één accent".encode() in data
    elif fmt == "json":
        assert json.loads(data)[0]["pseudonym"] == person.pseudonym
        assert "één accent" in data.decode("utf-8")  # not \\u-escaped
    else:
        assert data.startswith(b"PK")  # a zip, as every XLSX
        rows = sheet_rows(workbook(data)["Antwoorden"])
        assert [r["text"] for r in rows] == [OPEN_TEXT]


def test_export_bytes_refuses_an_unknown_format(store: Store, session: Session):
    with pytest.raises(ValueError, match="pdf"):
        export.export_bytes(store, session, "pdf")
