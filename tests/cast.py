"""
The cast the test modules share: sources and channels that two or more of
them use, each defined once here, and the one helper they share.

Test modules import it as ``cast`` (pytest puts ``tests/`` on ``sys.path``;
see ``pythonpath`` in pyproject.toml). A module that calls one of them by
another name imports it under that name.
"""

from __future__ import annotations

import importlib.util

from pathlib import Path
from typing import Any

from provenance import Channel, ChannelKind, Source, SourceKind


SEOUL = Source(name="South Korea", kind=SourceKind.GOVERNMENT)
PYONGYANG = Source(name="North Korea", kind=SourceKind.GOVERNMENT)
MOSCOW = Source(name="Russia", kind=SourceKind.GOVERNMENT)
NIS = Source(name="NIS", kind=SourceKind.AGENCY, affiliation=SEOUL)
INTELLIGENCE_SERVICE = Source(
    name="National Intelligence Service", kind=SourceKind.AGENCY, affiliation=SEOUL
)
LAWMAKERS = Source(name="lawmakers", kind=SourceKind.ANONYMOUS_GROUP)
YONHAP = Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET)
PAPER = Source(name="The Daily", kind=SourceKind.MEDIA_OUTLET)
BRIEFING = Channel(kind=ChannelKind.BRIEFING, audience="lawmakers", public=False)


def fuzz_module(name: str) -> Any:
    """
    The fuzz target ``fuzz/NAME.py``, imported as a module (fuzz/ is not a
    package).
    """
    path = Path(__file__).parents[1] / "fuzz" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
