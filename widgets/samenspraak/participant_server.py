"""The participants' Voila server, made fit for a room full of phones.

``samenspraak serve`` starts this instead of plain ``voila`` for the workshop notebooks. It is
Voila itself, with these additions:

- **A pool that follows the room.** Each workshop keeps a few preheated kernels (``idle_pool``);
  once the trainer opens a session, that workshop's pool grows to the expected group size, so
  everyone who scans the QR code in the same minute gets a ready page. Kernels boot a few at
  a time (``boot_slots``), never all at once: plain Voila refills one kernel per visitor after
  one second, and after a rush of 30 that boot stampede kept even people with a ready page
  waiting. A visitor who finds the pool empty queues for the next kernel instead of starting
  one beside the refills.
- **Limits.** A cap on participant kernels and on pages per network address, with a Dutch page
  that retries by itself when the server is full; kernels whose page is gone are shut down
  (15 minutes after their last connection closed, 3 minutes when no page ever connected).
- **The browser's identity.** A random cookie per browser, passed to the kernel as a request
  header, so a reloaded page finds its participant again (see ``WorkshopPage.rejoin_device``).
- ``/samenspraak/alive``: a cheap answer the page's script probes after a lost connection.
- ``/samenspraak/store``: the results store for the kernels (:mod:`remote_store`). The server
  holds the one database engine and answers each page's store calls on a few threads, so a
  kernel loads no database code and holds no connection.
"""

from __future__ import annotations

import asyncio
import atexit
import contextvars
import hmac
import json
import os
import re
import secrets
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property, partial
from html import escape
from pathlib import PurePosixPath
from typing import Any

import tornado.web
from jupyter_server.log import log_request
from jupyter_server.utils import url_path_join
from tornado.ioloop import PeriodicCallback
from traitlets import Integer, List, Unicode
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.handler import TornadoVoilaHandler

from . import render_cache
from .core.messages import PREPARED_ENV, t
from .core.remote_store import STORE_PATH, STORE_TOKEN_ENV, STORE_URL_ENV, TOKEN_HEADER, answer_call
from .page_template import ALIVE_PATH, STYLE_PATH, StyleHandler
from .participant_kernel import KERNEL_NAME as PARTICIPANT_KERNEL

DEVICE_COOKIE = "samenspraak_device"
DEVICE_HEADER = "X-Samenspraak-Device"  # Voila passes it to the kernel (http_header_envs)
ADDRESS_HEADER = "X-Samenspraak-Address"  # the visitor's address, for slowing down guessing
DEVICE_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,64}")
DEVICE_COOKIE_DAYS = 1  # a workshop is one day; the store keeps only its hash
FULL_RETRY_SECONDS = 15
WATCH_SECONDS = 3.0  # how often the pools follow the open sessions and gone pages are culled
# A preheated kernel is ready once its notebook waits for the page request; a kernel that
# never gets there (a broken notebook) frees its boot slot after this long.
READY_WAIT_SECONDS = 30.0
STORE_THREADS = 4  # store calls answered at once; SQLite writes one at a time anyway


# The address and device of the visitor whose request is being served, for the kernel manager.
@dataclass
class Visitor:
    """Someone whose page request is being served; ``waiting`` until a kernel is theirs."""

    address: str = ""
    device: str = ""
    waiting: bool = False


_visitor: contextvars.ContextVar[Visitor | None] = contextvars.ContextVar(
    "samenspraak_visitor", default=None
)


_background: set[asyncio.Future] = set()


@dataclass
class Page:
    """One kernel handed out to a visitor."""

    notebook: str
    address: str
    handed_at: float
    device: str = ""
    ever_connected: bool = False
    alone_since: float | None = None


