"""
How firmly a source commits to a claim: FactBank factuality values and a
lexicon of English reporting verbs and phrases.
"""

from __future__ import annotations

import difflib
import enum
import functools
import re

from collections.abc import Iterable, Iterator, Mapping
from typing import Final, NamedTuple

import attrs

from provenance._identity import stance_text
from provenance._validators import instance_of, is_text, non_empty, to_text
from provenance.errors import InvalidValueError, UnknownVerbError


__all__ = [
    "CT_MINUS",
    "CT_PLUS",
    "DEFAULT_LEXICON",
    "PR_MINUS",
    "PR_PLUS",
    "PS_MINUS",
    "PS_PLUS",
    "UU",
    "FactBank",
    "Lexicon",
    "Modality",
    "Polarity",
    "Stance",
    "known_verbs",
]


class Polarity(enum.Enum):
    """
    Whether the source says the claim is true, false, or will not say.
    """

    POSITIVE = "+"
    NEGATIVE = "-"
    UNKNOWN = "u"


class Modality(enum.Enum):
    """
    How certain the source says it is.
    """

    CERTAIN = "CT"
    PROBABLE = "PR"
    POSSIBLE = "PS"
    UNDERSPECIFIED = "U"


class FactBank(enum.Enum):
    """
    A FactBank factuality value: a modality and a polarity.
    """

    CT_PLUS = "CT+"
    PR_PLUS = "PR+"
    PS_PLUS = "PS+"
    UU = "Uu"
    PS_MINUS = "PS-"
    PR_MINUS = "PR-"
    CT_MINUS = "CT-"

    @property
    def polarity(self) -> Polarity:
        """
        Whether the value says true, false, or will not say.
        """
        return _VALUES[self.value][0]

    @property
    def modality(self) -> Modality:
        """
        How certain the value is.
        """
        return _VALUES[self.value][1]


_VALUES: Final = {
    "CT+": (Polarity.POSITIVE, Modality.CERTAIN),
    "PR+": (Polarity.POSITIVE, Modality.PROBABLE),
    "PS+": (Polarity.POSITIVE, Modality.POSSIBLE),
    "Uu": (Polarity.UNKNOWN, Modality.UNDERSPECIFIED),
    "PS-": (Polarity.NEGATIVE, Modality.POSSIBLE),
    "PR-": (Polarity.NEGATIVE, Modality.PROBABLE),
    "CT-": (Polarity.NEGATIVE, Modality.CERTAIN),
}

# Text longer than this is no reporting phrase: it is refused unread, so that
# hostile input costs nothing but its length check.
_MAX_TEXT: Final = 1000
# Suggesting close matches costs memory and time in proportion to the text's
# length (difflib compares it with every phrase); only short text gets them.
_MAX_SUGGESTED: Final = 64
# A known phrase this similar to the whole text (difflib's ratio) is the
# text with a slip of a letter or two ("acused", "neither confirmed nor
# denyed"): it is offered before the shorter phrases the text contains.
_NEAR_COPY: Final = 0.9
# The forms of "be" that agree with a singular subject a phrase names ("it
# is claimed that", "there was no evidence"): never "it are", "it be" or "it
# being". The perfect ("it has been claimed") would hold "has", which the
# look-up drops as a tense marker, and modal passives ("it may be said
# that") report no statement anyone made.
_SINGULAR_BE: Final = ("is", "was")


class _Entry(NamedTuple):
    value: str
    retraction: bool
    hearsay: bool


#: Typographic apostrophes and primes read as the ASCII apostrophe
#: ("couldn't confirm" typed with U+2019 is "couldn't confirm").
_APOSTROPHES: Final = str.maketrans(
    dict.fromkeys("\u2018\u2019\u02bc\u2032\uff07", "'")
)


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower().translate(_APOSTROPHES)


def _check_phrase(phrase: str) -> str:
    # The length first: never copy hostile megabytes.
    if is_text(phrase) and len(phrase) > _MAX_TEXT:
        msg = f"a reporting phrase has at most {_MAX_TEXT} characters"
        raise InvalidValueError(msg, "Stance.act", phrase)
    if not is_text(phrase) or not phrase.strip():
        msg = "must be a non-empty string"
        raise InvalidValueError(msg, "Stance.act", phrase)
    return phrase


