"""
Who can say something, and where and how it was said.
"""

from __future__ import annotations

import enum
import functools

from collections.abc import Iterator

import attrs

from provenance._identity import channel_text, source_text, text_id
from provenance._validators import (
    instance_of,
    non_empty,
    optional_non_empty,
    to_text,
)
from provenance.errors import DepthExceededError, InvalidValueError


__all__ = ["MAX_AFFILIATION_DEPTH", "Channel", "ChannelKind", "Source", "SourceKind"]

MAX_AFFILIATION_DEPTH = 100
"""
The longest chain of affiliations a `Source` may have.
"""


class SourceKind(enum.Enum):
    """
    What kind of speaker a `Source` is; the default trust of a source depends
    on it.
    """

    PERSON = "person"
    GOVERNMENT = "government"
    AGENCY = "agency"
    ORGANISATION = "organisation"
    MEDIA_OUTLET = "media_outlet"
    DOCUMENT = "document"
    ANONYMOUS_GROUP = "anonymous_group"
    UNNAMED_PERSON = "unnamed_person"
    OTHER = "other"


class ChannelKind(enum.Enum):
    """
    How something was said.
    """

    INTERVIEW = "interview"
    BRIEFING = "briefing"
    PRESS_RELEASE = "press_release"
    PRESS_CONFERENCE = "press_conference"
    STATE_MEDIA = "state_media"
    ARTICLE = "article"
    BROADCAST = "broadcast"
    TESTIMONY = "testimony"
    SPEECH = "speech"
    SOCIAL_POST = "social_post"
    DOCUMENT = "document"
    OTHER = "other"


def _check_affiliation(source: Source, _: object, value: Source | None) -> None:
    if value is None:
        return
    if type(value) is not Source:  # A subclass could forge its id.
        msg = "must be a Source or None"
        raise InvalidValueError(msg, "Source.affiliation", value)
    depth = 0
    node: Source | None = value
    while node is not None:
        depth += 1
        if depth > MAX_AFFILIATION_DEPTH:
            msg = "affiliation chain too deep"
            raise DepthExceededError(msg, "Source.affiliation", MAX_AFFILIATION_DEPTH)
        if node.name == source.name and node.kind is source.kind:
            msg = "a source cannot be its own affiliation"
            raise InvalidValueError(msg, "Source.affiliation", node.name)
        node = node.affiliation


@attrs.frozen(kw_only=True, cache_hash=True)
class Source:
    """
    Anyone who can say something or be talked about.

    Attributes:
        name: How the source is named ("Shin Wonsik", "officials").
        kind: What kind of source it is.
        role: Its role, if it matters ("national security adviser").
        affiliation: The source it acts on behalf of, or ``None``. Chains of
            any depth up to `MAX_AFFILIATION_DEPTH`; a source can never be its
            own affiliation (same name and kind), directly or further up.

    >>> seoul = Source(name="South Korea", kind=SourceKind.GOVERNMENT)
    >>> nis = Source(name="National Intelligence Service",
    ...     kind=SourceKind.AGENCY, affiliation=seoul)
    >>> nis.root == seoul, nis == attrs.evolve(nis)
    (True, True)
    """

    name: str = attrs.field(converter=to_text, validator=non_empty)
    kind: SourceKind = attrs.field(validator=instance_of(SourceKind))
    role: str | None = attrs.field(
        default=None, converter=to_text, validator=optional_non_empty
    )
    affiliation: Source | None = attrs.field(default=None, validator=_check_affiliation)

    @functools.cached_property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        return text_id(source_text(self))

    def affiliations(self) -> Iterator[Source]:
        """
        The affiliation chain, nearest first (not including this source).
        """
        node = self.affiliation
        while node is not None:
            yield node
            node = node.affiliation

    @functools.cached_property
    def root(self) -> Source:
        """
        The outermost affiliation, or this source if it has none.
        """
        node = self
        while node.affiliation is not None:
            node = node.affiliation
        return node

    def acts_for(self, other: Source) -> bool:
        """
        Whether *other* is this source or one of its affiliations.
        """
        return other == self or any(other == a for a in self.affiliations())

    def __str__(self) -> str:
        return self.name if self.role is None else f"{self.name} ({self.role})"


@attrs.frozen(kw_only=True, cache_hash=True)
class Channel:
    """
    Where and how something was said.

    Attributes:
        kind: The kind of channel.
        name: Its name ("SBS TV"), if known.
        audience: Who it was addressed to ("lawmakers"), if it matters.
        public: Whether anyone could hear it; a closed briefing is not public.
    """

    kind: ChannelKind = attrs.field(validator=instance_of(ChannelKind))
    name: str | None = attrs.field(
        default=None, converter=to_text, validator=optional_non_empty
    )
    audience: str | None = attrs.field(
        default=None, converter=to_text, validator=optional_non_empty
    )
    public: bool = attrs.field(default=True, validator=instance_of(bool))

    @functools.cached_property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        return text_id(channel_text(self))

    def __str__(self) -> str:
        text = self.kind.value.replace("_", " ")
        if self.name is not None:
            text = f"{self.name} {text}"
        if self.audience is not None:
            text = f"{text} to {self.audience}"
        return text if self.public else f"{text} (closed)"
