"""What a participant's kernel sends when something goes wrong: a Dutch sentence, no traceback.

A traceback names install paths and code; it went to the participant's browser over the
kernel websocket. In a participant's kernel the full traceback goes to the server's log
(the terminal of `samenspraak serve`) and the page gets one Dutch sentence. Log records of
the kit go to that log too. Both must bypass ``sys.stderr`` and even file descriptor 2:
ipykernel sends what is written to either to the browser. ``sys.stderr.fileno()`` is
ipykernel's copy of the original standard error, which reaches only the server's terminal.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from typing import Any, TextIO

from ..core.messages import t

_log = logging.getLogger("samenspraak")


class PageError(Exception):
    """The name the page sees for an unexpected error, instead of the real one."""


def _terminal() -> TextIO:
    """The server's terminal: ipykernel's copy of standard error when it captures file
    descriptor 2 (then ``fileno()`` gives the copy), else the process's own standard error."""
    try:
        fd = sys.stderr.fileno()
    except (OSError, ValueError, io.UnsupportedOperation):  # not captured: fd 2 is safe
        return sys.__stderr__
    return os.fdopen(os.dup(fd), "w", buffering=1, encoding="utf-8")


def quiet_kernel() -> None:
    """In a kernel: tracebacks to the server's log, a Dutch sentence to the page. Idempotent."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "_samenspraak_quiet", False):
        return
    handler = logging.StreamHandler(_terminal())
    handler.setFormatter(logging.Formatter("[samenspraak kernel] %(levelname)s %(message)s"))
    _log.addHandler(handler)
    _log.propagate = False

    def showtraceback(exc_tuple: Any = None, *_args: Any, **_kwargs: Any) -> None:
        error_type, value, tb = exc_tuple or sys.exc_info()
        _log.error("unexpected error on a participant's page", exc_info=(error_type, value, tb))
        text = t("error.unexpected")
        shell._showtraceback(PageError, text, [text])

    shell.showtraceback = showtraceback
    shell._samenspraak_quiet = True
