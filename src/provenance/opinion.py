"""
Subjective-logic binomial opinions and the operators that combine them.

The formulas follow Jøsang, *Subjective Logic* (Springer 2016), [J16] below;
the n-ary fusion operators use the numerically stable ratio forms of Jøsang,
Wang and Zhang (FUSION 2017) and van der Heijden, Kopp and Kargl (FUSION 2018).
Every operator returns a new, valid `Opinion`: float overshoot is clamped and
no division by zero is reachable from valid input.
"""

from __future__ import annotations

import enum
import math
import sys

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, TypeAlias


if TYPE_CHECKING:  # typing.Self is new in Python 3.11.
    from typing import Self

import attrs

from provenance._validators import to_float, unit_interval
from provenance.errors import InvalidValueError


__all__ = [
    "Discounting",
    "Fusion",
    "Opinion",
    "averaging_fuse",
    "conflict",
    "consensus_compromise_fuse",
    "cumulative_fuse",
    "discount",
    "discount_by",
    "discount_classic",
    "strongest_fuse",
    "weighted_fuse",
]

#: The non-informative prior weight W of the Beta evidence mapping.
_PRIOR_WEIGHT: Final = 2.0
#: How far belief + disbelief + uncertainty may stray from 1.
_SUM_TOLERANCE: Final = 1e-9
#: Belief and disbelief (or a probability and 1/2) this close are even
#: (`Opinion.side`, `Opinion.verdict_side`).
_SIDE_TOLERANCE: Final = 1e-12
#: The largest finite float: evidence beyond it is scaled down to it.
_LARGEST: Final = sys.float_info.max
#: Keeps the renormalisation in `_make` free of a division by zero.
_TINY: Final = 1e-300