@attrs.frozen(repr=False)
class Lexicon:
    """
    An immutable map from reporting verbs and phrases to the stances they
    convey, such as `DEFAULT_LEXICON`.

    Phrases are kept normalised: lower case, single spaces. To extend a
    lexicon, take a new one from `with_phrase` or `merged`; lexicons are
    values, so nothing is registered anywhere. ``Lexicon()`` is the empty
    lexicon.
    """

    _entries: tuple[tuple[str, _Entry], ...] = attrs.field(default=(), alias="_entries")

    @functools.cached_property
    def _table(self) -> dict[str, _Entry]:
        return dict(self._entries)

    def __repr__(self) -> str:
        return f"<Lexicon of {len(self._entries)} phrases>"

    @classmethod
    def _of(cls, table: dict[str, _Entry]) -> Lexicon:
        return cls(_entries=tuple(sorted(table.items())))

    def phrases(self) -> tuple[str, ...]:
        """
        Every phrase the lexicon knows, normalised and sorted.
        """
        return tuple(phrase for phrase, _ in self._entries)

    def stance(self, text: str) -> Stance:
        """
        The stance the reporting verb or phrase *text* conveys: with the
        default lexicon, ``"denied"`` is CT-, ``"suggested"`` PS+, ``"is said
        to"`` CT+ and hearsay, ``"neither confirmed nor denied"`` Uu.

        Case, runs of spaces and typographic apostrophes do not matter
        ("couldn't" typed with U+2019 is "couldn't"), and the act is kept as
        written. A phrase the lexicon does not know is looked up again
        without the adverbs and adjectives that do not change the commitment
        ("flatly denied" is "denied", "cast serious doubt on" is "cast doubt
        on", "has not yet confirmed" is "not confirmed"); "not", "no" and
        "never" are never dropped. Still unknown, it is read as wire copy
        wraps a known phrase: whom or where it was said to ("told
        reporters", "told Reuters", "confirmed to the Herald", "said in a
        statement", "on Monday"; a name without an article only as written
        with a capital), a final "that", the reporter's "without evidence",
        and "said it" before a phrase ("said it could not verify" is "could
        not verify") change nothing, nor does a non-answer's topic or
        object ("declined to comment on the report", "could not verify the
        figures" are ``Uu``). ICD 203's stated
        confidence hedges: "with low", "moderate" or "high confidence" makes
        a phrase probable at most, on its side ("said with low confidence"
        is PR+, "denied with high confidence" PR-). "Reportedly" (and
        "allegedly", ...) before a phrase makes it hearsay ("reportedly
        denied" is CT-, hearsay), and "appeared to" or "seems to" makes it
        probable at most ("appeared to show" is PR+, as FactBank reads
        "appear"); "continued to" changes nothing; no hedge makes a phrase
        firmer. A claim named as the
        object of a committing phrase ("denied reports") is no such
        wrapping: the text stays unknown, and the phrase it holds is
        suggested first.

        Raises:
            InvalidValueError: *text* is not a non-empty string.
            UnknownVerbError: The phrase is not in the lexicon; the error
                lists the closest known phrases (for text of up to 64
                characters): a near-copy of the whole text, then the known
                phrases the text contains ("withdrew" for "withdrew its
                claim"), then those spelled most like it.

        .. versionchanged:: unreleased
            The default lexicon pairs "it" only with "is" and "was" ("it is
            claimed that"; no longer "it are claimed"), knows "there is no
            evidence" and the perfect passive ("has been said to", "it has
            been claimed that"), suggestions rank the phrases the text
            contains first, and newsroom phrases are known: non-answers
            ("would not comment", "declined to confirm or deny", "refused
            to be drawn", "did not dispute") are ``Uu``, "has learned",
            "clarified" and "reiterated" CT+, "was told" CT+ and hearsay.
            Wire copy's wrapping is read as above; "declined to comment
            on", "could not be reached", "did not respond", "would not
            confirm or deny", "could not corroborate", "failed to verify"
            and "not able to confirm" are ``Uu``, and "could not rule out"
            is PS+ (it admits the claim is possible). A stated low or
            moderate confidence caps a phrase at PR (it was stripped
            before: "said with low confidence" was CT+). "Is suspected
            (of)" is PR+ hearsay; "attributed" and "blamed" CT+; "rated
            false" CT-; "is investigating" and "is looking into" ``Uu``;
            "was unlikely" PR-, "was likely" PR+; "eventually",
            "ultimately", "falsely" and "baselessly" are dropped as
            modifiers. A non-answer keeps its value whatever it names ("did
            not deny the reports" is ``Uu``, refused before); "is
            reviewing" and "has opened an investigation" are ``Uu``;
            "repeated", "ruled" and "upheld" CT+; a failed replication
            ("could not reproduce", "failed to replicate") PR-.
        """
        if is_text(text) and len(text) > _MAX_TEXT:
            # No phrase is this long: refused unread, without suggestions.
            msg = "unknown reporting verb"
            raise UnknownVerbError(msg, "Stance.act", text, ())
        text = _check_phrase(text)
        act = " ".join(text.split())
        phrase = act.lower().translate(_APOSTROPHES)
        table = self._table
        entry = table.get(phrase)
        if entry is None:
            entry = table.get(_without_modifiers(phrase))
        if entry is None and "n't" in phrase:
            expanded = _uncontracted(phrase)
            entry = table.get(expanded) or table.get(_without_modifiers(expanded))
        if entry is None:
            entry = _wire(phrase, act, table)
        if entry is None:
            suggestions: tuple[str, ...] = ()
            if len(phrase) <= _MAX_SUGGESTED:
                suggestions = _suggested(phrase, table)
            msg = "unknown reporting verb"
            raise UnknownVerbError(msg, "Stance.act", text, suggestions)
        return Stance.of(
            entry.value, act, retraction=entry.retraction, hearsay=entry.hearsay
        )

    def with_phrase(
        self,
        phrase: str,
        value: str,
        *,
        retraction: bool = False,
        hearsay: bool = False,
        inflect: bool = True,
    ) -> Lexicon:
        """
        A lexicon that also knows *phrase*, with the FactBank *value*.

        Args:
            phrase: A verb's base form (``"deny"``) or a phrase whose first
                word is a verb (``"cast doubt on"``).
            value: The FactBank value, ``"CT+"`` ... ``"CT-"``.
            retraction: Whether the phrase withdraws the source's earlier
                statements (then *value* must be ``"Uu"``).
            hearsay: Whether the phrase is an unattributed passive ("is said
                to") that repeats someone unnamed.
            inflect: Also add the inflections of the first word ("denies",
                "denied", "denying"); pass ``False`` when the first word is
                not a verb.

        Each form added replaces the entry the lexicon had for it; every
        other phrase keeps its stance.

        Raises:
            InvalidValueError: The phrase is empty or longer than 1000
                characters, or the stance is invalid (a committed
                retraction, an ``Uu`` hearsay).
        """
        normal = _normalise(_check_phrase(phrase))
        # Validates the value and the flags, naming the field at fault.
        Stance.of(value, normal, retraction=retraction, hearsay=hearsay)
        entry = _Entry(value, retraction, hearsay)
        forms = _phrases(normal) if inflect else (normal,)
        table = dict(self._entries)
        table.update((form, entry) for form in forms)
        return Lexicon._of(table)

    def merged(self, other: Lexicon) -> Lexicon:
        """
        A lexicon with the phrases of both; where both know a phrase,
        *other*'s stance wins.
        """
        if not isinstance(other, Lexicon):
            msg = "must be a Lexicon"
            raise InvalidValueError(msg, "Lexicon", other)
        return Lexicon._of({**self._table, **other._table})


# Words that say how, when or how often a source spoke, not how firmly it
# commits: "flatly denied" is "denied". "not", "no", "never", "neither" and
# "nor" change the commitment and are not here; nor are "reportedly" and
# "allegedly", which make a statement hearsay. "has", "have" and "had" mark
# tense only ("has denied").
_MODIFIERS: Final = frozenset(
    (
        "again",
        "already",
        "also",
        "categorically",
        "clearly",
        "considerable",
        "directly",
        "earlier",
        "emphatically",
        "eventually",
        "explicitly",
        "firmly",
        "flatly",
        "formally",
        "fresh",
        "further",
        "had",
        "has",
        "have",
        "however",
        "immediately",
        "independently",
        "initially",
        "later",
        "long",
        "new",
        "now",
        "officially",
        "openly",
        "personally",
        "previously",
        "privately",
        "promptly",
        "publicly",
        "quickly",
        "repeatedly",
        "separately",
        "serious",
        "seriously",
        "some",
        "specifically",
        "still",
        "strong",
        "strongly",
        "subsequently",
        "swiftly",
        "then",
        "too",
        "ultimately",
        "vehemently",
        "widely",
    )
) | frozenset(
    # The reporter's judgement of the claim, not the speaker's commitment:
    # "falsely claimed" is a claim, whatever the reporter thinks of it.
    # "Mistakenly" and "wrongly" say the speaker erred, which goes with its
    # correction: that text stays unknown ("mistakenly reported").
    ("falsely", "baselessly")
)


# The perfect of a passive with "it" or "there" ("it has been claimed
# that", "there had been no evidence") is read as its simple form ("it is
# claimed that", "there was no evidence"): the tense does not change the
# commitment, and the lexicon keeps only the forms that agree with "it".
_PERFECT: Final = {"has": "is", "had": "was"}


