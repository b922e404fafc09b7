"""
Defects of review round 11: the lexicon's ungrammatical phrases and the
ranking of its suggestions, docstrings citing releases that do not exist,
and docs that omit extras and dependency groups.
"""

from __future__ import annotations

import re

from pathlib import Path

import pytest

from hypothesis import given
from hypothesis import strategies as st

import provenance

from provenance.errors import UnknownVerbError
from provenance.stances import DEFAULT_LEXICON, Lexicon, Stance, known_verbs


# A singular subject a phrase names ("it", "there" before uncountable "no
# evidence") takes "is" or "was"; "seen as" takes a predicate, never a clause.
_UNGRAMMATICAL = re.compile(
    r"\b(it|there) (?!is\b|was\b)(be|am|are|were|being|been|has|have|had)\b"
    r"|\bseen as (to|that)\b"
)


def grammatical(phrase: str) -> bool:
    return _UNGRAMMATICAL.search(phrase) is None


def negated(phrase: str) -> bool:
    words = {"not", "no", "never", "neither", "nor", "cannot"}
    return "n't" in phrase or not words.isdisjoint(phrase.split())


def suggestions(text: str, lexicon: Lexicon = DEFAULT_LEXICON) -> tuple[str, ...]:
    with pytest.raises(UnknownVerbError) as info:
        lexicon.stance(text)
    return info.value.suggestions


_KNOWN_WORDS = sorted({word for phrase in known_verbs() for word in phrase.split()})
# Text near the lexicon's phrases: known words, known words with a slip of
# a letter, and words like nothing known, of up to 64 characters (the
# longest text that gets suggestions).
_WORD = st.one_of(
    st.sampled_from(_KNOWN_WORDS),
    st.builds(
        lambda word, i: word[:i] + word[i + 1 :],
        st.sampled_from(_KNOWN_WORDS),
        st.integers(0, 12),
    ),
    st.text(alphabet="abcdeilnorstuy'", min_size=1, max_size=8),
)
_TEXT = (
    st.lists(_WORD, min_size=1, max_size=6)
    .map(" ".join)
    .filter(lambda text: text.strip() != "" and len(text) <= 64)
)


class TestGrammar:
    def test_every_phrase_is_grammatical(self) -> None:
        """
        No phrase the default lexicon knows pairs "it" or "there" with a
        form of "be" that does not agree, or gives "seen as" a clause.
        """
        assert [] == [phrase for phrase in known_verbs() if not grammatical(phrase)]

    @pytest.mark.parametrize(
        "verb",
        [
            "it are claimed",
            "it be reported",
            "it being said",
            "it were claimed that",
            "it is seen as that",
            "is seen as to",
            "seen as to be",
            "there be no evidence",
            "said there are no evidence",
        ],
    )
    def test_ungrammatical_refused(self, verb: str) -> None:
        """
        The ungrammatical forms the review found are unknown verbs.
        """
        with pytest.raises(UnknownVerbError) as info:
            Stance.from_verb(verb)

        assert verb == info.value.value

    @pytest.mark.parametrize(
        ("verb", "value", "hearsay"),
        [
            ("it is claimed that", "CT+", True),
            ("it was reported", "CT+", True),
            ("it is widely believed that", "PR+", True),
            ("it is seen as", "PR+", True),
            ("are said to", "CT+", True),
            ("were believed to be", "PR+", True),
            ("being reported", "CT+", True),
            ("has been said to", "CT+", True),
            ("had been reported to be", "CT+", True),
            ("is seen as", "PR+", True),
            ("there is no evidence", "PR-", False),
            ("said there was no evidence", "PR-", False),
            ("says there is no evidence", "PR-", False),
            ("has been unable to confirm", "Uu", False),
        ],
    )
    def test_grammatical_accepted(self, verb: str, value: str, hearsay: bool) -> None:
        """
        The grammatical passives keep their value, with the forms of "be"
        that agree ("it is", "there was") and the perfect ("has been said
        to").
        """
        stance = Stance.from_verb(verb)

        assert (value, hearsay, verb) == (stance.value, stance.hearsay, stance.act)


