"""WCAG 2.1 AA on the participant's pages, checked by axe-core in Debian's Chromium on a phone.

Zero violations of any impact (every rule axe runs by default) on: the join form; the demo
workshop (all thirteen types) after joining, before and after saving; the group's results
once the trainer revealed them; self-study with its reference group. Also: toggle buttons
announce their state, sliders their name and meaning, status lines are live regions, the page
is Dutch with one h1 and a header that says the join state, touch targets are at least 44 px,
and at 320 CSS px (a 640 px phone at 200 % zoom) nothing scrolls sideways.

The helpers here are shared with ``test_keyboard_participant.py``.
"""

from __future__ import annotations

import time

import pytest

from samenspraak.catalog import load_workshop
from samenspraak.core.aggregate import with_minimum
from samenspraak.core.messages import t
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type
from samenspraak.exercises.results import results_html

from .axe import assert_accessible
from .session import UI_TIMEOUT_MS

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DEMO = load_workshop("demo")

# The a11y script has seen every widget: toggle buttons carry aria-pressed, slider handles
# a value text, status lines are live regions, and the participant's header is shown.
A11Y_DONE = """() => {
  const q = (css) => document.querySelectorAll(css).length;
  return document.body.classList.contains("ss-participant")
    && q(".widget-toggle-button:not([aria-pressed])") === 0
    && q('[role="slider"]:not([aria-valuetext])') === 0
    && q(".ss-live:not([aria-live])") === 0
    && q(".widget-radio-box:not([role])") === 0;
}"""


def open_page(browser, url: str, viewport: dict | None = None, **options):
    """A fresh browser context on a phone, with the page's join form on screen."""
    context = browser.new_context(viewport=viewport or PHONE, **options)
    page = context.new_page()
    page.goto(url)
    page.locator(".ss-code-input input").wait_for(timeout=UI_TIMEOUT_MS)
    settle(page)
    return page


def settle(page) -> None:
    """Until the a11y script has labelled every widget on the page."""
    page.wait_for_function(A11Y_DONE, timeout=UI_TIMEOUT_MS)


def form(page, exercise_id: str):
    return page.locator(f".ss-exercise-{exercise_id}")


def wait_status(page, exercise_id: str, css: str = ".ss-ok") -> None:
    form(page, exercise_id).locator(f".ss-status{css}").first.wait_for(timeout=UI_TIMEOUT_MS)


def save(page, exercise_id: str, css: str = ".ss-ok") -> None:
    box = form(page, exercise_id)
    box.locator("button.ss-save").click()
    wait_status(page, exercise_id, css)


def walk_casus(page, exercise_id: str) -> None:
    """Take the first choice at every step until the case ends, then answer the debrief."""
    box = form(page, exercise_id)
    for n in range(1, 21):
        if box.locator(".ss-casus-ending").count():
            break
        box.locator("button.ss-casus-choice-0").click()
        # The route is saved after the next step is drawn: the status comes last.
        box.locator(".ss-ok", has_text=f"stap {n} is bewaard").wait_for(timeout=UI_TIMEOUT_MS)
    box.locator("button.ss-save").wait_for(timeout=UI_TIMEOUT_MS)
    for field in box.locator(".ss-casus-answer textarea").all():
        field.fill("Eerst luisteren naar wat zij zelf wil.")


def walk_afspraken(page, exercise_id: str) -> None:
    """Write in every step of the agreement card, with one task, up to its last step."""
    box = form(page, exercise_id)
    for n in range(1, 7):
        box.locator(f".ss-afspraken-progress [data-step='{n}']").wait_for(timeout=UI_TIMEOUT_MS)
        for field in box.locator("textarea:visible").all():
            field.fill("Samen kijken wat helpt.")
        task = box.locator(".ss-afspraken-task-1")
        if task.count() and task.is_visible():
            task.locator("select").select_option(index=1)
            task.locator(".ss-afspraken-what input").fill("Bellen met school")
            task.locator(".ss-afspraken-when input").fill("Vrijdag")
        if n < 6:
            box.locator("button.ss-afspraken-next").click()


