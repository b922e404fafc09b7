"""
Claims and sources named by a unique prefix of their id, as git takes a
short commit id: in `Ledger`, in `Store` and in the command.

Two claims (and two sources) whose ids share their first 8 digits were found
once, by a birthday search over about 100,000 generated claims (sources), and
are written here as they are; a test checks that they still share them, so a
change to the id recipe shows here rather than passing unnoticed. Everything
is built through the public API, and nothing is patched.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

import provenance as pv

from provenance.cli import main
from provenance.errors import UnknownClaimError, UnknownSourceError
from provenance.ledger import _lookup, _short_ids
from provenance.records import Record
from provenance.store import Store
from provenance.testing import ledgers


MAYOR = pv.Source(name="Mayor", kind=pv.SourceKind.PERSON)
TWINS = (
    pv.Claim(text="Claim number 6560.", key="c6560"),
    pv.Claim(text="Claim number 101636.", key="c101636"),
)
TWIN_PREFIX = "f7aa6bbf"
SPEAKERS = (
    pv.Source(name="source 42086", kind=pv.SourceKind.PERSON),
    pv.Source(name="source 124219", kind=pv.SourceKind.PERSON),
)
SPEAKER_PREFIX = "4722770a"
BRIDGE = pv.Claim(text="The bridge is closed.", key="bridge")
# A key that reads as a prefix of another claim's id, and one that is another
# claim's whole id: the id comes first, then the key, then a prefix.
HEXLIKE = pv.Claim(text="The ferry runs.", key=BRIDGE.id[:8])
WHOLE = pv.Claim(text="The tunnel is open.", key=TWINS[0].id)
PREFIX = "provenance: error: "


def _after_drawn() -> dt.datetime:
    # A store refuses a record made after the day it is recorded: record
    # them after every day the generated ledgers (provenance.testing) have.
    return dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)


def _said(claim: pv.Claim, source: pv.Source = MAYOR) -> pv.Statement:
    return pv.Statement(
        source=source,
        claim=claim,
        stance=pv.Stance.from_verb("said"),
        made_on=dt.date(2025, 5, 1),
    )


LEDGER = pv.Ledger.of(
    [
        *(_said(claim) for claim in (*TWINS, BRIDGE, HEXLIKE, WHOLE)),
        *(_said(BRIDGE, speaker) for speaker in SPEAKERS),
    ]
)


@attrs.frozen
class Lookups:
    """
    One holder's lookups by text: a claim, and the records by a source.
    """

    path: str
    claim: Callable[[str], pv.Claim]
    by_source: Callable[[str], tuple[Record, ...]]


@pytest.fixture(params=["ledger", "store"])
def lookups(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Lookups]:
    """
    LEDGER's lookups, or those of a store holding it.
    """
    if request.param == "ledger":
        yield Lookups("Ledger.claim", LEDGER.claim, LEDGER.by_source)
        return
    with Store.open(tmp_path / "s.db") as store:
        store.add(LEDGER)
        yield Lookups("Store.claim", store.claim, store.by_source)


def _claim_error(lookups: Lookups, text: str) -> UnknownClaimError:
    with pytest.raises(UnknownClaimError) as info:
        lookups.claim(text)
    assert lookups.path == info.value.path
    return info.value


class TestFixtures:
    def test_twins_share_a_prefix(self) -> None:
        """
        The twin claims' ids, and the twin sources', share their first 8
        digits and no more than 8 of 12.
        """
        assert {TWIN_PREFIX} == {claim.id[:8] for claim in TWINS}
        assert {SPEAKER_PREFIX} == {source.id[:8] for source in SPEAKERS}
        assert 2 == len({claim.id[:12] for claim in TWINS})
        assert 2 == len({source.id[:12] for source in SPEAKERS})


class TestClaim:
    def test_whole_id(self, lookups: Lookups) -> None:
        """
        A whole id names its claim.
        """
        for claim in LEDGER.claims:
            assert claim == lookups.claim(claim.id)

    def test_key(self, lookups: Lookups) -> None:
        """
        A key names its claim.
        """
        assert BRIDGE == lookups.claim("bridge")

    @pytest.mark.parametrize("digits", [8, 12, 40, 63, 64])
    def test_unique_prefix(self, lookups: Lookups, digits: int) -> None:
        """
        An id's first 8 to 64 digits name its claim when no other id begins
        with them.
        """
        # The twins' ids share 8 digits, so they take 9 or more.
        for claim in (HEXLIKE, WHOLE, *(TWINS if digits > 8 else ())):
            assert claim == lookups.claim(claim.id[:digits])

    def test_shared_prefix(self, lookups: Lookups) -> None:
        """
        A prefix two ids begin with names neither: the error says it is
        ambiguous and lists the start of each id, one digit past what they
        share (12 here), each of which names its claim.
        """
        error = _claim_error(lookups, TWIN_PREFIX)

        first, second = sorted(claim.id[:12] for claim in TWINS)
        assert (
            f"id prefix {TWIN_PREFIX!r} is ambiguous: 2 claims begin with it "
            f"(ids {first}, {second}); give more digits"
        ) == error.msg
        assert isinstance(error, KeyError)
        for claim in TWINS:
            assert claim == lookups.claim(claim.id[:12])

    @pytest.mark.parametrize("digits", [1, 2, 7])
    def test_short_prefix_is_no_prefix(self, lookups: Lookups, digits: int) -> None:
        """
        Fewer than 8 digits are not read as a prefix, even when a single id
        begins with them.
        """
        text = BRIDGE.id[:digits]

        error = _claim_error(lookups, text)

        assert f"no claim with key or id {text!r}" == error.msg

    def test_upper_case_is_no_prefix(self, lookups: Lookups) -> None:
        """
        Ids are written in lower case, and read so: an upper-case prefix (or
        whole id) names no claim.
        """
        for text in (BRIDGE.id[:12].upper(), BRIDGE.id.upper()):
            error = _claim_error(lookups, text)

            assert f"no claim with key or id {text!r}" == error.msg

    def test_not_hex_is_no_prefix(self, lookups: Lookups) -> None:
        """
        Only hex digits make a prefix: a space or a newline after them, or a
        letter past f, leaves a text no claim has.
        """
        for text in (f"{BRIDGE.id[:8]} ", f"{BRIDGE.id[:8]}\n", f"{BRIDGE.id[:8]}g"):
            assert "no claim" in _claim_error(lookups, text).msg

    def test_unencodable_text(self, lookups: Lookups) -> None:
        """
        A text with a lone surrogate (bytes that are not UTF-8, from a
        command's arguments) names no claim, as in a ledger.
        """
        assert "no claim" in _claim_error(lookups, "bridge\udcff").msg

    def test_key_wins_over_prefix(self, lookups: Lookups) -> None:
        """
        A key that reads as a prefix names the claim with that key, not the
        claim whose id begins with it; more digits reach the latter.
        """
        assert BRIDGE.id.startswith(HEXLIKE.key or "")

        assert HEXLIKE == lookups.claim(BRIDGE.id[:8])
        assert BRIDGE == lookups.claim(BRIDGE.id[:9])

    def test_id_wins_over_key(self, lookups: Lookups) -> None:
        """
        A whole id names its claim even when it is also another claim's key.
        """
        assert TWINS[0] == lookups.claim(TWINS[0].id)
        assert WHOLE == lookups.claim(WHOLE.id[:8])


class TestSource:
    def test_ledger_source(self) -> None:
        """
        Ledger.source takes an id whole, a name, or a unique prefix, and
        names the prefix two ids share as ambiguous.
        """
        mayor = LEDGER.source(MAYOR.id[:8])

        with pytest.raises(UnknownSourceError) as info:
            LEDGER.source(SPEAKER_PREFIX)

        assert MAYOR == mayor == LEDGER.source("Mayor") == LEDGER.source(MAYOR.id)
        assert "Ledger.source" == info.value.path
        assert info.value.msg.startswith(
            f"id prefix {SPEAKER_PREFIX!r} is ambiguous: 2 sources begin with it"
        )
        for speaker in SPEAKERS:
            assert speaker == LEDGER.source(speaker.id[:12])
            assert speaker.id[:12] in info.value.msg

    @pytest.mark.parametrize("digits", [8, 12, 64])
    def test_by_source_prefix(self, lookups: Lookups, digits: int) -> None:
        """
        by_source takes a unique prefix of a source's id, as its name.
        """
        for source in (MAYOR, *(SPEAKERS if digits > 8 else ())):
            found = lookups.by_source(source.id[:digits])

            assert LEDGER.by_source(source) == found
            assert found

    def test_by_source_shared_prefix(self, lookups: Lookups) -> None:
        """
        by_source refuses a prefix two sources' ids begin with, listing both.
        """
        with pytest.raises(UnknownSourceError) as info:
            lookups.by_source(SPEAKER_PREFIX)

        assert info.value.msg.startswith(f"id prefix {SPEAKER_PREFIX!r} is ambiguous")
        for speaker in SPEAKERS:
            assert speaker.id[:12] in info.value.msg

    def test_by_source_short_prefix(self, lookups: Lookups) -> None:
        """
        Seven digits name no source.
        """
        text = MAYOR.id[:7]

        with pytest.raises(UnknownSourceError) as info:
            lookups.by_source(text)

        assert f"no source named {text!r} (nor with that id)" == info.value.msg

    def test_shared_name_lists_ids(self, tmp_path: Path) -> None:
        """
        The store's message for a name two sources share lists the start of
        their ids, as the ledger's does, and each of those names its source.
        """
        namesake = pv.Source(name="Mayor", kind=pv.SourceKind.GOVERNMENT)
        ledger = LEDGER.add(_said(BRIDGE, namesake))
        with Store.open(tmp_path / "s.db") as store:
            store.add(ledger)
            with pytest.raises(UnknownSourceError) as stored:
                store.by_source("Mayor")
            found = store.by_source(namesake.id[:12])
        with pytest.raises(UnknownSourceError) as held:
            ledger.by_source("Mayor")

        assert held.value.msg == stored.value.msg
        assert stored.value.msg.startswith("2 sources are named 'Mayor' (ids ")
        assert stored.value.msg.endswith("); name one by its id")
        assert ledger.by_source(namesake) == found


class TestSharedKey:
    def test_store_lists_ids(self, tmp_path: Path) -> None:
        """
        The store's message for a key two claims share lists the start of
        their ids, word for word as the ledger's does.
        """
        twin = pv.Claim(text="The bridge is shut.", key="bridge")
        ledger = LEDGER.add(_said(twin))
        with Store.open(tmp_path / "s.db") as store:
            store.add(ledger)
            with pytest.raises(UnknownClaimError) as stored:
                store.claim("bridge")
        with pytest.raises(UnknownClaimError) as held:
            ledger.claim("bridge")

        assert "Store.claim" == stored.value.path
        assert held.value.msg == stored.value.msg
        first, second = sorted(claim.id[:12] for claim in (BRIDGE, twin))
        assert (
            f"2 claims have key 'bridge' (ids {first}, {second}); name one by its id"
        ) == stored.value.msg


class TestAssessments:
    def test_by_prefix(self, tmp_path: Path) -> None:
        """
        Assessments and a store's StoredAssessments take a unique prefix as
        Ledger.claim does, and refuse a shared one with the same message.
        """
        whole = pv.assess_all(LEDGER)
        with Store.open(tmp_path / "s.db") as store:
            store.add(LEDGER)
            stored = store.assessments()
            found = stored[TWINS[0].id[:12]]
            with pytest.raises(UnknownClaimError) as info:
                stored[TWIN_PREFIX]
            with pytest.raises(UnknownClaimError) as short:
                stored[TWINS[0].id[:7]]
        with pytest.raises(UnknownClaimError) as held:
            whole[TWIN_PREFIX]

        assert whole[TWINS[0]] == whole[TWINS[0].id[:12]] == found
        assert held.value.msg == info.value.msg
        assert "StoredAssessments" == info.value.path
        assert f"no assessed claim {TWINS[0].id[:7]!r}" == short.value.msg

    def test_not_text(self, tmp_path: Path) -> None:
        """
        StoredAssessments finds nothing under a key that is not text.
        """
        with Store.open(tmp_path / "s.db") as store:
            store.add(LEDGER)
            with pytest.raises(UnknownClaimError) as info:
                store.assessments()[3]  # type: ignore[index]  # not a key

        assert "no assessed claim 3" == info.value.msg


class TestHelpers:
    def test_lookup_order(self) -> None:
        """
        _lookup reads a text as a whole id, then as names, then as a prefix
        of at least 8 digits, and says when it read a prefix.
        """
        one, two, other = "cafebabe" + "0" * 56, "cafebabe" + "1" * 56, "d" * 64
        values = {one: "x", two: "y", other: "cafebabe1"}

        def lookup(text: str) -> tuple[list[str], bool]:
            return _lookup(
                values, text, lambda: [i for i, v in values.items() if v == text]
            )

        assert ([other], False) == lookup(other)
        assert ([one, two], True) == lookup("cafebabe")
        assert ([other], False) == lookup("cafebabe1")
        assert ([one], True) == lookup("cafebabe0")
        assert ([], False) == lookup("cafebab")
        assert ([], False) == lookup("CAFEBABE")

    def test_short_ids_widen(self) -> None:
        """
        Ids that share their first 12 digits or more are listed one digit
        past what they share, so they read apart.
        """
        ids = ["0" * 20 + "1" + "0" * 43, "0" * 20 + "2" + "0" * 43]

        assert f"{ids[0][:21]}, {ids[1][:21]}" == _short_ids(ids)

    def test_short_ids_long_list(self) -> None:
        """
        More than three ids are listed as the first three and an ellipsis.
        """
        ids = [f"{n:x}" * 64 for n in range(5)]

        assert f"{'0' * 12}, {'1' * 12}, {'2' * 12}, ..." == _short_ids(ids)


class TestCommand:
    @pytest.fixture(params=["document", "store"])
    def path(self, request: pytest.FixtureRequest, tmp_path: Path) -> Path:
        """
        LEDGER saved as a document, or added to a store.
        """
        if request.param == "document":
            path = tmp_path / "ledger.json"
            pv.dump(LEDGER, path)
            return path
        path = tmp_path / "ledger.db"
        with Store.open(path) as store:
            store.add(LEDGER)
        return path

    def _assess(
        self, capsys: pytest.CaptureFixture[str], path: Path, claim: str
    ) -> tuple[int, str, str]:
        code = main(["assess", str(path), "--claim", claim])
        out, err = capsys.readouterr()
        return code, out, err

    @pytest.mark.parametrize("text", [BRIDGE.id, "bridge", BRIDGE.id[:9]])
    def test_names_one(
        self, capsys: pytest.CaptureFixture[str], path: Path, text: str
    ) -> None:
        """
        assess --claim takes a whole id, a key, or a unique prefix.
        """
        code, out, err = self._assess(capsys, path, text)

        assert (0, "") == (code, err)
        assert out.startswith("1 claim:")
        assert out.rstrip().endswith(" bridge")

    def test_key_wins_over_prefix(
        self, capsys: pytest.CaptureFixture[str], path: Path
    ) -> None:
        """
        A key that reads as a prefix names the claim with that key.
        """
        code, out, _ = self._assess(capsys, path, BRIDGE.id[:8])

        assert 0 == code
        assert out.rstrip().endswith(f" {BRIDGE.id[:8]}")

    def test_shared_prefix(
        self, capsys: pytest.CaptureFixture[str], path: Path
    ) -> None:
        """
        A prefix two ids share is refused as ambiguous, with the start of
        each id, never as "no claim".
        """
        code, out, err = self._assess(capsys, path, TWIN_PREFIX)

        assert (1, "") == (code, out)
        assert err.startswith(
            f"{PREFIX}{path}: id prefix {TWIN_PREFIX!r} is ambiguous: 2 claims"
        )
        assert "no claim" not in err
        for claim in TWINS:
            assert claim.id[:12] in err

    def test_short_prefix(self, capsys: pytest.CaptureFixture[str], path: Path) -> None:
        """
        Seven digits are no prefix: no claim has them as key or id.
        """
        text = TWINS[0].id[:7]

        code, out, err = self._assess(capsys, path, text)

        assert (1, "") == (code, out)
        assert err.startswith(f"{PREFIX}{path}: no claim with key or id {text!r}; ")


def _outcome(lookup: Callable[[str], object], text: str) -> object:
    try:
        return lookup(text)
    except (UnknownClaimError, UnknownSourceError) as exc:
        return exc.msg


class TestProperties:
    @given(ledgers(), st.integers(8, 64))
    def test_every_claim_by_prefix(self, ledger: pv.Ledger, digits: int) -> None:
        """
        Every claim is found by its first 8 to 64 digits (unless another
        claim has them as its key), and a store holding the ledger finds the
        same claims, and the same records by source, as the ledger does.
        """
        keys = {claim.key for claim in ledger.claims}
        names = {source.name for source in ledger.sources}
        with (
            tempfile.TemporaryDirectory() as folder,
            Store.open(Path(folder) / "s.db", clock=_after_drawn) as store,
        ):
            store.add(ledger)
            for claim in ledger.claims:
                text = claim.id[:digits]

                if text not in keys:
                    assert claim == ledger.claim(text)
                assert _outcome(ledger.claim, text) == _outcome(store.claim, text)
            for source in ledger.sources:
                text = source.id[:digits]

                if text not in names:
                    assert source == ledger.source(text)
                assert _outcome(ledger.by_source, text) == _outcome(
                    store.by_source, text
                )
