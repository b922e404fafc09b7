"""
The package's public surface: names, docstrings, modules.
"""

from __future__ import annotations

import importlib
import pkgutil
import types

import pytest

import provenance


MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(provenance.__path__, "provenance.")
    if not info.name.rpartition(".")[2].startswith("_")
)


def test_every_public_name_documented() -> None:
    """
    Every name the package exports exists and has a docstring.
    """
    for name in provenance.__all__:
        value = getattr(provenance, name)
        if isinstance(value, (type, types.FunctionType)):
            assert (value.__doc__ or "").strip(), name


@pytest.mark.parametrize("name", MODULES)
def test_no_module_shadowed(name: str) -> None:
    """
    Each public module is what its dotted name reaches as an attribute too:
    no exported function or class hides a module of the same name (as
    ``provenance.assess`` the function once hid its module).
    """
    if name == "provenance.interop.prov":
        pytest.importorskip("prov")
    module = importlib.import_module(name)
    parent, _, child = name.rpartition(".")

    assert getattr(importlib.import_module(parent), child) is module


def test_the_version_is_the_packages() -> None:
    from importlib import metadata

    import provenance

    try:
        installed = metadata.version("provenance-ledger")
    except metadata.PackageNotFoundError:  # Run from a source tree.
        pytest.skip("the package is not installed")
    assert provenance.__version__ == installed
