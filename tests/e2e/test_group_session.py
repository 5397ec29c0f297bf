"""A trainer and three participants run a session together, in real Chromium on real servers."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from samenspraak.catalog import load_workshop

from .session import UI_TIMEOUT_MS, join, press, save, start_session

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
SCALE = {1: "Nooit", 2: "Zelden", 3: "Soms", 4: "Vaak", 5: "Altijd"}
STELLING_LABEL = {"eens": "Eens", "oneens": "Oneens", "weet_niet": "Weet ik niet"}

# What each participant answers: role, device width, score per schaal statement,
# choices per stelling, and texts per open question.
PARTICIPANTS = [
    {
        "role": "Professional",
        "width": 1280,
        "score": 4,
        "stelling": {
            "ouder-kent-het-kind": ("eens", "Ouders zien hun kind elke dag."),
            "taal-over-ouders": ("oneens", ""),
            "voorbij-de-regels": ("weet_niet", ""),
        },
        "open": {
            "waarom-doe-ik-wat-ik-doe": XSS,
            "zin-met-respect": "Wij vragen eerst wat de ouder zelf ziet.",
        },
    },
    {
        "role": "Ouder of verzorger",
        "width": 390,
        "score": 2,
        "stelling": {
            "ouder-kent-het-kind": ("eens", "<script>alert(2)</script>"),
            "taal-over-ouders": ("eens", ""),
            "voorbij-de-regels": ("eens", "Soms moet het anders."),
        },
        "open": {
            "waarom-doe-ik-wat-ik-doe": "Ik wil dat de ouder zich gehoord voelt.",
            "zin-met-respect": "Deze moeder weet goed wat haar kind nodig heeft.",
        },
    },
    {
        "role": "Jongere",
        "width": 390,
        "score": 5,
        "stelling": {
            "ouder-kent-het-kind": ("oneens", ""),
            "taal-over-ouders": ("eens", ""),
            "voorbij-de-regels": ("eens", ""),
        },
        "open": {
            "waarom-doe-ik-wat-ik-doe": "Omdat luisteren eerst komt.",
            "zin-met-respect": "Wat heeft u nodig om dit samen te doen?",
        },
    },
]


def _children(pid: int) -> list[tuple[int, str]]:
    """Child processes of ``pid`` with their command lines, read from /proc."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append((int(proc.name), cmdline))
    return found


def _loaded_packages(server_pid: int, server_marker: str) -> list[set[str]]:
    """For each kernel of the Voila server whose command line has ``server_marker``: the
    heavy packages whose compiled modules are mapped into it."""
    server = next(pid for pid, cmd in _children(server_pid) if server_marker in cmd)
    # Participant kernels run samenspraak.participant_kernel, the dashboard's ipykernel.
    kernels = [pid for pid, cmd in _children(server) if "kernel" in cmd and "-f " in cmd]
    assert kernels
    return [
        {
            name
            for name in ("pandas", "matplotlib")
            if f"site-packages/{name}/" in Path(f"/proc/{pid}/maps").read_text()
        }
        for pid in kernels
    ]


def _answer_everything(page, plan: dict, workshop) -> None:
    schaal = workshop.exercise("mijn-grondhouding")
    form = page.locator(".ss-exercise-mijn-grondhouding")
    for statement in schaal.statements:
        press(form, f".ss-statement-{statement.id}", SCALE[plan["score"]])
    save(page, "mijn-grondhouding")
    for exercise_id, (choice, reason) in plan["stelling"].items():
        form = page.locator(f".ss-exercise-{exercise_id}")
        press(form, ".ss-choice", STELLING_LABEL[choice])
        if reason:
            form.locator(".ss-reason textarea").fill(reason)
        save(page, exercise_id)
    for exercise_id, text in plan["open"].items():
        page.locator(f".ss-exercise-{exercise_id} .ss-open-text textarea").fill(text)
        save(page, exercise_id)


def _counts(dashboard, selector: str) -> list[int]:
    return [
        int(c)
        for c in dashboard.locator(f"{selector} .ss-bar-count").evaluate_all(
            "els => els.map(e => e.dataset.count)"
        )
    ]