@dataclass
class Room:
    """Who has a page now, and what the limits allow. Pure bookkeeping, no I/O."""

    expected: int = 30
    max_kernels: int = 70
    max_per_address: int = 8
    idle_pool: int = 2
    cull_gone_seconds: float = 900.0
    cull_unopened_seconds: float = 180.0
    pages: dict[str, Page] = field(default_factory=dict)
    waiting: int = 0  # requests let in that have no kernel yet
    open_workshops: frozenset[str] = frozenset()

    def refusal(self, address: str) -> str | None:
        """Why a new page cannot be handed out now (``full`` or ``address``), else None."""
        if self.max_kernels and len(self.pages) + self.waiting >= self.max_kernels:
            return "full"
        if self.max_per_address:
            on_address = sum(1 for page in self.pages.values() if page.address == address)
            if on_address >= self.max_per_address:
                return "address"
        return None

    def handed_out(
        self, kernel_id: str, notebook: str, address: str, now: float, device: str = ""
    ) -> None:
        self.pages[kernel_id] = Page(notebook, address, now, device)

    def replaced(self, kernel_id: str, connections: dict[str, int]) -> list[str]:
        """Earlier pages of the same browser and notebook that nothing is connected to: the
        page was reloaded (or the tab reopened), so their kernels can go at once."""
        new = self.pages[kernel_id]
        if not new.device:
            return []
        return [
            other_id
            for other_id, page in self.pages.items()
            if other_id != kernel_id
            and page.device == new.device
            and page.notebook == new.notebook
            and connections.get(other_id, 0) == 0
        ]

    def gone(self, kernel_id: str) -> None:
        self.pages.pop(kernel_id, None)

    def pool_target(self, notebook: str) -> int:
        """Ready kernels to keep for a notebook: the expected group, less those already in,
        while a session of its workshop is open; a few otherwise."""
        if workshop_of(notebook) not in self.open_workshops:
            return self.idle_pool
        handed = sum(1 for page in self.pages.values() if page.notebook == notebook)
        return max(self.idle_pool, self.expected - handed)

    def to_cull(self, connections: dict[str, int], now: float) -> list[str]:
        """Kernels whose page is gone: no connection for long enough."""
        gone = []
        for kernel_id, page in self.pages.items():
            if connections.get(kernel_id, 0) > 0:
                page.ever_connected, page.alone_since = True, None
                continue
            if page.alone_since is None:
                page.alone_since = page.handed_at if not page.ever_connected else now
            limit = self.cull_gone_seconds if page.ever_connected else self.cull_unopened_seconds
            if now - page.alone_since >= limit:
                gone.append(kernel_id)
        return gone


def workshop_of(notebook: str) -> str:
    return PurePosixPath(notebook).stem


