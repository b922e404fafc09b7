"""
An outlet's own word rests on the source it quotes whatever that source says
later: "the aide confirmed it to the Herald" and the Herald's own report are
one line of reporting, and stay one when the aide's later word (to another
paper, or again to the Herald) supersedes the line the Herald carried.
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
    Assessment,
    Claim,
    Ledger,
    Policy,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
)
from provenance.opinion import Fusion


def day(n: int) -> dt.date:
    return dt.date(2026, 6, n)


AIDE = Source(name="an aide", kind=SourceKind.UNNAMED_PERSON)
MINISTER = Source(name="the minister", kind=SourceKind.PERSON)
HERALD = Source(name="Daily Herald", kind=SourceKind.MEDIA_OUTLET)
COURIER = Source(name="The Courier", kind=SourceKind.MEDIA_OUTLET)
POST = Source(name="The Post", kind=SourceKind.MEDIA_OUTLET)
TWIN = Source(name="The Herald's twin", kind=SourceKind.MEDIA_OUTLET)
RESIGNED = Claim(text="The deputy minister resigned", key="resigned")


def said(source: Source, verb: str, on: int) -> Statement:
    return Statement(
        source=source, claim=RESIGNED, stance=Stance.from_verb(verb), made_on=day(on)
    )


def via(reporter: Source, content: Statement) -> Report:
    return Report(reporter=reporter, content=content, made_on=content.made_on)


ARTICLE: list[Statement | Report] = [
    said(HERALD, "reported", 2),
    via(HERALD, said(AIDE, "confirmed", 2)),
]


def read(
    records: list[Statement | Report], policy: Policy = DEFAULT_POLICY
) -> Assessment:
    return assess(Ledger.of(records), RESIGNED, policy=policy)


class TestTheArticleStaysOneLine:
    @pytest.mark.parametrize(
        "later",
        [
            via(COURIER, said(AIDE, "confirmed", 3)),  # to another paper
            via(HERALD, said(AIDE, "confirmed", 3)),  # to the same one again
            via(COURIER, said(AIDE, "suggested", 3)),  # a softer word
            via(COURIER, said(AIDE, "confirmed", 1)),  # to another paper before
        ],
        ids=["another-paper", "same-paper", "softer", "before"],
    )
    def test_a_later_word_of_the_quoted_source(self, later: Report) -> None:
        alone = read(ARTICLE)
        found = read([*ARTICLE, later])

        assert alone.corroboration == found.corroboration == 1
        assert found.probability <= alone.probability + 1e-12

    @pytest.mark.parametrize("paper", [HERALD, COURIER])
    def test_a_retraction_then_the_same_word_again(self, paper: Source) -> None:
        alone = read(ARTICLE)
        found = read(
            [
                *ARTICLE,
                via(paper, said(AIDE, "retracted", 3)),
                via(paper, said(AIDE, "confirmed", 4)),
            ]
        )

        assert alone.corroboration == found.corroboration == 1
        assert found.probability <= alone.probability + 1e-12

    def test_the_explanation_says_the_word_joins_the_later_line(self) -> None:
        text = read([*ARTICLE, via(COURIER, said(AIDE, "suggested", 3))]).explain()

        assert "only through The Courier" in text
        assert "then fused with the own word of Daily Herald beside it" in text
        assert "superseded by its suggested (PS+)" in text

    def test_a_source_turned_against_the_outlet_leaves_it_a_line_of_its_own(
        self,
    ) -> None:
        found = read([*ARTICLE, via(COURIER, said(AIDE, "denied", 3))])

        assert "own word of Daily Herald" not in found.explain()

    def test_a_source_that_later_speaks_directly(self) -> None:
        # No relay to join: the outlet's word rests on the source's line.
        article: list[Statement | Report] = [
            said(HERALD, "reported", 2),
            via(HERALD, said(MINISTER, "said", 2)),
        ]
        found = read([*article, said(MINISTER, "confirmed", 3)])

        assert found.corroboration == 1
        assert found.probability <= read(article).probability + 1e-12

    def test_the_explanation_says_the_word_rests_on_the_source(self) -> None:
        article: list[Statement | Report] = [
            said(HERALD, "reported", 2),
            via(HERALD, said(MINISTER, "said", 2)),
            said(MINISTER, "suggested", 3),
        ]
        found = read(article)
        (herald,) = [line for line in found.lines if line.statement.source == HERALD]

        assert herald.rests_on == MINISTER
        assert herald.group == found.lines[-1].group
        assert "rests on the minister" in found.explain()
        assert "1 independent line(s) of reporting, fused" in found.explain()

    def test_a_source_that_later_denies_directly_leaves_the_outlet_alone(
        self,
    ) -> None:
        article: list[Statement | Report] = [
            said(HERALD, "reported", 2),
            via(HERALD, said(MINISTER, "said", 2)),
            said(MINISTER, "denied", 3),
        ]
        found = read(article)

        assert all(line.rests_on is None for line in found.lines)
        assert "2 independent line(s) of reporting, fused" in found.explain()

    def test_a_word_said_before_the_quote_rests_on_nothing(self) -> None:
        article: list[Statement | Report] = [
            said(HERALD, "reported", 1),
            via(HERALD, said(MINISTER, "said", 2)),
            said(MINISTER, "confirmed", 3),
        ]

        assert read(article).corroboration == 2


ASSERTING = ["said", "confirmed", "suggested", "believes"]
# Hearsay is another speaker; a retraction withdraws what the aide said before.
VERBS = [*ASSERTING, "denied", "doubted", "retracted"]
PAPERS = [HERALD, COURIER, POST]

#: Averaging fusion lets any weaker line on a side pull that side down.
CUMULATIVE = [p for p in POLICIES if p.across_groups is not Fusion.AVERAGING]


@st.composite
def articles(draw: st.DrawFn) -> list[Statement | Report]:
    """
    The Herald's own word and the aide's word it carries, the same day;
    then one to three later words of the aide, each through a paper or
    said directly.
    """
    records: list[Statement | Report] = [
        said(HERALD, draw(st.sampled_from(ASSERTING)), 2),
        via(HERALD, said(AIDE, draw(st.sampled_from(ASSERTING)), 2)),
    ]
    for on in sorted(draw(st.sets(st.integers(3, 20), min_size=1, max_size=3))):
        paper = draw(st.sampled_from([*PAPERS, None]))
        word = said(AIDE, draw(st.sampled_from(VERBS)), on)
        records.append(word if paper is None else via(paper, word))
    return records


def _latest(records: list[Statement | Report]) -> Statement:
    latest = records[-1]
    return latest if isinstance(latest, Statement) else latest.content  # type: ignore[return-value]


def _latest_agrees(records: list[Statement | Report]) -> bool:
    return _latest(records).stance.polarity is records[0].stance.polarity  # type: ignore[union-attr]


@given(articles())
def test_the_quoted_source_s_later_words_never_make_a_second_line(
    records: list[Statement | Report],
) -> None:
    """
    Whatever the aide says later, on the Herald's side, the claim has one
    independent line of reporting: the aide's.
    """
    if _latest_agrees(records):
        assert read(records).corroboration <= 1


@given(articles(), st.sampled_from(CUMULATIVE))
def test_joining_the_later_line_changes_the_count_never_the_evidence(
    records: list[Statement | Report], policy: Policy
) -> None:
    """
    Without the ceiling, the Herald's word joined to the aide's later line,
    or resting on it when the aide said it directly, weighs what the same
    word weighs from an outlet that carries nothing.
    """
    own = records[0]
    assert isinstance(own, Statement)
    uncapped = attrs.evolve(policy, uncorroborated_ceiling=None)
    joined = read(records, uncapped)
    apart = read([attrs.evolve(own, source=TWIN), *records[1:]], uncapped)

    assert joined.probability == pytest.approx(apart.probability, abs=1e-9)


@given(articles(), st.sampled_from(POLICIES))
def test_quick_and_general_paths_agree(
    records: list[Statement | Report], policy: Policy
) -> None:
    compared(Ledger.of(records), policy, None)
