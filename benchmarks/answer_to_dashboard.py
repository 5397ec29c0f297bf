"""From a participant's saved answer to the trainer's screen: how long until the trainer sees it?

A real `samenspraak serve` on loopback (fresh SQLite store, ``--expected`` = the group). The
trainer is Debian's Chromium (Playwright): it opens the dashboard and starts a session of the
demo workshop with minimum group size 1, as ``tests/e2e/session.start_session`` does. The
group are light clients (``benchmarks/wire.py``) that open the join link, join, and stay on
the page, their kernels polling the store as real pages do. Then, ``--saves`` times, one of
them types a new answer to the open question (``demo-open``) and clicks Save:

- *save round trip*: from sending the click until the page's status (an HTML value with
  ``ss-ok``) arrives over its websocket;
- *confirmed → dashboard*: from that confirmation until the answer's text appears in the
  dashboard's list of answers (``.ss-panel-demo-open .ss-open-answer``), stamped in Chromium
  by a MutationObserver (``Date.now()``; same clock as Python's ``time.time()``).

The dashboard polls the store once a second, so most of the second figure is waiting for
its next poll. CPU of the participant server, its kernels and the dashboard server is
measured over the saves. Only 127.0.0.1; every wait is bounded; it stops by itself.

    .venv/bin/python -m benchmarks.answer_to_dashboard [--people 30] [--saves 10]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import string
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from websockets.exceptions import WebSocketException

from samenspraak.core.messages import t
from samenspraak.core.urls import join_url
from samenspraak.serve import ServeConfig, running

from .join_rush import cpu_seconds, kernels_of, participant_server, wait_until_ready
from .wire import (
    Arrival,
    Expectation,
    KernelChannel,
    Message,
    Visit,
    WidgetState,
    _join,
    _left,
    _load_page,
    _load_widgets,
    _next,
)

WORKSHOP = "demo"
EXERCISE = "demo-open"
FORM = f"ss-exercise-{EXERCISE}"
ANSWERS = f".ss-panel-{EXERCISE} .ss-open-answer"
STARTUP_SECONDS = 300
JOIN_SECONDS = 240  # per participant, from opening the link until joined
SAVE_SECONDS = 30  # from the click until the page confirms
SHOW_SECONDS = 30  # from the confirmation until the dashboard shows the answer
UI_TIMEOUT_MS = 60_000

# Installed in the dashboard before each save: stamps the moment the text is in the list.
WATCH = """(args) => {
  const [selector, text] = args;
  if (window.__ssObserver) window.__ssObserver.disconnect();
  window.__ssSeen = null;
  const hit = () => [...document.querySelectorAll(selector)].some(e => e.textContent === text);
  const check = () => {
    if (window.__ssSeen === null && hit()) {
      window.__ssSeen = Date.now();
      window.__ssObserver.disconnect();
    }
  };
  window.__ssObserver = new MutationObserver(check);
  window.__ssObserver.observe(document.body,
    {childList: true, subtree: true, characterData: true});
  check();
}"""


# --- the participants: one event loop in a background thread ---------------------------------


class Phone:
    """One participant's page, joined and staying connected; can save an open answer."""

    def __init__(self, index: int, url: str, expect: Expectation):
        self.arrival = Arrival(index)
        self.url, self.expect = url, expect
        self.kernel: KernelChannel | None = None
        self.widgets: WidgetState | None = None
        # While saving: the form's HTML models and the future the confirmation resolves.
        self._watch: tuple[set[str], asyncio.Future[float]] | None = None

    async def stay(self, leave: asyncio.Event) -> None:
        """Open the page, join, then read everything the kernel sends until ``leave``."""
        arrival = self.arrival
        arrival.started = time.monotonic()
        deadline = arrival.started + JOIN_SECONDS
        try:
            page = await _load_page(self.url, arrival, deadline)
            if page is None:
                return
            base, kernel_id, roots, _xsrf = page
            async with KernelChannel.open(base, kernel_id, timeout=_left(deadline)) as kernel:
                widgets = await _load_widgets(kernel, roots, arrival, Visit(), deadline)
                while not widgets.usable(self.expect):
                    message = await _next(kernel, deadline)
                    if message.msg_type in {"comm_msg", "comm_open"}:
                        widgets.apply(message)
                arrival.usable_seconds = time.monotonic() - arrival.started
                await _join(kernel, widgets, self.expect, deadline)
                arrival.joined_seconds = time.monotonic() - arrival.started
                self.kernel, self.widgets = kernel, widgets
                reading = asyncio.ensure_future(self._read())
                leaving = asyncio.ensure_future(leave.wait())
                await asyncio.wait({reading, leaving}, return_when=asyncio.FIRST_COMPLETED)
                for task in (reading, leaving):
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, WebSocketException):
                        await task
                if reading.done() and not reading.cancelled() and reading.exception():
                    arrival.fail(f"connection lost: {reading.exception()!r}"[:80])
        except TimeoutError:
            arrival.fail(f"timeout after {' > '.join(arrival.progress) or 'nothing'}")
        except (OSError, WebSocketException, ValueError, KeyError, IndexError) as err:
            arrival.fail(f"{type(err).__name__}: {str(err)[:80]}")
        finally:
            self.kernel = None

    async def _read(self) -> None:
        assert self.kernel is not None
        assert self.widgets is not None
        while True:
            message = await self.kernel.receive()
            stamp = time.time()
            if message.msg_type in {"comm_msg", "comm_open"} and self.widgets.apply(message):
                self._check(message, stamp)

    def _check(self, message: Message, stamp: float) -> None:
        if self._watch is None:
            return
        models, confirmed = self._watch
        if message.content.get("comm_id") not in models or confirmed.done():
            return
        value = (message.content.get("data", {}).get("state") or {}).get("value")
        if isinstance(value, str) and "ss-ok" in value:
            confirmed.set_result(stamp)
        elif isinstance(value, str) and "ss-problem" in value:
            confirmed.set_exception(ValueError(f"save refused: {value[:120]}"))

    def _form(self) -> str | None:
        assert self.widgets is not None
        for model_id, state in self.widgets.models.items():
            if FORM in (state.get("_dom_classes") or []):
                return model_id
        return None

    def _inside(self, model_id: str) -> list[str]:
        assert self.widgets is not None
        return self.widgets.descendants(model_id)

    async def save(self, text: str) -> tuple[float, float]:
        """Type ``text`` into the open question and click Save; (clicked, confirmed) times."""
        deadline = time.monotonic() + SAVE_SECONDS
        while self.kernel is None or (form := self._form()) is None:  # built after joining
            _left(deadline)
            await asyncio.sleep(0.05)
        models = self.widgets.models  # type: ignore[union-attr]
        inside = self._inside(form)
        area = next(m for m in inside if models[m].get("_model_name") == "TextareaModel")
        button = next(m for m in inside if "ss-save" in (models[m].get("_dom_classes") or []))
        html = {m for m in inside if models[m].get("_model_name") == "HTMLModel"}
        kernel = self.kernel
        await kernel.comm(area, {"method": "update", "state": {"value": text}, "buffer_paths": []})
        confirmed: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._watch = (html, confirmed)
        try:
            clicked = time.time()
            await kernel.comm(button, {"method": "custom", "content": {"event": "click"}})
            return clicked, await asyncio.wait_for(confirmed, _left(deadline))
        finally:
            self._watch = None


