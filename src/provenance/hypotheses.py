"""
Competing hypotheses: an exclusive set of claims assessed as one multinomial
opinion (subjective logic's hyper-opinions, Jøsang 2016 ch. 3).

Over a domain of exclusive hypotheses (with "none of these" added when the
set is not exhaustive) a hyper-opinion holds belief masses on subsets of
the domain and an uncertainty, summing to 1, and a base rate per
hypothesis. Evidence for one hypothesis is belief in it alone; evidence
against it is belief in the rest of the domain. Each member's fused
binomial opinion enters as such a hyper-opinion, and the members' opinions
are fused cumulatively, so that the projected probabilities of the domain
sum to 1 and those of the members to at most 1.

>>> from provenance import Claim, Opinion
>>> russian = Claim(text="The missile was Russian", key="russian")
>>> ukrainian = Claim(text="The missile was Ukrainian", key="ukrainian")
>>> fused = HyperOpinion.of(
...     (russian, ukrainian),
...     {russian: Opinion(0.6, 0.0, 0.4, 0.5), ukrainian: Opinion(0.0, 0.3, 0.7, 0.5)},
...     exhaustive=True,
... )
>>> [round(p, 3) for p in fused.probabilities]
[0.829, 0.171]
"""

from __future__ import annotations

import math

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from provenance import _reprs
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.opinion import Opinion


if TYPE_CHECKING:
    from provenance.assessment import Assessment
    from provenance.policy import Policy
    from provenance.relations import Exclusive


__all__ = ["HyperOpinion", "SetAssessment", "set_base_rates"]

_SLACK = 1e-9  # Rounding allowed in a sum of base rates.

Subset = frozenset[int]
"""A subset of a domain, as the positions of its hypotheses."""


@attrs.frozen(kw_only=True)
class HyperOpinion:
    """
    A multinomial (hyper-) opinion over exclusive hypotheses.

    Attributes:
        hypotheses: The domain, in order; ``None`` stands for "none of
            these" (a set that is not exhaustive).
        beliefs: The belief mass on each subset of the domain that has some
            (subsets as tuples of positions, sorted).
        uncertainty: The mass on the whole domain, uncommitted.
        base_rates: The prior of each hypothesis, summing to 1.
    """

    hypotheses: tuple[Claim | None, ...]
    beliefs: tuple[tuple[tuple[int, ...], float], ...]
    uncertainty: float
    base_rates: tuple[float, ...]

    @classmethod
    def of(
        cls,
        members: Sequence[Claim],
        opinions: Mapping[Claim, Opinion],
        *,
        exhaustive: bool,
        base_rates: Sequence[float] | None = None,
    ) -> HyperOpinion:
        """
        The cumulative fusion of each member's binomial opinion (belief in
        it alone, disbelief in the rest of the domain), with uniform base
        rates unless *base_rates* gives the domain's.
        """
        domain: tuple[Claim | None, ...] = (
            tuple(members) if exhaustive else (*members, None)
        )
        size = len(domain)
        rates = tuple(base_rates) if base_rates is not None else (1.0 / size,) * size
        everything = frozenset(range(size))
        parts: list[tuple[dict[Subset, float], float]] = []
        for i, claim in enumerate(members):
            o = opinions[claim]
            masses: dict[Subset, float] = {}
            if o.belief > 0.0:
                masses[frozenset((i,))] = o.belief
            if o.disbelief > 0.0:
                masses[everything - {i}] = o.disbelief
            parts.append((masses, o.uncertainty))
        masses, uncertainty = _cumulative(parts)
        return cls(
            hypotheses=domain,
            beliefs=tuple(sorted((tuple(sorted(s)), b) for s, b in masses.items())),
            uncertainty=uncertainty,
            base_rates=rates,
        )

    @property
    def probabilities(self) -> tuple[float, ...]:
        """
        The projected probability of each hypothesis of the domain: its own
        belief, ``a(x) u``, and a share of the belief in each subset of
        several that holds it, in proportion to the members' probabilities:
        ``P(x) = b(x) + a(x) u + sum of b(S) P(x) / P(S)``, the fixed point
        reached from Jøsang's projection (which shares ``b(S)`` by base
        rate). Belief that one of several holds is shared as the rest of the
        evidence weighs them, as Bayes' rule renormalises over the
        hypotheses left: evidence against one hypothesis never lowers
        another.
        """
        return _projected(self.beliefs, self.uncertainty, self.base_rates)

    def coarsened(self, position: int) -> Opinion:
        """
        The binomial view of one hypothesis: belief in it alone, disbelief
        in subsets without it, the rest uncertain, with the base rate that
        keeps its projected probability.
        """
        belief = disbelief = 0.0
        for subset, mass in self.beliefs:
            if subset == (position,):
                belief += mass
            elif position not in subset:
                disbelief += mass
        uncertainty = max(0.0, 1.0 - belief - disbelief)
        probability = self.probabilities[position]
        if uncertainty > 0.0:
            rate = min(max((probability - belief) / uncertainty, 0.0), 1.0)
        else:
            rate = self.base_rates[position]
        return Opinion(belief, disbelief, uncertainty, rate)


#: The projection's fixed point: settled when no probability moves by more,
#: and the most rounds it may take (each round is a few operations a subset).
_SETTLED = 1e-13
_ROUNDS = 10_000


