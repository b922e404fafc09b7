"""
Structure-aware fuzzing of the document format, beside the raw fuzz_loads.py.

Valid documents are drawn from ledgers that `provenance.testing` generates;
each is mutated as JSON (values replaced with awkward ones, keys added or
removed, lists reordered or repeated, references swapped or pointed into
the wrong table, entries unsorted, keys written twice) and, most of the time,
its content ids are recomputed, so that the mutation gets past the integrity
check and reaches the checks behind it. Every outcome must be:

- a ledger, which writes and reads back equal (with the same text), and
  which assessment, explanation and every renderer accept; or
- a ProvenanceError whose message is one line shorter than 1,000 characters;
  provenance.serialize.validate() then finds at least one problem, each such
  a line, and it finds none in a document that loads.

Anything else (another exception, a long or multi-line message, a round trip
that changes the ledger) is a finding.

    python fuzz/fuzz_structure.py --seconds 600 [--findings DIR]

prints the number of inputs tried and of findings, and writes each finding's
document to DIR. tests/test_fuzz_structure.py runs the same check as a
property test.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import re
import sys
import time
import traceback

from collections.abc import Callable
from pathlib import Path
from typing import Any


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance import Ledger, ProvenanceError, dumps, loads, render
from provenance.assessment import assess_all
from provenance.errors import DocumentError
from provenance.serialize import validate
from provenance.testing import ledgers


#: Messages longer than this are findings.
MAX_MESSAGE = 1000

_TABLES = ("sources", "channels", "claims", "records", "relations")

# Values that have broken parsers, hashers and printers before.
AWKWARD: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -0.0,
    1.0,
    1e308,
    -(10**30),
    10**400,
    2**53 + 1,
    0.1,
    "",
    " ",
    "\x00",
    "\x1b]0;title\x07",
    "line\nforged: yes",
    "a @ $.records['x']",
    "e\u0301",
    "\u00e9",
    "\u200b\u200d",
    "\u3164",
    "\ud800",
    "\u202eevil",
    "x" * 5000,
    "person",
    "statement",
    "report",
    "CT+",
    "2024-02-30",
    "2024-01-01",
    "0000-01-01",
    "2023-08/..",
    "09:30",
    "09:30:00",
    "24:00:00",
    "../..",
    [],
    [[]],
    {},
    {"type": "statement"},
    "entails",
    "equivalent",
    "exclusive",
    {"type": "equivalent", "claims": []},
)


# Drawn as fresh copies: the mutations change what they insert, and a shared
# constant changed by one input would change what later inputs draw.
_AWKWARD = st.sampled_from(AWKWARD).map(copy.deepcopy)


def content_id(value: Any) -> str:
    """
    The content id of a parsed value: the SHA-256 of its canonical text.
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def rehash(doc: Any) -> Any:  # noqa: C901  # One step per table.
    """
    *doc* with every table key recomputed from its (possibly mutated) value,
    and every reference to a changed key following it; entries sorted.

    References are followed in dependency order (affiliations, relayed
    records); what cannot be ordered (cycles, dangling or malformed
    references) keeps its key, so the loader still meets it.
    """
    if not isinstance(doc, dict):
        return doc
    moved: dict[str, str] = {}

    def fix(ref: Any) -> Any:
        return moved.get(ref, ref) if isinstance(ref, str) else ref

    def table(
        name: str, refs: Callable[[Any], list[Any]], rewrite: Callable[[Any], Any]
    ) -> None:
        old = doc.get(name)
        if not isinstance(old, dict):
            return
        pending = dict(old)
        new: dict[str, Any] = {}
        while pending:
            ready = [
                key
                for key, raw in pending.items()
                if not any(
                    isinstance(r, str) and r in pending and r != key for r in refs(raw)
                )
            ]
            if not ready:
                break
            for key in ready:
                raw = rewrite(pending.pop(key))
                moved[key] = new_key = content_id(raw)
                new[new_key] = raw
        new.update(pending)
        doc[name] = new

    def own(raw: Any, field: str) -> list[Any]:
        return [raw.get(field)] if isinstance(raw, dict) else []

    def with_refs(raw: Any, fields: tuple[str, ...]) -> Any:
        if not isinstance(raw, dict):
            return raw
        out = dict(raw)
        for field in fields:
            if field in out:
                value = out[field]
                out[field] = (
                    [fix(v) for v in value] if isinstance(value, list) else fix(value)
                )
        return out

    table("channels", lambda _: [], lambda raw: raw)
    table(
        "sources",
        lambda raw: own(raw, "affiliation"),
        lambda raw: with_refs(raw, ("affiliation",)),
    )
    table("claims", lambda _: [], lambda raw: with_refs(raw, ("about",)))
    table(
        "records",
        lambda raw: own(raw, "content"),
        lambda raw: with_refs(
            raw, ("source", "claim", "channel", "reporter", "content")
        ),
    )
    table("relations", lambda _: [], lambda raw: _sorted_claims(with_refs(raw, _NAMED)))
    entries = doc.get("entries")
    if isinstance(entries, list):
        fixed = [fix(e) for e in entries]
        if all(isinstance(e, str) for e in fixed):
            fixed.sort()
        doc["entries"] = fixed
    return doc


