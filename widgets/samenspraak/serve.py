"""``samenspraak serve``: the participant app and the trainer dashboard as two Voila servers.

Participants reach only the workshop notebooks, on all interfaces, from preheated kernel
pools that grow to the expected group once a session is open (participant_server.py). The
dashboard listens on 127.0.0.1 only, so nobody on the network can open it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO

import platformdirs
import psutil

from .core.content import content_dir
from .core.files import private_dir, write_private
from .core.retention import DEFAULT_KEEP_DAYS, purge_at_start
from .core.store import Store
from .core.urls import DASHBOARD_TOKEN_ENV as TOKEN_ENV
from .page_template import TEMPLATE_NAME, jupyter_path

PACKAGE = Path(__file__).resolve().parent
TRAINER_NOTEBOOK = PACKAGE / "app" / "trainer.ipynb"
DEFAULT_EXPECTED = 30  # the largest group in the field (6 to 30 people)
DEFAULT_IDLE_POOL = 2  # ready kernels per workshop before its session opens
DEFAULT_MAX_PER_ADDRESS = 8  # a phone that reloads, a laptop beside it, a tab or two
# The Voila server holds 18–23 open files per kernel (measured); keep room for the rest.
FILES_PER_KERNEL = 25
FILES_RESERVED = 200
PR_SET_PDEATHSIG = 1


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
    pool_size: int = DEFAULT_IDLE_POOL  # ready kernels per workshop without an open session
    public_url: str | None = None
    # Days a closed session is kept; 0 (the default): deleted at the next start-up.
    keep_days: int = DEFAULT_KEEP_DAYS
    # Workshops (ids) that get preheated kernels; empty: all. A trainer who runs one
    # workshop today saves memory and start-up time; the others still open, more slowly.
    preheat: tuple[str, ...] = ()
    expected: int = DEFAULT_EXPECTED  # an open session's workshop keeps this many ready
    max_kernels: int = 0  # participant pages at once; 0: twice `expected`, plus 10
    max_per_address: int = DEFAULT_MAX_PER_ADDRESS  # 0: no limit
    # The dashboard's secret; empty: the one kept for this computer (dashboard_token()).
    dashboard_token: str = field(default="", repr=False)

    @classmethod
    def on_loopback(
        cls,
        db_url: str,
        *,
        pool_size: int,
        preheat: tuple[str, ...] = (),
        expected: int = DEFAULT_EXPECTED,
        max_kernels: int = 0,
        max_per_address: int = 0,
    ) -> ServeConfig:
        """Both servers on free ports of 127.0.0.1, for tests and benchmarks on this machine.

        Every page comes from the same address here, so there is no per-address limit unless
        one is asked for.
        """
        port = free_port()
        return cls(
            db_url,
            host="127.0.0.1",
            port=port,
            dashboard_port=free_port(),
            pool_size=pool_size,
            public_url=f"http://127.0.0.1:{port}",
            preheat=preheat,
            expected=expected,
            max_kernels=max_kernels,
            max_per_address=max_per_address,
            dashboard_token=secrets.token_urlsafe(24),
        )

    @property
    def kernel_cap(self) -> int:
        return self.max_kernels or 2 * self.expected + 10

    @cached_property  # reads the network interfaces: once per configuration
    def participant_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = (lan_address() or "localhost") if self.host in {"0.0.0.0", "::"} else self.host
        return f"http://{host}:{self.port}"

    @property
    def dashboard_url(self) -> str:
        """The trainer's link, with the token that opens the dashboard."""
        token = self.dashboard_token or dashboard_token()
        return f"http://127.0.0.1:{self.dashboard_port}/?token={token}"

    @property
    def dashboard_address(self) -> str:
        return f"http://127.0.0.1:{self.dashboard_port}/"


def dashboard_token() -> str:
    """This computer's random dashboard token, kept 0600 in the user's data directory.

    The same token at every start: a restarted `serve` keeps the trainer's page logged in,
    and a bookmarked dashboard link keeps working.
    """
    if env := os.environ.get(TOKEN_ENV):
        return env
    path = platformdirs.user_data_path("samenspraak", appauthor=False) / "dashboard-token"
    with contextlib.suppress(OSError):
        token = path.read_text().strip()
        if len(token) >= 20:
            return token
    token = secrets.token_urlsafe(24)
    private_dir(path.parent)
    write_private(path, token)
    return token


def environment(config: ServeConfig) -> dict[str, str]:
    """What both servers and all their kernels need to find the same store and content."""
    env = {
        **os.environ,
        TOKEN_ENV: config.dashboard_token or dashboard_token(),
        "SAMENSPRAAK_DB": config.db_url,
        "SAMENSPRAAK_CONTENT": str(content_dir().resolve()),
        "SAMENSPRAAK_PUBLIC_URL": config.participant_url,
    }
    # Voila finds the kit's page template (page_template.py) through JUPYTER_PATH.
    env["JUPYTER_PATH"] = jupyter_path()
    return env