@attrs.frozen
class Opinion:
    """
    A binomial subjective-logic opinion about one proposition.

    Attributes:
        belief: Mass for "true", in [0, 1].
        disbelief: Mass for "false", in [0, 1].
        uncertainty: Uncommitted mass, in [0, 1]; ``belief + disbelief +
            uncertainty`` is 1 (within 1e-9).
        base_rate: The prior probability of "true", used for the uncommitted
            mass; 0.5 unless the domain says otherwise.

    >>> firm = Opinion(0.7, 0.1, 0.2)
    >>> round(firm.probability, 2)
    0.8
    >>> round(cumulative_fuse(firm, Opinion(0.5, 0.0, 0.5)).probability, 3)
    0.833
    """

    belief: float = attrs.field(converter=to_float, validator=unit_interval)
    disbelief: float = attrs.field(converter=to_float, validator=unit_interval)
    uncertainty: float = attrs.field(converter=to_float, validator=unit_interval)
    base_rate: float = attrs.field(
        default=0.5, converter=to_float, validator=unit_interval
    )

    def __attrs_post_init__(self) -> None:
        total = self.belief + self.disbelief + self.uncertainty
        if not math.isclose(total, 1.0, rel_tol=0.0, abs_tol=_SUM_TOLERANCE):
            msg = "belief + disbelief + uncertainty must be 1"
            raise InvalidValueError(msg, "Opinion", total)

    @classmethod
    def vacuous(cls, base_rate: float = 0.5) -> Opinion:
        """
        The opinion of total ignorance, ``(0, 0, 1, base_rate)``.

        Its probability is *base_rate*: "I don't know", not "50 % true".
        """
        return cls(0.0, 0.0, 1.0, base_rate)

    @classmethod
    def dogmatic(cls, probability: float, base_rate: float = 0.5) -> Opinion:
        """
        A bare probability as an opinion without uncertainty.

        Returns:
            ``(probability, 1 - probability, 0, base_rate)``.

        Raises:
            InvalidValueError: *probability* is not a number in [0, 1].
        """
        p = _unit(probability, "Opinion.dogmatic.probability")
        return cls(p, 1.0 - p, 0.0, base_rate)

    @classmethod
    def from_evidence(
        cls,
        positive: float,
        negative: float,
        *,
        base_rate: float = 0.5,
        prior_weight: float = _PRIOR_WEIGHT,
    ) -> Opinion:
        """
        The opinion of a Beta posterior after *positive* and *negative*
        observations [J16 §3.4].

        ``b = r/(W+r+s)``, ``d = s/(W+r+s)``, ``u = W/(W+r+s)``.
        Infinite evidence on one side gives an absolute opinion.

        Args:
            positive: The evidence *r* for "true", a number >= 0.
            negative: The evidence *s* for "false", a number >= 0.
            base_rate: The base rate of the result.
            prior_weight: The non-informative prior weight *W* > 0.

        Raises:
            InvalidValueError: Evidence is negative, NaN or infinite on both
                sides, or *prior_weight* is not a finite number > 0.
        """
        r = _evidence(positive, "Opinion.from_evidence.positive")
        s = _evidence(negative, "Opinion.from_evidence.negative")
        w = _prior_weight(prior_weight, "Opinion.from_evidence.prior_weight")
        if math.isinf(r) and math.isinf(s):
            msg = "evidence must not be infinite on both sides"
            raise InvalidValueError(msg, "Opinion.from_evidence", (r, s))
        if math.isinf(r) or math.isinf(s):
            return cls(float(math.isinf(r)), float(math.isinf(s)), 0.0, base_rate)
        # Divide by the largest term first, so that huge evidence cannot overflow.
        scale = max(r, s, w)
        r, s, w = r / scale, s / scale, w / scale
        total = w + r + s
        return _make(r / total, s / total, w / total, base_rate)

    @classmethod
    def from_probability(
        cls, probability: float, uncertainty: float, base_rate: float = 0.5
    ) -> Opinion:
        """
        The opinion with the given projected probability and uncertainty.

        ``b = P - a·u`` and ``d = 1 - P - (1-a)·u``.

        Raises:
            InvalidValueError: An argument is not in [0, 1], or *uncertainty*
                exceeds ``min(P/a, (1-P)/(1-a))``, the most a probability
                this close to 0 or 1 can carry.
        """
        p = _unit(probability, "Opinion.from_probability.probability")
        u = _unit(uncertainty, "Opinion.from_probability.uncertainty")
        a = _unit(base_rate, "Opinion.from_probability.base_rate")
        b = p - a * u
        d = 1.0 - p - (1.0 - a) * u
        if min(b, d) < -_SUM_TOLERANCE:
            bound = _max_uncertainty(p, a)
            msg = (
                "uncertainty exceeds the feasible bound "
                f"min(P/a, (1-P)/(1-a)) = {bound:.6g}"
            )
            raise InvalidValueError(msg, "Opinion.from_probability.uncertainty", u)
        return _make(b, d, u, a)

    @property
    def probability(self) -> float:
        """
        The projected probability ``P = b + a·u``.
        """
        return min(self.belief + self.base_rate * self.uncertainty, 1.0)

    @property
    def side(self) -> int:
        """
        Which way the opinion leans: 1 if its belief exceeds its disbelief,
        -1 if its disbelief exceeds its belief, 0 if they are equal to within
        float rounding (1e-12), as a dead-even contradiction computed in
        floats often is not exactly.
        """
        gap = self.belief - self.disbelief
        return (gap > _SIDE_TOLERANCE) - (gap < -_SIDE_TOLERANCE)

    @property
    def verdict_side(self) -> int:
        """
        Which side of even the opinion's probability falls, as its
        estimative word does: 1 above 1/2, -1 below, 0 within float rounding
        (1e-12) of it. The same as `side` at base rate 1/2; at another base
        rate the prior can carry the probability across even against the
        evidence (a hypothesis whose rivals were denied, a rare event
        asserted once).
        """
        gap = self.probability - 0.5
        return (gap > _SIDE_TOLERANCE) - (gap < -_SIDE_TOLERANCE)

    @property
    def variance(self) -> float:
        """
        The variance of the equivalent Beta, ``P·(1-P)·u/(W+u)`` with W = 2.
        """
        p = self.probability
        return p * (1.0 - p) * self.uncertainty / (_PRIOR_WEIGHT + self.uncertainty)

    @property
    def is_vacuous(self) -> bool:
        """
        Whether the opinion is total ignorance: no belief and no disbelief.

        Then u is 1 up to the sum tolerance; judging by the masses keeps this
        consistent with the fusion operators, which weigh by ``b + d``.
        """
        return self.belief == 0.0 and self.disbelief == 0.0

    @property
    def is_dogmatic(self) -> bool:
        """
        Whether the opinion has no uncertainty (u = 0).
        """
        return self.uncertainty == 0.0

    def to_evidence(
        self, *, prior_weight: float = _PRIOR_WEIGHT
    ) -> tuple[float, float]:
        """
        The Beta evidence ``(r, s) = (W·b/u, W·d/u)`` behind the opinion.

        A dogmatic opinion stands for infinite evidence: ``math.inf`` on each
        side with mass, 0.0 on a side without. Evidence too large for a float
        (an uncertainty below about 1e-308) is scaled down to the largest
        float with its ratio kept, so that `from_evidence` gives back the
        belief and disbelief and a non-zero uncertainty.

        .. versionchanged:: unreleased
            Tiny non-zero uncertainty no longer gives infinite evidence.

        Raises:
            InvalidValueError: *prior_weight* is not a finite number > 0.
        """
        w = _prior_weight(prior_weight, "Opinion.to_evidence.prior_weight")
        if self.is_dogmatic:
            return (
                math.inf if self.belief > 0.0 else 0.0,
                math.inf if self.disbelief > 0.0 else 0.0,
            )
        b, d, u = self.belief, self.disbelief, self.uncertainty
        r, s = w * b / u, w * d / u
        if math.isinf(r) or math.isinf(s):
            # The evidence is beyond the float range (u below about 1e-308):
            # infinity would read back as a dogmatic opinion, or not at all.
            # Scale it to the largest float instead, keeping r : s, so that
            # from_evidence() gives back b and d, and a tiny non-zero u.
            top = max(b, d)
            r, s = _LARGEST * (b / top), _LARGEST * (d / top)
        return (r, s)

    def complement(self) -> Opinion:
        """
        The opinion about the negated proposition (NOT): ``(d, b, u, 1-a)``.
        """
        return Opinion(
            self.disbelief, self.belief, self.uncertainty, 1.0 - self.base_rate
        )

    def uncertainty_maximised(self) -> Opinion:
        """
        The least committed opinion with the same probability and base rate.

        ``u' = P/a`` if ``a > 0`` and ``P <= a``, else ``u' = (1-P)/(1-a)``;
        then ``b' = P - a·u'`` and ``d' = 1 - b' - u'`` [J16 §3.5.6].
        In the first case ``b'`` is 0 and in the second ``d'`` is 0.
        The branches are computed from ``b`` and ``d`` rather than from ``P``
        (``P <= a`` is ``b·(1-a) <= a·d``, ``P/a = u + b/a`` and
        ``(1-P)/(1-a) = u + d/(1-a)``), which keeps them exact when ``P``
        rounds to 1 or ``a`` is within rounding of 1.
        """
        b, d, u, a = self.belief, self.disbelief, self.uncertainty, self.base_rate
        if a > 0.0 and b * (1.0 - a) <= a * d:
            return _make(0.0, d - b * (1.0 - a) / a, u + b / a, a)
        return _make(b - d * a / (1.0 - a), 0.0, u + d / (1.0 - a), a)


