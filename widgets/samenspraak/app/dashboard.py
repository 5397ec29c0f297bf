"""The trainer's live dashboard: start or reopen a session, show the code, watch the answers.

It reads only from the store, so participants may be served by any number of processes or
hosts. A background task polls a cheap activity marker and redraws when something changed.
"""

from __future__ import annotations

import asyncio
import io
import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as widgets
import segno

from ..catalog import load_all
from ..core.content import WorkshopBase
from ..core.html import css_beside, download_link, escape, png_image, style_tag
from ..core.messages import t
from ..core.records import (
    DEFAULT_MIN_GROUP_SIZE,
    Activity,
    Control,
    JoinError,
    Pacing,
    Role,
    Session,
    SessionState,
    StoreUnavailable,
    local_time,
)
from ..core.retention import after_close, retention_notice_html
from ..core.store import Store
from ..core.urls import join_url
from ..exercises._shared.base import ResultsPanel
from ..render.guide import guide_links_html
from .actions import ProblemLine, ask_again, asked_first, trainer_action
from .controls import ExerciseBlock
from .polling import start_polling
from .presenter import PresenterView
from .style import stylesheet

POLL_SECONDS = 1.0
ALL_EXERCISES = ""  # the value of "every exercise" in the jump list
DASHBOARD_CSS = style_tag(css_beside(__file__, "dashboard.css"))
PAST_SHOWN = 12  # rows of the table of past sessions; the list below it has them all


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def qr_image(png: bytes, url: str, width: int) -> widgets.HTML:
    """The QR code as an ``<img>`` with a text alternative (ipywidgets' Image has no ``alt``)."""
    image = widgets.HTML(
        png_image(png, t("dash.qr_alt", url=url), "ss-qr", width=width, height=width)
    )
    image.add_class("ss-qr-code")
    return image


