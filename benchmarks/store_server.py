"""The store as participants' kernels reach it under ``samenspraak serve``, without Voila.

:class:`StoreServer` serves the participant server's own handler
(``participant_server.StoreCallHandler``) with a real store; ``kernel_cost`` and the tests
point kernels and pages at it through ``SAMENSPRAAK_STORE_URL``.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import tornado.httpserver
import tornado.netutil
import tornado.web

from samenspraak.core.remote_store import STORE_PATH
from samenspraak.core.store import Store
from samenspraak.participant_server import StoreCallHandler


class _Voila:
    """What the handler needs of ParticipantVoila: the token, the threads and the store."""

    def __init__(self, store: Store, token: str):
        self.store_token = token
        self.store_threads = ThreadPoolExecutor(2)
        self._store = store

    def results_store(self) -> Store:
        return self._store


class StoreServer:
    """The participant server's store handler on a free local port, in a thread of its own,
    for a kernel or a test that needs the store as participants' kernels reach it."""

    def __init__(self, store: Store, token: str):
        self.url = ""
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(store, token),))

    async def _serve(self, store: Store, token: str) -> None:
        app = tornado.web.Application(
            [(f"/{STORE_PATH}", StoreCallHandler)], samenspraak_voila=_Voila(store, token)
        )
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        server = tornado.httpserver.HTTPServer(app)
        server.add_sockets(sockets)
        self.url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}/{STORE_PATH}"
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        self._ready.set()
        await self._stop.wait()
        server.stop()
        await server.close_all_connections()

    def start(self) -> StoreServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the store server did not start within 10 s")
        return self

    def stop(self) -> None:
        if self._loop and self._stop and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(10)
