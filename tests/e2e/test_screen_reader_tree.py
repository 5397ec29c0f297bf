"""What a screen reader gets: Chromium's own accessibility tree of a participant's page.

The other accessibility tests check attributes and run axe-core. This one asks Chromium,
through the DevTools protocol (``Accessibility.getFullAXTree``), for the tree it hands to
screen readers (NVDA, JAWS and Orca read it through the platform's API; VoiceOver likewise),
with the names and states the browser computed. On the demo page, joined, with every one of
the 13 exercise types: every control a person can reach has a name, no two fields of one
exercise share a name, toggle buttons have a pressed state, sliders are named by their item,
radio buttons sit in named groups, status lines are polite live regions, the headings form an
outline under one level-1 heading, and there is a banner and a main landmark.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

import pytest

from .session import UI_TIMEOUT_MS, start_session
from .test_accessibility_participant import (
    DEMO,
    form,
    join_as,
    new_session,
    open_page,
    page_url,
)

pytestmark = pytest.mark.browser

CONTROLS = {"textbox", "slider", "button", "radio", "combobox", "checkbox", "spinbutton", "link"}
FIELDS = {"textbox", "slider", "combobox", "spinbutton"}


@dataclass
class Node:
    role: str
    name: str
    properties: dict[str, object]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def ax_tree(page) -> list[Node]:
    """Every node of the page's accessibility tree that is not ignored, with its parent, in
    reading order."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Accessibility.enable")
        raw = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    nodes: dict[str, Node] = {}
    for item in raw:
        nodes[item["nodeId"]] = Node(
            role=str(item.get("role", {}).get("value", "")),
            name=str(item.get("name", {}).get("value", "")).strip(),
            properties={
                p["name"]: p.get("value", {}).get("value") for p in item.get("properties", [])
            },
        )
    for item in raw:
        for child in item.get("childIds", []):
            if child in nodes:
                nodes[child].parent = nodes[item["nodeId"]]
                nodes[item["nodeId"]].children.append(nodes[child])
    # In reading order: depth first from the root, as a screen reader walks it (the flat list
    # the protocol returns is not in that order).
    kept = {item["nodeId"] for item in raw if not item.get("ignored")}
    by_node = {id(node): node_id for node_id, node in nodes.items()}
    ordered: list[Node] = []
    stack = [node for node in nodes.values() if node.parent is None][::-1]
    while stack:
        node = stack.pop()
        if by_node[id(node)] in kept and node.role:
            ordered.append(node)
        stack.extend(reversed(node.children))
    return ordered


def test_the_page_a_screen_reader_gets(browser, servers) -> None:
    _store, session = new_session(servers)
    page = open_page(browser, page_url(servers, session.code))
    try:
        join_as(page)
        # One slider moved, one statement answered: states of both kinds are in the tree.
        handle = form(page, "demo-klik").locator("[role='slider']").first
        handle.focus()
        handle.press("ArrowRight")
        form(page, "demo-stelling").locator(".ss-choice button").first.click()
        form(page, "demo-stelling").locator(".ss-choice button[aria-pressed='true']").wait_for(
            timeout=UI_TIMEOUT_MS
        )
        page.evaluate("window.ssA11yFix()")
        tree = ax_tree(page)
        # Which exercise each field is in, from the page itself (the tree has no classes).
        forms = page.evaluate(
            """() => [...document.querySelectorAll('[class*="ss-exercise-"]')].flatMap(box => {
                 const id = [...box.classList].find(c => c.startsWith("ss-exercise-"));
                 return [...box.querySelectorAll("input, textarea, select, [role=slider]")]
                   .filter(el => el.getClientRects().length && el.type !== "radio")
                   .map(el => [id.slice(12), el.getAttribute("aria-label")
                     || (el.getAttribute("aria-labelledby") || "").split(" ").map(
                          i => (document.getElementById(i) || {}).textContent || "").join(" ")]);
               })"""
        )
    finally:
        page.context.close()

    controls = [n for n in tree if n.role in CONTROLS]
    assert len(controls) > 100, len(controls)  # the whole demo page, not an empty one
    unnamed = [(n.role, n.properties) for n in controls if not n.name]
    assert unnamed == [], unnamed

    # No two fields of one exercise share a name (the word cloud's three boxes included).
    per_form = Counter((exercise, " ".join(name.split())) for exercise, name in forms)
    shared = [key for key, count in per_form.items() if count > 1]
    assert shared == [], shared
    assert {exercise for exercise, _ in forms} >= {"demo-open", "demo-woordwolk", "demo-klik"}

    # Toggle buttons say whether they are pressed; one of them is.
    toggles = [n for n in tree if "pressed" in n.properties]
    assert len(toggles) > 20
    assert any(n.properties["pressed"] == "true" for n in toggles)

    # Sliders are named by their item. (Their value in words, aria-valuetext, is asserted on
    # the element in test_accessibility_participant: this tree's "valuetext" stays empty in
    # Chromium even for a slider written with aria-valuetext in the HTML.)
    sliders = [n for n in tree if n.role == "slider"]
    klik = DEMO.exercise("demo-klik")
    assert [n.name for n in sliders] == [item.label for item in klik.items]

    # Radio buttons are in named radio groups: one per quiz question.
    groups = [n for n in tree if n.role == "radiogroup"]
    quiz = DEMO.exercise("demo-quiz")
    assert len(groups) >= len(quiz.questions)
    assert all(g.name for g in groups)
    radios = [n for n in tree if n.role == "radio"]
    assert radios
    assert all(any(a.role == "radiogroup" for a in r.ancestors()) for r in radios)

    # Status lines ("opgeslagen", "niet opgeslagen", the warnings) are read out politely.
    live = [n for n in tree if n.role == "status"]
    assert len(live) >= len(DEMO.exercises)
    assert all(n.properties.get("live") == "polite" for n in live)

    # The headings form an outline: one level 1, and no level skipped on the way down.
    levels = [int(n.properties["level"]) for n in tree if n.role == "heading"]
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    # Landmarks: a banner with the workshop and a main region.
    roles = {n.role for n in tree}
    assert {"banner", "main"} <= roles, roles


def test_the_dashboard_a_screen_reader_gets(browser, servers) -> None:
    """The trainer's session page: every control named, toggles with a pressed state, one
    level-1 heading and no skipped level, a main landmark."""
    started = start_session(browser, servers, "demo", min_group=1)
    trainer = started.trainer
    try:
        trainer.locator(".ss-block-demo-reflectie").wait_for(timeout=UI_TIMEOUT_MS)
        trainer.evaluate("window.ssA11yFix()")
        tree = ax_tree(trainer)
    finally:
        trainer.close()
    controls = [n for n in tree if n.role in CONTROLS]
    assert len(controls) > 50, len(controls)
    unnamed = [(n.role, n.properties) for n in controls if not n.name]
    assert unnamed == [], unnamed
    assert any("pressed" in n.properties for n in tree)  # pacing and reveal toggles
    headings = [(int(n.properties["level"]), n.name) for n in tree if n.role == "heading"]
    levels = [level for level, _name in headings]
    assert levels.count(1) == 1, headings
    assert levels[0] == 1, headings
    assert all(b <= a + 1 for a, b in pairwise(levels)), headings
    assert "main" in {n.role for n in tree}