def _without_modifiers(phrase: str) -> str:
    words = phrase.split(" ")
    kept: list[str] = []
    for i, word in enumerate(words):
        # "Yet" is dropped only after "not" ("has not yet confirmed"): "has
        # yet to confirm" is a phrase of its own.
        if word == "yet" and words[i - 1 : i] == ["not"]:
            continue
        # "Has" and "had" after "it" or "there" are kept for _simple_tense.
        perfect = word in _PERFECT and kept[-1:] in (["it"], ["there"])
        if perfect or word not in _MODIFIERS:
            kept.append(word)
    return " ".join(_simple_tense(kept))


def _simple_tense(words: list[str]) -> Iterator[str]:
    """
    *words* with "it has been" and "there had been" read as "it is" and
    "there was", and any other "has" or "had" dropped as a tense marker.
    """
    skip = False
    for i, word in enumerate(words):
        if skip:
            skip = False
        elif word not in _PERFECT:
            yield word
        elif words[i + 1 : i + 2] == ["been"]:
            yield _PERFECT[word]
            skip = True


_CONTRACTED: Final = re.compile(r"\b(\w+)n't\b")
_CONTRACTED_IRREGULAR: Final = {"wo": "will", "ca": "can", "sha": "shall"}
_NEGATIONS: Final = frozenset(("not", "no", "never", "neither", "nor", "cannot"))


def _uncontracted(phrase: str) -> str:
    """
    *phrase* with its negative contractions written out: "hasn't denied" is
    "has not denied", "won't confirm" is "will not confirm".
    """
    return _CONTRACTED.sub(
        lambda m: f"{_CONTRACTED_IRREGULAR.get(m[1], m[1])} not", phrase
    )


def _negated(phrase: str) -> bool:
    return "n't" in phrase or not _NEGATIONS.isdisjoint(phrase.split(" "))


def _suggested(phrase: str, table: Mapping[str, object]) -> tuple[str, ...]:
    """
    The known phrases closest to *phrase*, best first, negated only if it
    is: "hasn't denied" is never offered "denied", whose commitment is the
    opposite.

    The text is first read as the look-up reads it (contractions written
    out, modifiers dropped: "flatly denyed" is compared as "denyed"). A
    near-copy of the whole text comes first ("accused" for "acused"); then
    the known phrases the text contains, which say what was meant
    ("withdrew" for "withdrew its claim", "reported" for "mistakenly
    reported"); then the phrases spelled most like it.
    """
    negated = _negated(phrase)
    text = _without_modifiers(_uncontracted(phrase)) or phrase
    close = difflib.get_close_matches(text, table, n=20)
    matcher = difflib.SequenceMatcher(b=text)
    near = []
    for known in close:
        matcher.set_seq1(known)
        if matcher.ratio() >= _NEAR_COPY:
            near.append(known)
    ranked = dict.fromkeys([*near, *_contained(text, table), *close])
    return tuple([known for known in ranked if _negated(known) == negated][:5])


def _contained(text: str, table: Mapping[str, object]) -> Iterator[str]:
    """
    The known phrases that are runs of whole words of *text*: the earliest
    first, since a reporting phrase leads with its verb ("denied" before
    "reports" in "denied reports"), and at one place the longest first.
    """
    words = text.split(" ")
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            run = " ".join(words[start:end])
            if run in table:
                yield run


# The auxiliaries that negate a verb into a non-answer ("did not deny",
# "wouldn't comment"), and those of inability ("could not verify").
_DID_NOT: Final = ("did not", "didn't", "does not", "do not", "would not", "wouldn't")
_CANNOT: Final = ("could not", "couldn't", "cannot", "can not", "can't")


def _not_done(verb: str, participle: str, auxiliaries: Iterable[str]) -> Iterator[str]:
    """
    *verb* after each of *auxiliaries* ("did not deny"), then *participle*
    after "not" ("not denied", as in "has not denied").
    """
    for auxiliary in auxiliaries:
        yield f"{auxiliary} {verb}"
    yield f"not {participle}"


def _unable(verb: str) -> Iterator[str]:
    """
    *verb* after each way of saying the source could not do it ("could not
    verify", "was unable to verify", "has not been able to verify", "failed
    to verify"); "been" is "be" inflected, and "has" is dropped at look-up.
    """
    for cannot in (*_CANNOT, "unable to", "be unable to", "fail to"):
        yield f"{cannot} {verb}"
    for able in ("not able to", "be not able to", "not been able to"):
        yield f"{able} {verb}"


