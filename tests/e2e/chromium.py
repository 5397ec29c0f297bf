"""Debian's Chromium, driven by Playwright: one launch for the browser tests and benchmarks."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("SAMENSPRAAK_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach the internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright):
    """Chromium from Debian (scripts/install-chromium.sh), never a browser Playwright fetched."""
    if not Path(CHROMIUM).exists():
        raise FileNotFoundError(
            f"{CHROMIUM} is missing: run scripts/install-chromium.sh (make test does)"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
