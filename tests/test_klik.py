"""``klik``: the schema, ``check_answer``, ``summarize`` (mean, population SD, range, counts),
the sliders on a real store and the trainer's panel."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

import pytest

from samenspraak.app.participant import WorkshopPage
from samenspraak.catalog import load_workshop
from samenspraak.core.answers import AnswerProblem
from samenspraak.core.messages import t
from samenspraak.core.records import Answer, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises._shared.base import ResultsPanel
from samenspraak.exercises.klik.model import (
    ItemResult,
    Klik,
    KlikSummary,
    check_answer,
    render_html,
    summarize,
)
from samenspraak.exercises.klik.view import KlikForm

from .helpers import (
    demo_dashboard,
    html_of,
    join_form,
    load,
    make_answer,
    problems,
    replace_once,
    saved_value,
    status,
    text_of,
    workshop_yaml,
)
from .panel_html import snapshot_html

EXERCISE_ID = "demo-klik"
SCRIPT = "<script>alert(1)</script>"

# --- helpers -------------------------------------------------------------------------------


def exercise(labels: tuple[str, ...] = ("Gehoord", "Onderwerp", "Aanpak")) -> Klik:
    items = [
        {"id": f"item-{n}", "label": label, "left": f"niet {n}", "right": f"wel {n}"}
        for n, label in enumerate(labels)
    ]
    base = {"id": "klik", "type": "klik", "title": "Klik", "sources": ["bron"]}
    return Klik(**{**base, "prompt": "Hoe was het?", "items": items})


def answer(scores: Any, pseudonym: str = "p-1") -> Answer:
    return make_answer("klik", {"scores": scores}, pseudonym, Role.OUDER)


def scores(*values: int) -> dict[str, int]:
    return {f"item-{n}": value for n, value in enumerate(values)}


def join(
    store: Store, code: str, role: str = "ouder", *, personal: str = ""
) -> tuple[WorkshopPage, KlikForm]:
    return join_form(store, code, EXERCISE_ID, KlikForm, role, personal=personal)


def stored(store: Store, session_id: int, page: WorkshopPage) -> Any:
    return saved_value(store, session_id, EXERCISE_ID, page)


# --- schema --------------------------------------------------------------------------------

WORKSHOP = workshop_yaml("""\
  - id: klik
    type: klik
    title: Klik-check
    sources: [bron]
    prompt: Hoe was het gesprek?
    items:
      - id: gehoord
        label: Gehoord
        left: Niet gehoord
        right: Goed gehoord
      - id: onderwerp
        label: Onderwerp
        left: Niet over mijn vraag
        right: Over mijn vraag
      - id: samen
        label: Samen
        left: Niet goed
        right: Goed
