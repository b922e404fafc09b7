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

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final, Protocol

from provenance._fields import compile_writers


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


# The canonical forms, generated from the description of each type in
# provenance._fields: the node (the JSON object, as the indented document
# writes it) and the text, written directly. Serialising a node with
# json.dumps costs about 5 microseconds a value, most of it in the encoder's
# Python set-up; the generated f-strings produce the identical text (keys in
# sorted order, no whitespace, strings escaped by the same C function json
# uses with ensure_ascii=False) in well under one, which matters when a
# document holds a million records. tests/test_fastpaths.py and
# tests/test_fields.py check them against json.dumps.
#
# Fields added to format version 1 after its first release are written only
# when set, so that every value that does not use them keeps its text and id.

_WRITERS: Final = compile_writers()


class _StatementText(Protocol):
    def __call__(self, statement: Statement, stance: str | None = None) -> str:
        """
        The canonical text of *statement*; *stance*, if given, is the
        stance's canonical text.
        """


source_text: Callable[[Source], str] = _WRITERS["source_text"]
channel_text: Callable[[Channel], str] = _WRITERS["channel_text"]
quantity_text: Callable[[Quantity], str] = _WRITERS["quantity_text"]
claim_text: Callable[[Claim], str] = _WRITERS["claim_text"]
stance_text: Callable[[Stance], str] = _WRITERS["stance_text"]
statement_text: _StatementText = _WRITERS["statement_text"]
report_text: Callable[[Report], str] = _WRITERS["report_text"]

source_node: Callable[[Source], Node] = _WRITERS["source_node"]
channel_node: Callable[[Channel], Node] = _WRITERS["channel_node"]
quantity_node: Callable[[Quantity], Node] = _WRITERS["quantity_node"]
claim_node: Callable[[Claim], Node] = _WRITERS["claim_node"]
stance_node: Callable[[Stance], Node] = _WRITERS["stance_node"]
statement_node: Callable[[Statement], Node] = _WRITERS["statement_node"]
report_node: Callable[[Report], Node] = _WRITERS["report_node"]


def text_id(text: str) -> str:
    """
    The content id of a canonical text.
    """
    return hashlib.sha256(text.encode()).hexdigest()
