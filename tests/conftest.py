"""Shared fixtures: a real SQLite store per test, and the shipped workshop."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from samenspraak.catalog import load_workshop
from samenspraak.content import WorkshopBase
from samenspraak.store import Store

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config: pytest.Config) -> None:
    """Notebook kernels (nbval) and servers started by tests use this store, not the user's."""
    data = Path(tempfile.mkdtemp(prefix="samenspraak-test-"))
    os.environ["SAMENSPRAAK_DB"] = f"sqlite:///{data / 'notebooks.sqlite'}"


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test ever touches the user's real results store."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("SAMENSPRAAK_DB", f"sqlite:///{data / 'default.sqlite'}")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A real SQLite file in WAL mode, as in production."""
    store = Store(f"sqlite:///{tmp_path / 'results.sqlite'}")
    yield store
    store.dispose()


@pytest.fixture
def memory_store() -> Store:
    store = Store("sqlite://")
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def workshop() -> WorkshopBase:
    return load_workshop("grondhouding", REPO / "content")
