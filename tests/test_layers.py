"""The package's layers, read from its folders, and the direction of its imports.

Every import statement of every module is read (also those inside functions), so a lazy
import cannot go around a rule:

- ``core/`` imports nothing of the kit outside ``core`` and never ipywidgets;
- every exercise type's ``model.py`` (and the pure shared modules beside the types) imports no
  ipywidgets and nothing of the views, the apps or the renderers;
- ``render/`` imports no ipywidgets and no app code;
- imports only go down: core < exercises < catalog < render < app < the servers and the CLI.

And at run time: ``samenspraak check`` and ``samenspraak report`` never load ipywidgets.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from samenspraak.core.store import Store

from .helpers import run_python

PACKAGE = Path(__file__).resolve().parents[1] / "widgets" / "samenspraak"
WIDGET_MODULES = ("ipywidgets", "IPython.display", "anywidget")

# Lower numbers are lower layers; a module may import its own layer and those below.
LAYERS = {
    "core": 0,
    "exercises": 1,
    "catalog": 2,
    "coverage": 2,
    "examples": 2,
    "render": 3,
    "app": 4,
}
TOP = 5  # cli, serve, the two servers, the page template: they put everything together
# Shared exercise modules that hold widgets; every other module in exercises/_shared is pure.
SHARED_VIEWS = {"base", "voting"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.get(parts[1], TOP) if len(parts) > 1 else TOP


def imports(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """Every module ``path`` imports, resolved to an absolute name, with its line.

    ``name``: the module's dotted name (default: from its place in the package)."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # ``from . import messages``: the names may be modules
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def kit_imports(path: Path) -> list[tuple[int, str]]:
    return [
        (line, target)
        for line, target in imports(path)
        if target.startswith("samenspraak.")  # the bare package: its modules come separately
    ]


def widget_imports(path: Path) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)}:{line}: {target}"
        for line, target in imports(path)
        if target.split(".")[0] in {"ipywidgets", "anywidget"}
        or target.startswith("IPython.display")
    ]


def is_pure_exercise_module(path: Path) -> bool:
    relative = path.relative_to(PACKAGE / "exercises")
    if relative.parts[0] == "_shared":
        return path.stem not in SHARED_VIEWS
    return path.name == "model.py" or (relative.parts == (path.name,) and path.stem != "__init__")


def test_the_package_has_the_layers_it_promises() -> None:
    for folder in ("core", "exercises", "render", "app"):
        assert (PACKAGE / folder / "__init__.py").is_file(), folder
    types = [p.parent.name for p in (PACKAGE / "exercises").glob("*/model.py")]
    assert len(types) >= 13, types
    for name in types:
        for part in ("view.py", "nl.po", "__init__.py"):
            assert (PACKAGE / "exercises" / name / part).is_file(), (name, part)


def test_imports_only_go_down() -> None:
    upward = []
    for path in modules():
        own = layer(module_name(path))
        for line, target in kit_imports(path):
            if layer(target) > own:
                upward.append(f"{path.relative_to(PACKAGE)}:{line}: {target}")
    assert upward == []


def test_core_imports_nothing_above_it_and_no_widgets() -> None:
    problems = []
    for path in (PACKAGE / "core").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        problems += widget_imports(path)
        problems += [
            f"{path.relative_to(PACKAGE)}:{line}: {target}"
            for line, target in kit_imports(path)
            if not target.startswith("samenspraak.core")
        ]
    assert problems == []


def test_models_and_pure_shared_modules_import_no_widgets_or_views() -> None:
    problems = []
    for path in (PACKAGE / "exercises").rglob("*.py"):
        if not is_pure_exercise_module(path):
            continue
        problems += widget_imports(path)
        for line, target in kit_imports(path):
            parts = target.split(".")
            if (
                "view" in parts
                or (len(parts) > 3 and parts[2] == "_shared" and parts[3] in SHARED_VIEWS)
                or layer(target) > LAYERS["exercises"]
            ):
                problems.append(f"{path.relative_to(PACKAGE)}:{line}: {target}")
    assert problems == []


def test_render_imports_no_widgets() -> None:
    problems = []
    for path in (PACKAGE / "render").rglob("*.py"):
        problems += widget_imports(path)
        problems += [
            f"{path.relative_to(PACKAGE)}:{line}: {target}"
            for line, target in kit_imports(path)
            if ".view" in target or target.endswith(("._shared.base", "._shared.voting"))
        ]
    assert problems == []


def test_a_rule_breaker_is_found(tmp_path: Path) -> None:
    """Lazy imports count, and relative imports are resolved before the rules apply."""
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def draw():\n"
        "    import ipywidgets\n"
        "    from IPython.display import HTML\n"
        "    from ..app.participant import WorkshopPage\n"
    )
    found = [target for _line, target in imports(bad, "samenspraak.core.bad")]
    assert "ipywidgets" in found
    assert "IPython.display" in found
    assert "samenspraak.app.participant" in found
    assert layer("samenspraak.app.participant") > layer("samenspraak.core.bad")


@pytest.mark.parametrize("command", ["check", "report"])
def test_check_and_report_never_load_ipywidgets(command: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'layers.sqlite'}"
    store = Store(url)
    session = store.create_session("demo", min_group_size=1)
    participant = store.join(session.code, "ouder")
    store.save_answer(participant, "demo-open", {"text": "Eerst luisteren."})
    store.dispose()
    report = tmp_path / "verslag.html"
    argv = ["check"] if command == "check" else ["report", session.code, "-o", str(report)]
    script = (
        "import os, sys\n"
        f"os.environ['SAMENSPRAAK_DB'] = {url!r}\n"
        "from samenspraak.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "widgets = {'ipywidgets', 'anywidget'}\n"
        "print('widgets:', sorted(m for m in sys.modules if m.split('.')[0] in widgets))\n"
    )
    result = run_python("-c", script)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "widgets: []"
    if command == "report":
        assert "Eerst luisteren." in report.read_text(encoding="utf-8")