def _projected(
    beliefs: Sequence[tuple[tuple[int, ...], float]],
    uncertainty: float,
    rates: Sequence[float],
) -> tuple[float, ...]:
    """
    `HyperOpinion.probabilities`: each subset of several's belief shared by
    its members' probabilities, iterated to the fixed point.
    """
    own = [a * uncertainty for a in rates]
    shared: list[tuple[tuple[int, ...], float]] = []
    for subset, mass in beliefs:
        if len(subset) == 1:
            own[subset[0]] += mass
        else:
            shared.append((subset, mass))
    weights = list(rates)  # The first round shares by base rate (Jøsang's).
    out = own
    for _ in range(_ROUNDS if shared else 1):
        out = list(own)
        for subset, mass in shared:
            total = math.fsum(weights[i] for i in subset)
            for i in subset:
                share = weights[i] / total if total > 0.0 else 1.0 / len(subset)
                out[i] += mass * share
        if max(abs(p - w) for p, w in zip(out, weights, strict=True)) <= _SETTLED:
            break
        weights = out
    return tuple(min(max(p, 0.0), 1.0) for p in out)


def _cumulative(
    parts: Sequence[tuple[dict[Subset, float], float]],
) -> tuple[dict[Subset, float], float]:
    """
    Cumulative fusion of hyper-opinions on one domain, in evidence form:
    ``b(S) = u * sum b_i(S) / u_i``, ``1 / u = 1 + sum (1 - u_i) / u_i``.
    Dogmatic opinions (u = 0) are the limit: averaged, the rest ignored.
    """
    dogmatic = [masses for masses, u in parts if u <= 0.0]
    out: dict[Subset, float] = {}
    if dogmatic:
        for masses in dogmatic:
            for subset, mass in masses.items():
                out[subset] = out.get(subset, 0.0) + mass / len(dogmatic)
        return out, 0.0
    inverse = 1.0 + math.fsum((1.0 - u) / u for _, u in parts)
    uncertainty = 1.0 / inverse
    for masses, u in parts:
        for subset, mass in masses.items():
            out[subset] = out.get(subset, 0.0) + mass / u
    return {s: r * uncertainty for s, r in out.items()}, uncertainty


def set_base_rates(hypotheses: Exclusive, policy: Policy) -> tuple[float, ...]:
    """
    The base rates of a set's domain (its hypotheses in order, then "none
    of these" unless exhaustive): a rate the policy sets for a member
    (`Policy.with_base_rate`) is kept, the rest of the unit shared equally.

    Raises:
        InvalidValueError: The members' set rates sum to more than 1 (or,
            for an exhaustive set, leave nothing for the others or fall
            short of 1 with none left to share it).
    """
    members = hypotheses.hypotheses
    given = [policy.claim_base_rates.get(claim) for claim in members]
    if not hypotheses.exhaustive:
        given.append(None)
    fixed = math.fsum(rate for rate in given if rate is not None)
    free = sum(1 for rate in given if rate is None)
    left = 1.0 - fixed
    path = f"Policy.claim_base_rates[{hypotheses.key}]"
    if left < -_SLACK or (free and left <= 0.0):
        msg = "the base rates of an exclusive set's hypotheses must sum to below 1"
        raise InvalidValueError(msg, path, round(fixed, 6))
    if not free and abs(left) > _SLACK:
        msg = "the base rates of an exhaustive set's hypotheses must sum to 1"
        raise InvalidValueError(msg, path, round(fixed, 6))
    share = left / free if free else 0.0
    return tuple(share if rate is None else rate for rate in given)


@attrs.frozen(kw_only=True)
class SetAssessment:
    """
    An exclusive set of hypotheses assessed as one multinomial opinion.

    Attributes:
        hypotheses: The set.
        opinion: The fused hyper-opinion over its domain.
        members: Each hypothesis's assessment, in the set's order; its
            opinion is the hypothesis's binomial view of *opinion*.
    """

    hypotheses: Exclusive
    opinion: HyperOpinion
    members: tuple[Assessment, ...]

    @property
    def probabilities(self) -> dict[Claim, float]:
        """
        Each hypothesis's projected probability (summing to at most 1).
        """
        return {a.claim: a.probability for a in self.members}

    @property
    def none(self) -> float | None:
        """
        The probability that none of the hypotheses is true; ``None`` for an
        exhaustive set.
        """
        if self.hypotheses.exhaustive:
            return None
        return self.opinion.probabilities[-1]

    def explain(self) -> str:
        """
        The set's verdict, each hypothesis's probability, and how to read
        them.
        """
        from provenance.explain import explain_set  # noqa: PLC0415  # flows one way

        return explain_set(self)

    def __repr__(self) -> str:
        return _reprs.set_repr(self)

    def _repr_html_(self) -> str:
        return _reprs.set_html(self)

    def __getitem__(self, claim: Claim | str) -> Assessment:
        """
        The assessment of one hypothesis (a `Claim`, or its key).
        """
        for assessment in self.members:
            if claim in (assessment.claim, assessment.claim.key, assessment.claim.id):
                return assessment
        msg = "is not a hypothesis of this set"
        raise InvalidValueError(msg, f"SetAssessment[{self.hypotheses.key}]", claim)
