"""A participant's page without a browser: the HTTP and websocket work a Voila page does.

One arrival, as Voila 0.5.13's front end with ipywidgets 8 (``widgets-manager8``) does it:

1. ``GET`` the page and read the whole streamed HTML; take the kernel id from the page config
   (``"kernelId"``), the ``_xsrf`` cookie, and the model ids of the displayed widget outputs
   (``application/vnd.jupyter.widget-view+json`` in the ``vnd.voila.cell-output+json`` scripts).
2. ``GET /api/kernels/<id>`` (the page's ``getKernelModel``), then open
   ``/api/kernels/<id>/channels?session_id=<uuid>`` with the ``v1.kernel.websocket.jupyter.org``
   subprotocol, as ``@jupyterlab/services`` 7 does (plain JSON frames if the server declines).
3. ``kernel_info_request``; then the widget manager's ``_loadFromKernel``: a comm to
   ``jupyter.widget.control``, ``{"method": "request_states"}``, the ``update_states`` reply
   (every model's state; its size in bytes is recorded), and a ``comm_close``. The manager sends
   ``comm_info_request`` only when that fails (``_loadFromKernelModels``); ``comm_info=True``
   sends it anyway.
4. The form is usable once the state reachable from the displayed outputs holds a Button with
   the expected text and, where a code is expected, a Text with that code (a preheated kernel
   may fill it in after the page was sent: later ``update`` messages are applied).
5. Optionally join: set the role ToggleButtons' ``index`` (ipywidgets 8 syncs the index, not
   the value), type the code if the field is empty, send a button click, and wait for an
   update carrying the joined marker.
6. Stay connected until told to leave, then close the websocket and send the page's
   ``beforeunload`` beacon (``POST /voila/api/shutdown/<id>``) if asked to.

Only ``header`` is decoded for messages nobody waits for, so the client costs little CPU.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import re
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

V1_PROTOCOL = "v1.kernel.websocket.jupyter.org"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_REF = "IPY_MODEL_"
_KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')
_CELL_OUTPUT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">(.*?)</script>', re.S
)
_XSRF = re.compile(r"_xsrf=([^;]+)")
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


@dataclass(frozen=True)
class Expectation:
    """What makes the page usable, and how to join on it."""

    button_text: str  # the join button's description
    code: str = ""  # the join code; typed in when joining if the field is empty
    code_filled: bool = True  # usable only once a Text labelled ``code_label`` holds ``code``
    code_label: str = "Code"
    role_label: str = ""  # the role to pick when joining (a ToggleButtons label)
    joined_marker: str = "ss-joined"  # in an HTML value once joined


@dataclass
class Arrival:
    index: int
    started: float = 0.0  # time.monotonic() at the GET
    status: int = 0
    page_bytes: int = 0
    page_seconds: float | None = None  # whole HTML read
    usable_seconds: float | None = None
    joined_seconds: float | None = None
    state_bytes: int = 0  # the update_states message, as received
    models: int = 0
    style_widgets: int = 0  # models that carry a <style> (rules the page could link instead)
    stylesheets: list[str] = field(default_factory=list)  # the page's <link rel=stylesheet>
    kernel_id: str = ""
    protocol: str = ""  # the websocket subprotocol the server chose; "" for plain JSON
    failure: str | None = None
    progress: list[str] = field(default_factory=list)

    def fail(self, reason: str) -> None:
        if self.failure is None:
            self.failure = reason


# --- HTTP ----------------------------------------------------------------------------------


async def http_request(
    url: str,
    *,
    method: str = "GET",
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> tuple[int, dict[str, list[str]], bytes]:
    """One HTTP/1.1 request on its own connection; the body read to the end (dechunked).

    ``source`` is the local address to send from (another 127.x.y.z stands in for another
    phone in the room)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(
        parts.hostname, parts.port or 80, local_addr=(source, 0) if source else None
    )
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [
            f"{method} {target} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Connection: close",
            "Accept: text/html,*/*",
            "User-Agent: samenspraak-wire/1",
            *(f"{k}: {v}" for k, v in (headers or {}).items()),
        ]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionError("no HTTP response")
        status = int(status_line.split()[1])
        response_headers: dict[str, list[str]] = {}
        while (line := await reader.readline()) not in {b"\r\n", b"\n", b""}:
            name, _, value = line.decode("latin-1").partition(":")
            response_headers.setdefault(name.strip().lower(), []).append(value.strip())
        if "chunked" in ",".join(response_headers.get("transfer-encoding", [])).lower():
            chunks = []
            while True:
                size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    break
                chunks.append(await reader.readexactly(size))
                await reader.readline()
            data = b"".join(chunks)
        else:
            data = await reader.read()
        return status, response_headers, data
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()


