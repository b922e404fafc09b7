"""
Findings of the sixth round of reviews, each a class of input the earlier
tests did not reach.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from pathlib import Path

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import (
    Claim,
    Ledger,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess_all,
)
from provenance.interop.stix import to_stix
from provenance.relations import Entails, Exclusive
from provenance.store import Store
from provenance.testing import ledgers


RESIGN = Claim(text="The minister will resign", key="resign")


def _after_drawn() -> dt.datetime:
    # A store refuses a record made after the day it is recorded: record
    # them after every day the generated ledgers (provenance.testing) have.
    return dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(
    "source",
    [
        Source(name="a senior official", kind=SourceKind.UNNAMED_PERSON),
        Source(name="Vland", kind=SourceKind.GOVERNMENT),
    ],
    ids=["unnamed", "government"],
)
def test_a_source_s_identity_carries_the_letter_its_ratings_read(
    source: Source,
) -> None:
    """
    An unnamed person's default trust is no grade: the claim's rating
    reads F (cannot be judged), and so does the source's STIX identity,
    never a bundle tagging the assessment "f" beside an ungraded identity.
    """
    said = Statement(
        source=source,
        claim=RESIGN,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2025, 1, 1),
        credibility=2,
    )
    ledger = Ledger.of([said])
    found = assess_all(ledger)
    bundle = to_stix(ledger, found)

    (identity,) = (
        o
        for o in bundle["objects"]
        if o["type"] == "identity" and o["name"] == source.name
    )
    letter = found["resign"].rating[0].lower()  # type: ignore[index]
    assert [f'admiralty-scale:source-reliability="{letter}"'] == identity["labels"]


DAY = dt.date(2024, 1, 1)
AGENCIES = [Source(name=f"Agency {n}", kind=SourceKind.AGENCY) for n in range(3)]
CAUSES = [Claim(text=f"cause {n} sank the ship", key=f"cause-{n}") for n in range(3)]
SPECIFICS = [
    Claim(text=f"a variant of cause {n} sank it", key=f"v-{n}") for n in range(3)
]
VERBS = ["said", "confirmed", "suggested", "denied"]


@st.composite
def set_reports(draw: st.DrawFn) -> list[tuple[int, int, str, int]]:
    """
    Statements on an exclusive set of three causes: (agency, cause, verb,
    day), each agency speaking of each cause at most once a day.
    """
    return draw(
        st.lists(
            st.tuples(
                st.integers(0, 2),
                st.integers(0, 2),
                st.sampled_from(VERBS),
                st.integers(0, 60),
            ),
            min_size=1,
            max_size=6,
            unique_by=lambda t: (t[0], t[3]),
        )
    )


def _set_ledger(said: list[tuple[int, int, str, int]], through: set[int]) -> Ledger:
    """
    The statements, the assertions of the causes in *through* filed under a
    claim that entails the cause (and nothing else); denials of the cause
    itself, since a denial of a specific claim says nothing of its general.
    """
    statements = [
        Statement(
            source=AGENCIES[agency],
            claim=SPECIFICS[cause]
            if cause in through and verb != "denied"
            else CAUSES[cause],
            stance=Stance.from_verb(verb),
            made_on=DAY + dt.timedelta(days=day),
        )
        for agency, cause, verb, day in said
    ]
    relations: list[Entails | Exclusive] = [Exclusive(key="causes", claims=CAUSES)]
    relations += [Entails(specific=SPECIFICS[n], general=CAUSES[n]) for n in through]
    return Ledger.of([*statements, *relations])


@given(set_reports(), st.sets(st.integers(0, 2)))
def test_an_assertion_through_a_specific_claim_is_an_assertion_of_the_hypothesis(
    said: list[tuple[int, int, str, int]], through: set[int]
) -> None:
    """
    Said of a claim that entails a hypothesis (and nothing more), a line
    governs, is governed by, and conflicts with the words on its rivals as
    it does said of the hypothesis itself: the set reads the same.
    """
    direct = assess_all(_set_ledger(said, set()))
    filed = assess_all(_set_ledger(said, through))

    for cause in CAUSES:
        assert filed[cause].probability == pytest.approx(direct[cause].probability)
        assert filed[cause].conflict == pytest.approx(direct[cause].conflict)


@settings(max_examples=25, deadline=None)
@given(ledgers(relations=True))
def test_a_ledger_added_to_a_store_keeps_its_relations(ledger: Ledger) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.open(Path(folder) / "desk.provenance", clock=_after_drawn) as store,
    ):
        store.add(ledger)

        assert ledger == store.ledger()


@given(set_reports(), st.data())
def test_a_denial_of_a_rival_after_an_assertion_adds_nothing(
    said: list[tuple[int, int, str, int]], data: st.DataObject
) -> None:
    """
    An assertion of one hypothesis already says its rivals are false: the
    same source denying a rival as firmly afterwards is one commitment, in
    whichever order it spoke.
    """
    asserted = [s for s in said if s[2] in {"said", "confirmed"}]
    if not asserted:
        return
    agency, cause, _, day = data.draw(st.sampled_from(asserted))
    if any(a == agency and d > day for a, _, _, d in said):
        return  # A later word of its own governs.
    rival = data.draw(st.sampled_from([c for c in range(3) if c != cause]))
    before = assess_all(_set_ledger(said, set()))
    after = assess_all(_set_ledger([*said, (agency, rival, "denied", day + 1)], set()))

    for claim in CAUSES:
        assert after[claim].probability == pytest.approx(before[claim].probability)


@given(
    set_reports(),
    st.integers(0, 2),
    st.sampled_from(["said", "believes", "suggested"]),
    st.sampled_from(["denied", "doubted"]),
    st.integers(1, 2),
)
def test_a_source_s_consistent_words_on_a_set_count_in_either_order(
    others: list[tuple[int, int, str, int]],
    cause: int,
    asserted: str,
    denied: str,
    shift: int,
) -> None:
    """
    One source asserting one hypothesis and denying another (consistent
    words, however firm each is) gives the same set in either order.
    """
    said = [s for s in others if s[0] != 0]  # Agency 0 speaks only here.
    rival = (cause + shift) % 3
    first = [(0, cause, asserted, 70), (0, rival, denied, 71)]
    second = [(0, rival, denied, 70), (0, cause, asserted, 71)]
    one = assess_all(_set_ledger([*said, *first], set()))
    other = assess_all(_set_ledger([*said, *second], set()))

    for claim in CAUSES:
        assert one[claim].probability == pytest.approx(other[claim].probability)
