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
import json
import re
import unicodedata

from collections.abc import Iterable, Mapping
from typing import Any, Final, TypeAlias

import attrs

from provenance._validators import is_integer
from provenance.assessment import Assessment
from provenance.claims import Claim
from provenance.errors import InvalidValueError
from provenance.explain import Line
from provenance.ledger import Ledger
from provenance.opinion import Opinion
from provenance.records import Record, Report, Statement
from provenance.sources import Source


__all__ = [
    "AssessmentsLike",
    "comparison",
    "ranked",
    "summary",
    "to_data",
    "to_dot",
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


def to_text(assessment: Assessment) -> str:
    """
    The explanation tree of *assessment*: the verdict, then each group and
    line of evidence with its sources, channels, dates, rules and numbers.

    Args:
        assessment: The assessment to explain.

    Returns:
        The text of ``assessment.explain()``, safe for a terminal: control
        and format characters and line breaks that come from the document
        (in names, texts, roles, channels, verbs) are written as Python
        escapes such as ``\\n`` and ``\\x1b``, so a document can neither
        forge a line of the tree nor send escape sequences.

    .. versionchanged:: 0.2.0
        Escapes control characters and line breaks from the document.
    """
    _expect(assessment, Assessment, "to_text.assessment")
    return _safe(assessment.explain(), _texts_of(assessment))


def _texts_of(assessment: Assessment) -> set[str]:
    """
    Every document string an explanation can show.
    """
    found: set[str] = set()
    claim = assessment.claim
    found.add(claim.text)
    for party in claim.about:
        found.update(_source_texts(party))
    for line in assessment.lines:
        statement = line.statement
        found.update(_source_texts(statement.source))
        found.add(statement.stance.act)
        records: tuple[Record, ...] = (statement, *line.route)
        for record in records:
            if isinstance(record, Report):
                found.update(_source_texts(record.reporter))
            if record.channel is not None:
                found.update(
                    t for t in (record.channel.name, record.channel.audience) if t
                )
        # Sources a line may name besides its speaker and relays (the
        # shared conduit, the party whose interest is at stake), read
        # defensively: the engine's explanation parts grow with its rules.
        interest = getattr(line, "interest", None)
        for other in (getattr(line, "conduit", None), getattr(interest, "party", None)):
            if isinstance(other, Source):
                found.update(_source_texts(other))
    for group in (*assessment.groups, *getattr(assessment, "units", ())):
        source = getattr(group, "source", None)
        if isinstance(source, Source):
            found.update(_source_texts(source))
    return found


def _source_texts(source: Source) -> Iterable[str]:
    for node in (source, *source.affiliations()):
        yield node.name
        if node.role is not None:
            yield node.role


def _safe(text: str, texts: Iterable[str]) -> str:
    """
    *text*, with each of *texts* (document strings) that holds a character
    a terminal would act on written escaped, then any such character left.
    """
    unsafe = sorted((t for t in texts if not t.isprintable()), key=len, reverse=True)
    for value in unsafe:
        text = text.replace(value, _escaped(value))
    return "\n".join(_escaped(line) for line in text.split("\n"))


def _escaped(text: str) -> str:
    # Tabs and non-ASCII spaces are harmless; the rest of what is not
    # printable (controls, format characters, line and paragraph
    # separators) is written as its Python escape.
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch in _HARMLESS else repr(ch)[1:-1] for ch in text
    )