def parse_page(page: str) -> tuple[str, list[str]]:
    """The kernel id and the model ids of the widget outputs shown on a Voila page."""
    found = _KERNEL_ID.search(page)
    model_ids = []
    for script in _CELL_OUTPUT.findall(page):
        try:
            output = json.loads(html.unescape(script) if "&quot;" in script else script)
        except ValueError:
            continue
        view = (output.get("data") or {}).get(WIDGET_VIEW)
        if view and view.get("model_id"):
            model_ids.append(view["model_id"])
    return (found.group(1) if found else ""), model_ids


# --- the kernel websocket ------------------------------------------------------------------


def _pack_v1(channel: str, parts: list[bytes]) -> bytes:
    """jupyter_server's ``serialize_msg_to_ws_v1``: offsets, channel, header, …, buffers."""
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(channel.encode()))
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + channel.encode() + b"".join(parts)


def _unpack_v1(frame: bytes) -> tuple[str, list[bytes]]:
    count = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    channel = frame[offsets[0] : offsets[1]].decode()
    return channel, [frame[offsets[i] : offsets[i + 1]] for i in range(1, count - 1)]


@dataclass
class Message:
    channel: str
    msg_type: str
    parent_id: str
    size: int
    _content: bytes | dict | None = None
    buffers: list[bytes] = field(default_factory=list)

    @property
    def content(self) -> dict:
        if isinstance(self._content, bytes):
            self._content = json.loads(self._content)
        return self._content or {}


class KernelChannel:
    """One page's connection to its kernel over jupyter_server's websocket."""

    def __init__(self, ws: Any, session: str):
        self.ws = ws
        self.session = session
        self.v1 = ws.subprotocol == V1_PROTOCOL

    @classmethod
    @contextlib.asynccontextmanager
    async def open(
        cls, base_url: str, kernel_id: str, *, timeout: float, source: str | None = None
    ):
        session = uuid.uuid4().hex
        parts = urlsplit(base_url)
        url = f"ws://{parts.netloc}/api/kernels/{kernel_id}/channels?session_id={session}"
        async with connect(
            url,
            subprotocols=[V1_PROTOCOL],
            origin=f"{parts.scheme}://{parts.netloc}",
            open_timeout=timeout,
            max_size=None,
            ping_interval=None,
            close_timeout=5,
            **({"local_addr": (source, 0)} if source else {}),
        ) as ws:
            yield cls(ws, session)

    async def send(
        self, msg_type: str, content: dict, *, channel: str = "shell", metadata: dict | None = None
    ) -> str:
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "username": "",
            "session": self.session,
            "date": datetime.now(UTC).isoformat(),
            "msg_type": msg_type,
            "version": "5.2",
        }
        if self.v1:
            parts = [json.dumps(x).encode() for x in (header, {}, metadata or {}, content)]
            await self.ws.send(_pack_v1(channel, parts))
        else:
            await self.ws.send(
                json.dumps(
                    {
                        "header": header,
                        "parent_header": {},
                        "metadata": metadata or {},
                        "content": content,
                        "channel": channel,
                        "buffers": [],
                    }
                )
            )
        return msg_id

    async def comm(self, comm_id: str, data: dict) -> None:
        await self.send("comm_msg", {"comm_id": comm_id, "data": data})

    async def receive(self) -> Message:
        frame = await self.ws.recv()
        size = len(frame)
        if self.v1:
            channel, parts = _unpack_v1(frame)
            header = json.loads(parts[0])
            parent = json.loads(parts[1]) if len(parts[1]) > 2 else {}
            return Message(
                channel,
                header.get("msg_type", ""),
                parent.get("msg_id", ""),
                size,
                parts[3],
                parts[4:],
            )
        if isinstance(frame, bytes):  # legacy binary: buffer count, offsets, JSON, buffers
            count = int.from_bytes(frame[:4], "big")
            offsets = [
                int.from_bytes(frame[4 * (i + 1) : 4 * (i + 2)], "big") for i in range(count)
            ]
            body = json.loads(frame[offsets[0] : offsets[1] if count > 1 else None])
            buffers = [frame[offsets[i] : offsets[i + 1]] for i in range(1, count - 1)]
        else:
            body, buffers = json.loads(frame), []
        return Message(
            body.get("channel", ""),
            body["header"].get("msg_type", ""),
            (body.get("parent_header") or {}).get("msg_id", ""),
            size,
            body.get("content"),
            buffers,
        )