def _make(b: float, d: float, u: float, a: float) -> Opinion:
    """
    Build an opinion from computed parts, absorbing float overshoot.

    Each part is clamped to [0, 1] and ``(b, d, u)`` rescaled to sum to 1.
    """
    return Opinion(*_clamped(b, d, u, a))


def _clamped(
    b: float, d: float, u: float, a: float
) -> tuple[float, float, float, float]:
    """
    The parts `_make` builds an opinion from: clamped, and rescaled to sum 1.
    """
    # Written out rather than as a loop: the engine calls this per line.
    b = min(max(b, 0.0), 1.0)
    d = min(max(d, 0.0), 1.0)
    u = min(max(u, 0.0), 1.0)
    a = min(max(a, 0.0), 1.0)
    total = b + d + u
    if total != 1.0:
        total = max(total, _TINY)
        b, d, u = b / total, d / total, u / total
    return b, d, u, a


def _trusted(b: float, d: float, u: float, a: float) -> Opinion:
    """
    An opinion from parts `_clamped` returned, without running the validators.

    The assessment engine builds one opinion per line of evidence, a million
    for a large ledger; parts that come out of `_clamped` from finite inputs
    are valid by construction, and skipping the four converters, validators
    and the sum check makes each one several times cheaper. The result is
    equal to ``Opinion(b, d, u, a)``.
    """
    opinion: Opinion = _new(Opinion)
    _set(opinion, "belief", b)
    _set(opinion, "disbelief", d)
    _set(opinion, "uncertainty", u)
    _set(opinion, "base_rate", a)
    return opinion