_HARMLESS: Final = frozenset(
    "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)


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


def summary(assessments: AssessmentsLike, *, explain: bool = True) -> str:
    """
    A report of every assessment, most probable first: a table of each
    claim's probability, ICD 203 words, confidence and conflict, then (with
    *explain*) each claim's explanation tree in the same order.

    Args:
        assessments: A mapping from claims to assessments, or an iterable of
            assessments.
        explain: Whether to follow the table with the explanation trees.

    Returns:
        The report; it ends without a newline.
    """
    order = ranked(assessments)
    if not order:
        return "no claims"
    count = "1 claim" if len(order) == 1 else f"{len(order)} claims"
    days = {a.as_of for a in order}
    if len(days) == 1 and (day := days.pop()) is not None:
        count += f" as of {day.isoformat()}"
    words = max(len("words"), *(len(a.words) for a in order))
    head = f"{'P':>5}  {'words':<{words}}  confidence  conflict  claim"
    rows = [
        f"{a.probability:5.3f}  {a.words:<{words}}  {a.confidence:<10}  "
        f"{a.conflict:8.3f}  {_name(a.claim)}"
        for a in order
    ]
    ranking = "" if len(order) == 1 else ", most probable first"
    out = [f"{count}{ranking}:", "", head, *rows]
    if explain:
        for assessment in order:
            out.extend(("", to_text(assessment)))
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
    out = [] if title is None else [_safe(title, ()), ""]
    moved = 0
    for claim, (left, right, _) in zip(claims, cells, strict=True):
        change = _change(old.get(claim), new.get(claim))
        moved += change != "unchanged"
        out.append(
            f"  {left:<{width}} -> {right:<{width}}  {change:>9}  {_name(claim)}"
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


def _name(claim: Claim) -> str:
    # A key is made for the command line; without one, the start of the text.
    if claim.key is not None:
        return claim.key
    text = _escaped(" ".join(claim.text.split()))
    return text if len(text) <= _SHORT else text[: _SHORT - 3] + "..."


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


def to_data(assessment: Assessment) -> dict[str, Any]:
    """
    *assessment* as JSON-ready data: the claim's key, text and id, the
    opinion, probability, words, confidence, conflict, information
    credibility and rating, and every line of evidence (statement id,
    source, stance, credibility grade, route of reporters, route trust,
    interest, time decay, the claim it was said of and how that relates to
    this one, the line's opinion, and whether it is counted or why not).

    Args:
        assessment: The assessment.

    Returns:
        A dict of JSON types only.
    """
    _expect(assessment, Assessment, "to_data.assessment")
    claim = assessment.claim
    return {
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
        "lines": [_line_data(line) for line in assessment.lines],
    }


def to_json(assessments: AssessmentsLike, *, indent: int | None = 2) -> str:
    """
    A JSON document ``{"claims": [...]}`` of *assessments*, most probable
    first, each as `to_data` gives it.

    Args:
        assessments: A mapping from claims to assessments, or an iterable of
            assessments.
        indent: Indent nested values by this many spaces; ``None`` writes one
            line.

    Returns:
        The JSON text. Besides what JSON always escapes, characters a
        terminal may act on (DEL, C1 controls, line and paragraph
        separators, bidirectional controls) are written as ``\\uXXXX``.
    """
    if indent is not None and (
        not is_integer(indent) or not 0 <= indent <= 64  # noqa: PLR2004
    ):
        msg = "must be None or an integer from 0 to 64"
        raise InvalidValueError(msg, "to_json.indent", indent)
    data = {"claims": [to_data(a) for a in ranked(assessments)]}
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


def to_dot(
    ledger: Ledger,
    *,
    assessments: AssessmentsLike | None = None,
    claim: Claim | str | None = None,
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

    Returns:
        The DOT text, ending with a newline. Node ids are ``s_`` or ``c_``
        and the whole content id; every label is escaped, so any name is
        safe. Control characters other than newlines and tabs, line and
        paragraph separators and bidirectional controls are drawn as
        U+FFFD.

    .. versionchanged:: 0.2.0
        Node ids carry the whole content id, not its first 12 digits.

    Raises:
        UnknownClaimError: *claim* is a key or id no claim in *ledger* has.
    """
    graph = _graph(ledger, assessments, claim)
    out = [
        "digraph provenance {",
        "  graph [rankdir=LR];",
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
) -> str:
    """
    A Mermaid flowchart of *ledger*, with the content of `to_dot`.

    Args:
        ledger: The records to draw.
        assessments: AssessmentsLike whose probabilities label their claims.
        claim: Draw only the records that reach this claim (a `Claim`, or a
            key or id for `Ledger.claim`).

    Returns:
        The Mermaid text, ending with a newline. Labels are quoted; quotes
        become ``#quot;``, line breaks ``<br>``, and every character other
        than letters, digits, spaces and ``. , : - _ ' / + = ! ? ( )`` a
        numeric entity such as ``#35;``, so any name is safe.

    Raises:
        UnknownClaimError: *claim* is a key or id no claim in *ledger* has.
    """
    graph = _graph(ledger, assessments, claim)
    out = ["flowchart LR"]
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
