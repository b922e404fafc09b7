"""
The policy's rules, asked directly, check what they are asked about.

The engine asks `Policy` its rules with values it has checked; a user who
asks them (to show an analyst where a number comes from) gets an
`InvalidValueError` naming the argument for anything else, never a bare
``AttributeError`` from deep inside, and a day of a ``date`` subclass is read
as the plain day it stands for.
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Assessments,
    Claim,
    Ledger,
    Opinion,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess,
    assess_all,
)
from provenance.errors import InvalidValueError, UnknownClaimError
from provenance.opinion import Discounting
from provenance.stances import Polarity
from provenance.store import Store
from provenance.testing import opinions
from provenance.track import Event


AGENCY = Source(name="Agency", kind=SourceKind.GOVERNMENT)
TROOPS = Claim(text="Troops crossed the border", key="troops")
TRUST = Opinion(belief=0.7, disbelief=0.1, uncertainty=0.2)


class OddDay(dt.date):
    """A day that prints, and compares by its own rules, as another."""

    def __str__(self) -> str:
        return "the day of the odd type"

    def isoformat(self) -> str:
        return "1999-01-01"


ASKED: list[tuple[str, Callable[[], object]]] = [
    ("Policy.trust_in", lambda: DEFAULT_POLICY.trust_in("Agency")),  # type: ignore[arg-type]
    (
        "Policy.trust_in.as_of",
        lambda: DEFAULT_POLICY.trust_in(AGENCY, as_of="2024-01-01"),  # type: ignore[arg-type]
    ),
    (
        "Policy.trust_in.as_of",
        lambda: DEFAULT_POLICY.trust_in(
            AGENCY, as_of=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
        ),
    ),
    ("Policy.relay_trust_in", lambda: DEFAULT_POLICY.relay_trust_in(None)),  # type: ignore[arg-type]
    ("Policy.base_rate_of", lambda: DEFAULT_POLICY.base_rate_of([])),  # type: ignore[arg-type]
    (
        "Policy.half_life_of",
        lambda: DEFAULT_POLICY.half_life_of("troops", dt.date(2024, 1, 1)),  # type: ignore[arg-type]
    ),
    (
        "Policy.half_life_of.reference",
        lambda: DEFAULT_POLICY.half_life_of(TROOPS, "2024"),  # type: ignore[arg-type]
    ),
    (
        "Policy.stance_opinion.stance",
        lambda: DEFAULT_POLICY.stance_opinion("said", 0.5),  # type: ignore[arg-type]
    ),
    (
        "Policy.stance_opinion.base_rate",
        lambda: DEFAULT_POLICY.stance_opinion(Stance.from_verb("said"), float("nan")),
    ),
    (
        "Policy.interest.source",
        lambda: DEFAULT_POLICY.interest("Agency", TROOPS, Polarity.POSITIVE),  # type: ignore[arg-type]
    ),
    (
        "Policy.interest.claim",
        lambda: DEFAULT_POLICY.interest(AGENCY, "troops", Polarity.POSITIVE),  # type: ignore[arg-type]
    ),
    (
        "Policy.interest.polarity",
        lambda: DEFAULT_POLICY.interest(AGENCY, TROOPS, "positive"),  # type: ignore[arg-type]
    ),
    (
        "Discounting.discount.trusts[1]",
        lambda: DEFAULT_POLICY.discount([TRUST, 0.7], 1.0, TRUST),  # type: ignore[list-item]
    ),
    (
        "Discounting.discount.trusts",
        lambda: DEFAULT_POLICY.discount("trust", 1.0, TRUST),  # type: ignore[arg-type]
    ),
    (
        "Discounting.discount.factor",
        lambda: DEFAULT_POLICY.discount([TRUST], 2.0, TRUST),
    ),
    (
        "Discounting.discount.opinion",
        lambda: DEFAULT_POLICY.discount([TRUST], 1.0, 0.9),  # type: ignore[arg-type]
    ),
]


@pytest.mark.parametrize(
    ("path", "ask"), ASKED, ids=[f"{p}-{i}" for i, (p, _) in enumerate(ASKED)]
)
def test_a_rule_asked_about_a_wrong_value_names_the_argument(
    path: str, ask: Callable[[], object]
) -> None:
    with pytest.raises(InvalidValueError) as info:
        ask()

    assert path == info.value.path


def test_trust_as_of_a_date_subclass_is_trust_as_of_its_day() -> None:
    assert DEFAULT_POLICY.trust_in(AGENCY, as_of=dt.date(2024, 5, 1)) == (
        DEFAULT_POLICY.trust_in(AGENCY, as_of=OddDay(2024, 5, 1))
    )


def test_an_event_keeps_a_plain_day() -> None:
    event = Event(known_on=OddDay(2024, 5, 1), claim=TROOPS, correct=True)

    assert type(event.known_on) is dt.date
    assert Event(known_on=dt.date(2024, 5, 1), claim=TROOPS, correct=True) == event


def test_an_unknown_key_on_a_day_is_named_by_the_day_itself(tmp_path: Path) -> None:
    said = Statement(
        source=AGENCY,
        claim=TROOPS,
        stance=Stance.from_verb("said"),
        made_on=dt.date(2024, 6, 1),
    )
    with Store.open(tmp_path / "desk.provenance") as store:
        store.add(Ledger.of([said]))

        with pytest.raises(UnknownClaimError) as info:
            store.assess("troops", known_on=OddDay(2000, 1, 1))

    assert "known on 2000-01-01" in str(info.value)
    assert "odd" not in str(info.value)


@given(
    st.sampled_from(list(Discounting)),
    st.lists(opinions(), max_size=3),
    st.floats(0, 1),
    opinions(),
)
def test_a_checked_discount_is_the_operator_itself(
    discounting: Discounting, trusts: list[Opinion], factor: float, opinion: Opinion
) -> None:
    expected: Any = discounting.operator(tuple(trusts), factor, opinion)

    assert expected == discounting.discount(iter(trusts), factor, opinion)


@pytest.mark.parametrize(
    ("path", "ask"),
    [
        ("assess.claim", lambda: assess(Ledger(), 5)),  # type: ignore[call-overload]
        (
            "assess_all.as_of",
            lambda: assess_all(
                Ledger(), as_of=dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
            ),
        ),
        ("assess_all.policy", lambda: assess_all(Ledger(), policy="strict")),  # type: ignore[arg-type]
        ("Assessments.as_of", lambda: Assessments(Ledger(), as_of="2024-01-01")),
    ],
)
def test_an_entry_point_names_itself(path: str, ask: Callable[[], object]) -> None:
    with pytest.raises(InvalidValueError) as info:
        ask()

    assert path == info.value.path
