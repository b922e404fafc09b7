"""
Relations between claims (provenance.relations): Entails, Equivalent and
Exclusive on their own, as a checked whole, and in a ledger.
"""

from __future__ import annotations

import datetime as dt
import pickle

from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import Claim, Ledger, Stance, Statement
from provenance.claims import Bound, Quantity
from provenance.errors import InvalidValueError, RelationError, UnknownClaimError
from provenance.relations import (
    Entails,
    Equivalent,
    Exclusive,
    Relation,
    Relations,
    quantity_relations,
    relation_node,
)
from provenance.testing import claims, ledgers, relations

from cast import NIS


TYPHOID = Claim(text="X died of typhoid", key="typhoid")
DEAD = Claim(text="X is dead", key="dead")
PERISHED = Claim(text="X perished", key="perished")
ALIVE = Claim(text="X is alive", key="alive")
MISSING = Claim(text="X is missing", key="missing")


@attrs.frozen(cache_hash=True)
class _SubClaim(Claim):
    pass


def statement(claim: Claim, day: int = 1) -> Statement:
    return Statement(
        source=NIS,
        claim=claim,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2024, 1, day),
    )


class TestValues:
    def test_entails_itself_refused(self) -> None:
        """
        A claim cannot entail itself.
        """
        with pytest.raises(RelationError) as info:
            Entails(specific=DEAD, general=DEAD)

        assert "Entails.general" == info.value.path

    @pytest.mark.parametrize("members", [[], [DEAD], [DEAD, DEAD]])
    def test_equivalent_needs_two(self, members: list[Claim]) -> None:
        """
        An equivalence names at least two different claims.
        """
        with pytest.raises(InvalidValueError) as info:
            Equivalent(claims=members)

        assert "Equivalent.claims" == info.value.path

    @pytest.mark.parametrize("key", [None, "", "-leading", "two words", 3])
    def test_exclusive_bad_key(self, key: Any) -> None:
        """
        An exclusive set's key is a slug.
        """
        with pytest.raises(InvalidValueError) as info:
            Exclusive(key=key, claims=[DEAD, ALIVE])

        assert "Exclusive.key" == info.value.path

    def test_exclusive_needs_two(self) -> None:
        """
        An exclusive set names at least two different claims.
        """
        with pytest.raises(InvalidValueError):
            Exclusive(key="fate", claims=[DEAD])

    @pytest.mark.parametrize("value", [1, "yes", None])
    def test_exclusive_exhaustive_is_a_bool(self, value: Any) -> None:
        """
        Whether a set is exhaustive is True or False.
        """
        with pytest.raises(InvalidValueError):
            Exclusive(key="fate", claims=[DEAD, ALIVE], exhaustive=value)

    def test_subclass_of_claim_refused(self) -> None:
        """
        Only Claim itself is accepted (a subclass could forge its id).
        """
        forged = _SubClaim(text="X is dead")

        with pytest.raises(InvalidValueError):
            Entails(specific=forged, general=DEAD)
        with pytest.raises(InvalidValueError):
            Equivalent(claims=[forged, DEAD])
        with pytest.raises(InvalidValueError):
            Exclusive(key="fate", claims=[forged, ALIVE])

    def test_not_claims_refused(self) -> None:
        """
        Claims must be Claim values, in a collection.
        """
        with pytest.raises(InvalidValueError):
            Entails(specific="X is dead", general=DEAD)  # type: ignore[arg-type]  # the point
        with pytest.raises(InvalidValueError):
            Equivalent(claims=DEAD)

    def test_ids_stable(self) -> None:
        """
        Ids are the SHA-256 of the canonical form, whatever the order given.
        """
        one = Equivalent(claims=[DEAD, PERISHED])
        other = Equivalent(claims=[PERISHED, DEAD])

        assert one == other
        assert one.id == other.id
        assert 64 == len(one.id)
        assert sorted([DEAD.id, PERISHED.id]) == relation_node(one)["claims"]

    def test_ids_distinct(self) -> None:
        """
        Different relations, even over the same claims, have different ids.
        """
        found = {
            Entails(specific=DEAD, general=ALIVE).id,
            Entails(specific=ALIVE, general=DEAD).id,
            Equivalent(claims=[DEAD, ALIVE]).id,
            Exclusive(key="fate", claims=[DEAD, ALIVE]).id,
            Exclusive(key="fate", claims=[DEAD, ALIVE], exhaustive=True).id,
            Exclusive(key="other", claims=[DEAD, ALIVE]).id,
        }

        assert 6 == len(found)

    @pytest.mark.parametrize(
        "relation",
        [
            Entails(specific=TYPHOID, general=DEAD),
            Equivalent(claims=[DEAD, PERISHED]),
            Exclusive(key="fate", claims=[DEAD, ALIVE], exhaustive=True),
        ],
        ids=["entails", "equivalent", "exclusive"],
    )
    def test_pickles(self, relation: Relation) -> None:
        """
        Relations pickle, equal and with the same id.
        """
        again = pickle.loads(pickle.dumps(relation))  # noqa: S301  # our own bytes

        assert relation == again
        assert relation.id == again.id
        assert hash(relation) == hash(again)

    def test_canonical_forms(self) -> None:
        """
        The canonical forms name claims by id, sets sorted.
        """
        assert {
            "type": "entails",
            "specific": TYPHOID.id,
            "general": DEAD.id,
        } == relation_node(Entails(specific=TYPHOID, general=DEAD))
        assert {
            "type": "exclusive",
            "key": "fate",
            "claims": sorted([DEAD.id, ALIVE.id]),
            "exhaustive": False,
        } == relation_node(Exclusive(key="fate", claims=[ALIVE, DEAD]))

    def test_str(self) -> None:
        """
        Relations read as sentences.
        """
        assert "fate: exactly one of 2 hypotheses" == str(
            Exclusive(key="fate", claims=[DEAD, ALIVE], exhaustive=True)
        )
        assert str(TYPHOID) in str(Entails(specific=TYPHOID, general=DEAD))


