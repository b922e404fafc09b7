from __future__ import annotations

import math

from typing import Any

import attrs
import pytest

from hypothesis import given

from provenance._validators import finite, number, to_float, unit_interval
from provenance.errors import DepthExceededError, InvalidValueError
from provenance.sources import (
    MAX_AFFILIATION_DEPTH,
    Channel,
    ChannelKind,
    Source,
    SourceKind,
)
from provenance.testing import channels, sources

from cast import NIS, SEOUL


SHIN = Source(
    name="Shin Wonsik",
    kind=SourceKind.PERSON,
    role="national security adviser",
    affiliation=NIS,
)


def chain(length: int) -> Source:
    """
    A source with *length* affiliations above it.
    """
    source = Source(name="office 0", kind=SourceKind.AGENCY)
    for i in range(1, length + 1):
        source = Source(name=f"office {i}", kind=SourceKind.AGENCY, affiliation=source)
    return source


class TestSource:
    def test_valid(self) -> None:
        """
        A source keeps its fields.
        """
        assert ("Shin Wonsik", SourceKind.PERSON, NIS) == (
            SHIN.name,
            SHIN.kind,
            SHIN.affiliation,
        )
        assert "national security adviser" == SHIN.role

    def test_affiliations_nearest_first(self) -> None:
        """
        affiliations() walks up the chain, nearest first.
        """
        assert [NIS, SEOUL] == list(SHIN.affiliations())
        assert [] == list(SEOUL.affiliations())

    def test_root(self) -> None:
        """
        The root is the outermost affiliation, or the source itself.
        """
        assert SEOUL == SHIN.root
        assert SEOUL == SEOUL.root

    def test_acts_for(self) -> None:
        """
        A source acts for itself and its affiliations, not for others.
        """
        assert SHIN.acts_for(SHIN)
        assert SHIN.acts_for(SEOUL)
        assert not SEOUL.acts_for(SHIN)

    def test_str(self) -> None:
        """
        str() shows the role when there is one.
        """
        assert "Shin Wonsik (national security adviser)" == str(SHIN)
        assert "NIS" == str(NIS)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("name", ""),
            ("name", "   "),
            ("name", 3),
            ("name", None),
            ("name", "\ud800"),
            ("kind", "person"),
            ("kind", ChannelKind.ARTICLE),
            ("role", ""),
            ("role", 1),
            ("affiliation", "NIS"),
            ("affiliation", Channel(kind=ChannelKind.ARTICLE)),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Every field rejects wrong types and empty text, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(SHIN, **{field: value})

        assert f"Source.{field}" == info.value.path

    def test_own_affiliation_directly(self) -> None:
        """
        A source cannot be its own affiliation.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(SEOUL, affiliation=SEOUL)

        assert "Source.affiliation" == info.value.path

    def test_own_affiliation_further_up(self) -> None:
        """
        A source cannot be its own affiliation further up the chain.
        """
        with pytest.raises(InvalidValueError) as info:
            Source(name="South Korea", kind=SourceKind.GOVERNMENT, affiliation=SHIN)

        assert "Source.affiliation" == info.value.path

    def test_same_name_other_kind(self) -> None:
        """
        A source may act for a namesake of another kind.
        """
        paper = Source(name="Times", kind=SourceKind.DOCUMENT)
        outlet = Source(name="Times", kind=SourceKind.MEDIA_OUTLET, affiliation=paper)

        assert paper == outlet.affiliation

    def test_deepest_chain(self) -> None:
        """
        A chain of exactly MAX_AFFILIATION_DEPTH affiliations is allowed.
        """
        source = chain(MAX_AFFILIATION_DEPTH)

        assert MAX_AFFILIATION_DEPTH == len(list(source.affiliations()))

    def test_too_deep(self) -> None:
        """
        One affiliation more than MAX_AFFILIATION_DEPTH is refused.
        """
        with pytest.raises(DepthExceededError) as info:
            Source(
                name="top",
                kind=SourceKind.AGENCY,
                affiliation=chain(MAX_AFFILIATION_DEPTH),
            )

        assert "Source.affiliation" == info.value.path
        assert MAX_AFFILIATION_DEPTH == info.value.limit

    def test_golden_id(self) -> None:
        """
        A source's id is the same in every process.
        """
        assert (
            "9f3cceac83923a4f9a3e535519a75be1cee4d7741f35fd37fbae270f4a9c7a7f"
            == SEOUL.id
        )

    def test_id_depends_on_affiliation(self) -> None:
        """
        Changing an affiliation changes the id.
        """
        other = attrs.evolve(NIS, affiliation=None)

        assert NIS.id != other.id
        assert NIS.id == attrs.evolve(NIS).id

    @given(sources())
    def test_equal_values_equal_ids(self, source: Source) -> None:
        """
        Equal sources have equal ids and hashes.
        """
        copy = attrs.evolve(source)

        assert source == copy
        assert (source.id, hash(source)) == (copy.id, hash(copy))


@attrs.frozen
class _Checked:
    unit: float = attrs.field(converter=to_float, validator=unit_interval)
    number: float = attrs.field(default=0.0, converter=to_float, validator=number)
    finite: float = attrs.field(default=0.0, converter=to_float, validator=finite)


class TestValidators:
    def test_numbers_become_floats(self) -> None:
        """
        to_float turns ints into floats and passes valid values through.
        """
        checked = _Checked(1, 2, 3)

        assert (1.0, 2.0, 3.0) == (checked.unit, checked.number, checked.finite)
        assert float is type(checked.unit)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("unit", 1.5),
            ("unit", -0.1),
            ("unit", math.nan),
            ("unit", True),
            ("unit", "0.5"),
            ("number", "1"),
            ("number", None),
            ("number", False),
            ("finite", math.inf),
            ("finite", math.nan),
            ("finite", "1"),
            ("finite", None),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Numeric validators reject wrong values with the field's path.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(_Checked(0.5), **{field: value})

        assert f"_Checked.{field}" == info.value.path


class TestChannel:
    def test_defaults(self) -> None:
        """
        A channel is public by default, with no name or audience.
        """
        channel = Channel(kind=ChannelKind.INTERVIEW)

        assert (None, None, True) == (channel.name, channel.audience, channel.public)

    def test_str(self) -> None:
        """
        str() reads like prose.
        """
        closed = Channel(
            kind=ChannelKind.BRIEFING, name="NIS", audience="lawmakers", public=False
        )

        assert "NIS briefing to lawmakers (closed)" == str(closed)
        assert "press release" == str(Channel(kind=ChannelKind.PRESS_RELEASE))

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("kind", "interview"),
            ("kind", SourceKind.PERSON),
            ("name", ""),
            ("name", 5),
            ("audience", " "),
            ("public", 1),
            ("public", "yes"),
            ("public", None),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Every field rejects wrong values, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(Channel(kind=ChannelKind.INTERVIEW), **{field: value})

        assert f"Channel.{field}" == info.value.path

    @given(channels())
    def test_id_tracks_content(self, channel: Channel) -> None:
        """
        Equal channels have equal ids; flipping public changes the id.
        """
        flipped = attrs.evolve(channel, public=not channel.public)

        assert channel.id == attrs.evolve(channel).id
        assert channel.id != flipped.id
