"""The command line: check, schema, session new/list, export and report, against a temporary
store."""

from __future__ import annotations

import io
import json
import os
import re
import stat
from pathlib import Path

import openpyxl
import pandas as pd
import pypdf
import pytest

from samenspraak import catalog
from samenspraak.cli import main
from samenspraak.core.html import escape
from samenspraak.core.records import Pacing, Role
from samenspraak.core.store import Store
from samenspraak.render import export

from .helpers import CONTENT, run_python

PSEUDONYM = re.compile(r"^p-[0-9a-f]{8}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$")


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite'}"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()  # start clean
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def filled(db: str, workshop):
    """A session of the shipped workshop with two participants and their answers."""
    store = Store(db)
    session = store.create_session("grondhouding", min_group_size=2)
    ouder = store.join(session.code, Role.OUDER)
    pro = store.join(session.code, Role.PROFESSIONAL)
    statements = workshop.exercise("mijn-grondhouding").statements
    scores = dict.fromkeys((s.id for s in statements), 4)
    saved = {
        (ouder.pseudonym, "mijn-grondhouding", 1): {"scores": scores},
        (ouder.pseudonym, "ouder-kent-het-kind", 1): {"choice": "eens", "reason": "Één reden"},
        (ouder.pseudonym, "waarom-doe-ik-wat-ik-doe", 1): {"text": 'Zo, met "quotes", komma\'s'},
        (pro.pseudonym, "ouder-kent-het-kind", 1): {"choice": "oneens", "reason": ""},
        (pro.pseudonym, "ouder-kent-het-kind", 2): {"choice": "eens", "reason": "Toch wel"},
        (pro.pseudonym, "bestaat-niet-meer", 1): {"text": "oud"},
    }
    store.save_answer(pro, "ouder-kent-het-kind", {"choice": "weet_niet", "reason": "eerst"})
    people = {ouder.pseudonym: ouder, pro.pseudonym: pro}
    for (pseudonym, exercise_id, round_), value in saved.items():
        store.save_answer(people[pseudonym], exercise_id, value, round=round_)
    store.dispose()
    return session, people, saved


def check_rows(records: list[dict], session, people, saved) -> None:
    """Exactly one row per stored answer, pseudonyms only, values as saved."""
    assert len(records) == len(saved)
    seen = {}
    for row in records:
        assert list(row) == export.COLUMNS
        assert row["session_code"] == session.code
        assert row["workshop_id"] == "grondhouding"
        assert PSEUDONYM.match(row["pseudonym"])
        assert row["pseudonym"] in people
        assert row["role"] == people[row["pseudonym"]].role.value
        assert TIMESTAMP.match(row["submitted_at"])
        assert TIMESTAMP.match(row["updated_at"])
        key = (row["pseudonym"], row["exercise_id"], int(row["round"]))
        assert key not in seen
        seen[key] = json.loads(row["value"])
        expected_type = {
            "mijn-grondhouding": "schaal",
            "ouder-kent-het-kind": "stelling",
            "waarom-doe-ik-wat-ik-doe": "open",
        }.get(row["exercise_id"], "")
        assert row["exercise_type"] == expected_type
    assert seen == saved


# --- check ---------------------------------------------------------------------------------


def test_check_shipped_content(run):
    code, out, err = run("check", CONTENT)
    assert code == 0
    count = len(catalog.workshop_files(CONTENT))
    assert out == f"{count} workshop(s) gecontroleerd, geen problemen.\n"
    assert err == ""


