"""Files with personal data: 0600 files and 0700 folders, whatever the umask."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from samenspraak.core.files import private_dir, private_sqlite_file, write_private


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> int:
    """The process's umask for the test, the usual one and the most open one."""
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


# --- write_private -------------------------------------------------------------------------


def test_a_new_file_is_0600(tmp_path: Path, umask: int):
    path = tmp_path / "export.xlsx"
    write_private(path, b"PK\x03\x04")
    assert path.read_bytes() == b"PK\x03\x04"
    assert mode(path) == 0o600


def test_text_is_written_in_the_encoding_given(tmp_path: Path, umask: int):
    write_private(tmp_path / "a.html", "één")
    write_private(tmp_path / "a.csv", "één", encoding="utf-8-sig")
    assert (tmp_path / "a.html").read_bytes() == "één".encode()
    assert (tmp_path / "a.csv").read_bytes() == b"\xef\xbb\xbf" + "één".encode()


def test_an_existing_readable_file_is_emptied_and_made_0600(tmp_path: Path, umask: int):
    path = tmp_path / "verslag.html"
    path.write_text("a much longer old content that must not survive")
    path.chmod(0o666)
    write_private(path, "nieuw")
    assert path.read_text() == "nieuw"
    assert mode(path) == 0o600


def test_a_device_keeps_its_mode(umask: int):
    """``-o /dev/stdout`` writes to the terminal without changing the terminal's mode."""
    main, other = os.openpty()
    try:
        name = os.ttyname(other)
        before = mode(name)
        write_private(name, b"hallo")
        assert os.read(main, 100) == b"hallo"
        assert mode(name) == before
    finally:
        os.close(main)
        os.close(other)


def test_a_missing_folder_is_an_error_not_created(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        write_private(tmp_path / "nergens" / "export.csv", "x")
    assert not (tmp_path / "nergens").exists()


# --- private_dir ---------------------------------------------------------------------------


def test_private_dir_makes_every_new_folder_0700(tmp_path: Path, umask: int):
    tmp_path.chmod(0o755)
    path = tmp_path / "a" / "b" / "c"
    assert private_dir(path) == path
    assert path.is_dir()
    for folder in (tmp_path / "a", tmp_path / "a" / "b", path):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path) == 0o755  # it was there: left alone


def test_private_dir_leaves_existing_folders_alone(tmp_path: Path, umask: int):
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp
    private_dir(shared)
    assert mode(shared) == 0o1777
    private_dir(shared / "eigen")
    assert mode(shared) == 0o1777
    assert mode(shared / "eigen") == 0o700


def test_private_dir_refuses_a_file(tmp_path: Path):
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(FileExistsError):
        private_dir(tmp_path / "bestand")
    with pytest.raises((NotADirectoryError, FileNotFoundError)):
        private_dir(tmp_path / "bestand" / "map")


# --- private_sqlite_file -------------------------------------------------------------------


def test_sqlite_file_is_created_empty_0600_in_a_0700_folder(tmp_path: Path, umask: int):
    path = tmp_path / "data" / "samenspraak" / "results.sqlite"
    private_sqlite_file(path)
    assert path.read_bytes() == b""
    assert mode(path) == 0o600
    assert mode(path.parent) == mode(path.parent.parent) == 0o700


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_sqlite_makes_its_side_files_with_the_mode_of_the_database(
    tmp_path: Path, umask: int, journal: str
):
    """SQLite gives ``-wal``, ``-shm`` and ``-journal`` the database file's own mode."""
    path = tmp_path / "results.sqlite"
    private_sqlite_file(path)
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA journal_mode={journal}")
        if journal == "delete":
            db.execute("PRAGMA journal_mode=persist")  # keep the journal to look at it
        db.execute("CREATE TABLE answers (text)")
        db.execute("INSERT INTO answers VALUES ('geheim')")
        db.commit()
        side = ["-wal", "-shm"] if journal == "wal" else ["-journal"]
        with contextlib.closing(sqlite3.connect(path)) as reader:
            assert reader.execute("SELECT text FROM answers").fetchall() == [("geheim",)]
            files = [path, *(Path(f"{path}{suffix}") for suffix in side)]
            assert {f.name: mode(f) for f in files} == dict.fromkeys((f.name for f in files), 0o600)


def test_an_existing_database_is_left_as_it_is(tmp_path: Path, umask: int):
    path = tmp_path / "results.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE t (x)")
        db.commit()
    path.chmod(0o640)
    content = path.read_bytes()
    private_sqlite_file(path)
    assert path.read_bytes() == content
    assert mode(path) == 0o640


@pytest.mark.parametrize("name", ["", ":memory:"])
def test_in_memory_databases_are_no_files(tmp_path: Path, name: str, monkeypatch):
    monkeypatch.chdir(tmp_path)
    private_sqlite_file(name)
    assert list(tmp_path.iterdir()) == []
