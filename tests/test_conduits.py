"""
Shared conduits: lines of several dependency groups that reach the analyst
through one relay, and a group's lines held otherwise, which count only
beyond what its share adds there. Scenarios drawn so that every ledger has a
shared conduit, and the monotonicity laws over them.
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)
from provenance.opinion import Opinion

from cast import Found, in_shared_conduits, in_two_conduits, ledger_of, side_of


CLAIM = Claim(text="The bridge collapsed.", key="bridge")
DAY = dt.date(2024, 3, 1)
PAPER = Source(name="Daily Paper", kind=SourceKind.MEDIA_OUTLET)
WIRE = Source(name="Wire Service", kind=SourceKind.MEDIA_OUTLET)


def _family(n: int) -> list[Source]:
    """
    Two speakers of one dependency group (a government's ministry and
    official), or one independent person.
    """
    if n % 2:
        return [Source(name=f"Person {n}", kind=SourceKind.PERSON)]
    root = Source(name=f"State {n}", kind=SourceKind.GOVERNMENT)
    return [
        Source(name=f"Ministry {n}", kind=SourceKind.AGENCY, affiliation=root),
        Source(
            name=f"Official {n}",
            kind=SourceKind.PERSON,
            role="minister",
            affiliation=root,
        ),
    ]


SPEAKERS = [s for n in range(4) for s in _family(n)]
VERBS = ["said", "confirmed", "suggested", "denied", "doubted"]
ROUTES = [(), (PAPER,), (WIRE,), (PAPER, WIRE)]


@st.composite
def lines(draw: st.DrawFn) -> tuple[Statement, tuple[Source, ...]]:
    statement = Statement(
        source=draw(st.sampled_from(SPEAKERS)),
        claim=CLAIM,
        stance=Stance.from_verb(draw(st.sampled_from(VERBS))),
        made_on=DAY,
        credibility=draw(st.none() | st.integers(1, 5)),
    )
    return statement, draw(st.sampled_from(ROUTES))


@st.composite
def scenarios(draw: st.DrawFn) -> Found:
    """
    Lines of at least two groups through the paper (a shared conduit), and
    more lines held directly or through other relays.
    """
    first, second = draw(
        st.lists(st.sampled_from(SPEAKERS), min_size=2, max_size=2, unique=True)
    )
    shared = [
        (
            Statement(
                source=speaker,
                claim=CLAIM,
                stance=Stance.from_verb(draw(st.sampled_from(VERBS))),
                made_on=DAY,
                credibility=draw(st.none() | st.integers(1, 5)),
            ),
            (PAPER,),
        )
        for speaker in (first, second)
    ]
    found = shared + draw(st.lists(lines(), max_size=5))
    speakers = {statement.source for statement, _ in found}
    # One statement per speaker (rule 1 would supersede the others).
    unique: dict[Source, tuple[Statement, tuple[Source, ...]]] = {}
    for statement, relays in found:
        unique.setdefault(statement.source, (statement, relays))
    assert len(unique) == len(speakers)
    return list(unique.values())


def probability(found: Found) -> float:
    return assess(ledger_of(found), CLAIM).probability


class TestSharedConduitLaws:
    @given(scenarios(), st.data(), st.integers(1, 5), st.integers(1, 5))
    def test_worse_grade_never_helps_its_side(
        self,
        found: Found,
        data: st.DataObject,
        better: int,
        worse: int,
    ) -> None:
        """
        Inside a conduit or beside it, a worse credibility grade never moves
        the claim towards its line's side.
        """
        better, worse = min(better, worse), max(better, worse)
        at = data.draw(st.integers(0, len(found) - 1))
        statement, relays = found[at]

        def graded(grade: int) -> float:
            changed = list(found)
            changed[at] = (attrs.evolve(statement, credibility=grade), relays)
            return probability(changed)

        assert (graded(worse) - graded(better)) * side_of(statement) <= 1e-12

    @given(scenarios(), st.data())
    def test_added_line_never_hurts_its_side(
        self, found: Found, data: st.DataObject
    ) -> None:
        """
        A line added by a speaker not yet heard, held in any way (a
        dependent one beside the conduit, or a share joining it), never moves
        the claim against its side. (Not where a group has lines through two
        shared conduits, before or after: it joins neither, a change of
        structure this law does not cover.)
        """
        heard = {statement.source for statement, _ in found}
        quiet = [s for s in SPEAKERS if s not in heard]
        if not quiet:
            return
        extra = (
            Statement(
                source=data.draw(st.sampled_from(quiet)),
                claim=CLAIM,
                stance=Stance.from_verb(data.draw(st.sampled_from(VERBS))),
                made_on=DAY,
            ),
            data.draw(st.sampled_from(ROUTES)),
        )

        assume(not in_two_conduits(found) and not in_two_conduits([*found, extra]))

        moved = probability([*found, extra]) - probability(found)

        assert moved * side_of(extra[0]) >= -1e-12

    @settings(suppress_health_check=[HealthCheck.filter_too_much])
    @given(scenarios(), st.data())
    def test_added_route_never_hurts_its_side(
        self, found: Found, data: st.DataObject
    ) -> None:
        """
        A statement already heard, heard again through another relay (or
        held directly), never moves the claim against its side: a second
        route never merges two independent lines into one conduit. (Not
        where the statement's group is in a shared conduit before or after:
        its lines leaving or joining a conduit they share with other groups
        is a change of structure that can move the claim a little either
        way; nor where a group has lines through two shared conduits.)
        """
        shared = in_shared_conduits(found)
        free = [line for line in found if line[0].source.root not in shared]
        assume(free)
        statement, relays = data.draw(st.sampled_from(free))
        other = data.draw(st.sampled_from([r for r in ROUTES if r != relays]))
        more = [*found, (statement, other)]

        assume(statement.source.root not in in_shared_conduits(more))
        assume(not in_two_conduits(found) and not in_two_conduits(more))

        moved = probability(more) - probability(found)

        assert moved * side_of(statement) >= -1e-12

    @settings(suppress_health_check=[HealthCheck.filter_too_much])
    @given(scenarios(), st.data())
    def test_another_hop_never_helps_its_side(
        self, found: Found, data: st.DataObject
    ) -> None:
        """
        A line heard through one more relay (a station repeating the paper's
        story, that no other line passes) never moves the claim towards its
        side, wherever the conduit it shares lies: a relay of the paper is
        still heard through the paper (it used to become a line of
        reporting of its own, lifting the claim over the uncorroborated
        ceiling).
        """
        at = data.draw(st.integers(0, len(found) - 1))
        statement, relays = found[at]
        station = Source(name="TV", kind=SourceKind.MEDIA_OUTLET)
        repeated = list(found)
        repeated[at] = (statement, (*relays, station))

        assume(not in_two_conduits(found) and not in_two_conduits(repeated))

        moved = probability(repeated) - probability(found)

        assert moved * side_of(statement) <= 1e-12

    def test_stories_of_one_paper_repeated_by_two_stations(self) -> None:
        """
        Two sources' words that both reach the analyst only from one paper
        are one line of reporting through it, whether read in the paper or
        as two stations repeating its stories: corroboration 1, and the
        stations' hops only lower the claim.
        """
        doc = Source(name="leaked assessment", kind=SourceKind.DOCUMENT)
        agency = Source(name="Agency report", kind=SourceKind.DOCUMENT)
        stations = [Source(name=f"TV{i}", kind=SourceKind.MEDIA_OUTLET) for i in (1, 2)]
        said = [
            Statement(
                source=source,
                claim=CLAIM,
                stance=Stance.from_verb("concluded"),
                made_on=DAY,
            )
            for source in (doc, agency)
        ]
        in_paper: Found = [(s, (PAPER,)) for s in said]
        on_tv: Found = [(s, (PAPER, tv)) for s, tv in zip(said, stations, strict=True)]
        one_on_tv: Found = [on_tv[0], in_paper[1]]

        read = {
            name: assess(ledger_of(found), CLAIM)
            for name, found in (("paper", in_paper), ("tv", on_tv), ("one", one_on_tv))
        }

        assert {1} == {a.corroboration for a in read.values()}
        assert {PAPER} == {line.conduit for a in read.values() for line in a.lines}
        assert read["tv"].probability <= read["one"].probability
        assert read["one"].probability <= read["paper"].probability

    def test_a_wire_picking_up_a_story_never_merges_two_lines(self) -> None:
        """
        Two independent organisations confirm, each through its own wire;
        one wire picking up the other's story too leaves them two lines of
        reporting, whichever wires (it used to make that wire a conduit of
        both when its route came first among equals: one line, held at the
        uncorroborated ceiling).
        """
        ngo = Source(name="NGO", kind=SourceKind.ORGANISATION)
        watchdog = Source(name="Watchdog", kind=SourceKind.ORGANISATION)
        wires = [
            Source(name=f"Wire{i}", kind=SourceKind.MEDIA_OUTLET) for i in range(4)
        ]
        said = [
            Statement(
                source=who,
                claim=CLAIM,
                stance=Stance.from_verb("confirmed"),
                made_on=DAY,
            )
            for who in (ngo, watchdog)
        ]
        for first, second in itertools.permutations(wires, 2):
            found: Found = [(said[0], (first,)), (said[1], (second,))]
            before = assess(ledger_of(found), CLAIM)
            after = assess(ledger_of([*found, (said[0], (second,))]), CLAIM)

            assert 2 == before.corroboration == after.corroboration
            assert after.probability >= before.probability > 0.8

    @given(scenarios(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
    def test_a_weaker_conduit_moves_no_more_than_its_lines(
        self,
        found: Found,
        high: float,
        low: float,
    ) -> None:
        """
        Where every line through the paper takes one side, trusting the
        paper less never moves the claim towards that side.
        """
        through = [s for s, relays in found if PAPER in relays]
        sides = {side_of(s) for s in through}
        if len(sides) != 1 or 0 in sides:
            return
        (side,) = sides
        high, low = max(high, low), min(high, low)
        ledger = ledger_of(found)

        def trusted(b: float) -> float:
            policy = DEFAULT_POLICY.with_relay_trust(
                PAPER, Opinion(b, 0.0, 1.0 - b, 0.5)
            )
            return assess(ledger, CLAIM, policy=policy).probability

        assert (trusted(low) - trusted(high)) * side <= 1e-12


class TestBeyondTheShare:
    def test_a_worse_grade_on_the_share_never_raises_the_claim(self) -> None:
        """
        A government heard through the paper (with an independent expert)
        and directly: grading its line through the paper worse never raises
        the claim; its direct line counts once, through whichever way gives
        more.
        """
        (ministry, official), expert = _family(0), _family(1)[0]

        def p(grade: int, verb: str) -> float:
            said = Statement(
                source=official,
                claim=CLAIM,
                stance=Stance.from_verb("confirmed"),
                made_on=DAY,
                credibility=grade,
            )
            other = Statement(
                source=expert, claim=CLAIM, stance=Stance.from_verb("said"), made_on=DAY
            )
            direct = Statement(
                source=ministry, claim=CLAIM, stance=Stance.from_verb(verb), made_on=DAY
            )
            return probability([(said, (PAPER,)), (other, (PAPER,)), (direct, ())])

        for verb in ("said", "suggested"):
            ps = [p(grade, verb) for grade in (1, 2, 3, 4, 5)]
            assert all(a >= b - 1e-12 for a, b in itertools.pairwise(ps))
        # A firm direct line gives more than the share: the share's grade
        # does not matter. A weak one gives less: a worse grade lowers P.
        assert len({p(grade, "said") for grade in (1, 3, 5)}) == 1
        assert p(5, "suggested") < p(3, "suggested") < p(1, "suggested")

    def test_a_denial_joining_a_held_conduit_never_raises_the_claim(self) -> None:
        """
        The paper carries two supporting groups and is held at the ceiling;
        a government denies directly. Its official's denial joining the
        paper's share never raises the claim: the ceiling holds the paper's
        evidence for the claim apart from its evidence against it.
        """
        (ministry, official), person, (other, _) = _family(0), _family(1)[0], _family(2)

        def line(source: Source, verb: str) -> Statement:
            return Statement(
                source=source, claim=CLAIM, stance=Stance.from_verb(verb), made_on=DAY
            )

        found = [
            (line(person, "said"), (PAPER,)),
            (line(other, "said"), (PAPER,)),
            (line(ministry, "denied"), ()),
        ]
        before = assess(ledger_of(found), CLAIM)
        after = assess(ledger_of([*found, (line(official, "denied"), (PAPER,))]), CLAIM)

        assert any("uncorroborated" in note for note in before.notes)
        assert after.probability <= before.probability
        assert any("held to P=0.80 alone" in note for note in after.notes)

    def test_two_groups_beside_one_conduit_count_once_each(self) -> None:
        """
        Two governments each heard through the paper and directly count no
        more than their direct lines alone: no group counts twice.
        """
        (m0, o0), (m2, o2) = _family(0), _family(2)

        def line(source: Source, day: int = 1) -> Statement:
            return Statement(
                source=source,
                claim=CLAIM,
                stance=Stance.from_verb("said"),
                made_on=dt.date(2024, 3, day),
            )

        direct: Found = [
            (line(m0), ()),
            (line(m2), ()),
        ]
        both = [*direct, (line(o0), (PAPER,)), (line(o2), (PAPER,))]

        assert probability(both) == pytest.approx(probability(direct))
        assert len(assess(ledger_of(both), CLAIM).units) == 3

    def test_a_group_contradicting_itself_across_the_conduit_is_averaged(
        self,
    ) -> None:
        """
        A government asserts directly and denies through the paper: another
        source's support joining the paper never lowers the claim, as the
        government's denial stays averaged with its own assertion.
        """
        (ministry, official), person = _family(0), _family(1)[0]

        def line(source: Source, verb: str) -> Statement:
            return Statement(
                source=source, claim=CLAIM, stance=Stance.from_verb(verb), made_on=DAY
            )

        found = [(line(ministry, "said"), ()), (line(official, "denied"), (PAPER,))]
        joined = [*found, (line(person, "suggested"), (PAPER,))]

        assert probability(joined) > probability(found)
