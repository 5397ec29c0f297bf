"""Shared fixtures: a real SQLite store per test, and the shipped workshop."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from samenspraak.catalog import load_workshop
from samenspraak.core import store as store_module
from samenspraak.core.content import WorkshopBase
from samenspraak.core.records import Session
from samenspraak.core.store import Store, metadata

from .helpers import CONTENT


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
def session(store: Store) -> Session:
    """An open session of the demo workshop that shows results from three answers on.

    Test files on another workshop or group size define their own ``session``."""
    return store.create_session("demo", min_group_size=3)


@pytest.fixture
def fragile_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A real SQLite store that gives up on a lock after 50 ms instead of 5 s."""
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    store = Store(f"sqlite:///{tmp_path / 'fragile.sqlite'}")
    yield store
    store.dispose()


@pytest.fixture
def memory_store() -> Store:
    store = Store("sqlite://")
    yield store
    store.dispose()


def _postgres_url() -> str | None:
    """A PostgreSQL server for the store tests: `make test` runs pytest under Debian's
    pg_virtualenv, which starts a throw-away cluster and sets the PG* variables."""
    if url := os.environ.get("SAMENSPRAAK_TEST_POSTGRES_URL"):
        return url
    if not os.environ.get("PGHOST"):
        return None
    user, password = os.environ.get("PGUSER", "postgres"), os.environ.get("PGPASSWORD", "")
    host, port = os.environ["PGHOST"], os.environ.get("PGPORT", "5432")
    database = os.environ.get("PGDATABASE", "postgres")
    return f"postgresql+psycopg://{user}:{password}@{host}:{port}/{database}"


def postgres_url_or_skip() -> str:
    """The PostgreSQL server's URL; the test is skipped without one, and fails under
    `make test`, where there must be one."""
    url = _postgres_url()
    if url is None:
        if os.environ.get("SAMENSPRAAK_REQUIRE_POSTGRES"):
            pytest.fail("no PostgreSQL server: run the tests with `make test`")
        pytest.skip("no PostgreSQL server (make test starts one with pg_virtualenv)")
    return url


@pytest.fixture
def postgres_store() -> Store:
    """The same store on a real PostgreSQL server, emptied before and after each test."""
    url = postgres_url_or_skip()
    engine = sa.create_engine(url)
    drop_everything(engine)
    engine.dispose()
    store = Store(url)
    yield store
    drop_everything(store.engine)
    store.dispose()


def drop_everything(engine: sa.Engine) -> None:
    """The store's tables and Alembic's record of the schema, so the next Store migrates anew."""
    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(params=["store", "memory_store", "postgres_store"])
def any_store(request: pytest.FixtureRequest) -> Store:
    """The same behaviour is expected of an SQLite file, SQLite in memory and PostgreSQL."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def workshop() -> WorkshopBase:
    return load_workshop("grondhouding", CONTENT)
