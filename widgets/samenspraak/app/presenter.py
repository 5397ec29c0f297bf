"""The presenter view: one exercise's results over the whole screen, for the projector.

Large type, no trainer controls, notes or moderation (everything marked trainer-only is
hidden by the stylesheet); the join code and QR code show on request. It shows the same
result widgets as the dashboard, so it follows new answers live.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as widgets

from ..core.html import escape
from ..core.messages import register, t
from .controls import ExerciseBlock

register(
    {
        "presenter.back": "Terug naar het dashboard",
        "presenter.previous": "Vorige",
        "presenter.next": "Volgende",
        "presenter.code": "Code tonen",
        "presenter.join": "Doe mee met code",
        "presenter.hint": "Tip: druk op F11 voor een volledig scherm.",
    }
)

CSS = """
<style>
/* Everything else on the dashboard steps aside, so the panel fills the screen. (A fixed
   position would not work: the widget containers make their own containing block.) */
.ss-presenting > :not(.ss-presenter),
.ss-dashboard:has(.ss-presenting) > :not(:has(.ss-presenting)),
body:has(.ss-presenting) .jp-Cell:not(:has(.ss-presenting)) { display: none !important; }
.ss-presenter .ss-group-column { flex: 1 1 0 !important; min-width: 12em; }
.ss-presenter .widget-html-content { font-size: 24px; line-height: 1.4; }
.ss-presenter .ss-group-label { font-size: 30px; }
.ss-presenter .ss-title { font-size: 40px; line-height: 1.15; }
.ss-presenter .ss-bar-label { min-width: 10em; }
/* Exactly one screen high, scrolling inside: the page around it then has nothing to scroll,
   so it starts at the top however far down the trainer was on the dashboard. */
.ss-presenter {
  height: 100vh; overflow-y: auto; width: 100%; background: #fff;
  padding: 0.5em 2.5em 2em 2.5em; font-size: 26px; box-sizing: border-box;
}
.ss-presenter .ss-trainer-only, .ss-presenter .ss-notes { display: none !important; }
.ss-presenter .ss-panel { border: none; font-size: 26px; }
.ss-presenter .ss-panel img { max-height: 70vh; width: auto !important; }
.ss-presenter .ss-bar-row { margin: 6px 0; }
.ss-presenter .ss-status { font-size: 22px; }
.ss-presenter-bar { justify-content: flex-end; gap: 0.4em; opacity: 0.6; }
.ss-presenter-bar:hover { opacity: 1; }
.ss-presenter-code { gap: 2em; }
.ss-presenter-code .ss-code { font-size: 96px; }
</style>
"""


class PresenterView(widgets.VBox):
    """Full screen over the dashboard; ``show`` one block, ``close`` to go back."""

    def __init__(self, code_html: str, qr: widgets.Image, blocks: Sequence[ExerciseBlock]):
        self.blocks = list(blocks)
        self.current: ExerciseBlock | None = None
        self.on_close: Callable[[], None] | None = None
        back = widgets.Button(description=t("presenter.back"), icon="times")
        back.add_class("ss-presenter-back")
        back.on_click(lambda _b: self.close_view())
        previous = widgets.Button(description=t("presenter.previous"), icon="arrow-left")
        previous.add_class("ss-presenter-previous")
        previous.on_click(lambda _b: self.step(-1))
        following = widgets.Button(description=t("presenter.next"), icon="arrow-right")
        following.add_class("ss-presenter-next")
        following.on_click(lambda _b: self.step(1))
        self.show_code = widgets.ToggleButton(description=t("presenter.code"), icon="qrcode")
        self.show_code.add_class("ss-presenter-show-code")
        self.show_code.observe(lambda _c: self._show_code(), names="value")
        bar = widgets.HBox(
            [previous, following, self.show_code, back],
            layout=widgets.Layout(flex_flow="row wrap"),
        )
        bar.add_class("ss-presenter-bar")
        self.code = widgets.HBox(
            [widgets.HTML(f"<div>{escape(t('presenter.join'))}</div>{code_html}"), qr],
            layout=widgets.Layout(align_items="center"),
        )
        self.code.add_class("ss-presenter-code")
        self.stage = widgets.VBox()
        super().__init__([widgets.HTML(CSS), bar, self.code, self.stage])
        self.add_class("ss-presenter")
        self.layout.display = "none"
        self._show_code()

    def show(self, block: ExerciseBlock) -> None:
        self.current = block
        self.stage.children = (block.content,)
        self.layout.display = ""

    def step(self, by: int) -> None:
        if self.current is None:
            return
        index = self.blocks.index(self.current) + by
        if 0 <= index < len(self.blocks):
            self.show(self.blocks[index])

    def close_view(self) -> None:
        self.layout.display = "none"
        self.stage.children = ()
        self.current = None
        if self.on_close is not None:
            self.on_close()

    def _show_code(self) -> None:
        self.code.layout.display = "" if self.show_code.value else "none"