def test_check_without_paths_uses_the_content_directory(run, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SAMENSPRAAK_CONTENT", str(CONTENT))
    code, out, _ = run("check")
    assert code == 0
    assert "geen problemen" in out


def test_check_broken_file_prints_path_line_field_message(run, tmp_path: Path):
    text = (CONTENT / "grondhouding.yaml").read_text(encoding="utf-8")
    broken = text.replace("duration_minutes: 150", "duration_minutes: negentig", 1)
    first = next(line for line in broken.splitlines() if line.startswith("    minutes: "))
    misspelt = first.replace("minutes:", "minuten:")
    broken = broken.replace(f"{first}\n", f"{misspelt}\n", 1)  # the first exercise's time
    path = tmp_path / "grondhouding.yaml"
    path.write_text(broken, encoding="utf-8")
    line_of = {
        needle: broken.splitlines().index(needle) + 1
        for needle in ["duration_minutes: negentig", misspelt]
    }
    code, out, _ = run("check", path)
    assert code == 1
    assert out.splitlines() == [
        f"{path}:{line_of['duration_minutes: negentig']}: duration_minutes: "
        "moet een heel getal zijn",
        f"{path}:{line_of[misspelt]}: exercises[0].minuten: "
        "dit veld kennen we niet; controleer de spelling",
    ]
    assert "geen problemen" not in out


def test_check_reports_every_file_and_fails_if_one_is_broken(run, tmp_path: Path):
    good = tmp_path / "grondhouding.yaml"
    good.write_text((CONTENT / "grondhouding.yaml").read_text(encoding="utf-8"), "utf-8")
    bad = tmp_path / "leeg.yaml"
    bad.write_text("", encoding="utf-8")
    code, out, _ = run("check", tmp_path)
    assert code == 1
    assert out.splitlines() == [f"{bad}:1: (bestand): het bestand is leeg"]


def test_check_a_folder_asks_a_task_for_every_theme(run, tmp_path: Path):
    """A theme that an exercise only names under themes: is reported on its line in
    themes.yaml; once an exercise has it as its focus, the folder passes."""
    themes = tmp_path / "themes.yaml"
    themes.write_text(
        "themes:\n  - id: regie\n    source: bron\n    label: Regie bij de ouder\n",
        encoding="utf-8",
    )
    workshop = tmp_path / "mini.yaml"
    text = (
        "id: mini\ntitle: Mini\ndescription: Klein.\nduration_minutes: 30\n"
        "sources:\n  - id: bron\n    title: Bron\n    publisher: Uitgever\n"
        "exercises:\n  - id: stelling-een\n    type: stelling\n    title: Een stelling\n"
        '    sources: [bron]\n    themes: [regie]\n    statement: "Ouders beslissen mee."\n'
    )
    workshop.write_text(text, encoding="utf-8")
    code, out, _ = run("check", tmp_path)
    assert code == 1
    assert out.splitlines() == [
        f"{themes}:2: themes[0].id: geen oefening gaat over dit thema. Zet focus: regie bij "
        "een oefening waarvan de opdracht erover gaat. Alleen onder themes noemen telt niet."
    ]
    workshop.write_text(text.replace("themes: [regie]\n", "themes: [regie]\n    focus: regie\n"))
    code, out, _ = run("check", tmp_path)
    assert code == 0
    assert out == "1 workshop(s) gecontroleerd, geen problemen.\n"


def test_check_missing_path(run, tmp_path: Path):
    missing = tmp_path / "nergens.yaml"
    code, out, _ = run("check", missing)
    assert code == 1
    assert out.splitlines() == [f"{missing}:1: (bestand): bestand of map bestaat niet"]


def test_check_as_a_module_in_a_subprocess(tmp_path: Path):
    ok = run_python("-m", "samenspraak.cli", "check", str(CONTENT))
    assert ok.returncode == 0, ok.stderr
    assert "geen problemen" in ok.stdout
    broken = tmp_path / "kapot.yaml"
    broken.write_text("id: kapot\n", encoding="utf-8")
    bad = run_python("-m", "samenspraak.cli", "check", str(broken))
    assert bad.returncode == 1
    assert f"{broken}:1: title: dit veld ontbreekt" in bad.stdout.splitlines()


# --- schema --------------------------------------------------------------------------------


def test_schema_prints_json(run):
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out) == catalog.json_schema()


def test_schema_to_a_file(run, tmp_path: Path):
    path = tmp_path / "workshop.schema.json"
    code, out, _ = run("schema", "-o", path)
    assert code == 0
    assert out == ""
    assert json.loads(path.read_text(encoding="utf-8")) == catalog.json_schema()


# --- session new / list --------------------------------------------------------------------


def test_session_new_prints_code_and_join_url(run, db: str):
    code, out, _ = run("--db", db, "session", "new", "grondhouding", "--min-group", "3")
    assert code == 0
    join_code, url = out.rstrip("\n").split("\t")
    assert re.fullmatch(r"[A-Z2-9]{5}", join_code)
    assert url.startswith("http")
    assert url.endswith(f"/voila/render/grondhouding.ipynb?code={join_code}")
    store = Store(db)
    try:
        session = store.find_session(join_code)
        assert session.workshop_id == "grondhouding"
        assert session.min_group_size == 3
    finally:
        store.dispose()


