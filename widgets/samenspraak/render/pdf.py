"""HTML to PDF with WeasyPrint, so the printed and the on-screen version are the same page.

WeasyPrint renders the same HTML and CSS a browser shows (``@page`` rules for A4, margins and
page numbers included). It needs the Pango library from the operating system; when that cannot
be loaded, :func:`html_to_pdf` raises :class:`PdfUnavailable` with a Dutch message that says what
is missing and that the HTML version can be printed to PDF from the browser.

Rendering never touches the network or the disk: every image must be a ``data:`` URL, and the
URL fetcher refuses every other address (a refused image is left out, with a warning in the log).
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

from ..core import messages

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"data"})


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs cannot be loaded; the message is Dutch."""


def _import_weasyprint() -> ModuleType:
    return importlib.import_module("weasyprint")


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint, turning a missing package or missing Pango into :class:`PdfUnavailable`.

    WeasyPrint loads Pango through cffi when it is imported; a missing library raises ``OSError``
    ("cannot load library ...").
    """
    try:
        return _import_weasyprint()
    except ImportError as problem:
        raise PdfUnavailable(messages.t("pdf.no_weasyprint")) from problem
    except OSError as problem:
        raise PdfUnavailable(messages.t("pdf.no_pango", detail=problem)) from problem


def _url_fetcher(weasyprint: ModuleType) -> object:
    """A fetcher that serves ``data:`` URLs only: no network, no local files."""
    return weasyprint.urls.URLFetcher(
        allowed_protocols=ALLOWED_SCHEMES, allow_redirects=False, timeout=5
    )


def html_to_pdf(html: str) -> bytes:
    """The PDF of one complete HTML page (its own ``<style>`` included; images as data: URLs).

    Raises :class:`PdfUnavailable` (Dutch message) when WeasyPrint or Pango cannot be loaded.
    """
    weasyprint = load_weasyprint()
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=_url_fetcher(weasyprint))
    return document.write_pdf()
