"""A new exercise type is one folder: ``tests/duim`` exists only here, names itself nowhere else,
and still shows up in the content check, the participant's page, the trainer's dashboard, the
guide and the session report."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from samenspraak import catalog
from samenspraak.app.dashboard import TrainerDashboard
from samenspraak.app.participant import WorkshopPage
from samenspraak.app.style import stylesheet
from samenspraak.core.content import WorkshopBase
from samenspraak.core.messages import t
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_types, registry
from samenspraak.render.guide import guide_html
from samenspraak.render.report import report_html

from .helpers import PUBLIC_URL, submit_join, text_of, workshop_yaml, write_yaml

DUIM_EXERCISE = """\
  - id: duim-luisteren
    type: duim
    title: Voelde je je gehoord?
    question: Voelde je je gehoord door de professional?
    sources: [bron]
"""


@pytest.fixture
def duim(monkeypatch: pytest.MonkeyPatch) -> registry.ExerciseType:
    """The test type registered for one test; the kit's own list is back afterwards."""
    registry.exercise_types()  # the kit's own types found first, so the copy holds them
    monkeypatch.setattr(registry, "_TYPES", dict(registry._TYPES))
    model = importlib.import_module("tests.duim.model")
    return registry.register(model.DUIM)


@pytest.fixture
def workshop(duim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WorkshopBase:
    content = tmp_path / "content"
    content.mkdir()
    write_yaml(content, workshop_yaml(DUIM_EXERCISE), "mini.yaml")
    monkeypatch.setenv("SAMENSPRAAK_CONTENT", str(content))
    return catalog.load_workshop("mini")


def test_the_type_is_one_folder_named_nowhere_else(duim) -> None:
    assert "duim" in exercise_types()
    assert duim.folder == Path(__file__).parent / "duim"
    assert {p.name for p in duim.folder.iterdir() if p.is_file()} >= {
        "model.py",
        "view.py",
        "nl.po",
        "style.css",
    }
    package = Path(__file__).resolve().parents[1] / "widgets" / "samenspraak"
    naming = [p for p in package.rglob("*") if p.is_file() and b"duim" in p.read_bytes()]
    assert naming == []


def test_the_content_check_knows_it(workshop, tmp_path: Path) -> None:
    assert workshop.exercises[0].type == "duim"
    broken = write_yaml(tmp_path, workshop_yaml(DUIM_EXERCISE.replace("    question:", "    q:")))
    count, problems = catalog.check([broken])
    assert count == 1
    lines = [str(p) for p in problems]
    assert any("mini.yaml:" in line and "question" in line for line in lines), lines


def test_participants_answer_it_and_the_dashboard_shows_it(workshop, store: Store) -> None:
    session = store.create_session("mini", min_group_size=2)
    for thumb in ("op", "op", "neer"):
        page = WorkshopPage(workshop, store, code=session.code)
        submit_join(page, "professional")
        form = page.form("duim-luisteren")
        assert type(form).__name__ == "DuimForm"
        form.thumb.value = thumb
        assert form.submit(), text_of(form.status.value)
    assert ".ss-duim-question" in stylesheet().value

    dashboard = TrainerDashboard(store, {"mini": workshop}, PUBLIC_URL)
    dashboard.workshop.value = "mini"
    dashboard.show_session(session)
    panel = dashboard.session_view.panels["duim-luisteren"]
    shown = text_of(panel.body.children[0].value)
    assert "Duim omhoog" in shown
    assert "2 (67%)" in shown


def test_the_guide_and_the_report_describe_it(workshop, store: Store) -> None:
    assert t("duim.guide_task") in guide_html(workshop)
    session = store.create_session("mini", min_group_size=1)
    page = WorkshopPage(workshop, store, code=session.code)
    submit_join(page, "ouder")
    page.form("duim-luisteren").thumb.value = "neer"
    assert page.form("duim-luisteren").submit()
    report = report_html(store, session)
    assert "Voelde je je gehoord door de professional?" in report
    assert 'class="ss-duim"' in report
    assert "Duim omlaag" in report
