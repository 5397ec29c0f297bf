"""How long the check for identifying details takes on long and crafted answers.

Every text a participant saves is scanned by ``core.privacy.find_identifiers`` in their
kernel, before the answer is stored. An answer is at most ``MAX_TEXT_LENGTH`` characters
(2,000), but a crafted text must not stall a kernel either, so this times each text at the cap
and at 5 and 20 times the cap. Each figure is the fastest of ``--runs`` scans (the others
include other work on the machine). *growth* is the time at 20× divided by the time at 5×:
about 4 means the scan grows linearly with the text, 16 quadratically.

    .venv/bin/python -m benchmarks.privacy_scan [--runs 5]
"""

from __future__ import annotations

import argparse
import time

from samenspraak.core.answers import MAX_TEXT_LENGTH
from samenspraak.core.privacy import find_identifiers

# A realistic answer and texts built to make a backtracking matcher stumble (the same ones
# tests/test_privacy.py checks for what they contain).
UNITS: dict[str, str] = {
    "answer with phone, e-mail and BSN": (
        "Moeder vertelt over haar 3 kinderen van 8, 12 en 15 jaar in 2023. "
        "Bel 06-12345678 of mail ouder@example.nl, BSN 111222333. "
    ),
    "digits": "1",
    "a.a.a. then @": "a.",
    "a@a@a@": "a@",
    "1 1 1 1": "1 ",
    "06 06 06": "06 ",
    "1-1-1-1": "1-",
    "12 12 12": "12 ",
    "NL91 NL91": "NL91 ",
    "geboren 12-3": "geboren 12-3 ",
    "nl12nl12": "nl12",
    "a.b.c. domain labels": "b.",
}


def text_of(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def fastest(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        find_identifiers(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="scans per text; the fastest counts")
    args = parser.parse_args()
    sizes = (MAX_TEXT_LENGTH, 5 * MAX_TEXT_LENGTH, 20 * MAX_TEXT_LENGTH)
    find_identifiers("warm up: 06-12345678")  # compile the patterns outside the figures
    print(f"find_identifiers, fastest of {args.runs} runs, milliseconds")
    header = "".join(f"{size:>12,} ch" for size in sizes)
    print(f"{'text':<36}{header}{'growth':>10}")
    worst = 0.0
    for name, unit in UNITS.items():
        if name == "a.b.c. domain labels":
            unit_texts = ["x@" + text_of(unit, size - 4) + "nl" for size in sizes]
        else:
            unit_texts = [text_of(unit, size) for size in sizes]
        seconds = [fastest(text, args.runs) for text in unit_texts]
        worst = max(worst, seconds[0])
        cells = "".join(f"{s * 1000:>15.2f}" for s in seconds)
        print(f"{name:<36}{cells}{seconds[2] / seconds[1]:>10.1f}")
    print(f"slowest answer at the cap of {MAX_TEXT_LENGTH:,} characters: {worst * 1000:.2f} ms")


if __name__ == "__main__":
    main()