def answer_everything(page) -> None:
    """A valid answer to every exercise of the demo workshop, saved; the agreement card is
    tried without its tasks, so its problem message shows too."""
    schaal = DEMO.exercise("demo-schaal")
    for statement in schaal.statements:
        form(page, "demo-schaal").locator(f".ss-statement-{statement.id} button").nth(2).click()
    save(page, "demo-schaal")

    stelling = form(page, "demo-stelling")
    stelling.locator(".ss-choice button").first.click()
    if stelling.locator(".ss-reason textarea").count():
        stelling.locator(".ss-reason textarea").fill("Ouders zien hun kind elke dag.")
    save(page, "demo-stelling")

    form(page, "demo-open").locator(".ss-open-text textarea").fill("Wij vragen eerst.")
    save(page, "demo-open")

    form(page, "demo-woordwolk").locator(".ss-woordwolk-field-1 input").fill("luisteren")
    save(page, "demo-woordwolk")

    for group in form(page, "demo-perspectief").locator(".widget-toggle-buttons").all():
        if group.is_visible():
            group.locator("button").nth(3).click()
    save(page, "demo-perspectief")

    form(page, "demo-rangorde-volgorde").locator("button.ss-rangorde-down").first.click()
    save(page, "demo-rangorde-volgorde")

    points = form(page, "demo-rangorde-punten").locator(".ss-rangorde-points input")
    total = DEMO.exercise("demo-rangorde-punten").points
    points.first.fill(str(total))
    points.first.press("Tab")
    save(page, "demo-rangorde-punten")

    for question in form(page, "demo-quiz").locator(".ss-quiz-options").all():
        question.locator("input[type=radio]").first.check()
    save(page, "demo-quiz")

    walk_casus(page, "demo-casus")
    save(page, "demo-casus")

    for n, handle in enumerate(form(page, "demo-klik").locator('[role="slider"]').all()):
        handle.focus()
        handle.press("ArrowRight")
        handle.press("ArrowRight")
        # The kernel has the value once it writes it under the slider: only then save
        # (ipywidgets may send a click before a slider's buffered updates).
        item = form(page, "demo-klik").locator(".ss-klik-item").nth(n)
        item.locator(".ss-klik-value[data-value='1']").wait_for(timeout=UI_TIMEOUT_MS)
    save(page, "demo-klik")

    form(page, "demo-ideeen").locator(".ss-ideeen-text textarea").fill("Een vaste beller.")
    form(page, "demo-ideeen").locator("button.ss-ideeen-add").click()
    form(page, "demo-ideeen").locator(".ss-ideeen-own-item").first.wait_for(timeout=UI_TIMEOUT_MS)

    form(page, "demo-taalcheck").locator(".ss-taalcheck-text textarea").fill(
        "Wat ziet u zelf bij uw kind?"
    )
    save(page, "demo-taalcheck")

    walk_afspraken(page, "demo-afspraken")
    save(page, "demo-afspraken", ":is(.ss-ok, .ss-problem)")

    for field in form(page, "demo-reflectie").locator(".ss-reflectie-text textarea").all():
        field.fill("Ik luister eerst.")
    save(page, "demo-reflectie")


# ---------------------------------------------------------------------------- the session


def new_session(servers, workshop_id: str = "demo") -> tuple[Store, object]:
    store = Store(servers.db_url)
    return store, store.create_session(workshop_id, min_group_size=1)


def page_url(servers, code: str = "", workshop_id: str = "demo") -> str:
    query = f"?code={code}" if code else ""
    return f"{servers.participant_url}/voila/render/{workshop_id}.ipynb{query}"


def join_as(page, role: str = "Professional") -> None:
    page.locator(".ss-role").get_by_role("button", name=role, exact=True).click()
    page.locator("button.ss-join").click()
    page.locator(".ss-joined").wait_for(timeout=UI_TIMEOUT_MS)
    form(page, DEMO.exercises[-1].id).wait_for(timeout=UI_TIMEOUT_MS)
    settle(page)


def reveal_all(store: Store, session) -> None:
    """What the dashboard does when the trainer shows the group every result: the group's
    view drawn by each type's render_html, stored, then revealed."""
    for exercise in DEMO.exercises:
        answers = store.answers(session.id, exercise.id)
        registered = exercise_type(exercise.type)
        if registered.private:
            continue
        result = with_minimum(registered.summarize, exercise, answers, session.min_group_size)
        html = results_html(exercise, result, len(answers))
        store.save_shared_results(session.id, exercise.id, html)
        store.set_exercise_state(session.id, exercise.id, revealed=True)