# Each entry lists a verb's base form (the first word is inflected: -s, -ed,
# -ing) or a phrase; irregular forms, and first words that are not verbs, are
# listed in _IRREGULAR. The value is the FactBank commitment of the
# *speaker*: "alleged" and "accused" commit the speaker fully, whatever
# distance the reporter takes. Where two entries give the same form, the
# first one wins.
_ENTRIES: Final[dict[str, tuple[str, ...]]] = {
    "CT+": (
        "say",
        "state",
        "announce",
        "declare",
        "confirm",
        "reveal",
        "disclose",
        "report",
        "accuse",
        # An attribution of blame commits the one who makes it, as an
        # accusation does.
        "attribute",
        "blame",
        "allege",
        "claim",
        "assert",
        "affirm",
        "insist",
        "repeat",
        "acknowledge",
        "admit",
        "testify",
        "tell",
        "write",
        "show",
        "find",
        # A court's or a tribunal's finding ("ruled that", "upheld").
        "rule",
        "uphold",
        "establish",
        "verify",
        "prove",
        "conclude",
        "note",
        "explain",
        "stress",
        "maintain",
        "charge",
        "publish",
        "post",
        "tweet",
        "document",
        "attest",
        "certify",
        "corroborate",
        "quote",
        "cite",
        "concede",
        "echo",
        "stand by",
        # A restatement that sharpens the speaker's position; unlike
        # "correct", it withdraws nothing.
        "clarify",
        "reiterate",
        # "Has learned": the outlet's own reporting, which it vouches for.
        "learn",
        # An attribution without a verb, and a passive that is the speaker's
        # own confirmation.
        "according to",
        "be confirmed",
    ),
    "PR+": (
        "believe",
        "think",
        "estimate",
        "assess",
        "expect",
        "judge",
        "argue",
        "warn",
        "indicate",
        "suspect",
        "predict",
        "forecast",
        "project",
        "consider likely",
        "see as likely",
        # "Said it was likely": the source's estimate.
        "be likely",
    ),
    "PS+": (
        "suggest",
        "speculate",
        "hint",
        "imply",
        "raise the possibility",
        "voice concern",
        "voice apprehension",
        "fear",
        "express concern",
        "raise concern",
        "wonder whether",
        "raise questions",
        # "Could not rule out" says the claim may be true: an admission of
        # possibility, FactBank's PS+, as "it cannot be excluded" is. Unlike
        # "could not confirm" (the source lacks the evidence to commit), it
        # keeps the claim open on the source's own word. "Did not rule
        # out", which may be mere silence, is not listed.
        *_unable("rule out"),
        *(f"{cannot} be ruled out" for cannot in _CANNOT),
    ),
    "Uu": (
        "refrain from confirming",
        *(
            f"{modal} neither confirm nor deny"
            for modal in ("would", "could", "can", "will", "did")
        ),
        "no immediate comment",
        "not respond to requests for comment",
        "not respond to a request for comment",
        "did not respond to requests for comment",
        "did not respond to a request for comment",
        "could not be reached for comment",
        "could not be reached",
        "decline to confirm",
        "refuse to confirm",
        "neither confirm nor deny",
        "decline to say",
        "would not say",
        # Newsroom non-answers: each commits to nothing, and none is a
        # denial ("would not comment" is as empty as "declined to comment").
        # A non-answer on the claim ("declined to comment on") is no more
        # than one, as "refused to be drawn on" is "refused to be drawn".
        *(
            f"{answer}{on}"
            for answer in (
                "did not comment",
                "no comment",
                "not comment",
                "would not comment",
                "will not comment",
                "decline to comment",
                "refuse to comment",
            )
            for on in ("", " on")
        ),
        "decline to confirm or deny",
        "refuse to confirm or deny",
        "stop short of confirming",
        "stop short of denying",
        "stop short of saying",
        "refuse to be drawn",
        "refuse to be drawn on",
        "decline to be drawn",
        "decline to be drawn on",
        "would not be drawn",
        "would not be drawn on",
        "not available for comment",
        "be not available for comment",
        "unavailable for comment",
        "be unavailable for comment",
        *(
            f"{did}not {answer} {request} for comment"
            for did in ("", "did ")
            for answer in ("reply to", "return")
            for request in ("requests", "a request")
        ),
        "ask",
        "question whether",
        "remain uncertain",
        "remain unclear",
        "remain unconfirmed",
        "remain unverified",
        "be unclear",
        "be unconfirmed",
        "be unverified",
        "unconfirmed",
        "unverified",
        # Could not confirm: no commitment either way, not a denial. "Could
        # not corroborate", "failed to verify" and "would not confirm or
        # deny" are the same failure to establish the claim.
        *(
            form
            for verb, participle in (
                ("confirm", "confirmed"),
                ("verify", "verified"),
                ("corroborate", "corroborated"),
                ("confirm or deny", "confirmed or denied"),
            )
            for form in (
                *_not_done(verb, participle, (*_CANNOT, *_DID_NOT, "will not")),
                f"yet to {verb}",
                *_unable(verb),
                *(f"{cannot} be {participle}" for cannot in _CANNOT),
                f"not been {participle}",
                f"be not {participle}",
            )
        ),
        # Did not deny, did not dispute: no commitment either way, not a
        # confirmation. Not responding is a non-answer too ("did not
        # immediately respond", "has not replied").
        *(
            form
            for verb, participle in (("deny", "denied"), ("dispute", "disputed"))
            for form in (
                *_not_done(verb, participle, _DID_NOT),
                f"decline to {verb}",
                f"refuse to {verb}",
            )
        ),
        *(
            form
            for verb, participle in (("respond", "responded"), ("reply", "replied"))
            for form in _not_done(verb, participle, _DID_NOT)
        ),
        # An inquiry under way ("is investigating", "said it was looking
        # into", "is reviewing", "has opened an investigation") has no
        # finding yet.
        "investigate",
        "be investigating",
        "look into",
        "be looking into",
        "be reviewing",
        *(
            f"{start} {inquiry}"
            for start in ("open", "launch")
            for inquiry in ("an investigation", "an inquiry", "a probe", "a review")
        ),
    ),
    "PS-": (
        "question",
        "cast doubt on",
        "cast doubt",
        "cast doubts on",
        "cast doubt over",
        "raise doubts about",
        "raise doubts over",
        "raise doubts",
        "play down",
        "downplay",
        "call into question",
        "challenge",
        "not aware of",
        "be not aware of",
        "be unaware of",
    ),
    "PR-": (
        "doubt",
        "dispute",
        "discount",
        "contest",
        "consider unlikely",
        "believe unlikely",
        "see as unlikely",
        "be skeptical",
        "be sceptical",
        "deem unlikely",
        "be unlikely",
        # A source that looked and found no support reads the claim as
        # probably false: a search's negative result, more than "could not
        # confirm" (the claim it names after "of" is read off by _wire).
        "no evidence",
        "find no evidence",
        # A failed replication is such a negative result: the source tried
        # to reproduce what the claim reports and saw nothing of it ("could
        # not reproduce", "failed to replicate"), unlike "could not verify",
        # which may mean only that it lacked the means.
        *_unable("reproduce"),
        *_unable("replicate"),
        "see no evidence",
        # "Evidence" is uncountable: "there" takes the singular forms.
        *(
            f"{say}there {be} no evidence"
            for say in ("", "say ", "says ", "said ", "saying ")
            for be in _SINGULAR_BE
        ),
    ),
    "CT-": (
        "deny",
        "reject",
        "refute",
        "dismiss",
        "contradict",
        "debunk",
        "rebut",
        "disprove",
        "rule out",
        "negate",
        *(
            form
            for word in (
                "untrue",
                "false",
                "baseless",
                "fabricated",
                "groundless",
                "unfounded",
                "fake",
                "nonsense",
                "inaccurate",
                "incorrect",
                "a lie",
                "a fabrication",
            )
            for form in (
                word,
                f"be {word}",
                f"call it {word}",
                f"call {word}",
                f"dismiss as {word}",
                f"reject as {word}",
                f"describe as {word}",
                # A fact-checker's verdict: "rated false", "rated it false".
                f"rate {word}",
                f"rate as {word}",
                f"rate it {word}",
            )
        ),
    ),
}
_RETRACTIONS: Final = (
    "retract",
    "withdraw",
    "take back",
    "walk back",
    "recant",
    "correct",
    "issue a correction",
    "publish a correction",
    "issue a retraction",
)
# Hearsay: an unattributed passive ("is said to", "it is believed that",
# "reportedly"). The source named on the statement repeats someone unnamed.
_HEARSAY: Final[dict[str, tuple[str, ...]]] = {
    "CT+": ("said", "reported", "alleged", "claimed"),
    "PR+": (
        "believed",
        "thought",
        "understood",
        "seen as",
        "expected",
        "estimated",
        "considered likely",
        # "Is suspected" and "is suspected of" (a predicate: no "suspected
        # of to" or "it is suspected of that"), as "is believed".
        "suspected",
        "suspected of",
    ),
    "PS+": ("rumoured", "rumored"),
}
# Participles that take a predicate ("is seen as vital"), never a clause:
# no "seen as to", "seen as to be" or "it is seen as that".
_PREDICATIVE: Final = frozenset(("seen as", "suspected of"))
# Passives whose subject is the hearer ("officials were told"): hearsay,
# since the teller is unnamed, in the forms "be" takes and no others ("was
# told to" gives an order, and "it was told that" is no English).
_HEARER: Final = {"told": "CT+"}
_HEARSAY_ADVERBS: Final = {
    "reportedly": "CT+",
    "allegedly": "CT+",
    "purportedly": "CT+",
    "supposedly": "PR+",
}
_IRREGULAR: Final = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "show": ("shows", "showed", "shown", "showing"),
    "find": ("finds", "found", "finding"),
    "uphold": ("upholds", "upheld", "upholding"),
    "think": ("thinks", "thought", "thinking"),
    "admit": ("admits", "admitted", "admitting"),
    "stop": ("stops", "stopped", "stopping"),
    "learn": ("learns", "learned", "learnt", "learning"),
    "rebut": ("rebuts", "rebutted", "rebutting"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
    "take": ("takes", "took", "taken", "taking"),
    "prove": ("proves", "proved", "proven", "proving"),
    "be": ("is", "was", "were", "are", "being", "been"),
    "see": ("sees", "saw", "seen", "seeing"),
    "cast": ("casts", "casting"),
    "stand": ("stands", "stood", "standing"),
    "forecast": ("forecasts", "forecasted", "forecasting"),
    "echo": ("echoes", "echoed", "echoing"),
    "did": ("does", "do"),
    # First words that are not inflected.
    **dict.fromkeys(
        (
            "a",
            "according",
            "fake",
            "inaccurate",
            "incorrect",
            "nonsense",
            "will",
            "can",
            "can't",
            "cannot",
            "could",
            "couldn't",
            "didn't",
            "do",
            "does",
            "it",
            "neither",
            "no",
            "not",
            "there",
            "unable",
            "unavailable",
            "would",
            "wouldn't",
            "yet",
            "baseless",
            "fabricated",
            "false",
            "groundless",
            "unconfirmed",
            "unfounded",
            "untrue",
            "unverified",
            "reportedly",
            "allegedly",
            "purportedly",
            "supposedly",
            "says",
            "said",
            "saying",
        ),
        (),
    ),
}


