"""
Every attribution of a news article (``../shared/article.txt`` in the design
notes), modelled as a ledger.

The article reports that South Korea accused Russia of supplying air defence
missiles to North Korea in return for troops, and relays what officials, an
intelligence service, state media, observers and experts said. Every record
the ledger holds is a report by the article's outlet, or a statement the
outlet makes in its own voice: the outlet is the outermost relay of every
chain.

Run it to assess every claim under the default policy and print each one
with its probability, estimative words and explanation tree, most probable
first, then how grading the National Intelligence Service "A" moves the
numbers: the same text as ``provenance demo``. With ``--attributions`` it
prints instead each claim, in article order, with the chains that deliver
each statement about it; with ``--write`` it also writes the ledger to
``article.json`` beside this script and to
``src/provenance/data/article.json``, which ships with the package.

Dates. The article is undated and gives most times loosely ("on Friday",
"this week", "in October", or nothing at all), but a statement or report is
made on a calendar day. We assume the article was published on Sunday
2024-11-24, so "Friday" is 2024-11-22, the day the SBS TV interview was
widely reported, and "this week" is 18-24 November 2024. Where the article
gives a period rather than a day, a statement is dated on the *last* day of
that period, and a statement with no time at all on the publication day: the
last day is the only one the article vouches for, and it never makes a
statement look older than it can be (which matters to ``Ledger.as_of``).
"""

from __future__ import annotations

import argparse
import datetime as dt

from collections.abc import Sequence
from pathlib import Path
from typing import Final

import provenance as pv

from provenance import render


# Where --write puts the document: beside this script, and inside the
# package, so that ``importlib.resources`` can read it once installed.
EXAMPLE_DOCUMENT: Final = Path(__file__).with_suffix(".json")
PACKAGED_DOCUMENT: Final = (
    Path(__file__).resolve().parents[1] / "src" / "provenance" / "data" / "article.json"
)

# --- Dates (see the module docstring for the convention) ---------------------

PUBLISHED: Final = dt.date(2024, 11, 24)
"""The assumed publication day; every report by the outlet is made on it."""
FRIDAY: Final = dt.date(2024, 11, 22)
"""The SBS TV interview "on Friday"."""
THIS_WEEK: Final = dt.date(2024, 11, 24)
"""The last day of "this week": the NIS briefing, the state media reports."""
BEFORE_THIS_WEEK: Final = dt.date(2024, 11, 17)
"""The last day before "this week": the "earlier revelations"."""
OCTOBER: Final = dt.date(2024, 10, 31)
"""The last day of "October": North Korea's drone accusation."""

# --- Sources -------------------------------------------------------------------

# Governments are the roots of the affiliation trees: two sources with the
# same root are one voice when confidence is fused, and a source whose root
# is a party to a claim is an interested party on it.
south_korea: Final = pv.Source(name="South Korea", kind=pv.SourceKind.GOVERNMENT)
north_korea: Final = pv.Source(name="North Korea", kind=pv.SourceKind.GOVERNMENT)
russia: Final = pv.Source(name="Russia", kind=pv.SourceKind.GOVERNMENT)
united_states: Final = pv.Source(name="United States", kind=pv.SourceKind.GOVERNMENT)