def test_session_new_unknown_workshop(run, db: str):
    code, out, err = run("--db", db, "session", "new", "bestaat-niet")
    assert code == 2
    assert out == ""
    known = ", ".join(p.stem for p in catalog.workshop_files(CONTENT))
    assert err == f"Workshop bestaat-niet bestaat niet. Beschikbaar: {known}.\n"
    store = Store(db)
    try:
        assert store.list_sessions() == []
    finally:
        store.dispose()


@pytest.mark.parametrize("minimum", ["0", "-3", "vijf"])
def test_session_new_refuses_a_minimum_below_one(run, db: str, minimum: str):
    with pytest.raises(SystemExit) as info:
        run("--db", db, "session", "new", "grondhouding", "--min-group", minimum)
    assert info.value.code == 2
    store = Store(db)
    try:
        assert store.list_sessions() == []
    finally:
        store.dispose()


def test_session_list_shows_sessions_with_counts(run, db: str, filled):
    session, people, saved = filled
    code, out, _ = run("--db", db, "session", "list")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split("\t") == [
        "code",
        "workshop",
        "state",
        "created",
        "participants",
        "answers",
    ]
    assert len(rows) == 1
    fields = rows[0].split("\t")
    assert fields[:3] == [session.code, "grondhouding", "open"]
    assert fields[4:] == [str(len(people)), str(len(saved))]


def test_session_list_empty(run, db: str):
    code, out, _ = run("--db", db, "session", "list")
    assert code == 0
    assert out.splitlines() == ["code\tworkshop\tstate\tcreated\tparticipants\tanswers"]


def test_unreachable_database_exits_3(run, tmp_path: Path):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map", encoding="utf-8")
    code, out, err = run("--db", f"sqlite:///{blocker / 'x.sqlite'}", "session", "list")
    assert code == 3
    assert out == ""
    assert err.startswith("De database is niet bereikbaar: ")


# --- export --------------------------------------------------------------------------------


def test_export_csv_to_stdout(run, db: str, filled):
    session, people, saved = filled
    code, out, _ = run("--db", db, "export", session.code, "--format", "csv")
    assert code == 0
    assert not out.startswith("\ufeff")
    frame = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert list(frame.columns) == export.COLUMNS
    check_rows(frame.to_dict("records"), session, people, saved)


