"""The poll loop both apps use: it keeps going after a failed step, and says what failed."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from samenspraak.app import participant
from samenspraak.app.polling import start_polling
from samenspraak.core.records import StoreUnavailable


def test_outside_a_kernel_there_is_no_loop_to_poll_in():
    assert start_polling(0.01, lambda: None, lambda _err: None) is None


def test_a_failing_step_is_reported_and_the_loop_goes_on():
    calls: list[int] = []
    errors: list[Exception] = []

    def step() -> None:
        calls.append(len(calls))
        if len(calls) <= 2:
            raise ValueError(f"fout {len(calls)}")

    async def scenario() -> None:
        task = start_polling(0.01, step, errors.append)
        assert task is not None
        try:
            for _ in range(500):
                if len(calls) >= 4:
                    break
                await asyncio.sleep(0.01)
            assert not task.done()
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    asyncio.run(scenario())
    assert len(calls) >= 4  # two failures did not stop it
    assert [str(err) for err in errors] == ["fout 1", "fout 2"]


def test_the_participant_page_logs_a_failure_but_not_a_database_away(caplog):
    with caplog.at_level(logging.ERROR, logger=participant.__name__):
        participant._log_poll_error(StoreUnavailable("database is locked"))
        assert caplog.records == []
        participant._log_poll_error(KeyError("demo-ideeen"))
    [record] = caplog.records
    assert record.exc_info[1].args == ("demo-ideeen",)


def test_cancelling_ends_the_loop():
    seconds = 0.01

    async def scenario() -> bool:
        task = start_polling(seconds, lambda: None, lambda _err: None)
        await asyncio.sleep(seconds * 3)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return task.cancelled()

    assert asyncio.run(scenario())
