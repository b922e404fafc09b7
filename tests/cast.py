"""
The cast the test modules share: sources and channels that two or more of
them use, each defined once here.

Test modules import it as ``cast`` (pytest puts ``tests/`` on ``sys.path``;
see ``pythonpath`` in pyproject.toml). A module that calls one of them by
another name imports it under that name.
"""

from __future__ import annotations

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
