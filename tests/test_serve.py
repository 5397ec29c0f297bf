"""How `samenspraak serve` starts the two servers: who can reach what."""

from __future__ import annotations

import ipaddress
import subprocess
import sys

from samenspraak.serve import (
    DEFAULT_MAX_PER_ADDRESS,
    ServeConfig,
    dashboard_command,
    environment,
    kernels_within,
    lan_address,
    limits_lines,
    participant_command,
)


def _option(argv: list[str], name: str) -> str:
    return next(arg.split("=", 1)[1] for arg in argv if arg.startswith(f"{name}="))


def test_dashboard_listens_on_loopback_only_whatever_the_participant_host() -> None:
    config = ServeConfig("sqlite://", host="0.0.0.0", port=9001, dashboard_port=9002)  # noqa: S104
    assert _option(dashboard_command(config), "--Voila.ip") == "127.0.0.1"
    assert _option(dashboard_command(config), "--port") == "9002"
    assert config.dashboard_address == "http://127.0.0.1:9002/"
    assert config.dashboard_url.startswith("http://127.0.0.1:9002/?token=")


def test_participants_get_preheated_pools_on_the_chosen_interface() -> None:
    config = ServeConfig("sqlite://", host="0.0.0.0", port=9001, pool_size=7)  # noqa: S104
    argv = participant_command(config)
    assert argv[2] == "samenspraak.participant_server"
    assert _option(argv, "--Voila.ip") == "0.0.0.0"  # noqa: S104
    assert _option(argv, "--port") == "9001"
    assert _option(argv, "--Voila.port_retries") == "0"  # a restart comes back on the same port
    assert _option(argv, "--preheat_kernel") == "True"
    assert _option(argv, "--ParticipantVoila.idle_pool") == "7"
    assert _option(argv, "--ParticipantVoila.db_url") == "sqlite://"
    assert _option(argv, "--template") == "samenspraak"
    headers = [a.split("=", 1)[1] for a in argv if a.startswith("--VoilaConfiguration.http_")]
    assert headers == ["X-Samenspraak-Device", "X-Samenspraak-Address"]
    # The dashboard notebook is not among what participants are served.
    assert argv[3].endswith("workshops")
    assert "trainer.ipynb" not in " ".join(argv)


def test_the_room_limits_follow_the_expected_group() -> None:
    argv = participant_command(ServeConfig("sqlite://", expected=12))
    assert _option(argv, "--ParticipantVoila.expected") == "12"
    assert _option(argv, "--ParticipantVoila.max_kernels") == "34"  # 2 x 12 + 10
    assert _option(argv, "--ParticipantVoila.max_per_address") == str(DEFAULT_MAX_PER_ADDRESS)
    capped = participant_command(ServeConfig("sqlite://", expected=12, max_kernels=20))
    assert _option(capped, "--ParticipantVoila.max_kernels") == "20"


def test_only_the_chosen_workshops_get_preheated_kernels() -> None:
    every = participant_command(ServeConfig("sqlite://", pool_size=3))
    assert not [a for a in every if a.startswith("--ParticipantVoila.preheat")]
    chosen = ServeConfig("sqlite://", pool_size=3, preheat=("demo", "grondhouding"))
    listed = [a for a in participant_command(chosen) if a.startswith("--ParticipantVoila.preheat")]
    assert listed == ["--ParticipantVoila.preheat=demo", "--ParticipantVoila.preheat=grondhouding"]


def test_serve_prints_its_limits_and_warns_when_open_files_are_too_few() -> None:
    config = ServeConfig("sqlite://", expected=30)
    lines = limits_lines(config, 1_048_576)
    assert "30 deelnemers verwacht" in lines[0]
    assert "hoogstens 70 deelnemerspagina's" in lines[1]
    assert not [line for line in lines if line.startswith("Let op")]
    low = limits_lines(config, 1024)
    assert kernels_within(1024) < 70
    assert low[-1].startswith("Let op")
    assert "ulimit -n" in low[-1]


def test_serve_raises_its_open_files_limit_to_the_hard_limit() -> None:
    script = (
        "import resource\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))\n"
        "from samenspraak.serve import raise_open_files_limit\n"
        "print(raise_open_files_limit()[0] == hard)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_both_servers_share_the_store_content_and_public_url() -> None:
    config = ServeConfig("sqlite:////tmp/x.sqlite", public_url="http://10.1.2.3:8866/")
    env = environment(config)
    assert env["SAMENSPRAAK_DB"] == "sqlite:////tmp/x.sqlite"
    assert env["SAMENSPRAAK_PUBLIC_URL"] == "http://10.1.2.3:8866"
    assert env["SAMENSPRAAK_CONTENT"].endswith("content")


def test_public_url_comes_from_the_host_or_the_network() -> None:
    assert ServeConfig("sqlite://", host="10.0.0.7", port=8000).participant_url == (
        "http://10.0.0.7:8000"
    )
    found = lan_address()
    if found is not None:  # a machine without a network keeps "localhost"
        assert not ipaddress.ip_address(found).is_loopback
        assert ServeConfig("sqlite://").participant_url == f"http://{found}:8866"
    else:
        assert ServeConfig("sqlite://").participant_url == "http://localhost:8866"