def accessible_names(page, css: str) -> list[str]:
    """The accessible names Chromium computes for the elements ``css`` finds."""
    return [
        page.locator(css)
        .nth(i)
        .evaluate(
            """el => {
              const ids = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
              const byIds = ids.map(id => document.getElementById(id)?.textContent || "").join(" ");
              return (byIds || el.getAttribute("aria-label") || el.labels?.[0]?.textContent
                      || el.textContent || "").replace(/\\s+/g, " ").trim();
            }"""
        )
        for i in range(page.locator(css).count())
    ]


# ---------------------------------------------------------------------------- the tests


def test_join_form_every_type_and_revealed_results_pass_axe(browser, servers):
    store, session = new_session(servers)
    page = open_page(browser, page_url(servers, session.code))
    try:
        # The join form: Dutch, one h1, the header says nobody joined yet.
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.locator("h1").count() == 1
        header = page.locator("header#ss-site-header")
        assert header.is_visible()
        assert DEMO.title in header.inner_text()
        assert "nog niet mee" in header.inner_text()
        assert page.locator('[role="main"]').count() == 1
        assert_accessible(page)

        join_as(page)
        header.locator("#ss-site-state", has_text=f"Je doet mee met code {session.code}").wait_for(
            timeout=UI_TIMEOUT_MS
        )
        assert_accessible(page)  # every type, before saving

        answer_everything(page)
        settle(page)
        assert_accessible(page)  # every type, after saving (and one problem message)

        reveal_all(store, session)
        shared = page.locator(".ss-group-results .ss-shared")
        expected = sum(1 for e in DEMO.exercises if not exercise_type(e.type).private)
        page.wait_for_function(
            f"() => document.querySelectorAll('.ss-group-results .ss-shared').length >= {expected}",
            timeout=UI_TIMEOUT_MS,
        )
        assert shared.count() == expected
        settle(page)
        assert_accessible(page)  # the group's results as the participants see them
    finally:
        page.context.close()