class SessionView(widgets.VBox):
    """One running session: code, link, QR, pacing, and a block per exercise."""

    def __init__(self, store: Store, session: Session, workshop: WorkshopBase, public_url: str):
        self.store, self.session, self.workshop = store, session, workshop
        self.last_activity: Activity | None = None
        self.control = Control()
        # Why the trainer's last click on the session failed (the store was unavailable).
        self.problem = ProblemLine()
        self.exports_problem = ProblemLine()
        url = join_url(public_url, session.workshop_id, session.code)
        self.participants = widgets.HTML()
        self.updated = widgets.HTML()
        self.close_button = widgets.Button(
            description=t("dash.close"), icon="lock", layout=widgets.Layout(width="auto")
        )
        self.close_button.add_class("ss-close")
        self.close_button.on_click(
            trainer_action(self.problem, self._on_close_clicked, undo=self._show_close_button)
        )
        # Once the session is closed: delete it now instead of at the app's next start.
        self.on_deleted: Callable[[Session], None] = lambda _session: None
        self.delete_button = widgets.Button(
            description=t("dash.delete_now"),
            icon="trash",
            layout=widgets.Layout(width="auto", display="none"),
        )
        self.delete_button.add_class("ss-delete-now")
        self.delete_button.on_click(
            trainer_action(self.problem, self._on_delete_clicked, undo=self._show_delete_button)
        )
        self.pacing = widgets.ToggleButtons(
            options=[
                (t("dash.pacing_self"), Pacing.SELF.value),
                (t("dash.pacing_led"), Pacing.LED.value),
            ],
            value=Pacing.SELF.value,
            description=t("dash.pacing"),
            style={"button_width": "auto", "description_width": "initial"},
        )
        self.pacing.add_class("ss-pacing")
        self.pacing.observe(
            trainer_action(self.problem, self._on_pacing, undo=self._show_pacing), names="value"
        )
        self.previous_button = widgets.Button(
            description=t("dash.previous"), icon="arrow-left", layout=widgets.Layout(width="auto")
        )
        self.previous_button.add_class("ss-led-previous")
        self.previous_button.on_click(
            trainer_action(self.problem, lambda _b: self.open_neighbour(-1))
        )
        self.next_button = widgets.Button(
            description=t("dash.next"), icon="arrow-right", layout=widgets.Layout(width="auto")
        )
        self.next_button.add_class("ss-led-next")
        self.next_button.on_click(trainer_action(self.problem, lambda _b: self.open_neighbour(1)))
        self.now_open = widgets.HTML()
        self.led_bar = widgets.HBox(
            [self.previous_button, self.next_button, self.now_open],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.blocks: dict[str, ExerciseBlock] = {
            exercise.id: ExerciseBlock(
                store, session, exercise, on_present=self.present, on_change=self.refresh
            )
            for exercise in workshop.exercises
        }
        self.make_exports = widgets.Button(
            description=t("dash.make_exports"), icon="download", layout=widgets.Layout(width="auto")
        )
        self.make_exports.add_class("ss-make-exports")
        self.make_exports.on_click(
            trainer_action(
                self.exports_problem,
                lambda _b: self.prepare_downloads(),
                undo=self._downloads_failed,
            )
        )
        self.downloads = widgets.HTML()
        self.downloads.add_class("ss-downloads")
        self.exports = widgets.VBox(
            [
                widgets.HTML(f"<h3>{escape(t('dash.exports'))}</h3>"),
                widgets.HTML(f"<p><small>{escape(t('dash.exports_explain'))}</small></p>"),
                self.make_exports,
                self.exports_problem,
                self.downloads,
            ]
        )
        self.exports.add_class("ss-exports")
        code_html = (
            f'<div class="ss-code" data-code="{escape(session.code)}">{escape(session.code)}</div>'
        )
        qr = qr_png(url)
        self.presenter = PresenterView(
            code_html + f'<div class="ss-join-url-big">{escape(url)}</div>',
            qr_image(qr, url, 260),
            list(self.blocks.values()),
        )
        self.presenter.on_close = lambda: self.remove_class("ss-presenting")
        header = widgets.HBox(
            [
                widgets.VBox(
                    [
                        widgets.HTML(f"<h2>{escape(workshop.title)}</h2>"),
                        widgets.HTML(
                            f"<div>{escape(t('dash.code'))}</div>{code_html}"
                            f"<div>{escape(t('dash.join_url'))}: "
                            f'<a class="ss-join-url" href="{escape(url)}" target="_blank">'
                            f"{escape(url)}</a></div>"
                        ),
                        self.participants,
                        self.updated,
                        self.close_button,
                        self.delete_button,
                    ],
                    layout=widgets.Layout(flex="1 1 20em"),
                ),
                qr_image(qr, url, 220),
            ],
            layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
        )
        header.add_class("ss-session-header")
        pacing_area = widgets.VBox([self.pacing, self.led_bar])
        pacing_area.add_class("ss-pacing-area")
        # One exercise at a time instead of one long page: the jump list shows that block.
        self.jump = widgets.Dropdown(
            options=[(t("dash.jump_all"), ALL_EXERCISES)]
            + [(f"{n}. {e.title}", e.id) for n, e in enumerate(workshop.exercises, start=1)],
            value=ALL_EXERCISES,
            description=t("dash.jump"),
            layout=widgets.Layout(width="auto", max_width="100%"),
            style={"description_width": "initial"},
        )
        self.jump.add_class("ss-jump")
        self.jump.observe(lambda _c: self._show_jump(), names="value")
        self._show_jump()
        super().__init__(
            [
                header,
                self.problem,
                pacing_area,
                self.exports,
                self.jump,
                *self.blocks.values(),
                self.presenter,
            ]
        )
        self.add_class("ss-session")

    def _show_jump(self) -> None:
        """Every block, or only the one chosen in the jump list."""
        chosen = self.jump.value
        for exercise_id, block in self.blocks.items():
            block.layout.display = "" if chosen in (ALL_EXERCISES, exercise_id) else "none"

    def go_to(self, exercise_id: str | None) -> None:
        """Show one exercise's block (None: all of them), as the jump list does."""
        self.jump.value = exercise_id or ALL_EXERCISES

    @property
    def panels(self) -> dict[str, ResultsPanel]:
        """Each exercise's results panel (of the whole group, the current round)."""
        return {exercise_id: block.panel for exercise_id, block in self.blocks.items()}

    def refresh(self, *, force: bool = False) -> bool:
        """Redraw when the store changed since the last look; True when it redrew."""
        activity = self.store.activity(self.session.id)
        if activity == self.last_activity and not force:
            return False
        by_role = self.store.participants_by_role(self.session.id)
        roles = ", ".join(
            t("dash.by_role", label=t(f"role.{role.value}"), count=by_role[role])
            for role in Role
            if by_role.get(role)
        )
        self.participants.value = (
            f'<div class="ss-participants" data-count="{activity.participants}">'
            f"{escape(t('dash.participants', count=activity.participants))}"
            f"{f' <small>({escape(roles)})</small>' if roles else ''}</div>"
        )
        if activity.state is not SessionState.OPEN:
            self.close_button.disabled = True
            self.delete_button.layout.display = None
            self.participants.value += (
                f'<p class="ss-status ss-waiting">{escape(t("dash.closed"))} '
                f"{escape(after_close(self.store))}</p>"
            )
        self.control = self.store.control(self.session.id)
        self._show_pacing()
        answers_by_exercise: Mapping[str, list] = defaultdict(list)
        for answer in self.store.answers(self.session.id, round=None):
            answers_by_exercise[answer.exercise_id].append(answer)
        hidden = self.store.hidden_items(self.session.id)
        for exercise_id, block in self.blocks.items():
            block.set_control(
                self.control.state(exercise_id), self.control.pacing, self.control.current_exercise
            )
            block.draw(
                answers_by_exercise.get(exercise_id, []),
                hidden.get(exercise_id, frozenset()),
                force=force,
            )
            block.publish()  # the group's view of revealed results follows, when it changed
        self.updated.value = (
            f"<small>{escape(t('dash.updated', time=datetime.now().strftime('%H:%M:%S')))}</small>"
        )
        # Only now: when reading failed halfway, the next poll must try again.
        self.last_activity = activity
        return True

    # pacing -----------------------------------------------------------------------------------
    def _show_pacing(self) -> None:
        led = self.control.pacing is Pacing.LED
        self.pacing.value = self.control.pacing.value
        self.led_bar.layout.display = "" if led else "none"
        current = self.control.current_exercise
        title = self.workshop.exercise(current).title if led and current in self.blocks else None
        self.now_open.value = (
            f'<span class="ss-now-open">{escape(t("dash.now_open", title=title))}</span>'
            if title
            else f'<span class="ss-now-open">{escape(t("dash.none_open"))}</span>'
        )

    def _on_pacing(self, change: dict[str, Any]) -> None:
        pacing = Pacing(change["new"])
        if pacing is self.control.pacing:
            return
        current = self.control.current_exercise or self.workshop.exercises[0].id
        self.store.set_pacing(self.session.id, pacing, current if pacing is Pacing.LED else None)
        self.refresh()

    def open_neighbour(self, by: int) -> None:
        """Lead everyone to the previous or next exercise."""
        ids = list(self.blocks)
        current = self.control.current_exercise
        index = ids.index(current) + by if current in ids else 0
        if 0 <= index < len(ids):
            self.store.set_pacing(self.session.id, Pacing.LED, ids[index])
            if self.jump.value != ALL_EXERCISES:  # one block shown: it follows the room
                self.go_to(ids[index])
            self.refresh()

    def prepare_downloads(self) -> asyncio.Task | None:
        """Answers (XLSX, CSV, JSON) and the report (HTML, then PDF) as they are now.

        The PDF takes seconds for a big group; in a running kernel it is made in a thread,
        so the dashboard keeps following the room meanwhile. Returns that task, if any.
        """
        # Imported here: pandas and the PDF library are not for participants' kernels, which
        # import this package too.
        from ..render.export import export_bytes
        from ..render.report import report_filename, report_html

        self.make_exports.disabled = True
        self.downloads.value = f'<p role="status">{escape(t("dash.exports_busy"))}</p>'
        links = []
        for fmt in ("xlsx", "csv", "json"):
            name, mime, data = export_bytes(self.store, self.session, fmt)
            links.append(
                download_link(t(f"dash.export_{fmt}"), name, data, mime, f"ss-download-{fmt}")
            )
        report = report_html(self.store, self.session)
        links.append(
            download_link(
                t("dash.report_html"),
                report_filename(self.session, "html"),
                report,
                "text/html",
                "ss-download-report-html",
            )
        )
        made = datetime.now().strftime("%H:%M")
        head = f'<p role="status">{escape(t("dash.exports_made", time=made))}</p>'

        def show(pdf_link: str) -> None:
            self.downloads.value = (
                f'{head}<div class="ss-download-list">{"".join(links)}{pdf_link}</div>'
            )

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no kernel loop (tests, scripts): make it here and now
            show(self._pdf_link(report, report_filename(self.session, "pdf")))
            self.make_exports.disabled = False
            return None
        show(f'<span class="ss-pdf-busy">{escape(t("dash.report_pdf_busy"))}</span>')

        async def make_pdf() -> None:
            try:
                name = report_filename(self.session, "pdf")
                show(await asyncio.to_thread(self._pdf_link, report, name))
            finally:
                self.make_exports.disabled = False

        return loop.create_task(make_pdf())

    def _downloads_failed(self) -> None:
        """The export button usable again, without the busy note, after the store failed."""
        self.make_exports.disabled = False
        self.downloads.value = ""

    @staticmethod
    def _pdf_link(report: str, filename: str) -> str:
        from ..render.pdf import PdfUnavailable, html_to_pdf

        try:
            pdf = html_to_pdf(report)
        except PdfUnavailable as err:
            return f'<span class="ss-status ss-problem">{escape(str(err))}</span>'
        return download_link(
            t("dash.report_pdf"), filename, pdf, "application/pdf", "ss-download-report-pdf"
        )

    def present(self, block: ExerciseBlock) -> None:
        self.add_class("ss-presenting")
        self.presenter.show(block)

    def _on_close_clicked(self, button: widgets.Button) -> None:
        if asked_first(button, t("dash.close_confirm")):
            self.close()

    def close(self) -> None:
        self.store.close_session(self.session.id)
        self._show_close_button()
        self.refresh(force=True)

    def _show_close_button(self) -> None:
        """The close button as it is before the first click (asking again after a failure)."""
        ask_again(self.close_button, t("dash.close"))

    def _on_delete_clicked(self, button: widgets.Button) -> None:
        if asked_first(button, t("dash.delete_confirm")):
            self.delete()

    def delete(self) -> None:
        """Delete the closed session with its participants and answers, now."""
        if self.store.activity(self.session.id).state is SessionState.OPEN:
            raise RuntimeError("only a closed session is deleted from the dashboard")
        self.store.delete_session(self.session.id)
        self.on_deleted(self.session)

    def _show_delete_button(self) -> None:
        ask_again(self.delete_button, t("dash.delete_now"))


class TrainerDashboard(widgets.VBox):
    """Start or reopen a session and follow it live."""

    def __init__(
        self,
        store: Store,
        workshops: Mapping[str, WorkshopBase],
        public_url: str,
        *,
        poll_seconds: float = POLL_SECONDS,
    ):
        self.store, self.workshops, self.public_url = store, workshops, public_url
        self.poll_seconds = poll_seconds
        self.session_view: SessionView | None = None
        self._poller: asyncio.Task | None = None
        self.workshop = widgets.Dropdown(
            options=[(w.title, w.id) for w in workshops.values()],
            description=t("dash.choose_workshop"),
            layout=widgets.Layout(width="36em"),
            style={"description_width": "initial"},
        )
        self.workshop.add_class("ss-workshop")
        self.guide_links = widgets.HTML()
        self.guide_links.add_class("ss-guide-links")
        self.workshop.observe(lambda _c: self._show_guide_links(), names="value")
        self.min_group = widgets.BoundedIntText(
            value=DEFAULT_MIN_GROUP_SIZE,
            min=1,
            max=100,
            description=t("dash.min_group"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.min_group.add_class("ss-min-group")
        self.start_button = widgets.Button(
            description=t("dash.start"), button_style="primary", layout=widgets.Layout(width="auto")
        )
        self.start_button.add_class("ss-start")
        # Why the trainer's last click here failed (the store was unavailable), if it did.
        self.problem = ProblemLine()
        self.start_button.on_click(trainer_action(self.problem, lambda _b: self.start_session()))
        self.open_sessions = widgets.Dropdown(
            description=t("dash.open_session"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.open_sessions.add_class("ss-open-sessions")
        self.resume_button = widgets.Button(description=t("dash.resume_button"))
        self.resume_button.on_click(trainer_action(self.problem, lambda _b: self.resume()))
        self.status = widgets.HTML()
        self.past_sessions = widgets.Dropdown(
            description=t("dash.past_session"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto", max_width="100%"),
        )
        self.past_sessions.add_class("ss-past-sessions")
        self.reuse_button = widgets.Button(
            description=t("dash.reuse_button"), icon="copy", layout=widgets.Layout(width="auto")
        )
        self.reuse_button.add_class("ss-reuse")
        self.reuse_button.on_click(trainer_action(self.problem, lambda _b: self.start_like()))
        self.past_table = widgets.HTML()
        self.start_area = widgets.VBox(
            [
                widgets.HTML(f"<h2>{escape(t('dash.title'))}</h2>"),
                widgets.HTML(retention_notice_html(store)),
                self.workshop,
                self.guide_links,
                self.min_group,
                self.start_button,
                widgets.HTML(f"<h3>{escape(t('dash.resume'))}</h3>"),
                widgets.HBox(
                    [self.open_sessions, self.resume_button],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
                widgets.HTML(f"<h3>{escape(t('dash.past'))}</h3>"),
                self.past_table,
                widgets.HBox(
                    [self.past_sessions, self.reuse_button],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
                ),
            ]
        )
        self.session_area = widgets.VBox()
        super().__init__(
            [
                stylesheet(),
                widgets.HTML(DASHBOARD_CSS),
                self.start_area,
                self.problem,
                self.status,
                self.session_area,
            ]
        )
        self.add_class("ss-dashboard")
        self._list_open_sessions()
        self._list_past_sessions()
        self._show_guide_links()

    @classmethod
    def from_environment(cls) -> TrainerDashboard:
        """The dashboard as ``samenspraak serve`` configures it through the environment.

        A page opened with ``?sessie=CODE`` (the page puts it in the address once a session
        is shown) goes straight back to that session while it is open: after a reload, or
        after the server was restarted.
        """
        public_url = os.environ.get("SAMENSPRAAK_PUBLIC_URL", "http://localhost:8866")
        dashboard = cls(Store(), load_all(), public_url)
        code = parse_qs(os.environ.get("QUERY_STRING", "")).get("sessie", [""])[0]
        if code:
            dashboard.resume_code(code)
        return dashboard

    def resume_code(self, code: str) -> bool:
        """Show the open session with this join code; False when there is none."""
        try:
            session = self.store.find_session(code)
        except (JoinError, StoreUnavailable):
            return False
        if session.workshop_id not in self.workshops:
            return False
        self.show_session(session)
        return True

    def _list_open_sessions(self) -> None:
        sessions = [s for s in self.store.open_sessions() if s.workshop_id in self.workshops]
        self.open_sessions.options = [
            (
                f"{s.code} – {self.workshops[s.workshop_id].title} "
                f"({local_time(s.created_at):%d-%m %H:%M})",
                s.id,
            )
            for s in sessions
        ] or [(t("dash.no_open_sessions"), None)]
        # A Dropdown given options later selects nothing; select the newest (listed first).
        self.open_sessions.index = 0
        self.resume_button.disabled = not sessions

    def _show_guide_links(self) -> None:
        """The trainer's guide of the chosen workshop, served by the dashboard server."""
        self.guide_links.value = (
            guide_links_html(self.workshop.value) if self.workshop.value else ""
        )

    def _list_past_sessions(self) -> None:
        """Every session with its counts, newest first, to look back or start one like it."""
        past = [o for o in self.store.list_sessions() if o.session.workshop_id in self.workshops]
        rows = "".join(
            f"<tr><td>{escape(o.session.code)}</td>"
            f"<td>{escape(self.workshops[o.session.workshop_id].title)}</td>"
            f"<td>{local_time(o.session.created_at):%d-%m-%Y %H:%M}</td>"
            f"<td>{escape(t('dash.state_' + o.session.state.value))}</td>"
            f'<td class="ss-num">{o.participants}</td><td class="ss-num">{o.answers}</td></tr>'
            for o in past[:PAST_SHOWN]
        )
        head = "".join(
            f'<th scope="col">{escape(t(key))}</th>'
            for key in (
                "dash.col_code",
                "dash.col_workshop",
                "dash.col_date",
                "dash.col_state",
                "dash.col_participants",
                "dash.col_answers",
            )
        )
        self.past_table.value = (
            f'<table class="ss-past"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
            if past
            else f"<p>{escape(t('dash.no_past'))}</p>"
        )
        self.past_sessions.options = [
            (
                t(
                    "dash.reuse_option",
                    code=o.session.code,
                    title=self.workshops[o.session.workshop_id].title,
                    date=f"{local_time(o.session.created_at):%d-%m %H:%M}",
                    minimum=o.session.min_group_size,
                ),
                o.session.id,
            )
            for o in past
        ] or [(t("dash.no_past"), None)]
        self.past_sessions.index = 0
        self.reuse_button.disabled = not past

    def start_session(self) -> Session:
        session = self.store.create_session(
            self.workshop.value, min_group_size=self.min_group.value
        )
        self.show_session(session)
        return session

    def start_like(self) -> Session | None:
        """A new session with the workshop, minimum group size and pacing of an earlier one."""
        if self.past_sessions.value is None:
            return None
        earlier = self.store.session(self.past_sessions.value)
        session = self.store.create_session(
            earlier.workshop_id, min_group_size=earlier.min_group_size
        )
        pacing = self.store.control(earlier.id).pacing
        if pacing is not Pacing.SELF:
            first = self.workshops[earlier.workshop_id].exercises[0].id
            self.store.set_pacing(session.id, pacing, first)
        self.show_session(session)
        return session

    def resume(self) -> None:
        if self.open_sessions.value is not None:
            self.show_session(self.store.session(self.open_sessions.value))

    def show_session(self, session: Session) -> None:
        self.session_view = SessionView(
            self.store, session, self.workshops[session.workshop_id], self.public_url
        )
        self.session_view.on_deleted = self._session_deleted
        self.start_area.layout.display = "none"
        self.problem.clear()
        self.session_area.children = (self.session_view,)
        self._start_polling()
        try:
            self.session_view.refresh(force=True)
        except StoreUnavailable as err:  # the session is there; polling draws it soon
            self._show_poll_error(err)

    def _session_deleted(self, session: Session) -> None:
        """Back to the start screen, which says that the session is gone."""
        self.stop()
        self.session_view = None
        self.session_area.children = ()
        self._list_open_sessions()
        self._list_past_sessions()
        self.start_area.layout.display = None
        self.status.value = (
            f'<p class="ss-status ss-ok">{escape(t("purge.done", code=session.code))}</p>'
        )

    def _start_polling(self) -> None:
        if self._poller is not None:
            self._poller.cancel()
        self._poller = start_polling(self.poll_seconds, self._poll_once, self._show_poll_error)

    def _poll_once(self) -> None:
        if self.session_view is not None:
            self.session_view.refresh()
            self.status.value = ""

    def _show_poll_error(self, err: Exception) -> None:
        message = t("dash.store_error") if isinstance(err, StoreUnavailable) else repr(err)
        self.status.value = f'<div class="ss-status ss-problem">{escape(message)}</div>'

    def stop(self) -> None:
        """Stop following the session (the kernel is going away)."""
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None