# --- widget state --------------------------------------------------------------------------


class WidgetState:
    """The models a page knows, kept up to date from ``update`` messages."""

    def __init__(self, roots: list[str]):
        self.roots = roots
        self.models: dict[str, dict] = {}  # model id -> state

    def load(self, states: dict[str, dict]) -> None:
        for model_id, entry in states.items():
            state = dict(entry.get("state", {}))
            state.setdefault("_model_name", entry.get("model_name", ""))
            self.models[model_id] = state

    def apply(self, message: Message) -> bool:
        """An iopub ``comm_open``/``comm_msg`` for a widget; True when a state changed."""
        content = message.content
        data = content.get("data") or {}
        if message.msg_type == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.models[content["comm_id"]] = dict(data.get("state", {}))
            return True
        if (
            data.get("method") in {"update", "echo_update"}
            and content.get("comm_id") in self.models
        ):
            self.models[content["comm_id"]].update(data.get("state", {}))
            return True
        return False

    def reachable(self) -> list[tuple[str, dict]]:
        """Models reachable from the displayed outputs through widget references."""
        seen: set[str] = set()
        stack = list(self.roots)
        found = []
        while stack:
            model_id = stack.pop()
            if model_id in seen or model_id not in self.models:
                continue
            seen.add(model_id)
            state = self.models[model_id]
            found.append((model_id, state))
            stack.extend(_references(state))
        return found

    def find(self, model_name: str, **wanted: Any) -> str | None:
        for model_id, state in self.reachable():
            if state.get("_model_name") == model_name and all(
                state.get(k) == v for k, v in wanted.items()
            ):
                return model_id
        return None

    def descendants(self, model_id: str) -> list[str]:
        """Every model inside this one, through ``children``."""
        found, stack = [], [model_id]
        while stack:
            state = self.models.get(stack.pop(), {})
            for child in state.get("children") or []:
                child_id = child.removeprefix(MODEL_REF)
                if child_id in self.models and child_id not in found:
                    found.append(child_id)
                    stack.append(child_id)
        return found

    def siblings(self, model_id: str | None) -> list[str]:
        """The models in the same box as ``model_id`` (its parent's children)."""
        ref = f"{MODEL_REF}{model_id}"
        for _, state in self.reachable():
            children = state.get("children")
            if isinstance(children, list) and ref in children:
                return [c[len(MODEL_REF) :] for c in children if c[len(MODEL_REF) :] in self.models]
        return []

    def usable(self, expect: Expectation) -> bool:
        if self.find("ButtonModel", description=expect.button_text) is None:
            return False
        return not (expect.code and expect.code_filled) or (
            self.find("TextModel", description=expect.code_label, value=expect.code) is not None
        )


def _references(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value[len(MODEL_REF) :]] if value.startswith(MODEL_REF) else []
    if isinstance(value, list | tuple):
        return [ref for item in value for ref in _references(item)]
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in _references(item)]
    return []


# --- one arrival ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """How a participant behaves on the page."""

    timeout: float = 120  # seconds from the GET until the form must be usable (and joined)
    join: bool = False  # choose a role and click the join button
    comm_info: bool = False  # send comm_info_request before loading the widget state
    shutdown_on_leave: bool = False  # the page's beforeunload beacon when leaving


async def arrive(
    url: str,
    expect: Expectation,
    arrival: Arrival,
    visit: Visit = Visit(),
    leave: asyncio.Event | None = None,
) -> Arrival:
    """One participant opening ``url``; fills in and returns ``arrival``. Never raises.

    With ``leave`` the participant stays connected until it is set.
    """
    arrival.started = time.monotonic()
    deadline = arrival.started + visit.timeout
    try:
        page = await _load_page(url, arrival, deadline)
        if page is None:
            return arrival
        base, kernel_id, roots, xsrf = page
        async with KernelChannel.open(base, kernel_id, timeout=_left(deadline)) as kernel:
            arrival.progress.append("websocket")
            arrival.protocol = kernel.ws.subprotocol or ""
            widgets = await _load_widgets(kernel, roots, arrival, visit, deadline)
            while not widgets.usable(expect):
                message = await _next(kernel, deadline)
                if message.msg_type in {"comm_msg", "comm_open"}:
                    widgets.apply(message)
            arrival.usable_seconds = time.monotonic() - arrival.started
            arrival.progress.append("usable")
            if visit.join:
                await _join(kernel, widgets, expect, deadline)
                arrival.joined_seconds = time.monotonic() - arrival.started
                arrival.progress.append("joined")
            if leave is not None:
                await _drain_until(kernel, leave)
        if visit.shutdown_on_leave:
            await asyncio.wait_for(_beacon(base, kernel_id, xsrf), 30)
    except TimeoutError:
        arrival.fail(f"timeout after {' > '.join(arrival.progress) or 'nothing'}")
    except (OSError, WebSocketException, ValueError, KeyError, IndexError) as err:
        arrival.fail(f"{type(err).__name__} after {arrival.progress[-1:]}: {str(err)[:80]}")
    return arrival


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


