"""Binder: pinned requirements in step with pyproject.toml, a badge per workshop, and every
workshop running in self-study mode in a clean environment installed from ``binder/``."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from urllib.parse import unquote

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .binder_env import BINDER, BinderEnv, binder_env
from .helpers import REPO

BADGE_URL = re.compile(
    r"\(https://mybinder\.org/v2/gh/samenspraak/samenspraak/main\?urlpath=([^)\s]+)\)"
)
NOTEBOOKS = sorted((REPO / "workshops").glob("*.ipynb"))


@pytest.fixture(scope="session")
def binder(tmp_path_factory: pytest.TempPathFactory) -> BinderEnv:
    return binder_env(tmp_path_factory)


# --- the files in binder/ ------------------------------------------------------------------


def pinned() -> dict[str, Requirement]:
    """binder/requirements.txt by package name."""
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    found = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {canonicalize_name(r.name): r for r in found}


def test_requirements_pin_exactly_the_dependencies_of_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}
    pins = pinned()
    assert sorted(pins) == sorted(wanted), "binder/requirements.txt and pyproject.toml differ"
    for name, pin in pins.items():
        [spec] = pin.specifier
        assert spec.operator == "==", f"{name}: pin one exact version"
        assert wanted[name].specifier.contains(spec.version), (
            f"{name} {spec.version} is outside pyproject's {wanted[name].specifier}"
        )


def test_runtime_is_a_pinned_python_the_project_supports():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, runtime
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert int(match.group(1)) >= 11


def test_postbuild_installs_the_kit_and_sets_self_study_mode():
    script = BINDER / "postBuild"
    assert script.stat().st_mode & 0o111, "Binder runs postBuild only when it is executable"
    text = script.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "\nset -e" in text
    assert "pip install --no-deps ." in text
    assert "SAMENSPRAAK_SELF_STUDY 1" in text


# --- the README's badges ---------------------------------------------------------------------


def badge_targets() -> list[str]:
    """The notebook path each Binder badge in the README opens under /voila/render/."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Zelfstudie (Binder)", 1)[1].split("\n## ", 1)[0]
    targets = []
    for urlpath in BADGE_URL.findall(section):
        path = unquote(urlpath)
        assert path.startswith("voila/render/"), path
        targets.append(path.removeprefix("voila/render/"))
    return targets


def test_every_workshop_notebook_has_a_binder_badge():
    targets = badge_targets()
    assert len(targets) == len(set(targets)), "a notebook has two badges"
    assert sorted(targets) == [f"workshops/{nb.name}" for nb in NOTEBOOKS]


def test_every_badge_opens_an_existing_notebook():
    for target in badge_targets():
        assert (REPO / target).is_file(), target
        assert "%2F" not in target


def test_pyproject_names_the_repository_the_badges_point_to():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Repository"] == "https://github.com/samenspraak/samenspraak"


# --- a clean environment installed from binder/ ----------------------------------------------


@pytest.mark.timeout(1800)
def test_postbuild_installed_the_kit_and_a_self_study_kernel(binder: BinderEnv):
    found = binder.run(
        binder.bin("python"), "-c", "import samenspraak; print(samenspraak.__file__)"
    )
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(binder.venv)  # not this checkout's copy
    specs = binder.run(binder.bin("jupyter"), "kernelspec", "list", "--json")
    assert specs.returncode == 0, specs.stderr
    python3 = json.loads(specs.stdout)["kernelspecs"]["python3"]
    assert Path(python3["resource_dir"]).is_relative_to(binder.venv)
    assert python3["spec"]["env"] == {"SAMENSPRAAK_SELF_STUDY": "1"}
    assert Path(python3["spec"]["argv"][0]).is_relative_to(binder.venv)
    assert binder.install_seconds > 0


PROBE = """\
from samenspraak.app import WorkshopPage

page = WorkshopPage.open("demo")
assert page.store is None and page.self_study.active
form = page.form("demo-stelling")
form.choice.value = "eens"
assert form.submit()
assert "Voorbeeldgroep" in page.self_study.comparisons["demo-stelling"].value
"""


@pytest.mark.timeout(1800)
def test_every_workshop_runs_in_self_study_mode(binder: BinderEnv, tmp_path: Path):
    """nbval over every workshop notebook with the environment's own pytest and kernel, plus
    a probe notebook that proves the kernel is in self-study mode."""
    probe = tmp_path / "probe.ipynb"
    probe.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "execution_count": None,
                        "metadata": {},
                        "outputs": [],
                        "source": PROBE,
                    }
                ],
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        ),
        encoding="utf-8",
    )
    ini = tmp_path / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")  # not the project's settings and plugins
    result = binder.run(
        binder.bin("python"),
        "-m",
        "pytest",
        "-c",
        ini,
        "--rootdir",
        REPO,
        "-p",
        "no:cacheprovider",
        "--nbval-lax",
        "-q",
        *NOTEBOOKS,
        probe,
        timeout=1200,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    cells = sum(
        cell["cell_type"] == "code"
        for notebook in NOTEBOOKS
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    )
    assert re.search(rf"^{cells + 1} passed", output, flags=re.MULTILINE), output[-3000:]
    assert not binder.db_file.exists()
    assert not binder.db_file.parent.exists()  # not even the folder for a database
    assert not (binder.scratch / "xdg-data" / "samenspraak").exists()
