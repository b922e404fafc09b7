"""
Stateful tests: sequences of building, merging and filtering ledgers keep
every look-up, the document round trip and the assessments consistent with a
plain set of records.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from provenance.assessment import Assessments, assess_all
from provenance.ledger import Ledger
from provenance.records import Record, Report, Statement
from provenance.serialize import dumps, loads
from provenance.testing import ledgers, records, sources


DAYS = st.dates(dt.date(2020, 1, 1), dt.date(2027, 1, 1))


class LedgerMachine(RuleBasedStateMachine):
    """
    A ledger beside the set of records it must hold.
    """

    others = Bundle("others")

    @initialize()
    def start(self) -> None:
        self.ledger = Ledger()
        self.model: set[Record] = set()

    @rule(record=records())
    def add(self, record: Record) -> None:
        self.ledger = self.ledger.add(record)
        self.model.add(record)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def relay(self, data: st.DataObject) -> None:
        content = data.draw(st.sampled_from(sorted(self.model, key=lambda r: r.id)))
        report = Report(
            reporter=data.draw(sources()), content=content, made_on=content.made_on
        )
        self.ledger = self.ledger.add(report)
        self.model.add(report)

    @rule(target=others, other=ledgers())
    def another(self, other: Ledger) -> Ledger:
        return other

    @rule(other=others)
    def merge(self, other: Ledger) -> None:
        self.ledger = self.ledger.merge(other)
        self.model |= set(other.held)

    @rule(day=DAYS)
    def cut(self, day: dt.date) -> None:
        self.ledger = self.ledger.as_of(day)
        self.model = {r for r in self.model if r.made_on <= day}

    @rule()
    def round_trip(self) -> None:
        self.ledger = loads(dumps(self.ledger))

    @invariant()
    def holds_the_model(self) -> None:
        assert frozenset(self.model) == self.ledger.held
        assert len(self.model) == len(self.ledger)
        assert sorted(r.id for r in self.model) == [r.id for r in self.ledger]

    @invariant()
    def look_ups_agree(self) -> None:
        reached = {r.id: r for e in self.model for r in _chain(e)}
        assert sorted(reached) == [r.id for r in self.ledger.reached]
        for statement in self.ledger.statements:
            routes = self.ledger.routes(statement)
            assert routes
            assert all(route[-1].content == statement for route in routes if route)
            assert statement in self.ledger.statements_about(statement.claim)
        for record in self.ledger.reached:
            assert self.ledger.get(record.id) == record

    @invariant()
    def survives_the_document(self) -> None:
        assert self.ledger == loads(dumps(self.ledger))

    @invariant()
    def assessments_agree(self) -> None:
        assert assess_all(self.ledger) == dict(Assessments(self.ledger))


def _chain(record: Record) -> list[Record]:
    found: list[Record] = []
    node: Record = record
    while isinstance(node, Report):
        found.append(node)
        node = node.content
    assert isinstance(node, Statement)
    found.append(node)
    return found


TestLedgerMachine = LedgerMachine.TestCase
# As many runs as the profile asks for, at most 50: few in the quick default
# run, 50 in CI.
TestLedgerMachine.settings = settings(
    max_examples=min(50, settings().max_examples), stateful_step_count=15, deadline=None
)
