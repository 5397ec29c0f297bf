"""The participant's page: join a session with a code and a role, then answer the exercises.

A workshop notebook builds one :class:`WorkshopPage` and shows one exercise per cell. The page
holds the participant for this kernel only; nothing is shared with other participants'
kernels except through the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import json
import logging
import math
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import ipywidgets as widgets

from ..catalog import load_workshop
from ..core.answers import AnswerProblem
from ..core.content import ContentError, ExerciseBase, WorkshopBase
from ..core.html import escape
from ..core.messages import t
from ..core.records import (
    ADDRESS_JOIN_LIMIT,
    BROWSER_JOIN_LIMIT,
    Activity,
    Control,
    ExerciseLocked,
    JoinError,
    JoinLimit,
    Pacing,
    Participant,
    Role,
    Session,
    StoreUnavailable,
    normalize_code,
)
from ..exercises import exercise_type
from ..exercises._shared.base import AnswerForm
from .following import Follower
from .polling import start_polling
from .quiet import quiet_kernel
from .selfstudy import SelfStudy, group_store
from .style import stylesheet_html, unless_served

if TYPE_CHECKING:
    from ..core.remote_store import RemoteStore
    from ..core.store import Store

DEVICE_HEADER_ENV = "HTTP_X_SAMENSPRAAK_DEVICE"  # set by the participant server per browser
ADDRESS_HEADER_ENV = "HTTP_X_SAMENSPRAAK_ADDRESS"  # the browser's address, from the server
# Forms are built one at a time after joining, with this pause between them, so the kernel
# answers the person's clicks in between and the browser renders a little at a time.
BUILD_PAUSE_SECONDS = 0.05
REQUEST_CHANNEL_TRIES = 3


@dataclass(frozen=True)
class PageRequest:
    """What the participant server passed along with the page request."""

    code: str = ""  # the ?code= of the link
    device: str = ""  # the browser's random id (its cookie)
    address: str = ""  # the browser's network address

    @classmethod
    def from_info(cls, info: Mapping[str, str]) -> PageRequest:
        """From Voila's request info: the environment, or the preheated kernel's message."""
        query = info.get("QUERY_STRING", "")
        code = parse_qs(query.lstrip("?")).get("code", [""])[0][:16]
        return cls(
            code, info.get(DEVICE_HEADER_ENV, "")[:64], info.get(ADDRESS_HEADER_ENV, "")[:64]
        )


def _request_channel() -> str:
    """Voila's ``/voila/query/<kernel id>``: one JSON message with the request, once it comes.

    Read directly, as ``voila.utils.wait_for_request`` does, without importing ``voila.utils``:
    that module pulls in jupyter_server and nbconvert, about 43 MB in every participant kernel.
    """
    env = os.environ
    base = env.get("VOILA_WS_BASE_URL", env.get("VOILA_SERVER_URL", "/"))
    return (
        f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
        f"{env.get('VOILA_APP_PORT', '8866')}{base}voila/query/{env['VOILA_KERNEL_ID']}"
    )


async def preheated_request() -> PageRequest:
    """Wait, without blocking the kernel, for the page request that takes this kernel.

    Nothing in the notebook waits for it: every cell runs while the kernel is in the pool, so
    Voila has the whole page ready and sends it at once; the code and the rejoin follow as
    widget updates a moment later.
    """
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException

    for attempt in range(REQUEST_CHANNEL_TRIES):  # a busy server may be slow to answer
        try:
            async with connect(_request_channel(), open_timeout=5) as channel:
                return PageRequest.from_info(json.loads(await channel.recv()))
        except (OSError, TimeoutError, WebSocketException):
            if attempt + 1 < REQUEST_CHANNEL_TRIES:
                await asyncio.sleep(1)
        except ValueError:
            break
    return PageRequest()  # no code from the URL; the participant types it


def code_from_request() -> str:
    """The ``?code=`` of the page request under Voila, else an empty string (blocking)."""
    if os.environ.get("VOILA_PREHEAT") == "True":
        return asyncio.run(preheated_request()).code
    return PageRequest.from_info(os.environ).code


def _return_free_memory() -> None:
    """Give the memory freed while building the forms back to the system (glibc only).

    Building a workshop's forms leaves about 2 MB of freed heap in each kernel; with thirty
    kernels that adds up."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _workshop_title(workshop_id: str) -> str:
    """The title a participant recognises; the id when that workshop's file is unreadable."""
    try:
        return load_workshop(workshop_id).title
    except (KeyError, ContentError):
        return workshop_id