shin: Final = pv.Source(
    name="Shin Wonsik",
    kind=pv.SourceKind.PERSON,
    role="national security adviser",
    affiliation=south_korea,
)
nis: Final = pv.Source(
    name="National Intelligence Service",
    kind=pv.SourceKind.AGENCY,
    affiliation=south_korea,
)
# The article says only that the NIS "reported to lawmakers": they are
# unnamed, so they are a group, like "officials". The NIS reports to members
# of South Korea's National Assembly, a branch of the South Korean state, so
# the lawmakers' root is South Korea: they relay the NIS, they are not an
# independent voice beside it.
national_assembly: Final = pv.Source(
    name="National Assembly",
    kind=pv.SourceKind.ORGANISATION,
    affiliation=south_korea,
)
lawmakers: Final = pv.Source(
    name="lawmakers",
    kind=pv.SourceKind.ANONYMOUS_GROUP,
    affiliation=national_assembly,
)
# "South Korean and U.S. officials" are two groups acting for two
# governments, so the troop numbers come from two independent voices.
south_korean_officials: Final = pv.Source(
    name="South Korean officials",
    kind=pv.SourceKind.ANONYMOUS_GROUP,
    affiliation=south_korea,
)
us_officials: Final = pv.Source(
    name="U.S. officials",
    kind=pv.SourceKind.ANONYMOUS_GROUP,
    affiliation=united_states,
)
observers: Final = pv.Source(name="observers", kind=pv.SourceKind.ANONYMOUS_GROUP)
experts: Final = pv.Source(name="experts", kind=pv.SourceKind.ANONYMOUS_GROUP)
# "State-run media from both countries", not named in the article.
north_korean_state_media: Final = pv.Source(
    name="North Korean state media",
    kind=pv.SourceKind.MEDIA_OUTLET,
    affiliation=north_korea,
)
russian_state_media: Final = pv.Source(
    name="Russian state media",
    kind=pv.SourceKind.MEDIA_OUTLET,
    affiliation=russia,
)
# Putin and Kim are parties to the 2023 summit claim; neither speaks here.
putin: Final = pv.Source(
    name="Vladimir Putin",
    kind=pv.SourceKind.PERSON,
    role="president",
    affiliation=russia,
)
kim: Final = pv.Source(
    name="Kim Jong Un",
    kind=pv.SourceKind.PERSON,
    role="leader",
    affiliation=north_korea,
)
# The article does not name its outlet.
outlet: Final = pv.Source(name="The reporting outlet", kind=pv.SourceKind.MEDIA_OUTLET)

# --- Channels ------------------------------------------------------------------

sbs_interview: Final = pv.Channel(kind=pv.ChannelKind.INTERVIEW, name="SBS TV")
closed_briefing: Final = pv.Channel(
    kind=pv.ChannelKind.BRIEFING, audience="lawmakers", public=False
)
state_media: Final = pv.Channel(kind=pv.ChannelKind.STATE_MEDIA)
article: Final = pv.Channel(kind=pv.ChannelKind.ARTICLE)

# --- Claims, in the order they first appear in the article ---------------------

