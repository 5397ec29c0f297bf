"""One way to follow the store from a kernel: call a step every few seconds, forever.

The trainer's dashboard and the participant's page (ideas to vote on) both poll. A step that
fails must not end the loop, or the screen would silently stop following; ``on_error`` gets
the exception and decides what the person sees.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


def start_polling(
    seconds: float, step: Callable[[], object], on_error: Callable[[Exception], None]
) -> asyncio.Task[None] | None:
    """Run ``step`` every ``seconds`` in the kernel's event loop; None outside a kernel."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None  # not in a kernel: tests call the step themselves
    return loop.create_task(_poll(seconds, step, on_error))


async def _poll(
    seconds: float, step: Callable[[], object], on_error: Callable[[Exception], None]
) -> None:
    while True:
        await asyncio.sleep(seconds)
        try:
            step()
        except Exception as err:  # a poll must survive; on_error shows it
            on_error(err)