# The fields by which a relation names claims.
_NAMED = ("specific", "general", "claims")


def _sorted_claims(raw: Any) -> Any:
    # Claims moved to new ids keep the list in the canonical (sorted) order.
    claims = raw.get("claims") if isinstance(raw, dict) else None
    if isinstance(claims, list) and all(isinstance(ref, str) for ref in claims):
        raw["claims"] = sorted(claims)
    return raw


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, child in node.items():
            found.extend(_paths(child, (*path, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.extend(_paths(child, (*path, index)))
    return found


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        doc = doc[step]
    return doc


def _ids(doc: Any) -> list[str]:
    found: list[str] = []
    if isinstance(doc, dict):
        for name in _TABLES:
            if isinstance(doc.get(name), dict):
                found.extend(doc[name])
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:  # noqa: C901, PLR0912  # One branch per mutation.
    """
    A mutated document's text, and a description of what was done.
    """
    ledger = draw(ledgers(max_records=6, relations=True))
    doc = json.loads(dumps(ledger))
    done: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths))
        parent_path, step = path[:-1], path[-1] if path else None
        node = _at(doc, path)
        operation = draw(
            st.sampled_from(
                (
                    "replace",
                    "reference",
                    "delete",
                    "add",
                    "repeat",
                    "reverse",
                    "swap-key",
                    "wrong-table",
                )
            )
        )
        done.append(f"{operation} at {path!r}")
        if operation == "replace" and path:
            value = draw(_AWKWARD | st.integers() | st.text(max_size=8))
            _at(doc, parent_path)[step] = value
        elif operation == "reference" and path and _ids(doc):
            _at(doc, parent_path)[step] = draw(st.sampled_from(_ids(doc)))
        elif operation == "delete" and path:
            parent = _at(doc, parent_path)
            del parent[step]
        elif operation == "add" and isinstance(node, dict):
            node[
                draw(st.sampled_from(("extra", "type", "name", "x" * 300, "a @ b\n")))
            ] = draw(_AWKWARD)
        elif operation == "add" and isinstance(node, list):
            node.append(draw(_AWKWARD | st.sampled_from(_ids(doc) or [""])))
        elif operation == "repeat" and isinstance(node, list) and node:
            node.append(node[draw(st.integers(0, len(node) - 1))])
        elif operation == "reverse" and isinstance(node, list):
            node.reverse()
        elif operation == "swap-key" and isinstance(node, dict) and node:
            key = draw(st.sampled_from(sorted(node)))
            node[draw(st.sampled_from(AWKWARD[11:30]))] = node.pop(key)
        elif operation == "wrong-table" and isinstance(doc, dict):
            source, target = draw(st.permutations(_TABLES))[:2]
            if (
                isinstance(doc.get(source), dict)
                and doc[source]
                and isinstance(doc.get(target), dict)
            ):
                key = draw(st.sampled_from(sorted(doc[source])))
                doc[target][key] = doc[source][key]
    if draw(st.integers(0, 9)) < 8:  # noqa: PLR2004  # Mostly get past the ids.
        doc = rehash(doc)
        done.append("rehash")
    finish = draw(st.sampled_from(_FINISHES))
    entries = doc.get("entries") if isinstance(doc, dict) else None
    if finish == "unsort" and isinstance(entries, list):
        entries.reverse()
        done.append("unsort entries")
    twice: tuple[int, Any] | None = None
    if finish == "duplicate":
        objects = [
            p for p in _paths(doc) if isinstance(_at(doc, p), dict) and _at(doc, p)
        ]
        if objects:
            node = _at(doc, draw(st.sampled_from(objects)))
            twice = (id(node), draw(st.sampled_from(sorted(node))))
            done.append(f"key {twice[1]!r} twice")
    text = _encode(doc, twice, ascii_only=draw(st.booleans()))
    return text, "; ".join(done)


def _expect(holds: bool, problem: str) -> None:
    if not holds:
        raise AssertionError(problem)


# How a mutated document is finished: mostly as it is.
_FINISHES = ("as is",) * 6 + ("unsort", "duplicate", "duplicate")


def _encode(node: Any, twice: tuple[int, Any] | None, *, ascii_only: bool) -> str:
    """
    *node* as JSON text, writing one member of one object (*twice*: the
    object's id() and the key) twice, which json.dumps cannot do.
    """
    if isinstance(node, dict):
        members = [
            f"{json.dumps(key, ensure_ascii=ascii_only)}:"
            f"{_encode(value, twice, ascii_only=ascii_only)}"
            for key, value in node.items()
        ]
        if twice is not None and twice[0] == id(node) and twice[1] in node:
            key = twice[1]
            members.append(
                f"{json.dumps(key, ensure_ascii=ascii_only)}:"
                f"{_encode(node[key], None, ascii_only=ascii_only)}"
            )
        return "{" + ",".join(members) + "}"
    if isinstance(node, list):
        return (
            "[" + ",".join(_encode(v, twice, ascii_only=ascii_only) for v in node) + "]"
        )
    return json.dumps(node, ensure_ascii=ascii_only)


def check(text: str | bytes) -> str:
    """
    The property, for one input: returns "loaded" or "refused", or raises
    AssertionError (or anything else) for a finding.
    """
    unverified = _outcome(text, verify=False)
    verified = _outcome(text, verify=True)
    if verified is None:
        return "refused"
    _expect(unverified == verified, "verification changed what loaded")
    found = assess_all(verified)
    for assessment in found.values():
        _expect_safe(render.to_text(assessment))
    _expect_safe(render.summary(found))
    render.to_json(found)
    render.to_dot(verified, assessments=found.values())
    render.to_mermaid(verified, assessments=found.values())
    return "loaded"


def _outcome(text: str | bytes, *, verify: bool) -> Ledger | None:
    """
    The ledger *text* holds, checked to round-trip, or None if it was
    refused with a bounded message.
    """
    problems = validate(text, verify=verify)
    for problem in problems:
        _expect(
            isinstance(problem, DocumentError), "validate found a non-DocumentError"
        )
        _expect_short(str(problem))
    try:
        ledger = loads(text, verify=verify)
    except ProvenanceError as exc:
        _expect_short(str(exc))
        _expect(bool(problems), "validate found nothing in a document loads refused")
        return None
    _expect(not problems, "validate found problems in a document loads read")
    again = dumps(ledger)
    _expect(loads(again) == ledger, "round trip changed the ledger")
    _expect(dumps(loads(again)) == again, "round trip changed the text")
    return ledger


def _expect_short(message: str) -> None:
    _expect(len(message) < MAX_MESSAGE, f"message of {len(message)} chars")
    _expect(message.isprintable(), "message not one printable line")


# What a terminal would act on: controls (but tabs; line breaks separate the
# lines checked), DEL and C1, line and paragraph separators, bidi controls.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _expect_safe(text: str) -> None:
    found = _UNSAFE.search(text)
    _expect(
        found is None, f"unescaped {found.group()!r} in text output" if found else ""
    )


def run(seconds: float, findings: Path | None) -> dict[str, int]:
    """
    Fuzz for *seconds*; returns the counts of inputs, loaded, refused and
    findings.
    """
    counts = {"inputs": 0, "loaded": 0, "refused": 0, "findings": 0}
    deadline = time.monotonic() + seconds

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(mutated())
    def fuzz(case: tuple[str, str]) -> None:
        if time.monotonic() > deadline:
            return
        text, how = case
        counts["inputs"] += 1
        try:
            counts[check(text)] += 1
        except Exception as exc:  # noqa: BLE001  # Every other outcome is a finding.
            counts["findings"] += 1
            print(
                f"FINDING ({how}): {type(exc).__name__}: {str(exc)[:300]}", flush=True
            )
            if findings is not None:
                findings.mkdir(parents=True, exist_ok=True)
                name = hashlib.sha256(
                    text.encode("utf-8", "surrogatepass")
                ).hexdigest()[:16]
                (findings / f"{name}.json").write_text(text, "utf-8", "surrogatepass")
                (findings / f"{name}.txt").write_text(
                    f"{how}\n{traceback.format_exc()}", "utf-8"
                )

    while time.monotonic() < deadline:
        fuzz()
    return counts


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--findings", type=Path, default=None)
    options = parser.parse_args()
    start = time.monotonic()
    result = run(options.seconds, options.findings)
    elapsed = time.monotonic() - start
    print(json.dumps({**result, "seconds": round(elapsed)}), flush=True)
