"""axe-core in a real page: the WCAG checks of the accessibility tests.

axe-core comes bundled with the PyPI package ``axe-playwright-python`` (no npm, no browser
download) and runs in Debian's Chromium through Playwright. Every rule axe runs by default is
on: WCAG 2.0, 2.1 and 2.2 A and AA, and axe's best practices (landmarks, one main heading, ...),
so a page passes only with no violation of any impact.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()


def violations(page: Any, context: Any = None) -> list[str]:
    """Every violation on the page (or inside ``context``), one line per element:
    ``rule (impact): selector: what is wrong``."""
    results = _AXE.run(page, context=context)
    found = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            found.append(f"{violation['id']} ({violation['impact']}): {target}: {summary}")
    return found


def assert_accessible(page: Any, context: Any = None) -> None:
    """No axe violation at all; the message lists each one."""
    found = violations(page, context)
    assert not found, f"{len(found)} axe violation(s):\n" + "\n".join(found)