class JoinPanel(widgets.VBox):
    """Code, role and the Meedoen button; replaced by a confirmation once joined."""

    def __init__(self, code: str = "", title: str = ""):
        field = widgets.Layout(width="16em")  # both text fields: one model
        self.code = widgets.Text(
            value=code,
            description=t("join.code"),
            placeholder=t("join.code_placeholder"),
            layout=field,
        )
        self.code.add_class("ss-code-input")
        self.role = widgets.ToggleButtons(
            options=[(t(f"role.{role.value}"), role.value) for role in Role],
            value=None,
            style={"button_width": "auto"},
        )
        self.role.add_class("ss-role")
        self.personal = widgets.Text(
            description=t("join.personal"),
            placeholder=t("join.personal_placeholder"),
            layout=field,
        )
        self.personal.add_class("ss-personal-input")
        self.button = widgets.Button(description=t("join.button"), button_style="primary")
        self.button.add_class("ss-join")
        self.message = widgets.HTML()
        self.message.add_class("ss-live")  # read out when it changes (a11y.js)
        # What the page template's header shows (a11y.js copies it there): the workshop and
        # whether this person has joined.
        self.header_data = widgets.HTML(
            f'<div class="ss-header-data" hidden data-title="{escape(title)}" '
            f'data-state="{escape(t("join.header_waiting"))}" '
            f'data-self-study="{escape(t("join.header_self_study"))}"></div>'
        )
        self.header_data.add_class("ss-header-slot")
        self.form = widgets.VBox(
            [
                widgets.HTML(
                    f"<h2>{escape(t('join.title'))}</h2><p>{escape(t('join.explain'))}</p>"
                ),
                self.code,
                widgets.HTML(f"<p>{escape(t('join.role'))}</p>"),
                self.role,
                widgets.HTML(f"<p><small>{escape(t('join.personal_explain'))}</small></p>"),
                self.personal,
                self.button,
            ]
        )
        super().__init__(
            [*unless_served(stylesheet_html()), self.header_data, self.form, self.message]
        )
        self.add_class("ss-page")

    def show_problem(self, text: str) -> None:
        self.message.value = f'<div class="ss-status ss-problem" role="alert">{escape(text)}</div>'

    def show_joined(self, code: str, personal_code: str, *, back: bool = False) -> None:
        self.form.layout.display = "none"
        self.message.value = (
            f'<div class="ss-status ss-ok ss-joined" role="status" '
            f'data-state="{escape(t("join.header_joined", code=code))}">'
            f"{escape(t('join.welcome_back' if back else 'join.joined', code=code))}<br>"
            f"{escape(t('join.personal_code', personal=personal_code))}</div>"
        )


class ExerciseSlot(widgets.VBox):
    """Where an exercise appears on a workshop page once it is built.

    A page starts small: the join panel and an empty slot per exercise. Building every form
    at once made about 640 widget models in the first cell, and under a join rush Voila
    dropped that cell's output (the join form) after its 4 s IOPub timeout.

    A page's slots share one ``Layout`` (nothing changes it): a widget model less per slot.
    """

    def __init__(self, exercise_id: str, layout: widgets.Layout):
        super().__init__(layout=layout)
        self.add_class("ss-slot")
        self.add_class(f"ss-slot-{exercise_id}")


GROUP_POLL_SECONDS = 2.0
_log = logging.getLogger(__name__)


def _log_poll_error(err: Exception) -> None:
    """Keep polling; a lost database comes back, saving shows its own message meanwhile."""
    if not isinstance(err, StoreUnavailable):
        _log.error("updating others' answers failed", exc_info=err)


