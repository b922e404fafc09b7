"""
An assessed claim as a fact-check: schema.org ``ClaimReview`` markup, as
JSON-LD, in the form Google's fact-check profile reads it.

`to_claimreview` writes one assessment as a ``ClaimReview``: the claim's
text, the sources that put it forward as the claim's authors, the day it was
first said, where it appeared, and the rating: the assessment's estimative
word on a scale of seven (`RATINGS`, ICD 203), or the newsroom's own name
for it. The publisher's address, name and the review's date come from the
caller, never from the clock.

.. versionadded:: unreleased
"""

from __future__ import annotations

import datetime as dt

from collections.abc import Iterable, Mapping
from typing import Any, Final

from provenance._validators import name_problem, to_day, to_text, url_problem
from provenance.assessment import Assessment
from provenance.errors import InvalidValueError, short_repr
from provenance.estimative import ICD_203, words_for
from provenance.explain import Line
from provenance.records import Report, Statement
from provenance.relations import Flow
from provenance.sources import Source, SourceKind
from provenance.stances import Polarity


__all__ = ["RATINGS", "to_claimreview"]

RATINGS: Final[tuple[str, ...]] = tuple(word for _, word in ICD_203)
"""
The rating scale, worst first: the ICD 203 estimative words, rated 1
("almost no chance") to 7 ("almost certain").
"""

_PEOPLE: Final = frozenset((SourceKind.PERSON, SourceKind.UNNAMED_PERSON))


def to_claimreview(  # The profile's fields, each by name.
    assessment: Assessment,
    *,
    publisher_url: str,
    author: str,
    date_published: dt.date,
    rating_names: Mapping[str, str] | None = None,
    url: str | None = None,
    appearances: Iterable[str] | None = None,
) -> dict[str, Any]:
    """
    The ``ClaimReview`` of *assessment*, as a JSON-LD dict.

    The claim's authors are the sources of the statements that assert it
    (all who spoke of it, if none asserts it), and its ``datePublished`` the
    day the first of them spoke; a statement the ledger holds only through
    reports their reporters withdrew is none of them, and the reporters of
    those reports stand in for it when no other is left. Its
    ``firstAppearance`` and ``appearance`` are *appearances*, if given,
    else the URLs (a ``url`` attribute) of the statements of the claim and
    of every report relaying one, withdrawn or not, the earliest first; with
    none, they are left out.

    Args:
        assessment: The assessed claim.
        publisher_url: The address of the publisher, the review's author.
        author: The publisher's name.
        date_published: The day the review is published.
        rating_names: The newsroom's name for each rating, by estimative
            word (`RATINGS`, or the policy's own words); default: the words.
        url: The address of the review; default: *publisher_url*.
        appearances: Where the claim appeared, first appearance first.

    Raises:
        InvalidValueError: An argument is of the wrong kind, a URL is not
            ``http`` or ``https``, *rating_names* has no name for the
            rating, or *date_published* precedes the day the claim was first
            said or the assessment's *as_of*.
    """
    if not isinstance(assessment, Assessment):
        msg = "must be an Assessment"
        raise InvalidValueError(msg, "to_claimreview.assessment", assessment)
    _url(publisher_url, "publisher_url")
    if url is not None:
        _url(url, "url")
    author = _check(author, date_published)
    date_published = to_day(date_published)  # Its own isoformat is not read.
    statements = _originating(assessment)
    _after_evidence(assessment, statements, date_published)
    links = _appearances(assessment, appearances)
    claim: dict[str, Any] = {"@type": "Claim"}
    if statements:
        authors = [_party(source) for source in _sources(statements)]
        claim["author"] = authors[0] if len(authors) == 1 else authors
        claim["datePublished"] = statements[0].made_on.isoformat()
    if links:
        claim["firstAppearance"] = {"@type": "CreativeWork", "url": links[0]}
        if len(links) > 1:
            claim["appearance"] = [
                {"@type": "CreativeWork", "url": link} for link in links[1:]
            ]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": publisher_url if url is None else url,
        "claimReviewed": assessment.claim.text,
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": author, "url": publisher_url},
        "datePublished": date_published.isoformat(),
        "reviewRating": _rating(assessment, rating_names),
    }


def _check(author: object, date_published: object) -> str:
    if not isinstance(author, str) or not author.strip():
        msg = "must be the publisher's name"
        raise InvalidValueError(msg, "to_claimreview.author", author)
    name = _published(author, "author")
    if not isinstance(date_published, dt.date) or isinstance(
        date_published, dt.datetime
    ):
        msg = "must be a datetime.date"
        raise InvalidValueError(msg, "to_claimreview.date_published", date_published)
    return name


def _after_evidence(
    assessment: Assessment, statements: list[Statement | Report], day: dt.date
) -> None:
    """
    Refuse a review published before what it reviews: before the claim was
    first said (its ``itemReviewed.datePublished``), or before the last day
    of the evidence the assessment read (its *as_of*).
    """
    claim = short_repr(assessment.claim.key or assessment.claim.id[:12])
    if statements and day < (first := statements[0].made_on):
        msg = f"precedes the day claim {claim} was first said, {first.isoformat()}"
        raise InvalidValueError(msg, "to_claimreview.date_published", day)
    as_of = assessment.as_of
    if as_of is not None and day < as_of:
        msg = (
            f"precedes the day the assessment of claim {claim} reads the "
            f"evidence to (as of {as_of.isoformat()})"
        )
        raise InvalidValueError(msg, "to_claimreview.date_published", day)


def _published(text: str, name: str) -> str:
    # Text the review publishes is checked as a source's name is, in NFC.
    if (problem := name_problem(text)) is not None:
        raise InvalidValueError(problem, f"to_claimreview.{name}", text)
    return str(to_text(text))