def test_screen_reader_names_states_and_live_regions(browser, servers):
    """What ipywidgets leaves out, checked on the attributes Chromium reads out."""
    _store, session = new_session(servers)
    page = open_page(browser, page_url(servers, session.code))
    try:
        join_as(page)
        # Toggle buttons announce whether they are pressed.
        stelling = form(page, "demo-stelling")
        buttons = stelling.locator(".ss-choice button")
        assert buttons.first.get_attribute("aria-pressed") == "false"
        buttons.first.click()
        stelling.locator(".ss-choice button[aria-pressed='true']").wait_for(timeout=UI_TIMEOUT_MS)
        assert buttons.nth(1).get_attribute("aria-pressed") == "false"
        group = stelling.locator(".ss-choice[role='group']")
        statement = DEMO.exercise("demo-stelling").statement
        assert accessible_names(page, ".ss-exercise-demo-stelling .ss-choice[role='group']") == [
            statement
        ]
        assert group.count() == 1

        # Sliders: the item as their name, the value with what the ends mean.
        klik = DEMO.exercise("demo-klik")
        names = accessible_names(page, ".ss-exercise-demo-klik [role='slider']")
        assert names == [item.label for item in klik.items]
        handle = form(page, "demo-klik").locator("[role='slider']").first
        first = klik.items[0]
        assert handle.get_attribute("aria-valuetext").startswith("nog niet gekozen")
        handle.focus()
        for _ in range(4):
            handle.press("ArrowRight")
        page.wait_for_function(
            """() => (document.querySelector('.ss-exercise-demo-klik [role="slider"]')
                       .getAttribute('aria-valuetext') || '').startsWith('3 van 10')""",
            timeout=UI_TIMEOUT_MS,
        )
        said = handle.get_attribute("aria-valuetext")
        assert first.left in said, said
        assert first.right in said, said

        # Radio buttons are a named radio group.
        quiz = DEMO.exercise("demo-quiz")
        groups = form(page, "demo-quiz").locator("[role='radiogroup']")
        assert groups.count() == len(quiz.questions)
        names = accessible_names(page, ".ss-exercise-demo-quiz [role='radiogroup']")
        assert all(
            question.text in name for question, name in zip(quiz.questions, names, strict=True)
        )

        # Buttons that show only an arrow are named by what they do.
        volgorde = DEMO.exercise("demo-rangorde-volgorde")
        down = form(page, "demo-rangorde-volgorde").locator("button.ss-rangorde-down").first
        assert down.get_attribute("aria-label") == f"Zet lager: {volgorde.options[0].label}"

        # The word cloud's boxes each have their own name: the question and the box's number.
        names = accessible_names(page, ".ss-exercise-demo-woordwolk .ss-woordwolk-field input")
        prompt = DEMO.exercise("demo-woordwolk").prompt
        assert names == [f"{prompt} {t('woordwolk.placeholder_n', n=n)}" for n in (1, 2, 3)]

        # Every text field has a name.
        for css in ("textarea", "input[type='text']", "input[type='number']", "select"):
            for name in accessible_names(page, f".ss-exercise {css}:visible"):
                assert name, css

        # Status lines are polite live regions: saved, not saved, and the identifier warning.
        status = form(page, "demo-open").locator(".ss-live").first
        assert status.get_attribute("aria-live") == "polite"
        assert status.get_attribute("role") == "status"
        text = form(page, "demo-open").locator(".ss-open-text textarea")
        text.fill("Mail mij op jan.jansen@example.nl")
        form(page, "demo-open").locator("button.ss-save").click()
        problem = status.locator(".ss-problem")
        problem.wait_for(timeout=UI_TIMEOUT_MS)
        assert "e-mail" in problem.inner_text().lower()
        text.fill("Wij vragen eerst wat de ouder ziet.")
        form(page, "demo-open").locator("button.ss-save").click()
        status.locator(".ss-ok").wait_for(timeout=UI_TIMEOUT_MS)
        text.fill("Wij vragen eerst wat de ouder zelf ziet.")
        unsaved = "Klik op Opslaan om het te bewaren"
        status.locator(".ss-pending", has_text=unsaved).wait_for(timeout=UI_TIMEOUT_MS)
        snapshot = status.aria_snapshot()  # what a screen reader gets: a status, with the text
        assert snapshot.startswith("- status"), snapshot
        assert unsaved in snapshot, snapshot
    finally:
        page.context.close()


def test_self_study_with_its_reference_group_passes_axe(browser, servers):
    page = open_page(browser, page_url(servers))
    try:
        page.locator("button.ss-self-study-start").click()
        page.locator(".ss-self-study-banner").wait_for(timeout=UI_TIMEOUT_MS)
        form(page, DEMO.exercises[-1].id).wait_for(timeout=UI_TIMEOUT_MS)
        page.locator("#ss-site-state", has_text="Je oefent alleen").wait_for(timeout=UI_TIMEOUT_MS)
        settle(page)
        assert_accessible(page)
        answer_everything(page)
        page.locator(".ss-comparison").first.wait_for(timeout=UI_TIMEOUT_MS)
        settle(page)
        assert_accessible(page)
    finally:
        # Voila stops the kernel on unload: the reference group's chart libraries go with
        # it, so later tests find only group pages' kernels, which never load them.
        page.close(run_before_unload=True)
        _wait_for_light_kernels(servers)
        page.context.close()


def _wait_for_light_kernels(servers) -> None:
    from .test_group_session import _loaded_packages

    deadline = time.monotonic() + UI_TIMEOUT_MS / 1000
    while any(_loaded_packages(servers.pid, "workshops")):
        if time.monotonic() > deadline:
            pytest.fail("the self-study page's kernel kept running after the page closed")
        time.sleep(0.5)


