"""
The rules for PROV documents made by other tools, which say what a ledger
needs in PROV's own terms only: each rule a pure function, applied where a
document lacks the library's attributes.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Sequence
from typing import Final

from prov.constants import PROV_LABEL, PROV_TYPE
from prov.identifier import QualifiedName
from prov.model import Literal, ProvDerivation, ProvRecord

from provenance.interop.prov._records import build, path_of, types_of, values_of
from provenance.interop.prov._values import text_value
from provenance.interop.prov._vocabulary import PRIMARY_SOURCE, QUOTATION
from provenance.records import Record, Report
from provenance.sources import Channel, ChannelKind, SourceKind
from provenance.stances import CT_PLUS


class ProvImportWarning(UserWarning):
    """
    `from_prov` ignored records of a PROV document that a ledger has no place
    for (usages, communications, unrelated entities, ...).
    """


_SOURCE_KINDS: Final = frozenset(kind.value for kind in SourceKind)
_CHANNEL_KINDS: Final = frozenset(kind.value for kind in ChannelKind)
# Local names of foreign prov:type values that name one of our kinds.
_KIND_ALIASES: Final = {"organization": SourceKind.ORGANISATION}
_SHOWN: Final = 5

PLAIN_STANCE: Final = CT_PLUS
"""
The stance of an attribution without one: the agent said it, plainly.
"""


def normalise(name: str) -> str:
    """
    A type's name as our vocabularies spell it: "SocialPost", "social-post"
    and "social post" all become "social_post".
    """
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.strip())
    return re.sub(r"[\s-]+", "_", snake).lower()


def type_names(record: ProvRecord | None) -> list[str]:
    """
    The local names of a record's types, normalised: "ex:Interview" and
    "press-release" become "interview" and "press_release".
    """
    names = []
    for value in values_of(record, PROV_TYPE):
        if isinstance(value, QualifiedName):
            names.append(normalise(value.localpart))
        elif isinstance(value, (str, Literal)):
            text = value if isinstance(value, str) else value.value
            names.append(normalise(re.split(r"[:#/]", text)[-1]))
    return names


def label(record: ProvRecord | None, ref: QualifiedName, path: str) -> str:
    """
    The name of an element: its first label (of several, one per language,
    say), else its identifier's local name.
    """
    labels = values_of(record, PROV_LABEL)
    if labels:
        return text_value(labels[0], f"{path}.{PROV_LABEL}")
    return ref.localpart


def source_kind(agent: ProvRecord | None) -> SourceKind:
    """
    The kind of a source its agent's types name, else "other".
    """
    # Our own kinds are more specific than PROV's Person and Organization.
    names = type_names(agent)
    for name in names:
        if name in _SOURCE_KINDS:
            return SourceKind(name)
    for name in names:
        if name in _KIND_ALIASES:
            return _KIND_ALIASES[name]
    return SourceKind.OTHER


def activity_channel(activity: ProvRecord, path: str) -> Channel | None:
    """
    The channel of a statement or report its activity names, if any: its
    type the kind of channel ("ex:Interview"), its label the channel.
    """
    labels = values_of(activity, PROV_LABEL)
    name = text_value(labels[0], f"{path}.{PROV_LABEL}") if labels else None
    kinds = [
        ChannelKind(kind) for kind in type_names(activity) if kind in _CHANNEL_KINDS
    ]
    if not kinds and name is None:
        return None
    return build(
        path,
        lambda: Channel(kind=kinds[0] if kinds else ChannelKind.OTHER, name=name),
    )


def statement_activity(
    generating: Sequence[QualifiedName], associated: Sequence[QualifiedName]
) -> QualifiedName | None:
    """
    The activity of a statement: of the activities that generated the entity,
    the one its agent was associated with, else the agent's only activity.
    """
    candidates = [ref for ref in generating if ref in associated] or associated
    return candidates[0] if len(candidates) == 1 else None


def relaying(derivations: Sequence[ProvDerivation]) -> list[ProvDerivation]:
    """
    The derivations by which a report relays a record: its quotations, else
    its derivations of no type, else its primary sources.
    """
    hops = [d for d in derivations if QUOTATION in types_of(d)]
    if not hops:
        hops = [d for d in derivations if not types_of(d)]
    if not hops:
        hops = [d for d in derivations if PRIMARY_SOURCE in types_of(d)]
    return hops


def unrelayed(records: Iterable[Record], reports: Iterable[Report]) -> list[Record]:
    """
    The records the analyst holds in a document that does not say: those no
    report relays.
    """
    relayed = {id(report.content) for report in reports}
    return [record for record in records if id(record) not in relayed]


def ignored_message(ignored: Sequence[ProvRecord]) -> str:
    """
    The warning that names the records a ledger has no place for.
    """
    shown = ", ".join(path_of(record) for record in ignored[:_SHOWN])
    more = f" and {len(ignored) - _SHOWN} more" if len(ignored) > _SHOWN else ""
    return (
        f"ignored {len(ignored)} PROV record(s) a ledger has no place "
        f"for: {shown}{more}"
    )
