"""
Relations between claims: what the analyst knows of how claims bear on each
other, as immutable records a ledger holds beside its statements.

- `Entails`: a specific claim implies a general one ("X died of typhoid"
  entails "X is dead"). Support for the specific claim supports the general
  one; a denial of the general claim counts against the specific one.
- `Equivalent`: claims that say the same thing (paraphrases, or two analysts'
  keys for one claim). They share one set of lines and get equal
  assessments; a statement recorded under both counts once.
- `Exclusive`: competing hypotheses, of which at most one (or, when
  *exhaustive*, exactly one) is true. They are assessed together as one
  multinomial opinion (`provenance.hypotheses`).

`Relations` checks a collection of them as a whole: cycles of entailment,
a claim related to itself, relations that contradict each other (two
exclusive hypotheses that are equivalent, or one entailing the other) and
equivalent claims that put a party on both sides (accused by one, favoured
by another) are refused with a `RelationError` naming the place.

>>> dead = Claim(text="X is dead", key="dead")
>>> typhoid = Claim(text="X died of typhoid", key="typhoid")
>>> Entails(specific=typhoid, general=dead).general.key
'dead'
"""

from __future__ import annotations

import enum
import functools
import math

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple, TypeAlias

import attrs

from provenance._identity import Node, dumps_canonical, text_id
from provenance._validators import to_collection, to_text
from provenance.claims import Bound, Claim, Quantity
from provenance.claims import _key as _claim_key
from provenance.errors import InvalidValueError, RelationError
from provenance.sources import Source


__all__ = [
    "Entails",
    "Equivalent",
    "Exclusive",
    "Flow",
    "Relation",
    "Relations",
    "quantity_relations",
    "relation_node",
]


class Flow(enum.Enum):
    """
    How a statement about another claim bears on the one assessed.
    """

    EQUIVALENT = "equivalent"
    """Said of an equivalent claim: the same evidence."""
    SPECIFIC = "specific"
    """Support for a more specific claim, which entails this one."""
    GENERAL = "general"
    """A denial of a more general claim, which this one entails."""
    INCOMPATIBLE = "incompatible"
    """Support for a claim that cannot hold with this one: counts against it."""

    @property
    def reason(self) -> str:
        """
        The rule, in words.
        """
        return _FLOW_REASONS[self]


_FLOW_REASONS: dict[Flow, str] = {
    Flow.EQUIVALENT: "an equivalent claim: the same evidence",
    Flow.SPECIFIC: "it entails this claim: support for it supports this one",
    Flow.GENERAL: "this claim entails it: a denial of it counts against this one",
    Flow.INCOMPATIBLE: "it cannot hold with this claim: support for it counts "
    "against this one",
}


