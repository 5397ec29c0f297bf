"""Schema migrations: a database made by the release is upgraded and keeps its data.

The release's schema is frozen below as the metadata its ``store.py`` held (commit f89b9f1),
and its ``create_all`` makes the database, as the release did. Each test runs on an SQLite
file and on PostgreSQL; SQLite in memory where a test can reach the store's one connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import samenspraak.core.store as store_module
from samenspraak.core.records import Role
from samenspraak.core.store import (
    MIGRATIONS,
    OPEN_CODE_INDEX_NAME,
    RELEASE_REVISION,
    SCHEMA_REVISION,
    Store,
    metadata,
    migrate,
    schema_revision,
)

from .conftest import drop_everything, postgres_url_or_skip
from .helpers import modules_in_fresh_python

# --- the release's schema, frozen ----------------------------------------------------------

release = sa.MetaData()
_sessions = sa.Table(
    "sessions",
    release,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(16), nullable=False),
    sa.Column("workshop_id", sa.String(60), nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("min_group_size", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime),
)
sa.Index(
    "ux_sessions_open_code",
    _sessions.c.code,
    unique=True,
    sqlite_where=_sessions.c.state == "open",
    postgresql_where=_sessions.c.state == "open",
)


def _session_key() -> sa.Column:
    return sa.Column(
        "session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )


sa.Table(
    "participants",
    release,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("pseudonym", sa.String(16), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("joined_at", sa.DateTime, nullable=False),
)
sa.Table(
    "answers",
    release,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column(
        "participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("exercise_id", sa.String(60), nullable=False),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("participant_id", "exercise_id", "round", name="uq_answer_per_round"),
)
sa.Table(
    "hidden_items",
    release,
    _session_key(),
    sa.Column("exercise_id", sa.String(60), primary_key=True),
    sa.Column("item_id", sa.String(40), primary_key=True),
    sa.Column("hidden", sa.Boolean, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)
sa.Table(
    "exercise_states",
    release,
    _session_key(),
    sa.Column("exercise_id", sa.String(60), primary_key=True),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("revealed", sa.Boolean, nullable=False),
    sa.Column("locked", sa.Boolean, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)
sa.Table(
    "session_control",
    release,
    _session_key(),
    sa.Column("pacing", sa.String(8), nullable=False),
    sa.Column("current_exercise", sa.String(60)),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)
sa.Table(
    "shared_results",
    release,
    _session_key(),
    sa.Column("exercise_id", sa.String(60), primary_key=True),
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)
sa.Table(
    "purges",
    release,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("purged_at", sa.DateTime, nullable=False),
    sa.Column("older_than_days", sa.Integer, nullable=False),
    sa.Column("sessions", sa.Integer, nullable=False),
)

RELEASE_DATA = """
INSERT INTO sessions (id, code, workshop_id, state, min_group_size, created_at)
    VALUES (1, 'K7Q4P', 'demo', 'open', 3, '2026-11-20 09:00:00.000000');
INSERT INTO sessions (id, code, workshop_id, state, min_group_size, created_at, closed_at)
    VALUES (2, 'H8W2M', 'grondhouding', 'closed', 5, '2026-11-19 09:00:00.000000',
            '2026-11-19 12:00:00.000000');
INSERT INTO participants (id, session_id, pseudonym, role, joined_at)
    VALUES (1, 1, 'p-0a1b2c3d', 'ouder', '2026-11-20 09:05:00.000000');
INSERT INTO participants (id, session_id, pseudonym, role, joined_at)
    VALUES (2, 1, 'p-4e5f6a7b', 'professional', '2026-11-20 09:06:00.000000');
INSERT INTO answers (session_id, participant_id, exercise_id, round, value, submitted_at,
                     updated_at)
    VALUES (1, 1, 'demo-open', 1, '"Ik luisterde eerst."', '2026-11-20 09:10:00.000000',
            '2026-11-20 09:10:00.000000');
