"""Compile Voila's page templates once per server process, not once per page.

Why: Voila renders every page (and every preheated kernel of a pool) through a new
``NotebookRenderer``, which makes a new ``VoilaExporter``. nbconvert's ``TemplateExporter``
gives each exporter instance its own Jinja ``Environment`` (``_create_environment``), and an
environment's template cache lives and dies with it. So each page parsed and compiled
``index.html.j2`` and the dozen nbconvert/Voila templates it extends and includes all over
again: in a profile of the participant server under a join rush, 17.5% of its CPU went into
Jinja's lexer, parser, code generator and Python's ``compile``.

The fix: :func:`install` gives every environment nbconvert creates one process-wide
:class:`jinja2.BytecodeCache` kept in memory. Jinja asks a bytecode cache before it compiles a
template (``BaseLoader.load``), so a template is compiled once and the next exporter's
environment builds its ``Template`` from the cached code object, which is cheap. Measured on
Voila 0.5.13's "lab" page: 13 templates compiled per page before, none after the first page;
the template part of a page render went from about 70 ms to 8 ms of CPU.

Why not share one ``Environment`` instead: its filters are bound to the exporter that made it
(``markdown2html`` uses that exporter's contents manager, ``highlight_code`` the notebook's
language, and Voila registers those per render), so pages must keep their own environments.
Only the compiled code is shared; templates look up filters and globals in the environment
that renders them, so the output is the same as without the cache.

Safety:

- the cache key is the template's name and file, a checksum of its source (Jinja's own, so an
  edited template is compiled again) and everything else that changes the compiled code: the
  environment's settings (async or not, extensions, delimiters, autoescape, whitespace
  options) and what each filter and test is passed (``pass_context`` and the like);
- code in which Jinja folded a filter or test on constants at compile time (``{{ 'x' | f }}``
  runs the compiling environment's ``f``) is never shared; Voila's templates have none;
- it holds at most one code object per template and setting, a few hundred KB in all;
- :func:`install` is idempotent; :func:`uninstall` restores nbconvert (for tests).

Call :func:`install` once in a Voila server process before it serves (the participant and the
dashboard servers do). Kernels need nothing: they never render templates.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from jinja2 import BytecodeCache, Environment, nodes
from jinja2.bccache import Bucket

__all__ = ["TemplateCodeCache", "install", "installed", "shared_cache", "uninstall"]

_MARK = "_samenspraak_render_cache"


def _fingerprint(environment: Environment) -> str:
    """Everything besides the source that decides the code Jinja compiles a template to.

    The settings, and each filter's and test's name and what Jinja passes it (context,
    environment): a call to a ``pass_context`` filter compiles differently.
    """
    autoescape, finalize = environment.autoescape, environment.finalize
    return repr(
        (
            type(environment).__qualname__,
            environment.is_async,
            tuple(sorted(environment.extensions)),
            environment.block_start_string,
            environment.block_end_string,
            environment.variable_start_string,
            environment.variable_end_string,
            environment.comment_start_string,
            environment.comment_end_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.newline_sequence,
            environment.keep_trailing_newline,
            environment.optimized,
            autoescape if isinstance(autoescape, bool) else id(autoescape),
            None if finalize is None else id(finalize),
            environment.policies.get("compiler.ascii_str"),
            _passes(environment.filters),
            _passes(environment.tests),
        )
    )


def _passes(functions: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items())
    )


def _may_fold(template: nodes.Template, environment: Environment, name: str | None) -> bool:
    """Whether compiling may have run a filter or test on constants and kept the result.

    Jinja folds ``{{ 'x' | f }}`` into the code at compile time, with the compiling
    environment's ``f``. Another exporter's ``f`` may differ (filters are bound to their
    exporter), so such code is never shared. Voila's and nbconvert's templates have none.
    """
    context = nodes.EvalContext(environment, name)
    for node in template.find_all((nodes.Filter, nodes.Test)):
        if node.node is None:  # a {% filter %} block: never folded
            continue
        operands = [node.node, *node.args, *(kw.value for kw in node.kwargs)]
        operands += [n for n in (node.dyn_args, node.dyn_kwargs) if n is not None]
        if all(_constant(operand, context) for operand in operands):
            return True
    return False


def _constant(node: nodes.Expr, context: nodes.EvalContext) -> bool:
    try:
        node.as_const(context)
    except Exception:  # nodes.Impossible, or it fails: Jinja would not fold it either
        return False
    return True


class TemplateCodeCache(BytecodeCache):
    """Compiled templates in memory, shared by every environment of this process.

    Code objects are kept as they are (no marshalling, no files). On a miss this cache
    compiles the template itself, so it can tell whether the code may be shared
    (:func:`_may_fold`); the key holds the environment's :func:`_fingerprint`, so
    environments that compile differently never share code.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, Any]] = {}  # key: (source checksum, code)
        self._lock = threading.Lock()

    def get_bucket(
        self, environment: Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = f"{self.get_cache_key(name, filename)}|{_fingerprint(environment)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        if bucket.code is None:
            template = environment.parse(source, name, filename)
            bucket.code = environment.compile(template, name, filename)
            if not _may_fold(template, environment, name):
                with self._lock:  # an edited template replaces its old code
                    self._code[key] = (bucket.checksum, bucket.code)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            checksum, code = self._code.get(bucket.key, (None, None))
        bucket.code = code if checksum == bucket.checksum else None

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Nothing: :meth:`get_bucket` stores code, once it knows the code may be shared."""

    def clear(self) -> None:
        with self._lock:
            self._code.clear()

    def __len__(self) -> int:
        return len(self._code)


_CACHE = TemplateCodeCache()
_lock = threading.Lock()


def shared_cache() -> TemplateCodeCache:
    """The process-wide cache that :func:`install` hands to nbconvert's environments."""
    return _CACHE


def installed() -> bool:
    from nbconvert.exporters.templateexporter import TemplateExporter

    return getattr(TemplateExporter._create_environment, _MARK, False)


def install() -> None:
    """Make every nbconvert template exporter (Voila's included) use :func:`shared_cache`.

    Idempotent; call it before the server renders its first page.
    """
    from nbconvert.exporters.templateexporter import TemplateExporter

    with _lock:
        original: Callable[[TemplateExporter], Environment] = TemplateExporter._create_environment
        if getattr(original, _MARK, False):
            return

        def _create_environment(self: TemplateExporter) -> Environment:
            environment = original(self)
            if environment.bytecode_cache is None:
                environment.bytecode_cache = _CACHE
            return environment

        _create_environment.__doc__ = original.__doc__
        _create_environment.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(_create_environment, _MARK, True)
        TemplateExporter._create_environment = _create_environment  # type: ignore[method-assign]


def uninstall() -> None:
    """Undo :func:`install` and forget the compiled templates."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    with _lock:
        current = TemplateExporter._create_environment
        if getattr(current, _MARK, False):
            TemplateExporter._create_environment = current.__wrapped__  # type: ignore[attr-defined]
        _CACHE.clear()
