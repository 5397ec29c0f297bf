"""What the participant server hands its kernels: parsed workshops, read texts, and a kernel
without debugger. Real files, a real fresh Python and a real kernel; nothing is mocked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

from samenspraak import catalog
from samenspraak.core import messages
from samenspraak.core.content import content_dir
from samenspraak.page_template import jupyter_path
from samenspraak.participant_kernel import KERNEL_NAME

from .helpers import modules_in_fresh_python, run_python

CONTENT = content_dir()
READERS = {"yaml", "babel"}  # what reading a workshop file and a catalogue imports


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the kit's content, used by this process and any Python it starts."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    monkeypatch.setenv("SAMENSPRAAK_CONTENT", str(copy))
    return copy


@pytest.fixture
def prepared(content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = catalog.prepare_for_kernels(content)
    monkeypatch.setenv(messages.PREPARED_ENV, str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _title_in_fresh_python(workshop_id: str) -> str:
    result = run_python(
        "-c",
        "from samenspraak.catalog import load_workshop\n"
        f"print(load_workshop({workshop_id!r}).title)",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_folder_is_private_and_holds_every_workshop_and_the_texts(prepared: Path):
    assert prepared.stat().st_mode & 0o077 == 0  # only this user reads or writes it
    names = sorted(p.name.split("-")[0] for p in prepared.glob("*.pickle"))
    assert names == sorted(p.stem.split("-")[0] for p in catalog.workshop_files())
    assert (prepared / "texts-nl.json").is_file()


def test_a_kernel_gets_the_same_workshop_without_reading_files_or_catalogues(prepared: Path):
    script = (
        "from samenspraak.app import WorkshopPage\n"
        "page = WorkshopPage.open('grondhouding')\n"
        "print(page.workshop.model_dump_json())\n"
        "page.all_exercises()\n"  # every form of the workshop builds from it
    )
    loaded = modules_in_fresh_python(script)
    assert not {m for m in loaded if m.split(".")[0] in READERS}
    result = run_python("-c", script)
    assert result.returncode == 0, result.stderr
    parsed = catalog.parse_workshop(
        (CONTENT / "grondhouding.yaml").read_text(encoding="utf-8"),
        CONTENT / "grondhouding.yaml",
        [t.schema for t in catalog.exercise_types().values()],
        {theme.id for theme in catalog.load_themes(CONTENT)},
    )
    assert result.stdout.splitlines()[0] == parsed.model_dump_json()


def test_a_workshop_edited_after_the_server_started_is_read_again(prepared: Path, content: Path):
    path = content / "grondhouding.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", "title: Grondhouding, nieuw", text, count=1))
    assert _title_in_fresh_python("grondhouding") == "Grondhouding, nieuw"


def test_a_changed_theme_list_makes_every_workshop_be_read_again(prepared: Path, content: Path):
    themes = content / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    loaded = modules_in_fresh_python(
        "from samenspraak.catalog import load_workshop\nload_workshop('partnerschap')"
    )
    assert "yaml" in loaded  # parsed from the file, not taken from the folder


def test_a_broken_workshop_is_left_out_and_its_kernel_shows_the_problems(
    content: Path, monkeypatch: pytest.MonkeyPatch
):
    broken = content / "grondhouding.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    folder = catalog.prepare_for_kernels(content)
    monkeypatch.setenv(messages.PREPARED_ENV, str(folder))
    assert not list(folder.glob("grondhouding-*.pickle"))
    assert list(folder.glob("partnerschap-*.pickle"))
    result = run_python(
        "-c", "from samenspraak.catalog import load_workshop\nload_workshop('grondhouding')"
    )
    assert result.returncode != 0
    assert "grondhouding.yaml" in result.stderr
    assert "titel" in result.stderr


def test_a_changed_catalogue_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "own"
    folder.mkdir()
    po = folder / "nl.po"
    po.write_text('msgid "own.hello"\nmsgstr "Hallo"\n', encoding="utf-8")
    files = [po]
    current = {"stamp": messages.stamp(files), "texts": {"own.hello": "Hallo (klaar)"}}
    monkeypatch.setattr(messages, "_prepared", {str(folder): current})
    assert messages._texts_of(folder) == {"own.hello": "Hallo (klaar)"}  # taken as handed over
    po.write_text('msgid "own.hello"\nmsgstr "Goedendag"\n', encoding="utf-8")
    os.utime(po, ns=(1, 1))  # a different size and time: changed
    assert messages._texts_of(folder) == {"own.hello": "Goedendag"}


def test_the_participant_kernel_runs_a_page_without_debugger_or_history(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("JUPYTER_PATH", jupyter_path())
    manager = KernelManager(kernel_name=KERNEL_NAME)
    manager.start_kernel()
    try:
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        seen: list[str] = []

        def keep(message: dict) -> None:
            if message["msg_type"] == "stream":
                seen.append(message["content"]["text"])

        code = (
            "import sys\n"
            "import ipywidgets\n"
            "ipywidgets.Text(value='x')\n"
            "print(sys.modules.get('debugpy'), get_ipython().history_manager.enabled)"
        )
        reply = client.execute_interactive(code, timeout=60, output_hook=keep)
        client.stop_channels()
    finally:
        manager.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok"
    assert "".join(seen).split() == ["None", "False"]


# --- folders left by a killed server -----------------------------------------------------


def test_a_new_server_removes_the_folders_of_servers_that_are_gone(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(gone.stdout)  # that Python has exited
    stale = temp / f"{catalog.PREPARED_PREFIX}{dead_pid}-abc"
    alive = temp / f"{catalog.PREPARED_PREFIX}{os.getppid()}-def"  # a server still running
    unnamed = temp / f"{catalog.PREPARED_PREFIX}xyz"  # no process id: not ours to judge
    for folder in (stale, alive, unnamed):
        folder.mkdir()
        (folder / "workshop.pickle").write_bytes(b"...")

    folder = catalog.prepare_for_kernels(content)

    assert not stale.exists()
    assert alive.exists()
    assert unnamed.exists()
    assert folder.parent == temp
    assert folder.name.startswith(f"{catalog.PREPARED_PREFIX}{os.getpid()}-")
    # A second server beside this one keeps this one's folder.
    assert catalog.remove_stale_prepared() == []
    assert folder.exists()