INSERT INTO answers (session_id, participant_id, exercise_id, round, value, submitted_at,
                     updated_at)
    VALUES (1, 2, 'demo-open', 1, '"Ik vroeg door."', '2026-11-20 09:11:00.000000',
            '2026-11-20 09:12:00.000000')
"""


def make_release_database(engine: sa.Engine) -> None:
    """The tables and rows a workshop left in a database of the release, in plain SQL."""
    with engine.begin() as conn:
        release.create_all(conn)
        for statement in RELEASE_DATA.split(";"):
            conn.exec_driver_sql(statement)
        if conn.dialect.name == "postgresql":  # explicit ids leave the sequences behind
            for table in ("sessions", "participants"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )


# --- databases -----------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or the PostgreSQL server emptied before and after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'results.sqlite'}"
        return
    url = postgres_url_or_skip()
    engine = sa.create_engine(url)
    drop_everything(engine)
    drop_release(engine)
    yield url
    drop_everything(engine)
    drop_release(engine)
    engine.dispose()


def drop_release(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        release.drop_all(conn)


def alembic_config(conn: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def schema_differences(engine: sa.Engine, target: sa.MetaData) -> list:
    """What Alembic's autogenerate would change to make the database match ``target``.

    The partial unique index on open sessions' codes is DDL, not part of ``metadata``; the
    environment's ``include_object`` leaves it out, and :func:`open_code_index` checks it."""
    env = (MIGRATIONS / "env.py").read_text(encoding="utf-8")
    assert "include_object=include_object" in env
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": lambda _obj, name, type_, *_: (
                    not (type_ == "index" and name == OPEN_CODE_INDEX_NAME)
                ),
            },
        )
        return compare_metadata(context, target)