def participant_command(config: ServeConfig) -> list[str]:
    from .participant_server import ADDRESS_HEADER, DEVICE_HEADER

    return [
        sys.executable,
        "-m",
        "samenspraak.participant_server",
        str(workshops_dir()),
        "--no-browser",
        f"--Voila.ip={config.host}",
        f"--port={config.port}",
        "--Voila.port_retries=0",  # a restart must come back on the same address
        "--preheat_kernel=True",
        "--pool_size=0",  # ParticipantVoila sizes the pools itself
        f"--ParticipantVoila.idle_pool={config.pool_size}",
        f"--ParticipantVoila.expected={config.expected}",
        f"--ParticipantVoila.max_kernels={config.kernel_cap}",
        f"--ParticipantVoila.max_per_address={config.max_per_address}",
        *(f"--ParticipantVoila.preheat={workshop_id}" for workshop_id in config.preheat),
        f"--ParticipantVoila.db_url={config.db_url}",
        # After a rush, refills wait a few seconds so they do not compete with the pages.
        "--VoilaKernelManager.fill_delay=0.5",
        f"--VoilaConfiguration.http_header_envs={DEVICE_HEADER}",
        f"--VoilaConfiguration.http_header_envs={ADDRESS_HEADER}",
        # A busy machine can be slow to send a cell's output; the pages are small now, this
        # is only the margin.
        "--VoilaExecutor.iopub_timeout=30",
        f"--template={TEMPLATE_NAME}",
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
        "--Voila.port_retries=0",
        # The page template's script: the connection banner, and back by itself after a
        # restart, to the same session (?sessie=).
        f"--template={TEMPLATE_NAME}",
        "--theme=light",
    ]


def raise_open_files_limit() -> tuple[int, int]:
    """Raise this process's soft limit on open files to the hard limit; return both.

    Each participant kernel holds about twenty files in the Voila server; at the common
    default of 1024 the server aborted near 44 kernels. The servers inherit the limit.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def kernels_within(open_files: int) -> int:
    """How many participant kernels an open-files limit leaves room for."""
    return max(0, (open_files - FILES_RESERVED) // FILES_PER_KERNEL)


def limits_lines(config: ServeConfig, open_files: int) -> list[str]:
    """What `serve` prints about the limits it runs with, in Dutch."""
    per_address = str(config.max_per_address) if config.max_per_address else "geen grens"
    lines = [
        f"Groep:             {config.expected} deelnemers verwacht; zodra een sessie open is, "
        f"staan er zoveel pagina's klaar (elk ongeveer 85 MB geheugen)",
        f"Grenzen:           hoogstens {config.kernel_cap} deelnemerspagina's tegelijk; "
        f"per netwerkadres: {per_address}; open bestanden: {open_files}",
    ]
    if kernels_within(open_files) < config.kernel_cap:
        lines.append(
            f"Let op: het systeem staat maar {open_files} open bestanden toe, genoeg voor "
            f"ongeveer {kernels_within(open_files)} pagina's. Verhoog de grens (ulimit -n) "
            "of verlaag --max-kernels."
        )
    return lines


def _die_with_parent() -> None:
    """In the child before exec: get SIGKILL when `serve` dies, even by SIGKILL itself.

    Otherwise a killed `serve` leaves both servers running and holding their ports, and
    starting it again fails. Their kernels stop by themselves when their server is gone.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def serve(config: ServeConfig) -> int:
    """Start both servers, print their addresses, and stop both when one stops or on Ctrl-C."""
    # Migrate the database to the current schema (Alembic, store.migrate) once, before any
    # kernel starts; the kernels reach the store through the participant server.
    store = Store(config.db_url)
    try:
        retention_line = purge_at_start(store, config.keep_days)
    finally:
        store.dispose()
    open_files, _hard = raise_open_files_limit()
    env = environment(config)
    processes = [
        subprocess.Popen(participant_command(config), env=env, preexec_fn=_die_with_parent),  # noqa: PLW1509 - prctl only, no locks
        subprocess.Popen(dashboard_command(config), env=env, preexec_fn=_die_with_parent),  # noqa: PLW1509
    ]
    print(f"Deelnemers:        {config.participant_url}/", flush=True)
    print(f"Trainersdashboard: {config.dashboard_url}  (alleen op deze computer)", flush=True)
    print(f"Database:          {config.db_url}", flush=True)
    for line in limits_lines(config, open_files):
        print(line, flush=True)
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


def serve_argv(config: ServeConfig) -> list[str]:
    """``samenspraak serve`` with this configuration, as a command line."""
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
        "--expected",
        str(config.expected),
        "--max-kernels",
        str(config.max_kernels),
        "--max-per-address",
        str(config.max_per_address),
    ]
    for workshop_id in config.preheat:
        argv += ["--preheat", workshop_id]
    if config.public_url:
        argv += ["--public-url", config.public_url]
    return argv


def start_in_background(
    config: ServeConfig, *, output: IO | int, timeout: float
) -> subprocess.Popen:
    """Start ``samenspraak serve`` in its own process group; return once both servers answer."""
    process = subprocess.Popen(
        serve_argv(config),
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, TOKEN_ENV: config.dashboard_token or dashboard_token()},
    )
    try:
        deadline = time.monotonic() + timeout
        _wait_until_answering(config.dashboard_address, process, deadline)
        _wait_until_answering(f"http://127.0.0.1:{config.port}/", process, deadline)
    except BaseException:
        stop_group(process)
        raise
    return process


@contextlib.contextmanager
def running(
    config: ServeConfig, *, output: IO | int = subprocess.DEVNULL, timeout: float = 180
) -> Iterator[subprocess.Popen]:
    """``samenspraak serve`` in the background until both servers answer; stopped afterwards.

    For tests and benchmarks: the servers run in their own process group, which is ended
    whatever happens inside the ``with`` block.
    """
    process = start_in_background(config, output=output, timeout=timeout)
    try:
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