class RoomKernelManager:
    """Mixed in before Voila's preheating kernel manager: pools that follow the room, boots
    a few at a time, and bookkeeping of the kernels handed out."""

    room: Room
    _boot_slots: asyncio.Semaphore
    preheated: frozenset[str]

    def fill_if_needed(
        self,
        delay: float | None = None,
        notebook_name: str | None = None,
        extra_kernel_env_variables: dict | None = None,
        *,
        extra: int = 0,
        **kwargs: Any,
    ) -> None:
        if notebook_name is not None:
            size = 0
            if notebook_name in self.preheated:
                pool = self._pools.get(notebook_name, [])  # type: ignore[attr-defined]
                size = max(self.room.pool_target(notebook_name), len(pool) + extra)
            self.kernel_pools_config = {  # type: ignore[attr-defined]
                **self.kernel_pools_config,  # type: ignore[attr-defined]
                notebook_name: {"pool_size": size},
            }
        super().fill_if_needed(  # type: ignore[misc]
            delay, notebook_name, extra_kernel_env_variables or {}, **kwargs
        )

    def pre_start_kernel(self, kernel_name: str | None, kwargs: Any) -> Any:
        """A Python notebook's kernel is the participant kernel (participant_kernel.py).

        Here, not in ``start_kernel``: Voila's manager calls its base class's ``start_kernel``
        past this mixin, but every start goes through ``pre_start_kernel``."""
        if kernel_name in (None, "python3") and self._participant_kernel_found:
            kernel_name = PARTICIPANT_KERNEL
        return super().pre_start_kernel(kernel_name, kwargs)  # type: ignore[misc]

    @cached_property
    def _participant_kernel_found(self) -> bool:
        """Whether ``JUPYTER_PATH`` leads to its kernel spec (``serve`` sets it up); looked up
        once, not for every kernel of a rush (it reads every kernel folder)."""
        specs = self.kernel_spec_manager.find_kernel_specs()  # type: ignore[attr-defined]
        return PARTICIPANT_KERNEL in specs

    async def _initialize(self, notebook_path: str, kernel_id: str | None = None, **kwargs: Any):
        if kernel_id is not None:  # a restart: not a new kernel for the pool
            return await super()._initialize(notebook_path, kernel_id, **kwargs)  # type: ignore[misc]
        async with self._boot_slots:
            content = await super()._initialize(notebook_path, None, **kwargs)  # type: ignore[misc]
            # Hold the slot until the notebook waits for its page request: booting and
            # running the first cell is the CPU-heavy part.
            deadline = time.monotonic() + READY_WAIT_SECONDS
            while (
                content["kernel_id"] not in RequestInfoSocketHandler._waiters
                and not content["task"].done()
                and time.monotonic() < deadline
            ):
                await asyncio.sleep(0.05)
            return content

    async def get_rendered_notebook(self, notebook_name: str, *args: Any, **kwargs: Any):
        result = await super().get_rendered_notebook(notebook_name, *args, **kwargs)  # type: ignore[misc]
        self._handed_out(result[2], notebook_name)
        return result

    def _handed_out(self, kernel_id: str, notebook: str) -> None:
        visitor = _visitor.get() or Visitor()
        if visitor.waiting:
            visitor.waiting = False
            self.room.waiting -= 1
        self.room.handed_out(kernel_id, notebook, visitor.address, time.monotonic(), visitor.device)
        connections = dict(self._kernel_connections)  # type: ignore[attr-defined]
        for old in self.room.replaced(kernel_id, connections):
            self.room.gone(old)  # counts no more, whatever the shutdown takes
            task = asyncio.ensure_future(self.shutdown_kernel(old))
            _background.add(task)  # keep a reference until it is done
            task.add_done_callback(_background.discard)

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        kernel_id = await super().start_kernel(*args, **kwargs)  # type: ignore[misc]
        # Voila's own path for a notebook without a pool: a page for this visitor.
        if kwargs.get("env", {}).get("VOILA_PREHEAT") == "False":
            self._handed_out(kernel_id, kwargs["env"].get("SCRIPT_NAME", "").rsplit("/", 1)[-1])
        return kernel_id

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any):
        self.room.gone(kernel_id)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[misc]

    async def shrink(self, notebook: str) -> None:
        """Shut down ready kernels beyond the pool's target (a session was closed)."""
        pool = self._pools.get(notebook, [])  # type: ignore[attr-defined]
        target = self.room.pool_target(notebook) if notebook in self.preheated else 0
        while len(pool) > target and pool[-1].done():
            task = pool.pop()
            if not task.cancelled() and task.exception() is None:  # else nothing to stop
                await self.shutdown_kernel(task.result()["kernel_id"])


def _page(title: str, text: str, retry_seconds: int) -> str:
    """A small Dutch page that tries again by itself."""
    return (
        '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="refresh" content="{retry_seconds}">'
        f"<title>{escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:34em;margin:2em auto;"
        "padding:0 1em;line-height:1.5;font-size:1.1rem}h1{font-size:1.4rem}</style></head>"
        f'<body><main><h1>{escape(title)}</h1><p role="status">{escape(text)}</p></main>'
        "</body></html>\n"
    )


