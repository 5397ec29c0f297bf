"""The trainer dashboard's Voila server, with extra routes: the trainer's guide and the paper
version of each workshop.

``samenspraak serve`` starts this instead of plain ``voila`` for the dashboard (127.0.0.1
only). It is Voila itself plus ``/draaiboek/<workshop>.html|pdf`` and
``/papier/<workshop>.html|pdf``, generated from the content file at each request, so the
guide a trainer opens always matches
the exercises, with no files written anywhere. Browsers refuse to open top-level ``data:``
URLs, so the guide has to come from a server; the dashboard's own server is the one the trainer
already has open. The participant server has no such route.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import sys

import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from voila.app import Voila

from . import catalog, render_cache
from .core.content import ContentError
from .core.html import escape
from .core.messages import t
from .core.urls import DASHBOARD_TOKEN_ENV as TOKEN_ENV
from .page_template import STYLE_PATH, StyleHandler
from .render import guide
from .render.pdf import PdfUnavailable, html_to_pdf

# A workshop id is a slug (content.Slug), so the path can never leave the content directory.
ROUTE_PATTERN = r"([a-z0-9]+(?:-[a-z0-9]+)*)\.(html|pdf)"

# The guide is a document, not an app: no script, nothing from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'"
)


class GuideHandler(JupyterHandler):
    """``GET /draaiboek/<id>.html|pdf``: the guide, freshly made from the workshop's file.

    A Jupyter handler, so the dashboard's Host check and token apply here too.
    """

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def _problem(self, status: int, message: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.finish(
            '<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8">'
            f"<title>{escape(t('guide.link_html'))}</title></head>"
            f'<body><p style="white-space: pre-wrap">{escape(message)}</p></body></html>\n'
        )

    def initialize(self, route: str = guide.GUIDE_ROUTE) -> None:
        self.route = route  # which document: the guide, or the paper version

    @tornado.web.authenticated
    async def get(self, workshop_id: str, file_format: str) -> None:
        try:
            workshop = catalog.load_workshop(workshop_id)
        except KeyError as err:
            self._problem(404, str(err.args[0]))
            return
        except ContentError as err:
            self._problem(500, "\n".join(str(problem) for problem in err.problems))
            return
        filename = guide.document_filename(workshop.id, file_format, self.route)
        make_page = guide.DOCUMENTS[self.route]
        if file_format == "html":
            body = make_page(workshop)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        else:
            try:  # a few seconds of WeasyPrint: not on the server's event loop
                body = await asyncio.to_thread(html_to_pdf, make_page(workshop))
            except PdfUnavailable as err:
                self._problem(503, str(err))
                return
            self.set_header("Content-Type", "application/pdf")
        self.set_header("Content-Disposition", f'inline; filename="{filename}"')
        self.finish(body)


class DashboardVoila(Voila):
    """Voila with the guide route in front of its own handlers, for the trainer only.

    - Only loopback Host names are answered (Jupyter's Host check, which Voila turns off):
      a web page the trainer visits cannot rebind its own name to 127.0.0.1 and read the
      dashboard with every open join code.
    - A random token guards every route: ``samenspraak serve`` passes it in the environment
      (``SAMENSPRAAK_DASHBOARD_TOKEN``, not on the command line, where other users of the
      computer could read it) and prints the link with ``?token=``; after the first visit a
      cookie keeps the trainer logged in.
    - Page templates are compiled once (:mod:`samenspraak.render_cache`), not for every page.
    """

    def initialize(self, argv: list[str] | None = None) -> None:
        render_cache.install()
        super().initialize(argv)
        token = os.environ.get(TOKEN_ENV, "")
        if token:
            self.token = token
            # The login cookie stays valid when `serve` is restarted with the same token, so
            # the trainer's page comes back by itself after a restart.
            self.cookie_secret = hashlib.sha256(b"samenspraak-dashboard:" + token.encode()).digest()

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["allow_remote_access"] = False
        settings["local_hostnames"] = ["localhost"]
        return settings

    def init_handlers(self) -> list:
        routes = [
            (url_path_join(self.server_url, route, ROUTE_PATTERN), GuideHandler, {"route": route})
            for route in guide.DOCUMENTS
        ]
        style = (url_path_join(self.server_url, STYLE_PATH), StyleHandler)
        return [style, *routes, *super().init_handlers()]


main = DashboardVoila.launch_instance

if __name__ == "__main__":
    sys.exit(main())