_new = object.__new__
_set = object.__setattr__


def _unit(value: Any, path: str) -> float:
    """
    *value* as a float in [0, 1], or `InvalidValueError` naming *path*.
    """
    number = to_float(value)
    if not isinstance(number, float) or not 0.0 <= number <= 1.0:
        msg = "must be a number in [0, 1]"
        raise InvalidValueError(msg, path, value)
    return number


def _evidence(value: Any, path: str) -> float:
    number = to_float(value)
    if not isinstance(number, float) or not number >= 0.0:  # NaN fails too.
        msg = "must be a number >= 0"
        raise InvalidValueError(msg, path, value)
    return number


def _prior_weight(value: Any, path: str) -> float:
    number = to_float(value)
    if not isinstance(number, float) or not 0.0 < number < math.inf:
        msg = "must be a finite number > 0"
        raise InvalidValueError(msg, path, value)
    return number


def _max_uncertainty(p: float, a: float) -> float:
    """
    The largest feasible u for probability *p* and base rate *a*.

    ``min(P/a, (1-P)/(1-a))``, computed by the branch that cannot divide by 0.
    """
    if a > 0.0 and p <= a:
        return min(p / a, 1.0)
    return min((1.0 - p) / (1.0 - a), 1.0)


# Trust discounting [J16 ch. 14].


def discount(trust: Opinion, opinion: Opinion) -> Opinion:
    """
    Probability-sensitive trust discounting [J16 ch. 14].

    With ``p = P(trust)``: ``(p·b, p·d, 1 - p·(b+d), a)`` where ``(b, d, u,
    a)`` is *opinion*.
    The trust acts only through its projected probability, so a vacuous trust
    still passes on its base rate's share of the opinion.

    This operator is not associative over trust opinions: for a chain of
    trust opinions use `discount_by` with the product of their
    probabilities, or fold from the right, never from the left.

    Args:
        trust: The trust of the analyst in the source.
        opinion: The source's opinion.
    """
    _check(trust, "discount.trust")
    return discount_by(trust.probability, opinion)


def discount_by(probability: float, opinion: Opinion) -> Opinion:
    """
    Probability-sensitive discounting with a scalar trust *probability*.

    For a chain of trust opinions ``t1 → t2 → … → x``, pass the product of the
    ``P(ti)``: this equals ``discount(t1, discount(t2, … x))``.

    Raises:
        InvalidValueError: *probability* is not a number in [0, 1].
    """
    p = _unit(probability, "discount_by.probability")
    _check(opinion, "discount.opinion")
    b, d = opinion.belief, opinion.disbelief
    return _make(
        p * b, p * d, opinion.uncertainty + (1.0 - p) * (b + d), opinion.base_rate
    )


def discount_classic(trust: Opinion, opinion: Opinion) -> Opinion:
    """
    Uncertainty-favouring trust discounting [J01].

    ``(b_T·b, b_T·d, d_T + u_T + b_T·u, a)``: only the trust's belief passes
    the opinion on, so a vacuous trust gives a vacuous result.
    This operator is associative over trust opinions.
    """
    _check(trust, "discount_classic.trust")
    _check(opinion, "discount_classic.opinion")
    bt = trust.belief
    return _make(
        bt * opinion.belief,
        bt * opinion.disbelief,
        trust.disbelief + trust.uncertainty + bt * opinion.uncertainty,
        opinion.base_rate,
    )


def _discount_by_product(
    trusts: tuple[Opinion, ...], factor: float, opinion: Opinion
) -> Opinion:
    return discount_by(factor * math.prod([t.probability for t in trusts]), opinion)


def _discount_folded(
    trusts: tuple[Opinion, ...], factor: float, opinion: Opinion
) -> Opinion:
    # The classic operator is associative: fold from the analyst outwards.
    result = opinion
    for trust in reversed(trusts):
        result = discount_classic(trust, result)
    return discount_by(factor, result) if factor < 1.0 else result