class ParticipantPageHandler(TornadoVoilaHandler):
    """A workshop page: limits first, then the browser's device cookie, then Voila."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        voila: ParticipantVoila = self.settings["samenspraak_voila"]
        room, manager = voila.room, self.kernel_manager
        address = self.request.remote_ip or ""
        refusal = room.refusal(address)
        if refusal is not None:
            voila.log.warning("page refused (%s); %d pages open", refusal, len(room.pages))
            self.set_status(503 if refusal == "full" else 429)
            self.set_header("Retry-After", str(FULL_RETRY_SECONDS))
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(_page(t(f"room.{refusal}_title"), t(f"room.{refusal}"), FULL_RETRY_SECONDS))
            return
        device = self._device()
        self.request.headers[DEVICE_HEADER] = device  # replaces whatever the browser sent
        self.request.headers[ADDRESS_HEADER] = address
        # Voila's page stops its kernel on unload with a POST that needs this cookie; without
        # it, every closed page left its kernel running.
        _ = self.xsrf_token
        notebook = path or ""
        if notebook in manager.preheated and manager.get_pool_size(notebook) == 0:
            # Queue for the next kernel rather than start one beside the refills.
            manager.fill_if_needed(delay=0, notebook_name=notebook, extra=1)
        visitor = Visitor(address, device, waiting=True)
        room.waiting += 1  # counts against the cap until a kernel is theirs
        _visitor.set(visitor)
        try:
            await super().get(path)
        finally:
            if visitor.waiting:
                room.waiting -= 1

    def _request_summary(self) -> str:
        """What tornado puts in its log for this request: the path, never the ``?code=``."""
        return f"{self.request.method} {self.request.path} ({self.request.remote_ip})"

    def _device(self) -> str:
        """This browser's random id: from its cookie, or a new one sent along."""
        device = self.get_cookie(DEVICE_COOKIE) or ""
        if not DEVICE_PATTERN.fullmatch(device):
            device = secrets.token_urlsafe(24)
        self.set_cookie(
            DEVICE_COOKIE,
            device,
            path=self.base_url,
            expires_days=DEVICE_COOKIE_DAYS,
            httponly=True,
            samesite="Lax",
        )
        return device


class AliveHandler(tornado.web.RequestHandler):
    """``GET /samenspraak/alive``: 204, for pages checking whether the server is back."""

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_status(204)
        self.finish()


class StoreCallHandler(tornado.web.RequestHandler):
    """``POST /samenspraak/store``: one store call from a participant's kernel.

    Only kernels know the token (they inherit it from this server's environment); the call
    runs on the store's threads so a busy database never stalls the pages."""

    def check_xsrf_cookie(self) -> None:
        """Kernels carry the token header, not a browser's cookie."""

    async def post(self) -> None:
        voila: ParticipantVoila = self.settings["samenspraak_voila"]
        token = self.request.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token.encode(), voila.store_token.encode()):
            raise tornado.web.HTTPError(403)
        loop = asyncio.get_running_loop()
        try:
            store = voila.results_store()
            reply = await loop.run_in_executor(
                voila.store_threads, answer_call, store, self.request.body
            )
        except ValueError as err:  # not JSON, or not a page's call
            raise tornado.web.HTTPError(400, str(err)) from err
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(reply))


