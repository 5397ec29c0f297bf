"""The dashboard's accessibility parts as widgets, without a browser: named fields, the jump
list between exercises, the QR code's text alternative and where the focus goes around the
presenter view. (The browser tests beside this file check the page itself.)"""

from __future__ import annotations

import ipywidgets as widgets

from samenspraak.core.messages import t
from samenspraak.core.records import Pacing

from ..helpers import demo_dashboard, walk


def test_every_field_of_the_start_screen_has_a_visible_label(store) -> None:
    dashboard, _session = demo_dashboard(store, 3)
    fields = [
        w
        for w in walk(dashboard.start_area)
        if isinstance(w, widgets.Dropdown | widgets.BoundedIntText | widgets.Text)
    ]
    assert len(fields) == 4
    assert all(field.description for field in fields), [type(f).__name__ for f in fields]


def test_the_jump_list_shows_one_block_and_follows_the_room(store) -> None:
    dashboard, _session = demo_dashboard(store, 3)
    view = dashboard.session_view
    ids = list(view.blocks)
    assert view.jump.description == t("dash.jump")
    assert [value for _label, value in view.jump.options][1:] == ids

    def shown() -> list[str]:
        return [i for i, block in view.blocks.items() if block.layout.display != "none"]

    assert shown() == ids  # at first: every exercise, one long page
    view.jump.value = ids[1]
    assert shown() == [ids[1]]
    # Leading the room to the next exercise takes the jump list along.
    view.store.set_pacing(view.session.id, Pacing.LED, ids[1])
    view.refresh(force=True)
    view.open_neighbour(1)
    assert shown() == [ids[2]]
    assert view.jump.value == ids[2]
    view.go_to(None)
    assert shown() == ids
    view.open_neighbour(1)  # every exercise shown: that stays so
    assert shown() == ids


def test_the_qr_code_has_a_text_alternative_with_the_link(store) -> None:
    dashboard, session = demo_dashboard(store, 3)
    images = [
        w.value
        for w in walk(dashboard.session_view)
        if "ss-qr-code" in getattr(w, "_dom_classes", ())
    ]
    assert len(images) == 2  # the header's, and the presenter view's
    for html in images:
        assert "<img " in html
        assert f"code={session.code}" in html.split('alt="', 1)[1]


def test_the_focus_moves_into_the_presenter_view_and_back(store, monkeypatch) -> None:
    dashboard, _session = demo_dashboard(store, 3)
    view = dashboard.session_view
    focused: list[widgets.Widget] = []

    def focus(button: widgets.Button) -> None:  # what the browser would be told
        focused.append(button)

    monkeypatch.setattr(widgets.Button, "focus", focus)
    first, second = list(view.blocks.values())[:2]
    view.present(first)
    assert focused == [view.presenter.back]
    view.presenter.step(1)  # the next panel: the focus stays on the button pressed
    assert view.presenter.current is second
    assert focused == [view.presenter.back]
    view.presenter.close_view()
    assert focused == [view.presenter.back, first.present]
