"""How fast a participant's page is usable, and what one participant kernel costs in memory.

Starts `samenspraak serve` on free loopback ports with a fresh SQLite store, opens participant
links in Debian's Chromium one after another and in a burst, and prints the figures. It sends
traffic only to 127.0.0.1 and stops by itself.

    .venv/bin/python -m benchmarks.participant_page [--pool-size 4] [--burst 10]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import sync_playwright
from tests.e2e.chromium import launch

from samenspraak.serve import ServeConfig, running
from samenspraak.store import Store
from samenspraak.urls import join_url


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def kernels_of(server_pid: int) -> list[int]:
    """Kernel processes started by one Voila server (its children running ipykernel)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if int(stat[1]) == server_pid and b"ipykernel" in cmdline:
            found.append(int(proc.name))
    return found


def server_pids(serve_pid: int) -> list[int]:
    """The two Voila servers under `samenspraak serve`: participant first, then dashboard."""
    children = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == serve_pid:
                children.append(int(proc.name))
    return sorted(children)


def time_to_usable(browser, url: str) -> float:
    """Seconds from navigation until the join form can be used (code field filled, button shown)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    started = time.monotonic()
    page.goto(url, timeout=120_000)
    page.locator("button.ss-join").wait_for(timeout=120_000)
    page.wait_for_function(
        "() => document.querySelector('.ss-code-input input')?.value.length > 0", timeout=120_000
    )
    elapsed = time.monotonic() - started
    page.close()
    return elapsed


def fetch_seconds(url: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=300) as response:
        response.read()
    return time.monotonic() - started


def server_burst(url: str, count: int) -> list[float]:
    """Seconds until Voila has sent each whole page, for ``count`` requests at the same moment.

    A browser on this same 2-core machine would compete with the kernels for CPU; real
    participants bring their own devices, so this measures the server's part alone.
    """
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(fetch_seconds, [url] * count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool-size", type=int, default=4)
    parser.add_argument("--sequential", type=int, default=6)
    parser.add_argument("--burst", type=int, default=10)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="samenspraak-bench-"))
    config = ServeConfig.on_loopback(f"sqlite:///{tmp / 'bench.sqlite'}", pool_size=args.pool_size)
    with running(config) as serve:
        session = Store(config.db_url).create_session("grondhouding")
        url = join_url(config.participant_url, session.workshop_id, session.code)
        participant_server = server_pids(serve.pid)[0]
        # Let the pool fill before measuring, as before a real session: ~1.5 s CPU a kernel.
        time.sleep(5 + 2 * args.pool_size)

        with sync_playwright() as playwright:
            browser = launch(playwright)
            sequential = []
            for _ in range(args.sequential):
                sequential.append(time_to_usable(browser, url))
                time.sleep(2)  # participants trickle in rather than all in one second
            browser.close()
        time.sleep(5 + 2 * args.pool_size)  # refill the pool
        burst = server_burst(url, args.burst)
        kernels = kernels_of(participant_server)
        memory = [rss_mb(pid) for pid in kernels]

        print(f"pool size {args.pool_size}; Chromium on the same 2-core machine")
        print(
            f"sequential opens ({len(sequential)}): "
            + ", ".join(f"{s:.2f}" for s in sequential)
            + " s; median "
            f"{statistics.median(sequential):.2f} s"
        )
        print(
            f"server only, {args.burst} pages requested at once: fastest {min(burst):.2f} s, "
            f"median {statistics.median(burst):.2f} s, slowest {max(burst):.2f} s"
        )
        print(
            f"participant kernels: {len(memory)}; RSS per kernel median "
            f"{statistics.median(memory):.0f} MB (min {min(memory):.0f}, max {max(memory):.0f})"
        )


if __name__ == "__main__":
    main()
