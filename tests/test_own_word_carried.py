"""
An outlet's own word on a claim and the words it carries of others who agree
with it are one line of reporting: "the Herald reported X, two aides told
the Herald" is one article, so the claim is held at the uncorroborated
ceiling with corroboration 1, as when the Herald writes "X is believed".
An outlet contradicting whom it quotes remains a line of its own.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st
from test_assess_fastpath import POLICIES, compared

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Policy,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)
from provenance.opinion import Fusion, Opinion

from cast import Found, ledger_of, side_of


DAY = dt.date(2026, 3, 1)
HERALD = Source(name="The Herald", kind=SourceKind.MEDIA_OUTLET)
POST = Source(name="The Post", kind=SourceKind.MEDIA_OUTLET)
TIMES = Source(name="The Times", kind=SourceKind.MEDIA_OUTLET)
ARDENIA = Source(name="Ardenia", kind=SourceKind.GOVERNMENT)
AIDES = Source(name="aides", kind=SourceKind.ANONYMOUS_GROUP, affiliation=ARDENIA)
RIVAL = Source(name="opposition leader", kind=SourceKind.PERSON)
RESIGN = Claim(text="The finance minister will resign", key="resign")


def said(source: Source, verb: str, claim: Claim = RESIGN) -> Statement:
    return Statement(
        source=source, claim=claim, stance=Stance.from_verb(verb), made_on=DAY
    )


def quoted(content: Statement, reporter: Source = HERALD) -> Report:
    return Report(reporter=reporter, content=content, made_on=DAY)


class TestOneArticle:
    def test_an_outlet_vouching_for_whom_it_quotes_is_one_line(self) -> None:
        alone = assess(ledger_of([(said(AIDES, "said"), (HERALD,))]), RESIGN)
        both = assess(
            ledger_of(
                [(said(AIDES, "said"), (HERALD,)), (said(HERALD, "reported"), ())]
            ),
            RESIGN,
        )

        assert 1 == alone.corroboration == both.corroboration
        assert alone.probability < both.probability <= 0.8
        assert "likely" == both.words
        (unit,) = both.units
        assert HERALD == unit.source

    def test_its_word_is_its_hearsay_alike(self) -> None:
        """
        Written "is believed" or "reported", the Herald's word beside the
        aides it quotes is one line of reporting either way.
        """
        for verb in ("reported", "is believed"):
            found: Found = [(said(AIDES, "said"), (HERALD,)), (said(HERALD, verb), ())]

            assert 1 == assess(ledger_of(found), RESIGN).corroboration

    def test_an_outlet_contradicting_whom_it_quotes_stays_a_line_of_its_own(
        self,
    ) -> None:
        found: Found = [
            (said(AIDES, "denied"), (HERALD,)),
            (said(HERALD, "confirmed"), ()),
        ]

        assessed = assess(ledger_of(found), RESIGN)

        assert 2 == len(assessed.units)
        assert 1 == assessed.corroboration

    def test_another_outlet_still_corroborates(self) -> None:
        found: Found = [
            (said(AIDES, "said"), (HERALD,)),
            (said(HERALD, "reported"), ()),
            (said(RIVAL, "said"), (POST,)),
        ]

        assessed = assess(ledger_of(found), RESIGN)

        assert 2 == assessed.corroboration
        assert assessed.probability > 0.8


SPEAKERS = [
    AIDES,
    RIVAL,
    Source(name="Ministry", kind=SourceKind.AGENCY, affiliation=ARDENIA),
]
VERBS = ["said", "confirmed", "suggested", "denied", "doubted", "is believed"]


@st.composite
def carried(draw: st.DrawFn) -> Found:
    """
    The Herald carrying one to three speakers (first hand, or the Times'
    story of them), perhaps a line through the Post, and last the Herald's
    own word.
    """
    speakers = draw(
        st.lists(st.sampled_from(SPEAKERS), min_size=1, max_size=3, unique=True)
    )
    found: Found = [
        (
            said(speaker, draw(st.sampled_from(VERBS))),
            draw(st.sampled_from([(HERALD,), (TIMES, HERALD)])),
        )
        for speaker in speakers
    ]
    if draw(st.booleans()):
        found.append((said(RIVAL if RIVAL not in speakers else AIDES, "said"), (POST,)))
    # The outlet's own word last.
    found.append((said(HERALD, draw(st.sampled_from(VERBS))), ()))
    return found


#: Averaging fusion lets any weaker line on a side pull that side down.
CUMULATIVE = [p for p in POLICIES if p.across_groups is not Fusion.AVERAGING]


def _one_way_a_group(found: Found) -> bool:
    """
    Whether each group's lines reach the analyst by one route: a group heard
    through two first relays has lines held otherwise than through its
    conduit (counted beyond its share there), which joining can reshape.
    """
    routes: dict[Source, set[tuple[Source, ...]]] = {}
    for statement, relays in found:
        routes.setdefault(statement.source.root, set()).add(relays)
    return all(len(seen) == 1 for seen in routes.values())


@given(carried(), st.sampled_from(CUMULATIVE))
def test_the_outlet_s_word_never_hurts_its_side(found: Found, policy: Policy) -> None:
    """
    Adding the outlet's own word never moves the claim against its side.
    """
    *others, (own, _) = found
    without = assess(ledger_of(others), RESIGN, policy=policy).probability
    with_it = assess(ledger_of(found), RESIGN, policy=policy).probability

    assert (with_it - without) * side_of(own) >= -1e-12


@given(carried())
def test_the_outlet_s_agreeing_word_adds_no_line(found: Found) -> None:
    """
    Beside lines it alone carries that all agree with it, the outlet's own
    word adds no independent line of reporting.
    """
    *others, (own, _) = found
    side = side_of(own)
    carried = [s for s, relays in others if HERALD in relays]
    alone = all(
        relays != (POST,) or s.source not in {c.source for c in carried}
        for s, relays in others
    )
    without = assess(ledger_of(others), RESIGN, policy=DEFAULT_POLICY)
    with_it = assess(ledger_of(found), RESIGN, policy=DEFAULT_POLICY)
    if own.stance.hearsay and any(r != (HERALD,) for _, r in others if HERALD in r):
        return  # Its hearsay shares only what it heard first (a known limit).
    if any(s.stance.hearsay for s, r in others if HERALD in r):
        return  # Hearsay it carries has its speaker for conduit, not the Herald.
    same = side == with_it.opinion.verdict_side == without.opinion.verdict_side
    agreeing = all(side_of(s) == side for s in carried)
    if same and alone and agreeing and _one_way_a_group(others):
        assert with_it.corroboration <= without.corroboration


@given(carried(), st.sampled_from(POLICIES))
def test_quick_and_general_paths_agree(found: Found, policy: Policy) -> None:
    compared(ledger_of(found), policy, None)


@given(carried(), st.sampled_from(CUMULATIVE), st.floats(0.0, 1.0))
def test_a_less_trusted_outlet_never_helps_its_word_s_side(
    found: Found, policy: Policy, lower: float
) -> None:
    """
    Distrusting the outlet as an originator (its relay trust unchanged)
    never moves the claim towards its own word's side, joined or not.
    """
    own, _ = found[-1]
    trust = policy.trust_in(HERALD).opinion
    distrusted = policy.with_trust(
        HERALD,
        Opinion(
            belief=trust.belief * lower,
            disbelief=trust.disbelief,
            uncertainty=1.0 - trust.belief * lower - trust.disbelief,
        ),
    )
    trusted = assess(ledger_of(found), RESIGN, policy=policy).probability
    less = assess(ledger_of(found), RESIGN, policy=distrusted).probability

    assert (less - trusted) * side_of(own) <= 1e-12


TWIN = Source(name="The Herald's twin", kind=SourceKind.MEDIA_OUTLET)


@given(carried(), st.sampled_from(CUMULATIVE))
def test_joining_changes_the_count_of_lines_never_the_evidence(
    found: Found, policy: Policy
) -> None:
    """
    Without the ceiling (which reads the count), the outlet's word joined to
    what it carries weighs what the same word weighs from an outlet that
    carries nothing: its own trust, fused once.
    """
    *others, (own, _) = found
    if any(
        s.source in {c.source for c, r in others if r == (POST,)}
        for s, r in others
        if r == (HERALD,)
    ):
        return  # A speaker also heard through the Post: its share is split.
    if own.stance.hearsay:
        return  # Hearsay is a line the outlet carries, not its own word.
    if not _one_way_a_group(others):
        return
    sides: dict[Source, set[int]] = {}
    for statement, relays in others:
        if HERALD in relays:
            sides.setdefault(statement.source.root, set()).add(side_of(statement))
    if any({1, -1} <= seen for seen in sides.values()):
        return  # A group contradicting itself is averaged before the relay.
    uncapped = attrs.evolve(policy, uncorroborated_ceiling=None)
    twin = attrs.evolve(own, source=TWIN)
    joined = assess(ledger_of(found), RESIGN, policy=uncapped)
    apart = assess(ledger_of([*others, (twin, ())]), RESIGN, policy=uncapped)

    assert joined.probability == pytest.approx(apart.probability, abs=1e-9)


def test_an_outlet_carrying_another_paper_s_story_of_its_source_is_one_line() -> None:
    """
    The Herald's word beside the Times' story of the aides, which the Herald
    carries, is one article: one line of reporting, never more than the
    Herald's own first-hand quote of them.
    """
    first_hand = assess(
        ledger_of([(said(AIDES, "said"), (HERALD,)), (said(HERALD, "reported"), ())]),
        RESIGN,
    )
    second_hand = assess(
        ledger_of(
            [(said(AIDES, "said"), (TIMES, HERALD)), (said(HERALD, "reported"), ())]
        ),
        RESIGN,
    )

    assert 1 == second_hand.corroboration
    assert second_hand.probability <= first_hand.probability
