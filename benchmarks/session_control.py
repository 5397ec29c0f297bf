"""What running the room costs: a participant's poll, revealing results, exports, the report.

Fills a fresh SQLite store with a group that answered every exercise of the demo workshop,
then times, in one process without a browser:
- a participant page's poll when nothing changed, and after the trainer changed something
  (it then reads the trainer's settings and the revealed results);
- revealing every exercise (drawing its panel and storing the group's static copy);
- each export (XLSX, CSV, JSON) and the report (HTML, PDF).

    .venv/bin/python -m benchmarks.session_control [--people 30] [--repeat 5]
"""

from __future__ import annotations

import statistics
import tempfile

from samenspraak.app.participant import WorkshopPage
from samenspraak.render.export import export_bytes
from samenspraak.render.pdf import html_to_pdf
from samenspraak.render.report import report_html

from .dashboard_refresh import arguments, group_session, timed


def main() -> None:
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        store, workshop, dashboard, session, _group = group_session(tmp, args.people)
        view = dashboard.session_view
        view.refresh(force=True)

        page = WorkshopPage(workshop, store, code=session.code)
        for exercise in workshop.exercises:
            page.show(exercise.id)
        page.join_panel.role.value = "professional"
        page.join()
        idle = timed(page.refresh, args.repeat)
        print(f"participant poll, nothing new: median {statistics.median(idle) * 1000:.1f} ms")

        def reveal_all() -> None:
            for block in view.blocks.values():
                block.reveal.value = not block.reveal.value

        reveal = timed(reveal_all, 2)
        print(
            f"reveal (or hide) all {len(view.blocks)} exercises, each drawn and shared: "
            f"median {statistics.median(reveal):.2f} s"
        )
        reveal_all()  # revealed again
        view.blocks["demo-stelling"].lock.value = True
        after = timed(lambda: page.refresh(force=True), args.repeat)
        print(
            f"participant poll after a change (settings and {len(view.blocks)} revealed "
            f"results applied): median {statistics.median(after) * 1000:.1f} ms"
        )
        for fmt in ("xlsx", "csv", "json"):
            took = timed(lambda f=fmt: export_bytes(store, session, f), args.repeat)
            size = len(export_bytes(store, session, fmt)[2])
            print(f"export {fmt}: median {statistics.median(took):.2f} s, {size // 1024} KB")
        html = report_html(store, session)
        took = timed(lambda: report_html(store, session), 3)
        print(f"report HTML: median {statistics.median(took):.2f} s, {len(html) // 1024} KB")
        took = timed(lambda: html_to_pdf(html), 3)
        print(f"report PDF from that HTML: median {statistics.median(took):.2f} s")


if __name__ == "__main__":
    main()