def _inflections(word: str) -> tuple[str, ...]:
    if word in _IRREGULAR:
        return (word, *_IRREGULAR[word])
    return (word, *_regular(word))


def _regular(word: str) -> tuple[str, str, str]:
    if word.endswith("e"):
        return word + "s", word + "d", word[:-1] + "ing"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies", word[:-1] + "ied", word + "ing"
    if word.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es", word + "ed", word + "ing"
    return word + "s", word + "ed", word + "ing"


def _phrases(base: str) -> tuple[str, ...]:
    first, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = [f"{form}{tail}" for form in _inflections(first)]
    # "neither confirm nor deny" inflects its verbs, not its first word.
    if first == "neither":
        forms += ["neither confirmed nor denied", "neither confirms nor denies"]
    return tuple(forms)


def _hearsay_phrases(participle: str) -> Iterator[str]:
    # "is said", "was said to", "is said to be", the reduced relative clause
    # ("the missile, believed to be a Hwasong-18"), and "it is said that",
    # where "it" takes only the singular forms of "be". The subject before
    # "is said to" is the claim's, so every form of "be" fits there.
    clause = participle not in _PREDICATIVE
    if clause:
        yield f"{participle} to be"
    for be in _inflections("be"):
        yield f"{be} {participle}"
        if clause:
            yield f"{be} {participle} to"
            yield f"{be} {participle} to be"
    for be in _SINGULAR_BE:
        yield f"it {be} {participle}"
        if clause:
            yield f"it {be} {participle} that"


