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

from json.encoder import encode_basestring as quote
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    import datetime as dt

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
    node: Node = {
        "value": quantity.value,
        "unit": quantity.unit,
        "bound": quantity.bound.value,
    }
    if quantity.subject is not None:  # Added later: written only when set.
        node["subject"] = quantity.subject
    return node


# Fields added to format version 1 after its first release are written only
# when set, so that every value that does not use them keeps its text and id.


def claim_node(claim: Claim) -> Node:
    node: Node = {
        "text": claim.text,
        "about": sorted(party.id for party in claim.about),
        "occurred": None if claim.occurred is None else str(claim.occurred),
        "quantity": None if claim.quantity is None else quantity_node(claim.quantity),
        "key": claim.key,
    }
    if claim.favours:
        node["favours"] = sorted(party.id for party in claim.favours)
    return node


def stance_node(stance: Stance) -> Node:
    node: Node = {
        "value": stance.value,
        "act": stance.act,
        "retraction": stance.retraction,
    }
    # Written only when true, so that the ids of stances in a source's own
    # voice (every id written before hearsay existed) are unchanged.
    if stance.hearsay:
        node["hearsay"] = True
    return node


def statement_node(statement: Statement) -> Node:
    channel = statement.channel
    node: Node = {
        "type": "statement",
        "source": statement.source.id,
        "claim": statement.claim.id,
        "stance": stance_node(statement.stance),
        "channel": None if channel is None else channel.id,
        "made_on": statement.made_on.isoformat(),
    }
    if statement.made_at is not None:
        node["made_at"] = statement.made_at.isoformat()
    if statement.credibility is not None:
        node["credibility"] = statement.credibility
    if statement.url is not None:
        node["url"] = statement.url
    return node


def report_node(report: Report) -> Node:
    channel = report.channel
    node: Node = {
        "type": "report",
        "reporter": report.reporter.id,
        "content": report.content.id,
        "channel": None if channel is None else channel.id,
        "made_on": report.made_on.isoformat(),
    }
    if report.made_at is not None:
        node["made_at"] = report.made_at.isoformat()
    if report.url is not None:
        node["url"] = report.url
    return node


# The canonical texts, written directly. Serialising a node dict with
# json.dumps costs about 5 microseconds a value, most of it in the encoder's
# Python set-up; these f-strings produce the identical text (keys in sorted
# order, no whitespace, strings escaped by the same C function json uses with
# ensure_ascii=False) in well under one, which matters when a document holds a
# million records. tests/test_fastpaths.py checks them against json.dumps.


def _text(value: str | None) -> str:
    return "null" if value is None else quote(value)


def source_text(source: Source) -> str:
    affiliation = source.affiliation
    return (
        f'{{"affiliation":{"null" if affiliation is None else quote(affiliation.id)},'
        f'"kind":"{source.kind.value}","name":{quote(source.name)},'
        f'"role":{_text(source.role)}}}'
    )


def channel_text(channel: Channel) -> str:
    return (
        f'{{"audience":{_text(channel.audience)},"kind":"{channel.kind.value}",'
        f'"name":{_text(channel.name)},'
        f'"public":{"true" if channel.public else "false"}}}'
    )


def quantity_text(quantity: Quantity) -> str:
    # Values are finite ints and floats: their repr is what json writes.
    subject = quantity.subject
    subject = "" if subject is None else f'"subject":{quote(subject)},'
    return (
        f'{{"bound":"{quantity.bound.value}",{subject}"unit":{quote(quantity.unit)},'
        f'"value":{quantity.value!r}}}'
    )


def claim_text(claim: Claim) -> str:
    about = ",".join(sorted(quote(party.id) for party in claim.about))
    favours = ""
    if claim.favours:
        favours = ",".join(sorted(quote(party.id) for party in claim.favours))
        favours = f'"favours":[{favours}],'
    occurred = claim.occurred
    quantity = claim.quantity
    return (
        f'{{"about":[{about}],{favours}"key":{_text(claim.key)},'
        f'"occurred":{"null" if occurred is None else quote(str(occurred))},'
        f'"quantity":{"null" if quantity is None else quantity_text(quantity)},'
        f'"text":{quote(claim.text)}}}'
    )


def stance_text(stance: Stance) -> str:
    hearsay = '"hearsay":true,' if stance.hearsay else ""
    return (
        f'{{"act":{quote(stance.act)},{hearsay}'
        f'"retraction":{"true" if stance.retraction else "false"},'
        f'"value":"{stance.value}"}}'
    )


# A ledger has few distinct stances: their texts are kept, up to a bound.
_STANCE_TEXTS: dict[Stance, str] = {}
_STANCE_TEXTS_MAX = 4096


def _cached_stance_text(stance: Stance) -> str:
    text = _STANCE_TEXTS.get(stance)
    if text is None:
        if len(_STANCE_TEXTS) >= _STANCE_TEXTS_MAX:
            _STANCE_TEXTS.clear()
        text = _STANCE_TEXTS[stance] = stance_text(stance)
    return text


def statement_text(statement: Statement, stance: str | None = None) -> str:
    """
    The canonical text of *statement*; *stance*, if given, is the stance's
    canonical text.
    """
    channel = statement.channel
    if stance is None:
        stance = _cached_stance_text(statement.stance)
    made_at = statement.made_at
    credibility = statement.credibility
    # "credibility" sorts between "claim" and "made_at"; written only when set.
    graded = "" if credibility is None else f'"credibility":{credibility},'
    return (
        f'{{"channel":{"null" if channel is None else quote(channel.id)},'
        f'"claim":"{statement.claim.id}",{graded}{_made_at(made_at)}'
        f'"made_on":"{statement.made_on.isoformat()}",'
        f'"source":"{statement.source.id}","stance":{stance},"type":"statement"'
        f"{_url(statement.url)}}}"
    )


def _url(url: str | None) -> str:
    # The last member in sorted order ("url" follows "type"), with the comma
    # before it, if set.
    return "" if url is None else f',"url":{quote(url)}'


def _made_at(made_at: dt.time | None) -> str:
    # The member before "made_on" in sorted order, with its comma, if set.
    return "" if made_at is None else f'"made_at":"{made_at.isoformat()}",'


def report_text(report: Report) -> str:
    channel = report.channel
    return (
        f'{{"channel":{"null" if channel is None else quote(channel.id)},'
        f'"content":"{report.content.id}",{_made_at(report.made_at)}'
        f'"made_on":"{report.made_on.isoformat()}",'
        f'"reporter":"{report.reporter.id}","type":"report"{_url(report.url)}}}'
    )


def text_id(text: str) -> str:
    """
    The content id of a canonical text.
    """
    return hashlib.sha256(text.encode()).hexdigest()
