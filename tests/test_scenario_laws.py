"""
Monotonicity laws over small analyst scenarios drawn to mix what the generic
ledgers rarely combine: governments with their ministries and officials, a
claim about one party that favours another, unnamed sources, hearsay, two
outlets relaying in either order, credibility grades and several days.
"""

from __future__ import annotations

import datetime as dt
import math

import attrs

from hypothesis import assume, given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Opinion,
    Policy,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)
from provenance.relations import Equivalent

from cast import Found, in_two_conduits, ledger_of, side_of


DAY = dt.date(2024, 3, 1)
PAPER = Source(name="Daily Paper", kind=SourceKind.MEDIA_OUTLET)
WIRE = Source(name="Wire Service", kind=SourceKind.MEDIA_OUTLET)
STATES = [Source(name=f"State {n}", kind=SourceKind.GOVERNMENT) for n in range(3)]
SPEAKERS = [
    *STATES,
    *(
        Source(name=f"Ministry {n}", kind=SourceKind.AGENCY, affiliation=state)
        for n, state in enumerate(STATES)
    ),
    *(
        Source(
            name=f"Official {n}",
            kind=SourceKind.PERSON,
            role="minister",
            affiliation=state,
        )
        for n, state in enumerate(STATES)
    ),
    Source(name="Person A", kind=SourceKind.PERSON),
    Source(name="Person B", kind=SourceKind.PERSON),
    Source(name="Officials", kind=SourceKind.UNNAMED_PERSON),
    PAPER,
    WIRE,
]
VERBS = [
    "said",
    "confirmed",
    "suggested",
    "denied",
    "doubted",
    "is said to",
    "reportedly",
    "admitted",
    "refused to confirm",
    "believes",
]
ROUTES: list[tuple[Source, ...]] = [(), (PAPER,), (WIRE,), (PAPER, WIRE), (WIRE, PAPER)]
NEWCOMER = Source(name="Newcomer", kind=SourceKind.PERSON)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Claim, Found]:
    about = draw(st.sets(st.sampled_from(STATES), max_size=1))
    favours = draw(st.sets(st.sampled_from(STATES).filter(lambda s: s not in about)))
    claim = Claim(
        text="The bridge collapsed.", key="bridge", about=about, favours=favours
    )
    found: Found = []
    for _ in range(draw(st.integers(1, 7))):
        source = draw(st.sampled_from(SPEAKERS))
        statement = Statement(
            source=source,
            claim=claim,
            stance=Stance.from_verb(draw(st.sampled_from(VERBS))),
            made_on=DAY + dt.timedelta(days=draw(st.integers(0, 3))),
            credibility=draw(st.none() | st.integers(1, 6)),
        )
        relays = tuple(r for r in draw(st.sampled_from(ROUTES)) if r != source)
        found.append((statement, relays))
    return claim, found


def p(claim: Claim, found: Found, policy: Policy = DEFAULT_POLICY) -> float:
    return assess(ledger_of(found), claim, policy=policy).probability


class TestScenarioLaws:
    @given(scenarios(), st.data(), st.integers(1, 5), st.integers(1, 5))
    def test_worse_grade_never_helps_its_side(
        self, scenario: tuple[Claim, Found], data: st.DataObject, a: int, b: int
    ) -> None:
        claim, found = scenario
        better, worse = min(a, b), max(a, b)
        at = data.draw(st.integers(0, len(found) - 1))
        statement, relays = found[at]
        regraded = {
            grade: attrs.evolve(statement, credibility=grade)
            for grade in (better, worse)
        }
        # Regraded into a statement already held, it would merge with it.
        assume(all(r not in {s for s, _ in found} for r in regraded.values()))

        def graded(grade: int) -> float:
            changed = list(found)
            changed[at] = (regraded[grade], relays)
            return p(claim, changed)

        assert (graded(worse) - graded(better)) * side_of(statement) <= 1e-12

    @given(scenarios(), st.sampled_from(VERBS), st.sampled_from(ROUTES))
    def test_an_independent_line_moves_the_claim_its_way(
        self, scenario: tuple[Claim, Found], verb: str, relays: tuple[Source, ...]
    ) -> None:
        claim, found = scenario
        extra = (
            Statement(
                source=NEWCOMER,
                claim=claim,
                stance=Stance.from_verb(verb),
                made_on=DAY + dt.timedelta(days=5),
            ),
            relays,
        )
        assume(not in_two_conduits([*found, extra]))

        moved = p(claim, [*found, extra]) - p(claim, found)

        assert moved * side_of(extra[0]) >= -1e-12

    @given(
        scenarios(),
        st.floats(0.0, 1.0),
        st.floats(0.0, 1.0),
        st.sampled_from([PAPER, WIRE]),
    )
    def test_a_less_trusted_relay_never_helps_what_it_carries(
        self, scenario: tuple[Claim, Found], x: float, y: float, relay: Source
    ) -> None:
        claim, found = scenario
        carried = [
            s
            for s, relays in found
            if relay in relays or (s.source == relay and s.stance.hearsay)
        ]
        sides = {side_of(s) for s in carried}
        assume(len(sides) == 1 and 0 not in sides)
        (side,) = sides

        def trusted(b: float) -> float:
            opinion = Opinion(b, 0.0, 1.0 - b, 0.5)
            return p(claim, found, DEFAULT_POLICY.with_relay_trust(relay, opinion))

        assert (trusted(min(x, y)) - trusted(max(x, y))) * side <= 1e-12

    @given(scenarios(), st.data())
    def test_a_wording_without_parties_changes_nothing(
        self, scenario: tuple[Claim, Found], data: st.DataObject
    ) -> None:
        """
        Equivalent claims share one answer: statements filed under a
        colleague's wording that names no party, declared equivalent, count
        as they do under the claim itself (interest is judged on the class's
        parties, whichever wording holds the statement).
        """
        claim, found = scenario
        plain = Claim(text="The bridge fell down.", key="fell")
        moved = data.draw(st.lists(st.booleans(), min_size=len(found)))
        refiled = [
            (attrs.evolve(statement, claim=plain) if move else statement, relays)
            for (statement, relays), move in zip(found, moved, strict=False)
        ]
        ledger = ledger_of(refiled).add(Equivalent(claims=(claim, plain)))
        expected = p(claim, found)
        for wording in (claim, plain):
            got = assess(ledger, wording).probability
            assert math.isclose(got, expected, abs_tol=1e-9)
