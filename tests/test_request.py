"""The join code from the page's URL, in both of Voila's ways of starting a kernel."""

from __future__ import annotations

import pytest

from samenspraak.app.participant import code_from_request


def test_no_voila_no_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    assert code_from_request() == ""


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("code=K7Q4P", "K7Q4P"),
        ("?code=k7q4p&theme=dark", "k7q4p"),
        ("theme=dark", ""),
        ("code=" + "A" * 40, "A" * 16),
    ],
)
def test_code_from_environment_without_preheat(
    monkeypatch: pytest.MonkeyPatch, query: str, code: str
) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", query)
    assert code_from_request() == code


def test_preheated_kernel_without_voila_server_gives_no_code(monkeypatch: pytest.MonkeyPatch):
    """When the request channel cannot be reached the person types the code: no crash."""
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "missing")
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_APP_PORT", "9")  # discard port: nothing listens there
    assert code_from_request() == ""
