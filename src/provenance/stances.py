"""
How firmly a source commits to a claim: FactBank factuality values and a
lexicon of English reporting verbs.
"""

from __future__ import annotations

import difflib
import enum
import re

from typing import Final

import attrs

from provenance._validators import instance_of, is_text, non_empty
from provenance.errors import InvalidValueError, UnknownVerbError


__all__ = [
    "CT_MINUS",
    "CT_PLUS",
    "PR_MINUS",
    "PR_PLUS",
    "PS_MINUS",
    "PS_PLUS",
    "UU",
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


def _check_stance(stance: Stance) -> None:
    unknown = stance.polarity is Polarity.UNKNOWN
    underspecified = stance.modality is Modality.UNDERSPECIFIED
    if unknown != underspecified:
        msg = "unknown polarity goes with underspecified modality (Uu) and only with it"
        raise InvalidValueError(msg, "Stance", stance.value)
    if stance.retraction and not unknown:
        msg = "a retraction commits to nothing: its value must be Uu"
        raise InvalidValueError(msg, "Stance.retraction", stance.value)


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
    """

    polarity: Polarity = attrs.field(validator=instance_of(Polarity))
    modality: Modality = attrs.field(validator=instance_of(Modality))
    act: str = attrs.field(validator=non_empty)
    retraction: bool = attrs.field(default=False, validator=instance_of(bool))

    def __attrs_post_init__(self) -> None:
        _check_stance(self)

    @property
    def value(self) -> str:
        """
        The FactBank value: ``"CT+"``, ``"PR-"``, ``"Uu"``, ...
        """
        return f"{self.modality.value}{self.polarity.value}"

    @property
    def is_vacuous(self) -> bool:
        """
        Whether the stance commits to nothing (``Uu``).
        """
        return self.polarity is Polarity.UNKNOWN

    @classmethod
    def of(cls, value: str, act: str, *, retraction: bool = False) -> Stance:
        """
        A stance from its FactBank value: ``Stance.of("PR+", "believes")``.
        """
        if not is_text(value) or value not in _VALUES:
            msg = f"must be one of {', '.join(_VALUES)}"
            raise InvalidValueError(msg, "Stance.value", value)
        polarity, modality = _VALUES[value]
        return cls(polarity=polarity, modality=modality, act=act, retraction=retraction)

    @classmethod
    def from_verb(cls, verb: str) -> Stance:
        """
        The stance a reporting verb or phrase conveys: ``"denied"`` is CT-,
        ``"suggested"`` PS+, ``"neither confirmed nor denied"`` Uu.

        Inflections are understood ("denies", "deny", "denied"); the act is
        kept as written.

        Raises:
            UnknownVerbError: The verb is not in the lexicon; the error lists
                the closest known verbs.
        """
        if not is_text(verb) or not verb.strip():
            msg = "must be a non-empty string"
            raise InvalidValueError(msg, "Stance.act", verb)
        act = " ".join(verb.split())
        entry = _LEXICON.get(act.lower())
        if entry is None:
            suggestions = tuple(difflib.get_close_matches(act.lower(), _LEXICON, n=5))
            msg = "unknown reporting verb"
            raise UnknownVerbError(msg, "Stance.act", verb, suggestions)
        value, retraction = entry
        return cls.of(value, act, retraction=retraction)

    def __str__(self) -> str:
        return f"{self.act} ({self.value})"


_VALUES: Final = {
    "CT+": (Polarity.POSITIVE, Modality.CERTAIN),
    "PR+": (Polarity.POSITIVE, Modality.PROBABLE),
    "PS+": (Polarity.POSITIVE, Modality.POSSIBLE),
    "Uu": (Polarity.UNKNOWN, Modality.UNDERSPECIFIED),
    "PS-": (Polarity.NEGATIVE, Modality.POSSIBLE),
    "PR-": (Polarity.NEGATIVE, Modality.PROBABLE),
    "CT-": (Polarity.NEGATIVE, Modality.CERTAIN),
}

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

# Each entry lists a verb's base form (the first word is inflected: -s, -ed,
# -ing) or a phrase; irregular past forms are listed in _IRREGULAR. The value
# is the FactBank commitment of the *speaker*: "alleged" and "accused" commit
# the speaker fully, whatever distance the reporter takes.
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
        "allege",
        "claim",
        "assert",
        "affirm",
        "insist",
        "acknowledge",
        "admit",
        "testify",
        "tell",
        "write",
        "show",
        "find",
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
        # Attributions without a verb, and the passive voice of reports.
        "according to",
        "be said",
        "be reported",
        "be alleged",
        "be claimed",
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
        "consider likely",
        "see as likely",
        "be believed",
        "be thought",
        "be seen as",
        "be expected",
        "be estimated",
        "be considered likely",
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
    ),
    "Uu": (
        "refrain from confirming",
        "decline to comment",
        "decline to confirm",
        "refuse to comment",
        "refuse to confirm",
        "neither confirm nor deny",
        "decline to say",
        "would not say",
        "did not comment",
        "no comment",
        "not comment",
        "ask",
        "question whether",
        "remain uncertain",
        "remain unclear",
        "remain unconfirmed",
        "be unclear",
        "be unconfirmed",
    ),
    "PS-": ("question", "cast doubt on", "play down", "downplay"),
    "PR-": (
        "doubt",
        "dispute",
        "consider unlikely",
        "believe unlikely",
        "see as unlikely",
        "be skeptical",
        "be sceptical",
        "deem unlikely",
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
    ),
}
_RETRACTIONS: Final = ("retract", "withdraw", "take back", "walk back", "recant")
_IRREGULAR: Final = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "show": ("shows", "showed", "shown", "showing"),
    "find": ("finds", "found", "finding"),
    "think": ("thinks", "thought", "thinking"),
    "admit": ("admits", "admitted", "admitting"),
    "rebut": ("rebuts", "rebutted", "rebutting"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
    "take": ("takes", "took", "taken", "taking"),
    "prove": ("proves", "proved", "proven", "proving"),
    "be": ("is", "was", "were", "are", "being"),
    "see": ("sees", "saw", "seen", "seeing"),
    "cast": ("casts", "casting"),
    "did": ("does", "do"),
    "neither": (),
    "according": (),
    "no": (),
    "not": (),
    "would": (),
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


def _build_lexicon() -> dict[str, tuple[str, bool]]:
    lexicon: dict[str, tuple[str, bool]] = {}
    for value, bases in _ENTRIES.items():
        for base in bases:
            for phrase in _phrases(base):
                lexicon.setdefault(phrase, (value, False))
    for base in _RETRACTIONS:
        for phrase in _phrases(base):
            lexicon.setdefault(phrase, ("Uu", True))
    return lexicon


_LEXICON: Final = _build_lexicon()


def known_verbs() -> tuple[str, ...]:
    """
    Every verb form and phrase `Stance.from_verb` understands, sorted.
    """
    return tuple(sorted(_LEXICON))