def _url(value: object, name: str) -> None:
    # The rule a record's url follows: an absolute http(s) URL with a host,
    # nothing in it a URL must escape.
    if (problem := url_problem(value)) is not None:
        raise InvalidValueError(problem, f"to_claimreview.{name}", value)


def _originating(assessment: Assessment) -> list[Statement | Report]:
    """
    What put the claim forward, in the order made: the statements that
    assert it and still count; else those that asserted it (withdrawn by
    their source or superseded: the source did say it); else, for an
    assertion the ledger holds only through reports their reporters withdrew
    (no evidence its source said anything), the reports that carried it to
    the ledger (their reporters did publish it); failing any assertion, the
    same for every statement on the claim. A statement of an equivalent
    wording is one of the claim (one claim in two analysts' words); one on a
    related claim, borrowed, is not.
    """
    own = [
        line
        for line in assessment.lines
        if line.flow is None or line.flow is Flow.EQUIVALENT
    ]
    live = [line for line in own if line.route_count]
    dead = [line for line in own if not line.route_count]
    standing = [line for line in live if line.excluded is None]
    tiers: tuple[tuple[list[Line], bool], ...] = (
        (standing, True),
        (live, True),
        (dead, True),
        (live, False),
        (dead, False),
    )
    routes = dict(assessment._evidence)  # noqa: SLF001  # every route, dead too
    for lines, asserting in tiers:
        chosen: list[Statement | Report] = []
        for line in lines:
            if asserting and line.statement.stance.polarity is not Polarity.POSITIVE:
                continue
            if line.route_count:
                chosen.append(line.statement)
            else:  # The outermost report of each route: the ledger holds it.
                chosen.extend(
                    route[0] for route in routes.get(line.statement, ()) if route
                )
        if chosen:
            return sorted(set(chosen), key=lambda r: (r.moment, r.id))
    return []


def _sources(records: Iterable[Statement | Report]) -> list[Source]:
    found: list[Source] = []
    for record in records:
        source = record.source if isinstance(record, Statement) else record.reporter
        if source not in found:
            found.append(source)
    return found


def _party(source: Source) -> dict[str, Any]:
    """
    *source* as schema.org markup: a ``Person`` for a person (its role as
    ``jobTitle``), else an ``Organization``; with the organisation it acts
    for as ``affiliation`` (a person's) or ``parentOrganization`` (an
    organisation's).
    """
    kind = _schema_type(source)
    node: dict[str, Any] = {"@type": kind, "name": source.name}
    if source.role is not None and kind == "Person":
        node["jobTitle"] = source.role
    organisation = _organisation(source)
    if organisation is not None:
        key = "affiliation" if kind == "Person" else "parentOrganization"
        node[key] = {"@type": "Organization", "name": organisation.name}
    return node


def _schema_type(source: Source) -> str:
    return "Person" if source.kind in _PEOPLE else "Organization"


def _organisation(source: Source) -> Source | None:
    """
    The nearest source up *source*'s affiliation chain that is not a person.

    Both ``affiliation`` and ``parentOrganization`` expect an
    ``Organization``, and schema.org has no property for acting on behalf of
    a person, so a person in the chain is passed over: the minister's aides
    act, through her, for her ministry, which is the party the markup can
    name. A chain of persons only names none.
    """
    for node in source.affiliations():
        if _schema_type(node) == "Organization":
            return node
    return None


def _appearances(
    assessment: Assessment, appearances: Iterable[str] | None
) -> list[str]:
    if appearances is not None:
        if isinstance(appearances, str) or not isinstance(appearances, Iterable):
            msg = "must be a collection of URLs"
            raise InvalidValueError(msg, "to_claimreview.appearances", appearances)
        given = list(appearances)
        for link in given:
            _url(link, "appearances")
        return list(dict.fromkeys(given))
    # Where the claim appeared, not what counts as evidence: every route that
    # reaches a statement of the claim (of any of its equivalent wordings),
    # live or withdrawn, carries it, so a retraction or a weaker relay never
    # hides a page that published it. The assessment holds every route of its
    # statements (the ledger's, cut at its day); its lines keep only the
    # strongest live one.
    evidence = assessment._evidence  # noqa: SLF001
    dated: list[tuple[tuple[dt.date, dt.time], int, str]] = []
    for statement, routes in evidence:
        for route in routes:
            said = route[-1].content if route else statement
            if not isinstance(said, Statement):
                continue
            # A route runs from the analyst inwards: from the statement out,
            # each relay comes after what it relays, also on the same day.
            records: tuple[Statement | Report, ...] = (said, *reversed(route))
            dated.extend(
                (record.moment, depth, record.url)
                for depth, record in enumerate(records)
                if record.url is not None
            )
    return list(dict.fromkeys(link for *_, link in sorted(dated)))


def _rating(
    assessment: Assessment, rating_names: Mapping[str, str] | None
) -> dict[str, Any]:
    word = words_for(assessment.probability, ICD_203)
    name = assessment.words
    if rating_names is not None:
        if not isinstance(rating_names, Mapping):
            msg = "must map estimative words to names"
            raise InvalidValueError(msg, "to_claimreview.rating_names", rating_names)
        found: object = rating_names.get(assessment.words, rating_names.get(word))
        if not isinstance(found, str) or not found.strip():
            msg = f"no name for the rating {assessment.words!r}"
            raise InvalidValueError(msg, "to_claimreview.rating_names", found)
        name = _published(found, "rating_names")
    return {
        "@type": "Rating",
        "ratingValue": RATINGS.index(word) + 1,
        "bestRating": len(RATINGS),
        "worstRating": 1,
        "alternateName": name,
    }