class TestRelations:
    def test_cycle_refused(self) -> None:
        """
        Claims that entail each other in a cycle are refused.
        """
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Entails(specific=TYPHOID, general=DEAD),
                    Entails(specific=DEAD, general=TYPHOID),
                ]
            )

    def test_cycle_through_equivalent_classes(self) -> None:
        """
        A cycle closed by an equivalence is a cycle too.
        """
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Entails(specific=TYPHOID, general=DEAD),
                    Entails(specific=DEAD, general=PERISHED),
                    Equivalent(claims=[PERISHED, TYPHOID]),
                ]
            )

    def test_entailment_inside_a_class_allowed(self) -> None:
        """
        Entailment between equivalent claims is redundant, not a cycle.
        """
        found = Relations.of(
            [
                Equivalent(claims=[DEAD, PERISHED]),
                Entails(specific=DEAD, general=PERISHED),
            ]
        )

        assert found.head(DEAD) == found.head(PERISHED)

    def test_two_sets_one_key(self) -> None:
        """
        Two exclusive sets cannot share a key.
        """
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Exclusive(key="fate", claims=[DEAD, ALIVE]),
                    Exclusive(key="fate", claims=[TYPHOID, MISSING]),
                ]
            )

    def test_claim_in_two_sets(self) -> None:
        """
        A claim is in one exclusive set at most.
        """
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Exclusive(key="fate", claims=[DEAD, ALIVE]),
                    Exclusive(key="where", claims=[ALIVE, MISSING]),
                ]
            )

    def test_claim_in_two_sets_through_an_equivalent(self) -> None:
        """
        A claim's equivalent counts as the claim.
        """
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Equivalent(claims=[DEAD, PERISHED]),
                    Exclusive(key="fate", claims=[DEAD, ALIVE]),
                    Exclusive(key="where", claims=[PERISHED, MISSING]),
                ]
            )

    def test_equivalent_members_in_one_set(self) -> None:
        """
        Two hypotheses of a set cannot be equivalent.
        """
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Equivalent(claims=[DEAD, PERISHED]),
                    Exclusive(key="fate", claims=[DEAD, PERISHED]),
                ]
            )

    def test_member_entails_another(self) -> None:
        """
        One hypothesis cannot entail another, directly or not.
        """
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Entails(specific=TYPHOID, general=DEAD),
                    Exclusive(key="fate", claims=[TYPHOID, DEAD]),
                ]
            )
        with pytest.raises(RelationError):
            Relations.of(
                [
                    Entails(specific=TYPHOID, general=PERISHED),
                    Entails(specific=PERISHED, general=DEAD),
                    Exclusive(key="fate", claims=[TYPHOID, DEAD]),
                ]
            )

    def test_structure(self) -> None:
        """
        Classes, entailment and sets are read off the relations.
        """
        found = Relations.of(
            [
                Equivalent(claims=[DEAD, PERISHED]),
                Entails(specific=TYPHOID, general=PERISHED),
                Exclusive(key="fate", claims=[DEAD, ALIVE], exhaustive=True),
            ]
        )

        assert (DEAD, PERISHED) == found.equivalents(PERISHED)
        assert (found.head(DEAD),) == found.implied(TYPHOID)
        assert found.set_of(PERISHED) == found.set_named("fate")
        assert frozenset({TYPHOID, DEAD, PERISHED, ALIVE}) == found.claims

    @given(st.lists(claims(), min_size=2, max_size=6, unique=True).flatmap(relations))
    def test_strategy_draws_valid_sets(self, drawn: frozenset[Relation]) -> None:
        """
        Whatever testing.relations() draws holds together.
        """
        assert drawn == Relations.of(drawn).relations


