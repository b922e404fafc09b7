"""
Sphinx configuration for the provenance documentation.

Built by CI with ``sphinx-build -n -W --keep-going`` for both the ``html`` and
the ``doctest`` builders, so every warning (including every unresolved
cross-reference) fails the build.
"""

from __future__ import annotations

import doctest
import enum
import importlib
import inspect
import pkgutil
import re
import sys

from importlib.metadata import version as _version

import attrs

from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.nodes import make_refnode


_LOGGER = logging.getLogger(__name__)


project = "provenance"
author = "The provenance developers"
copyright = "2024, The provenance developers"
release = _version("provenance-ledger")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
]

# Intersphinx links to the Python, attrs and cattrs docs from inventories
# stored in docs/_inventories/, so the build needs no network. They are copies
# of those projects' own objects.inv files; docs/_inventories/README.md says
# where each came from and how to refresh it.
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", "_inventories/python.inv"),
    "attrs": ("https://www.attrs.org/en/stable", "_inventories/attrs.inv"),
    "cattrs": ("https://catt.rs/en/stable", "_inventories/cattrs.inv"),
}

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_inventories", "Thumbs.db", ".DS_Store"]

# `Name` in docstrings is a cross-reference, as in attrs and svcs, so that a
# renamed or removed name shows up as a broken link (a warning) in -n builds.
default_role = "py:obj"

# -- MyST --------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3

# -- autodoc and napoleon ----------------------------------------------------

autodoc_member_order = "bysource"
# Types go into the parameter descriptions, where they wrap, rather than into
# long signatures; the signature keeps names and defaults.
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
# Defaults as written (`policy=DEFAULT_POLICY`, not the policy's repr); see
# `_readable_defaults` below for attrs classes and private constants.
autodoc_preserve_defaults = True
autodoc_default_options = {"exclude-members": "__init__, __new__"}
autoclass_content = "class"

# Show `Source`, not `provenance.sources.Source`, in types that resolve.
python_use_unqualified_type_names = True

napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True

# -- nitpicky ----------------------------------------------------------------

nitpicky = True
# Hypothesis and prov (W3C PROV) have no stored inventory (see
# docs/_inventories/README.md); references to them render as code, without a
# link.
nitpick_ignore_regex = [
    (r"py:.*", r"(hypothesis|prov|dask)(\..*)?"),
    (r"py:.*", r"st\.(SearchStrategy|DrawFn)"),
]

# -- doctest -----------------------------------------------------------------

# Every code example in the docs is a doctest; these flags keep outputs
# readable without making them loose.
# Exception messages are checked too (Sphinx's default would ignore them).
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1
# Names every doctest may use. jsonschema comes with the docs group; the one
# example that needs it is skipped without it.
doctest_global_setup = """
try:
    import jsonschema
except ImportError:
    jsonschema = None
"""
# Examples written in docstrings are reference text, not tests.
doctest_test_doctest_blocks = ""

# -- HTML --------------------------------------------------------------------

html_theme = "furo"
html_title = f"provenance {release}"
html_static_path = ["_static"]


# -- Extensions local to this project ----------------------------------------


def _skip_napoleon_for_attributes(app: Sphinx) -> None:
    """
    Keep napoleon away from the docstrings of properties, data and
    attributes.

    Napoleon reads the first line of such a docstring as ``type: text``, so
    "The content id: SHA-256 of ..." would render with "The content id" as a
    type (and a broken cross-reference). Our docstrings never use that form:
    they start with a summary sentence. So the docstring is stashed before
    napoleon runs (priority 500) and put back after it.
    """
    stash: dict[tuple[str, int], list[str]] = {}
    kinds = {"property", "data", "attribute"}

    def before(
        _app: Sphinx,
        what: str,
        name: str,
        obj: object,
        _options: object,
        lines: list[str],
    ) -> None:
        if what in kinds:
            stash[name, id(obj)] = _defining_docstring(name, obj) or list(lines)

    def after(
        _app: Sphinx,
        what: str,
        name: str,
        obj: object,
        _options: object,
        lines: list[str],
    ) -> None:
        if what in kinds and (name, id(obj)) in stash:
            lines[:] = stash.pop((name, id(obj)))

    app.connect("autodoc-process-docstring", before, priority=400)
    app.connect("autodoc-process-docstring", after, priority=600)


