"""
Building a chain of values, each of which refers to the next (a source to its
affiliation, a report to what it relays), innermost first.

The JSON loader and the PROV reader share it. It walks without recursion, as
chains may be deeper than Python's recursion limit, and finds a cycle in time
linear in the chain's length.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, MutableMapping
from typing import TypeVar

from provenance.errors import DepthExceededError, ReferenceCycleError


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def build_chain(
    start: K,
    built: MutableMapping[K, V],
    link: Callable[[K], K | None],
    build: Callable[[K], V],
    *,
    path: Callable[[K], str],
    cycle: str,
    done: Callable[[K], bool] | None = None,
    limit: int | None = None,
    too_deep: str = "",
) -> V:
    """
    The value of *start*, built after the values it refers to.

    Follows *link* from *start* until it gives ``None`` or a key that is
    *done* (by default: a key of *built*), then builds each key met, the last
    one first, and stores it in *built*. *link* raises if a reference is
    dangling; *build* finds what it refers to in *built*.

    Raises:
        ReferenceCycleError: The chain comes back to a key; *cycle* is the
            message, and the path that of the key met twice.
        DepthExceededError: More than *limit* links were followed; *too_deep*
            is the message, and the path that of *start*.
    """
    stop = built.__contains__ if done is None else done
    chain: list[K] = []
    on_chain: set[K] = set()
    node: K | None = start
    while node is not None and not stop(node):
        if node in on_chain:
            # Only on the way to the error: the cycle, from the key met twice.
            ring = chain[chain.index(node) :]
            raise ReferenceCycleError(cycle, path(node), tuple(map(str, ring)))
        chain.append(node)
        on_chain.add(node)
        node = link(node)
        if node is not None and limit is not None and len(chain) > limit:
            raise DepthExceededError(too_deep, path(start), limit)
    for key in reversed(chain):
        built[key] = build(key)
    return built[start]
