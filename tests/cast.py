"""
The cast the test modules share: sources and channels that two or more of
them use, each defined once here, and the helpers they share.

Test modules import it as ``cast`` (pytest puts ``tests/`` on ``sys.path``;
see ``pythonpath`` in pyproject.toml). A module that calls one of them by
another name imports it under that name.
"""

from __future__ import annotations

import importlib.util

from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from provenance import (
    Channel,
    ChannelKind,
    Ledger,
    Report,
    Source,
    SourceKind,
    Statement,
)
from provenance.errors import UnknownVerbError
from provenance.stances import Polarity, Stance


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


#: A scenario's lines: each statement with the relays it came through,
#: innermost first.
Found = list[tuple[Statement, tuple[Source, ...]]]


def ledger_of(found: Found) -> Ledger:
    """
    The ledger of a scenario: each statement reported by its relays in turn,
    on the statement's day.
    """
    records: list[Statement | Report] = []
    for statement, relays in found:
        record: Statement | Report = statement
        for relay in relays:
            record = Report(reporter=relay, content=record, made_on=statement.made_on)
        records.append(record)
    return Ledger.of(records)


def side_of(statement: Statement) -> int:
    """
    1 for a statement asserting, -1 for one denying, 0 otherwise.
    """
    polarity = statement.stance.polarity
    return {Polarity.POSITIVE: 1, Polarity.NEGATIVE: -1}.get(polarity, 0)


def conduit_groups(found: Found) -> dict[Source, set[Source]]:
    """
    Each conduit with the groups (roots) heard through it. A line's conduit
    is the innermost of its relays (the relaying source of hearsay counts as
    the innermost) that all the statement's routes pass.
    """
    routes: dict[Statement, list[tuple[Source, ...]]] = {}
    for statement, relays in found:
        routes.setdefault(statement, []).append(relays)
    groups: dict[Source, set[Source]] = {}
    for statement, ways in routes.items():
        passed = [r for r in ways[0] if all(r in way for way in ways)]
        if statement.stance.hearsay:
            passed.insert(0, statement.source)
        if passed:
            groups.setdefault(passed[0], set()).add(_root(statement))
    return groups


def _root(statement: Statement) -> Source:
    return statement.source.affiliation or statement.source


def in_shared_conduits(found: Found) -> set[Source]:
    """
    The groups (roots) with lines through a conduit that carries another
    group's too.
    """
    return {
        root
        for roots in conduit_groups(found).values()
        if len(roots) > 1
        for root in roots
    }


def in_two_conduits(found: Found) -> bool:
    """
    Whether a group has lines through two shared conduits (`conduit_groups`
    carrying two or more groups): it
    joins neither, the one change of structure the conduit laws leave out.
    """
    groups = conduit_groups(found)
    shared = {conduit for conduit, roots in groups.items() if len(roots) > 1}
    return any(
        len({conduit for conduit in shared if root in groups[conduit]}) > 1
        for roots in groups.values()
        for root in roots
    )


def _garbled(word: str, i: int, how: int) -> str:
    i %= len(word)
    if how == 0:
        return word[:i] + word[i + 1 :]
    if how == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1 : i + 2] + word[i : i + 1] + word[i + 2 :]


def garbled_phrases(words: list[str], max_size: int) -> st.SearchStrategy[str]:
    """
    Phrases of up to `max_size` of `words`, some with a slip (a letter
    dropped, doubled or swapped with the next), as a hurried typist writes.
    """
    return (
        st.lists(
            st.one_of(
                st.sampled_from(words),
                st.builds(
                    _garbled,
                    st.sampled_from(words),
                    st.integers(0, 20),
                    st.integers(0, 2),
                ),
            ),
            min_size=1,
            max_size=max_size,
        )
        .map(" ".join)
        .filter(lambda text: text.strip() != "")
    )


def reading(verb: str) -> tuple[str, bool, bool]:
    """
    What the default lexicon reads *verb* as: its value, whether it is
    hearsay, whether it is a retraction.
    """
    found = Stance.from_verb(verb)
    return found.value, found.hearsay, found.retraction


def refused(verb: str) -> bool:
    """
    Whether the default lexicon refuses *verb* as unknown.
    """
    try:
        Stance.from_verb(verb)
    except UnknownVerbError:
        return True
    return False