class TestSuggestions:
    @pytest.mark.parametrize(
        ("text", "first"),
        [
            ("withdrew its claim", "withdrew"),
            ("mistakenly reported", "reported"),
            ("denied reports", "denied"),
            ("the ministry denied the report", "denied"),
            ("confirmed the reports", "confirmed"),
            ("flatly denyed", "denied"),
            ("neither confirmed nor denyed", "neither confirmed nor denied"),
            ("is seen as to", "is seen as"),
            ("there is no proof", "there is no evidence"),
        ],
    )
    def test_meaning_first(self, text: str, first: str) -> None:
        """
        The phrase the text means comes first: a known phrase the text
        contains, or the whole phrase it misspells.
        """
        assert first == suggestions(text)[0]

    def test_withdrawal_before_hearsay(self) -> None:
        """
        "withdrew its claim" is offered the retraction before any hearsay
        phrase.
        """
        offered = suggestions("withdrew its claim")

        assert Stance.from_verb(offered[0]).retraction
        assert not any(Stance.from_verb(known).hearsay for known in offered[:2])

    def test_misspelling_unchanged(self) -> None:
        """
        A misspelt verb is offered what it was before (docs/concepts.md
        shows it).
        """
        assert ("accused", "accuse", "accuses", "asked", "argued") == suggestions(
            "acused"
        )

    @given(_TEXT)
    def test_suggestions_are_known_and_grammatical(self, text: str) -> None:
        """
        Every phrase offered for unknown text is accepted as it is offered,
        is grammatical, and keeps the text's negation.
        """
        try:
            Stance.from_verb(text)
        except UnknownVerbError as exc:
            offered = exc.suggestions
        else:
            return
        assert len(offered) == len(set(offered)) <= 5
        for known in offered:
            assert known == Stance.from_verb(known).act
            assert grammatical(known), known
            assert negated(known) == negated(text.lower())

    def test_own_lexicon(self) -> None:
        """
        Suggestions come from the lexicon in use, contained phrases first.
        """
        lexicon = (
            Lexicon()
            .with_phrase("per sources", "CT+", hearsay=True, inflect=False)
            .with_phrase("pour cold water on", "PS-")
        )

        assert ("per sources",) == suggestions("per sourcs", lexicon)
        assert (
            "poured cold water on"
            == suggestions("swiftly poured cold water on it", lexicon)[0]
        )


ROOT = Path(__file__).parent.parent
_DIRECTIVE = re.compile(
    r"^\s*\.\. (versionadded|versionchanged|versionremoved|deprecated)::[ \t]*(\S*)",
    re.MULTILINE,
)


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class TestVersionDirectives:
    def test_directives_name_real_releases(self) -> None:
        """
        Every version directive in the package's docstrings names either
        "unreleased" or a release no newer than the package that has a
        heading in CHANGELOG.md.
        """
        changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
        released = set(re.findall(r"^## \[?(\d+(?:\.\d+)*)", changelog, re.MULTILINE))
        package = Path(provenance.__file__).parent
        directives = [
            (str(path.relative_to(package)), kind, version)
            for path in sorted(package.rglob("*.py"))
            for kind, version in _DIRECTIVE.findall(path.read_text("utf-8"))
        ]

        assert directives
        assert [] == [
            found
            for found in directives
            if found[2] != "unreleased"
            and not (
                found[2] in released
                and _release(found[2]) <= _release(provenance.__version__)
            )
        ]


def _names(text: str) -> set[str]:
    # Extras and groups are code-quoted names without dots; module paths
    # ("provenance.testing") are not.
    return set(re.findall(r"`([a-z][a-z0-9-]*)`", text))


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower()


def _pyproject() -> dict[str, object]:
    # tomllib is new in Python 3.11; on 3.10 these tests are skipped.
    tomllib = pytest.importorskip("tomllib")
    table: dict[str, object] = tomllib.loads(
        (ROOT / "pyproject.toml").read_text("utf-8")
    )
    return table


class TestExtrasAndGroups:
    def test_extras_listed(self) -> None:
        """
        docs/index.md and docs/contributing.md name exactly the extras
        pyproject.toml publishes.
        """
        project = _pyproject()["project"]
        assert isinstance(project, dict)
        extras = set(project["optional-dependencies"])
        index = (ROOT / "docs" / "index.md").read_text("utf-8")
        contributing = (ROOT / "docs" / "contributing.md").read_text("utf-8")

        for page, text, opening in (
            ("index.md", index, "Extras add"),
            ("contributing.md", contributing, "The published extras are"),
        ):
            sentence = re.search(rf"^{opening}.*$", text, re.MULTILINE)
            assert sentence, page
            assert extras == _names(sentence.group()), page

    def test_groups_listed(self) -> None:
        """
        docs/contributing.md's table has a row for exactly the dependency
        groups pyproject.toml declares, and each row names every
        requirement and included group of its group.
        """
        groups = _pyproject()["dependency-groups"]
        assert isinstance(groups, dict)
        contributing = (ROOT / "docs" / "contributing.md").read_text("utf-8")
        table = contributing.split("| group | what it holds |", 1)[1]
        table = table.split("\n\n", 1)[0]
        rows = dict(
            re.findall(r"^\| `([a-z][a-z0-9-]*)` \|(.*)\|$", table, re.MULTILINE)
        )

        assert set(groups) == set(rows)
        for group, members in groups.items():
            row = rows[group].lower()
            for member in members:
                if isinstance(member, dict):
                    assert member["include-group"] in _names(row), (group, member)
                else:
                    name = _requirement_name(member)
                    assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", row), (
                        group,
                        member,
                    )
