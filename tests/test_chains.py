"""
The chain builder the JSON loader and the PROV reader share.
"""

from __future__ import annotations

import pytest

from provenance._chains import build_chain
from provenance.errors import DepthExceededError, ReferenceCycleError


def path(key: int) -> str:
    return f"$.k[{key}]"


class TestBuildChain:
    def test_builds_innermost_first(self) -> None:
        """
        Each key is built after the one it links to, and the value of the
        start is returned.
        """
        links = {3: 2, 2: 1, 1: None}
        order: list[int] = []

        def build(key: int) -> str:
            order.append(key)
            inner = links[key]
            return f"{key}({'' if inner is None else built[inner]})"

        built: dict[int, str] = {}
        value = build_chain(3, built, links.__getitem__, build, path=path, cycle="c")

        assert [1, 2, 3] == order
        assert "3(2(1()))" == value
        assert {1: "1()", 2: "2(1())", 3: "3(2(1()))"} == built

    def test_stops_at_built(self) -> None:
        """
        A key already built is neither walked past nor built again.
        """
        built = {1: "one"}
        order: list[int] = []

        def build(key: int) -> str:
            order.append(key)
            return str(key)

        build_chain(3, built, {3: 2, 2: 1}.get, build, path=path, cycle="c")

        assert [2, 3] == order

    def test_stops_where_done(self) -> None:
        """
        A key *done* says need not be built ends the walk.
        """
        built: dict[int, int] = {}

        build_chain(
            3,
            built,
            lambda key: key - 1,
            int,
            path=path,
            cycle="c",
            done=lambda k: k < 2,
        )

        assert {2: 2, 3: 3} == built

    def test_cycle(self) -> None:
        """
        A chain that comes back to a key raises, naming the key met twice and
        the ring from it.
        """
        links = {1: 2, 2: 3, 3: 4, 4: 2}

        with pytest.raises(ReferenceCycleError) as info:
            build_chain(1, {}, links.__getitem__, str, path=path, cycle="loop")

        assert "loop" == info.value.msg
        assert "$.k[2]" == info.value.path
        assert ("2", "3", "4") == info.value.cycle

    def test_long_cycle(self) -> None:
        """
        A long chain is walked without recursion, and its cycle found.
        """
        n = 200_000

        with pytest.raises(ReferenceCycleError) as info:
            build_chain(0, {}, lambda key: (key + 1) % n, str, path=path, cycle="loop")

        assert n == len(info.value.cycle)

    def test_limit(self) -> None:
        """
        More than *limit* links raise at the start, before anything is built;
        exactly *limit* links are built.
        """
        built: dict[int, int] = {}

        def link(key: int) -> int | None:
            return key - 1 if key > 0 else None

        with pytest.raises(DepthExceededError) as info:
            build_chain(
                4, built, link, int, path=path, cycle="c", limit=3, too_deep="deep"
            )

        assert ("deep", "$.k[4]", 3) == (
            info.value.msg,
            info.value.path,
            info.value.limit,
        )
        assert {} == built
        assert 3 == build_chain(
            3, built, link, int, path=path, cycle="c", limit=3, too_deep="deep"
        )