# The parties (``about``) are the states that did, or are said to have done,
# what the claim describes: a party asserting or denying it is interested.
air_defence_missiles: Final = pv.Claim(
    text=(
        "Russia supplied advanced air defence missiles to North Korea in "
        "exchange for North Korean troops sent to support its war in Ukraine."
    ),
    about=(russia, north_korea),
    key="air-defence-missiles",
)
air_defence_systems: Final = pv.Claim(
    text=(
        "Russia provided North Korea with air defence systems to strengthen "
        "the defences of Pyongyang."
    ),
    about=(russia, north_korea),
    key="air-defence-systems",
)
troops_10000: Final = pv.Claim(
    text="North Korea has sent more than 10,000 troops to Russia.",
    about=(north_korea, russia),
    quantity=pv.Quantity(value=10_000, unit="troops", bound=pv.claims.Bound.MORE_THAN),
    key="troops-10000",
)
troops_in_combat: Final = pv.Claim(
    text="Some of the North Korean troops in Russia are now in combat.",
    about=(north_korea, russia),
    key="troops-in-combat",
)
pyongyang_air_defences: Final = pv.Claim(
    text="North Korea is trying to strengthen the air defences around Pyongyang.",
    about=(north_korea,),
    key="pyongyang-air-defences",
)
# The article says the accusation was made in October, not when the flights
# were: they happened by October 2024. The claim accuses South Korea and
# would favour North Korea, its accuser: North Korea's accusation is
# self-serving.
drone_leaflets: Final = pv.Claim(
    text="South Korean drones dropped propaganda leaflets over Pyongyang.",
    about=(south_korea,),
    favours=(north_korea,),
    occurred=pv.TimeSpan.until(2024, 10),
    key="drone-leaflets",
)
retaliation_threat: Final = pv.Claim(
    text="North Korea threatened military retaliation over the drone flights.",
    about=(north_korea, south_korea),
    key="retaliation-threat",
)
military_technologies: Final = pv.Claim(
    text=(
        "Russia provided North Korea with military technologies, including "
        "help to develop a space-based surveillance system."
    ),
    about=(russia, north_korea),
    key="military-technologies",
)
satellite_promise: Final = pv.Claim(
    text=(
        "At a 2023 summit with Kim Jong Un, Vladimir Putin promised Russian "
        "help with North Korea's satellite development."
    ),
    about=(putin, kim, russia, north_korea),
    occurred=pv.TimeSpan.on(2023),
    key="satellite-promise",
)
first_spy_satellite: Final = pv.Claim(
    text="North Korea successfully launched its first spy satellite.",
    about=(north_korea,),
    occurred=pv.TimeSpan.on(2023, 11),
    key="first-spy-satellite",
)
spy_satellite_military_use: Final = pv.Claim(
    text="North Korea's first spy satellite is useful for military purposes.",
    about=(north_korea,),
    key="spy-satellite-military-use",
)
second_satellite_failed: Final = pv.Claim(
    text="North Korea's attempt to launch a second satellite failed.",
    about=(north_korea,),
    occurred=pv.TimeSpan.on(2024, 5),
    key="second-satellite-failed",
)
missile_nuclear_technology: Final = pv.Claim(
    text=(
        "Russia has transferred sensitive missile and nuclear technologies "
        "to North Korea."
    ),
    about=(russia, north_korea),
    key="missile-nuclear-technology",
)
artillery_systems: Final = pv.Claim(
    text="North Korea has sent artillery systems to Russia.",
    about=(north_korea, russia),
    key="artillery-systems",
)
containers_13000: Final = pv.Claim(
    text=(
        "North Korea has delivered more than 13,000 containers of artillery "
        "shells, missiles and other conventional weapons to Russia."
    ),
    about=(north_korea, russia),
    occurred=pv.TimeSpan.since(2023, 8),
    quantity=pv.Quantity(
        value=13_000, unit="containers", bound=pv.claims.Bound.MORE_THAN
    ),
    key="containers-13000",
)
# "Earlier this week": the week of 18-24 November 2024 (see the docstring).
economic_agreements: Final = pv.Claim(
    text=(
        "High-level talks between North Korea and Russia in Pyongyang "
        "reached new agreements to strengthen their economic ties."
    ),
    about=(north_korea, russia),
    occurred=pv.TimeSpan("2024-11-18", "2024-11-24"),
    key="economic-agreements",
)
economic_support_vital: Final = pv.Claim(
    text="Economic support from Russia is vital for North Korea.",
    about=(russia, north_korea),
    key="economic-support-vital",
)
economic_assistance: Final = pv.Claim(
    text="Russia is providing economic assistance to North Korea.",
    about=(russia, north_korea),
    key="economic-assistance",
)

ARTICLE_ORDER: Final = (
    air_defence_missiles,
    air_defence_systems,
    troops_10000,
    troops_in_combat,
    pyongyang_air_defences,
    drone_leaflets,
    retaliation_threat,
    military_technologies,
    satellite_promise,
    first_spy_satellite,
    spy_satellite_military_use,
    second_satellite_failed,
    missile_nuclear_technology,
    artillery_systems,
    containers_13000,
    economic_agreements,
    economic_support_vital,
    economic_assistance,
)
"""Every claim, in the order it first appears in the article."""

