"""A join rush: a room opens the join link within one second; how soon can everyone join?

For each number of arrivals, a fresh `samenspraak serve` (participant pages of one workshop from
a preheated pool) and, beside it, plain Voila serving a small ipywidgets form
(``benchmarks/plain/form.ipynb``) with the same pool size, one after the other. The clients are
light: ``benchmarks/wire.py`` does a page's HTTP and websocket work without a browser, so
nearly all CPU goes to the servers. ``--chromium N`` instead opens N pages in Debian's
Chromium. Only 127.0.0.1 is used; every wait is bounded; it stops by itself.

    .venv/bin/python -m benchmarks.join_rush [--arrivals 30 60 100] [--pool-size 4]
        [--plain | --no-plain] [--join] [--timeout 120] [--spread 1]
    .venv/bin/python -m benchmarks.join_rush --chromium 30
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from samenspraak.core.messages import t
from samenspraak.core.store import Store
from samenspraak.core.urls import join_url
from samenspraak.serve import ServeConfig, free_port, running, stop_group

from .wire import Arrival, Expectation, Visit, percentile, rush, summary

WORKSHOP = "grondhouding"
PLAIN_DIR = Path(__file__).resolve().parent / "plain"
STARTUP_SECONDS = 300  # until the servers answer and the pool is full
MB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    """A server under test: where participants go, and what a usable page holds."""

    name: str
    url: str
    server_pid: int  # the Voila server whose children are the kernels
    expect: Expectation
    log: Path
    ready: int  # preheated kernels waiting when the rush starts
    ready_cpu: float = 0.0  # CPU seconds of one ready kernel: boot, first cell, waiting


# --- the servers ---------------------------------------------------------------------------


@contextlib.contextmanager
def samenspraak_server(
    pool_size: int, tmp: Path, *, expected: int | None = None
) -> Iterator[Target]:
    """`samenspraak serve` on loopback, a fresh store, one open session, its pool ready.

    The one place to adjust when the participant server gets new options. The session is
    opened before waiting, as a trainer does before the room scans the code: a server that
    grows the pool of an open session's workshop (``expected``) has grown it by the rush.
    """
    db_url = f"sqlite:///{tmp / 'join-rush.sqlite'}"
    options: dict[str, Any] = {} if expected is None else {"expected": expected}
    config = ServeConfig.on_loopback(db_url, pool_size=pool_size, preheat=(WORKSHOP,), **options)
    store = Store(db_url)
    try:
        session = store.create_session(WORKSHOP)
    finally:
        store.dispose()
    ready = max(config.pool_size, getattr(config, "expected", 0))
    log = tmp / "serve.log"
    with (
        log.open("w") as output,
        running(config, output=output, timeout=STARTUP_SECONDS) as serve,
    ):
        server = participant_server(serve.pid)
        wait_until_ready(server, ready, serve, log)
        yield Target(
            "samenspraak",
            join_url(config.participant_url, WORKSHOP, session.code),
            server,
            Expectation(
                t("join.button"),
                code=session.code,
                code_label=t("join.code"),
                role_label=t("role.professional"),
            ),
            log,
            ready,
            ready_kernel_cpu(server),
        )


@contextlib.contextmanager
def plain_server(pool_size: int, tmp: Path) -> Iterator[Target]:
    """Plain Voila serving ``benchmarks/plain/form.ipynb`` from a pool like samenspraak's."""
    port = free_port()
    log = tmp / "plain.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voila",
                str(PLAIN_DIR),
                "--no-browser",
                "--Voila.ip=127.0.0.1",
                f"--port={port}",
                "--preheat_kernel=True",
                f"--pool_size={pool_size}",
                "--theme=light",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until_ready(process.pid, pool_size, process, log)
            yield Target(
                "plain Voila",
                f"http://127.0.0.1:{port}/voila/render/form.ipynb",
                process.pid,
                # Usable once its button is there; joining types a code, as a person would.
                Expectation(
                    "Meedoen",
                    code="PLAIN",
                    code_filled=False,
                    role_label="Professional",
                ),
                log,
                pool_size,
                ready_kernel_cpu(process.pid),
            )
        finally:
            stop_group(process)