""")
# 10 - id: klik   15 items:   16 - id: gehoord (the list node)   17 label   18 left
# 19 right   20 - id: onderwerp   21 label   24 - id: samen   26 left   27 right


def test_the_template_is_valid(tmp_path: Path):
    loaded = load(tmp_path, WORKSHOP).exercise("klik")
    assert [i.id for i in loaded.items] == ["gehoord", "onderwerp", "samen"]
    assert loaded.items[0].right == "Goed gehoord"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        label: Gehoord\n",
            "        label: " + "x" * 41 + "\n",
            (17, "items[0].label", "te lang: maximaal 40 tekens"),
        ),
        (
            "        left: Niet gehoord\n",
            "        left: " + "x" * 61 + "\n",
            (18, "items[0].left", "te lang: maximaal 60 tekens"),
        ),
        (
            "        right: Goed gehoord\n",
            "        right: " + "x" * 61 + "\n",
            (19, "items[0].right", "te lang: maximaal 60 tekens"),
        ),
        ("        right: Goed gehoord\n", "", (16, "items[0].right", "dit veld ontbreekt")),
        (
            "        label: Gehoord\n",
            '        label: " "\n',
            (17, "items[0].label", "mag niet leeg zijn"),
        ),
        (
            "      - id: samen\n        label: Samen\n"
            "        left: Niet goed\n        right: Goed\n",
            "",
            (16, "items", "te weinig: minimaal 3"),
        ),
        (
            "      - id: samen\n",
            "      - id: gehoord\n",
            (24, "items[2].id", "de id gehoord komt vaker voor in deze klik-check"),
        ),
        ("    items:\n", "    scale: 7\n    items:\n", (15, "scale", t("content.extra"))),
        ("    prompt: Hoe was het gesprek?\n", "", (10, "prompt", "dit veld ontbreekt")),
    ],
)
def test_schema_problems_name_line_field_and_message(tmp_path, old, new, expected):
    line, field, message = expected
    found = problems(tmp_path, replace_once(WORKSHOP, old, new))
    assert found == [(line, f"exercises[0].{field}", message)]


def test_at_most_six_items(tmp_path):
    extra = "".join(
        f"      - id: extra-{n}\n        label: E{n}\n        left: L\n        right: R\n"
        for n in range(4)
    )
    assert problems(tmp_path, WORKSHOP + extra) == [
        (16, "exercises[0].items", "te veel: maximaal 6")
    ]


def test_the_demo_has_four_own_sliders_and_cites_the_srs():
    demo = load_workshop("demo").exercise(EXERCISE_ID)
    assert demo.type == "klik"
    assert demo.intro.startswith("**Type klik.**")
    assert "session-rating-scale" in demo.sources
    assert len(demo.items) == 4
    assert demo.trainer_notes
    # Own items: none of the Session Rating Scale's English anchor wording.
    texts = " ".join(f"{i.label} {i.left} {i.right}" for i in demo.items).lower()
    for srs_phrase in ("heard, understood", "respected", "approach", "something missing"):
        assert srs_phrase not in texts


# --- check_answer --------------------------------------------------------------------------


def test_every_item_scored_is_kept():
    assert check_answer(exercise(), {"scores": scores(0, 5, 10)}) == {"scores": scores(0, 5, 10)}


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, "Gehoord, Onderwerp, Aanpak"),
        (scores(3, 4), "Aanpak"),
        (scores(11, 4, 4), "Gehoord"),
        (scores(-1, 4, 4), "Gehoord"),
        (scores(5, True, 4), "Onderwerp"),
        (scores(5, 4, 4) | {"item-2": 4.0}, "Aanpak"),
        (scores(5, 4, 4) | {"item-2": "4"}, "Aanpak"),
        (scores(5, 4, 4) | {"item-0": None, "item-2": [4]}, "Gehoord, Aanpak"),
    ],
)
def test_missing_or_wrong_scores_name_the_sliders(given, missing):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), {"scores": given})
    assert info.value.message == t("klik.incomplete", missing=missing)
    assert info.value.message.startswith("Zet elk schuifje op een getal van 0 tot 10.")


@pytest.mark.parametrize(
    "value",
    [
        None,
        "5",
        [5, 5, 5],
        {},
        {"scores": None},
        {"scores": [5, 5, 5]},
        {"scores": "vijf"},
        {"scores": scores(5, 5, 5) | {"onbekend": 5}},
        {"scores": scores(5, 5, 5) | {SCRIPT: 5}},
        {"scores": scores(5, 5, 5) | {"moeder@example.nl": 5}},
        {"scores": scores(5, 5, 5) | {"🙂": 5}},
    ],
)
def test_garbage_and_unknown_items_are_refused(value):
    with pytest.raises(AnswerProblem) as info:
        check_answer(exercise(), value)
    assert info.value.message == t("klik.broken")


# --- summarize -----------------------------------------------------------------------------


def test_summarize_by_hand():
    answers = [
        answer(scores(7, 10, 5), "p-1"),
        answer(scores(9, 10, 5), "p-2"),
        answer(scores(5, 0, 5), "p-3"),
        answer(scores(3, 10, 5), "p-4"),
    ]
    summary = summarize(exercise(), answers)
    assert summary.respondents == 4
    first, second, third = summary.items
    # item 0: mean 6; deviations 1, 3, -1, -3; population variance 20 / 4 = 5; SD √5 = 2.236
    assert first == ItemResult(
        id="item-0",
        label="Gehoord",
        left="niet 0",
        right="wel 0",
        count=4,
        mean=6.0,
        sd=2.24,
        low=3,
        high=9,
        counts=(0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0),
    )
    assert math.isclose(first.sd, math.sqrt(5), abs_tol=0.005)
    # item 1: 10, 10, 0, 10: mean 7.5; variance (6.25 * 3 + 56.25) / 4 = 18.75; SD 4.33
    assert (second.mean, second.sd, second.low, second.high) == (7.5, 4.33, 0, 10)
    assert second.counts == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3)
    # item 2: everyone 5
    assert (third.mean, third.sd, third.low, third.high) == (5.0, 0.0, 5, 5)
    assert third.counts[5] == 4


def test_summarize_skips_broken_answers_and_handles_none():
    answers = [answer(scores(8, 8, 8)), answer({"item-0": 3}), answer("rommel")]
    summary = summarize(exercise(), answers)
    assert summary.respondents == 1
    assert summary.items[0].mean == 8.0
    empty = summarize(exercise(), [])
    assert empty.respondents == 0
    assert [(i.count, i.mean, i.counts) for i in empty.items] == [(0, 0.0, (0,) * 11)] * 3


# --- the participant's view ----------------------------------------------------------------


def test_sliders_start_at_five_and_untouched_ones_are_marked(store, session):
    page, form = join(store, session.code)
    items = form.exercise.items
    assert list(form.sliders) == [i.id for i in items]
    assert [(s.min, s.max, s.value) for s in form.sliders.values()] == [(0, 10, 5)] * 4
    markup = html_of(form)
    for item in items:  # both anchors are on the page, with what 0 and 10 mean
        assert f"0 = {html.escape(item.left)}" in markup
        assert f"10 = {html.escape(item.right)}" in markup
    assert all("ss-klik-untouched" in box._dom_classes for box in form.boxes.values())
    assert text_of(form.values["gehoord"].value) == t("klik.untouched")
    labels = ", ".join(i.label for i in items)
    assert text_of(form.note.value) == t("klik.untouched_note", labels=labels)

    form.sliders["gehoord"].value = 8
    assert "ss-klik-untouched" not in form.boxes["gehoord"]._dom_classes
    assert text_of(form.values["gehoord"].value) == "Jouw keuze: 8"
    assert "ss-klik-untouched" in form.boxes["aanpak"]._dom_classes
    assert form.untouched() == ["wat-telt", "aanpak", "alles-samen"]
    assert items[0].label not in text_of(form.note.value)

    # 5 is a valid answer: saving with untouched sliders works
    form.save_button.click()
    assert status(form) == t("answer.saved")
    assert stored(store, session.id, page) == {
        "scores": {"gehoord": 8, "wat-telt": 5, "aanpak": 5, "alles-samen": 5}
    }

    form.sliders["aanpak"].value = 2
    assert status(form) == t("answer.unsaved")
    form.sliders["aanpak"].value = 5  # back on 5, but now chosen
    assert "ss-klik-untouched" not in form.boxes["aanpak"]._dom_classes
    form.sliders["wat-telt"].value = 0
    form.sliders["alles-samen"].value = 10
    assert form.note.value == ""
    form.save_button.click()
    assert status(form) == t("answer.updated")
    assert stored(store, session.id, page)["scores"] == {
        "gehoord": 8,
        "wat-telt": 0,
        "aanpak": 5,
        "alles-samen": 10,
    }


def test_rejoining_restores_the_scores_and_counts_them_as_chosen(store, session):
    page, form = join(store, session.code)
    form.sliders["gehoord"].value = 9
    form.save_button.click()

    _again, form2 = join(store, session.code, personal=page.participant.personal_code)
    assert {k: s.value for k, s in form2.sliders.items()} == {
        "gehoord": 9,
        "wat-telt": 5,
        "aanpak": 5,
        "alles-samen": 5,
    }
    assert form2.untouched() == []
    assert status(form2) == t("answer.restored")


def test_before_joining_nothing_is_saved(store):
    page = WorkshopPage(load_workshop("demo"), store)
    form = page.show(EXERCISE_ID)
    form.save_button.click()
    assert status(form) == t("join.first")


# --- the trainer's panel -------------------------------------------------------------------


def klik_panel(ex: Klik) -> ResultsPanel:
    return exercise_type("klik").dashboard_panel(ex)


def result_attrs(panel: ResultsPanel | str) -> list[dict[str, str]]:
    markup = panel if isinstance(panel, str) else html_of(panel)
    return [
        dict(re.findall(r'data-(\w+)="([^"]*)"', match))
        for match in re.findall(r'<div class="ss-klik-result"([^>]*)>', markup)
    ]


def test_the_panel_shows_mean_spread_range_and_counts():
    ex = exercise(("Gehoord", SCRIPT, "Aanpak"))
    answers = [
        answer(scores(7, 10, 2), "p-1"),
        answer(scores(9, 10, 3), "p-2"),
        answer(scores(5, 0, 4), "p-3"),
        answer(scores(3, 10, 3), "p-4"),
    ]
    panel = klik_panel(ex)
    panel.update(summarize(ex, answers), 4)
    assert result_attrs(panel) == [
        {"item": "item-0", "n": "4", "mean": "6.00", "sd": "2.24", "min": "3", "max": "9"},
        {"item": "item-1", "n": "4", "mean": "7.50", "sd": "4.33", "min": "0", "max": "10"},
        {"item": "item-2", "n": "4", "mean": "3.00", "sd": "0.71", "min": "2", "max": "4"},
    ]
    markup = html_of(panel)
    text = text_of(markup)
    assert "gemiddeld 6,0 · spreiding 2,2 · van 3 tot 9" in text
    assert "gemiddeld 7,5 · spreiding 4,3 · van 0 tot 10" in text
    # the range is shaded from the lowest to the highest score, the mean is marked
    assert 'class="ss-klik-range" style="left:30%;width:60%"' in markup
    assert 'class="ss-klik-mean" style="left:60.0%"' in markup
    assert 'class="ss-klik-mean" style="left:75.0%"' in markup
    assert re.search(r'data-score="10" data-count="3"', markup)
    assert re.search(r'data-score="0" data-count="1"', markup)
    # flags: item 0 low? no (6.0); item 1 wide (4.33); item 2 low (3.0), narrow
    results = markup.split('<div class="ss-klik-result"')[1:]
    assert ["ss-klik-low" in r for r in results] == [False, False, True]
    assert ["ss-klik-wide" in r for r in results] == [False, True, False]
    assert t("klik.flag_low") in text
    assert t("klik.flag_wide") in text
    # a label with markup (content is escaped too) stays text
    assert SCRIPT not in markup
    assert html.escape(SCRIPT) in markup
    assert t("klik.legend") in text


def test_the_panel_without_answers():
    panel = klik_panel(exercise())
    panel.update(KlikSummary(0, ()), 0)
    assert t("klik.none") in text_of(html_of(panel))


def test_the_dashboard_waits_for_the_minimum_then_shows_the_numbers(store):
    dashboard, session = demo_dashboard(store, 3)
    view = dashboard.session_view
    for n, role in enumerate(("ouder", "jongere", "professional")):
        _page, form = join(store, session.code, role)
        form.sliders["gehoord"].value = 4 + 2 * n  # 4, 6, 8
        form.save_button.click()
        view.refresh()
        panel = view.panels[EXERCISE_ID]
        if n < 2:
            assert text_of(panel.status.value) == t("dash.waiting", count=n + 1, minimum=3)
            assert result_attrs(panel) == []
    attrs = result_attrs(view.panels[EXERCISE_ID])
    # 4, 6, 8: mean 6, population SD √(8/3) = 1.63
    assert attrs[0] == {
        "item": "gehoord",
        "n": "3",
        "mean": "6.00",
        "sd": "1.63",
        "min": "4",
        "max": "8",
    }
    assert attrs[1]["mean"] == "5.00"


def test_render_html_is_what_the_panel_shows_escaped_and_without_controls():
    ex = exercise(("Gehoord", SCRIPT, "Aanpak")).model_copy(
        update={"trainer_notes": "Alleen voor de trainer"}
    )
    answers = [
        answer(scores(7, 10, 2), "p-1"),
        answer(scores(9, 10, 3), "p-2"),
        answer(scores(5, 0, 4), "p-3"),
        answer(scores(3, 10, 3), "p-4"),
    ]
    summary = summarize(ex, answers)
    markup = render_html(ex, summary)
    panel = klik_panel(ex)
    panel.update(summary, 4)
    snapshot = snapshot_html(panel.body)
    assert markup in snapshot  # the panel draws exactly this
    assert text_of(markup) == text_of(snapshot)
    assert result_attrs(markup) == result_attrs(panel)
    assert result_attrs(markup)[1] == {
        "item": "item-1",
        "n": "4",
        "mean": "7.50",
        "sd": "4.33",
        "min": "0",
        "max": "10",
    }
    text = text_of(markup)
    assert "Hoe was het?" in text
    assert "gemiddeld 6,0 · spreiding 2,2 · van 3 tot 9" in text
    assert "0 = niet 0" in text
    assert "10 = wel 2" in text
    assert t("klik.flag_low") in text
    assert t("klik.legend") in text
    assert re.search(r'data-score="10" data-count="3"', markup)
    # escaped content, no trainer notes, no controls
    assert SCRIPT not in markup
    assert html.escape(SCRIPT) in markup
    assert "Alleen voor de trainer" in html_of(panel)
    assert "Alleen voor de trainer" not in markup
    assert "<button" not in markup
    assert "<input" not in markup
    # nothing can be hidden and there are no subgroups: the same with either
    assert render_html(ex, summary, hidden=frozenset({"item-0"}), minimum=5) == markup


def test_render_html_without_answers():
    ex = exercise()
    markup = render_html(ex, summarize(ex, []))
    assert t("klik.none") in text_of(markup)
    assert "ss-klik-result" not in markup
    assert t("klik.legend") not in text_of(markup)


def test_the_type_is_registered_with_its_css():
    registered = exercise_type("klik")
    assert registered.participant_view is KlikForm
    assert registered.dashboard_panel is ResultsPanel
    assert registered.render_html is render_html
    assert "@media (max-width: 600px)" in "".join(registered.css)
    assert ".ss-klik-track" in "".join(registered.css)
