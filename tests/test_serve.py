"""How `samenspraak serve` starts the two servers: who can reach what."""

from __future__ import annotations

import ipaddress
import json

from samenspraak.serve import (
    ServeConfig,
    dashboard_command,
    environment,
    lan_address,
    participant_command,
)


def _option(argv: list[str], name: str) -> str:
    return next(arg.split("=", 1)[1] for arg in argv if arg.startswith(f"{name}="))


def test_dashboard_listens_on_loopback_only_whatever_the_participant_host() -> None:
    config = ServeConfig("sqlite://", host="0.0.0.0", port=9001, dashboard_port=9002)  # noqa: S104
    assert _option(dashboard_command(config), "--Voila.ip") == "127.0.0.1"
    assert _option(dashboard_command(config), "--port") == "9002"
    assert config.dashboard_url == "http://127.0.0.1:9002/"


def test_participants_get_preheated_pools_on_the_chosen_interface() -> None:
    config = ServeConfig("sqlite://", host="0.0.0.0", port=9001, pool_size=7)  # noqa: S104
    argv = participant_command(config)
    assert _option(argv, "--Voila.ip") == "0.0.0.0"  # noqa: S104
    assert _option(argv, "--port") == "9001"
    assert _option(argv, "--preheat_kernel") == "True"
    assert _option(argv, "--pool_size") == "7"
    assert int(_option(argv, "--MappingKernelManager.cull_idle_timeout")) > 0
    # The dashboard notebook is not among what participants are served.
    assert argv[3].endswith("workshops")
    assert "trainer.ipynb" not in " ".join(argv)


def test_only_the_chosen_workshops_get_preheated_kernels() -> None:
    every = participant_command(ServeConfig("sqlite://", pool_size=3))
    assert not [arg for arg in every if "kernel_pools_config" in arg]
    chosen = participant_command(ServeConfig("sqlite://", pool_size=3, preheat=("demo",)))
    pools = json.loads(_option(chosen, "--VoilaKernelManager.kernel_pools_config"))
    assert pools == {"default": {"pool_size": 0}, "demo.ipynb": {"pool_size": 3}}


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
