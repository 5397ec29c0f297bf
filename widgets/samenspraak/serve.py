"""``samenspraak serve``: the participant app and the trainer dashboard as two Voila servers.

Participants reach only the workshop notebooks, on all interfaces, from preheated kernel
pools. The dashboard listens on 127.0.0.1 only, so nobody on the network can open it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO

import psutil

from .content import content_dir
from .retention import DEFAULT_KEEP_DAYS, purge_at_start
from .store import Store

PACKAGE = Path(__file__).resolve().parent
TRAINER_NOTEBOOK = PACKAGE / "app" / "trainer.ipynb"
# Participants who close their page leave a kernel behind; Voila sets no maximum, so idle,
# disconnected kernels are culled after an hour.
CULL_IDLE_SECONDS = 3600


def workshops_dir() -> Path:
    """Where the workshop notebooks are: ``$SAMENSPRAAK_WORKSHOPS``, installed, or the repo's."""
    if env := os.environ.get("SAMENSPRAAK_WORKSHOPS"):
        return Path(env)
    installed = PACKAGE / "_workshops"
    return installed if installed.is_dir() else PACKAGE.parents[1] / "workshops"


def lan_address() -> str | None:
    """This machine's IPv4 address on the local network, read from its interfaces; no traffic.

    The host name is no guide: on Debian it usually resolves to 127.0.1.1.
    """
    stats = psutil.net_if_stats()
    for name, addresses in sorted(psutil.net_if_addrs().items()):
        if not (name in stats and stats[name].isup):
            continue
        for address in addresses:
            if address.family == socket.AF_INET and not address.address.startswith("127."):
                return address.address
    return None


@dataclass(frozen=True)
class ServeConfig:
    db_url: str
    host: str = "0.0.0.0"
    port: int = 8866
    dashboard_port: int = 8867
    pool_size: int = 4
    public_url: str | None = None
    keep_days: int = DEFAULT_KEEP_DAYS  # sessions older than this are deleted at start-up
    # Workshops (ids) that get preheated kernels; empty: all. A trainer who runs one
    # workshop today saves memory and start-up time; the others still open, more slowly.
    preheat: tuple[str, ...] = ()

    @classmethod
    def on_loopback(
        cls, db_url: str, *, pool_size: int, preheat: tuple[str, ...] = ()
    ) -> ServeConfig:
        """Both servers on free ports of 127.0.0.1, for tests and benchmarks on this machine."""
        port = free_port()
        return cls(
            db_url,
            host="127.0.0.1",
            port=port,
            dashboard_port=free_port(),
            pool_size=pool_size,
            public_url=f"http://127.0.0.1:{port}",
            preheat=preheat,
        )

    @cached_property  # reads the network interfaces: once per configuration
    def participant_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = (lan_address() or "localhost") if self.host in {"0.0.0.0", "::"} else self.host
        return f"http://{host}:{self.port}"

    @property
    def dashboard_url(self) -> str:
        return f"http://127.0.0.1:{self.dashboard_port}/"


def environment(config: ServeConfig) -> dict[str, str]:
    """What both servers and all their kernels need to find the same store and content."""
    return {
        **os.environ,
        "SAMENSPRAAK_DB": config.db_url,
        "SAMENSPRAAK_CONTENT": str(content_dir().resolve()),
        "SAMENSPRAAK_PUBLIC_URL": config.participant_url,
    }


def _pools_for(workshop_ids: tuple[str, ...], pool_size: int) -> list[str]:
    """Voila's per-notebook pool sizes: ``pool_size`` for these workshops, none for others."""
    if not workshop_ids:
        return []
    pools = {"default": {"pool_size": 0}} | {
        f"{workshop_id}.ipynb": {"pool_size": pool_size} for workshop_id in workshop_ids
    }
    return [f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]


def participant_command(config: ServeConfig) -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        str(workshops_dir()),
        "--no-browser",
        f"--Voila.ip={config.host}",
        f"--port={config.port}",
        "--preheat_kernel=True",
        f"--pool_size={config.pool_size}",
        *_pools_for(config.preheat, config.pool_size),
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=300",
        "--theme=light",
    ]


def dashboard_command(config: ServeConfig) -> list[str]:
    # Voila plus the trainer's guide at /draaiboek/<workshop>.html|pdf (dashboard_server.py).
    return [
        sys.executable,
        "-m",
        "samenspraak.dashboard_server",
        str(TRAINER_NOTEBOOK),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={config.dashboard_port}",
        "--theme=light",
    ]


def serve(config: ServeConfig) -> int:
    """Start both servers, print their addresses, and stop both when one stops or on Ctrl-C."""
    store = Store(config.db_url)  # create the tables once, before any kernel races to
    try:
        retention_line = purge_at_start(store, config.keep_days)
    finally:
        store.dispose()
    env = environment(config)
    processes = [
        subprocess.Popen(participant_command(config), env=env),
        subprocess.Popen(dashboard_command(config), env=env),
    ]
    print(f"Deelnemers:        {config.participant_url}/", flush=True)
    print(f"Trainersdashboard: {config.dashboard_url}  (alleen op deze computer)", flush=True)
    print(f"Database:          {config.db_url}", flush=True)
    print(retention_line, flush=True)
    if "localhost" in config.participant_url:
        print(
            "Let op: geen netwerkadres gevonden. Deelnemers op andere apparaten kunnen "
            "localhost niet openen; geef het adres op met --public-url.",
            flush=True,
        )

    def stop(*_args: object) -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    return max(process.returncode or 0 for process in processes)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_answering(base_url: str, process: subprocess.Popen, deadline: float) -> None:
    """Wait until the server answers HTTP at all.

    It asks for a page that does not exist: any answer, even 404, means the server is up,
    and unlike the dashboard's own page it starts no kernel.
    """
    url = f"{base_url.rstrip('/')}/samenspraak-ready"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"samenspraak serve stopped with exit code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - our own server
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{base_url} did not answer in time")


@contextlib.contextmanager
def running(
    config: ServeConfig, *, output: IO | int = subprocess.DEVNULL, timeout: float = 180
) -> Iterator[subprocess.Popen]:
    """``samenspraak serve`` in the background until both servers answer; stopped afterwards.

    For tests and benchmarks: the servers run in their own process group, which is ended
    whatever happens inside the ``with`` block.
    """
    argv = [
        sys.executable,
        "-m",
        "samenspraak.cli",
        "--db",
        config.db_url,
        "serve",
        "--host",
        config.host,
        "--port",
        str(config.port),
        "--dashboard-port",
        str(config.dashboard_port),
        "--pool-size",
        str(config.pool_size),
    ]
    if config.public_url:
        argv += ["--public-url", config.public_url]
    process = subprocess.Popen(
        argv, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + timeout
        _wait_until_answering(config.dashboard_url, process, deadline)
        _wait_until_answering(f"http://127.0.0.1:{config.port}/", process, deadline)
        yield process
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen) -> None:
    """Stop a process started with ``start_new_session`` and all its children."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
