"""The trainer's dashboard and presenter view in real Chromium on a real `samenspraak serve`:
no axe-core violation at all (every default rule, every impact), text contrast computed from
the computed styles, and the jump list between exercises.

The session is the demo workshop (all thirteen exercise types), answered by five people with
the workshop's invented example answers written straight into the store (the dashboard
follows the store, whoever writes it), with every result revealed.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from playwright.sync_api import expect

from samenspraak.catalog import load_workshop
from samenspraak.core.messages import t
from samenspraak.core.store import Store

from ..test_accessibility_documents import fill_with_examples
from .axe import assert_accessible
from .session import UI_TIMEOUT_MS, press, start_session
from .test_accessibility_participant import CLIPPED, clipped_with_spacing

pytestmark = pytest.mark.browser

PEOPLE = 5

# WCAG 2.1 contrast (1.4.3) of every piece of text inside ``root``: the text colour (with the
# opacity of its element and ancestors) against the background painted behind it (every
# ancestor's background colour, blended). Text over a background image cannot be computed and
# is counted apart; text of disabled controls is exempt (WCAG 1.4.3). Large text: at least
# 24 px, or 18.66 px bold.
CONTRAST_JS = """
(root) => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map(
    (i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ownText = (el) => [...el.childNodes].some(
    (n) => n.nodeType === 3 && n.textContent.trim()) || el.matches("input, select, textarea");
  const results = { checked: 0, skipped: 0, failures: [] };
  for (const el of [root, ...root.querySelectorAll("*")]) {
    if (!ownText(el) || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible" || el.closest(":disabled")) continue;
    const chain = [];
    for (let n = el; n; n = n.parentElement) chain.unshift(n);
    let background = [255, 255, 255, 1], opacity = 1, image = false;
    for (const n of chain) {
      const s = getComputedStyle(n);
      opacity *= Number(s.opacity);
      if (s.backgroundImage !== "none") image = true;
      const colour = parse(s.backgroundColor);
      if (colour && colour[3] > 0) background = over(colour, background);
    }
    if (image) { results.skipped += 1; continue; }
    const fg = parse(style.color);
    const text = over([fg[0], fg[1], fg[2], fg[3] * opacity], background);
    const [a, b] = [lum(text), lum(background)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    results.checked += 1;
    if (ratio < (large ? 3 : 4.5)) {
      const label = (el.textContent || el.value || "").trim().slice(0, 40);
      results.failures.push(
        `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${label}": ` +
        `${ratio.toFixed(2)}:1 (${style.color} on ` +
        `rgb(${background.slice(0, 3).map(Math.round)}), ` +
        `${size}px${large ? ", large" : ""})`);
    }
  }
  return results;
}
"""


def assert_contrast(page, css: str, *, at_least: int = 20) -> None:
    """Every text inside the first element matching ``css`` has enough contrast."""
    found = page.locator(css).first.evaluate(CONTRAST_JS)
    assert found["checked"] >= at_least, found  # the walk found the texts at all
    assert not found["failures"], "too little contrast:\n" + "\n".join(found["failures"])


def assert_reflows(page, width: int) -> None:
    """At ``width`` CSS pixels (1280 at 200 % zoom is 640) nothing needs sideways scrolling
    (WCAG 1.4.4 and 1.4.10): the page is no wider than the window."""
    page.set_viewport_size({"width": width, "height": 900})
    # Lumino lays out its panels on the next animation frames after a resize.
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # The elements that stick out while their parent does not: where the width comes from.
    wide = page.evaluate(
        """() => [...document.querySelectorAll(".ss-dashboard, .ss-dashboard *")]
          .filter((el) => el.getClientRects().length &&
                          el.getBoundingClientRect().right > window.innerWidth + 1 &&
                          el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
          .slice(0, 5).map((el) => el.outerHTML.slice(0, 160))"""
    )
    scroll = page.evaluate("() => document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not wide, f"wider than {width} px: {wide}"
    assert scroll <= width, f"the page scrolls sideways at {width} px: {scroll} px wide"


@pytest.fixture(scope="module")
def demo_session(servers, browser):
    """The dashboard of a demo session that five people answered, every result revealed."""
    started = start_session(browser, servers, "demo", min_group=3)
    trainer = started.trainer
    store = Store(servers.db_url)
    session = store.find_session(started.code)
    fill_with_examples(store, session, load_workshop("demo"), PEOPLE)
    expect(trainer.locator(f'.ss-participants[data-count="{PEOPLE}"]')).to_have_count(
        1, timeout=UI_TIMEOUT_MS
    )
    workshop = load_workshop("demo")
    for exercise in workshop.exercises:
        block = trainer.locator(f".ss-block-{exercise.id}")
        reveal = block.locator(".ss-reveal")
        reveal.click()
        if exercise.sensitive:  # parents in the room: the first click asks, with a reason
            expect(block.locator(".ss-reveal-caution")).to_contain_text(
                t("control.reveal_sensitive")
            )
            reveal.click()
        expect(block.locator(".ss-state")).to_contain_text(
            t("control.state_revealed"), timeout=UI_TIMEOUT_MS
        )
    # One block split by role, and one moderation list opened: their parts are checked too.
    press(trainer.locator(".ss-block-demo-stelling"), ".ss-split", t("control.split_role"))
    expect(trainer.locator(".ss-block-demo-stelling .ss-group-label")).not_to_have_count(
        0, timeout=UI_TIMEOUT_MS
    )
    trainer.locator(".ss-block-demo-open .ss-moderation-toggle").click()
    expect(trainer.locator(".ss-block-demo-open .ss-moderation-row").first).to_be_visible(
        timeout=UI_TIMEOUT_MS
    )
    yield trainer, started.code
    trainer.close()


def test_the_start_screen_passes_axe_and_names_every_field(servers, browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(servers.dashboard_url)
    page.locator("button.ss-start").wait_for(timeout=UI_TIMEOUT_MS)
    assert_accessible(page)
    # Each field is named by its own visible label.
    expect(page.get_by_label(t("dash.choose_workshop"), exact=True)).to_have_count(1)
    expect(page.get_by_label(t("dash.min_group"), exact=True)).to_have_count(1)
    expect(page.get_by_label(t("dash.open_session"), exact=True)).to_have_count(1)
    expect(page.get_by_label(t("dash.past_session"), exact=True)).to_have_count(1)
    assert_contrast(page, ".ss-dashboard", at_least=8)
    assert_reflows(page, 640)
    page.close()


def test_a_session_with_every_panel_revealed_passes_axe(demo_session) -> None:
    trainer, _code = demo_session
    workshop = load_workshop("demo")
    assert len({e.type for e in workshop.exercises}) == 13
    for exercise in workshop.exercises:  # every panel shows its result, none is waiting
        if exercise.id == "demo-stelling":
            continue  # split by role: each role waits for its own minimum
        panel = trainer.locator(f".ss-block-{exercise.id} .ss-results")
        expect(panel.locator(".ss-status.ss-count").first).to_be_visible()
    # The QR code and every chart have a text alternative; the radar chart's holds the means.
    assert trainer.locator(".ss-session-header img.ss-qr").get_attribute("alt") == t(
        "dash.qr_alt", url=trainer.locator("a.ss-join-url").get_attribute("href")
    )
    radar = trainer.locator(".ss-block-demo-schaal img.ss-radar").get_attribute("alt")
    assert t("dash.radar_title") in radar
    assert any(ch.isdigit() for ch in radar)
    assert_accessible(trainer)
    assert_contrast(trainer, ".ss-session", at_least=200)
    assert_reflows(trainer, 640)


def test_text_spacing_of_the_reader_loses_no_text_on_the_dashboard(demo_session) -> None:
    """Wider letters, words and lines (WCAG 1.4.12) cut no text off in any panel."""
    trainer, _code = demo_session
    clipped = clipped_with_spacing(trainer, ".ss-dashboard *")
    assert clipped == [], clipped


def test_the_dashboard_scrolls_and_prints_as_one_page(demo_session, servers, browser) -> None:
    """The browser's own scrolling, find and print reach every panel: the document scrolls,
    not a box of one screen inside Voila's shell."""
    trainer, code = demo_session
    trainer.wait_for_function("document.body.classList.contains('ss-trainer')")
    found = trainer.evaluate(
        """() => ({
          page: document.scrollingElement.scrollHeight,
          screen: window.innerHeight,
          boxes: ["main", "jp-main-content-panel", "rendered_cells"].map(
            (id) => getComputedStyle(document.getElementById(id)).overflowY),
        })"""
    )
    assert found["page"] > 3 * found["screen"], found
    assert found["boxes"] == ["visible"] * 3, found
    last = load_workshop("demo").exercises[-1]
    trainer.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    expect(trainer.locator(f".ss-block-{last.id}")).to_be_in_viewport()
    trainer.evaluate("window.scrollTo(0, 0)")

    # Printed (a second tab on the same session), it runs over several pages, down to the
    # end of the last exercise's results.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{servers.dashboard_url}&sessie={code}")
        results = page.locator(f".ss-block-{last.id} .ss-results").first
        results.wait_for(timeout=UI_TIMEOUT_MS)
        page.wait_for_function("document.body.classList.contains('ss-trainer')")
        end = "".join(results.inner_text().split())[-40:]
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    finally:
        page.close()
    assert len(pdf.pages) > 3
    printed = "".join("".join(p.extract_text().split()) for p in pdf.pages)
    assert end
    assert end in printed


def test_the_presenter_view_passes_axe_with_large_readable_text(demo_session) -> None:
    trainer, code = demo_session
    trainer.locator(".ss-block-demo-schaal button.ss-present").click()
    presenter = trainer.locator(".ss-presenter")
    expect(presenter).to_be_visible()
    assert_accessible(trainer)
    assert_contrast(trainer, ".ss-presenter", at_least=15)
    # No text is cut off on the projector, not even with a reader's wider spacing (1.4.12).
    assert trainer.evaluate(CLIPPED, ".ss-presenter *") == []
    clipped = clipped_with_spacing(trainer, ".ss-presenter *")
    assert clipped == [], clipped
    presenter.locator(".ss-presenter-show-code").click()
    expect(presenter.locator(".ss-presenter-code")).to_contain_text(code)
    assert presenter.locator("img.ss-qr").get_attribute("alt")
    presenter.locator(".ss-presenter-next").click()  # the next panel: stelling, by role
    expect(presenter.locator(".ss-panel-demo-stelling").first).to_be_visible()
    assert_accessible(trainer)
    assert_contrast(trainer, ".ss-presenter", at_least=15)
    presenter.locator(".ss-presenter-show-code").click()
    presenter.locator(".ss-presenter-back").click()
    expect(presenter).to_be_hidden()


def test_the_contrast_check_can_fail(demo_session) -> None:
    """Pale grey text on white is caught, and so is text that is faded with opacity."""
    trainer, _code = demo_session
    trainer.evaluate(
        """() => {
          const box = document.createElement("div");
          box.id = "ss-contrast-probe";
          box.innerHTML = '<p style="color:#999">grijs</p>' +
            '<p style="color:#333;opacity:0.4">vaag</p><p style="color:#111">goed</p>';
          document.querySelector(".ss-session").prepend(box);
        }"""
    )
    found = trainer.locator("#ss-contrast-probe").evaluate(CONTRAST_JS)
    trainer.evaluate("() => document.getElementById('ss-contrast-probe').remove()")
    assert found["checked"] == 3
    assert [f.split(" ")[0] for f in found["failures"]] == ["p.", "p."]


def test_the_jump_list_shows_one_exercise_at_a_time(demo_session) -> None:
    trainer, _code = demo_session
    workshop = load_workshop("demo")
    jump = trainer.get_by_label(t("dash.jump"), exact=True)
    expect(jump).to_have_count(1)
    third = workshop.exercises[2]
    jump.select_option(label=f"3. {third.title}")
    expect(trainer.locator(f".ss-block-{third.id}")).to_be_visible(timeout=UI_TIMEOUT_MS)
    for exercise in workshop.exercises:
        if exercise.id != third.id:
            expect(trainer.locator(f".ss-block-{exercise.id}")).to_be_hidden()
    assert_accessible(trainer)
    jump.select_option(label=t("dash.jump_all"))
    for exercise in workshop.exercises:
        expect(trainer.locator(f".ss-block-{exercise.id}")).to_be_visible(timeout=UI_TIMEOUT_MS)
