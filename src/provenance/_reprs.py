"""
Short ``repr``s, one-line ``str``s and notebook HTML (``_repr_html_``) for
ledgers and assessments.

A ledger's default ``repr`` would print every record it holds (a ledger of
15 records ran to 18 KB): these print counts and a few numbers instead, and
Jupyter shows small escaped tables. The model classes call these functions;
this module imports nothing from them at run time.
"""

from __future__ import annotations

import html

from typing import TYPE_CHECKING, Final


if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from provenance.assessment import Assessment, Assessments
    from provenance.claims import Claim
    from provenance.hypotheses import SetAssessment
    from provenance.ledger import Ledger


__all__: list[str] = []

_SHORT: Final = 60
# The most claims a notebook table shows; the rest are counted.
_ROWS: Final = 20
# Tabs and non-ASCII spaces are harmless in a terminal and a page.
_HARMLESS: Final = frozenset(
    "\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)


def escaped(text: str) -> str:
    """
    *text* with every character that is not printable (controls, format
    characters, line and paragraph separators, bidirectional controls)
    written as its Python escape, tabs and spaces aside.
    """
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch in _HARMLESS else repr(ch)[1:-1] for ch in text
    )


def safe(text: str, texts: Iterable[str]) -> str:
    """
    Multi-line *text*, with each of *texts* (document strings it shows) that
    holds a character a terminal would act on written escaped, then any
    such character left: a document can neither forge a line nor send an
    escape sequence.
    """
    unsafe = sorted((t for t in texts if not t.isprintable()), key=len, reverse=True)
    for value in unsafe:
        text = text.replace(value, escaped(value))
    return "\n".join(escaped(line) for line in text.split("\n"))


def h(text: str) -> str:
    """
    A document string as HTML text: escaped (see `escaped`), then
    HTML-escaped, quotes included.
    """
    return html.escape(escaped(text), quote=True)