class Discounting(enum.Enum):
    """
    How trust discounts an opinion along a chain; each member carries its
    operator.

    Attributes:
        operator: The function that discounts an opinion by a chain of
            trusts (outermost first) and a scalar factor.
        by_product: Whether the chain acts only through the product of its
            trusts' probabilities, so that chains with equal products
            discount alike.
    """

    _value_: str
    operator: Callable[[tuple[Opinion, ...], float, Opinion], Opinion]
    by_product: bool

    def __new__(
        cls,
        value: str,
        operator: Callable[[tuple[Opinion, ...], float, Opinion], Opinion],
        by_product: bool,
    ) -> Self:
        member = object.__new__(cls)
        member._value_ = value
        member.operator = operator
        member.by_product = by_product
        return member

    #: Jøsang 2016, ch. 14 (`discount`): trust acts through its projected
    #: probability; a chain's trust is the product of its links'
    #: probabilities.
    PROBABILITY_SENSITIVE = ("probability_sensitive", _discount_by_product, True)
    #: Jøsang 2001 (`discount_classic`): only belief in the trustee passes an
    #: opinion on; vacuous trust gives a vacuous result.
    UNCERTAINTY_FAVOURING = ("uncertainty_favouring", _discount_folded, False)

    def discount(
        self, trusts: Iterable[Opinion], factor: float, opinion: Opinion
    ) -> Opinion:
        """
        Discount *opinion* by a chain of *trusts* (outermost first) and a
        scalar *factor* in [0, 1] with this operator.

        Raises:
            InvalidValueError: a trust or *opinion* is not an `Opinion`, or
                *factor* is not a number in [0, 1].
        """
        return self.operator(*_chain(trusts, factor, opinion, "Discounting.discount"))


def _chain(
    trusts: Iterable[Opinion], factor: float, opinion: Opinion, path: str
) -> tuple[tuple[Opinion, ...], float, Opinion]:
    """
    The arguments of a discount, checked: *trusts* as a tuple of opinions,
    *factor* as a float in [0, 1], *opinion* an `Opinion`.
    """
    given: object = trusts
    if isinstance(given, (str, bytes)) or not isinstance(given, Iterable):
        msg = "must be an iterable of Opinion"
        raise InvalidValueError(msg, f"{path}.trusts", trusts)
    chain = tuple(trusts)
    for index, trust in enumerate(chain):
        if type(trust) is not Opinion:
            msg = "must be an Opinion"
            raise InvalidValueError(msg, f"{path}.trusts[{index}]", trust)
    if type(opinion) is not Opinion:
        msg = "must be an Opinion"
        raise InvalidValueError(msg, f"{path}.opinion", opinion)
    return chain, _unit(factor, f"{path}.factor"), opinion


# Fusion [J16 ch. 12; JWZ17; vdH18].


def cumulative_fuse(*opinions: Opinion) -> Opinion:
    """
    Aleatory cumulative belief fusion (CBF) of independent opinions.

    The evidence adds up: ``b = Σ(b_i/u_i) / (1 + Σ(1-u_i)/u_i)`` and
    ``u = 1 / (1 + Σ(1-u_i)/u_i)``.
    The base rate is the evidence-weighted mean, with weights
    ``(1-u_i)/u_i``; the mean if all are vacuous.
    If any argument is dogmatic, the result is the equal-weight mean of the
    dogmatic arguments' ``b``, ``d`` and ``a`` (the n-ary limit with equal
    relative dogmatism), with ``u = 0``.

    CBF is commutative and associative, and the vacuous opinion is neutral.

    Raises:
        InvalidValueError: No opinion was given.
    """
    if (single := _trivial(opinions)) is not None:
        return single
    return _make(*_cumulative([_parts(o) for o in opinions]))


def averaging_fuse(*opinions: Opinion) -> Opinion:
    """
    Averaging belief fusion (ABF) of dependent opinions.

    ``b = Σ(b_i/u_i) / Σ(1/u_i)`` and ``u = N / Σ(1/u_i)``; the base rate is
    the mean of all base rates.
    If any argument is dogmatic, ``b`` and ``d`` are the means over the
    dogmatic arguments and ``u = 0``.

    ABF is commutative and idempotent, but not associative, and has no
    neutral element: a vacuous argument dilutes the others, as
    ``(b, d, u) ↦ (b/(1+u), d/(1+u), 2u/(1+u))`` shows for two.

    Raises:
        InvalidValueError: No opinion was given.
    """
    if (single := _trivial(opinions)) is not None:
        return single
    return _make(*_averaging([_parts(o) for o in opinions]))


