"""One stylesheet for participant pages and the dashboard: readable at phone width."""

from __future__ import annotations

import ipywidgets as widgets

from ..exercises import exercise_types

CSS = """
<style>
.ss-page, .ss-exercise { box-sizing: border-box; font-size: 16px; }
.ss-exercise { border-top: 1px solid #ccd; padding: 0.5em 0 1.2em 0; }
.ss-title { margin: 0.4em 0; color: #1f3b57; }
.ss-status { padding: 0.4em 0.6em; border-radius: 4px; margin-top: 0.3em; }
.ss-ok { background: #e3f4e6; color: #14532d; }
.ss-problem { background: #fdecea; color: #7f1d1d; }
.ss-over { color: #7f1d1d; font-weight: bold; }
.ss-pending { background: #fff7e0; color: #713f12; }
.ss-waiting, .ss-count { background: #eef2f7; color: #1f3b57; }
.ss-warning { background: #fff7e0; padding: 0.4em 0.6em; border-radius: 4px; }
.widget-toggle-buttons .widget-toggle-button { margin: 2px; }
.ss-scale .widget-toggle-buttons, .ss-choice .widget-toggle-buttons,
.ss-scale, .ss-choice, .ss-role { flex-wrap: wrap; height: auto; }
.ss-scale button, .ss-choice button, .ss-role button { min-height: 2.4em; font-size: 15px; }
.ss-bar-row { display: flex; align-items: center; gap: 0.5em; margin: 2px 0; }
.ss-bar-label { min-width: 8em; }
.ss-track { flex: 0 0 40%; height: 1em; background: #eef2f7; }
.ss-bar { display: block; height: 100%; background: #1f5f8b; }
.ss-bar-count { white-space: nowrap; }
.ss-dist-table { border-collapse: collapse; font-size: 15px; }
.ss-dist-table th, .ss-dist-table td { padding: 0.3em 0.6em; text-align: center; }
.ss-dist-table th[scope=row] { text-align: left; }
.ss-dist-table td.ss-bar-count { min-width: 3em; border: 1px solid #dde; }
.ss-dist-table td.ss-mean { font-weight: bold; }
.ss-exercise .widget-textarea { width: auto !important; max-width: 100%; }
/* 16px inputs: phones do not zoom in on focus, and answers read as normal text. */
.ss-exercise textarea, .ss-page input { font-family: inherit; font-size: 16px; }
.ss-exercise .ss-save { margin-top: 0.8em; }
.ss-texts li { margin: 0.2em 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.ss-code {
  line-height: 1.1; margin: 0.1em 0 0.2em 0; font-size: 64px; font-weight: bold;
  letter-spacing: 0.15em; color: #1f3b57;
}
.ss-panel { border: 1px solid #ccd; border-radius: 6px; padding: 0.6em 1em; margin: 0.6em 0; }
.ss-notes { margin: 0 0 0.6em 0; color: #333; }
.ss-notes summary { cursor: pointer; color: #1f5f8b; }
.ss-participants { font-size: 22px; }
.ss-past { border-collapse: collapse; font-size: 15px; }
.ss-past th, .ss-past td { padding: 0.2em 0.7em; border-bottom: 1px solid #dde; text-align: left; }
.ss-past .ss-num { text-align: right; }
.ss-block { border-top: 4px solid #ccd; margin-top: 1.2em; padding-top: 0.4em; }
.ss-current { border-top-color: #1f5f8b; background: #f5f9fc; }
.ss-state { color: #444; margin-left: 1em; line-height: 2.4em; }
.ss-group-columns { gap: 1em; }
.ss-min-group { margin-left: 0.6em; }
.ss-group-label { margin: 0.3em 0 0 0; color: #1f3b57; }
.ss-moderation-row { border-bottom: 1px solid #eee; gap: 0.6em; }
.ss-moderated { color: #7f1d1d; }
.ss-pacing-area { border: 1px solid #ccd; border-radius: 6px; padding: 0.4em 0.8em; }
.ss-exports { border: 1px solid #ccd; border-radius: 6px; padding: 0.2em 0.8em 0.6em 0.8em; }
.ss-download-list { display: flex; flex-wrap: wrap; gap: 0.5em 1.2em; }
.ss-now-open { margin-left: 1em; font-weight: bold; color: #1f3b57; }
@media (max-width: 600px) { .ss-bar-label { min-width: 5em; } .ss-code { font-size: 44px; } }
</style>
"""


def stylesheet() -> widgets.HTML:
    """The shared rules, then each exercise type's own."""
    parts = [
        part
        for kind in exercise_types().values()
        for part in ((kind.css,) if isinstance(kind.css, str) else kind.css)
    ]
    extra = "".join(dict.fromkeys(parts))  # rules two types share (voting) appear once
    return widgets.HTML(CSS.replace("</style>", f"{extra}</style>") if extra else CSS)
