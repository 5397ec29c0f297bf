"""The schema of the release of December 2026 (commit f89b9f1), as its ``create_all`` made it.

A database made by that release has these tables but no ``alembic_version``: the store stamps
it with this revision and upgrades it from here. Frozen: never change this file.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("workshop_id", sa.String(60), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("min_group_size", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("closed_at", sa.DateTime),
    )
    # Join codes are unique among open sessions only. SQLite and PostgreSQL take the partial
    # index; other databases get the code unique in all sessions.
    index = "CREATE UNIQUE INDEX ux_sessions_open_code ON sessions (code)"
    if op.get_bind().dialect.name in {"sqlite", "postgresql"}:
        index += " WHERE state = 'open'"
    op.execute(index)
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("pseudonym", sa.String(16), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("joined_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_participants_session_id", "participants", ["session_id"])
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "participant_id",
            sa.Integer,
            sa.ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("exercise_id", sa.String(60), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("submitted_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("participant_id", "exercise_id", "round", name="uq_answer_per_round"),
    )
    op.create_index("ix_answers_session_id", "answers", ["session_id"])
    op.create_table(
        "hidden_items",
        _session_key(),
        sa.Column("exercise_id", sa.String(60), primary_key=True),
        sa.Column("item_id", sa.String(40), primary_key=True),
        sa.Column("hidden", sa.Boolean, nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "exercise_states",
        _session_key(),
        sa.Column("exercise_id", sa.String(60), primary_key=True),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "session_control",
        _session_key(),
        sa.Column("pacing", sa.String(8), nullable=False),
        sa.Column("current_exercise", sa.String(60)),
        sa.Column("changed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "shared_results",
        _session_key(),
        sa.Column("exercise_id", sa.String(60), primary_key=True),
        sa.Column("html", sa.Text, nullable=False),
        sa.Column("changed_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "purges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("purged_at", sa.DateTime, nullable=False),
        sa.Column("older_than_days", sa.Integer, nullable=False),
        sa.Column("sessions", sa.Integer, nullable=False),
    )


def _session_key() -> sa.Column:
    return sa.Column(
        "session_id",
        sa.Integer,
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        primary_key=True,
    )


def downgrade() -> None:
    for table in (
        "purges",
        "shared_results",
        "session_control",
        "exercise_states",
        "hidden_items",
        "answers",
        "participants",
        "sessions",
    ):
        op.drop_table(table)  # its indexes go with it