class WorkshopPage:
    """One participant's page for one workshop.

    Without a store (``store=None``) the page can only be done alone: self-study.
    """

    def __init__(self, workshop: WorkshopBase, store: Store | RemoteStore | None, code: str = ""):
        self.workshop = workshop
        self.store = store
        self.participant: Participant | None = None
        self.forms: dict[str, AnswerForm] = {}
        # Lazy pages (WorkshopPage.open) show empty slots and build forms after joining.
        self.lazy = False
        self.slots: dict[str, ExerciseSlot] = {}
        self._slot_layout: widgets.Layout | None = None
        self.device = ""  # the browser's id from the participant server, if any
        self.address = ""  # the browser's network address, from the participant server
        self._failures = 0  # wrong codes on this page
        self._next_try = 0.0  # time.monotonic() before which this page may not try again
        self._saved: dict[str, Any] = {}  # this participant's answers, for forms built later
        self._control: Control | None = None
        self._shared: dict[str, str] = {}
        self._builder: asyncio.Task[None] | None = None
        self._request_task: asyncio.Task[None] | None = None
        self._group_activity: Activity | None = None
        self._group_shown: dict[str, tuple[list[Any], frozenset[str]]] = {}
        self._group_poller: asyncio.Task[None] | None = None
        self.join_panel = JoinPanel(code, workshop.title)
        self.join_panel.button.on_click(lambda _b: self.join())
        # The trainer's settings: led pacing shows the opened exercise here, on top.
        self.follower = Follower(self.join_panel, self.forms)
        self.join_panel.children = (*self.join_panel.children, self.follower.stage)
        self._add_self_study()

    @classmethod
    def open(cls, workshop_id: str, store: Store | RemoteStore | None = None) -> WorkshopPage:
        """The page for ``content/<workshop_id>.yaml``, with the code from the URL if any.

        Without a store given, the default one; where there is none (Binder sets
        ``SAMENSPRAAK_SELF_STUDY=1``, or the database cannot be reached) the page starts in
        self-study mode.
        """
        quiet_kernel()  # no tracebacks to the browser
        page = cls(load_workshop(workshop_id), store if store is not None else group_store())
        page.lazy = True
        if page.self_study.active:  # Binder, or no store: nothing to join, so build now
            page._build_all()
        if page.store is not None:
            if os.environ.get("VOILA_PREHEAT") == "True":
                page.self_study.choice.layout.display = "none"  # until we know the link
                page._await_request()
            else:
                page.take_request(PageRequest.from_info(os.environ))
        return page

    def _await_request(self) -> None:
        """In a preheated kernel: take the page request when it comes, in the background."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in a kernel's event loop: wait here
            self.take_request(asyncio.run(preheated_request()))
            return
        self._request_task = loop.create_task(self._take_request_later())

    async def _take_request_later(self) -> None:
        try:
            self.take_request(await preheated_request())
        except Exception:  # the page must stay usable: the person types the code
            _log.exception("reading the page request failed")

    def take_request(self, request: PageRequest) -> None:
        """The link's code in the form; the browser rejoins if it was here before."""
        self.device, self.address = request.device, request.address
        self.join_panel.code.value = request.code
        # A link with a code leads into a group; only without one is working alone offered.
        self.self_study.choice.layout.display = "none" if request.code else ""
        self.rejoin_device(request.code)

    def rejoin_device(self, code: str = "") -> bool:
        """Go on as the participant this browser already was (a reload, a phone that slept).

        Only in the newest open session of this workshop, and only when the link's code, if
        any, is that session's: a new session's link is a new start.
        """
        if not self.device or self.store is None or self.participant is not None:
            return False
        try:
            participant = self.store.participant_on_device(self.device, self.workshop.id)
            if participant is None:
                return False
            session = self.store.session(participant.session_id)
            if code and normalize_code(code) != session.code:
                return False
            self._enter(session, participant, back=True)
        except StoreUnavailable:
            return False  # the join form is there; joining shows the store's message
        return True

    # --- self-study ----------------------------------------------------------------------

    def _add_self_study(self) -> None:
        """The second path on the join panel, "Alleen oefenen", and the self-study banner."""
        self.self_study = SelfStudy(self.workshop, self.forms)
        panel = self.join_panel
        panel.form.children = (*panel.form.children, self.self_study.choice)
        panel.children = (*panel.children, self.self_study.panel)
        self.self_study.start_button.on_click(lambda _b: self.start_self_study())
        if self.store is None:
            self.start_self_study()

    def start_self_study(self) -> None:
        """Work alone: no code, no group, nothing stored; each answer is shown beside the
        invented answers of a reference group."""
        if self.participant is not None:
            return  # in a group already
        if self.join_panel.role.value is not None:  # a role chosen before: keep it
            self.self_study.role.value = self.join_panel.role.value
        self.join_panel.form.layout.display = "none"
        self.join_panel.message.value = ""
        self.self_study.start(group_possible=self.store is not None)
        self._build_all()

    def downloads(self) -> widgets.HTML:
        """In self-study: links to download everything answered on this page."""
        return self.self_study.downloads

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.join_panel._repr_mimebundle_(**kwargs)

    def join(self) -> bool:
        """Join with the typed code and chosen role; show a clear message when that fails.

        Wrong codes are slowed down on this page and, through the store, for every page from
        the same network address, so guessing a code takes longer than any workshop.
        """
        panel = self.join_panel
        if self.participant is not None:
            return False  # joined already: this form never joins again
        code, personal = panel.code.value.strip(), panel.personal.value.strip()
        try:
            problem = self._join_problem(code, personal)
            if problem is None:
                session = self.store.find_session(code)
                problem = self._other_workshop(session)
            if problem is not None:
                panel.show_problem(problem)
                return False
            if personal:
                participant = self.store.rejoin(session.code, personal)
            else:
                participant = self.store.join(session.code, panel.role.value)
            self.store.forget_join_failures(f"browser:{self.device}")
            self._enter(session, participant, back=bool(personal))
        except JoinError as err:
            self._failed_join()
            # Unknown and closed codes get the same answer: it tells a guesser nothing.
            reason = "unknown" if err.reason == "closed" else err.reason
            panel.show_problem(t(f"error.code_{reason}", code=err.code or code))
            return False
        except StoreUnavailable:
            self.participant = None
            panel.show_problem(t("error.store"))
            return False
        return True

    def _join_problem(self, code: str, personal: str) -> str | None:
        """Why joining cannot even be tried now, in Dutch; None when it can."""
        if self.store is None or self.self_study.active:  # no group to join
            return t("selfstudy.no_group")
        if not code:
            return t("error.code_empty")
        if self.join_panel.role.value is None and not personal:
            return t("error.role_missing")
        wait = max(
            self._next_try - time.monotonic(),
            *(self.store.join_wait(source, limit) for source, limit in self._join_sources()),
        )
        if wait > 0:
            return t("error.join_wait", seconds=math.ceil(wait))
        return None

    def _other_workshop(self, session: Session) -> str | None:
        if session.workshop_id == self.workshop.id:
            return None
        title = _workshop_title(session.workshop_id)
        return t("error.code_other_workshop", code=session.code, title=title)

    def _join_sources(self) -> list[tuple[str, JoinLimit]]:
        """Who is trying, as the store counts wrong codes: this browser and its address."""
        sources = [(f"address:{self.address}", ADDRESS_JOIN_LIMIT)]
        if self.device:
            sources.append((f"browser:{self.device}", BROWSER_JOIN_LIMIT))
        return sources

    def _failed_join(self) -> None:
        self._failures += 1
        self._next_try = time.monotonic() + BROWSER_JOIN_LIMIT.delay(self._failures)
        with contextlib.suppress(StoreUnavailable):
            for source, _limit in self._join_sources():
                self.store.record_join_failure(source)

    def _enter(self, session: Session, participant: Participant, *, back: bool) -> None:
        """Become ``participant``: their answers and role in every form, then follow along."""
        self._saved = self.store.answers_of(participant) if back else {}
        if self.device:
            self.store.remember_device(participant, self.device)
        self.participant = participant
        for form in self.forms.values():
            self._adopt(form)
        self.refresh(force=True)
        self.join_panel.show_joined(session.code, participant.personal_code, back=back)
        self._start_polling()
        self._build_all()

    def _adopt(self, form: AnswerForm) -> None:
        """Give a form this participant's saved answer and role and the trainer's settings."""
        if self.self_study.active:
            self.self_study.adopt(form)
        if self.participant is None:
            return
        saved = self._saved.get(form.exercise.id)
        if saved is not None:
            form.show_saved(saved)
        form.set_role(self.participant.role)
        if self._control is not None:
            self.follower.adopt(form, self._control, self._shared)

    def _build_all(self) -> None:
        """Build the forms not built yet: in the background, one at a time, in a kernel."""
        if not self.lazy or self._builder is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # outside a kernel (tests, nbval): build them now
            for exercise in self.workshop.exercises:
                self.form(exercise.id)
            return
        self._builder = loop.create_task(self._build_in_background())

    async def _build_in_background(self) -> None:
        for exercise in self.workshop.exercises:
            if exercise.id in self.forms:
                continue
            try:
                self.form(exercise.id)
            except Exception:  # one broken form must not keep the others away
                _log.exception("building the form of %s failed", exercise.id)
            await asyncio.sleep(BUILD_PAUSE_SECONDS)
        _return_free_memory()

    def _group_forms(self) -> list[AnswerForm]:
        return [form for form in self.forms.values() if form.uses_group]

    def refresh(self, *, force: bool = False) -> bool:
        """Follow the trainer and the group: True when something changed since the last look.

        Forms follow the trainer's settings (opened exercise, closed answering, new round,
        revealed results); forms that show others' answers (ideas to vote on) get the latest.
        """
        if self.participant is None:
            return False
        activity = self.store.activity(self.participant.session_id)
        if activity == self._group_activity and not force:
            return False
        previous, self._group_activity = self._group_activity, activity
        if force or previous is None or previous.last_control != activity.last_control:
            session_id = self.participant.session_id
            self._control = self.store.control(session_id)
            self._shared = self.store.shared_results(session_id)
            current = self._control.current_exercise
            ids = {exercise.id for exercise in self.workshop.exercises}
            if self.lazy and self._control.pacing is Pacing.LED and current in ids:
                self.form(current)  # the exercise the trainer opened comes first
            self.follower.apply(self._control, self._shared)
        self.refresh_group(force=force)
        return True

    def refresh_group(self, *, force: bool = False) -> None:
        """Give forms that show others' answers (ideas to vote on) the latest.

        Only values reach the form, never who wrote them, and never this person's own answer.
        """
        forms = self._group_forms()
        if self.participant is None or not forms:
            return
        hidden = self.store.hidden_items(self.participant.session_id)
        for form in forms:
            exercise_id = form.exercise.id
            others = [
                answer.value
                for answer in self.store.answers(self.participant.session_id, exercise_id)
                if answer.pseudonym != self.participant.pseudonym
            ]
            shown = (others, hidden.get(exercise_id, frozenset()))
            # Someone answering another exercise changes the session, not this list: leave
            # the form alone then, so nobody's list redraws under their thumb.
            if self._group_shown.get(exercise_id) != shown or force:
                self._group_shown[exercise_id] = shown
                form.show_group(*shown)

    def _start_polling(self) -> None:
        if self._group_poller is None:
            self._group_poller = start_polling(GROUP_POLL_SECONDS, self.refresh, _log_poll_error)

    def _save(self, exercise: ExerciseBase, value: Any) -> bool:
        if self.self_study.active:
            return self.self_study.save(exercise, value)  # kept in this kernel only
        if self.participant is None:
            raise AnswerProblem("join.first")
        try:
            replaced = self.store.save_answer(self.participant, exercise.id, value)
        except JoinError as err:
            raise AnswerProblem("answer.session_closed") from err
        except ExerciseLocked as err:
            self.forms[exercise.id].set_locked(True)
            raise AnswerProblem("answer.locked") from err
        except StoreUnavailable as err:
            raise AnswerProblem("error.store") from err
        if self.forms.get(exercise.id) and self.forms[exercise.id].uses_group:
            self.refresh_group(force=True)  # show the newest ideas right after one's own
        return replaced

    def show(self, exercise_id: str) -> AnswerForm | ExerciseSlot:
        """What a notebook cell shows for one exercise.

        On a lazy page (:meth:`open`) that is an empty slot, filled with the form once the
        person has joined or chose to work alone; otherwise the form itself.
        """
        if not self.lazy:
            return self.form(exercise_id)
        self.workshop.exercise(exercise_id)  # an unknown id fails here, in its own cell
        if exercise_id not in self.slots:
            if self._slot_layout is None:
                self._slot_layout = widgets.Layout()
            self.slots[exercise_id] = ExerciseSlot(exercise_id, self._slot_layout)
            if self.participant is not None or self.self_study.active:
                self.form(exercise_id)
        return self.slots[exercise_id]

    def form(self, exercise_id: str) -> AnswerForm:
        """The participant view of one exercise, built on first use; answers are saved once
        the person has joined."""
        if exercise_id not in self.forms:
            exercise = self.workshop.exercise(exercise_id)
            view = exercise_type(exercise.type).participant_view
            form = view(exercise, exercise_type(exercise.type).check_answer, self._save)
            self.forms[exercise_id] = form
            self._adopt(form)
            if exercise_id in self.slots:
                self.slots[exercise_id].children = (form,)
        return self.forms[exercise_id]

    def all_exercises(self) -> widgets.VBox:
        """Every exercise of the workshop in order, then the sources: for trying them all."""
        return widgets.VBox(
            [self.form(exercise.id) for exercise in self.workshop.exercises] + [self.sources()]
        )

    def sources(self) -> widgets.VBox:
        """Under the last exercise: in self-study the downloads of one's answers, then the
        sources of this workshop as a list."""
        items = "".join(
            f"<li>{escape(s.publisher)}{f' ({s.year})' if s.year else ''}: "
            f"<i>{escape(s.title)}</i>{f'. {escape(s.note)}' if s.note else ''}</li>"
            for s in self.workshop.sources
        )
        listed = widgets.HTML(f"<h3>{escape(t('sources.title'))}</h3><ul>{items}</ul>")
        listed.add_class("ss-sources")
        return widgets.VBox([self.downloads(), listed])