# Wire copy wraps a known phrase in words that do not change what the
# source commits to: to whom or where it spoke ("told reporters", "confirmed
# to the Herald", "told Reuters", "said in a statement", "on Monday"), the
# complementiser ("confirmed that"), and the reporter's own judgement of
# the claim ("claimed without evidence"; "falsely" is among the modifiers):
# the value is the speaker's commitment. A hearer's name holds no pronoun,
# negation, conjunction, form of "be" or "have", "contrary" or the like,
# nor another adjunct's first words: so a clause ("told the Post it was
# false", "told the Post and denied") is never read as a name, nor is a
# measure ("confirmed to a degree") or what was told ("told a lie").
_NAMED: Final = (
    r"(?!(?:it|he|she|they|we|that|not|no|never|nor|is|was|were|are|be|been"
    r"|has|have|had|contrary|opposite|effect|same|degree|extent|lie|lies"
    r"|falsehood|falsehoods|and|but|or|while|although|though|because|which"
    r"|who|whether|if|for|to|the|a|an|in|on|with|without"
    # What was told, or how, is no hearer: "told the court otherwise",
    # "told the Herald nothing", "told a different story", "to a point".
    r"|otherwise|differently|different|else|nothing|little|something"
    r"|anything|everything|much|more|less|point|story|stories|none|nil"
    r"|another|version|versions|untruth|untruths|fib|fibs|tale|tales"
    r"|conversely|half-truth|half-truths|fabrication|fabrications|nonsense"
    r"|misinformation|disinformation|rubbish)\b)"
    r"[\w'.&-]+"
)
# At most this many adjuncts are read off one phrase ("said in a statement
# to reporters on Monday" has three): the look-up stays cheap on any text.
_MAX_SPOKEN: Final = 4
_NAME: Final = rf"{_NAMED}(?: {_NAMED}){{0,2}}"
_HEARD: Final = (
    r"(?:reporters|journalists|lawmakers|legislators|parliament|congress|mps"
    r"|senators|officials|investigators|prosecutors|police"
    rf"|(?:the|a|an) {_NAME})"
)
# ICD 203's confidence is read off as the other adjuncts are, and then caps
# the phrase (`_CONFIDENCE`).
_SPOKEN: Final = re.compile(
    rf" (?:to {_HEARD}"
    r"|in (?:a|an|the|its|his|her|their) (?:statement|interview|briefing"
    r"|press release|press conference|news conference|post|letter|email|tweet"
    r"|speech|filing|report)"
    r"|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|without (?:providing |offering |citing |giving |presenting )?(?:any )?"
    r"(?:evidence|proof)"
    r"|with (?P<confidence>high|moderate|medium|low) confidence)$"
)
# "Told" takes its hearer without "to": "told reporters", "told the Herald".
_TOLD_HEARER: Final = re.compile(rf"(.*\b(?:tell|tells|told|telling)) {_HEARD}")
# A hearer named without an article ("told Reuters", "confirmed to CNN",
# "told MPs"): only words written with a capital (`_proper`) are read as a
# name, since a lower-case word after "to" is as likely a verb ("is
# expected to confirm"); nor is a word the lexicon knows ("To Confirm").
_TO_NAME: Final = re.compile(rf"(.*) to ({_NAME})")
_TOLD_NAME: Final = re.compile(rf"(.*\b(?:tell|tells|told|telling)) ({_NAME})")
# "Said it could not verify": a source saying that it (or a pronoun for the
# claim, "said it was untrue") is as the rest of the phrase says. The rest
# is the source's own phrase and keeps its value; "there" is not read here
# ("said there is no evidence" is listed).
_SAID_THAT: Final = re.compile(
    r"(?:say|says|said|saying)(?: that)? (?:it|they|he|she|we) (.+)"
)
# The topic or object of a non-answer ("declined to comment on the report",
# "no comment on the matter", "could not verify the figures", "is reviewing
# the findings", "opened an investigation into the leak"): whatever it
# names, a phrase that commits to nothing ("Uu") still does. A committing
# phrase's object is another thing: it may name the claim or only what
# carried it ("denied the report", "cast doubt on the figures"), which the
# analyst must tell apart, so that text stays unknown.
_LEADS_TO_TOPIC: Final = ("on", "about", "over", "into")
_TOPIC: Final = re.compile(
    rf"(?:(?:{'|'.join(_LEADS_TO_TOPIC)}) )?"
    rf"(?:(?:the|a|an|its|his|her|their|this|these|those) )?{_NAMED}"
    rf"(?: {_NAMED}){{0,3}}"
)
# Words that end a non-answer's object and begin what says more of the act:
# "did not confirm the deaths until Tuesday" (it did, then), "declined to
# comment beyond confirming his death" (it confirmed).
_PAST_THE_OBJECT: Final = frozenset(
    (
        *("until", "till", "beyond", "other", "than", "except", "besides"),
        *("apart", "before", "after", "since", "by", "but", "only", "instead"),
        *("rather", "save", "once", "then", "yet", "so", "when", "where"),
        *("while", "unless", "despite", "although", "though", "because"),
        *("later", "again", "at", "from", "as", "like", "unlike", "against"),
        *("during", "within", "through", "via", "past", "about", "over"),
        *("into", "beside", "between", "among", "across", "around", "along"),
    )
)
# Words before a known phrase that limit how firmly it is said: "reportedly
# denied" is the denial heard from someone unnamed (hearsay, CT-), as
# "reportedly" alone is hearsay; "appeared to show" is the showing as it
# looks to the source, probable at most (FactBank reads "appear" and "seem"
# as PR). Each gives the most certain modality it allows and whether it
# makes the phrase hearsay.
_HEDGES: Final = {
    **{adverb: (value[:2], True) for adverb, value in _HEARSAY_ADVERBS.items()},
    **{
        f"{form} to": ("PR", False)
        for verb in ("appear", "seem")
        for form in _inflections(verb)
    },
    # "Continued to insist" is "insisted" said again: no limit at all.
    **{f"{form} to": ("CT", False) for form in _inflections("continue")},
}
# A stated confidence (ICD 203) makes the phrase an analytic judgement,
# which is an estimate, not a statement of fact: "moderate" (or "medium")
# and "low" confidence cap it at probable, as "assessed" is, keeping its
# side ("denied with low confidence" is PR-). The confidence grades the
# judgement's basis, not its likelihood (ICD 203 keeps the two apart, as
# "likely, low confidence" shows), so "low" caps no lower than "moderate":
# how thin the basis is belongs in the statement's credibility grade (see
# docs/concepts.md). "High" confidence caps it alike: a judgement held with
# high confidence "is not a fact or a certainty" (ODNI), so "said with high
# confidence" is PR+, and "assessed with high confidence" stays "assessed".
_CONFIDENCE: Final = {"high": "PR", "moderate": "PR", "medium": "PR", "low": "PR"}
_CERTAINTY: Final = {"CT": 3, "PR": 2, "PS": 1}
_NO_CLAUSE: Final = tuple(
    f" {word} that" for word in ("as", "of", "on", "to", "about", "into", "for")
)


def _proper(act: str) -> frozenset[str]:
    """
    The words of *act* written with a capital, as the look-up reads them
    (lower case), unless all of it is in capitals.
    """
    if act.isupper():
        return frozenset()
    return frozenset(
        word.lower().translate(_APOSTROPHES)
        for word in act.split()
        if word[:1].isupper()
    )


def _named(core: str, names: frozenset[str], table: Mapping[str, _Entry]) -> str | None:
    """
    *core* without a hearer named without an article at its end, or
    ``None``.
    """
    for pattern in (_TO_NAME, _TOLD_NAME):
        if (found := pattern.fullmatch(core)) and all(
            word in names and word not in table for word in found[2].split(" ")
        ):
            return found[1]
    return None


# "According to" and the source it names, in up to eight words: "according
# to Reuters", "according to people familiar with the matter", never
# "according to that" or "according to with low confidence".
_NAME_WORD: Final = (
    r"(?!(?:who|whom|whose|which|that|if|unless|whether|but|while|although"
    r"|though|because|than|or)\b)[\w'./&-]+"
)
_ACCORDING: Final = re.compile(
    rf"according to ((?:(?:the|a|an) )?{_NAMED.replace('&-]', '/&-]')}"
    rf"(?: {_NAME_WORD}){{0,7}})"
    # Whom wire copy cannot name, described instead: read as a name.
    r"(?: who (?:asked|requested|declined|spoke|was|were|is|are) (?:not to be"
    r" (?:named|identified)|anonymity|to be (?:named|identified)|on condition"
    # "Publicly" is a modifier, dropped before this is read.
    r" of anonymity|not authori[sz]ed to speak(?: publicly| on the record)?))?"
)
# Words that make what follows "according to" more than a name: a clause
# ("officials who denied it", "Reuters if true"), a question, a negation.
_NOT_A_NAME: Final = frozenset(
    (
        *("not", "no", "never", "nor", "neither", "none", "nobody", "nothing"),
        *("who", "whom", "whose", "which", "that", "what", "where", "when"),
        *("if", "unless", "whether", "but", "while", "although", "though"),
        *("because", "as", "than", "or", "hardly", "scarcely", "barely"),
    )
)