def short(text: str, limit: int = _SHORT) -> str:
    text = escaped(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def claim_name(claim: Claim) -> str:
    """
    A claim in a line: its text, cut, and its key.
    """
    key = "" if claim.key is None else f" [{short(claim.key, 40)}]"
    return short(claim.text) + key


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _table(rows: Iterable[tuple[str, str]], caption: str) -> str:
    body = "".join(f"<tr><th>{key}</th><td>{value}</td></tr>" for key, value in rows)
    return (
        f'<table class="provenance"><caption>{caption}</caption>'
        f"<tbody>{body}</tbody></table>"
    )


# --- Ledger ------------------------------------------------------------------------


def ledger_repr(ledger: Ledger) -> str:
    parts = [
        _count(len(ledger), "record"),
        _count(len(ledger.statements), "statement"),
        _count(len(ledger.claims), "claim"),
        _count(len(ledger.sources), "source"),
    ]
    if ledger.relations:
        parts.append(_count(len(ledger.relations), "relation"))
    return f"Ledger(<{', '.join(parts)}>)"


def ledger_html(ledger: Ledger) -> str:
    rows = [
        ("records held", str(len(ledger))),
        ("records reached", str(len(ledger.reached))),
        ("statements", str(len(ledger.statements))),
        ("sources", str(len(ledger.sources))),
        ("channels", str(len(ledger.channels))),
        ("claims", str(len(ledger.claims))),
        ("relations", str(len(ledger.relations))),
    ]
    claims = ledger.claims
    listed = "".join(f"<li>{h(claim_name(c))}</li>" for c in claims[:_ROWS])
    more = f"<li>... and {len(claims) - _ROWS} more</li>" if len(claims) > _ROWS else ""
    return _table(rows, "Ledger") + (
        f'<ul class="provenance-claims">{listed}{more}</ul>' if claims else ""
    )


# --- Assessment --------------------------------------------------------------------


def assessment_str(assessment: Assessment) -> str:
    return (
        f"{claim_name(assessment.claim)}: {escaped(assessment.words)} "
        f"(P={assessment.probability:.2f}), {escaped(assessment.confidence)} "
        "confidence"
    )


def assessment_repr(assessment: Assessment) -> str:
    return (
        f"Assessment(<{claim_name(assessment.claim)}: {escaped(assessment.words)}, "
        f"P={assessment.probability:.3f}, {escaped(assessment.confidence)} "
        f"confidence, conflict {assessment.conflict:.3f}>)"
    )


def assessment_html(assessment: Assessment) -> str:
    opinion = assessment.opinion
    counted = sum(1 for line in assessment.lines if line.counted)
    rows = [
        ("claim", h(str(assessment.claim))),
        ("probability", f"{assessment.probability:.3f}"),
        ("words", h(assessment.words)),
        ("confidence", h(assessment.confidence)),
        ("conflict", f"{assessment.conflict:.3f}"),
        (
            "opinion",
            (
                f"b={opinion.belief:.3f} d={opinion.disbelief:.3f} "
                f"u={opinion.uncertainty:.3f} a={opinion.base_rate:.2f}"
            ),
        ),
        ("independent lines agreeing", str(assessment.corroboration)),
        ("lines counted", f"{counted} of {len(assessment.lines)}"),
    ]
    if assessment.rating is not None:
        rows.append(("rating", h(assessment.rating)))
    if assessment.as_of is not None:
        rows.append(("as of", assessment.as_of.isoformat()))
    return _table(rows, "Assessment")


# --- Assessments -------------------------------------------------------------------


def assessments_repr(assessments: Assessments) -> str:
    parts = [
        _count(len(assessments), "claim"),
        f"from {ledger_repr(assessments.ledger)}",
    ]
    if assessments.as_of is not None:
        parts.append(f"as of {assessments.as_of.isoformat()}")
    return f"Assessments(<{', '.join(parts)}>)"


def ranked_html(found: Sequence[Assessment], caption: str) -> str:
    head = (
        "<thead><tr><th>#</th><th>claim</th><th>P</th><th>words</th>"
        "<th>confidence</th><th>conflict</th></tr></thead>"
    )
    rows = [
        f"<tr><td>{rank}</td><td>{h(claim_name(a.claim))}</td>"
        f"<td>{a.probability:.3f}</td><td>{h(a.words)}</td>"
        f"<td>{h(a.confidence)}</td><td>{a.conflict:.3f}</td></tr>"
        for rank, a in enumerate(found[:_ROWS], 1)
    ]
    if len(found) > _ROWS:
        rows.append(f'<tr><td colspan="6">... and {len(found) - _ROWS} more</td></tr>')
    return (
        f'<table class="provenance"><caption>{caption}</caption>{head}'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def assessments_html(assessments: Assessments) -> str:
    found = sorted(
        assessments.values(),
        key=lambda a: (-round(a.probability, 9), a.claim.key or "", a.claim.text),
    )
    when = (
        "" if assessments.as_of is None else f" as of {assessments.as_of.isoformat()}"
    )
    caption = f"{_count(len(found), 'claim')}{when}, most probable first"
    return ranked_html(found, caption)


# --- SetAssessment -----------------------------------------------------------------


def set_repr(found: SetAssessment) -> str:
    members = ", ".join(
        f"{short(a.claim.key or a.claim.text, 30)}={a.probability:.3f}"
        for a in found.members
    )
    none = "" if found.none is None else f", none={found.none:.3f}"
    return f"SetAssessment(<{short(found.hypotheses.key, 40)}: {members}{none}>)"


def set_html(found: SetAssessment) -> str:
    members = sorted(found.members, key=lambda a: -a.probability)
    rows = [
        f"<tr><td>{h(claim_name(a.claim))}</td><td>{a.probability:.3f}</td>"
        f"<td>{h(a.words)}</td></tr>"
        for a in members
    ]
    if found.none is not None:
        rows.append(
            f"<tr><td>none of these</td><td>{found.none:.3f}</td><td></td></tr>"
        )
    words = "exactly one" if found.hypotheses.exhaustive else "at most one"
    caption = (
        f"{h(found.hypotheses.key)}: {words} true; uncertainty "
        f"{found.opinion.uncertainty:.3f}"
    )
    return (
        f'<table class="provenance"><caption>{caption}</caption>'
        "<thead><tr><th>hypothesis</th><th>P</th><th>words</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
