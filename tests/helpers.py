"""Helpers the tests share: reading widgets, writing content, joining pages, reading the store.

No test data lives here: each test file keeps its own workshops, answers and expected numbers.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as widgets
import pytest
import sqlalchemy as sa

from samenspraak import catalog
from samenspraak.app.dashboard import TrainerDashboard
from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.content import ContentError, WorkshopBase
from samenspraak.core.records import Answer, Role, Session
from samenspraak.core.store import Store
from samenspraak.exercises._shared.base import AnswerForm

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content"
PUBLIC_URL = "http://test:8866"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

W = TypeVar("W", bound=widgets.Widget)
F = TypeVar("F", bound=AnswerForm)


# --- widgets -------------------------------------------------------------------------------


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and everything inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_of(widget: widgets.Widget) -> str:
    """All markup of every ``HTML`` widget inside ``widget``, as the browser would get it."""
    return "\n".join(w.value for w in walk(widget) if isinstance(w, widgets.HTML))


def text_of(markup: str) -> str:
    """What a reader sees of some markup: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def status(form: AnswerForm) -> str:
    """The text of a form's status line."""
    return text_of(form.status.value)


def shown(widget: widgets.Widget) -> bool:
    """Whether the widget is not hidden with ``display: none``."""
    return widget.layout.display != "none"


def with_class(widget: widgets.Widget, css: str, widget_type: type[W] = widgets.Widget) -> list[W]:
    """The widgets of ``widget_type`` in ``widget`` (itself included) with the CSS class."""
    return [
        w
        for w in walk(widget)
        if isinstance(w, widget_type) and css in getattr(w, "_dom_classes", ())
    ]


def buttons(widget: widgets.Widget, css: str) -> list[widgets.Button]:
    """The buttons inside ``widget`` that carry the CSS class."""
    return with_class(widget, css, widgets.Button)


def first_with_class(widget: widgets.Widget, css: str, widget_type: type[W] = widgets.Widget) -> W:
    """The first widget of ``widget_type`` inside ``widget`` that carries the CSS class."""
    found = with_class(widget, css, widget_type)
    assert found, f"no widget with class {css!r}"
    return found[0]


# --- answers -------------------------------------------------------------------------------


def make_answer(
    exercise_id: str,
    value: Any,
    pseudonym: str = "p-1",
    role: Role = Role.PROFESSIONAL,
    at: datetime | None = None,
) -> Answer:
    """An answer in round 1 as the store gives it back, saved ``at`` (by default now)."""
    at = at or datetime.now(UTC)
    return Answer(pseudonym, role, exercise_id, 1, value, at, at)


# --- content files -------------------------------------------------------------------------


def workshop_yaml(
    exercises: str,
    *,
    title: str = "Mini",
    description: str = "Een kleine workshop.",
    source: str = "bron",
) -> str:
    """A small workshop: a nine-line header with one source, then ``exercises`` from line 10."""
    source_title = source.replace("-", " ").capitalize()
    return (
        f"id: mini\ntitle: {title}\ndescription: {description}\nduration_minutes: 30\n"
        f"sources:\n  - id: {source}\n    title: {source_title}\n    publisher: Uitgever\n"
        f"exercises:\n{exercises}"
    )


