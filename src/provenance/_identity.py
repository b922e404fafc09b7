"""
Canonical JSON forms of model values and their content ids.

The canonical form of a value is the JSON object the document format stores
for it, with every reference to another value written as that value's id. A
content id is the SHA-256 of the canonical form dumped with sorted keys and no
whitespace, so the same content has the same id in every process and on every
machine, and ids change when anything they reach changes (as git objects do).
"""

from __future__ import annotations

import hashlib
import json

from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from provenance.claims import Claim, Quantity
    from provenance.records import Report, Statement
    from provenance.sources import Channel, Source
    from provenance.stances import Stance

Node = dict[str, Any]


def dumps_canonical(node: Any) -> str:
    """
    The canonical text of a JSON value.
    """
    return json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_id(node: Node) -> str:
    """
    The SHA-256 hex digest of a canonical form.
    """
    return hashlib.sha256(dumps_canonical(node).encode()).hexdigest()


def source_node(source: Source) -> Node:
    affiliation = source.affiliation
    return {
        "name": source.name,
        "kind": source.kind.value,
        "role": source.role,
        "affiliation": None if affiliation is None else affiliation.id,
    }


def channel_node(channel: Channel) -> Node:
    return {
        "kind": channel.kind.value,
        "name": channel.name,
        "audience": channel.audience,
        "public": channel.public,
    }


def quantity_node(quantity: Quantity) -> Node:
    return {
        "value": quantity.value,
        "unit": quantity.unit,
        "bound": quantity.bound.value,
    }


def claim_node(claim: Claim) -> Node:
    return {
        "text": claim.text,
        "about": sorted(party.id for party in claim.about),
        "occurred": None if claim.occurred is None else str(claim.occurred),
        "quantity": None if claim.quantity is None else quantity_node(claim.quantity),
        "key": claim.key,
    }


def stance_node(stance: Stance) -> Node:
    return {"value": stance.value, "act": stance.act, "retraction": stance.retraction}


def statement_node(statement: Statement) -> Node:
    channel = statement.channel
    return {
        "type": "statement",
        "source": statement.source.id,
        "claim": statement.claim.id,
        "stance": stance_node(statement.stance),
        "channel": None if channel is None else channel.id,
        "made_on": statement.made_on.isoformat(),
    }


def report_node(report: Report) -> Node:
    channel = report.channel
    return {
        "type": "report",
        "reporter": report.reporter.id,
        "content": report.content.id,
        "channel": None if channel is None else channel.id,
        "made_on": report.made_on.isoformat(),
    }
