"""The presenter view: one exercise's results over the whole screen, for the projector.

Large type, no trainer controls, notes or moderation (everything marked trainer-only is
hidden by the stylesheet); the join code and QR code show on request. It shows the same
result widgets as the dashboard, so it follows new answers live.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as widgets

from ..core.html import css_beside, escape, style_tag
from ..core.messages import t
from .controls import ExerciseBlock

CSS = style_tag(css_beside(__file__, "presenter.css"))


class PresenterView(widgets.VBox):
    """Full screen over the dashboard; ``show`` one block, ``close`` to go back."""

    def __init__(self, code_html: str, qr: widgets.Widget, blocks: Sequence[ExerciseBlock]):
        self.blocks = list(blocks)
        self.current: ExerciseBlock | None = None
        self.on_close: Callable[[], None] | None = None
        self.opened_from: ExerciseBlock | None = None  # focus goes back there on closing
        back = widgets.Button(description=t("presenter.back"), icon="times")
        back.add_class("ss-presenter-back")
        back.on_click(lambda _b: self.close_view())
        self.back = back
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
        opening = self.layout.display == "none"
        self.current = block
        self.stage.children = (block.content,)
        self.layout.display = ""
        if opening:  # the keyboard moves along into the view (the dashboard is hidden now)
            self.opened_from = block
            self.back.focus()

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
        if self.opened_from is not None:  # back to the button that opened the view
            self.opened_from.present.focus()
            self.opened_from = None

    def _show_code(self) -> None:
        self.code.layout.display = "" if self.show_code.value else "none"