def _defining_docstring(name: str, obj: object) -> list[str] | None:
    """
    The docstring of a constant re-exported by ``provenance``, as written
    beside its definition in a submodule.

    Autodoc looks for a constant's docstring in the module it is documented
    under (``provenance``) and, finding none, shows the docstring of the
    value's *type* (``CT_PLUS`` would read as the docstring of `Stance`).
    """
    package, _, short = name.rpartition(".")
    if package != "provenance":
        return None
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("provenance.") or module is None:
            continue
        if getattr(module, short, _MISSING) is not obj:
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        if ("", short) in docs:
            return list(docs["", short])
    return None


_MISSING = object()


def _resolve_reexports(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """
    Resolve a Python reference that names a documented object another way.

    The API is documented where users import it (``provenance.Source``), but
    docstrings and type hints name objects where they are defined
    (``provenance.serialize.loads``) or by their bare name inside their module
    (``MAX_AFFILIATION_DEPTH``). Such a reference resolves to the one
    documented entry that is the *same object*, or to the one documented name
    it is the last part of. Anything else stays unresolved, and -n reports it.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    objects = env.domains["py"].objects
    if target.startswith("provenance."):
        value = _import(target)
        if value is _MISSING or isinstance(value, (int, float, str, type(None))):
            # Equal small numbers and strings are often the same object.
            return None
        matches = [n for n in objects if n != target and _import(n) is value]
    else:
        matches = [n for n in objects if n.endswith(f".{target}")]
    if len(matches) != 1:
        # A name documented under ``provenance`` and at its definition is one
        # object; prefer the entry users import.
        top = [n for n in matches if n.count(".") == target.count(".") + 1]
        if len(top) != 1 or not top[0].startswith("provenance."):
            return None
        matches = top
    entry = objects[matches[0]]
    return make_refnode(
        app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, matches[0]
    )


def _import(dotted: str) -> object:
    """
    The object *dotted* names, or ``_MISSING``.
    """
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            value = getattr(value, attribute, _MISSING)
            if value is _MISSING:
                return _MISSING
        return value
    return _MISSING


def _readable_defaults(
    _app: Sphinx,
    what: str,
    _name: str,
    obj: object,
    _options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """
    Write defaults that ``autodoc_preserve_defaults`` cannot show as code.

    attrs generates ``__init__`` with defaults such as
    ``attr_dict['role'].default``, and a function's default may be a private
    constant (``_PRIOR_WEIGHT``); both are replaced by the value they stand
    for. A default made by a factory reads ``...``.
    """
    if signature is None:
        return None
    if what in {"class", "exception"} and isinstance(obj, type) and attrs.has(obj):
        fields = attrs.fields_dict(obj)

        def field_default(match: re.Match[str]) -> str:
            default = fields[match.group(1)].default
            # attrs.Factory is typed as a function, but it is a class.
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                return "..."
            return _code(default)

        signature = re.sub(r"attr_dict\['(\w+)'\]\.default", field_default, signature)
        signature = signature.replace("=NOTHING", "=...")
    else:
        # Autodoc only asks for the signatures of callables here.
        names = getattr(inspect.unwrap(obj), "__globals__", {})  # type: ignore[arg-type]

        def constant(match: re.Match[str]) -> str:
            name = match.group(1)
            return _code(names[name]) if name in names else name

        signature = re.sub(r"(?<==)(_[A-Z][A-Z0-9_]*)\b", constant, signature)
    return signature, return_annotation


def _code(value: object) -> str:
    """
    *value* as it would be written in code: enum members by name.
    """
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    return repr(value)


def _public_modules() -> list[str]:
    """
    ``provenance`` and every module under it without an underscore in its
    name (``__main__`` runs the command; it exports nothing).
    """
    package = importlib.import_module("provenance")
    found = [
        info.name
        for info in pkgutil.walk_packages(package.__path__, "provenance.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return sorted(["provenance", *found])


def _check_api_page(_app: Sphinx, env: BuildEnvironment) -> None:
    """
    Warn about every name in a public module's ``__all__`` that the API page
    does not document, so that -W fails the build: a name is public only if
    it is in ``__all__`` and in ``docs/api.md``.

    A name counts as documented under its module, or as the same object
    documented under ``provenance``.
    """
    objects = env.domains["py"].objects
    package = importlib.import_module("provenance")
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            if f"{module_name}.{name}" in objects:
                continue
            value = getattr(module, name)
            if (
                f"provenance.{name}" in objects
                and getattr(package, name, None) is value
            ):
                continue
            _LOGGER.warning(
                "%s.%s is in __all__ but not documented in api.md",
                module_name,
                name,
                location="api",
            )


def setup(app: Sphinx) -> None:
    _skip_napoleon_for_attributes(app)
    app.connect("autodoc-process-signature", _readable_defaults)
    app.connect("env-check-consistency", _check_api_page)
    app.connect("missing-reference", _resolve_reexports)