TOUCH_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll(
      '.ss-page button, .ss-exercise button, .ss-page input, .ss-exercise input, ' +
      '.ss-exercise select, .ss-exercise textarea')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.type === 'radio' || el.type === 'checkbox') continue;
    if (r.height < 44 || r.width < 44)
      small.push(el.outerHTML.slice(0, 120) + " " + r.width + "x" + r.height);
  }
  return small;
}"""

SIDEWAYS = """() => {
  const wide = document.documentElement.scrollWidth > document.documentElement.clientWidth;
  const over = [];
  const limit = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('.ss-page *, .ss-exercise *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > limit + 1 && getComputedStyle(el).visibility !== 'hidden')
      over.push(el.tagName + "." + el.className.toString().replace(/lm-Widget|jupyter-widgets/g, "")
        .trim().slice(0, 80) + " right=" + r.right);
  }
  return {wide, over: over.slice(0, 30)};
}"""


MOVING = """() => [...document.querySelectorAll('.ss-page *, .ss-exercise *')]
  .map(el => getComputedStyle(el))
  .filter(s => s.transitionDuration.split(",").some(d => parseFloat(d) > 0.001)
            || (s.animationName !== "none" && parseFloat(s.animationDuration) > 0.001))
  .map(s => s.transitionDuration + " " + s.animationName).slice(0, 5)"""


def test_touch_targets_and_text_at_200_percent(browser, servers):
    """44 px touch targets at 390 px; at 320 CSS px (200 % zoom of a 640 px window) nothing
    in the page scrolls sideways; less motion when the person asks for it."""
    _store, session = new_session(servers)
    page = open_page(browser, page_url(servers, session.code))
    try:
        join_as(page)
        assert page.evaluate(TOUCH_TARGETS) == []
        assert page.evaluate(MOVING), "buttons change colour gently without reduced motion"
    finally:
        page.context.close()
    zoomed = open_page(
        browser,
        page_url(servers, session.code),
        {"width": 320, "height": 640},
        reduced_motion="reduce",
    )
    try:
        join_as(zoomed, "Ouder of verzorger")
        found = zoomed.evaluate(SIDEWAYS)
        assert found == {"wide": False, "over": []}, found
        # Someone who asked for less motion gets no animations or transitions (2.3.3).
        moving = zoomed.evaluate(MOVING)
        assert moving == [], moving
    finally:
        zoomed.context.close()


# WCAG 1.4.12: the spacing a reader may set with a bookmarklet or a style sheet of their own.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
                     word-spacing: 0.16em !important; }
                   p { margin-bottom: 2em !important; }"""

# Text cut off: an element that shows text but hides what does not fit (overflow hidden or
# clip, or an ellipsis), and whose text is wider or taller than its box.
CLIPPED = """(css) => {
  const hides = v => v === "hidden" || v === "clip";
  const clipped = [];
  for (const el of document.querySelectorAll(css)) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const s = getComputedStyle(el);
    const wide = el.scrollWidth > el.clientWidth + 1;
    const tall = el.scrollHeight > el.clientHeight + 1;
    if (((hides(s.overflowX) || s.textOverflow === "ellipsis") && wide)
        || (hides(s.overflowY) && tall)) {
      clipped.push(el.tagName.toLowerCase() + " '" + el.textContent.trim().slice(0, 40) + "' "
        + el.scrollWidth + "x" + el.scrollHeight + " in " + el.clientWidth + "x" + el.clientHeight);
    }
  }
  return clipped;
}"""


def clipped_with_spacing(page, css: str) -> list[str]:
    """The texts cut off inside ``css`` with the reader's spacing (WCAG 1.4.12) applied; the
    spacing is taken away again afterwards, so the page is as it was."""
    spacing = page.add_style_tag(content=TEXT_SPACING)
    try:
        # One layout pass with the new spacing (reading sizes then forces no stale layout).
        page.evaluate(
            "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        return page.evaluate(CLIPPED, css)
    finally:
        spacing.evaluate("el => el.remove()")


@pytest.mark.parametrize("width", [390, 1280])
def test_text_spacing_of_the_reader_loses_no_text(browser, servers, width):
    """Wider letters, words and lines (WCAG 1.4.12) cut no text off in any exercise."""
    _store, session = new_session(servers)
    page = open_page(browser, page_url(servers, session.code), {"width": width, "height": 844})
    try:
        join_as(page)
        # One slider moved, so its number shows (an untouched one shows none).
        handle = form(page, "demo-klik").locator("[role='slider']").first
        handle.focus()
        handle.press("ArrowRight")
        form(page, "demo-klik").locator(".ss-klik-item:not(.ss-klik-untouched)").first.wait_for(
            timeout=UI_TIMEOUT_MS
        )
        clipped = clipped_with_spacing(page, ".ss-page *, .ss-exercise *")
        assert clipped == [], clipped
    finally:
        page.context.close()