async def _load_page(
    url: str, arrival: Arrival, deadline: float
) -> tuple[str, str, list[str], str] | None:
    """The page and the kernel model, as the browser fetches them; None when that fails."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    status, headers, body = await asyncio.wait_for(http_request(url), _left(deadline))
    arrival.status, arrival.page_bytes = status, len(body)
    arrival.page_seconds = time.monotonic() - arrival.started
    if status != 200:
        arrival.fail(f"HTTP {status}")
        return None
    arrival.progress.append("page")
    text = body.decode("utf-8", "replace")
    arrival.stylesheets = _STYLESHEET.findall(text)
    kernel_id, roots = parse_page(text)
    arrival.kernel_id = kernel_id
    if not kernel_id:
        arrival.fail("no kernel id in the page")
        return None
    if not roots:
        arrival.fail("no widget output in the page")
        return None
    xsrf = next((m.group(1) for c in headers.get("set-cookie", []) if (m := _XSRF.search(c))), "")
    status, _, _ = await asyncio.wait_for(
        http_request(f"{base}/api/kernels/{kernel_id}"), _left(deadline)
    )
    if status != 200:
        arrival.fail(f"kernel model: HTTP {status}")
        return None
    return base, kernel_id, roots, xsrf


async def _load_widgets(
    kernel: KernelChannel, roots: list[str], arrival: Arrival, visit: Visit, deadline: float
) -> WidgetState:
    """kernel_info, then ipywidgets 8's ``_loadFromKernel`` over the control comm."""
    info_id = await kernel.send("kernel_info_request", {})
    while (await _next(kernel, deadline)).parent_id != info_id:
        pass
    arrival.progress.append("kernel_info")
    if visit.comm_info:
        ask = await kernel.send("comm_info_request", {"target_name": "jupyter.widget"})
        while (await _next(kernel, deadline)).parent_id != ask:
            pass
    control = uuid.uuid4().hex
    await kernel.send(
        "comm_open",
        {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
        metadata={"version": "1.0.0"},
    )
    await kernel.comm(control, {"method": "request_states"})
    widgets = WidgetState(roots)
    while True:
        message = await _next(kernel, deadline)
        if message.msg_type == "comm_msg" and message.content.get("comm_id") == control:
            data = message.content["data"]
            if data.get("method") == "update_states":
                arrival.state_bytes = message.size
                widgets.load(data.get("states", {}))
                arrival.models = len(widgets.models)
                arrival.style_widgets = sum(
                    "<style" in str(state.get("value", "")) for state in widgets.models.values()
                )
                break
    await kernel.send("comm_close", {"comm_id": control, "data": {}})
    arrival.progress.append("update_states")
    return widgets


async def _beacon(base: str, kernel_id: str, xsrf: str) -> None:
    """What the page sends on ``beforeunload``: Voila shuts the kernel down."""
    await http_request(
        f"{base}/voila/api/shutdown/{kernel_id}",
        method="POST",
        body=f"_xsrf={xsrf}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"_xsrf={xsrf}"},
    )


async def _next(kernel: KernelChannel, deadline: float) -> Message:
    return await asyncio.wait_for(kernel.receive(), _left(deadline))


async def _join(
    kernel: KernelChannel, widgets: WidgetState, expect: Expectation, deadline: float
) -> None:
    """Pick the role and click, in the box that holds the join button; wait for the result.

    Only the button's own box counts: a page can hold other role choosers (self-study).
    """
    button = widgets.find("ButtonModel", description=expect.button_text)
    form = widgets.siblings(button)
    role = next(
        (
            model_id
            for model_id in form
            if widgets.models[model_id].get("_model_name") == "ToggleButtonsModel"
            and expect.role_label in widgets.models[model_id].get("_options_labels", [])
        ),
        None,
    )
    if role is None:
        raise KeyError(f"no role button {expect.role_label!r} beside the join button")
    index = widgets.models[role]["_options_labels"].index(expect.role_label)
    await kernel.comm(role, {"method": "update", "state": {"index": index}, "buffer_paths": []})
    code_field = next(
        (
            model_id
            for model_id in form
            if widgets.models[model_id].get("_model_name") == "TextModel"
            and widgets.models[model_id].get("description") == expect.code_label
        ),
        None,
    )
    if code_field and not widgets.models[code_field].get("value") and expect.code:
        await kernel.comm(
            code_field,
            {"method": "update", "state": {"value": expect.code}, "buffer_paths": []},
        )
    await kernel.comm(button, {"method": "custom", "content": {"event": "click"}})
    while True:
        message = await _next(kernel, deadline)
        if message.msg_type == "comm_msg" and widgets.apply(message):
            value = (message.content["data"].get("state") or {}).get("value")
            if isinstance(value, str) and expect.joined_marker in value:
                return
            if isinstance(value, str) and 'role="alert"' in value:
                raise ValueError(f"join refused: {re.sub(r'<[^>]+>', '', value)[:80]}")


async def _drain_until(kernel: KernelChannel, leave: asyncio.Event) -> None:
    """Stay on the page: read (and drop) what the kernel sends until it is time to go."""
    waiting = asyncio.ensure_future(leave.wait())
    try:
        while not leave.is_set():
            receiving = asyncio.ensure_future(kernel.receive())
            await asyncio.wait({waiting, receiving}, return_when=asyncio.FIRST_COMPLETED)
            if not receiving.done():
                receiving.cancel()
                with contextlib.suppress(asyncio.CancelledError, WebSocketException):
                    await receiving
            elif receiving.exception() is not None:
                return  # the server closed the connection
    finally:
        waiting.cancel()


# --- a rush --------------------------------------------------------------------------------


async def rush(
    url: str,
    expect: Expectation,
    count: int,
    *,
    spread: float = 1.0,
    visit: Visit = Visit(),
    stay: bool = False,
    while_connected: Callable[[], Any] | None = None,
) -> tuple[list[Arrival], Any]:
    """``count`` arrivals started evenly within ``spread`` seconds, like a room scanning a QR
    code. With ``stay`` everyone stays connected until all are done (usable, joined or
    failed); ``while_connected()`` (if given) runs then, in a thread, before they leave, and
    its result is returned too."""
    leave = asyncio.Event() if stay else None
    arrivals = [Arrival(i) for i in range(count)]

    async def one(arrival: Arrival) -> Arrival:
        await asyncio.sleep(spread * arrival.index / max(count, 1))
        return await arrive(url, expect, arrival, visit, leave)

    tasks = [asyncio.ensure_future(one(a)) for a in arrivals]
    if leave is not None:
        await _all_settled(arrivals, visit.join, spread + visit.timeout + 5)
    else:
        await asyncio.gather(*tasks)
    measured = None
    if while_connected is not None:
        measured = await asyncio.to_thread(while_connected)
    if leave is not None:
        leave.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)
    return arrivals, measured


