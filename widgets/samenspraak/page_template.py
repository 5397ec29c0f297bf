"""The Voila template of the participant pages: Voila's "lab" template plus connection care.

The template adds ``static/samenspraak.js`` (a small script, no build step) that shows a Dutch
"even geduld" message while the page is prepared, a banner when the kernel connection is
lost, reloads the page by itself when the server is back but the kernel is gone, and keeps
unsaved text of exercise forms as drafts in the browser (``localStorage``) until it is saved.

For WCAG 2.1 AA it makes the page Dutch (``lang="nl"``), gives it a skip link, a main landmark
and a header, and adds ``static/a11y.js``, which puts on ipywidgets' controls what they lack:
``aria-pressed`` on toggle buttons, named groups and radio groups, names for fields and
sliders (the question above them), ``aria-valuetext`` on sliders and live regions for status
lines (widgets with class ``ss-live``). The header shows the workshop and the join state only
on a participant's page (the join panel's ``.ss-header-data``); the dashboard, which uses the
same template, keeps it hidden.

``static/in_order.js`` sends a widget's buffered value before a click leaves the page, so
"type, then tap Opslaan" saves what was typed even when the kernel or the network is slow.

Voila finds a template at ``<JUPYTER_PATH entry>/voila/templates/<name>``: a server that uses
it puts :func:`share_dir` in ``JUPYTER_PATH`` and passes ``--template=samenspraak``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import tornado.web

TEMPLATE_NAME = "samenspraak"

# What the script asks for while the connection is lost: any HTTP answer means "server up".
ALIVE_PATH = "samenspraak/alive"
# The participant pages' stylesheet, which the template links (see app/style.py).
STYLE_PATH = "samenspraak/style.css"


def share_dir() -> Path:
    """The directory to add to ``JUPYTER_PATH``: it holds ``voila/templates/samenspraak`` and
    the participant kernel's spec, ``kernels/samenspraak-participant``."""
    return Path(__file__).resolve().parent / "share"


def jupyter_path() -> str:
    """``JUPYTER_PATH`` for a Voila server that uses the template: :func:`share_dir` first,
    then whatever the environment already had."""
    paths = [str(share_dir()), os.environ.get("JUPYTER_PATH", "")]
    return os.pathsep.join(path for path in paths if path)


def template_dir() -> Path:
    """This template's own files: ``conf.json``, ``index.html.j2`` and ``static/``."""
    return share_dir() / "voila" / "templates" / TEMPLATE_NAME


@cache
def _page_css() -> str:
    from .app.style import participant_css  # ipywidgets: only in a server that serves pages

    return participant_css()


class StyleHandler(tornado.web.RequestHandler):
    """``GET /samenspraak/style.css``: every rule of the kit's pages, which the template links.

    Browsers keep it (an ETag to check), so a reload or the next page does not fetch it
    again, and participants' kernels need not send the rules as widget state. Both servers
    of ``samenspraak serve`` answer it."""

    def get(self) -> None:
        self.set_header("Content-Type", "text/css; charset=utf-8")
        self.set_header("Cache-Control", "public, max-age=3600")
        self.finish(_page_css())