# --- Stances of phrases that are not verbs ------------------------------------

# The lexicon reads these phrases; the act is kept as written. The agentless
# passives ("is believed to", "is seen as") are hearsay: the outlet repeats
# someone it does not name, rather than committing itself.
ACCORDING_TO: Final = pv.Stance.from_verb("according to")
IS_BELIEVED: Final = pv.Stance.from_verb("is believed to")
IS_SEEN_AS: Final = pv.Stance.from_verb("is seen as")
REMAINS_UNCERTAIN: Final = pv.Stance.from_verb("remains uncertain")


def _relayed(*records: pv.records.Record) -> list[pv.records.Record]:
    """
    The outlet's reports of *records*, in its article on the publication day.
    """
    return [
        pv.Report(reporter=outlet, content=r, channel=article, made_on=PUBLISHED)
        for r in records
    ]


def _own(claim: pv.Claim, stance: pv.Stance) -> pv.Statement:
    """
    A statement the outlet makes in its own voice.
    """
    return pv.Statement(
        source=outlet, claim=claim, stance=stance, channel=article, made_on=PUBLISHED
    )


def _shin() -> list[pv.records.Record]:
    # 1. "South Korea has accused Russia ... Shin Wonsik ... disclosed these
    # claims on Friday during an interview with SBS TV." Shin speaks for
    # South Korea, so his statements are South Korea's accusation. The
    # article ties only the first claims to the interview explicitly; we read
    # the rest of what "Shin revealed" and "refrained from confirming" as
    # said in the same interview, as the issue does.
    def said(claim: pv.Claim, verb: str) -> pv.Statement:
        return pv.Statement(
            source=shin,
            claim=claim,
            stance=pv.Stance.from_verb(verb),
            channel=sbs_interview,
            made_on=FRIDAY,
        )

    return _relayed(
        said(air_defence_missiles, "accused"),
        # "... air defence systems, which South Korea believes Russia
        # provided": the article's verb for this claim is "believes".
        said(air_defence_systems, "believes"),
        said(military_technologies, "revealed"),
        said(missile_nuclear_technology, "refrained from confirming"),
    )


def _officials() -> list[pv.records.Record]:
    # 2. "... according to South Korean and U.S. officials": one statement
    # per government, each on each of the two claims. Undated.
    return _relayed(
        *(
            pv.Statement(
                source=officials, claim=claim, stance=ACCORDING_TO, made_on=PUBLISHED
            )
            for officials in (south_korean_officials, us_officials)
            for claim in (troops_10000, troops_in_combat)
        )
    )


def _observers() -> list[pv.records.Record]:
    # 3. "Observers suggest North Korea is seeking to fortify its air
    # defence capabilities around its capital." Undated.
    return _relayed(
        pv.Statement(
            source=observers,
            claim=pyongyang_air_defences,
            stance=pv.Stance.from_verb("suggest"),
            made_on=PUBLISHED,
        )
    )


def _drones() -> list[pv.records.Record]:
    # 4. North Korea's accusation "in October"; South Korea "has neither
    # confirmed nor denied" (undated, so as of publication). The threat of
    # retaliation is not a stance on the drone claim: it is the outlet's own
    # account of what the North did, a claim of its own.
    accusation = pv.Statement(
        source=north_korea,
        claim=drone_leaflets,
        stance=pv.Stance.from_verb("accused"),
        made_on=OCTOBER,
    )
    no_comment = pv.Statement(
        source=south_korea,
        claim=drone_leaflets,
        stance=pv.Stance.from_verb("neither confirmed nor denied"),
        made_on=PUBLISHED,
    )
    return [
        *_relayed(accusation, no_comment),
        _own(retaliation_threat, pv.Stance.from_verb("reported")),
    ]


