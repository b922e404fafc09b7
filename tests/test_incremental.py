from __future__ import annotations

import datetime as dt

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance.assessment import Assessments, assess, assess_all
from provenance.claims import Claim
from provenance.errors import InvalidValueError, UnknownClaimError
from provenance.grades import ADMIRALTY_GRADES
from provenance.ledger import Ledger
from provenance.opinion import Fusion, Opinion
from provenance.policy import DEFAULT_POLICY, Policy
from provenance.records import Statement
from provenance.sources import Source, SourceKind
from provenance.stances import CT_PLUS
from provenance.testing import ledgers, opinions


def changed_policy(
    ledger: Ledger, data: st.DataObject, base: Policy = DEFAULT_POLICY
) -> Policy:
    """
    *base* with one source of *ledger* (or an outsider) trusted differently.
    """
    outsider = Source(name="outsider\x00", kind=SourceKind.OTHER)
    source = data.draw(st.sampled_from([*ledger.sources, outsider]))
    how = data.draw(st.sampled_from(["trust", "grade", "relay_trust", "global"]))
    if how == "trust":
        return base.with_trust(source, data.draw(opinions()))
    if how == "grade":
        return base.with_grade(
            source, data.draw(st.sampled_from(sorted(ADMIRALTY_GRADES)))
        )
    if how == "relay_trust":
        return base.with_relay_trust(source, data.draw(opinions()))
    return Policy(within_group=Fusion.WEIGHTED)


class TestAssessments:
    @given(ledgers(), st.data())
    def test_incremental_equals_full(self, ledger: Ledger, data: st.DataObject) -> None:
        """
        Re-assessing after a change of policy gives what assessing everything
        under the new policy gives, explanations included.
        """
        first = changed_policy(ledger, data)
        second = changed_policy(ledger, data, first)

        got = Assessments(ledger, policy=first).with_policy(second)

        assert assess_all(ledger, policy=second) == dict(got)
        assert list(assess_all(ledger, policy=second)) == list(got)
        for claim, assessment in got.items():
            assert (
                assessment.explain() == assess(ledger, claim, policy=second).explain()
            )

    @given(ledgers())
    def test_equals_assess_all(self, ledger: Ledger) -> None:
        """
        Assessments are assess_all()'s.
        """
        assert assess_all(ledger) == dict(Assessments(ledger))

    def test_touches_only_reached_claims(self) -> None:
        """
        Trusting one source differently re-assesses only the claims it speaks
        on; the others are carried over unchanged.
        """
        day = dt.date(2024, 1, 1)
        alice = Source(name="Alice", kind=SourceKind.PERSON)
        bob = Source(name="Bob", kind=SourceKind.PERSON)
        claims = [f"claim {i}" for i in range(3)]
        from provenance.claims import Claim

        one, two, three = (Claim(text=text) for text in claims)
        ledger = Ledger.of(
            [
                Statement(source=alice, claim=one, stance=CT_PLUS, made_on=day),
                Statement(source=bob, claim=two, stance=CT_PLUS, made_on=day),
                Statement(source=bob, claim=three, stance=CT_PLUS, made_on=day),
            ]
        )
        before = Assessments(ledger)

        after = before.with_policy(DEFAULT_POLICY.with_trust(alice, Opinion(1, 0, 0)))

        assert after[one].probability > before[one].probability
        assert after._numbers[two] is before._numbers[two]
        assert after[two] == assess(ledger, two, policy=after.policy)

    def test_same_policy_is_the_same_assessments(self) -> None:
        """
        Asking for the same policy returns the same assessments.
        """
        assessments = Assessments(Ledger())

        assert assessments is assessments.with_policy(Policy())

    def test_refuses_non_policy(self) -> None:
        """
        with_policy() takes a Policy only.
        """
        with pytest.raises(InvalidValueError):
            Assessments(Ledger()).with_policy("strict")  # type: ignore[arg-type]  # wrong on purpose

    def test_as_of(self) -> None:
        """
        Assessments cut at a day matches assess_all() cut at that day.
        """
        day = dt.date(2024, 1, 1)
        alice = Source(name="Alice", kind=SourceKind.PERSON)
        from provenance.claims import Claim

        claim = Claim(text="x")
        ledger = Ledger.of(
            [
                Statement(source=alice, claim=claim, stance=CT_PLUS, made_on=day),
                Statement(
                    source=alice,
                    claim=claim,
                    stance=CT_PLUS,
                    made_on=day + dt.timedelta(days=9),
                ),
            ]
        )

        got = Assessments(ledger, as_of=day).with_policy(
            DEFAULT_POLICY.with_grade(alice, "A")
        )

        assert assess_all(ledger, policy=got.policy, as_of=day) == dict(got)


class TestAssessmentsMapping:
    @given(ledgers())
    def test_a_claim_and_its_key_find_the_same_assessment(self, ledger: Ledger) -> None:
        got = assess_all(ledger)

        for claim in ledger.claims:
            assert claim in got
            assert got[claim] == assess(ledger, claim)
            assert got[claim.id] == got[claim]
            if (
                claim.key is not None
                and sum(c.key == claim.key for c in ledger.claims) == 1
            ):
                assert claim.key in got  # type: ignore[comparison-overlap]  # a key too
                assert got[claim.key] == got[claim]

    def test_an_unknown_claim_is_a_clear_key_error(self) -> None:
        got = assess_all(Ledger())

        with pytest.raises(UnknownClaimError, match="no claim"):
            got["nothing"]
        with pytest.raises(KeyError):
            got[Claim(text="Elsewhere.", key="elsewhere")]
        assert got.get("nothing") is None
        assert "nothing" not in got  # type: ignore[comparison-overlap]  # a key too

    @given(ledgers())
    def test_equal_to_the_plain_mapping_of_its_items(self, ledger: Ledger) -> None:
        got = assess_all(ledger)

        assert got == dict(got.items())
        assert got == Assessments(ledger)
        assert hash(got) == hash(Assessments(ledger))