class ParticipantVoila(Voila):
    """Voila for the workshop notebooks, with the room's pools, limits and identity."""

    expected = Integer(30, config=True, help="How many people are expected to join at once.")
    max_kernels = Integer(
        0, config=True, help="Most participant pages at once (0: twice `expected`, plus 10)."
    )
    max_per_address = Integer(8, config=True, help="Most pages per network address (0: none).")
    idle_pool = Integer(2, config=True, help="Ready kernels per workshop without a session.")
    boot_slots = Integer(
        2,
        config=True,
        help="Kernels that may boot at the same time. Measured on 2 cores with 60 arrivals for "
        "a pool of 30 (benchmarks/join_rush.py): the last one was usable after 36-43 s with 2, "
        "32-36 s with 4; but more boots at once take CPU from the pages already in use.",
    )
    cull_gone_seconds = Integer(900, config=True, help="Stop a kernel this long after its page.")
    preheat = List(Unicode(), config=True, help="Workshop ids with preheated kernels (empty: all).")
    db_url = Unicode("", config=True, help="The results store, to see which sessions are open.")

    def init_settings(self) -> dict:
        render_cache.install()  # compile the page templates once, not for every page
        settings = super().init_settings()
        self.room = Room(
            expected=self.expected,
            max_kernels=self.max_kernels or 2 * self.expected + 10,
            max_per_address=self.max_per_address,
            idle_pool=self.idle_pool,
            cull_gone_seconds=self.cull_gone_seconds,
        )
        manager = self.kernel_manager
        manager.__class__ = type(
            "ParticipantKernelManager", (RoomKernelManager, manager.__class__), {}
        )
        manager.room = self.room
        manager._boot_slots = asyncio.Semaphore(max(1, self.boot_slots))
        notebooks = sorted(manager._pools)
        manager.preheated = frozenset(
            nb for nb in notebooks if not self.preheat or workshop_of(nb) in self.preheat
        )
        settings["samenspraak_voila"] = self
        # Requests are logged as Jupyter logs them, with the join code taken out of the URL.
        settings["log_function"] = partial(log_request, record_prometheus_metrics=False)
        settings["extra_log_scrub_param_keys"] = ["code"]
        self._store = None
        if self.db_url:
            self._offer_store()
        self._prepare_content()
        # Voila started with empty pools; fill them now, through the boot slots.
        for notebook in sorted(manager.preheated):
            manager.fill_if_needed(delay=0, notebook_name=notebook)
        PeriodicCallback(self._watch, WATCH_SECONDS * 1000).start()
        return settings

    def init_handlers(self) -> list:
        handlers = [
            (route[0], ParticipantPageHandler, *route[2:])
            if len(route) > 1 and route[1] is TornadoVoilaHandler
            else route
            for route in super().init_handlers()
        ]
        alive = (url_path_join(self.server_url, ALIVE_PATH), AliveHandler)
        style = (url_path_join(self.server_url, STYLE_PATH), StyleHandler)
        store = (url_path_join(self.server_url, STORE_PATH), StoreCallHandler)
        return [alive, style, store, *handlers] if self.db_url else [alive, style, *handlers]

    def _prepare_content(self) -> None:
        """Parse the workshops and read the texts once, for every kernel (see catalog), and
        make the pages' stylesheet, which the template links instead of kernels sending it."""
        from .app.style import STYLE_SERVED_ENV
        from .catalog import prepare_for_kernels

        os.environ[STYLE_SERVED_ENV] = "1"

        try:
            prepared = prepare_for_kernels()
        except OSError as err:  # no temporary folder: each kernel reads the files itself
            self.log.warning("content not prepared for the kernels: %s", err)
            return
        os.environ[PREPARED_ENV] = str(prepared)
        atexit.register(shutil.rmtree, prepared, ignore_errors=True)

    def _offer_store(self) -> None:
        """Tell the kernels (through the environment they inherit) where the store is."""
        self.store_token = secrets.token_urlsafe(32)
        self.store_threads = ThreadPoolExecutor(STORE_THREADS, thread_name_prefix="store")
        everywhere = {"", "0.0.0.0", "::", "*", "localhost"}  # noqa: S104 - read, not bound
        host = self.ip if self.ip not in everywhere else "127.0.0.1"
        host = f"[{host}]" if ":" in host else host
        path = url_path_join(self.server_url, STORE_PATH)
        os.environ[STORE_URL_ENV] = f"http://{host}:{self.port}{path}"
        os.environ[STORE_TOKEN_ENV] = self.store_token

    def results_store(self) -> Any:
        """The server's one Store (made on first use); raises StoreUnavailable."""
        if self._store is None:
            from .core.store import Store

            self._store = Store(self.db_url)
        return self._store

    async def _watch(self) -> None:
        """Follow the open sessions, shrink pools nobody needs, stop kernels of gone pages."""
        manager = self.kernel_manager
        self._read_open_workshops()
        for notebook in sorted(manager.preheated):
            manager.fill_if_needed(delay=0, notebook_name=notebook)
            await manager.shrink(notebook)
        connections = dict(manager._kernel_connections)
        for kernel_id in self.room.to_cull(connections, time.monotonic()):
            self.log.info("stopping kernel %s: its page is gone", kernel_id)
            try:
                await manager.shutdown_kernel(kernel_id)
            except Exception:  # already gone
                self.room.gone(kernel_id)

    def _read_open_workshops(self) -> None:
        if not self.db_url:
            return
        from .core.records import StoreUnavailable

        try:
            store = self.results_store()
            self.room.open_workshops = frozenset(s.workshop_id for s in store.open_sessions())
        except StoreUnavailable as err:
            self.log.warning("results store unavailable: %s", err)


main = ParticipantVoila.launch_instance

if __name__ == "__main__":
    sys.exit(main())
