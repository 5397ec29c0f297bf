"""The results store as a participant's kernel sees it under ``samenspraak serve``.

A kernel does not open the database itself. It sends each store call as JSON to the
participant server, which holds the one :class:`~samenspraak.core.store.Store` and answers on a
thread of its own. So a kernel never imports SQLAlchemy (about 17 MB and 0.15 s of CPU per
kernel) and never holds a database connection, also on PostgreSQL.

The server writes a random token into its own environment before any kernel starts; kernels
inherit it and send it with every call. Without the token the server answers 403, and it only
answers the calls in :data:`PAGE_CALLS`, the ones a participant's page makes.

This module imports no database code: :func:`answer_call` gets the server's store passed in.
"""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from enum import Enum
from typing import Any
from urllib.parse import urlsplit

from .records import (
    Activity,
    Answer,
    Control,
    ExerciseLocked,
    ExerciseState,
    JoinError,
    JoinLimit,
    Pacing,
    Participant,
    Role,
    Session,
    SessionState,
    StoreUnavailable,
)

STORE_URL_ENV = "SAMENSPRAAK_STORE_URL"
STORE_TOKEN_ENV = "SAMENSPRAAK_STORE_TOKEN"  # noqa: S105 - a variable's name
TOKEN_HEADER = "X-Samenspraak-Store-Token"  # noqa: S105 - a header's name
STORE_PATH = "samenspraak/store"
CALL_TIMEOUT_SECONDS = 20  # the server's SQLite waits at most 5 s for a lock, then says so

# What a participant's page asks of the store; the server refuses every other method.
PAGE_CALLS = frozenset(
    {
        "activity",
        "answers",
        "answers_of",
        "control",
        "find_session",
        "forget_join_failures",
        "hidden_items",
        "join",
        "join_wait",
        "participant_on_device",
        "record_join_failure",
        "rejoin",
        "remember_device",
        "save_answer",
        "session",
        "shared_results",
    }
)

_RECORDS = {
    cls.__name__: cls
    for cls in (Activity, Answer, Control, ExerciseState, JoinLimit, Participant, Session)
}
_ENUMS = {cls.__name__: cls for cls in (Pacing, Role, SessionState)}


def to_wire(value: Any) -> Any:  # noqa: PLR0911 - one return per sort of value
    """``value`` as JSON-ready data that :func:`from_wire` turns back into the same value.

    Every mapping becomes a list of pairs, so keys that are not strings (roles) survive and
    no answer's own keys can be mistaken for a tag."""
    if isinstance(value, Enum):
        return {"$enum": type(value).__name__, "value": value.value}
    if is_dataclass(value) and not isinstance(value, type):
        record = {f.name: to_wire(getattr(value, f.name)) for f in fields(value)}
        return {"$record": type(value).__name__, "fields": record}
    if isinstance(value, datetime):
        return {"$time": value.isoformat()}
    if isinstance(value, Mapping):
        return {"$map": [[to_wire(k), to_wire(v)] for k, v in value.items()]}
    if isinstance(value, frozenset | set):
        return {"$set": [to_wire(v) for v in value]}
    if isinstance(value, list | tuple):
        return [to_wire(v) for v in value]
    return value