class Room:
    """The participants' event loop, in a thread of its own; the main thread drives Chromium."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.leave = self.call(self._event, 10)
        self.stays: list[Any] = []

    @staticmethod
    async def _event() -> asyncio.Event:
        return asyncio.Event()

    def call(self, coroutine: Callable[[], Coroutine] | Coroutine, timeout: float) -> Any:
        if callable(coroutine):
            coroutine = coroutine()
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def enter(self, phones: list[Phone], spread: float) -> None:
        async def one(phone: Phone) -> None:
            await asyncio.sleep(spread * phone.arrival.index / max(len(phones), 1))
            await phone.stay(self.leave)

        self.stays = [asyncio.run_coroutine_threadsafe(one(p), self.loop) for p in phones]

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.leave.set)
        for stay in self.stays:
            with contextlib.suppress(Exception):
                stay.result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)
        if not self.thread.is_alive():
            self.loop.close()


def wait_joined(phones: list[Phone], limit: float) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if all(p.arrival.failure or p.kernel is not None for p in phones):
            return
        time.sleep(0.2)


# --- CPU -------------------------------------------------------------------------------------


def cpu_split(serve_pid: int, server_pid: int) -> dict[str, float]:
    """CPU seconds so far: participant server, its kernels, the dashboard server and kernel."""
    participant = cpu_seconds(server_pid)
    kernels = {k.pid for k in kernels_of(server_pid)}
    dashboard = 0.0
    for child in psutil.Process(serve_pid).children():
        if child.pid != server_pid:
            with contextlib.suppress(psutil.Error):
                dashboard += sum(cpu_seconds(child.pid).values())
    return {
        "server": sum(v for pid, v in participant.items() if pid not in kernels),
        "kernels": sum(v for pid, v in participant.items() if pid in kernels),
        "dashboard": dashboard,
    }


# --- the run ---------------------------------------------------------------------------------


@dataclass
class Save:
    phone: int
    round_trip: float  # click → confirmed on the page, s
    to_dashboard: float | None  # confirmed → in the dashboard's list, s


def answer_text(rng: random.Random, n: int) -> str:
    """A distinct answer the open question accepts (letters only: no date or phone number)."""
    tag = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
    return f"Ik doe dit werk omdat samen zoeken helpt, meting {tag} {'x' * (n % 3)}".strip()


def measure(args: argparse.Namespace) -> dict[str, Any]:
    """Serve, the trainer in Chromium, the group joined; then the saves. The figures."""
    with tempfile.TemporaryDirectory(
        prefix="samenspraak-answer-to-dashboard-", ignore_cleanup_errors=True
    ) as tmp:
        return _measure(args, Path(tmp))


def _measure(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright
    from tests.e2e.chromium import launch
    from tests.e2e.session import start_session

    people = args.people
    config = ServeConfig.on_loopback(
        f"sqlite:///{tmp / 'answers.sqlite'}",
        pool_size=args.pool_size,
        preheat=(WORKSHOP,),
        expected=people,
    )
    log = tmp / "serve.log"
    room: Room | None = None
    with (
        log.open("w") as output,
        running(config, output=output, timeout=STARTUP_SECONDS) as serve,
        sync_playwright() as playwright,
    ):
        server = participant_server(serve.pid)
        browser = launch(playwright)
        try:
            started = time.monotonic()
            session = start_session(browser, config, WORKSHOP, min_group=1)
            trainer, code = session.trainer, session.code
            print(f"session {code} started in the dashboard ({time.monotonic() - started:.1f} s)")
            started = time.monotonic()
            wait_until_ready(server, people, serve, log)  # the pool grows to the group
            print(f"{people} kernels ready ({time.monotonic() - started:.1f} s)")
            room = Room()
            joined = enter(room, args, config.participant_url, code, log)
            # The dashboard has seen everyone before the first save; then let things settle.
            trainer.locator(f'.ss-participants[data-count="{len(joined)}"]').wait_for(
                state="attached", timeout=UI_TIMEOUT_MS
            )
            time.sleep(args.settle)
            before = cpu_split(serve.pid, server)
            phase_started = time.monotonic()
            results, failed = time_saves(room, joined, trainer, args)
            wall = time.monotonic() - phase_started
            after = cpu_split(serve.pid, server)
            return {
                "people": people,
                "joined": len(joined),
                "still": sum(1 for p in joined if p.kernel is not None),
                "kernels": len(kernels_of(server)),
                "results": results,
                "failed": failed,
                "cpu": {key: after[key] - before[key] for key in after},
                "wall": wall,
            }
        finally:
            if room is not None:
                room.close()
            browser.close()


def enter(
    room: Room, args: argparse.Namespace, participant_url: str, code: str, log: Path
) -> list[Phone]:
    """The group opens the join link within ``--spread`` seconds and joins; the joined."""
    url = join_url(participant_url, WORKSHOP, code)
    expect = Expectation(
        t("join.button"),
        code=code,
        code_label=t("join.code"),
        role_label=t("role.professional"),
    )
    phones = [Phone(i, url, expect) for i in range(args.people)]
    started = time.monotonic()
    room.enter(phones, spread=args.spread)
    wait_joined(phones, args.spread + JOIN_SECONDS + 10)
    joined = [p for p in phones if p.kernel is not None]
    print(f"{len(joined)}/{args.people} joined ({time.monotonic() - started:.1f} s)")
    for p in phones:
        if p.arrival.failure:
            print(f"  participant {p.arrival.index}: {p.arrival.failure}")
    sys.stdout.flush()
    if not joined:
        raise RuntimeError(f"nobody joined:\n{log.read_text(errors='replace')[-3000:]}")
    return joined


def time_saves(
    room: Room, joined: list[Phone], trainer: Any, args: argparse.Namespace
) -> tuple[list[Save], int]:
    """``--saves`` saves, one participant after another; the timings and the failures."""
    from playwright.sync_api import Error as PlaywrightError

    rng = random.Random(args.seed)
    results: list[Save] = []
    failed = 0
    for n in range(args.saves):
        phone = joined[n % len(joined)]
        text = answer_text(rng, n)
        trainer.evaluate(WATCH, [ANSWERS, text])
        try:
            clicked, confirmed = room.call(phone.save(text), SAVE_SECONDS + 5)
        except (TimeoutError, ValueError, StopIteration) as err:
            failed += 1
            print(f"  save {n + 1:2}: participant {phone.arrival.index:2} failed: {err!r}")
            continue
        try:
            trainer.wait_for_function("() => window.__ssSeen !== null", timeout=SHOW_SECONDS * 1000)
            seen = trainer.evaluate("window.__ssSeen") / 1000
        except PlaywrightError:
            seen = None
        results.append(
            Save(
                phone.arrival.index, confirmed - clicked, None if seen is None else seen - confirmed
            )
        )
        shown = "not seen" if seen is None else f"{(seen - confirmed) * 1000:6.0f} ms"
        print(
            f"  save {n + 1:2}: participant {phone.arrival.index:2}, "
            f"round trip {(confirmed - clicked) * 1000:5.0f} ms, confirmed → dashboard {shown}"
        )
        sys.stdout.flush()
        time.sleep(rng.uniform(args.gap, args.gap + 1.0))  # any phase of the dashboard's poll
    return results, failed


def report(figures: dict[str, Any]) -> None:
    results: list[Save] = figures["results"]
    trips = [s.round_trip * 1000 for s in results]
    shown = [s.to_dashboard * 1000 for s in results if s.to_dashboard is not None]
    wall = figures["wall"]

    def spread(values: list[float]) -> str:
        if not values:
            return "-"
        return f"{statistics.median(values):.0f} / {min(values):.0f} / {max(values):.0f}"

    def cpu(key: str) -> str:
        used = figures["cpu"][key]
        return f"{used:.2f} s ({100 * used / wall:.1f}% of a core)"

    rows = [
        (
            "participants joined / still connected",
            f"{figures['joined']}/{figures['people']} / {figures['still']}",
        ),
        ("participant kernels", str(figures["kernels"])),
        (
            "saves confirmed / failed / seen on dashboard",
            f"{len(results)} / {figures['failed']} / {len(shown)}",
        ),
        ("save round trip ms (median/min/max)", spread(trips)),
        ("confirmed → dashboard ms (median/min/max)", spread(shown)),
        ("participant server CPU", cpu("server")),
        ("participant kernels CPU (all)", cpu("kernels")),
        ("dashboard server + kernel CPU", cpu("dashboard")),
        ("wall time of the saves s", f"{wall:.1f}"),
    ]
    print(
        f"\n{figures['people']} participants, {len(results)} saves to {EXERCISE}; "
        "the dashboard polls once a second"
    )
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        print(f"{label:{width}}{value}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--pool-size", type=int, default=2, help="idle pool before the session")
    parser.add_argument("--spread", type=float, default=5.0, help="seconds over which all join")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds before the saves")
    parser.add_argument("--gap", type=float, default=1.0, help="pause between saves: gap..gap+1")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.people < 1 or args.saves < 1:
        parser.error("--people and --saves must be at least 1")
    report(measure(args))


if __name__ == "__main__":
    main()
