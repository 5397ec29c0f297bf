"""What one participant kernel costs: memory (RSS, USS) and CPU to start and build the page.

Starts real ipykernel processes through jupyter_client, as Voila does, with a fresh SQLite
store in a temporary directory:

- a *plain* kernel that only shows ``ipywidgets.VBox([Text(), Button()])``, the floor any
  widget page pays;
- a *demo* kernel that runs the code cells of ``workshops/demo.ipynb`` (every exercise type),
  what a participant's kernel runs before the page is shown. As under ``samenspraak serve``
  it is the participant kernel (``participant_kernel.py``: no debugger, no input history),
  reaches the store through the participant server's store handler (``StoreServer``), gets
  the workshop and texts already parsed (``catalog.prepare_for_kernels``) and leaves the
  stylesheet to the page template.

Then it reads each kernel's RSS from ``/proc``, its USS (memory no other process shares) with
psutil, and its CPU seconds (user + system) after start and after the cells. It also times
``from samenspraak.app import WorkshopPage`` alone, in a fresh interpreter. Nothing leaves the
machine.

    .venv/bin/python -m benchmarks.kernel_cost [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psutil
from jupyter_client.manager import KernelManager

from samenspraak.app.style import STYLE_SERVED_ENV
from samenspraak.catalog import prepare_for_kernels
from samenspraak.core.messages import PREPARED_ENV
from samenspraak.core.remote_store import STORE_TOKEN_ENV, STORE_URL_ENV
from samenspraak.core.store import Store
from samenspraak.page_template import jupyter_path
from samenspraak.participant_kernel import KERNEL_NAME as PARTICIPANT_KERNEL

from .store_server import StoreServer

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "workshops" / "demo.ipynb"
PLAIN_CELLS = ["import ipywidgets as w\nw.VBox([w.Text(), w.Button()])"]
# Libraries a participant kernel of `serve` never loads: the dashboard's, the store's, and the
# readers of content files and catalogues (the server hands kernels parsed content).
MUST_STAY_OUT = ("pandas", "numpy", "matplotlib", "wordcloud", "sqlalchemy", "yaml", "babel")


@dataclass
class KernelFigures:
    rss_mb: float
    uss_mb: float
    boot_cpu: float  # CPU seconds until the kernel answers kernel_info
    cells_cpu: float  # CPU seconds for the cells
    loaded: list[str]  # which of MUST_STAY_OUT got imported


def demo_cells() -> list[str]:
    notebook = json.loads(DEMO.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def run_kernel(cells: list[str], env: dict[str, str], kernel: str = "python3") -> KernelFigures:
    manager = KernelManager(kernel_name=kernel)
    manager.start_kernel(env=env, cwd=str(ROOT / "workshops"))
    try:
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        process = psutil.Process(manager.provisioner.process.pid)
        boot = cpu_seconds(process)
        for cell in cells:
            reply = client.execute_interactive(cell, timeout=120, output_hook=lambda _m: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"cell failed: {reply['content']}")
        cells_cpu = cpu_seconds(process) - boot
        probe = f"import sys; print(sorted(m for m in {MUST_STAY_OUT!r} if m in sys.modules))"
        seen: list[str] = []

        def keep(msg: dict) -> None:
            if msg["msg_type"] == "stream":
                seen.append(msg["content"]["text"])

        client.execute_interactive(probe, timeout=30, output_hook=keep)
        figures = KernelFigures(
            rss_mb=rss_mb(process.pid),
            uss_mb=process.memory_full_info().uss / 2**20,
            boot_cpu=boot,
            cells_cpu=cells_cpu,
            loaded=json.loads("".join(seen).strip().replace("'", '"') or "[]"),
        )
        client.stop_channels()
        return figures
    finally:
        manager.shutdown_kernel(now=True)


def import_cpu(env: dict[str, str]) -> float:
    """CPU seconds of importing the participant page in a fresh interpreter (after ipywidgets)."""
    code = (
        "import time, ipywidgets\n"
        "t = time.process_time()\n"
        "from samenspraak.app import WorkshopPage\n"
        "print(time.process_time() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout.strip())


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(name: str, runs: list[KernelFigures]) -> KernelFigures:
    rss = median([r.rss_mb for r in runs])
    uss = median([r.uss_mb for r in runs])
    boot = median([r.boot_cpu for r in runs])
    cells = median([r.cells_cpu for r in runs])
    print(
        f"{name:6s} kernel: RSS {rss:5.1f} MB  USS {uss:5.1f} MB  "
        f"CPU start {boot:.2f} s + cells {cells:.2f} s = {boot + cells:.2f} s"
        f"  (median of {len(runs)})"
    )
    return KernelFigures(rss, uss, boot, cells, runs[-1].loaded)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="kernels of each kind (median)")
    args = parser.parse_args(argv)
    os.environ["JUPYTER_PATH"] = jupyter_path()  # where the participant kernel's spec is
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SAMENSPRAAK_DB": f"sqlite:///{Path(tmp) / 'kernel_cost.sqlite'}",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        env.pop("VOILA_PREHEAT", None)
        imports = [import_cpu(env) for _ in range(args.runs)]
        print(
            f"from samenspraak.app import WorkshopPage: {median(imports):.3f} s CPU"
            f" (median of {args.runs})"
        )
        plain = report("plain", [run_kernel(PLAIN_CELLS, env) for _ in range(args.runs)])
        token = secrets.token_urlsafe(32)
        server = StoreServer(Store(env["SAMENSPRAAK_DB"]), token).start()
        prepared = str(prepare_for_kernels())
        try:
            served = {**env, STORE_URL_ENV: server.url, STORE_TOKEN_ENV: token}
            served |= {PREPARED_ENV: prepared, STYLE_SERVED_ENV: "1"}
            demo = report(
                "demo",
                [run_kernel(demo_cells(), served, PARTICIPANT_KERNEL) for _ in range(args.runs)],
            )
        finally:
            server.stop()
            shutil.rmtree(prepared, ignore_errors=True)
    print(
        f"demo − plain: RSS +{demo.rss_mb - plain.rss_mb:.1f} MB, "
        f"USS +{demo.uss_mb - plain.uss_mb:.1f} MB, "
        f"CPU +{demo.boot_cpu + demo.cells_cpu - plain.boot_cpu - plain.cells_cpu:.2f} s"
    )
    print(f"heavy libraries in the demo kernel: {', '.join(demo.loaded) or 'none'}")


if __name__ == "__main__":
    main()
