"""
Ledgers and assessments as text for people and other tools: the explanation
tree, a ranked summary, a before-and-after comparison, JSON-ready data, and
Graphviz DOT and Mermaid graphs.

Every function is pure and its output deterministic: nodes and edges are
sorted by content id, claims by probability and then by key. The graph
formats are plain text; rendering them needs Graphviz or Mermaid, but
writing them needs nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
import unicodedata

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, TypeAlias

import attrs

from provenance import _svg
from provenance._reprs import escaped, h, safe
from provenance._validators import is_day, is_integer, to_day
from provenance.assessment import Assessment, Assessments, assess_all
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.explain import (
    Conduit,
    Group,
    Line,
    beside_words,
    checked_day,
    cut_words,
    explain,
    said_words,
)
from provenance.hypotheses import SetAssessment
from provenance.ledger import Ledger
from provenance.opinion import Opinion
from provenance.policy import DEFAULT_POLICY, Policy
from provenance.records import Record, Report, Statement
from provenance.sources import Source
from provenance.stances import Polarity


__all__ = [
    "AssessmentsLike",
    "comparison",
    "ranked",
    "summary",
    "to_data",
    "to_dot",
    "to_html",
    "to_json",
    "to_mermaid",
    "to_text",
]

AssessmentsLike: TypeAlias = Mapping[Claim, Assessment] | Iterable[Assessment]
"""
What the renderers take: the `provenance.Assessments` that
`provenance.assess_all` returns, any mapping from claim to assessment, or any
iterable of assessments.
"""

# Probabilities that agree to this many decimals are a tie, broken by claim:
# float noise must not reorder claims that print the same number.
_TIE_DECIMALS: Final = 9
_WRAP: Final = 40
_SHORT: Final = 60


# --- Text ----------------------------------------------------------------------


def to_text(assessment: Assessment, *, known_on: dt.date | None = None) -> str:
    """
    The explanation tree of *assessment*: the verdict, then each group and
    line of evidence with its sources, channels, dates, rules and numbers.

    Args:
        assessment: The assessment to explain.
        known_on: The day its ledger was known on (a store's ledger, cut by
            `provenance.store.Store.ledger`), stated under the verdict as
            "known on DAY" (beside "as of DAY"); it cuts nothing.

    Returns:
        The text of ``assessment.explain()`` (stating *known_on*, if
        given), which is safe for a terminal: control and format characters
        and line breaks that come from the document (in names, texts, roles,
        channels, verbs) are written as Python escapes such as ``\\n`` and
        ``\\x1b``, so a document can neither forge a line of the tree nor
        send escape sequences.

    .. versionchanged:: unreleased
        Escapes control characters and line breaks from the document.

    .. versionchanged:: unreleased
        Takes *known_on*.
    """
    _expect(assessment, Assessment, "to_text.assessment")
    known_on = checked_day(known_on, "to_text.known_on")
    return explain(assessment, known_on=known_on)


def ranked(assessments: AssessmentsLike) -> tuple[Assessment, ...]:
    """
    *assessments*, most probable first.

    Probabilities equal to nine decimals are a tie, broken by claim key, then
    text, then content id, so that the order never depends on the order of
    the input or on float noise.

    Args:
        assessments: A mapping from claims to assessments (as
            `provenance.assess_all` returns) or an iterable of assessments.

    Returns:
        The assessments in order.
    """
    return tuple(sorted(_values(assessments), key=_rank))


def summary(
    assessments: AssessmentsLike,
    *,
    explain: bool = True,
    known_on: dt.date | None = None,
) -> str:
    """
    A report of every assessment, most probable first: a table of each
    claim's probability, ICD 203 words, confidence and conflict, then (with
    *explain*) each claim's explanation tree in the same order. A claim is
    named by its key, followed by the start of its id when several claims
    in the table share the key.

    Args:
        assessments: A mapping from claims to assessments, or an iterable of
            assessments.
        explain: Whether to follow the table with the explanation trees.
        known_on: The day their ledger was known on (a store's ledger, cut
            by `provenance.store.Store.ledger`), stated in the first line as
            "known on DAY" (and in each tree), beside "as of DAY" when the
            assessments share one; it cuts nothing.

    Returns:
        The report; it ends without a newline.

    .. versionchanged:: unreleased
        Takes *known_on*.
    """
    known_on = checked_day(known_on, "summary.known_on")
    order = ranked(assessments)
    if not order:
        return " ".join(filter(None, ("no claims", cut_words(known_on, None))))
    count = "1 claim" if len(order) == 1 else f"{len(order)} claims"
    days = {a.as_of for a in order}
    day = days.pop() if len(days) == 1 else None
    if cut := cut_words(known_on, day):
        count += f" {cut}"
    words = max(len("words"), *(len(a.words) for a in order))
    head = f"{'P':>5}  {'words':<{words}}  confidence  conflict  claim"
    shared = _shared_keys(a.claim for a in order)
    rows = [
        f"{a.probability:5.3f}  {a.words:<{words}}  {a.confidence:<10}  "
        f"{a.conflict:8.3f}  {_name(a.claim, shared)}"
        for a in order
    ]
    ranking = "" if len(order) == 1 else ", most probable first"
    out = [f"{count}{ranking}:", "", head, *rows]
    if explain:
        for assessment in order:
            out.extend(("", to_text(assessment, known_on=known_on)))
    return "\n".join(out)


def comparison(
    before: AssessmentsLike, after: AssessmentsLike, *, title: str | None = None
) -> str:
    """
    How each claim's probability moved between two sets of assessments, for
    example under two policies: one row per claim, ``before -> after`` with
    the change, in the order of `ranked` *before*, then a count of the
    claims that moved.

    Args:
        before: The assessments before the change.
        after: The assessments after it.
        title: A first line saying what changed, if given.

    Returns:
        The comparison; it ends without a newline.
    """
    old = {a.claim: a for a in ranked(before)}
    new = {a.claim: a for a in ranked(after)}
    claims = [*old, *(claim for claim in new if claim not in old)]
    cells = [(_cell(old.get(c)), _cell(new.get(c)), c) for c in claims]
    width = max((len(text) for pair in cells for text in pair[:2]), default=0)
    if title is not None:
        _expect(title, str, "comparison.title")
    out = [] if title is None else [safe(title, ()), ""]
    moved = 0
    shared = _shared_keys(claims)
    for claim, (left, right, _) in zip(claims, cells, strict=True):
        change = _change(old.get(claim), new.get(claim))
        moved += change != "unchanged"
        out.append(
            f"  {left:<{width}} -> {right:<{width}}  {change:>9}  "
            f"{_name(claim, shared)}"
        )
    out.append(f"{moved} of {len(claims)} claims moved.")
    return "\n".join(out)


def _values(assessments: AssessmentsLike) -> Iterable[Assessment]:
    found: Any = assessments
    if isinstance(found, Mapping):
        found = found.values()
    if not isinstance(found, Iterable) or isinstance(found, (str, bytes)):
        msg = "must be assessments: a mapping or an iterable of Assessment"
        raise InvalidValueError(msg, "assessments", assessments)
    items = list(found)
    for item in items:
        _expect(item, Assessment, "assessments")
    return items


def _expect(value: object, kind: type, path: str) -> None:
    # Callers without a type checker pass anything: say so with a path
    # rather than fail with an AttributeError or TypeError.
    if not isinstance(value, kind):
        msg = f"must be {'an' if kind.__name__[0] in 'AEIOU' else 'a'} {kind.__name__}"
        raise InvalidValueError(msg, path, value)


def _rank(assessment: Assessment) -> tuple[float, str, str, str]:
    claim = assessment.claim
    return (
        -round(assessment.probability, _TIE_DECIMALS),
        claim.key or "",
        claim.text,
        claim.id,
    )


def _name(claim: Claim, shared: frozenset[str] = frozenset()) -> str:
    # A key is made for the command line; without one, the start of the text.
    # A key several claims share is followed by the start of the id, which
    # tells them apart.
    if claim.key is not None:
        return f"{claim.key} ({claim.id[:12]})" if claim.key in shared else claim.key
    text = escaped(" ".join(claim.text.split()))
    return text if len(text) <= _SHORT else text[: _SHORT - 3] + "..."


def _shared_keys(claims: Iterable[Claim]) -> frozenset[str]:
    seen: set[str] = set()
    shared: set[str] = set()
    for claim in claims:
        if claim.key is not None:
            (shared if claim.key in seen else seen).add(claim.key)
    return frozenset(shared)


def _cell(assessment: Assessment | None) -> str:
    if assessment is None:
        return "(absent)"
    return f"{assessment.probability:.3f} {assessment.words}"


def _change(old: Assessment | None, new: Assessment | None) -> str:
    if old is None or new is None:
        return "n/a"
    delta = round(new.probability - old.probability, 3)
    return "unchanged" if delta == 0 else f"{delta:+.3f}"


# --- JSON-ready data -------------------------------------------------------------


def to_data(
    assessment: Assessment, *, known_on: dt.date | None = None
) -> dict[str, Any]:
    """
    *assessment* as JSON-ready data: the claim's key, text and id, the
    opinion, probability, words, confidence, conflict, information
    credibility and rating, the day it is as of (``as_of``, an ISO date or
    ``None``), and every line of evidence (statement id,
    source, stance, credibility grade, route of reporters, route trust,
    interest, time decay, the claim it was said of and how that relates to
    this one, the line's opinion, and whether it is counted or why not).

    Args:
        assessment: The assessment.
        known_on: The day its ledger was known on (a store's ledger, cut by
            `provenance.store.Store.ledger`): given, the data has a
            ``known_on`` member after ``as_of``, the ISO date; it cuts
            nothing.

    Returns:
        A dict of JSON types only.

    .. versionchanged:: unreleased
        Takes *known_on*.
    """
    _expect(assessment, Assessment, "to_data.assessment")
    known_on = checked_day(known_on, "to_data.known_on")
    claim = assessment.claim
    data: dict[str, Any] = {
        "key": claim.key,
        "text": claim.text,
        "id": claim.id,
        "opinion": _opinion_data(assessment.opinion),
        "probability": assessment.probability,
        "words": assessment.words,
        "confidence": assessment.confidence,
        "conflict": assessment.conflict,
        "corroboration": assessment.corroboration,
        "credibility": assessment.credibility,
        "rating": assessment.rating,
        "notes": list(assessment.notes),
        "as_of": None if assessment.as_of is None else assessment.as_of.isoformat(),
    }
    # Only when given, so that the data of an assessment of a document (which
    # has no such day) is what it always was.
    if known_on is not None:
        data["known_on"] = known_on.isoformat()
    data["lines"] = [_line_data(line) for line in assessment.lines]
    return data


def to_json(
    assessments: AssessmentsLike,
    *,
    indent: int | None = 2,
    known_on: dt.date | None = None,
) -> str:
    """
    A JSON document ``{"claims": [...]}`` of *assessments*, most probable
    first, each as `to_data` gives it.

    Args:
        assessments: A mapping from claims to assessments, or an iterable of
            assessments.
        indent: Indent nested values by this many spaces; ``None`` writes one
            line.
        known_on: The day their ledger was known on: given, each claim has
            a ``known_on`` member beside ``as_of``, as `to_data` writes it.

    Returns:
        The JSON text. Besides what JSON always escapes, characters a
        terminal may act on (DEL, C1 controls, line and paragraph
        separators, bidirectional controls) are written as ``\\uXXXX``.

    .. versionchanged:: unreleased
        Takes *known_on*.
    """
    if indent is not None and (
        not is_integer(indent) or not 0 <= indent <= 64  # noqa: PLR2004
    ):
        msg = "must be None or an integer from 0 to 64"
        raise InvalidValueError(msg, "to_json.indent", indent)
    known_on = checked_day(known_on, "to_json.known_on")
    data = {"claims": [to_data(a, known_on=known_on) for a in ranked(assessments)]}
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    # Such characters only occur inside strings, where \uXXXX means them.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_JSON_UNSAFE: Final = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _opinion_data(opinion: Opinion) -> dict[str, float]:
    return {
        "belief": opinion.belief,
        "disbelief": opinion.disbelief,
        "uncertainty": opinion.uncertainty,
        "base_rate": opinion.base_rate,
    }


def _line_data(line: Line) -> dict[str, Any]:
    statement = line.statement
    return {
        "statement": statement.id,
        "source": statement.source.name,
        "source_id": statement.source.id,
        "stance": statement.stance.value,
        "act": statement.stance.act,
        "made_at": None if statement.made_at is None else statement.made_at.isoformat(),
        "made_on": statement.made_on.isoformat(),
        "url": statement.url,
        "route": [report.reporter.name for report in line.route],
        "route_trust": line.route_trust,
        "trust": line.trust.probability,
        "trust_rule": line.trust.reason,
        "hearsay": line.hearsay is not None,
        "interest": None
        if line.interest is None
        else {
            "party": line.interest.party.name,
            "serving": line.interest.serving,
            "factor": line.interest.factor,
        },
        "decay": None
        if line.decay is None
        else {
            "made_on": line.decay.made_on.isoformat(),
            "reference": line.decay.reference.isoformat(),
            "half_life_days": line.decay.half_life / dt.timedelta(days=1),
            "factor": line.decay.factor,
        },
        "credibility": None
        if line.credibility is None
        else {
            "grade": line.credibility.grade,
            "description": line.credibility.description,
            "factor": line.credibility.factor,
        },
        "claim": statement.claim.id,
        "flow": None if line.flow is None else line.flow.value,
        "weight": line.weight,
        "conduit": None if line.conduit is None else line.conduit.name,
        "opinion": _opinion_data(line.opinion),
        "probability": line.opinion.probability,
        "counted": line.counted,
        "excluded": line.excluded,
    }


# --- Graphs ----------------------------------------------------------------------


@attrs.frozen
class _Node:
    id: str
    kind: str  # "source" or "claim"
    label: str


@attrs.frozen(order=True)
class _Edge:
    tail: str
    head: str
    kind: str  # "affiliation", "statement" or "report"
    label: str


@attrs.frozen
class _Graph:
    nodes: tuple[_Node, ...]
    edges: tuple[_Edge, ...]
    #: The day every assessment drawn is as of, if they share one.
    as_of: dt.date | None = None


def _graph_cut(graph: _Graph, known_on: object, path: str) -> str:
    return cut_words(checked_day(known_on, path), graph.as_of)


def to_dot(
    ledger: Ledger,
    *,
    assessments: AssessmentsLike | None = None,
    claim: Claim | str | None = None,
    known_on: dt.date | None = None,
) -> str:
    """
    A Graphviz DOT digraph of *ledger*.

    A box per source (name, role, kind) with a dashed "acts on behalf of"
    edge to its affiliation (every source the ledger reaches, parties to
    claims included; with *claim*, the speakers and relays of the records
    reaching it and their affiliations); a note per claim (its text and key, and its
    probability and words when *assessments* has it); an edge from each
    originating source to the claim, labelled with the reporting verb, the
    FactBank value, the channel and the date; and an edge from each reporter
    to the speaker it relays, labelled "relays", the channel and the date.
    Identical edges are drawn once.

    Args:
        ledger: The records to draw.
        assessments: AssessmentsLike whose probabilities label their claims.
        claim: Draw only the records that reach this claim (a `Claim`, or a
            key or id for `Ledger.claim`).
        known_on: The day *ledger* was known on (a store's ledger, cut by
            `provenance.store.Store.ledger`); it cuts nothing.

    Returns:
        The DOT text, ending with a newline. With *known_on*, or
        *assessments* that are all as of one day, the graph's label, at the
        top, states the cut: "known on DAY", "as of DAY" or both. Node ids
        are ``s_`` or ``c_`` and the whole content id; every label is
        escaped, so any name is safe. Control characters other than newlines
        and tabs, line and paragraph separators and bidirectional controls
        are drawn as U+FFFD.

    .. versionchanged:: unreleased
        Node ids carry the whole content id, not its first 12 digits.

    .. versionchanged:: unreleased
        Takes *known_on*, and states the cut as the graph's label.

    Raises:
        UnknownClaimError: *claim* is a key or id no claim in *ledger* has.
    """
    graph = _graph(ledger, assessments, claim)
    cut = _graph_cut(graph, known_on, "to_dot.known_on")
    label = f", label={_dot(cut)}, labelloc=t" if cut else ""
    out = [
        "digraph provenance {",
        f"  graph [rankdir=LR{label}];",
        '  node [fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    shapes = {"source": "shape=box", "claim": "shape=note"}
    out.extend(
        f"  {node.id} [{shapes[node.kind]}, label={_dot(node.label)}];"
        for node in graph.nodes
    )
    styles = {"affiliation": "style=dashed, ", "statement": "", "report": ""}
    out.extend(
        f"  {edge.tail} -> {edge.head} [{styles[edge.kind]}label={_dot(edge.label)}];"
        for edge in graph.edges
    )
    out.append("}")
    return "\n".join(out) + "\n"


def to_mermaid(
    ledger: Ledger,
    *,
    assessments: AssessmentsLike | None = None,
    claim: Claim | str | None = None,
    known_on: dt.date | None = None,
) -> str:
    """
    A Mermaid flowchart of *ledger*, with the content of `to_dot`.

    Args:
        ledger: The records to draw.
        assessments: AssessmentsLike whose probabilities label their claims.
        claim: Draw only the records that reach this claim (a `Claim`, or a
            key or id for `Ledger.claim`).
        known_on: The day *ledger* was known on (a store's ledger, cut by
            `provenance.store.Store.ledger`); it cuts nothing.

    Returns:
        The Mermaid text, ending with a newline. With *known_on*, or
        *assessments* that are all as of one day, a front matter gives the
        chart a title stating the cut, as `to_dot` does. Labels are quoted; quotes
        become ``#quot;``, line breaks ``<br>``, and every character other
        than letters, digits, spaces and ``. , : - _ ' / + = ! ? ( )`` a
        numeric entity such as ``#35;``, so any name is safe.

    Raises:
        UnknownClaimError: *claim* is a key or id no claim in *ledger* has.

    .. versionchanged:: unreleased
        Takes *known_on*, and states the cut as the chart's title.
    """
    graph = _graph(ledger, assessments, claim)
    cut = _graph_cut(graph, known_on, "to_mermaid.known_on")
    # The cut is two dates and words, nothing YAML would read otherwise.
    out = ["---", f"title: {cut}", "---"] if cut else []
    out.append("flowchart LR")
    shapes = {"source": ('["', '"]'), "claim": ('(["', '"])')}
    for node in graph.nodes:
        opening, closing = shapes[node.kind]
        out.append(f"    {node.id}{opening}{_mermaid(node.label)}{closing}")
    arrows = {"affiliation": "-.->", "statement": "-->", "report": "-->"}
    out.extend(
        f'    {edge.tail} {arrows[edge.kind]}|"{_mermaid(edge.label)}"| {edge.head}'
        for edge in graph.edges
    )
    return "\n".join(out) + "\n"


def _graph(
    ledger: Ledger, assessments: AssessmentsLike | None, claim: Claim | str | None
) -> _Graph:
    _expect(ledger, Ledger, "ledger")
    if claim is not None and not isinstance(claim, (Claim, str)):
        msg = "must be a Claim, a claim key or id, or None"
        raise InvalidValueError(msg, "claim", claim)
    sources: dict[str, Source] = {}
    if claim is None:
        # Every source the ledger reaches, parties to claims included.
        records: Iterable[Record] = ledger.reached
        claims = ledger.claims
        sources.update((source.id, source) for source in ledger.sources)
    else:
        if not isinstance(claim, Claim):
            claim = ledger.claim(claim)
        records = _reaching(ledger, claim)
        claims = (claim,)
    by_claim = {a.claim: a for a in _values(assessments or ())}
    days = {a.as_of for a in by_claim.values()}
    edges: set[_Edge] = set()
    for record in records:
        if isinstance(record, Statement):
            speaker, label = record.source, _said(record)
            edges.add(_Edge(_sid(speaker), _cid(record.claim), "statement", label))
        else:
            speaker, label = record.reporter, _relayed(record)
            edges.add(
                _Edge(_sid(speaker), _sid(_speaker(record.content)), "report", label)
            )
        for node in (speaker, *speaker.affiliations()):
            sources[node.id] = node
    for source in sources.values():
        if source.affiliation is not None:
            tail, head = _sid(source), _sid(source.affiliation)
            edges.add(_Edge(tail, head, "affiliation", "acts on behalf of"))
    nodes = [
        *(_Node(_sid(s), "source", _source_label(s)) for s in sources.values()),
        *(_Node(_cid(c), "claim", _claim_label(c, by_claim.get(c))) for c in claims),
    ]
    return _Graph(
        nodes=tuple(sorted(nodes, key=lambda node: node.id)),
        edges=tuple(sorted(edges)),
        as_of=days.pop() if len(days) == 1 else None,
    )


def _reaching(ledger: Ledger, claim: Claim) -> list[Record]:
    found: list[Record] = []
    for statement in ledger.statements_about(claim):
        found.append(statement)
        for route in ledger.routes(statement):
            found.extend(route)
    return found


def _speaker(record: Record) -> Source:
    return record.source if isinstance(record, Statement) else record.reporter


# Node names carry the whole content id: a prefix could name two different
# sources as one node, attributing one's statements to the other.
def _sid(source: Source) -> str:
    return f"s_{source.id}"


def _cid(claim: Claim) -> str:
    return f"c_{claim.id}"


def _source_label(source: Source) -> str:
    parts = [source.name]
    if source.role is not None:
        parts.append(source.role)
    parts.append(source.kind.value.replace("_", " "))
    return "\n".join(parts)


def _claim_label(claim: Claim, assessment: Assessment | None) -> str:
    parts = [_wrap(line) for line in _lines(claim.text)]
    if claim.key is not None:
        parts.append(f"[{claim.key}]")
    if assessment is not None:
        parts.append(f"P={assessment.probability:.2f} {assessment.words}")
    return "\n".join(parts)


def _said(statement: Statement) -> str:
    parts = [str(statement.stance)]
    if statement.channel is not None:
        parts.append(str(statement.channel))
    parts.append(statement.made_on.isoformat())
    return "\n".join(parts)


def _relayed(report: Report) -> str:
    parts = ["relays"]
    if report.channel is not None:
        parts.append(str(report.channel))
    parts.append(report.made_on.isoformat())
    return "\n".join(parts)


def _wrap(text: str) -> str:
    # Break only at single spaces, never inside a word, so that reading each
    # break as a space gives back the text.
    lines: list[str] = []
    current: str | None = None
    for word in text.split(" "):
        if current is None:
            current = word
        elif current and len(current) + 1 + len(word) > _WRAP:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}"
    lines.append(current or "")
    return "\n".join(lines)


def _lines(text: str) -> list[str]:
    # Any line break is a label line break; other control characters would
    # break the syntax or vanish, so they are shown as U+FFFD.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = (
        ch
        if ch in "\n\t"
        or (unicodedata.category(ch) not in _DROPPED and ch not in _BIDI)
        else "\ufffd"
        for ch in text
    )
    return "".join(cleaned).split("\n")


def _dot(label: str) -> str:
    """
    *label* as a DOT quoted string, lines joined by the ``\\n`` escape.
    """
    escaped = (line.replace("\\", "\\\\").replace('"', '\\"') for line in _lines(label))
    return '"' + "\\n".join(escaped) + '"'


_DROPPED: Final = frozenset(("Cc", "Zl", "Zp"))
_BIDI: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MERMAID_SAFE: Final = frozenset(" .,:-_'/+=!?()")
_MERMAID_NAMED: Final = {'"': "#quot;"}


def _mermaid_char(ch: str) -> str:
    if ch.isalnum() or ch in _MERMAID_SAFE:
        return ch
    return _MERMAID_NAMED.get(ch) or f"#{ord(ch)};"


def _mermaid(label: str) -> str:
    """
    *label* for inside Mermaid's double quotes, lines joined by ``<br>``.
    """
    return "<br>".join("".join(map(_mermaid_char, line)) for line in _lines(label))


# --- The HTML report ---------------------------------------------------------------


def to_html(
    data: Ledger | AssessmentsLike,
    *,
    policy: Policy | None = None,
    as_of: dt.date | None = None,
    known_on: dt.date | None = None,
    title: str | None = None,
    graphviz: bool | None = None,
) -> str:
    """
    One self-contained HTML page reporting on *data*: every claim, most
    probable first, with a bar for its probability, its estimative words
    and analytic confidence; each claim's explanation as a tree that
    expands (groups, lines of evidence and their steps, each a
    ``<details>`` element, so it works without scripts); the competing
    hypotheses of each exclusive set; and the attribution graph as inline
    SVG, its edges told apart by colour and line style (asserting solid
    green, denying solid red, uncommitted grey dashed, hearsay dotted,
    relays blue, affiliations purple dashed).

    The page needs no network: styles and the one small script (an
    "expand all" button) are inline, and a Content Security Policy forbids
    loading anything. Every text from the document is HTML-escaped, with
    control characters and line breaks written as Python escapes.

    Args:
        data: A `Ledger` (assessed here, under *policy* and *as_of*), the
            `provenance.Assessments` of one (re-assessed under *policy* if
            given), or any other assessments (`AssessmentsLike`), whose
            graph is drawn from their lines of evidence.
        policy: The policy to assess under (default: the default policy,
            or the one the assessments were made under).
        as_of: For a ledger: ignore everything said after this day.
        known_on: The day the ledger was known on (a store's ledger, cut by
            `provenance.store.Store.ledger`), stated as "known on DAY" in
            the page's opening line and in each claim's verdict, beside "as
            of DAY"; it cuts nothing, so it is taken with assessments too.
        title: The page's title (default "Provenance report").
        graphviz: Lay the graph out with Graphviz's ``dot`` (``True``),
            with the built-in layered layout (``False``), or with ``dot``
            when it is installed (``None``, the default).

    Returns:
        The HTML text, ending with a newline.

    Raises:
        InvalidValueError: An argument is of the wrong type, *as_of* is
            given with assessments, *policy* with assessments that are not
            an `Assessments`, or *graphviz* is ``True`` and ``dot`` is not
            installed.

    .. versionadded:: unreleased
    """
    ledger, found, sets = _report_inputs(data, policy, as_of)
    known_on = checked_day(known_on, "to_html.known_on")
    if title is not None:
        _expect(title, str, "to_html.title")
    if graphviz not in (None, True, False):
        msg = "must be True, False or None"
        raise InvalidValueError(msg, "to_html.graphviz", graphviz)
    dot = shutil.which("dot") if graphviz is not False else None
    if graphviz is True and dot is None:
        msg = "Graphviz's dot is not installed (pass graphviz=None or False)"
        raise InvalidValueError(msg, "to_html.graphviz", graphviz)
    order = ranked(found)
    heading = h(title) if title is not None else "Provenance report"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{heading}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{heading}</h1>",
        f'<p class="lede">{_lede(ledger, order, known_on)}</p>',
        (
            '<p class="controls"><button type="button" id="expand-all" hidden>'
            "Expand all</button> "
            '<button type="button" id="collapse-all" hidden>Collapse all</button></p>'
        ),
        "</header>",
        '<main><section id="claims"><h2>Claims, most probable first</h2>',
        '<ol class="claims">',
    ]
    out.extend(_claim_html(rank, a, known_on) for rank, a in enumerate(order, 1))
    out.append("</ol></section>")
    if sets:
        out.append(_sets_html(sets))
    out.append(_graph_html(ledger, order, dot))
    out.extend(("</main>", f"<script>{_JS}</script>", "</body>", "</html>"))
    return "\n".join(out) + "\n"


def _report_inputs(
    data: object, policy: Policy | None, as_of: dt.date | None
) -> tuple[Ledger, list[Assessment], list[SetAssessment]]:
    if policy is not None:
        _expect(policy, Policy, "to_html.policy")
    as_of = to_day(as_of)
    if as_of is not None and not is_day(as_of):
        msg = "must be a datetime.date or None"
        raise InvalidValueError(msg, "to_html.as_of", as_of)
    if isinstance(data, Ledger):
        found = assess_all(data, policy=policy or DEFAULT_POLICY, as_of=as_of)
    elif as_of is not None:
        msg = "applies to a ledger: assessments were cut when they were made"
        raise InvalidValueError(msg, "to_html.as_of", as_of)
    elif isinstance(data, Assessments):
        found = data if policy is None else data.with_policy(policy)
    elif policy is not None:
        msg = "applies to a ledger or an Assessments, not to other assessments"
        raise InvalidValueError(msg, "to_html.policy", policy)
    else:
        items = list(_values(data))  # type: ignore[arg-type]  # checked inside
        return _ledger_of(items), items, []
    ledger = found.ledger
    sets = []
    if ledger.relations:
        sets = [found.hypotheses(hypotheses) for hypotheses in ledger.related.sets]
    return ledger, list(found.values()), sets


def _ledger_of(assessments: Iterable[Assessment]) -> Ledger:
    """
    The records the lines of *assessments* were drawn from: each statement,
    or the outermost report of its route.
    """
    records: set[Record] = set()
    for assessment in assessments:
        for line in assessment.lines:
            records.add(line.route[0] if line.route else line.statement)
    return Ledger.of(records)


def _count_of(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _lede(ledger: Ledger, order: Sequence[Assessment], known_on: dt.date | None) -> str:
    parts = [
        _count_of(len(order), "claim"),
        _count_of(len(ledger.statements), "statement"),
        _count_of(len(ledger.sources), "source"),
    ]
    text = ", ".join(parts)
    days = {a.as_of for a in order}
    day = days.pop() if len(days) == 1 else None
    if cut := cut_words(known_on, day):
        text += f"; {cut}"
    policies = {a.policy for a in order}
    if policies == {DEFAULT_POLICY}:
        text += "; under the default policy"
    elif policies:
        text += "; under a custom policy"
    return (
        text + ". Open a claim to see why: each line of evidence, its source, "
        "relays and the rules that weighed it."
    )


def _numbers_html(opinion: Opinion) -> str:
    return (
        f'<span class="num">b={opinion.belief:.3f} d={opinion.disbelief:.3f} '
        f"u={opinion.uncertainty:.3f} a={opinion.base_rate:.2f} "
        f"P={opinion.probability:.3f}</span>"
    )


def _claim_html(rank: int, assessment: Assessment, known_on: dt.date | None) -> str:
    claim = assessment.claim
    percent = max(0.0, min(100.0, assessment.probability * 100))
    key = "" if claim.key is None else f' <span class="key">[{h(claim.key)}]</span>'
    out = [
        (
            f'<li class="claim" id="claim-{rank}" data-probability='
            f'"{assessment.probability:.6f}">'
        ),
        "<details>",
        (
            "<summary>"
            f'<span class="bar" title="P={assessment.probability:.3f}">'
            f'<span style="width:{percent:.1f}%"></span></span>'
            f'<span class="p">{assessment.probability:.2f}</span>'
            f'<span class="words">{h(assessment.words)}</span>'
            f'<span class="confidence">{h(assessment.confidence)} confidence</span>'
            f'<span class="text">{h(claim.text)}{key}</span>'
            "</summary>"
        ),
        '<div class="why">',
        _verdict_html(assessment, known_on),
        '<ul class="tree">',
    ]
    if not assessment.lines:
        out.append(
            '<li class="empty">No statement on this claim: the vacuous opinion '
            "at its base rate.</li>"
        )
    fusion = assessment.policy.within_group.value
    for unit in assessment.units:
        if isinstance(unit, Conduit):
            out.extend(
                (
                    (
                        "<li><details open><summary>"
                        f"Only through {h(str(unit.source))} "
                        f"({_count_of(len(unit.groups) - len(unit.own), 'group')}): "
                        "fused, then discounted once by its trust "
                        f"{unit.trust.probability:.3f} [{h(unit.trust.reason)}]"
                        f"{h(beside_words(unit))} &rarr; "
                        f"{_numbers_html(unit.opinion)}</summary><ul>"
                    ),
                    *(_group_html(group, fusion) for group in unit.groups),
                    "</ul></details></li>",
                )
            )
        else:
            out.append(_group_html(unit, fusion))
    out.extend(f'<li class="note">{h(note)}</li>' for note in assessment.notes)
    left_out = [line for line in assessment.lines if not line.counted]
    if left_out:
        out.append(
            f'<li><details class="left-out"><summary>Not counted '
            f"({_count_of(len(left_out), 'line')})</summary><ul>"
        )
        out.extend(_line_html(line) for line in left_out)
        out.append("</ul></details></li>")
    out.extend(("</ul>", "</div>", "</details>", "</li>"))
    return "\n".join(out)


def _verdict_html(assessment: Assessment, known_on: dt.date | None) -> str:
    parts = [
        (
            f"<strong>{h(assessment.words)}</strong> "
            f"(P={assessment.probability:.3f}), {h(assessment.confidence)} "
            f"confidence, conflict {assessment.conflict:.3f}, "
            f"{_count_of(assessment.corroboration, 'independent line')} of "
            f"reporting {'agrees' if assessment.corroboration == 1 else 'agree'}"
        ),
    ]
    if assessment.rating is not None:
        parts.append(f"rated {h(assessment.rating)}")
    if cut := cut_words(known_on, assessment.as_of):
        parts.append(cut)
    return (
        f'<p class="verdict">{"; ".join(parts)}.</p>'
        f'<p class="opinion">Opinion: {_numbers_html(assessment.opinion)}</p>'
    )


def _group_html(group: Group, fusion: str) -> str:
    name = "a line of its own" if group.source is None else h(group.source.name)
    conflict = (
        f"; contradicts itself (conflict {group.conflict:.3f})"
        if group.conflict > 0.0
        else ""
    )
    return "\n".join(
        (
            (
                '<li><details class="group" open><summary>'
                f"Group {name}: {_count_of(len(group.lines), 'line')}, {fusion} "
                f"fusion &rarr; {_numbers_html(group.opinion)}{conflict}</summary><ul>"
            ),
            *(_line_html(line) for line in group.lines),
            "</ul></details></li>",
        )
    )


def _line_html(line: Line) -> str:
    statement = line.statement
    polarity = _edge_kind(statement)
    excluded = (
        ""
        if line.excluded is None
        else f' <em class="excluded">[{h(line.excluded)}]</em>'
    )
    out = [
        (
            f'<li><details class="line {polarity}"><summary>'
            f"{h(said_words(statement))}{excluded} &rarr; line "
            f"P={line.opinion.probability:.3f}</summary>"
        ),
        '<ul class="steps">',
    ]
    for step in line.steps[:-1]:
        numbers = "" if step.opinion is None else f": {_numbers_html(step.opinion)}"
        out.append(
            f'<li><span class="label">{h(step.label)}</span> {h(step.subject)}'
            f'{numbers} <span class="rule">[{h(step.rule)}]</span></li>'
        )
    out.append(
        f'<li><span class="label">line</span> {line.delivery}; '
        f"weight {line.weight:.3f} &rarr; {_numbers_html(line.opinion)}</li>"
    )
    out.append("</ul></details></li>")
    return "\n".join(out)


def _sets_html(sets: Sequence[SetAssessment]) -> str:
    out = ['<section id="hypotheses"><h2>Competing hypotheses</h2>']
    for found in sets:
        hypotheses = found.hypotheses
        words = "exactly one" if hypotheses.exhaustive else "at most one"
        out.append(
            f'<table class="set"><caption>{h(hypotheses.key)}: {words} of '
            f"{len(hypotheses.claims)} is true; uncertainty "
            f"{found.opinion.uncertainty:.3f}</caption>"
            "<thead><tr><th>hypothesis</th><th>P</th><th>words</th></tr></thead>"
            "<tbody>"
        )
        out.extend(
            f"<tr><td>{h(member.claim.text)}</td>"
            f'<td class="p">{member.probability:.3f}</td>'
            f"<td>{h(member.words)}</td></tr>"
            for member in sorted(found.members, key=_rank)
        )
        if found.none is not None:
            out.append(
                f'<tr class="none"><td>none of these</td>'
                f'<td class="p">{found.none:.3f}</td><td></td></tr>'
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return "\n".join(out)


# The graph of the report: sources in columns by how far they relay
# (originators first), claims last; edges carry the stance's polarity.

_EDGE_COLOURS: Final = {
    "asserting": "#2e7d32",
    "denying": "#c62828",
    "uncommitted": "#757575",
    "hearsay": "#6d4c41",
    "relay": "#1565c0",
    "affiliation": "#8e24aa",
}
_EDGE_STYLES: Final = {
    "asserting": "solid",
    "denying": "solid",
    "uncommitted": "dashed",
    "hearsay": "dotted",
    "relay": "solid",
    "affiliation": "dashed",
}
_LEGEND: Final = {
    "asserting": "asserts (CT+, PR+, PS+)",
    "denying": "denies (CT-, PR-, PS-)",
    "uncommitted": "uncommitted (Uu)",
    "hearsay": "hearsay (is said to)",
    "relay": "relayed by",
    "affiliation": "acts on behalf of",
}
_CLAIM_WRAP: Final = 30
_CLAIM_LINES: Final = 6


def _edge_kind(statement: Statement) -> str:
    stance = statement.stance
    if stance.hearsay:
        return "hearsay"
    if stance.polarity is Polarity.POSITIVE:
        return "asserting"
    if stance.polarity is Polarity.NEGATIVE:
        return "denying"
    return "uncommitted"


def _graph_html(ledger: Ledger, order: Sequence[Assessment], dot: str | None) -> str:
    nodes, edges = _report_graph(ledger, {a.claim: a for a in order})
    svg = None if dot is None else _graphviz(dot, nodes, edges)
    engine = "Graphviz" if svg is not None else "the built-in layout"
    if svg is None:
        svg = _svg.layered(nodes, edges, colours=_EDGE_COLOURS)
    legend = "".join(
        f'<li><svg width="36" height="10"><line x1="0" y1="5" x2="36" y2="5" '
        f'class="edge {kind}"/></svg> {text}</li>'
        for kind, text in _LEGEND.items()
    )
    return (
        '<section id="graph"><h2>Who said what, through whom</h2>'
        f'<p class="note">Sources on the left, relays in the middle, claims on '
        f"the right; drawn by {engine}.</p>"
        f'<ul class="legend">{legend}</ul>'
        f'<div class="figure">{svg}</div></section>'
    )


def _report_graph(
    ledger: Ledger, by_claim: Mapping[Claim, Assessment]
) -> tuple[list[_svg.Node], list[_svg.Edge]]:
    sources: dict[Source, None] = {}
    labels: dict[tuple[object, object, str], list[str]] = {}
    speakers: set[Source] = set()
    relays: dict[Source, set[Source]] = {}

    def add(tail: object, head: object, kind: str, label: str) -> None:
        found = labels.setdefault((tail, head, kind), [])
        if label not in found:
            found.append(label)

    for record in ledger.reached:
        if isinstance(record, Statement):
            speaker = record.source
            speakers.add(speaker)
            add(speaker, record.claim, _edge_kind(record), _said(record))
        else:
            speaker = record.reporter
            heard = _speaker(record.content)
            relays.setdefault(speaker, set()).add(heard)
            add(heard, speaker, "relay", _relayed(record))
        for node in (speaker, *speaker.affiliations()):
            sources.setdefault(node)
    for source in list(sources):
        if source.affiliation is not None:
            add(source, source.affiliation, "affiliation", "acts on behalf of")
    depth = _relay_depths(list(sources), relays)
    names, nodes = _report_nodes(sources, ledger.claims, depth, by_claim)
    edges = [
        _svg.Edge(
            tail=names[tail],
            head=names[head],
            kind=kind,
            title=h("; ".join(found).replace("\n", ", ")),
        )
        for (tail, head, kind), found in labels.items()
    ]
    edges.sort(key=lambda e: (e.tail, e.head, e.kind))
    return nodes, edges


def _report_nodes(
    sources: Iterable[Source],
    claims: Iterable[Claim],
    depth: Mapping[Source, int],
    by_claim: Mapping[Claim, Assessment],
) -> tuple[dict[object, str], list[_svg.Node]]:
    """
    The boxes of the graph, and the SVG id of each source and claim.
    """
    last = max(depth.values(), default=0) + 1
    ordered_sources = sorted(sources, key=lambda s: (s.name, s.id))
    claims = sorted(claims, key=lambda c: (c.key or "", c.text, c.id))
    names: dict[object, str] = {}
    nodes: list[_svg.Node] = []
    for source in ordered_sources:
        names[source] = f"n{len(names)}"
        lines = [source.name]
        if source.role is not None:
            lines.append(source.role)
        lines.append(source.kind.value.replace("_", " "))
        nodes.append(
            _svg.Node(
                id=names[source],
                column=depth[source],
                kind="source",
                title=h(" / ".join(lines)),
                lines=tuple(h(_short(line, _CLAIM_WRAP)) for line in lines),
            )
        )
    for claim in claims:
        names[claim] = f"n{len(names)}"
        assessment = by_claim.get(claim)
        wrapped = _wrap_to(claim.text, _CLAIM_WRAP, _CLAIM_LINES)
        if claim.key is not None:
            wrapped.append(f"[{_short(claim.key, _CLAIM_WRAP - 2)}]")
        if assessment is not None:
            wrapped.append(f"P={assessment.probability:.2f} {assessment.words}")
        nodes.append(
            _svg.Node(
                id=names[claim],
                column=last,
                kind="claim",
                title=h(claim.text),
                lines=tuple(h(line) for line in wrapped),
            )
        )
    return names, nodes


def _relay_depths(
    sources: Sequence[Source], relays: Mapping[Source, set[Source]]
) -> dict[Source, int]:
    """
    How many relays stand between each source and the statements it relays
    (0 for a source that relays nothing), bounded so that sources relaying
    each other cannot loop.
    """
    depth = dict.fromkeys(sources, 0)
    for _ in range(min(len(sources), 8)):
        changed = False
        for reporter, heard in relays.items():
            found = 1 + max(depth.get(speaker, 0) for speaker in heard)
            if found > depth[reporter]:
                depth[reporter] = min(found, 8)
                changed = True
        if not changed:
            break
    return depth


def _short(text: str, width: int) -> str:
    text = " ".join(escaped(text).split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _wrap_to(text: str, width: int, most: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for whole in escaped(" ".join(text.split())).split(" "):
        word = whole
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    if len(lines) > most:
        lines = [*lines[: most - 1], _short(lines[most - 1] + " \u2026", width)]
    return lines


def _graphviz(
    dot: str, nodes: Sequence[_svg.Node], edges: Sequence[_svg.Edge]
) -> str | None:
    """
    The graph laid out by Graphviz as an inline ``<svg>`` element, or
    ``None`` if ``dot`` fails.
    """
    out = [
        "digraph report {",
        '  graph [rankdir=LR, nodesep=0.25, ranksep=0.9, bgcolor="transparent"];',
        '  node [fontname="Helvetica", fontsize=10, style=filled, fillcolor=white];',
        "  edge [arrowsize=0.7];",
    ]
    for column in sorted({node.column for node in nodes}):
        members = " ".join(node.id for node in nodes if node.column == column)
        out.append(f"  {{ rank=same; {members} }}")
    for node in nodes:
        shape = "note" if node.kind == "claim" else "box"
        # Graphviz reads entities in labels: "&" is written as one.
        label = "\n".join(html.unescape(line) for line in node.lines)
        label = label.replace("&", "&amp;")
        tooltip = html.unescape(node.title).replace("&", "&amp;")
        out.append(
            f"  {node.id} [shape={shape}, label={_dot(label)}, "
            f"tooltip={_dot(tooltip)}];"
        )
    for edge in edges:
        colour = _EDGE_COLOURS[edge.kind]
        out.append(
            f'  {edge.tail} -> {edge.head} [color="{colour}", '
            f"style={_EDGE_STYLES[edge.kind]}, "
            f"tooltip={_dot(html.unescape(edge.title).replace('&', '&amp;'))}];"
        )
    out.append("}")
    try:
        done = subprocess.run(  # noqa: S603  # a fixed program, the graph on stdin
            [dot, "-Tsvg"],
            input="\n".join(out).encode(),
            capture_output=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    svg = done.stdout.decode("utf-8", "replace")
    start = svg.find("<svg")
    if start < 0:
        return None
    svg = svg[start:]
    # The namespaces are implied in HTML; the page refers to no address.
    svg = _XMLNS.sub("", svg, count=2)
    # Graphviz titles each node and edge with its internal name ("n3",
    # "n3&#45;&gt;n7"): the tooltips say more.
    svg = _TITLE.sub("", _COMMENT.sub("", svg))
    return svg.replace("<svg", '<svg class="graph graphviz"', 1)


_XMLNS: Final = re.compile(r'\s+xmlns(?::xlink)?="[^"]*"')
_COMMENT: Final = re.compile(r"<!--.*?-->", re.DOTALL)
_TITLE: Final = re.compile(r"<title>[^<]*</title>")

_CSP: Final = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

_CSS: Final = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,
sans-serif;
color:#1b1b1b;background:#fafafa;margin:0 auto;max-width:1180px;padding:0 1.2em 3em}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{font-size:1.2em;margin:1.6em 0 .5em}
.lede{color:#444;margin:.2em 0}.controls button{font:inherit;font-size:.85em;
padding:.15em .7em;margin-right:.3em}
ol.claims{list-style:none;padding:0;margin:0}
li.claim{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.35em 0}
li.claim>details>summary{display:grid;grid-template-columns:8em 2.6em 10.5em 10em 1fr;
gap:.6em;align-items:center;padding:.45em .7em;cursor:pointer}
.bar{display:inline-block;height:.8em;background:#e6e6e6;border-radius:3px;
overflow:hidden;width:100%}
.bar>span{display:block;height:100%;background:#3f6fb5}
.p{font-variant-numeric:tabular-nums;font-weight:600}.words{font-style:italic}
.confidence{color:#555;font-size:.9em}.key{color:#777;font-family:monospace;font-size:.85em}
.why{padding:.2em 1em .8em 1.6em;border-top:1px solid #eee}
.verdict,.opinion{margin:.4em 0}.num{font-family:ui-monospace,Menlo,Consolas,monospace;
font-size:.82em;color:#333}
ul.tree,ul.tree ul{list-style:none;padding-left:1.1em;margin:.2em 0}
ul.tree summary{cursor:pointer}ul.steps li{margin:.1em 0}
.label{display:inline-block;min-width:8.5em;color:#555;font-size:.9em}
.rule{color:#666;font-size:.88em}.note{color:#6a4c00}.excluded{color:#a33}
details.line.asserting>summary{border-left:3px solid #2e7d32;padding-left:.3em}
details.line.denying>summary{border-left:3px solid #c62828;padding-left:.3em}
details.line.uncommitted>summary{border-left:3px dashed #757575;padding-left:.3em}
details.line.hearsay>summary{border-left:3px dotted #6d4c41;padding-left:.3em}
table.set{border-collapse:collapse;margin:.6em 0 1em;background:#fff}
table.set caption{text-align:left;font-weight:600;padding:.2em 0}
table.set td,table.set th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4em 1.4em;
font-size:.9em}
.figure{overflow:auto;background:#fff;border:1px solid #ddd;border-radius:6px;
padding:.5em}
svg.graph{max-width:none;height:auto;font:11px Helvetica,Arial,sans-serif}
svg.graph .node rect{fill:#fff;stroke:#777}
svg.graph .node.claim rect{fill:#f3f7fd;stroke:#3f6fb5}
svg.graph text.first{font-weight:600}
.edge{fill:none;stroke-width:1.6}
.edge.asserting{stroke:#2e7d32}.edge.denying{stroke:#c62828}
.edge.uncommitted{stroke:#757575;stroke-dasharray:6 4}
.edge.hearsay{stroke:#6d4c41;stroke-dasharray:2 3}
.edge.relay{stroke:#1565c0;stroke-width:1.2}
.edge.affiliation{stroke:#8e24aa;stroke-width:1;stroke-dasharray:4 3}
@media print{.controls{display:none}}
@media (max-width:760px){li.claim>details>summary{grid-template-columns:5em 2.6em 1fr}
li.claim>details>summary .confidence{display:none}
li.claim>details>summary .text{grid-column:1/-1}}
"""

# The script only opens and closes <details> elements; the page works
# without it. "?expand=all" in the address opens everything on load.
_JS: Final = """
(function () {
  "use strict";
  var all = document.querySelectorAll("details");
  function set(open) {
    for (var i = 0; i < all.length; i++) { all[i].open = open; }
  }
  var expand = document.getElementById("expand-all");
  var collapse = document.getElementById("collapse-all");
  expand.hidden = false;
  collapse.hidden = false;
  expand.addEventListener("click", function () { set(true); });
  collapse.addEventListener("click", function () { set(false); });
  if (/(^|[?&])expand=all(&|$)/.test(window.location.search.slice(1))) {
    expand.click();
  }
  document.body.setAttribute("data-ready", "yes");
})();
"""