def weighted_fuse(*opinions: Opinion) -> Opinion:
    """
    Weighted belief fusion (WBF): averaging weighted by confidence ``1 - u``.

    ``b = Σ(c_i·b_i/u_i) / Σ(c_i/u_i)`` and ``u = Σc_i / Σ(c_i/u_i)``; the
    base rate is ``Σ(a_i·c_i) / Σc_i``.
    All vacuous gives the vacuous opinion with the mean base rate.
    If any argument is dogmatic, ``b`` and ``d`` are the means over the
    dogmatic arguments and ``u = 0``.

    WBF is commutative and idempotent, and the vacuous opinion is neutral.

    Raises:
        InvalidValueError: No opinion was given.
    """
    if (single := _trivial(opinions)) is not None:
        return single
    return _make(*_weighted([_parts(o) for o in opinions]))


def strongest_fuse(*opinions: Opinion) -> Opinion:
    """
    Dependent opinions that never dilute each other: for each side (belief
    above disbelief, or below), the strongest opinion on that side; if both
    sides remain, the weighted belief fusion (`weighted_fuse`) of their two
    strongest, so that each side counts by its confidence.

    The strongest believing opinion has the highest projected probability,
    the strongest disbelieving one the lowest (ties: the least uncertain).
    Opinions with equal belief and disbelief (the vacuous one among them)
    count only when no side has any. So an opinion that agrees with a side
    and is weaker changes nothing, a stronger one raises that side, and
    nothing is counted twice. Commutative and idempotent; the vacuous
    opinion is neutral.

    Raises:
        InvalidValueError: No opinion was given.
    """
    if (single := _trivial(opinions)) is not None:
        return single
    return _make(*_strongest([_parts(o) for o in opinions]))


class Fusion(enum.Enum):
    """
    A fusion operator, by name; each member carries its operator.

    Attributes:
        operator: The function that fuses, such as `cumulative_fuse`.
    """

    _value_: str
    operator: Callable[..., Opinion]

    def __new__(cls, value: str, operator: Callable[..., Opinion]) -> Self:
        member = object.__new__(cls)
        member._value_ = value
        member.operator = operator
        return member

    #: `cumulative_fuse`: independent evidence adds up.
    CUMULATIVE = ("cumulative", cumulative_fuse)
    #: `averaging_fuse`: dependent opinions are averaged.
    AVERAGING = ("averaging", averaging_fuse)
    #: `weighted_fuse`: averaging weighted by confidence.
    WEIGHTED = ("weighted", weighted_fuse)
    #: `strongest_fuse`: per side (belief or disbelief) the strongest
    #: opinion; both sides: their confidence-weighted average. Dependent
    #: evidence that agrees never dilutes.
    STRONGEST = ("strongest", strongest_fuse)

    def fuse(self, *opinions: Opinion) -> Opinion:
        """
        Fuse *opinions* with this operator.
        """
        # The member's own attribute, not a table keyed by name: fuse() runs
        # once per group of every claim assessed.
        return self.operator(*opinions)


# The n-ary fusion operators on parts: plain (b, d, u, a) tuples of valid
# opinions, two or more. Each returns its result's parts before `_clamped`;
# the operators above turn them into an `Opinion` with `_make`, and the
# assessment engine, which fuses hundreds of thousands of groups, clamps them
# itself and builds one `Opinion` per claim only. Every sum is `math.fsum`,
# correctly rounded whatever the order, so the results do not depend on the
# order of the arguments either.

Parts: TypeAlias = tuple[float, float, float, float]
"""
An opinion as ``(belief, disbelief, uncertainty, base_rate)``.
"""


def _parts(opinion: Opinion) -> Parts:
    return (opinion.belief, opinion.disbelief, opinion.uncertainty, opinion.base_rate)


