"""The benchmarks' sample group is valid for every type, and the dashboard draws it all."""

from __future__ import annotations

from benchmarks.dashboard_refresh import SAMPLES, fill

from samenspraak.app.dashboard import TrainerDashboard
from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.store import Store

from .helpers import PUBLIC_URL, text_of
from .types import ALL_TYPES


def test_a_whole_group_answers_every_type_and_every_panel_shows_results(store: Store):
    assert set(SAMPLES) == ALL_TYPES
    workshop = load_workshop("demo")
    dashboard = TrainerDashboard(store, {"demo": workshop}, PUBLIC_URL)
    dashboard.min_group.value = 5
    session = dashboard.start_session()
    fill(store, session.code, "demo", people=6)
    view = dashboard.session_view
    assert view.refresh()
    for exercise in workshop.exercises:
        panel = view.panels[exercise.id]
        assert text_of(panel.status.value) == t("dash.answers", count=6), exercise.id
        assert panel.body.children, exercise.id