def replace_once(text: str, *pairs: str) -> str:
    """``text`` with ``old, new`` pairs replaced; each ``old`` must occur exactly once."""
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def write_yaml(tmp_path: Path, text: str, name: str = "mini.yaml") -> Path:
    """The content file ``name`` in ``tmp_path``, holding ``text``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, name: str = "mini.yaml") -> WorkshopBase:
    """The workshop that ``text`` describes, read from a file as ``samenspraak check`` would."""
    return catalog.load_file(write_yaml(tmp_path, text, name))


def check_lines(tmp_path: Path, text: str) -> tuple[Path, list[str]]:
    """The one file ``text`` was written to, and each problem ``catalog.check`` prints for it."""
    path = write_yaml(tmp_path, text)
    count, found = catalog.check([path])
    assert count == 1
    return path, [str(p) for p in found]


def problems(tmp_path: Path, text: str, name: str = "mini.yaml") -> list[tuple[int, str, str]]:
    """The problems loading ``text`` reports, as ``(line, field, message)``; each names the file."""
    path = write_yaml(tmp_path, text, name)
    with pytest.raises(ContentError) as info:
        catalog.load_file(path)
    found = info.value.problems
    assert found, "a ContentError always carries problems"
    assert all(p.path == path for p in found)
    return [(p.line, p.field, p.message) for p in found]


# --- pages and dashboards ------------------------------------------------------------------


def submit_join(
    page: WorkshopPage, role: str | None, *, personal: str = "", check: bool = True
) -> WorkshopPage:
    """``page`` after joining through its join panel: with ``role``, or a personal code."""
    page.join_panel.role.value = None if personal else role
    page.join_panel.personal.value = personal
    page.join_panel.button.click()
    if check:
        assert page.participant is not None, text_of(page.join_panel.message.value)
    return page


def join_page(
    workshop: WorkshopBase,
    store: Store,
    code: str,
    role: str | None,
    *,
    personal: str = "",
    show: Iterable[str] = (),
    check: bool = True,
) -> WorkshopPage:
    """A page on ``workshop`` with the exercises in ``show`` built, then joined with ``code``."""
    page = WorkshopPage(workshop, store, code=code)
    for exercise_id in show:
        page.show(exercise_id)
    return submit_join(page, role, personal=personal, check=check)


def join_form(
    store: Store,
    code: str,
    exercise_id: str,
    form_type: type[F],
    role: str | None = "professional",
    *,
    personal: str = "",
) -> tuple[WorkshopPage, F]:
    """A joined page on the demo workshop and its form of ``exercise_id``, built before joining."""
    page = join_page(
        load_workshop("demo"), store, code, role, personal=personal, show=[exercise_id]
    )
    form = page.show(exercise_id)
    assert isinstance(form, form_type)
    return page, form


def demo_dashboard(store: Store, min_group: int) -> tuple[TrainerDashboard, Session]:
    """A trainer's dashboard on the demo workshop and the session it started for ``min_group``."""
    dashboard = TrainerDashboard(store, {"demo": load_workshop("demo")}, PUBLIC_URL)
    dashboard.workshop.value = "demo"
    dashboard.min_group.value = min_group
    return dashboard, dashboard.start_session()


def run_python(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A fresh Python run with ``args``, its output captured as text, for at most two minutes."""
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


HEAVY_MODULES = ("pandas", "matplotlib", "numpy", "PIL", "wordcloud", "stopwordsiso", "alembic")


def modules_in_fresh_python(script: str) -> set[str]:
    """The names in ``sys.modules`` once a fresh Python has run ``script``."""
    report = "import sys\nprint(' '.join(sorted(sys.modules)))\n"
    result = run_python("-c", f"{script}\n{report}")
    assert result.returncode == 0, result.stdout + result.stderr
    return set(result.stdout.split())


def heavy_modules_after(script: str, cwd: Path) -> str:
    """The line ``heavy: [...]`` a fresh Python prints of the heavy modules ``script`` imported.

    The default store is migrated first, as `samenspraak serve` does before any kernel starts:
    a kernel's ``Store()`` then finds the schema current and never imports Alembic."""
    Store().dispose()
    report = "import sys\nprint('heavy:', sorted(m for m in HEAVY if m in sys.modules))\n"
    result = run_python("-c", f"{script}\nHEAVY = {HEAVY_MODULES!r}\n{report}", cwd=cwd)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.splitlines()[-1]


# --- the store -----------------------------------------------------------------------------


def db_path(store: Store) -> Path:
    """The SQLite file behind ``store``."""
    return Path(sa.make_url(store.url).database)


@contextlib.contextmanager
def write_locked(store: Store) -> Iterator[None]:
    """Another process holds the write lock of the SQLite file (as a long write would)."""
    other = sqlite3.connect(db_path(store), isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def db_rows(store: Store, sql: str, *params: Any) -> list[tuple]:
    """Rows read straight from the SQLite file, past the Store, to see what really reached it."""
    with contextlib.closing(sqlite3.connect(db_path(store))) as db:
        return db.execute(sql, params).fetchall()


def answer_rows(store: Store, exercise_id: str | None = None) -> list[tuple[int, str, Any]]:
    """``(participant id, exercise id, value)`` of every stored answer, or one exercise's."""
    sql = "SELECT participant_id, exercise_id, value FROM answers"
    params: tuple = ()
    if exercise_id is not None:
        sql += " WHERE exercise_id = ?"
        params = (exercise_id,)
    return [(pid, eid, json.loads(value)) for pid, eid, value in db_rows(store, sql, *params)]


def saved_value(store: Store, session_id: int, exercise_id: str, page: WorkshopPage) -> Any:
    """What the person on ``page`` saved for the exercise, through the Store; None if nothing."""
    for saved in store.answers(session_id, exercise_id):
        if saved.pseudonym == page.participant.pseudonym:
            return saved.value
    return None


# --- exercises on paper --------------------------------------------------------------------


def demo_exercise(type_name: str) -> Any:
    """The demo workshop's exercise of this type."""
    return next(e for e in load_workshop("demo").exercises if e.type == type_name)


def assert_no_form_controls(html: str) -> None:
    """Static HTML: nothing to click or type in."""
    assert "<button" not in html
    assert "<input" not in html
    assert "<textarea" not in html