def _cumulative(opinions: Sequence[Parts]) -> Parts:
    """
    `cumulative_fuse` on parts.
    """
    least = min([o[2] for o in opinions])
    if least == 0.0:  # Some u is 0 (all are >= 0).
        dogmatic = _dogmatic(opinions)
        return _mean_of(dogmatic, u=0.0, a=_mean(o[3] for o in dogmatic))
    # One pass for the weights min(u)/u_i (see _scaled_inverse_uncertainties)
    # and the terms summed below.
    evidence: list[float] = []
    beliefs: list[float] = []
    disbeliefs: list[float] = []
    base_rates: list[float] = []
    for b, d, u, a in opinions:
        w = least / u
        # The confidences c_i = 1 - u_i, taken as b_i + d_i for relative
        # precision.
        evidence.append((b + d) * w)
        beliefs.append(b * w)
        disbeliefs.append(d * w)
        base_rates.append(a)
    # The least uncertain opinion has weight 1, so total >= least + (1 - least).
    total = least + math.fsum(evidence)
    return (
        math.fsum(beliefs) / total,
        math.fsum(disbeliefs) / total,
        least / total,
        _weighted_mean(base_rates, evidence),
    )


def _averaging(opinions: Sequence[Parts]) -> Parts:
    """
    `averaging_fuse` on parts.
    """
    base_rate = _mean([o[3] for o in opinions])
    least = min([o[2] for o in opinions])
    if least == 0.0:  # Some u is 0 (all are >= 0).
        return _mean_of(_dogmatic(opinions), u=0.0, a=base_rate)
    weights, least = _scaled_inverse_uncertainties(opinions)
    total = math.fsum(weights)  # >= 1: the least uncertain has weight 1.
    belief, disbelief = _weighted_sums(opinions, weights)
    return (
        belief / total,
        disbelief / total,
        len(opinions) * least / total,
        base_rate,
    )


def _weighted(opinions: Sequence[Parts]) -> Parts:
    """
    `weighted_fuse` on parts.
    """
    confidences = [o[0] + o[1] for o in opinions]
    base_rate = _weighted_mean([o[3] for o in opinions], confidences)
    if dogmatic := _dogmatic(opinions):
        return _mean_of(dogmatic, u=0.0, a=base_rate)
    top = max(confidences)
    if top == 0.0:
        return (0.0, 0.0, 1.0, base_rate)  # The vacuous opinion.
    # Relative confidences, so that subnormal ones cannot underflow below.
    confidences = [c / top for c in confidences]
    weights, least = _scaled_inverse_uncertainties(opinions)
    scaled = [c * w for c, w in zip(confidences, weights, strict=True)]
    total = math.fsum(scaled)  # >= the least uncertain's relative confidence.
    belief, disbelief = _weighted_sums(opinions, scaled)
    return (
        belief / total,
        disbelief / total,
        least * math.fsum(confidences) / total,
        base_rate,
    )


def _strongest(opinions: Sequence[Parts]) -> Parts:
    """
    `strongest_fuse` on parts.
    """
    believing = [o for o in opinions if o[0] > o[1]]
    disbelieving = [o for o in opinions if o[0] < o[1]]
    chosen = [
        max(believing, key=_believing_strength) if believing else None,
        max(disbelieving, key=_disbelieving_strength) if disbelieving else None,
    ]
    sides = [o for o in chosen if o is not None]
    if not sides:  # Every opinion has b == d: the least uncertain.
        return min(opinions, key=lambda o: (o[2], o[3]))
    if len(sides) == 1:
        return sides[0]
    return _weighted(sides)


def _believing_strength(o: Parts) -> tuple[float, float, float]:
    return (o[0] + o[3] * o[2], -o[2], -o[3])


def _disbelieving_strength(o: Parts) -> tuple[float, float, float]:
    return (-(o[0] + o[3] * o[2]), -o[2], o[3])