def _claim(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not Claim:  # A subclass could forge its id.
        msg = "must be a Claim"
        raise InvalidValueError(
            msg, f"{type(instance).__name__}.{attribute.name}", value
        )


def _claims(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    path = f"{type(instance).__name__}.{attribute.name}"
    items = value if isinstance(value, (frozenset, list)) else None
    if items is None:
        msg = "must be a collection of Claim (a set, list or tuple)"
        raise InvalidValueError(msg, path, value)
    for claim in items:
        if type(claim) is not Claim:
            msg = "must contain only Claim values"
            raise InvalidValueError(msg, path, claim)
    if len(items) < 2:  # noqa: PLR2004
        msg = "must name at least two different claims"
        raise InvalidValueError(msg, path, sorted(str(c) for c in items))


def _set_key(_instance: Exclusive, _attribute: object, value: Any) -> None:
    if value is None:
        msg = "must be a slug naming the set"
        raise InvalidValueError(msg, "Exclusive.key", value)
    try:
        _claim_key(None, None, value)  # type: ignore[arg-type]
    except InvalidValueError:
        msg = "must be a slug of letters, digits, '.', '_', ':' and '-'"
        raise InvalidValueError(msg, "Exclusive.key", value) from None


def _boolean(_instance: Exclusive, _attribute: object, value: Any) -> None:
    if type(value) is not bool:
        msg = "must be True or False"
        raise InvalidValueError(msg, "Exclusive.exhaustive", value)


@attrs.frozen(kw_only=True, cache_hash=True)
class Entails:
    """
    *specific* implies *general*: whenever the specific claim is true, so is
    the general one.

    Attributes:
        specific: The claim that implies.
        general: The claim implied.
    """

    specific: Claim = attrs.field(validator=_claim)
    general: Claim = attrs.field(validator=_claim)

    def __attrs_post_init__(self) -> None:
        if self.specific == self.general:
            msg = "a claim cannot entail itself"
            raise RelationError(msg, "Entails.general", str(self.general))

    @functools.cached_property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        return text_id(dumps_canonical(relation_node(self)))

    @property
    def claims(self) -> frozenset[Claim]:
        """
        The two claims related.
        """
        return frozenset((self.specific, self.general))

    def __str__(self) -> str:
        return f"{self.specific} entails {self.general}"


@attrs.frozen(kw_only=True, cache_hash=True)
class Equivalent:
    """
    The *claims* say the same thing: paraphrases, or one claim recorded under
    two analysts' keys.

    Attributes:
        claims: Two or more claims.
    """

    claims: frozenset[Claim] = attrs.field(converter=to_collection, validator=_claims)

    @functools.cached_property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        return text_id(dumps_canonical(relation_node(self)))

    def __str__(self) -> str:
        return " = ".join(sorted(str(claim) for claim in self.claims))


@attrs.frozen(kw_only=True, cache_hash=True)
class Exclusive:
    """
    Competing hypotheses: at most one of *claims* is true, or exactly one
    when *exhaustive*.

    Attributes:
        key: A short slug naming the set (``provenance ach FILE KEY``).
        claims: The hypotheses, two or more.
        exhaustive: Whether one of them must be true; if not, "none of
            these" is a hypothesis too.
    """

    key: str = attrs.field(converter=to_text, validator=_set_key)
    claims: frozenset[Claim] = attrs.field(converter=to_collection, validator=_claims)
    exhaustive: bool = attrs.field(default=False, validator=_boolean)

    @functools.cached_property
    def id(self) -> str:
        """
        The content id: SHA-256 of the canonical JSON form.
        """
        return text_id(dumps_canonical(relation_node(self)))

    @property
    def hypotheses(self) -> tuple[Claim, ...]:
        """
        The claims in a stable order: by key (or text), then id.
        """
        return tuple(sorted(self.claims, key=claim_order))

    def __str__(self) -> str:
        words = "exactly one" if self.exhaustive else "at most one"
        return f"{self.key}: {words} of {len(self.claims)} hypotheses"


Relation: TypeAlias = Entails | Equivalent | Exclusive
"""
Any relation between claims.
"""

RELATION_TYPES: tuple[type, ...] = (Entails, Equivalent, Exclusive)


def _label(claim: Claim) -> str:
    """
    A claim as a message names it: its key, else its text.
    """
    return claim.key or claim.text


def claim_order(claim: Claim) -> tuple[str, str]:
    """
    The order in which relations list claims: by key (else text), then id.
    """
    return (claim.key or claim.text, claim.id)


def relation_node(relation: Relation) -> Node:
    """
    The canonical JSON form of *relation*: claims by id, sets sorted.
    """
    if isinstance(relation, Entails):
        return {
            "type": "entails",
            "specific": relation.specific.id,
            "general": relation.general.id,
        }
    if isinstance(relation, Equivalent):
        return {
            "type": "equivalent",
            "claims": sorted(claim.id for claim in relation.claims),
        }
    return {
        "type": "exclusive",
        "key": relation.key,
        "claims": sorted(claim.id for claim in relation.claims),
        "exhaustive": relation.exhaustive,
    }


@attrs.frozen
class Relations:
    """
    A checked collection of relations, with the structure assessment reads:
    equivalence classes, entailment between classes, and exclusive sets.

    Raises:
        RelationError: A cycle of entailment between claims that are not
            equivalent, a claim in two exclusive sets, two sets with one
            key, a set two of whose hypotheses are equivalent or entail
            one another, or equivalent claims with a party in one's *about*
            and another's *favours*.

    Attributes:
        relations: The relations, as given.
    """

    relations: frozenset[Relation]
    _canon: dict[Claim, Claim] = attrs.field(init=False, repr=False, eq=False)
    _members: dict[Claim, tuple[Claim, ...]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _generals: dict[Claim, frozenset[Claim]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _sets: dict[str, Exclusive] = attrs.field(init=False, repr=False, eq=False)
    _set_of: dict[Claim, Exclusive] = attrs.field(init=False, repr=False, eq=False)

    @classmethod
    def of(cls, relations: Iterable[Relation]) -> Relations:
        """
        The relations checked as a whole.
        """
        return cls(frozenset(relations))

    def __attrs_post_init__(self) -> None:
        ordered = sorted(self.relations, key=_relation_id)
        canon = _classes(ordered)
        members: dict[Claim, list[Claim]] = {}
        for claim, head in canon.items():
            members.setdefault(head, []).append(claim)
        generals: dict[Claim, set[Claim]] = {}
        for relation in ordered:
            if isinstance(relation, Entails):
                specific = canon.get(relation.specific, relation.specific)
                general = canon.get(relation.general, relation.general)
                if specific != general:  # Redundant within a class.
                    generals.setdefault(specific, set()).add(general)
        frozen = {head: frozenset(found) for head, found in generals.items()}
        ordered_members = {
            h: tuple(sorted(m, key=claim_order)) for h, m in members.items()
        }
        _one_side_each(ordered_members)
        _acyclic(frozen)
        sets, set_of = _exclusive_sets(ordered, canon, frozen)
        object.__setattr__(self, "_canon", canon)
        object.__setattr__(self, "_members", ordered_members)
        object.__setattr__(self, "_generals", frozen)
        object.__setattr__(self, "_sets", sets)
        object.__setattr__(self, "_set_of", set_of)

    def __bool__(self) -> bool:
        return bool(self.relations)

    def __iter__(self) -> Iterator[Relation]:
        return iter(sorted(self.relations, key=_relation_id))

    @property
    def claims(self) -> frozenset[Claim]:
        """
        Every claim some relation names.
        """
        return frozenset(c for r in self.relations for c in _named(r))

    def head(self, claim: Claim) -> Claim:
        """
        The claim that stands for *claim*'s equivalence class (itself when
        it has no equivalent).
        """
        return self._canon.get(claim, claim)

    def equivalents(self, claim: Claim) -> tuple[Claim, ...]:
        """
        The claims equivalent to *claim*, itself included.
        """
        return self._members.get(self.head(claim), (claim,))

    def generals(self, claim: Claim) -> frozenset[Claim]:
        """
        The heads of the classes *claim* directly entails.
        """
        return self._generals.get(self.head(claim), frozenset())

    @functools.cached_property
    def _specifics(self) -> dict[Claim, frozenset[Claim]]:
        found: dict[Claim, set[Claim]] = {}
        for specific, generals in self._generals.items():
            for general in generals:
                found.setdefault(general, set()).add(specific)
        return {head: frozenset(s) for head, s in found.items()}

    def specifics(self, claim: Claim) -> frozenset[Claim]:
        """
        The heads of the classes that directly entail *claim*.
        """
        return self._specifics.get(self.head(claim), frozenset())

    def implied(self, claim: Claim) -> tuple[Claim, ...]:
        """
        The heads of every class *claim* entails, directly or not.
        """
        return _closure(self.head(claim), self.generals)

    def implying(self, claim: Claim) -> tuple[Claim, ...]:
        """
        The heads of every class that entails *claim*, directly or not.
        """
        return _closure(self.head(claim), self.specifics)

    @property
    def sets(self) -> tuple[Exclusive, ...]:
        """
        The exclusive sets, by key.
        """
        return tuple(self._sets[key] for key in sorted(self._sets))

    def set_named(self, key: str) -> Exclusive | None:
        """
        The exclusive set with *key*, if any.
        """
        return self._sets.get(key)

    def set_of(self, claim: Claim) -> Exclusive | None:
        """
        The exclusive set *claim* (or a claim equivalent to it) is in, if any.
        """
        return self._set_of.get(self.head(claim))

    def component(self, claim: Claim) -> frozenset[Claim]:
        """
        Every claim connected to *claim* by relations, itself included.
        """
        seen = {claim}
        todo = [claim]
        while todo:
            here = todo.pop()
            near: list[Claim] = [*self.equivalents(here), self.head(here)]
            near.extend(self.generals(here))
            near.extend(self.specifics(here))
            found = self.set_of(here)
            if found is not None:
                near.extend(found.claims)
            for other in near:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return frozenset(seen)


def _relation_id(relation: Relation) -> str:
    return relation.id


def _named(relation: Relation) -> frozenset[Claim]:
    return relation.claims


def _classes(relations: list[Relation]) -> dict[Claim, Claim]:
    """
    Each claim named by an `Equivalent` mapped to its class's head: the
    first of the class in `claim_order`.
    """
    parent: dict[Claim, Claim] = {}

    def find(claim: Claim) -> Claim:
        root = claim
        while parent.get(root, root) != root:
            root = parent[root]
        return root

    for relation in relations:
        if isinstance(relation, Equivalent):
            first, *rest = sorted(relation.claims, key=claim_order)
            parent.setdefault(first, first)
            for claim in rest:
                parent.setdefault(claim, claim)
                a, b = find(first), find(claim)
                if a != b:
                    low, high = sorted((a, b), key=claim_order)
                    parent[high] = low
    return {claim: find(claim) for claim in parent}


def _one_side_each(members: dict[Claim, tuple[Claim, ...]]) -> None:
    """
    Refuse a class of equivalent claims that puts a party on both sides: in
    one wording's *about* and another's *favours*. The class is judged as
    one claim whose parties are every *about* and *favours* of its wordings,
    and no claim holds a source in both (`Claim`); the same source, not a
    shared root affiliation, as for one claim, since two parts of one state
    can stand on opposite sides.
    """
    for head in sorted(members, key=claim_order):
        claims = members[head]
        accused: dict[Source, Claim] = {}
        for claim in claims:
            for party in claim.about:
                accused.setdefault(party, claim)
        for claim in claims:
            for party in sorted(claim.favours, key=_party_order):
                other = accused.get(party)
                if other is not None:
                    one, two = _label(other), _label(claim)
                    if one == two:  # Two claims of one key or text: by id.
                        one, two = f"{one} ({other.id})", f"{two} ({claim.id})"
                    msg = (
                        f"equivalent claims put {party.name!r} on both sides: "
                        f"in about of {one!r}, in favours of {two!r}"
                    )
                    raise RelationError(msg, "Equivalent", f"{one} = {two}")


def _party_order(source: Source) -> tuple[str, str]:
    return (source.name, source.id)


def _acyclic(generals: dict[Claim, frozenset[Claim]]) -> None:
    """
    Refuse a cycle of entailment (depth-first, colouring the claims).
    """
    state: dict[Claim, int] = {}  # 1: on the path, 2: done.
    for start in sorted(generals, key=claim_order):
        if state.get(start):
            continue
        path: list[Claim] = [start]
        stack = [iter(sorted(generals.get(start, ()), key=claim_order))]
        state[start] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            seen = state.get(following)
            if seen == 1:
                cycle = [*path[path.index(following) :], following]
                msg = (
                    "entailment forms a cycle (claims that entail each other "
                    "are Equivalent)"
                )
                raise RelationError(msg, "Entails", " -> ".join(map(_label, cycle)))
            if seen is None:
                state[following] = 1
                path.append(following)
                stack.append(iter(sorted(generals.get(following, ()), key=claim_order)))


def _closure(start: Claim, step: Any) -> tuple[Claim, ...]:
    seen: dict[Claim, None] = {}
    todo = list(step(start))
    while todo:
        claim = todo.pop()
        if claim not in seen:
            seen[claim] = None
            todo.extend(step(claim))
    return tuple(sorted(seen, key=claim_order))


def _exclusive_sets(
    relations: list[Relation],
    canon: dict[Claim, Claim],
    generals: dict[Claim, frozenset[Claim]],
) -> tuple[dict[str, Exclusive], dict[Claim, Exclusive]]:
    sets: dict[str, Exclusive] = {}
    set_of: dict[Claim, Exclusive] = {}
    for relation in relations:
        if not isinstance(relation, Exclusive):
            continue
        path = f"Exclusive[{relation.key}]"
        if relation.key in sets:
            msg = "two exclusive sets have this key"
            raise RelationError(msg, path, relation.key)
        heads: dict[Claim, Claim] = {}
        for claim in relation.hypotheses:
            head = canon.get(claim, claim)
            other = set_of.get(head)
            if other is not None:
                msg = f"a claim can be in one exclusive set only; in {other.key!r}"
                raise RelationError(msg, path, _label(claim))
            if head in heads:
                msg = "two of its hypotheses are Equivalent"
                raise RelationError(
                    msg, path, f"{_label(heads[head])} = {_label(claim)}"
                )
            heads[head] = claim
        _no_entailment_inside(heads, generals, path)
        _nothing_entails_two(heads, generals, path)
        sets[relation.key] = relation
        for head in heads:
            set_of[head] = relation
    return sets, set_of


def _no_entailment_inside(
    heads: dict[Claim, Claim], generals: dict[Claim, frozenset[Claim]], path: str
) -> None:
    for head, claim in heads.items():
        for implied in _closure(head, lambda c: generals.get(c, ())):
            if implied in heads:
                msg = "one hypothesis entails another (so could never be true)"
                raise RelationError(
                    msg, path, f"{_label(claim)} -> {_label(heads[implied])}"
                )


def _nothing_entails_two(
    heads: dict[Claim, Claim], generals: dict[Claim, frozenset[Claim]], path: str
) -> None:
    """
    Refuse a claim that entails two hypotheses of one set: they cannot both
    be true, so it could never be.
    """
    specifics: dict[Claim, list[Claim]] = {}
    for specific, found in generals.items():
        for general in found:
            specifics.setdefault(general, []).append(specific)
    entails: dict[Claim, Claim] = {}  # Each class, the hypothesis it entails.
    for head, claim in heads.items():
        for specific in _closure(head, lambda c: specifics.get(c, ())):
            other = entails.setdefault(specific, claim)
            if other is not claim:
                msg = "a claim entails two of its hypotheses (so could never be true)"
                raise RelationError(
                    msg,
                    path,
                    f"{_label(specific)} -> {_label(other)}, {_label(claim)}",
                )


# Relations read from quantities (when the policy asks).


class _Range(NamedTuple):
    low: float
    low_open: bool
    high: float
    high_open: bool


def _range(quantity: Quantity, margin: float) -> _Range:
    """
    The amounts *quantity* allows, as an interval.
    """
    v = float(quantity.value)
    inf = math.inf
    bound = quantity.bound
    if bound is Bound.ABOUT:
        reach = abs(v) * margin
        return _Range(v - reach, False, v + reach, False)
    return {
        Bound.EXACTLY: _Range(v, False, v, False),
        Bound.AT_LEAST: _Range(v, False, inf, True),
        Bound.MORE_THAN: _Range(v, True, inf, True),
        Bound.AT_MOST: _Range(-inf, True, v, False),
        Bound.LESS_THAN: _Range(-inf, True, v, True),
    }[bound]


def _inside(a: _Range, b: _Range) -> bool:
    """
    Whether every amount *a* allows, *b* allows too.
    """
    low = a.low > b.low or (a.low == b.low and (a.low_open or not b.low_open))
    high = a.high < b.high or (a.high == b.high and (a.high_open or not b.high_open))
    return low and high


def _apart(a: _Range, b: _Range) -> bool:
    """
    Whether no amount is allowed by both.
    """
    if a.low > b.low or (a.low == b.low and a.low_open):
        a, b = b, a
    return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))


def quantity_relations(
    claims: Iterable[Claim], margin: float
) -> tuple[tuple[Relation, ...], tuple[tuple[Claim, Claim], ...]]:
    """
    The relations the quantities of *claims* imply, among claims whose
    quantities share subject and unit (claims without a subject relate to
    none): a range inside another's entails it, equal ranges are
    equivalent; and the pairs whose ranges cannot both hold.

    Args:
        claims: The claims.
        margin: How far "about" reaches either side, as a fraction.

    >>> troops = lambda value, bound: Claim(text=f"{bound} {value}",
    ...     quantity=Quantity(value=value, unit="troops", bound=bound,
    ...         subject="troops sent"))
    >>> exact = troops(12000, Bound.EXACTLY)
    >>> over = troops(10000, Bound.MORE_THAN)
    >>> few = troops(150, Bound.ABOUT)
    >>> implied, apart = quantity_relations([exact, over, few], 0.1)
    >>> implied == (Entails(specific=exact, general=over),)
    True
    >>> len(apart)
    2
    """
    by_amount: dict[tuple[str, str], list[tuple[Claim, _Range]]] = {}
    for claim in sorted(set(claims), key=claim_order):
        quantity = claim.quantity
        if quantity is not None and quantity.subject is not None:
            key = (quantity.subject, quantity.unit)
            by_amount.setdefault(key, []).append((claim, _range(quantity, margin)))
    implied: list[Relation] = []
    apart: list[tuple[Claim, Claim]] = []
    for found in by_amount.values():
        for i, (a, range_a) in enumerate(found):
            for b, range_b in found[i + 1 :]:
                inside, outside = _inside(range_a, range_b), _inside(range_b, range_a)
                if inside and outside:
                    implied.append(Equivalent(claims=(a, b)))
                elif inside:
                    implied.append(Entails(specific=a, general=b))
                elif outside:
                    implied.append(Entails(specific=b, general=a))
                elif _apart(range_a, range_b):
                    apart.append((a, b))
    return tuple(implied), tuple(apart)


def split(
    items: Iterable[object],
) -> tuple[list[object], list[Relation]]:
    """
    *items* parted into records and relations, in order.
    """
    records: list[object] = []
    relations: list[Relation] = []
    for item in items:
        if type(item) in RELATION_TYPES:
            relations.append(item)  # type: ignore[arg-type]
        else:
            records.append(item)
    return records, relations