async def _all_settled(arrivals: list[Arrival], join: bool, limit: float) -> None:
    """Until every arrival has its result (usable/joined) or has failed."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if all(
            a.failure is not None
            or (a.joined_seconds is not None if join else a.usable_seconds is not None)
            for a in arrivals
        ):
            return
        await asyncio.sleep(0.2)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(arrivals: list[Arrival]) -> dict[str, Any]:
    """Median, p90, max time to a usable form (and to joined), failures by reason, sizes."""
    usable = [a.usable_seconds for a in arrivals if a.usable_seconds is not None]
    joined = [a.joined_seconds for a in arrivals if a.joined_seconds is not None]
    failures: dict[str, int] = {}
    for a in arrivals:
        if a.failure:
            failures[a.failure] = failures.get(a.failure, 0) + 1
    states = [a.state_bytes for a in arrivals if a.state_bytes]
    return {
        "arrivals": len(arrivals),
        "usable": len(usable),
        "median": statistics.median(usable) if usable else None,
        "p90": percentile(usable, 0.9) if usable else None,
        "max": max(usable) if usable else None,
        "joined": len(joined),
        "joined_median": statistics.median(joined) if joined else None,
        "joined_max": max(joined) if joined else None,
        "failures": failures,
        "state_bytes": statistics.median(states) if states else 0,
        "models": statistics.median([a.models for a in arrivals if a.models] or [0]),
        "page_bytes": statistics.median([a.page_bytes for a in arrivals if a.page_bytes] or [0]),
    }