def consensus_compromise_fuse(first: Opinion, second: Opinion) -> Opinion:
    """
    Consensus & compromise fusion (CCF) of two opinions [J16 §12.6].

    The shared belief and disbelief are kept (consensus); the residues are
    compromised, and belief in one against disbelief in the other becomes
    uncertainty.
    If both have the same ``b`` and ``d`` the compromise mass is 0 and the
    (mean of the) two is returned, which makes CCF idempotent; the operator is
    discontinuous there.
    The base rate is the mean of the two.

    CCF is commutative and idempotent but not associative; it is offered
    pairwise only.
    """
    _check(first, "consensus_compromise_fuse.first")
    _check(second, "consensus_compromise_fuse.second")
    consensus_b = min(first.belief, second.belief)
    consensus_d = min(first.disbelief, second.disbelief)
    rb1, rb2 = first.belief - consensus_b, second.belief - consensus_b
    rd1, rd2 = first.disbelief - consensus_d, second.disbelief - consensus_d
    u1, u2 = first.uncertainty, second.uncertainty
    comp_b = rb1 * u2 + rb2 * u1
    comp_d = rd1 * u2 + rd2 * u1
    comp_x = rb1 * rd2 + rd1 * rb2
    compromise = comp_b + comp_d + comp_x
    base_rate = (first.base_rate + second.base_rate) / 2.0
    if compromise == 0.0:
        pair = (_parts(first), _parts(second))
        return _make(*_mean_of(pair, u=(u1 + u2) / 2.0, a=base_rate))
    # eta·compromise is the mass left after consensus and the shared
    # uncertainty; distribute it in the compromise's proportions.
    rest = max(1.0 - consensus_b - consensus_d - u1 * u2, 0.0)
    b = consensus_b + rest * (comp_b / compromise)
    d = consensus_d + rest * (comp_d / compromise)
    return _make(b, d, max(1.0 - b - d, 0.0), base_rate)


def conflict(first: Opinion, second: Opinion) -> float:
    """
    The degree of conflict ``DC = |P_A - P_B|·(1-u_A)·(1-u_B)`` [J16 ch. 4].

    0 when the two agree or either is vacuous; 1 only between opposite
    absolute opinions.
    """
    _check(first, "conflict.first")
    _check(second, "conflict.second")
    confidence = (1.0 - first.uncertainty) * (1.0 - second.uncertainty)
    gap = abs(first.probability - second.probability)
    return min(max(gap * confidence, 0.0), 1.0)


def _trivial(opinions: tuple[Opinion, ...]) -> Opinion | None:
    """
    Refuse zero opinions; return the only one if there is one.
    """
    if not opinions:
        msg = "at least one opinion is required"
        raise InvalidValueError(msg, "opinions", opinions)
    for opinion in opinions:
        _check(opinion, "opinions")
    if len(opinions) == 1:
        return opinions[0]
    return None


def _check(value: object, path: str) -> None:
    # Callers without a type checker pass anything: say so with a path
    # rather than fail with an AttributeError.
    if not isinstance(value, Opinion):
        msg = "must be an Opinion"
        raise InvalidValueError(msg, path, value)


def _dogmatic(opinions: Sequence[Parts]) -> list[Parts]:
    return [o for o in opinions if o[2] == 0.0]


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return math.fsum(items) / len(items)


def _weighted_mean(values: list[float], weights: list[float]) -> float:
    """
    The weighted mean of *values*; the plain mean if all weights are 0.
    """
    top = max(weights)
    if top == 0.0:
        return _mean(values)
    # Rescale first: products with subnormal weights would underflow to 0.
    scaled = [w / top for w in weights]
    products = [v * w for v, w in zip(values, scaled, strict=True)]
    return math.fsum(products) / math.fsum(scaled)


def _mean_of(opinions: Sequence[Parts], *, u: float, a: float) -> Parts:
    """
    The equal-weight mean of the beliefs and disbeliefs of *opinions*.
    """
    return (_mean(o[0] for o in opinions), _mean(o[1] for o in opinions), u, a)


def _pairs(
    opinions: Sequence[Parts], weights: list[float]
) -> Iterable[tuple[Parts, float]]:
    return zip(opinions, weights, strict=True)


def _weighted_sums(
    opinions: Sequence[Parts], weights: list[float]
) -> tuple[float, float]:
    """
    ``Σ w_i·b_i`` and ``Σ w_i·d_i``, summed exactly.
    """
    return (
        math.fsum(o[0] * w for o, w in _pairs(opinions, weights)),
        math.fsum(o[1] * w for o, w in _pairs(opinions, weights)),
    )


def _scaled_inverse_uncertainties(
    opinions: Sequence[Parts],
) -> tuple[list[float], float]:
    """
    The ``1/u_i`` of non-dogmatic opinions, scaled by the least ``u``.

    Returns:
        The weights ``min(u)/u_i``, each in (0, 1] and 1 for the least
        uncertain, and ``min(u)``.
        Scaling keeps ``b_i/u_i`` from overflowing for tiny ``u_i``, and the
        ratio form avoids the products of all ``u_i``, which underflow.
    """
    least = min(o[2] for o in opinions)
    return [least / o[2] for o in opinions], least