def _satellites() -> list[pv.records.Record]:
    # 5. The article does not attribute Putin's promise to anyone, nor quote
    # it: it states as a fact that the promise was made (and a promise of
    # future help is not a proposition Putin could be said to believe). So
    # the outlet asserts, in its own voice, that Putin made the promise; the
    # summit is dated only by its year, as the article gives it. The
    # launches, and the doubt about the satellite's use, are the outlet's
    # own facts too.
    return [
        _own(satellite_promise, pv.Stance.from_verb("reported")),
        _own(first_spy_satellite, pv.Stance.from_verb("reported")),
        _own(spy_satellite_military_use, REMAINS_UNCERTAIN),
        _own(second_satellite_failed, pv.Stance.from_verb("reported")),
    ]


def _technology_transfers() -> list[pv.records.Record]:
    # 6. The two governments "voiced apprehension about the potential
    # transfer" (the issue says "concern"; both are PS+ in the lexicon), and
    # "experts believe that advanced technological transfers are unlikely".
    # Shin's refusal to confirm is in _shin(). All undated.
    def said(source: pv.Source, verb: str) -> pv.Statement:
        return pv.Statement(
            source=source,
            claim=missile_nuclear_technology,
            stance=pv.Stance.from_verb(verb),
            made_on=PUBLISHED,
        )

    return _relayed(
        said(south_korea, "voiced apprehension"),
        said(united_states, "voiced apprehension"),
        said(experts, "believe unlikely"),
    )


def _intelligence() -> list[pv.records.Record]:
    # 7. The NIS told lawmakers in a closed briefing "this week", and the
    # outlet has it from them: a three-hop chain. How the lawmakers passed it
    # on, the article does not say, so their report has no channel.
    briefing = pv.Statement(
        source=nis,
        claim=artillery_systems,
        stance=pv.Stance.from_verb("reported"),
        channel=closed_briefing,
        made_on=THIS_WEEK,
    )
    relayed = pv.Report(reporter=lawmakers, content=briefing, made_on=THIS_WEEK)
    # "This follows earlier revelations that North Korea had delivered over
    # 13,000 containers ...": the sentence names no source, but it continues
    # the NIS paragraph and these figures came from the NIS, so we attribute
    # them to the NIS. "Earlier" is before this week; the channel is not
    # given, and the article does not say it came through the lawmakers, so
    # the outlet relays it directly.
    revelation = pv.Statement(
        source=nis,
        claim=containers_13000,
        stance=pv.Stance.from_verb("revealed"),
        made_on=BEFORE_THIS_WEEK,
    )
    return _relayed(relayed, revelation)


def _state_media() -> list[pv.records.Record]:
    # 8. "According to state-run media from both countries": one statement
    # per country, each from an interested party.
    return _relayed(
        *(
            pv.Statement(
                source=media,
                claim=economic_agreements,
                stance=ACCORDING_TO,
                channel=state_media,
                made_on=THIS_WEEK,
            )
            for media in (north_korean_state_media, russian_state_media)
        )
    )


def _unattributed() -> list[pv.records.Record]:
    # 9. "Russia is believed to be providing economic assistance" names no
    # believer. Inventing one ("analysts") would be worse than saying what
    # the sentence does: the outlet repeats an unnamed belief. The outlet's
    # statement carries a hearsay stance (PR+), which the engine reads as an
    # unnamed source relayed by the outlet, weaker than the outlet's own
    # word. "Is seen as vital" is the same kind of agentless attribution.
    return [
        _own(economic_support_vital, IS_SEEN_AS),
        _own(economic_assistance, IS_BELIEVED),
    ]


def build_ledger() -> pv.Ledger:
    """
    The ledger of every attribution in the article.
    """
    return pv.Ledger.of(
        [
            *_shin(),
            *_officials(),
            *_observers(),
            *_drones(),
            *_satellites(),
            *_technology_transfers(),
            *_intelligence(),
            *_state_media(),
            *_unattributed(),
        ]
    )


