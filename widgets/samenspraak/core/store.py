"""Results store: sessions, participants and answers, through SQLAlchemy Core.

SQLite in WAL mode with a busy timeout is the embedded default; any SQLAlchemy URL works
(PostgreSQL for many hosts). Nothing here keeps state between calls except the engine, so
several processes and hosts can share one database.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.pool import NullPool, StaticPool

from .files import private_sqlite_file
from .records import (
    DEFAULT_MIN_GROUP_SIZE,
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    PSEUDONYM_PREFIX,
    Activity,
    Answer,
    Control,
    ExerciseLocked,
    ExerciseState,
    JoinError,
    JoinLimit,
    Pacing,
    Participant,
    Purge,
    Role,
    Session,
    SessionOverview,
    SessionState,
    StoreUnavailable,
    normalize_code,
)

JOIN_FORGET_AFTER = timedelta(hours=1)  # wrong codes are forgotten an hour after the last one
BUSY_TIMEOUT_SECONDS = 5


# ``metadata`` describes the schema of the newest migration in migrations/versions, whose
# revision is SCHEMA_REVISION (tests/test_migrations.py checks both). A schema change is a new
# migration there plus the same change here; see docs/architecture.md.
SCHEMA_REVISION = "0002"
# Databases made before migrations (no ``alembic_version`` table) have this revision's schema.
RELEASE_REVISION = "0001"
MIGRATIONS = Path(__file__).parent / "migrations"

metadata = sa.MetaData()

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(16), nullable=False),
    sa.Column("workshop_id", sa.String(60), nullable=False),
    sa.Column("state", sa.String(16), nullable=False, default=SessionState.OPEN.value),
    sa.Column("min_group_size", sa.Integer, nullable=False, default=DEFAULT_MIN_GROUP_SIZE),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("closed_at", sa.DateTime),
)
# Unique among open sessions only: a closed session's code may come back later. Written as
# DDL rather than ``sa.Index(..., postgresql_where=...)``: that keyword makes SQLAlchemy import
# its whole PostgreSQL dialect (2.5 MB) in every process, also on SQLite. The migrations make
# it (0001) and so does ``metadata.create_all``; Alembic's comparison with ``metadata`` leaves
# it out (migrations/env.py). SQLite and PostgreSQL take the partial index; other databases
# get the code unique in all sessions.
OPEN_CODE_INDEX_NAME = "ux_sessions_open_code"
_OPEN_CODE_INDEX = f"CREATE UNIQUE INDEX {OPEN_CODE_INDEX_NAME} ON sessions (code)"
sa.event.listen(
    sessions,
    "after_create",
    sa.DDL(f"{_OPEN_CODE_INDEX} WHERE state = '{SessionState.OPEN.value}'").execute_if(
        dialect=("sqlite", "postgresql")
    ),
)
sa.event.listen(
    sessions,
    "after_create",
    sa.DDL(_OPEN_CODE_INDEX).execute_if(
        callable_=lambda _ddl, _target, _bind, dialect, **_kw: (
            dialect.name not in {"sqlite", "postgresql"}
        )
    ),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("pseudonym", sa.String(16), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("joined_at", sa.DateTime, nullable=False),
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column(
        "participant_id",
        sa.ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("exercise_id", sa.String(60), nullable=False),
    sa.Column("round", sa.Integer, nullable=False, default=1),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.UniqueConstraint("participant_id", "exercise_id", "round", name="uq_answer_per_round"),
)

# The browsers a participant answered from. A page sets a random cookie in the browser; only
# its SHA-256 is kept, so a reloaded page (a phone that slept, a closed tab) finds the same
# participant again without the person typing their personal code, and is never counted twice.
devices = sa.Table(
    "devices",
    metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("device_hash", sa.String(64), primary_key=True),
    sa.Column(
        "participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("seen_at", sa.DateTime, nullable=False),
)

# Wrong join codes per browser and per network address (SHA-256 of "browser:<cookie>" or
# "address:<ip>"), so guessing is slowed down across pages: a new page is cheap.
join_failures = sa.Table(
    "join_failures",
    metadata,
    sa.Column("source_hash", sa.String(64), primary_key=True),  # a browser or an address
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure_at", sa.DateTime, nullable=False),
)

# Items the trainer took out of the shared view (an idea, a rewrite). A row is kept when the
# item is shown again, so ``changed_at`` tells a polling view that something changed.
hidden_items = sa.Table(
    "hidden_items",
    metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("exercise_id", sa.String(60), primary_key=True),
    sa.Column("item_id", sa.String(40), primary_key=True),
    sa.Column("hidden", sa.Boolean, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)


# The trainer's control of one exercise in a session: the round that is being answered,
# whether the group sees results (revealed) and whether answering is closed (locked).
exercise_states = sa.Table(
    "exercise_states",
    metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("exercise_id", sa.String(60), primary_key=True),
    sa.Column("round", sa.Integer, nullable=False, default=1),
    sa.Column("revealed", sa.Boolean, nullable=False, default=False),
    sa.Column("locked", sa.Boolean, nullable=False, default=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)

# How the session is paced, and the exercise the trainer has opened for everyone.
session_control = sa.Table(
    "session_control",
    metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("pacing", sa.String(8), nullable=False, default=Pacing.SELF.value),
    sa.Column("current_exercise", sa.String(60)),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)

# What the group sees of a revealed exercise: the trainer's panel as static HTML, written by
# the dashboard. It holds aggregates only, and participants' kernels need no chart libraries.
shared_results = sa.Table(
    "shared_results",
    metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("exercise_id", sa.String(60), primary_key=True),
    sa.Column("html", sa.Text, nullable=False),
    sa.Column("changed_at", sa.DateTime, nullable=False),
)

# Each clean-up of old sessions, so the trainer can see what was deleted and when.
purges = sa.Table(
    "purges",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("purged_at", sa.DateTime, nullable=False),
    sa.Column("older_than_days", sa.Integer, nullable=False),
    sa.Column("sessions", sa.Integer, nullable=False),
)


def default_url() -> str:
    """``$SAMENSPRAAK_DB``, or an SQLite file in the user's data directory."""
    if env := os.environ.get("SAMENSPRAAK_DB"):
        return env
    path = platformdirs.user_data_path("samenspraak", appauthor=False, ensure_exists=True)
    return f"sqlite:///{path / 'samenspraak.sqlite'}"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _make_engine(url: str, *, hold_connections: bool = True) -> sa.Engine:
    if not url.startswith("sqlite"):
        if not hold_connections:  # a participant's kernel: connect per call, hold nothing
            return sa.create_engine(url, poolclass=NullPool)
        return sa.create_engine(url, pool_pre_ping=True)
    memory = url in {"sqlite://", "sqlite:///:memory:"}
    if not memory:
        try:  # 0600 in a 0700 folder: answers are for the trainer only (-wal/-shm follow)
            private_sqlite_file(Path(sa.make_url(url).database or ""))
        except OSError as err:  # e.g. a file where the directory should be
            raise StoreUnavailable(str(err)) from err
    engine = sa.create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        poolclass=StaticPool if memory else None,
    )

    @sa.event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def schema_revision(conn: sa.Connection) -> str | None:
    """The database's Alembic revision; None if it has no ``alembic_version`` table yet."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def migrate(conn: sa.Connection) -> None:
    """Upgrade the database on ``conn`` to the newest migration, in ``conn``'s transaction.

    A database with the release's tables but no ``alembic_version`` (made before migrations)
    is first stamped with RELEASE_REVISION. Alembic is imported here only, so processes that
    skip this (participants' kernels) never load it.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    inspector = sa.inspect(conn)
    if not inspector.has_table("alembic_version") and inspector.has_table("sessions"):
        command.stamp(config, RELEASE_REVISION)
    command.upgrade(config, "head")


class Store:
    """All access to sessions, participants and answers goes through one Store."""

    def __init__(
        self, url: str | None = None, *, hold_connections: bool = True, create_tables: bool = True
    ):
        """``hold_connections=False`` is for participants' kernels outside ``samenspraak serve``
        (under it they call the participant server, :mod:`remote_store`): on a database server
        (PostgreSQL) each call opens and closes its own connection, so a hundred idle pages
        hold none of the server's connection slots. SQLite files need no such care.

        ``create_tables=True`` brings the database to the current schema (:func:`migrate`):
        a new database gets every migration, one made before migrations existed is upgraded
        from the release's schema, a current one costs one query. ``create_tables=False``
        skips this, for a process that knows it is done and must not import Alembic."""
        self.url = url or default_url()
        self.engine = _make_engine(self.url, hold_connections=hold_connections)
        if create_tables:
            with self._connect() as conn:
                if schema_revision(conn) != SCHEMA_REVISION:
                    migrate(conn)

    @contextmanager
    def _connect(self) -> Iterator[sa.Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as err:
            raise StoreUnavailable(str(err.orig)) from err

    def dispose(self) -> None:
        self.engine.dispose()

    # sessions -------------------------------------------------------------------------
    def create_session(
        self, workshop_id: str, *, min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    ) -> Session:
        """A new open session with a join code no other open session has."""
        if min_group_size < 1:
            raise ValueError("min_group_size must be at least 1")
        for _ in range(50):
            code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            try:
                with self._connect() as conn:
                    result = conn.execute(
                        sessions.insert().values(
                            code=code,
                            workshop_id=workshop_id,
                            state=SessionState.OPEN.value,
                            min_group_size=min_group_size,
                            created_at=_now(),
                        )
                    )
                    session_id = result.inserted_primary_key[0]
            except IntegrityError:
                continue  # that code is taken by an open session: draw again
            return self.session(session_id)
        raise RuntimeError("no free join code found")  # pragma: no cover - 28 million codes

    def session(self, session_id: int) -> Session:
        with self._connect() as conn:
            row = conn.execute(sessions.select().where(sessions.c.id == session_id)).one()
        return _session(row)

    def find_session(self, code: str) -> Session:
        """The open session with this join code, else :class:`JoinError`."""
        code = normalize_code(code)
        with self._connect() as conn:
            rows = conn.execute(
                sessions.select()
                .where(sessions.c.code == code)
                .order_by(sessions.c.state.desc(), sessions.c.created_at.desc())
            ).all()
        if not rows:
            raise JoinError("unknown", code)
        found = [_session(row) for row in rows]
        for session in found:
            if session.is_open:
                return session
        raise JoinError("closed", code)

    def latest_session(self, code: str) -> Session:
        """The session with this code, open or closed: the open one, else the newest."""
        try:
            return self.find_session(code)
        except JoinError as err:
            if err.reason == "unknown":
                raise
        with self._connect() as conn:
            row = conn.execute(
                sessions.select()
                .where(sessions.c.code == normalize_code(code))
                .order_by(sessions.c.created_at.desc(), sessions.c.id.desc())
                .limit(1)
            ).one()
        return _session(row)

    def open_sessions(self) -> list[Session]:
        with self._connect() as conn:
            rows = conn.execute(
                sessions.select()
                .where(sessions.c.state == SessionState.OPEN.value)
                .order_by(sessions.c.created_at.desc())
            ).all()
        return [_session(row) for row in rows]

    def list_sessions(self) -> list[SessionOverview]:
        """Every session, newest first, with its counts."""
        n_participants = (
            sa.select(sa.func.count())
            .where(participants.c.session_id == sessions.c.id)
            .scalar_subquery()
        )
        n_answers = (
            sa.select(sa.func.count())
            .where(answers.c.session_id == sessions.c.id)
            .scalar_subquery()
        )
        with self._connect() as conn:
            rows = conn.execute(
                sa.select(sessions, n_participants.label("n_p"), n_answers.label("n_a")).order_by(
                    sessions.c.created_at.desc(), sessions.c.id.desc()
                )
            ).all()
        return [SessionOverview(_session(row), row.n_p, row.n_a) for row in rows]

    def close_session(self, session_id: int) -> None:
        with self._connect() as conn:
            conn.execute(
                sessions.update()
                .where(sessions.c.id == session_id)
                .values(state=SessionState.CLOSED.value, closed_at=_now())
            )

    # participants ---------------------------------------------------------------------
    def join(self, code: str, role: Role | str) -> Participant:
        """Add a participant with a random pseudonym to the open session with this code."""
        role = Role(role)
        session = self.find_session(code)
        for _ in range(10):
            pseudonym = f"{PSEUDONYM_PREFIX}{secrets.token_hex(4)}"
            try:
                with self._connect() as conn:
                    result = conn.execute(
                        participants.insert().values(
                            session_id=session.id,
                            pseudonym=pseudonym,
                            role=role.value,
                            joined_at=_now(),
                        )
                    )
                    return Participant(result.inserted_primary_key[0], session.id, pseudonym, role)
            except IntegrityError:
                continue
        raise RuntimeError("no free pseudonym found")  # pragma: no cover

    def rejoin(self, code: str, personal_code: str) -> Participant:
        """The participant with this personal code in the open session with this join code.

        A reloaded page starts a new kernel; the personal code lets the person go on as the
        same participant, so their answers are replaced rather than counted twice.
        """
        session = self.find_session(code)
        pseudonym = PSEUDONYM_PREFIX + personal_code.strip().lower().removeprefix(PSEUDONYM_PREFIX)
        with self._connect() as conn:
            row = conn.execute(
                participants.select().where(
                    (participants.c.session_id == session.id)
                    & (participants.c.pseudonym == pseudonym)
                )
            ).one_or_none()
        if row is None:
            raise JoinError("personal_unknown", personal_code.strip())
        return Participant(row.id, session.id, row.pseudonym, Role(row.role))

    def join_wait(self, source: str, limit: JoinLimit, *, now: datetime | None = None) -> float:
        """Seconds this source (``browser:…`` or ``address:…``) must wait before its next
        join attempt (0: go ahead)."""
        now = now or _now()
        with self._connect() as conn:
            row = conn.execute(
                join_failures.select().where(join_failures.c.source_hash == _hash(source))
            ).one_or_none()
        if row is None or now - row.last_failure_at > JOIN_FORGET_AFTER:
            return 0.0
        waited = (now - row.last_failure_at).total_seconds()
        return max(0.0, limit.delay(row.failures) - waited)

    def record_join_failure(self, source: str, *, now: datetime | None = None) -> int:
        """Count a wrong code from this source; return its count of recent wrong codes."""
        now = now or _now()
        source_hash = _hash(source)
        with self._connect() as conn:
            row = conn.execute(
                join_failures.select().where(join_failures.c.source_hash == source_hash)
            ).one_or_none()
            if row is None:
                conn.execute(
                    join_failures.insert().values(
                        source_hash=source_hash, failures=1, last_failure_at=now
                    )
                )
                return 1
            failures = 1 if now - row.last_failure_at > JOIN_FORGET_AFTER else row.failures + 1
            conn.execute(
                join_failures.update()
                .where(join_failures.c.source_hash == source_hash)
                .values(failures=failures, last_failure_at=now)
            )
            return failures

    def forget_join_failures(self, source: str) -> None:
        """A right code: this source starts afresh."""
        with self._connect() as conn:
            conn.execute(join_failures.delete().where(join_failures.c.source_hash == _hash(source)))

    def remember_device(self, participant: Participant, device: str) -> None:
        """Remember that this browser (its random cookie) belongs to this participant."""
        device_hash = _hash(device)
        with self._connect() as conn:
            conn.execute(
                devices.delete().where(
                    (devices.c.session_id == participant.session_id)
                    & (devices.c.device_hash == device_hash)
                )
            )
            conn.execute(
                devices.insert().values(
                    session_id=participant.session_id,
                    device_hash=device_hash,
                    participant_id=participant.id,
                    seen_at=_now(),
                )
            )

    def participant_on_device(self, device: str, workshop_id: str) -> Participant | None:
        """The participant this browser was in the newest open session of this workshop."""
        with self._connect() as conn:
            row = conn.execute(
                sa.select(participants)
                .join(devices, devices.c.participant_id == participants.c.id)
                .join(sessions, sessions.c.id == devices.c.session_id)
                .where(
                    (devices.c.device_hash == _hash(device))
                    & (sessions.c.workshop_id == workshop_id)
                    & (sessions.c.state == SessionState.OPEN.value)
                )
                .order_by(sessions.c.created_at.desc(), sessions.c.id.desc())
                .limit(1)
            ).one_or_none()
        if row is None:
            return None
        return Participant(row.id, row.session_id, row.pseudonym, Role(row.role))

    def answers_of(self, participant: Participant, *, round: int | None = None) -> dict[str, Any]:
        """This participant's own answers by exercise id: in each exercise's current round,
        or in ``round``."""
        rounds = {
            exercise_id: state.round
            for exercise_id, state in self.control(participant.session_id).exercises.items()
        }
        with self._connect() as conn:
            rows = conn.execute(
                sa.select(answers.c.exercise_id, answers.c.round, answers.c.value).where(
                    answers.c.participant_id == participant.id
                )
            ).all()
        return {
            row.exercise_id: json.loads(row.value)
            for row in rows
            if row.round == (round if round is not None else rounds.get(row.exercise_id, 1))
        }

    def participants_by_role(self, session_id: int) -> dict[Role, int]:
        with self._connect() as conn:
            rows = conn.execute(
                sa.select(participants.c.role, sa.func.count())
                .where(participants.c.session_id == session_id)
                .group_by(participants.c.role)
            ).all()
        return {Role(role): count for role, count in rows}

    # answers --------------------------------------------------------------------------
    def save_answer(
        self, participant: Participant, exercise_id: str, value: Any, *, round: int | None = None
    ) -> bool:
        """Store the answer; a resubmission replaces the earlier one. True when it replaced.

        The answer goes into the exercise's current round unless ``round`` is given. Raises
        :class:`JoinError` when the session has been closed in the meantime, and
        :class:`ExerciseLocked` when the trainer closed answering for this exercise.
        """
        payload = json.dumps(value, ensure_ascii=False)
        now = _now()
        with self._connect() as conn:
            state = conn.execute(
                sa.select(sessions.c.state, sessions.c.code).where(
                    sessions.c.id == participant.session_id
                )
            ).one_or_none()
            if state is None:  # deleted since the person joined
                raise JoinError("closed", "")
            if state.state != SessionState.OPEN.value:
                raise JoinError("closed", state.code)
            control = conn.execute(
                sa.select(exercise_states.c.round, exercise_states.c.locked).where(
                    (exercise_states.c.session_id == participant.session_id)
                    & (exercise_states.c.exercise_id == exercise_id)
                )
            ).one_or_none()
            if control is not None and control.locked:
                raise ExerciseLocked(exercise_id)
            if round is None:
                round = control.round if control is not None else 1
            key = (
                (answers.c.participant_id == participant.id)
                & (answers.c.exercise_id == exercise_id)
                & (answers.c.round == round)
            )
            updated = conn.execute(
                answers.update().where(key).values(value=payload, updated_at=now)
            )
            if updated.rowcount:
                return True
            conn.execute(
                answers.insert().values(
                    session_id=participant.session_id,
                    participant_id=participant.id,
                    exercise_id=exercise_id,
                    round=round,
                    value=payload,
                    submitted_at=now,
                    updated_at=now,
                )
            )
        return False

    def answers(
        self, session_id: int, exercise_id: str | None = None, *, round: int | None = 1
    ) -> list[Answer]:
        """Answers of a session, oldest first; one exercise and round, or all when None."""
        query = (
            sa.select(answers, participants.c.pseudonym, participants.c.role)
            .join(participants, participants.c.id == answers.c.participant_id)
            .where(answers.c.session_id == session_id)
            .order_by(answers.c.submitted_at, answers.c.id)
        )
        if exercise_id is not None:
            query = query.where(answers.c.exercise_id == exercise_id)
        if round is not None:
            query = query.where(answers.c.round == round)
        with self._connect() as conn:
            rows = conn.execute(query).all()
        return [
            Answer(
                pseudonym=row.pseudonym,
                role=Role(row.role),
                exercise_id=row.exercise_id,
                round=row.round,
                value=json.loads(row.value),
                submitted_at=row.submitted_at,
                updated_at=row.updated_at,
                id=row.id,
            )
            for row in rows
        ]

    def activity(self, session_id: int) -> Activity:
        """Counts and the time of the last change; one small query for the dashboard's poll."""

        def latest(column: sa.Column, table: sa.Table) -> sa.ScalarSelect:
            return sa.select(sa.func.max(column)).where(table.c.session_id == session_id)

        def counted(table: sa.Table) -> sa.ScalarSelect:
            return sa.select(sa.func.count()).where(table.c.session_id == session_id)

        control_tables = (exercise_states, session_control, shared_results)
        query = sa.select(
            counted(participants).scalar_subquery().label("participants"),
            counted(answers).scalar_subquery().label("answers"),
            latest(answers.c.updated_at, answers).scalar_subquery().label("last_answer"),
            sa.select(sessions.c.state)
            .where(sessions.c.id == session_id)
            .scalar_subquery()
            .label("state"),
            latest(hidden_items.c.changed_at, hidden_items).scalar_subquery().label("moderated"),
            *(
                latest(table.c.changed_at, table).scalar_subquery().label(f"{table.name}_changed")
                for table in control_tables
            ),
        )
        with self._connect() as conn:
            row = conn.execute(query).one()._mapping
        control_changes = [
            row[f"{table.name}_changed"]
            for table in control_tables
            if row[f"{table.name}_changed"] is not None
        ]
        return Activity(
            participants=row["participants"],
            answers=row["answers"],
            last_change=row["last_answer"],
            # A session deleted while its pages are open reads as closed: they stop taking
            # answers instead of failing at every poll.
            state=SessionState(row["state"] or SessionState.CLOSED.value),
            last_moderation=row["moderated"],
            last_control=max(control_changes, default=None),
        )

    # moderation -----------------------------------------------------------------------
    def set_hidden(self, session_id: int, exercise_id: str, item_id: str, hidden: bool) -> None:
        """Take an item out of the shared view, or put it back."""
        key = (
            (hidden_items.c.session_id == session_id)
            & (hidden_items.c.exercise_id == exercise_id)
            & (hidden_items.c.item_id == item_id)
        )
        now = _now()
        with self._connect() as conn:
            updated = conn.execute(
                hidden_items.update().where(key).values(hidden=hidden, changed_at=now)
            )
            if not updated.rowcount:
                conn.execute(
                    hidden_items.insert().values(
                        session_id=session_id,
                        exercise_id=exercise_id,
                        item_id=item_id,
                        hidden=hidden,
                        changed_at=now,
                    )
                )

    def hidden_items(self, session_id: int) -> dict[str, frozenset[str]]:
        """The hidden items of a session, by exercise id."""
        with self._connect() as conn:
            rows = conn.execute(
                sa.select(hidden_items.c.exercise_id, hidden_items.c.item_id).where(
                    (hidden_items.c.session_id == session_id) & hidden_items.c.hidden
                )
            ).all()
        found: dict[str, set[str]] = {}
        for row in rows:
            found.setdefault(row.exercise_id, set()).add(row.item_id)
        return {exercise_id: frozenset(items) for exercise_id, items in found.items()}

    # the trainer's control ---------------------------------------------------------------
    def control(self, session_id: int) -> Control:
        """Pacing, the opened exercise, and each exercise's round, reveal and lock."""
        with self._connect() as conn:
            pace = conn.execute(
                session_control.select().where(session_control.c.session_id == session_id)
            ).one_or_none()
            rows = conn.execute(
                exercise_states.select().where(exercise_states.c.session_id == session_id)
            ).all()
        return Control(
            pacing=Pacing(pace.pacing) if pace else Pacing.SELF,
            current_exercise=pace.current_exercise if pace else None,
            exercises={
                row.exercise_id: ExerciseState(row.round, row.revealed, row.locked) for row in rows
            },
        )

    def set_pacing(
        self, session_id: int, pacing: Pacing | str, current_exercise: str | None = None
    ) -> None:
        """Self-paced, or led by the trainer with ``current_exercise`` open for everyone."""
        values = {
            "pacing": Pacing(pacing).value,
            "current_exercise": current_exercise,
            "changed_at": _now(),
        }
        with self._connect() as conn:
            updated = conn.execute(
                session_control.update()
                .where(session_control.c.session_id == session_id)
                .values(**values)
            )
            if not updated.rowcount:
                conn.execute(session_control.insert().values(session_id=session_id, **values))

    def set_exercise_state(
        self,
        session_id: int,
        exercise_id: str,
        *,
        revealed: bool | None = None,
        locked: bool | None = None,
    ) -> ExerciseState:
        """Reveal or hide results, lock or open answering; the other settings stay."""
        with self._connect() as conn:
            return self._change_state(conn, session_id, exercise_id, revealed, locked, None)

    def new_round(self, session_id: int, exercise_id: str) -> ExerciseState:
        """Ask the exercise again: the next round, open for answers, results hidden.

        Earlier rounds keep their answers, so the dashboard can compare them.
        """
        with self._connect() as conn:
            current = conn.execute(
                sa.select(exercise_states.c.round).where(
                    (exercise_states.c.session_id == session_id)
                    & (exercise_states.c.exercise_id == exercise_id)
                )
            ).scalar_one_or_none()
            conn.execute(
                shared_results.delete().where(
                    (shared_results.c.session_id == session_id)
                    & (shared_results.c.exercise_id == exercise_id)
                )
            )
            return self._change_state(
                conn, session_id, exercise_id, False, False, (current or 1) + 1
            )

    def _change_state(  # noqa: PLR0917 - private; every caller passes all of them
        self,
        conn: sa.Connection,
        session_id: int,
        exercise_id: str,
        revealed: bool | None,
        locked: bool | None,
        round: int | None,
    ) -> ExerciseState:
        key = (exercise_states.c.session_id == session_id) & (
            exercise_states.c.exercise_id == exercise_id
        )
        row = conn.execute(exercise_states.select().where(key)).one_or_none()
        old = ExerciseState(row.round, row.revealed, row.locked) if row else ExerciseState()
        new = ExerciseState(
            round=old.round if round is None else round,
            revealed=old.revealed if revealed is None else revealed,
            locked=old.locked if locked is None else locked,
        )
        values = {
            "round": new.round,
            "revealed": new.revealed,
            "locked": new.locked,
            "changed_at": _now(),
        }
        if row is None:
            conn.execute(
                exercise_states.insert().values(
                    session_id=session_id, exercise_id=exercise_id, **values
                )
            )
        else:
            conn.execute(exercise_states.update().where(key).values(**values))
        return new

    def save_shared_results(self, session_id: int, exercise_id: str, html: str) -> None:
        """What the group sees of a revealed exercise (aggregates only, already escaped)."""
        key = (shared_results.c.session_id == session_id) & (
            shared_results.c.exercise_id == exercise_id
        )
        with self._connect() as conn:
            old = conn.execute(sa.select(shared_results.c.html).where(key)).scalar_one_or_none()
            if old == html:
                return  # unchanged: participants' pages need not redraw
            if old is None:
                conn.execute(
                    shared_results.insert().values(
                        session_id=session_id, exercise_id=exercise_id, html=html, changed_at=_now()
                    )
                )
            else:
                conn.execute(
                    shared_results.update().where(key).values(html=html, changed_at=_now())
                )

    def shared_results(self, session_id: int) -> dict[str, str]:
        with self._connect() as conn:
            rows = conn.execute(
                sa.select(shared_results.c.exercise_id, shared_results.c.html).where(
                    shared_results.c.session_id == session_id
                )
            ).all()
        return {row.exercise_id: row.html for row in rows}

    # retention ---------------------------------------------------------------------------
    def delete_session(self, session_id: int) -> None:
        """Delete a session with everything in it: participants, answers, settings."""
        with self._connect() as conn:
            for table in (
                devices,
                answers,
                participants,
                hidden_items,
                exercise_states,
                session_control,
                shared_results,
            ):
                conn.execute(table.delete().where(table.c.session_id == session_id))
            conn.execute(sessions.delete().where(sessions.c.id == session_id))

    def purge_older_than(self, days: int, *, now: datetime | None = None) -> list[Session]:
        """Delete every session created more than ``days`` days ago; log and return them."""
        if days < 1:
            raise ValueError("days must be at least 1")
        now = now or _now()
        with self._connect() as conn:
            rows = conn.execute(
                sessions.select().where(sessions.c.created_at < now - timedelta(days=days))
            ).all()
        old = [_session(row) for row in rows]
        for session in old:
            self.delete_session(session.id)
        with self._connect() as conn:
            conn.execute(
                purges.insert().values(purged_at=now, older_than_days=days, sessions=len(old))
            )
        return old

    def purge_ended(
        self, keep_days: int, open_days: int, *, now: datetime | None = None
    ) -> list[Session]:
        """Delete the sessions that are over: every session closed at least ``keep_days``
        days ago (0: every closed session), and every session started more than ``open_days``
        days ago, even one nobody closed. Logs the clean-up (with ``keep_days``) and returns
        the deleted sessions."""
        if keep_days < 0:
            raise ValueError("keep_days must be 0 or more")
        if open_days < 1:
            raise ValueError("open_days must be at least 1")
        now = now or _now()
        closed_at = sa.func.coalesce(sessions.c.closed_at, sessions.c.created_at)
        over = sa.or_(
            sa.and_(
                sessions.c.state == SessionState.CLOSED.value,
                closed_at <= now - timedelta(days=keep_days),
            ),
            sessions.c.created_at < now - timedelta(days=open_days),
        )
        with self._connect() as conn:
            rows = conn.execute(sessions.select().where(over)).all()
        ended = [_session(row) for row in rows]
        for session in ended:
            self.delete_session(session.id)
        with self._connect() as conn:
            conn.execute(
                purges.insert().values(
                    purged_at=now, older_than_days=keep_days, sessions=len(ended)
                )
            )
        return ended

    def last_purge(self) -> Purge | None:
        with self._connect() as conn:
            row = conn.execute(
                purges.select().order_by(purges.c.purged_at.desc(), purges.c.id.desc()).limit(1)
            ).one_or_none()
        return Purge(row.purged_at, row.older_than_days, row.sessions) if row else None


def _session(row: sa.Row) -> Session:
    return Session(
        id=row.id,
        code=row.code,
        workshop_id=row.workshop_id,
        state=SessionState(row.state),
        min_group_size=row.min_group_size,
        created_at=row.created_at,
    )
