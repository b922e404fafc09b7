"""
"According to" commits as it does whoever it names: the words after it
name the source whose word the statement is, never a hearer or a hedge.
"""

from __future__ import annotations

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import UnknownVerbError
from provenance.stances import Stance


NAMED = [
    "Reuters",
    "the Herald",
    "officials",
    "people familiar with the matter",
    "a senior official",
    "documents seen by Reuters",
    "two U.S. officials",
    "South Korea's spy agency",
    "a Reuters/Ipsos poll",
    "a person who asked not to be named",
    "two sources who asked not to be identified",
    "a source who spoke on condition of anonymity",
    "an official who was not authorized to speak publicly",
]


@pytest.mark.parametrize("name", NAMED)
def test_whoever_it_names(name: str) -> None:
    stance = Stance.from_verb(f"according to {name}")

    assert (stance.value, stance.hearsay, stance.retraction) == ("CT+", False, False)
    assert stance.act == f"according to {name}"


@pytest.mark.parametrize(
    "text",
    [
        "according to no one",
        "according to neither side",
        "not according to Reuters",
        "according to nobody",
        "according to hardly anyone",
        "according to officials who denied it",
        "according to officials who declined to comment",
        "according to Reuters if true",
        "according to whom",
        "according to a report later denied",
        "according to a source unable to confirm",
        "according to a paper that retracted it",
    ],
)
def test_more_than_a_name_stays_unknown(text: str) -> None:
    """
    A negation, a clause, a question or words that commit otherwise after
    "according to" make it more than an attribution: unknown.
    """
    with pytest.raises(UnknownVerbError):
        Stance.from_verb(text)


@given(st.lists(st.sampled_from(NAMED), min_size=1, max_size=2))
def test_sources_joined_read_as_the_bare_phrase(names: list[str]) -> None:
    """
    "According to" and one or two sources joined by "and", in up to eight
    words, reads as the bare phrase.
    """
    text = "according to " + " and ".join(names)
    if len(text.split()) > 10:
        return
    stance = Stance.from_verb(text)

    assert stance.value == Stance.from_verb("according to").value
    assert not stance.hearsay