def _claim_order(claim: pv.Claim) -> tuple[int, str]:
    # Claims of this article in its order; any others after them, by text.
    position = (
        ARTICLE_ORDER.index(claim) if claim in ARTICLE_ORDER else len(ARTICLE_ORDER)
    )
    return position, claim.text


def _statement_order(statement: pv.Statement) -> tuple[dt.date, str, str]:
    return statement.made_on, statement.source.name, statement.stance.value


def _describe_statement(statement: pv.Statement) -> str:
    source = statement.source
    speaker = str(source)
    if source.root != source:
        speaker += f", for {source.root.name}"
    channel = "channel not given" if statement.channel is None else statement.channel
    return f"{speaker}: {statement.stance}, {channel}, {statement.made_on}"


def _describe_route(route: pv.ledger.Route) -> str:
    if not route:
        return "held directly"
    return "via " + " <- ".join(f"{r.reporter.name} ({r.made_on})" for r in route)


def _describe_claim(ledger: pv.Ledger, claim: pv.Claim) -> list[str]:
    lines = [f"[{claim.key}] {claim.text}"]
    details = []
    if claim.occurred is not None:
        details.append(f"occurred {claim.occurred}")
    if claim.quantity is not None:
        details.append(f"quantity {claim.quantity}")
    if details:
        lines.append("  " + "; ".join(details))
    for statement in sorted(ledger.statements_about(claim), key=_statement_order):
        lines.append("  - " + _describe_statement(statement))
        lines.extend(
            "      " + _describe_route(route) for route in ledger.routes(statement)
        )
    return lines


def report(ledger: pv.Ledger) -> str:
    """
    The text `main` prints with ``--attributions``: every claim of *ledger*,
    each statement about it, and the chains of reports that deliver each
    statement.
    """
    sections = [
        "\n".join(_describe_claim(ledger, claim))
        for claim in sorted(ledger.claims, key=_claim_order)
    ]
    return "\n\n".join(sections)


INTRODUCTION: Final = (
    "The attributions of a news article on South Korea's accusation that "
    "Russia\nsupplied air defence missiles to North Korea, assessed under the "
    "default policy."
)
"""The first lines of the assessment report."""
CHANGE: Final = (
    'What if the National Intelligence Service were graded "A" (completely\n'
    'reliable)? By default an agency is trusted as grade "B" (usually reliable),\n'
    "capped at its government's trust: this one is trusted as South Korea is."
)
"""The title of the policy change the assessment report shows."""


def what_if(policy: pv.Policy = pv.DEFAULT_POLICY) -> pv.Policy:
    """
    The policy change the report shows: *policy*, with the NIS graded "A".
    """
    return policy.with_grade(nis, "A")


def assessments(ledger: pv.Ledger) -> str:
    """
    The text `main` prints: every claim of *ledger* with its probability,
    estimative words, confidence, conflict and explanation tree, most
    probable first, then how `what_if` moves each claim.
    """
    before = pv.assess_all(ledger)
    after = pv.assess_all(ledger, policy=what_if())
    return "\n\n".join(
        (
            INTRODUCTION,
            render.summary(before),
            render.comparison(before, after, title=CHANGE),
        )
    )


def write(ledger: pv.Ledger, *paths: Path) -> None:
    """
    Write *ledger* as a provenance document to each of *paths*.
    """
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        pv.dump(ledger, path)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=(
            "Assess every claim of the article, most probable first, and show "
            "how one change of policy moves the numbers."
        )
    )
    parser.add_argument(
        "--attributions",
        action="store_true",
        help="print every attribution, in article order, instead",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="also write the ledger to examples/article.json and the package data",
    )
    args = parser.parse_args(argv)
    ledger = build_ledger()
    print(report(ledger) if args.attributions else assessments(ledger))
    if args.write:
        write(ledger, EXAMPLE_DOCUMENT, PACKAGED_DOCUMENT)


if __name__ == "__main__":
    main()