def from_wire(data: Any) -> Any:  # noqa: PLR0911 - one return per tag
    if isinstance(data, list):
        return [from_wire(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$enum" in data:
        return _ENUMS[data["$enum"]](data["value"])
    if "$record" in data:
        values = {k: from_wire(v) for k, v in data["fields"].items()}
        return _RECORDS[data["$record"]](**values)
    if "$time" in data:
        return datetime.fromisoformat(data["$time"])
    if "$map" in data:
        return {_hashable(from_wire(k)): from_wire(v) for k, v in data["$map"]}
    if "$set" in data:
        return frozenset(_hashable(from_wire(v)) for v in data["$set"])
    raise ValueError(f"untagged object on the wire: {sorted(data)}")


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _error(err: Exception) -> dict[str, Any]:
    if isinstance(err, JoinError):
        return {"type": "JoinError", "args": [err.reason, err.code]}
    if isinstance(err, ExerciseLocked):
        return {"type": "ExerciseLocked", "args": [str(err)]}
    return {"type": "StoreUnavailable", "args": [str(err)]}


def _raise(error: Mapping[str, Any]) -> None:
    kinds: dict[str, type[Exception]] = {
        "JoinError": JoinError,
        "ExerciseLocked": ExerciseLocked,
        "StoreUnavailable": StoreUnavailable,
    }
    raise kinds.get(error.get("type", ""), StoreUnavailable)(*error.get("args", ["?"]))


def answer_call(store: Any, body: bytes) -> dict[str, Any]:
    """The server side: run one call from a kernel on ``store``; the reply as JSON-ready data.

    The store's own errors (a wrong code, a locked exercise, a busy database) go back as
    errors that :class:`RemoteStore` raises again in the kernel. A malformed request raises
    ValueError (the handler answers 400)."""
    request = json.loads(body)
    method = request.get("call")
    if method not in PAGE_CALLS:
        raise ValueError(f"not a page call: {method!r}")
    args = from_wire(request.get("args", []))
    kwargs = {str(k): v for k, v in from_wire(request.get("kwargs", {"$map": []})).items()}
    try:
        return {"result": to_wire(getattr(store, method)(*args, **kwargs))}
    except (JoinError, ExerciseLocked, StoreUnavailable) as err:
        return {"error": _error(err)}


class RemoteStore:
    """The calls of :data:`PAGE_CALLS`, with :class:`~samenspraak.core.store.Store`'s signatures,
    answered by the participant server. A server that cannot be reached, or answers with
    anything but a reply, raises StoreUnavailable: the page keeps the person's input."""

    def __init__(self, url: str, token: str):
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"store address must be http://host:port/path, not {url!r}")
        self.url = url
        self._host, self._port, self._path = parts.hostname, parts.port or 80, parts.path
        self._token = token
        self._connection: http.client.HTTPConnection | None = None
        self._lock = threading.Lock()

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        body = json.dumps({"call": method, "args": to_wire(args), "kwargs": to_wire(kwargs)})
        headers = {TOKEN_HEADER: self._token, "Content-Type": "application/json"}
        with self._lock:
            reply = self._post(body.encode(), headers)
        if "error" in reply:
            _raise(reply["error"])
        return from_wire(reply["result"])

    def _post(self, body: bytes, headers: dict[str, str]) -> dict[str, Any]:
        # A kept connection may have been closed by the server in between: one fresh try.
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    self._host, self._port, timeout=CALL_TIMEOUT_SECONDS
                )
            try:
                self._connection.request("POST", self._path, body, headers)
                response = self._connection.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException) as err:
                self._connection.close()
                self._connection = None
                if attempt == 2:
                    raise StoreUnavailable(f"participant server unreachable: {err}") from err
                continue
            if response.status != 200:
                raise StoreUnavailable(f"participant server answered {response.status}")
            return json.loads(data)
        raise AssertionError("unreachable")  # pragma: no cover

    def dispose(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    # The page's calls, as Store has them ---------------------------------------------
    def session(self, session_id: int) -> Session:
        return self._call("session", session_id)

    def find_session(self, code: str) -> Session:
        return self._call("find_session", code)

    def join(self, code: str, role: Role | str) -> Participant:
        return self._call("join", code, role)

    def rejoin(self, code: str, personal_code: str) -> Participant:
        return self._call("rejoin", code, personal_code)

    def join_wait(self, source: str, limit: JoinLimit, *, now: datetime | None = None) -> float:
        return self._call("join_wait", source, limit, now=now)

    def record_join_failure(self, source: str, *, now: datetime | None = None) -> int:
        return self._call("record_join_failure", source, now=now)

    def forget_join_failures(self, source: str) -> None:
        self._call("forget_join_failures", source)

    def remember_device(self, participant: Participant, device: str) -> None:
        self._call("remember_device", participant, device)

    def participant_on_device(self, device: str, workshop_id: str) -> Participant | None:
        return self._call("participant_on_device", device, workshop_id)

    def answers_of(self, participant: Participant, *, round: int | None = None) -> dict[str, Any]:
        return self._call("answers_of", participant, round=round)

    def save_answer(self, participant: Participant, exercise_id: str, value: Any) -> bool:
        return self._call("save_answer", participant, exercise_id, value)

    def answers(
        self, session_id: int, exercise_id: str | None = None, *, round: int | None = 1
    ) -> list[Answer]:
        return self._call("answers", session_id, exercise_id, round=round)

    def activity(self, session_id: int) -> Activity:
        return self._call("activity", session_id)

    def control(self, session_id: int) -> Control:
        return self._call("control", session_id)

    def shared_results(self, session_id: int) -> dict[str, str]:
        return self._call("shared_results", session_id)

    def hidden_items(self, session_id: int) -> dict[str, frozenset[str]]:
        return self._call("hidden_items", session_id)