def test_export_json_to_stdout(run, db: str, filled):
    session, people, saved = filled
    code, out, _ = run("--db", db, "export", session.code.lower(), "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert all(isinstance(r["round"], int) for r in records)
    check_rows(records, session, people, saved)


def test_export_csv_file_has_a_bom_and_round_trips_through_pandas(
    run, db: str, filled, tmp_path: Path
):
    session, people, saved = filled
    path = tmp_path / "export.csv"
    code, out, _ = run("--db", db, "export", session.code, "-o", path)  # csv is the default
    assert code == 0
    assert out == ""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Één reden".encode() in data
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(frame.columns) == export.COLUMNS  # the BOM is not part of the first name
    check_rows(frame.to_dict("records"), session, people, saved)


def test_export_json_file(run, db: str, filled, tmp_path: Path):
    session, people, saved = filled
    path = tmp_path / "export.json"
    code, _, _ = run("--db", db, "export", session.code, "--format", "json", "-o", path)
    assert code == 0
    text = path.read_text(encoding="utf-8")
    assert "Één reden" in text  # not \u-escaped
    check_rows(json.loads(text), session, people, saved)


def test_export_of_a_closed_session(run, db: str, filled):
    session, people, saved = filled
    store = Store(db)
    store.close_session(session.id)
    store.dispose()
    code, out, _ = run("--db", db, "export", session.code, "--format", "json")
    assert code == 0
    check_rows(json.loads(out), session, people, saved)


def test_export_has_no_names_only_pseudonyms(run, db: str, filled):
    session, people, _ = filled
    code, out, _ = run("--db", db, "export", session.code, "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert not {"name", "naam", "email", "participant_id"} & set(records[0])
    assert {r["pseudonym"] for r in records} == set(people)


def test_export_of_a_session_without_answers(run, db: str):
    store = Store(db)
    session = store.create_session("grondhouding")
    store.dispose()
    code, out, _ = run("--db", db, "export", session.code)
    assert code == 0
    assert out.splitlines() == [",".join(export.COLUMNS)]
    code, out, _ = run("--db", db, "export", session.code, "--format", "json")
    assert code == 0
    assert json.loads(out) == []


def test_export_unknown_code(run, db: str, filled, tmp_path: Path):
    path = tmp_path / "export.csv"
    code, out, err = run("--db", db, "export", "ZZZZZ", "-o", path)
    assert code == 2
    assert out == ""
    assert err.startswith("De code ZZZZZ werkt niet.")
    assert not path.exists()


def test_unknown_format_is_refused(run, db: str):
    with pytest.raises(SystemExit) as info:
        run("--db", db, "export", "ABCDE", "--format", "pdf")
    assert info.value.code == 2


# --- export xlsx ---------------------------------------------------------------------------


def test_export_xlsx_to_a_file(run, db: str, filled, tmp_path: Path):
    session, people, saved = filled
    path = tmp_path / "export.xlsx"
    code, out, err = run("--db", db, "export", session.code, "--format", "xlsx", "-o", path)
    assert (code, out, err) == (0, "", "")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Antwoorden", "Sessie"]
    header, *rows = book["Antwoorden"].iter_rows(values_only=True)
    assert list(header) == export.XLSX_COLUMNS
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert {r["hidden_by_trainer"] for r in records} == {False}
    texts = {(r["pseudonym"], r["exercise_id"], r["round"]): r["text"] for r in records}
    ouder = next(p for p in people.values() if p.role is Role.OUDER)
    assert texts[ouder.pseudonym, "ouder-kent-het-kind", 1] == "Één reden"
    check_rows(
        [{k: ("" if v is None else v) for k, v in r.items() if k != "text"} for r in records],
        session,
        people,
        saved,
    )


def test_export_xlsx_to_standard_output_is_binary(db: str, filled, capsysbinary):
    session, _, saved = filled
    assert main(["--db", db, "export", session.code, "--format", "xlsx"]) == 0
    data = capsysbinary.readouterr().out
    assert data.startswith(b"PK")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Antwoorden"].max_row == len(saved) + 1


def test_export_xlsx_refuses_a_terminal(run, db: str, filled, monkeypatch: pytest.MonkeyPatch):
    session, _, _ = filled
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, err = run("--db", db, "export", session.code, "--format", "xlsx")
    assert code == 2
    assert out == ""
    assert "-o" in err


# --- report --------------------------------------------------------------------------------


def test_report_html_to_standard_output(run, db: str, filled, workshop):
    session, _, _ = filled
    code, out, err = run("--db", db, "report", session.code.lower())
    assert code == 0
    assert err == ""
    assert out.startswith('<!DOCTYPE html>\n<html lang="nl">')
    assert f"<h1>{escape(workshop.title)}</h1>" in out
    assert "Ouder of verzorger: 1" in out
    assert "Professional: 1" in out


def test_report_html_and_pdf_to_files(run, db: str, filled, workshop, tmp_path: Path):
    session, _, _ = filled
    html_path, pdf_path = tmp_path / "verslag.html", tmp_path / "verslag.pdf"
    assert run("--db", db, "report", session.code, "-o", html_path) == (0, "", "")
    assert escape(workshop.title) in html_path.read_text(encoding="utf-8")
    assert run("--db", db, "report", session.code, "--pdf", "-o", pdf_path) == (0, "", "")
    reader = pypdf.PdfReader(pdf_path)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert workshop.title in text
    assert "2 in totaal" in text


def test_report_pdf_refuses_a_terminal(run, db: str, filled, monkeypatch: pytest.MonkeyPatch):
    session, _, _ = filled
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    code, out, err = run("--db", db, "report", session.code, "--pdf")
    assert (code, out) == (2, "")
    assert "-o" in err


def test_report_unknown_code(run, db: str, filled, tmp_path: Path):
    path = tmp_path / "verslag.html"
    code, out, err = run("--db", db, "report", "ZZZZZ", "-o", path)
    assert (code, out) == (2, "")
    assert err.startswith("De code ZZZZZ werkt niet.")
    assert not path.exists()


# --- session new --like --------------------------------------------------------------------


@pytest.fixture
def earlier(db: str):
    """A led session of the shipped workshop with a minimum of 3."""
    store = Store(db)
    session = store.create_session("grondhouding", min_group_size=3)
    store.set_pacing(session.id, Pacing.LED, "mijn-grondhouding")
    store.dispose()
    return session


def new_session(db: str, out: str):
    join_code, _url = out.rstrip("\n").split("\t")
    store = Store(db)
    try:
        session = store.find_session(join_code)
        return session, store.control(session.id)
    finally:
        store.dispose()


def test_session_new_like_takes_workshop_minimum_and_pacing(run, db: str, earlier):
    code, out, err = run("--db", db, "session", "new", "--like", earlier.code)
    assert code == 0
    session, control = new_session(db, out)
    assert session.id != earlier.id
    assert session.code != earlier.code
    assert session.workshop_id == "grondhouding"
    assert session.min_group_size == 3
    assert control.pacing is Pacing.LED
    assert control.current_exercise is None  # the new group starts at the beginning
    assert out.rstrip("\n").endswith(f"/voila/render/grondhouding.ipynb?code={session.code}")
    assert earlier.code in err
    assert "minimale groep 3" in err


def test_session_new_like_with_another_workshop_and_minimum(run, db: str, earlier):
    code, out, _ = run(
        "--db", db, "session", "new", "demo", "--like", earlier.code, "--min-group", "6"
    )
    assert code == 0
    session, control = new_session(db, out)
    assert (session.workshop_id, session.min_group_size) == ("demo", 6)
    assert control.pacing is Pacing.LED


def test_session_new_like_a_self_paced_session(run, db: str):
    store = Store(db)
    old = store.create_session("demo", min_group_size=2)
    store.dispose()
    code, out, _ = run("--db", db, "session", "new", "--like", old.code)
    assert code == 0
    session, control = new_session(db, out)
    assert (session.workshop_id, session.min_group_size) == ("demo", 2)
    assert control.pacing is Pacing.SELF


def test_session_new_like_an_unknown_code(run, db: str, earlier):
    code, out, err = run("--db", db, "session", "new", "--like", "ZZZZZ")
    assert (code, out) == (2, "")
    assert err.startswith("De code ZZZZZ werkt niet.")
    store = Store(db)
    try:
        assert [item.session.id for item in store.list_sessions()] == [earlier.id]
    finally:
        store.dispose()


def test_session_new_needs_a_workshop_or_like(run, db: str):
    code, out, err = run("--db", db, "session", "new")
    assert (code, out) == (2, "")
    assert "--like" in err


# --- files only the user can read ----------------------------------------------------------


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> int:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize("fmt", export.FORMATS)
def test_export_files_are_0600_also_when_overwritten(
    run, db: str, filled, tmp_path: Path, fmt: str
):
    session, _, _ = filled
    path = tmp_path / f"export.{fmt}"
    assert run("--db", db, "export", session.code, "--format", fmt, "-o", path) == (0, "", "")
    assert file_mode(path) == 0o600
    first = path.read_bytes()
    path.write_bytes(b"oud" * 100_000)
    path.chmod(0o644)
    assert run("--db", db, "export", session.code, "--format", fmt, "-o", path) == (0, "", "")
    assert file_mode(path) == 0o600
    assert path.read_bytes() == first or fmt == "xlsx"  # XLSX holds the time it was made
    assert path.stat().st_size == len(first) or fmt == "xlsx"


def test_report_files_are_0600(run, db: str, filled, tmp_path: Path, umask: int):
    session, _, _ = filled
    html_path, pdf_path = tmp_path / "verslag.html", tmp_path / "verslag.pdf"
    html_path.write_text("oud")
    html_path.chmod(0o666)
    assert run("--db", db, "report", session.code, "-o", html_path) == (0, "", "")
    assert file_mode(html_path) == 0o600
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    if umask == 0:  # one PDF is enough, it takes a while
        assert run("--db", db, "report", session.code, "--pdf", "-o", pdf_path) == (0, "", "")
        assert file_mode(pdf_path) == 0o600
        assert pdf_path.read_bytes().startswith(b"%PDF")
