"""What the results store hands out and takes in: roles, sessions, participants, answers,
the trainer's control, and the store's errors. Plain data, no database code.

Participants' kernels import this module, never :mod:`store` (SQLAlchemy): under
``samenspraak serve`` they reach the store through the participant server
(:mod:`remote_store`), so each kernel saves the memory and start-up time of a database layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

# No 0/O, 1/I/L: codes are read off a projector and typed on a phone.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 5
DEFAULT_MIN_GROUP_SIZE = 5
PSEUDONYM_PREFIX = "p-"  # followed by 8 random hex digits, the participant's personal code


class Role(StrEnum):
    """How someone takes part. Never a name."""

    PROFESSIONAL = "professional"
    OUDER = "ouder"
    JONGERE = "jongere"
    ANDERS = "anders"


class SessionState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Pacing(StrEnum):
    """Who moves the session on: each participant (self-paced) or the trainer (led)."""

    SELF = "self"
    LED = "led"


@dataclass(frozen=True)
class ExerciseState:
    round: int = 1
    revealed: bool = False
    locked: bool = False


@dataclass(frozen=True)
class Control:
    """The trainer's settings for a session, as participants' pages follow them."""

    pacing: Pacing = Pacing.SELF
    current_exercise: str | None = None
    exercises: Mapping[str, ExerciseState] = field(default_factory=dict)

    def state(self, exercise_id: str) -> ExerciseState:
        return self.exercises.get(exercise_id, ExerciseState())


@dataclass(frozen=True)
class Purge:
    purged_at: datetime
    older_than_days: int
    sessions: int


@dataclass(frozen=True)
class Session:
    id: int
    code: str
    workshop_id: str
    state: SessionState
    min_group_size: int
    created_at: datetime

    @property
    def is_open(self) -> bool:
        return self.state is SessionState.OPEN


@dataclass(frozen=True)
class SessionOverview:
    session: Session
    participants: int
    answers: int


@dataclass(frozen=True)
class Participant:
    id: int
    session_id: int
    pseudonym: str
    role: Role

    @property
    def personal_code(self) -> str:
        """What the person types to go on after reopening the page: the pseudonym's random part."""
        return self.pseudonym.removeprefix(PSEUDONYM_PREFIX).upper()


@dataclass(frozen=True)
class Answer:
    """One participant's answer to one exercise in one round; ``value`` is the type's JSON."""

    pseudonym: str
    role: Role
    exercise_id: str
    round: int
    value: Any
    submitted_at: datetime
    updated_at: datetime
    id: int = 0

    @property
    def item_id(self) -> str:
        """The id under which the trainer hides this whole answer from the shared view."""
        return answer_item_id(self.id)


def answer_item_id(answer_id: int) -> str:
    return f"answer-{answer_id}"


@dataclass(frozen=True)
class Activity:
    """A cheap marker of what changed in a session; the dashboard polls it."""

    participants: int
    answers: int
    last_change: datetime | None
    state: SessionState
    last_moderation: datetime | None = None
    last_control: datetime | None = None


class StoreUnavailable(Exception):
    """The database is busy past its timeout, or gone. The caller keeps the user's input."""


class ExerciseLocked(Exception):
    """The trainer has closed answering for this exercise."""


class JoinError(Exception):
    """A code that leads nowhere; ``reason`` is ``unknown``, ``closed`` or ``personal_unknown``."""

    def __init__(self, reason: str, code: str):
        self.reason, self.code = reason, code
        super().__init__(f"{reason}: {code}")


def normalize_code(text: str) -> str:
    """What someone typed, as a join code: upper case, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def local_time(stored: datetime) -> datetime:
    """A time from the store (UTC without a zone) in this machine's time zone."""
    return stored.replace(tzinfo=UTC).astimezone()


@dataclass(frozen=True)
class JoinLimit:
    """How wrong join codes are slowed down: ``free`` wrong codes, then each next try waits,
    doubling from ``first_wait`` up to ``max_wait`` seconds."""

    free: int
    first_wait: float
    max_wait: float

    def delay(self, failures: int) -> float:
        """Seconds between tries after this many recent wrong codes."""
        if failures < self.free:
            return 0.0
        return float(min(self.first_wait * 2 ** (failures - self.free), self.max_wait))

    def guesses_within(self, seconds: float) -> int:
        """The most join attempts one source can make in this time, waiting as it must."""
        failures, elapsed = 0, 0.0
        while True:
            elapsed += self.delay(failures)
            if elapsed > seconds:
                return failures
            failures += 1


# One browser (its cookie) gets few free tries and long waits. One network address gets more
# and shorter ones: a whole room behind one router (a venue's NAT) must not lock itself out,
# while a guesser who throws cookies away is still held to about one try a minute.
BROWSER_JOIN_LIMIT = JoinLimit(free=5, first_wait=5, max_wait=300)
ADDRESS_JOIN_LIMIT = JoinLimit(free=30, first_wait=5, max_wait=60)