# Nouns naming what a source did, when that is no firm word for the claim:
# "according to the ministry's denial" is a denial, "according to rumours"
# hearsay, "according to a possible leak" a guess. The lexicon reads their
# verbs; named as nouns, the text is left to the analyst.
_NAMED_ACTS: Final = frozenset(
    f"{word}{plural}"
    for word in (
        *("denial", "rebuttal", "refutation", "retraction", "disavowal"),
        *("dismissal", "rejection", "repudiation", "withdrawal", "rumour"),
        *("rumor", "speculation", "hunch", "guess", "suspicion", "hint"),
        *("conjecture", "assessment", "belief", "impression", "doubt"),
        *("contradiction",),
    )
    for plural in ("", "s", "es")
) | frozenset(
    (
        # Singular only: "the Department of Corrections" is a name.
        *("correction", "gossip", "hearsay", "guesswork", "theory", "theories"),
        *("hypothesis", "hypotheses", "possible", "possibly", "probably"),
        *("perhaps", "maybe", "unsure", "uncertain", "tentative"),
    )
)
# Not listed: "likely" and "probable", which name sources as often as not
# (a poll of likely voters, a probable cause affidavit), and "judgment", a
# court's firm word, as its "ruled" is.


def _name_words(name: str) -> list[str]:
    """
    The words of *name*, each word joined by hyphens followed by those of
    its parts that can say what was done: its last part, its head
    ("denied" in "a later-denied report"), and participles before it
    ("unconfirmed" in "unconfirmed-report"), but no other ("think" in
    "think-tank", "peer" in "peer-reviewed").
    """
    words = []
    for word in name.split():
        words.append(word)
        if "-" in word:
            *modifiers, head = word.split("-")
            words += [part for part in modifiers if part.endswith("ed")]
            words.append(head)
    return words


def _names_a_source(name: str, table: Mapping[str, _Entry]) -> bool:
    """
    Whether *name*, what follows "according to", only names a source: no
    clause, question or negation (`_NOT_A_NAME`), no act that is no firm
    word (`_NAMED_ACTS`), and no words that are a phrase of their own
    committing otherwise ("a report later denied", "a later-denied report",
    "a source unable to confirm"), read in `_name_words`.
    """
    words = _name_words(name)
    if not (_NOT_A_NAME.isdisjoint(words) and _NAMED_ACTS.isdisjoint(words)):
        return False
    plain = table.get("according to")
    return all(
        (entry := table.get(" ".join(words[start:end]))) is None or entry == plain
        for start in range(len(words))
        for end in range(start + 1, len(words) + 1)
    )


def _wire(phrase: str, act: str, table: Mapping[str, _Entry]) -> _Entry | None:
    """
    The entry of a known phrase wrapped in wire copy's words (a final
    "that", then `_SPOKEN`, `_TOLD_HEARER` and hearers named without an
    article, `_HEDGES`, `_SAID_THAT`, read in that order, and last whom
    "according to" names (`_ACCORDING`) or a non-answer's `_TOPIC`), or
    ``None``. The phrase
    is read as the look-up reads it: contractions written out, modifiers
    dropped; *act*, as written, tells which words are names.

    Adjuncts are read off the end only as far as what is left is known:
    "appeared to a fabrication" is the hedge "appeared to" before "a
    fabrication", not "appeared" said to someone called "fabrication".
    """
    stages = _unspoken(_without_modifiers(_uncontracted(phrase)), act, table)
    for core, caps in reversed(stages):
        if (entry := _unhedged(core, caps, table)) is not None:
            return entry
    return None


def _unhedged(core: str, caps: list[str], table: Mapping[str, _Entry]) -> _Entry | None:
    """
    The entry of *core* read after its hedge (`_HEDGES`) and "said it"
    (`_SAID_THAT`), or a non-answer's `_TOPIC`, capped by *caps* and the
    hedge's own cap; ``None`` if none is known.
    """
    words = core.split(" ")
    hearsay = False
    for size in (2, 1):  # "appeared to", then "reportedly" (not alone)
        if len(words) > size and (key := " ".join(words[:size])) in _HEDGES:
            most, hearsay = _HEDGES[key]
            caps = [*caps, most]
            core = " ".join(words[size:])
            break
    if said := _SAID_THAT.fullmatch(core):
        core = said[1]
    entry = table.get(core)
    if (
        entry is None
        and (named := _ACCORDING.fullmatch(core))
        and _names_a_source(named[1], table)
    ):
        # Whoever "according to" names, it commits as it does alone.
        entry = table.get("according to")
    if entry is None:
        entry = _non_answer(core, table)
    if entry is None or not caps:
        return entry
    return _hedged(entry, min(caps, key=_CERTAINTY.__getitem__), hearsay)


def _non_answer(core: str, table: Mapping[str, _Entry]) -> _Entry | None:
    """
    The entry of a non-answer (``Uu``) that *core* is, followed by its
    topic or object (`_TOPIC`), or ``None``.
    """
    words = core.split(" ")
    for end in range(len(words) - 1, 0, -1):
        entry = table.get(" ".join(words[:end]))
        if (
            entry is not None
            and entry.value == "Uu"
            and not entry.retraction
            and _TOPIC.fullmatch(" ".join(words[end:]))
            # Past the word leading to it ("on", "about"), nothing that goes
            # on to say more of the act.
            and _PAST_THE_OBJECT.isdisjoint(
                words[end + (words[end] in _LEADS_TO_TOPIC) :]
            )
        ):
            return entry
    return None


def _unspoken(
    core: str, act: str, table: Mapping[str, _Entry]
) -> list[tuple[str, list[str]]]:
    """
    *core* without its final "that", then without each adjunct at its end
    in turn (`_SPOKEN`, `_TOLD_HEARER`, hearers named without an article),
    each with the caps the confidence adjuncts read so far set.
    """
    # "That" opens a clause, never after a preposition ("it is seen as
    # that" is no English, and "seen as" takes no clause).
    if core.endswith(" that") and not core.endswith(_NO_CLAUSE):
        core = core[: -len(" that")]
    # "Of" leads from "no evidence" to the claim ("found no evidence of").
    elif core.endswith(" evidence of"):
        core = core[: -len(" of")]
    names: frozenset[str] | None = None
    caps: list[str] = []
    stages = [(core, caps)]
    for _ in range(_MAX_SPOKEN):
        # A known phrase is read as it is: "not reply to a request for
        # comment" holds no hearer.
        if core in table:
            break
        if spoken := _SPOKEN.search(core):
            core = core[: spoken.start()]
            if (level := spoken["confidence"]) and (cap := _CONFIDENCE[level]):
                caps = [*caps, cap]
        elif told := _TOLD_HEARER.fullmatch(core):
            core = told[1]
        else:
            if names is None:
                names = _proper(act)
            if not names or (bare := _named(core, names, table)) is None:
                break
            core = bare
        stages.append((core, caps))
    return stages


def _hedged(entry: _Entry, most: str, hearsay: bool) -> _Entry | None:
    """
    *entry* said no more certainly than the modality *most*, on the same
    side, and as hearsay if *hearsay*; ``Uu`` stays as it is. A hedged
    retraction or hearsay is ``None``: a withdrawal, or a repetition, on
    someone's unsure word is no phrase the lexicon reads.
    """
    if entry.retraction or entry.hearsay:
        return None
    if entry.value == "Uu":
        return entry
    modality, polarity = entry.value[:2], entry.value[2:]
    if _CERTAINTY[modality] > _CERTAINTY[most]:
        modality = most
    return _Entry(f"{modality}{polarity}", retraction=False, hearsay=hearsay)