def test_trainer_and_three_participants(servers, browser) -> None:
    workshop = load_workshop("grondhouding")
    dialogs: list[str] = []

    opened = start_session(browser, servers, "grondhouding", min_group=3)
    trainer, code, join_link = opened.trainer, opened.code, opened.join_link
    trainer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    assert join_link == f"{servers.participant_url}/voila/render/grondhouding.ipynb?code={code}"
    trainer.locator(".ss-participants[data-count='0']").wait_for()
    waiting = trainer.locator(".ss-panel-mijn-grondhouding .ss-waiting")
    assert "0 van minimaal 3" in waiting.inner_text()

    # A wrong code gets a clear Dutch message, and the person can try again.
    stranger = browser.new_page(viewport={"width": 390, "height": 844})
    stranger.goto(f"{servers.participant_url}/voila/render/grondhouding.ipynb")
    stranger.locator(".ss-code-input input").fill("ZZZZZ", timeout=UI_TIMEOUT_MS)
    press(stranger, ".ss-role", "Professional")
    stranger.locator("button.ss-join").click()
    assert "De code ZZZZZ werkt niet" in stranger.locator(".ss-problem").inner_text(
        timeout=UI_TIMEOUT_MS
    )
    stranger.close()

    pages = []
    for plan in PARTICIPANTS:
        page = join(browser, join_link, plan["role"], width=plan["width"])
        # The code came from ?code= in the link; nobody typed it.
        assert code in page.locator(".ss-joined").inner_text()
        pages.append(page)

    # Identifying details are caught before saving; the text stays for rewriting.
    jongere = pages[2]
    field = jongere.locator(".ss-exercise-zin-met-respect .ss-open-text textarea")
    field.fill("Mail de moeder op ouder@example.nl")
    jongere.locator(".ss-exercise-zin-met-respect button.ss-save").click()
    problem = jongere.locator(".ss-exercise-zin-met-respect .ss-problem")
    assert "e-mailadres" in problem.inner_text(timeout=UI_TIMEOUT_MS)
    assert field.input_value() == "Mail de moeder op ouder@example.nl"

    for page, plan in zip(pages, PARTICIPANTS, strict=True):
        _answer_everything(page, plan, workshop)

    trainer.locator(".ss-participants[data-count='3']").wait_for(timeout=UI_TIMEOUT_MS)
    # The dashboard redraws by itself; the last answer given is the jongere's last open one.
    trainer.locator(".ss-panel-zin-met-respect .ss-count", has_text="3 antwoorden").wait_for(
        timeout=UI_TIMEOUT_MS
    )
    assert "Ouder of verzorger: 1" in trainer.locator(".ss-participants").inner_text()
    first = workshop.exercise("mijn-grondhouding").statements[0].id
    dist = f".ss-panel-mijn-grondhouding .ss-dist[data-statement='{first}']"
    trainer.locator(dist).wait_for(timeout=UI_TIMEOUT_MS)
    # Scores 4, 2 and 5: one each of Zelden, Vaak and Altijd.
    assert _counts(trainer, dist) == [0, 1, 0, 1, 1]
    assert trainer.locator(f"{dist} .ss-mean").inner_text() == "3,7"
    radar = trainer.locator(".ss-panel-mijn-grondhouding img.ss-radar")
    assert radar.count() == 1
    assert radar.evaluate("img => img.naturalWidth") > 100  # a real PNG, decoded by the browser
    assert _counts(trainer, ".ss-panel-ouder-kent-het-kind .ss-split") == [2, 1, 0]
    assert _counts(trainer, ".ss-panel-taal-over-ouders .ss-split") == [2, 1, 0]

    # Participant text is shown literally on the dashboard; no script ran.
    open_panel = trainer.locator(".ss-panel-waarom-doe-ik-wat-ik-doe")
    assert XSS in open_panel.inner_text()
    assert open_panel.locator("img").count() == 0
    reasons = trainer.locator(".ss-panel-ouder-kent-het-kind").inner_text()
    assert "<script>alert(2)</script>" in reasons
    assert (
        "Deze moeder weet goed wat haar kind nodig heeft."
        in trainer.locator(".ss-panel-zin-met-respect").inner_text()
    )

    # A changed answer replaces the earlier one, and the dashboard follows by itself.
    professional = pages[0]
    form = professional.locator(".ss-exercise-taal-over-ouders")
    press(form, ".ss-choice", "Eens")
    form.locator(".ss-pending").wait_for(timeout=UI_TIMEOUT_MS)  # changed, not yet saved
    started = time.monotonic()
    form.locator("button.ss-save").click()
    form.locator(".ss-ok", has_text="nieuwe antwoord").wait_for(timeout=UI_TIMEOUT_MS)
    trainer.wait_for_function(
        "() => [...document.querySelectorAll('.ss-panel-taal-over-ouders .ss-split .ss-bar-count')]"
        ".map(e => e.dataset.count).join() === '3,0,0'",
        timeout=UI_TIMEOUT_MS,
    )
    print(f"\ndashboard followed a changed answer after {time.monotonic() - started:.2f} s")

    assert dialogs == []

    # Participant kernels (real Voila kernels, after answering) never load pandas or
    # matplotlib; the dashboard's kernel, which drew the radar chart, does.
    assert all(not loaded for loaded in _loaded_packages(servers.pid, "workshops"))
    assert any("matplotlib" in loaded for loaded in _loaded_packages(servers.pid, "trainer.ipynb"))
    if shots := os.environ.get("SAMENSPRAAK_SCREENSHOTS"):  # for people to look at
        trainer.screenshot(path=f"{shots}/dashboard.png", full_page=True)
        pages[1].screenshot(path=f"{shots}/participant-phone.png", full_page=True)
