"""Voila's page templates are compiled once per server process, and pages come out the same."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import jinja2
import nbformat
import pytest
from voila.exporter import VoilaExporter
from voila.paths import collect_template_paths

from samenspraak import render_cache

NOTEBOOK = Path(__file__).resolve().parents[1] / "workshops" / "demo.ipynb"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles, in order."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return original(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


@pytest.fixture
def cache() -> Iterator[render_cache.TemplateCodeCache]:
    render_cache.uninstall()
    render_cache.install()
    yield render_cache.shared_cache()
    render_cache.uninstall()


def render_page() -> str:
    """What one page request does: a new exporter (as NotebookRenderer makes), then the page."""
    exporter = VoilaExporter(
        template_paths=collect_template_paths(["voila", "nbconvert"], "lab"),
        template_name="lab",
        base_url="/",
        theme="light",
    )
    exporter.exclude_input = True
    notebook = nbformat.read(NOTEBOOK, as_version=4)

    async def cells(nb, _kernel_id):
        for cell in nb.cells:
            yield cell

    context = {
        "frontend": "voila",
        "main_js": "voila.js",
        "kernel_start": lambda _nb: "kernel-id",
        "notebook_execute": lambda nb, _kernel_id: nb,
        "progressive_rendering": False,
        "cell_generator": cells,
    }

    async def collect() -> str:
        parts = []
        async for html, _resources in exporter.generate_from_notebook_node(
            notebook,
            resources={"base_url": "/", "theme": "light", "template": "lab"},
            extra_context=context,
            page_config={},
        ):
            parts.append(html)
        return "".join(parts)

    return asyncio.run(collect())


def test_without_the_cache_every_page_compiles_its_templates_again(compiles: list[str]):
    render_cache.uninstall()
    render_page()
    first = len(compiles)
    render_page()
    assert first > 0
    assert len(compiles) == 2 * first


def test_the_second_page_compiles_no_template_and_is_the_same_page(
    compiles: list[str], cache: render_cache.TemplateCodeCache
):
    first = render_page()
    assert "index.html.j2" in compiles
    assert len(cache) == len(compiles)
    compiles.clear()
    assert render_page() == first
    assert compiles == []


def test_pages_are_the_same_with_and_without_the_cache(compiles: list[str]):
    render_cache.uninstall()
    plain = render_page()
    render_cache.install()
    try:
        assert render_page() == plain  # compiled and stored
        assert render_page() == plain  # from the cache
    finally:
        render_cache.uninstall()


def test_install_is_idempotent_and_uninstall_restores_nbconvert():
    from nbconvert.exporters.templateexporter import TemplateExporter

    render_cache.uninstall()
    original = TemplateExporter._create_environment
    render_cache.install()
    wrapped = TemplateExporter._create_environment
    render_cache.install()
    assert TemplateExporter._create_environment is wrapped is not original
    assert render_cache.installed()
    render_cache.uninstall()
    assert TemplateExporter._create_environment is original
    assert not render_cache.installed()


def environment(templates: dict[str, str], cache: jinja2.BytecodeCache, **settings):
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates), bytecode_cache=cache, autoescape=True, **settings
    )


def test_an_edited_template_is_compiled_again(compiles: list[str]):
    shared = render_cache.TemplateCodeCache()
    one = environment({"t": "a {{ x }}"}, shared)
    assert one.get_template("t").render(x=1) == "a 1"
    two = environment({"t": "a {{ x }}"}, shared)
    assert two.get_template("t").render(x=2) == "a 2"
    assert compiles == ["t"]
    edited = environment({"t": "b {{ x }}"}, shared)
    assert edited.get_template("t").render(x=3) == "b 3"
    assert compiles == ["t", "t"]
    assert len(shared) == 1  # the old code is dropped


def test_environments_that_compile_differently_never_share_code(compiles: list[str]):
    shared = render_cache.TemplateCodeCache()
    templates = {"t": "{% for i in xs %}{% if i > 1 %}{% break %}{% endif %}{{ i }}{% endfor %}"}
    plain = environment(templates, shared, extensions=["jinja2.ext.loopcontrols"])
    asynchronous = environment(
        templates, shared, extensions=["jinja2.ext.loopcontrols"], enable_async=True
    )
    assert plain.get_template("t").render(xs=[0, 1, 2]) == "01"
    assert asyncio.run(asynchronous.get_template("t").render_async(xs=[0, 1, 2])) == "01"
    assert compiles == ["t", "t"]


def shout_pages(template: str) -> list[str]:
    """One page per exporter, each with its own ``shout`` filter (as Voila's are per page)."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    pages = []
    for shout in (str.upper, str.lower):
        exporter = TemplateExporter(raw_template=template, filters={"shout": shout})
        assert exporter.environment.bytecode_cache is render_cache.shared_cache()
        pages.append(exporter.template.render(name="Hallo"))
    return pages


def test_shared_code_uses_the_filters_of_the_page_it_renders(
    compiles: list[str], cache: render_cache.TemplateCodeCache
):
    assert shout_pages("{{ name | shout }}") == ["HALLO", "hallo"]
    assert len(compiles) == 1


def test_code_with_a_filter_result_folded_in_is_never_shared(
    compiles: list[str], cache: render_cache.TemplateCodeCache
):
    """Jinja runs ``'Hallo' | shout`` while compiling: that code holds the first page's result."""
    assert shout_pages("{{ 'Hallo' | shout }}") == ["HALLO", "hallo"]
    assert len(compiles) == 2
    assert len(cache) == 0