def _default_table() -> dict[str, _Entry]:
    table: dict[str, _Entry] = {}

    def add(phrases: Iterable[str], entry: _Entry) -> None:
        for phrase in phrases:
            table.setdefault(phrase, entry)

    for value, participles in _HEARSAY.items():
        for participle in participles:
            add(
                _hearsay_phrases(participle),
                _Entry(value, retraction=False, hearsay=True),
            )
    for adverb, value in _HEARSAY_ADVERBS.items():
        add((adverb,), _Entry(value, retraction=False, hearsay=True))
    for participle, value in _HEARER.items():
        add(
            (f"{be} {participle}" for be in _inflections("be")),
            _Entry(value, retraction=False, hearsay=True),
        )
    for value, bases in _ENTRIES.items():
        for base in bases:
            add(_phrases(base), _Entry(value, retraction=False, hearsay=False))
    for base in _RETRACTIONS:
        add(_phrases(base), _Entry("Uu", retraction=True, hearsay=False))
    return table


DEFAULT_LEXICON: Final = Lexicon._of(_default_table())  # noqa: SLF001
"""
The lexicon `Stance.from_verb` uses unless told otherwise: the common
reporting verbs and phrases of English news, with their inflections.
"""


@attrs.frozen(kw_only=True, cache_hash=True)
class Stance:
    """
    A source's commitment to a claim, as FactBank's factuality value
    (polarity x modality: CT+ PR+ PS+ Uu PS- PR- CT-) and the reporting verb
    as written.

    Attributes:
        polarity: True, false, or not said.
        modality: Certain, probable, possible, or underspecified.
        act: The reporting verb or phrase as written ("accused", "refrained
            from confirming").
        retraction: Whether this withdraws the source's earlier statements
            on the claim; a retraction is always ``Uu``.
        hearsay: Whether the statement is an unattributed passive ("is said
            to", "reportedly"): its source repeats what someone unnamed
            said rather than committing itself. Never ``Uu``, so never a
            retraction.

    >>> Stance.from_verb("flatly denied").value
    'CT-'
    >>> believed = Stance.from_verb("is believed to")
    >>> believed.value, believed.hearsay
    ('PR+', True)
    >>> Stance.of("PS+", "voiced concern").act
    'voiced concern'
    """

    polarity: Polarity = attrs.field(validator=instance_of(Polarity))
    modality: Modality = attrs.field(validator=instance_of(Modality))
    act: str = attrs.field(converter=to_text, validator=non_empty)
    retraction: bool = attrs.field(default=False, validator=instance_of(bool))
    hearsay: bool = attrs.field(default=False, validator=instance_of(bool))

    def __attrs_post_init__(self) -> None:
        unknown = self.polarity is Polarity.UNKNOWN
        underspecified = self.modality is Modality.UNDERSPECIFIED
        if unknown != underspecified:
            msg = (
                "unknown polarity goes with underspecified modality (Uu) "
                "and only with it"
            )
            raise InvalidValueError(msg, "Stance", self.value)
        if self.retraction and not unknown:
            msg = "a retraction commits to nothing: its value must be Uu"
            raise InvalidValueError(msg, "Stance.retraction", self.value)
        if self.hearsay and unknown:
            msg = "hearsay repeats a commitment: its value cannot be Uu"
            raise InvalidValueError(msg, "Stance.hearsay", self.value)

    @property
    def value(self) -> str:
        """
        The FactBank value: ``"CT+"``, ``"PR-"``, ``"Uu"``, ...
        """
        return f"{self.modality.value}{self.polarity.value}"

    @functools.cached_property
    def _text(self) -> str:
        # The canonical text, kept: every statement's id embeds it, and a
        # ledger has few stances. A private cache, not a field: not part of
        # eq, hash, repr or pickles.
        return stance_text(self)

    @property
    def factbank(self) -> FactBank:
        """
        The FactBank value as a `FactBank` member: ``FactBank.CT_PLUS``, ...
        """
        return FactBank(self.value)

    @property
    def is_vacuous(self) -> bool:
        """
        Whether the stance commits to nothing (``Uu``).
        """
        return self.polarity is Polarity.UNKNOWN

    @classmethod
    def of(
        cls, value: str, act: str, *, retraction: bool = False, hearsay: bool = False
    ) -> Stance:
        """
        A stance from its FactBank value: ``Stance.of("PR+", "believes")``.
        """
        if not is_text(value) or value not in _VALUES:
            msg = f"must be one of {', '.join(_VALUES)}"
            raise InvalidValueError(msg, "Stance.value", value)
        polarity, modality = _VALUES[value]
        return cls(
            polarity=polarity,
            modality=modality,
            act=act,
            retraction=retraction,
            hearsay=hearsay,
        )

    @classmethod
    def from_verb(cls, verb: str, *, lexicon: Lexicon = DEFAULT_LEXICON) -> Stance:
        """
        The stance a reporting verb or phrase conveys in *lexicon*:
        ``"denied"`` is CT-, ``"suggested"`` PS+, ``"neither confirmed nor
        denied"`` Uu, ``"is said to"`` CT+ and hearsay; see `Lexicon.stance`.

        Inflections are understood ("denies", "deny", "denied"), and so are
        adverbs that do not change the commitment ("flatly denied"); the act
        is kept as written.

        Raises:
            UnknownVerbError: The verb is not in the lexicon; the error lists
                the closest known verbs.
        """
        return lexicon.stance(verb)

    def __str__(self) -> str:
        if self.hearsay:
            return f"{self.act} ({self.value}, hearsay)"
        return f"{self.act} ({self.value})"


CT_PLUS: Final = Stance.of("CT+", "said")
"""Certainly true: "said", "confirmed", "revealed"."""
PR_PLUS: Final = Stance.of("PR+", "believes")
"""Probably true: "believes", "estimated"."""
PS_PLUS: Final = Stance.of("PS+", "suggested")
"""Possibly true: "suggested", "speculated"."""
UU: Final = Stance.of("Uu", "neither confirmed nor denied")
"""No commitment: "declined to comment", "neither confirmed nor denied"."""
PS_MINUS: Final = Stance.of("PS-", "questioned")
"""Possibly false: "questioned"."""
PR_MINUS: Final = Stance.of("PR-", "doubted")
"""Probably false: "doubted", "believes unlikely"."""
CT_MINUS: Final = Stance.of("CT-", "denied")
"""Certainly false: "denied", "refuted"."""


def known_verbs(*, lexicon: Lexicon = DEFAULT_LEXICON) -> tuple[str, ...]:
    """
    Every verb form and phrase *lexicon* understands as written, sorted.
    """
    return lexicon.phrases()
