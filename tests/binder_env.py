"""A clean virtual environment built from ``binder/``, the way Binder builds one.

``python -m venv``, ``pip install -r binder/requirements.txt`` plus the test tools (at the
versions this run uses), then ``binder/postBuild`` from the repository root with that
environment first on the PATH. Built once per pytest run and shared by the tests that need it
(nbval in ``tests/test_binder.py``, the browser in ``tests/e2e/test_binder_render.py``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from .helpers import REPO

BINDER = REPO / "binder"
TEST_TOOLS = ("pytest", "nbval", "playwright")
INSTALL_LIMIT_SECONDS = 1200
# Set outside by the suite (tests/conftest.py) or a developer; the clean environment must not
# inherit them.
_DROPPED = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "SAMENSPRAAK_", "JUPYTER", "VOILA_")

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BinderEnv:
    venv: Path
    scratch: Path  # Jupyter's config and runtime files, and where a database would appear
    install_seconds: float

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name

    @property
    def db_file(self) -> Path:
        """The SQLite file the kit would make if it stored anything: it must never appear."""
        return self.scratch / "data" / "results.sqlite"

    def environ(self) -> dict[str, str]:
        """A plain user's environment with this venv first on the PATH, as on Binder."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED)}
        env.update(
            PATH=f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            VIRTUAL_ENV=str(self.venv),
            SAMENSPRAAK_DB=f"sqlite:///{self.db_file}",
            JUPYTER_CONFIG_DIR=str(self.scratch / "jupyter-config"),
            JUPYTER_DATA_DIR=str(self.scratch / "jupyter-data"),
            JUPYTER_RUNTIME_DIR=str(self.scratch / "jupyter-runtime"),
            IPYTHONDIR=str(self.scratch / "ipython"),
            MPLCONFIGDIR=str(self.scratch / "matplotlib"),
            XDG_DATA_HOME=str(self.scratch / "xdg-data"),
        )
        return env

    def run(self, *args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """A command in this environment, from the repository root, output captured."""
        return subprocess.run(
            [str(a) for a in args],
            cwd=REPO,
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


_built: dict[str, BinderEnv | str] = {}


def _checked(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def binder_env(tmp_path_factory: pytest.TempPathFactory) -> BinderEnv:
    """The environment, built on first use in this run; a failed build fails every user."""
    if "env" not in _built:
        try:
            _built["env"] = _build(tmp_path_factory.mktemp("binder"))
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            _built["env"] = str(err)
    built = _built["env"]
    if isinstance(built, str):
        pytest.fail(built)
    return built


def _build(root: Path) -> BinderEnv:
    venv, scratch = root / "venv", root / "scratch"
    scratch.mkdir()
    started = time.perf_counter()
    made = subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
    )
    _checked(made, "python -m venv")
    env = BinderEnv(venv, scratch, 0.0)
    tools = [f"{tool}=={version(tool)}" for tool in TEST_TOOLS]
    installed = env.run(
        env.bin("python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-r",
        BINDER / "requirements.txt",
        *tools,
        timeout=INSTALL_LIMIT_SECONDS,
    )
    _checked(installed, "pip install -r binder/requirements.txt")
    seconds = time.perf_counter() - started
    _log.warning("binder environment: venv and pip install took %.0f s", seconds)
    print(f"\nbinder environment: venv and pip install took {seconds:.0f} s", file=sys.stderr)
    _checked(env.run("bash", BINDER / "postBuild", timeout=600), "binder/postBuild")
    return BinderEnv(venv, scratch, seconds)