class TestReading:
    def test_str(self) -> None:
        """
        An equivalence reads as its claims joined by "=", in order.
        """
        assert f"{PERISHED} = {DEAD}" != str(Equivalent(claims=(PERISHED, DEAD)))
        assert f"{DEAD} = {PERISHED}" == str(Equivalent(claims=(PERISHED, DEAD)))

    def test_iteration_in_id_order(self) -> None:
        """
        A set of relations iterates in the order of the relations' ids,
        however it was built.
        """
        held: list[Relation] = [
            Entails(specific=TYPHOID, general=DEAD),
            Equivalent(claims=(DEAD, PERISHED)),
            Exclusive(key="state", claims={DEAD, ALIVE}),
        ]
        ordered = sorted(held, key=lambda relation: relation.id)

        assert ordered == list(Relations(frozenset(held)))
        assert ordered == list(Relations(frozenset(reversed(held))))

    def test_equal_quantities_are_equivalent(self) -> None:
        """
        Two claims whose quantities are the same range are equivalent.
        """
        amount = Quantity(
            value=12000, unit="troops", bound=Bound.EXACTLY, subject="troops sent"
        )
        a = Claim(text="12,000 troops were sent", quantity=amount)
        b = Claim(text="Twelve thousand troops went", quantity=amount)

        assert ((Equivalent(claims=(a, b)),), ()) == quantity_relations([b, a], 0.1)


class TestLedger:
    def test_of_with_relations(self) -> None:
        """
        Ledger.of parts records from relations, and keeps both.
        """
        said = statement(TYPHOID)
        entails = Entails(specific=TYPHOID, general=DEAD)

        ledger = Ledger.of([said, entails])

        assert frozenset({said}) == ledger.held
        assert frozenset({entails}) == ledger.relations
        assert entails in ledger
        assert frozenset({DEAD, TYPHOID}) == frozenset(ledger.claims)

    def test_add_merge_and_as_of_keep_relations(self) -> None:
        """
        add, merge and as_of keep the relations.
        """
        entails = Entails(specific=TYPHOID, general=DEAD)
        fate = Exclusive(key="fate", claims=[DEAD, ALIVE])
        early = Ledger.of([statement(TYPHOID, 1), entails])
        late = Ledger.of([statement(ALIVE, 20), fate])

        merged = early.merge(late)

        assert frozenset({entails, fate}) == merged.relations
        assert frozenset({entails, fate}) == merged.as_of(dt.date(2024, 1, 2)).relations
        assert merged == early.add(statement(ALIVE, 20), fate)
        assert fate == merged.hypotheses("fate")

    def test_conflicting_relations_refused(self) -> None:
        """
        A ledger never holds relations that cannot all hold.
        """
        entails = Entails(specific=TYPHOID, general=DEAD)

        with pytest.raises(RelationError):
            Ledger.of([entails, Exclusive(key="fate", claims=[TYPHOID, DEAD])])
        with pytest.raises(RelationError):
            Ledger.of([entails]).add(Entails(specific=DEAD, general=TYPHOID))

    def test_a_claim_entailing_two_hypotheses_refused(self) -> None:
        """
        A claim that entails two hypotheses of one set (directly, through
        a chain or an equivalent) could never be true: refused, as a
        hypothesis entailing another is.
        """
        fate = Exclusive(key="fate", claims=[ALIVE, DEAD])
        both: list[list[Relation]] = [
            [Entails(specific=TYPHOID, general=ALIVE)],
            [
                Entails(specific=TYPHOID, general=MISSING),
                Entails(specific=MISSING, general=ALIVE),
            ],
            [
                Equivalent(claims=[TYPHOID, PERISHED]),
                Entails(specific=PERISHED, general=ALIVE),
            ],
        ]
        for found in both:
            with pytest.raises(RelationError) as info:
                Ledger.of([*found, Entails(specific=TYPHOID, general=DEAD), fate])
            assert "entails two of its hypotheses" in info.value.msg
        Ledger.of([Entails(specific=TYPHOID, general=DEAD), fate])

    def test_unknown_set(self) -> None:
        """
        Asking for a set no relation names is an UnknownClaimError.
        """
        with pytest.raises(UnknownClaimError):
            Ledger().hypotheses("fate")

    @given(ledgers(relations=True))
    def test_strategy(self, ledger: Ledger) -> None:
        """
        Every claim a relation names is among the ledger's claims.
        """
        assert ledger.related.claims <= frozenset(ledger.claims)