def wait_until_ready(server_pid: int, kernels: int, process: subprocess.Popen, log: Path) -> None:
    """Until the server has ``kernels`` kernels and they and it have gone quiet: booted and
    waiting for their page. Independent of what the server logs."""
    deadline = time.monotonic() + STARTUP_SECONDS
    before = cpu_seconds(server_pid)
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server stopped ({process.returncode}):\n{_tail(log)}")
        time.sleep(1.0)
        after = cpu_seconds(server_pid)
        busy = sum(v - before.get(pid, 0.0) for pid, v in after.items())
        before = after
        if len(kernels_of(server_pid)) >= kernels and busy < 0.15:
            return
    raise RuntimeError(f"{kernels} kernels not ready in time:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def participant_server(serve_pid: int) -> int:
    """The participant Voila server among `samenspraak serve`'s children (not the dashboard)."""
    for child in psutil.Process(serve_pid).children():
        cmdline = " ".join(child.cmdline())
        if "participant_server" in cmdline or (
            "voila" in cmdline and "dashboard_server" not in cmdline
        ):
            return child.pid
    raise RuntimeError("no participant server found")


# --- what the server costs -----------------------------------------------------------------


def kernels_of(server_pid: int) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(server_pid).children():
        with contextlib.suppress(psutil.Error):
            cmdline = " ".join(child.cmdline())  # ipykernel, or samenspraak.participant_kernel
            if "kernel" in cmdline and "-f " in cmdline:
                found.append(child)
    return found


def ready_kernel_cpu(server_pid: int) -> float:
    """The median CPU seconds the ready kernels used: what one pooled page costs to start."""
    used = []
    for kernel in kernels_of(server_pid):
        with contextlib.suppress(psutil.Error):
            times = kernel.cpu_times()
            used.append(times.user + times.system)
    return statistics.median(used) if used else 0.0


def cpu_seconds(server_pid: int) -> dict[int, float]:
    """CPU seconds used so far by the server (with reaped children) and each live descendant."""
    server = psutil.Process(server_pid)
    times = server.cpu_times()
    used = {server_pid: times.user + times.system + times.children_user + times.children_system}
    for child in server.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            child_times = child.cpu_times()
            used[child.pid] = child_times.user + child_times.system
    return used


def memory(server_pid: int) -> dict[str, Any]:
    rss, uss = [], []
    for kernel in kernels_of(server_pid):
        with contextlib.suppress(psutil.Error):
            info = kernel.memory_full_info()
            rss.append(info.rss / MB)
            uss.append(info.uss / MB)
    return {
        "kernels": len(rss),
        "server_rss": psutil.Process(server_pid).memory_info().rss / MB,
        "kernels_rss": sum(rss),
        "kernel_rss": rss,
        "kernel_uss": uss,
    }


def client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# --- one run -------------------------------------------------------------------------------


@dataclass
class Run:
    target: str
    arrivals: list[Arrival]
    figures: dict[str, Any]


def run_rush(target: Target, count: int, *, spread: float, visit: Visit) -> Run:
    """The rush with everyone staying on the page; costs measured while they are connected."""
    client_before = client_cpu()
    server_before = cpu_seconds(target.server_pid)
    started = time.monotonic()

    def while_connected() -> dict[str, Any]:
        client = client_cpu() - client_before
        server_after = cpu_seconds(target.server_pid)
        server = sum(v - server_before.get(pid, 0.0) for pid, v in server_after.items())
        return {
            "client_cpu": client,
            "server_cpu": server,
            "wall": time.monotonic() - started,
            **memory(target.server_pid),
        }

    arrivals, measured = asyncio.run(
        rush(
            target.url,
            target.expect,
            count,
            spread=spread,
            visit=visit,
            stay=True,
            while_connected=while_connected,
        )
    )
    figures = {**summary(arrivals), **measured, "ready": target.ready}
    return Run(target.name, arrivals, {**figures, "ready_cpu": target.ready_cpu})


# --- the report ----------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}" if value < 1 else f"{value:.1f}"


def _spread_mb(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


ROWS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("arrivals within the spread", lambda f: str(f["arrivals"])),
    ("kernels ready before", lambda f: str(f["ready"])),
    ("CPU s per ready kernel (median)", lambda f: f"{f['ready_cpu']:.2f}"),
    ("usable join form", lambda f: f"{f['usable']}/{f['arrivals']}"),
    (
        "to usable: median/p90/max s",
        lambda f: "/".join(_seconds(f[k]) for k in ("median", "p90", "max")),
    ),
    (
        "joined; median/max s",
        lambda f: f"{f['joined']}; {_seconds(f['joined_median'])}/{_seconds(f['joined_max'])}",
    ),
    ("failures", lambda f: str(sum(f["failures"].values()))),
    ("kernels afterwards", lambda f: str(f["kernels"])),
    ("server RSS MB", lambda f: f"{f['server_rss']:.0f}"),
    ("kernels RSS MB, sum", lambda f: f"{f['kernels_rss']:.0f}"),
    ("RSS per kernel MB (min–max)", lambda f: _spread_mb(f["kernel_rss"])),
    ("USS per kernel MB (min–max)", lambda f: _spread_mb(f["kernel_uss"])),
    ("widget state per page KB", lambda f: f"{f['state_bytes'] / 1024:.0f}"),
    ("widget models per page", lambda f: f"{f['models']:.0f}"),
    ("page HTML KB", lambda f: f"{f['page_bytes'] / 1024:.0f}"),
    ("server+kernels CPU s", lambda f: f"{f['server_cpu']:.1f}"),
    ("client CPU s (getrusage)", lambda f: f"{f['client_cpu']:.2f}"),
    ("wall s until all settled", lambda f: f"{f['wall']:.1f}"),
]


def print_table(runs: list[Run], header: str, *, verbose: bool = False) -> None:
    print(f"\n{header}")
    width = max(18, *(len(run.target) + 2 for run in runs))
    print(f"{'':30}" + "".join(f"{run.target:>{width}}" for run in runs))
    for label, cell in ROWS:
        print(f"{label:30}" + "".join(f"{cell(run.figures):>{width}}" for run in runs))
    for run in runs:
        for reason, count in sorted(run.figures["failures"].items()):
            print(f"  {run.target}: {count}× {reason}")
    if verbose:
        for run in runs:
            print(f"\n{run.target}: arrival, started +s, page HTML s, usable s, joined s")
            first = min((a.started for a in run.arrivals), default=0.0)
            for a in run.arrivals:
                print(
                    f"  {a.index:3} +{a.started - first:4.2f} {_seconds(a.page_seconds):>6} "
                    f"{_seconds(a.usable_seconds):>6} {_seconds(a.joined_seconds):>6}"
                    f"  {a.failure or ''}"
                )
    sys.stdout.flush()


# --- real Chromium -------------------------------------------------------------------------


async def chromium_rush(
    url: str, count: int, *, spread: float, timeout: float, plain: bool = False
) -> dict[str, Any]:
    """``count`` phone-size pages in Debian's Chromium, opened within ``spread`` seconds.

    Usable: samenspraak's join button with the code filled in; on the plain form its button.
    """
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright
    from tests.e2e.chromium import launch

    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    results: list[float | None] = [None] * count
    problems: dict[str, int] = {}
    async with async_playwright() as playwright:
        browser = await launch(playwright)
        pages = []

        async def one(index: int) -> None:
            await asyncio.sleep(spread * index / count)
            page = await browser.new_page(
                viewport={"width": 390, "height": 844}, device_scale_factor=2
            )
            pages.append(page)
            started = time.monotonic()
            try:
                await page.goto(url, timeout=timeout * 1000)
                left = max(1.0, timeout - (time.monotonic() - started)) * 1000
                button = "button:has-text('Meedoen')" if plain else "button.ss-join"
                await page.locator(button).wait_for(timeout=left)
                if not plain:
                    left = max(1.0, timeout - (time.monotonic() - started)) * 1000
                    await page.wait_for_function(
                        "() => document.querySelector('.ss-code-input input')?.value.length > 0",
                        timeout=left,
                    )
                results[index] = time.monotonic() - started
            except PlaywrightError as err:
                reason = str(err).splitlines()[0][:80]
                problems[reason] = problems.get(reason, 0) + 1

        await asyncio.gather(*(one(i) for i in range(count)))
        await asyncio.sleep(2)  # what the pages still do once the form is there
        browser_cpu = 0.0
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "chrom" in child.name().lower():
                    times = child.cpu_times()
                    browser_cpu += times.user + times.system
        await browser.close()
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (children_after.ru_utime + children_after.ru_stime) - (
        children_before.ru_utime + children_before.ru_stime
    )
    usable = [r for r in results if r is not None]
    return {
        "usable": usable,
        "problems": problems,
        "chromium_cpu_live": browser_cpu,
        "children_cpu": reaped,
    }


def chromium_mode(args: argparse.Namespace) -> None:
    """One Chromium rush on samenspraak, then the same on plain Voila's small form."""
    count, spread, timeout = args.chromium, args.spread, args.timeout
    ready = max(args.pool_size, args.expected or 0)
    servers = [lambda tmp: samenspraak_server(args.pool_size, tmp, expected=args.expected)]
    if args.plain:
        servers.append(lambda tmp: plain_server(ready, tmp))
    for server in servers:
        tmp = Path(tempfile.mkdtemp(prefix="samenspraak-join-rush-"))
        with server(tmp) as target:
            server_before = cpu_seconds(target.server_pid)
            result = asyncio.run(
                chromium_rush(
                    target.url,
                    count,
                    spread=spread,
                    timeout=timeout,
                    plain=target.name != "samenspraak",
                )
            )
            server_after = cpu_seconds(target.server_pid)
            kernels = len(kernels_of(target.server_pid))
        usable = result["usable"]
        server_cpu = sum(v - server_before.get(pid, 0.0) for pid, v in server_after.items())
        browser = result["chromium_cpu_live"] + result["children_cpu"]
        print(
            f"\n{target.name}: Chromium, {count} arrivals within {spread:g} s, "
            f"{target.ready} kernels ready, phone viewport"
        )
        print(f"usable join form: {len(usable)}/{count}")
        if usable:
            print(
                f"to usable: median {statistics.median(usable):.1f} s, "
                f"p90 {percentile(usable, 0.9):.1f} s, max {max(usable):.1f} s"
            )
        for reason, n in sorted(result["problems"].items()):
            print(f"  {n}× {reason}")
        print(f"kernels afterwards: {kernels}")
        print(
            f"Chromium CPU: {browser:.1f} s in all ({browser / count:.2f} s per page): "
            f"{result['chromium_cpu_live']:.1f} s in live processes, "
            f"{result['children_cpu']:.1f} s in reaped ones"
        )
        print(f"server+kernels CPU: {server_cpu:.1f} s")


# --- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arrivals", type=int, nargs="+", default=[30])
    parser.add_argument(
        "--pool-size", type=int, default=4, help="samenspraak's idle pool; plain Voila's pool"
    )
    parser.add_argument(
        "--expected",
        type=int,
        help="samenspraak's expected group (its pool grows to it once a session is open); "
        "plain Voila then gets a pool of the same size",
    )
    parser.add_argument("--spread", type=float, default=1.0, help="seconds over which all arrive")
    parser.add_argument("--timeout", type=float, default=120, help="per arrival, seconds")
    parser.add_argument(
        "--plain",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also rush plain Voila serving a small form (default: yes)",
    )
    parser.add_argument("--join", action="store_true", help="also choose a role and click")
    parser.add_argument(
        "--comm-info",
        action="store_true",
        help="send comm_info_request too (the widget manager's fallback path)",
    )
    parser.add_argument("--verbose", action="store_true", help="also print every arrival")
    parser.add_argument("--chromium", type=int, metavar="N", help="one real-Chromium rush")
    args = parser.parse_args(argv)

    if args.chromium:
        chromium_mode(args)
        return
    ready = max(args.pool_size, args.expected or 0)
    servers = [lambda tmp: samenspraak_server(args.pool_size, tmp, expected=args.expected)]
    if args.plain:
        servers.append(lambda tmp: plain_server(ready, tmp))
    for count in args.arrivals:
        runs = []
        for server in servers:
            tmp = Path(tempfile.mkdtemp(prefix="samenspraak-join-rush-"))
            with server(tmp) as target:
                runs.append(
                    run_rush(
                        target,
                        count,
                        spread=args.spread,
                        visit=Visit(args.timeout, join=args.join, comm_info=args.comm_info),
                    )
                )
        print_table(
            runs,
            f"{count} arrivals within {args.spread:g} s, "
            f"timeout {args.timeout:g} s, light client (benchmarks/wire.py)",
            verbose=args.verbose,
        )


if __name__ == "__main__":
    main()