def open_code_index(engine: sa.Engine) -> str:
    """The SQL of the unique index on open sessions' codes, whitespace and quotes normalised."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            sql = conn.exec_driver_sql(
                f"SELECT sql FROM sqlite_master WHERE name = '{OPEN_CODE_INDEX_NAME}'"
            ).scalar_one()
        else:
            sql = conn.exec_driver_sql(
                f"SELECT indexdef FROM pg_indexes WHERE indexname = '{OPEN_CODE_INDEX_NAME}'"
            ).scalar_one()
    return " ".join(sql.replace("public.", "").split())


def revision_in(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return schema_revision(conn)


def assert_release_data_kept(store: Store) -> None:
    session = store.find_session("K7Q4P")
    assert (session.id, session.workshop_id, session.min_group_size) == (1, "demo", 3)
    assert store.latest_session("H8W2M").state == "closed"
    answers = store.answers(session.id, "demo-open")
    assert sorted((a.pseudonym, a.role, a.value) for a in answers) == [
        ("p-0a1b2c3d", Role.OUDER, "Ik luisterde eerst."),
        ("p-4e5f6a7b", Role.PROFESSIONAL, "Ik vroeg door."),
    ]
    assert store.participants_by_role(session.id) == {Role.OUDER: 1, Role.PROFESSIONAL: 1}
    # The release's participants go on, and the new tables take rows.
    participant = store.rejoin("K7Q4P", "0A1B2C3D")
    store.remember_device(participant, "device-cookie")
    assert store.participant_on_device("device-cookie", "demo") == participant
    store.record_join_failure("192.0.2.1")
    assert store.create_session("demo").id == 3


# --- the migrations ------------------------------------------------------------------------


def test_schema_revision_is_the_newest_migration_and_the_release_its_base():
    scripts = ScriptDirectory(str(MIGRATIONS))
    assert scripts.get_current_head() == SCHEMA_REVISION
    assert [s.revision for s in scripts.walk_revisions()][-1] == RELEASE_REVISION


def test_a_new_database_gets_every_migration_and_the_schema_of_metadata(db_url: str):
    store = Store(db_url)
    assert revision_in(store.engine) == SCHEMA_REVISION
    assert schema_differences(store.engine, metadata) == []
    assert open_code_index(store.engine) == (
        "CREATE UNIQUE INDEX ux_sessions_open_code ON sessions (code) WHERE state = 'open'"
        if store.engine.dialect.name == "sqlite"
        else "CREATE UNIQUE INDEX ux_sessions_open_code ON sessions USING btree (code) "
        "WHERE ((state)::text = 'open'::text)"
    )
    store.dispose()


def test_metadata_create_all_makes_what_the_migrations_make(db_url: str, tmp_path: Path):
    """``metadata`` stays the description of the current schema, the index included."""
    migrated = Store(db_url)
    index = open_code_index(migrated.engine)
    migrated.dispose()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'made.sqlite'}")
    if not db_url.startswith("sqlite"):
        engine.dispose()
        engine = sa.create_engine(db_url)
        drop_everything(engine)
    with engine.begin() as conn:
        metadata.create_all(conn)
    assert open_code_index(engine) == index
    assert schema_differences(engine, metadata) == []
    engine.dispose()


def test_the_release_migration_is_the_release_schema(db_url: str):
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), RELEASE_REVISION)
    assert schema_differences(engine, release) == []
    made_by_migration = open_code_index(engine)
    drop_everything(engine)
    drop_release(engine)
    with engine.begin() as conn:
        release.create_all(conn)
    assert open_code_index(engine) == made_by_migration
    engine.dispose()


def test_a_release_database_is_upgraded_and_keeps_its_sessions_and_answers(db_url: str):
    engine = sa.create_engine(db_url)
    make_release_database(engine)
    assert revision_in(engine) is None
    engine.dispose()
    store = Store(db_url)
    assert revision_in(store.engine) == SCHEMA_REVISION
    assert schema_differences(store.engine, metadata) == []
    assert_release_data_kept(store)
    store.dispose()


def test_a_release_database_in_memory_is_upgraded_on_the_store_connection():
    store = Store("sqlite://", create_tables=False)  # StaticPool: one connection, one database
    make_release_database(store.engine)
    with store.engine.begin() as conn:
        migrate(conn)
    assert revision_in(store.engine) == SCHEMA_REVISION
    assert schema_differences(store.engine, metadata) == []
    assert_release_data_kept(store)
    store.dispose()


def test_a_database_made_by_create_all_before_migrations_is_stamped_and_kept(db_url: str):
    """The development version between the release and migrations already had the new tables."""
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        metadata.create_all(conn)
        conn.execute(
            sa.text("INSERT INTO join_failures VALUES ('abc', 3, '2026-12-01 10:00:00.000000')")
        )
    engine.dispose()
    store = Store(db_url)
    assert revision_in(store.engine) == SCHEMA_REVISION
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT failures FROM join_failures").scalar_one() == 3
    store.dispose()


def test_a_current_database_is_left_alone(db_url: str, monkeypatch: pytest.MonkeyPatch):
    Store(db_url).dispose()

    def no_migration(_conn: sa.Connection) -> None:
        raise AssertionError("a current database is not migrated again")

    monkeypatch.setattr(store_module, "migrate", no_migration)
    store = Store(db_url)
    assert revision_in(store.engine) == SCHEMA_REVISION
    store.dispose()


def test_the_store_does_not_import_alembic_once_the_schema_is_current(tmp_path: Path):
    """Participants' kernels stay light: under `serve` they skip the check, elsewhere it is
    one query that finds the schema current."""
    url = f"sqlite:///{tmp_path / 'results.sqlite'}"
    Store(url).dispose()
    loaded = modules_in_fresh_python(
        "from samenspraak.core.store import Store\n"
        f"Store({url!r}, hold_connections=False, create_tables=False).create_session('demo')\n"
        f"Store({url!r}).create_session('demo')\n"
    )
    assert sorted(m for m in loaded if m.split(".")[0] in {"alembic", "mako"}) == []
