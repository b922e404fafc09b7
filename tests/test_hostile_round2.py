"""
Hostile input, round two: each class of failure the second adversarial round
found, tried with inputs of our own rather than only the ones reported.

Every case ends in a correct result or a ProvenanceError whose message is
one printable line of bounded length, naming the place.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import fractions
import gc
import importlib.util
import json
import math
import os
import pickle
import subprocess
import sys
import threading
import unicodedata

from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import given
from hypothesis import strategies as st

from provenance import (
    DEFAULT_POLICY,
    Channel,
    ChannelKind,
    Claim,
    Ledger,
    Opinion,
    ProvenanceError,
    Quantity,
    Report,
    Source,
    SourceKind,
    Statement,
    TimeSpan,
    dump,
    dumps,
    load,
    loads,
    render,
)
from provenance import opinion as opinion_module
from provenance.assessment import assess
from provenance.claims import ApproximateDate
from provenance.errors import (
    FileAccessError,
    IntegrityError,
    InvalidValueError,
    short_repr,
)
from provenance.ledger import collector_paused
from provenance.policy_document import dump_policy
from provenance.records import DEFAULT_MAX_DEPTH, depth_limit, max_depth
from provenance.stances import CT_PLUS

from cast import MOSCOW, NIS, SEOUL, fuzz_module


DAY = dt.date(2024, 10, 18)
CLAIM = Claim(
    text="Troops were sent",
    about=[SEOUL, MOSCOW],
    quantity=Quantity(value=10_000, unit="troops"),
    key="troops",
)
SAID = Statement(
    source=NIS,
    claim=CLAIM,
    stance=CT_PLUS,
    channel=Channel(kind=ChannelKind.BRIEFING),
    made_on=DAY,
)
RELAYED = Report(
    reporter=Source(name="Yonhap", kind=SourceKind.MEDIA_OUTLET),
    content=SAID,
    made_on=DAY,
)
HELD = Ledger.of([SAID, RELAYED])
HELD_TEXT = dumps(HELD)
GOLDEN = Path(__file__).parent / "documents" / "v1.json"

# Strings that have broken messages, paths and terminals.
HOSTILE_TEXTS = [
    "k" * 1_000_000,
    "a @ $.records['forged']",
    "line\nforged: yes\r\n",
    "\x1b]0;title\x07\x1b[2J",
    "\u202eevil\u2028next",
    "@ " * 50_000,
]


FUZZ = fuzz_module("fuzz_structure")


def doc() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(HELD_TEXT)
    return result


def bounded(error: BaseException) -> str:
    """
    *error*'s message, checked to be one printable line of bounded length
    with exactly one separator before the path.
    """
    text = str(error)
    assert len(text) < 1000
    assert text.isprintable()
    assert 1 == text.count(" @ ")
    return text


def refused(text: str | bytes, **options: Any) -> ProvenanceError:
    with pytest.raises(ProvenanceError) as info:
        loads(text, **options)
    bounded(info.value)
    assert info.value.path.startswith("$")
    assert gc.isenabled()
    assert DEFAULT_MAX_DEPTH == max_depth()
    return info.value


def wrong(value: object) -> Any:
    """
    *value*, typed so that it can be passed where it does not belong.
    """
    return value


def statement_key(document: dict[str, Any]) -> str:
    return str(
        next(k for k, v in document["records"].items() if v["type"] == "statement")
    )


class TestMessages:
    @pytest.mark.parametrize("text", HOSTILE_TEXTS)
    @pytest.mark.parametrize(
        "where", ["table key", "enum", "field name", "record type", "reference"]
    )
    def test_document_messages_bounded(self, text: str, where: str) -> None:
        """
        A hostile key, value or name anywhere in a document gives a short,
        one-line message whose path cannot be forged.
        """
        document = doc()
        source = next(iter(document["sources"]))
        if where == "table key":
            document["sources"][text] = document["sources"].pop(source)
        elif where == "enum":
            document["sources"][source]["kind"] = text
        elif where == "field name":
            document["sources"][source][text] = 1
        elif where == "record type":
            document["records"][statement_key(document)]["type"] = text
        else:
            document["records"][statement_key(document)]["source"] = text

        error = refused(json.dumps(document))

        assert len(error.path) < 300
        assert "forged" not in error.path.replace("\\", "")[-10:]

    @pytest.mark.parametrize("text", HOSTILE_TEXTS)
    def test_model_messages_bounded(self, text: str) -> None:
        """
        Constructors and look-ups never echo a hostile value whole.
        """
        calls: list[Callable[[], object]] = [
            lambda: Source(name=text, kind=wrong(text)),
            lambda: Claim(text="x", key=text + " "),
            lambda: HELD.claim(text),
            lambda: HELD.get(text),
            lambda: Opinion(wrong(text), 0, 1),
            lambda: loads(text),
        ]
        for call in calls:
            with pytest.raises(ProvenanceError) as info:
                call()
            bounded(info.value)

    def test_separator_escaped_in_path(self) -> None:
        """
        A table key holding " @ " cannot move the split between message and
        path: the path is the key, escaped.
        """
        document = doc()
        key = "x @ $.forged"
        document["channels"][key] = {"kind": "nope"}

        error = refused(json.dumps(document))
        message, _, path = str(error).partition(" @ ")

        assert path == error.path.replace(" @ ", " \\x40 ")
        assert "channels" in path
        assert "$.forged" not in message

    def test_short_repr_of_unprintable_objects(self) -> None:
        """
        Values whose repr fails, or is deeply nested, still show.
        """

        class Hostile:
            def __repr__(self) -> str:
                raise RuntimeError

        nested: list[Any] = []
        node = nested
        for _ in range(100_000):
            node.append([])
            node = node[0]

        assert short_repr(Hostile()).startswith("<Hostile")
        assert len(short_repr(nested)) < 100


class TestNoPlainExceptions:
    @pytest.mark.parametrize("huge", [10**400, -(10**400)])
    def test_huge_integers_in_float_fields(self, huge: int) -> None:
        """
        Integers too large for a float are refused with the field's path,
        in every float field, not with an OverflowError.
        """
        calls: list[Callable[[], object]] = [
            lambda: Opinion(huge, 0, 1),
            lambda: Opinion(0, 0, 1, huge),
            lambda: Opinion.dogmatic(huge),
            lambda: Opinion.from_evidence(huge, 0),
            lambda: Opinion.from_probability(0.5, huge),
            lambda: Opinion.vacuous(huge).to_evidence(),
            lambda: attrs.evolve(DEFAULT_POLICY, base_rate=huge),
            lambda: attrs.evolve(DEFAULT_POLICY, self_serving_factor=huge),
            lambda: DEFAULT_POLICY.with_base_rate(CLAIM, huge),
            lambda: Quantity(value=huge, unit="u"),
        ]
        for call in calls:
            with pytest.raises(InvalidValueError) as info:
                call()
            bounded(info.value)

    @pytest.mark.parametrize(
        "make",
        [
            lambda: Claim(text="x", about=[[1]]),
            lambda: Claim(text="x", about=[{"a"}]),
            lambda: Claim(text="x", about=5),
            lambda: Claim(text="x", about={"a": SEOUL}),
            lambda: Claim(text="x", about={SEOUL: 1}),
            lambda: Ledger.of(wrong(None)),
            lambda: Ledger.of(wrong(7)),
            lambda: Ledger.of(wrong([[1]])),
            lambda: Ledger.of(wrong({SAID: 1})),
            lambda: Ledger().add(wrong([1])),
            lambda: Ledger().add(wrong({})),
            lambda: HELD.add(SAID, wrong([SAID])),
            lambda: Ledger(wrong([{}])),
        ],
    )
    def test_collections(self, make: Callable[[], object]) -> None:
        """
        Unhashable, non-iterable or mapping collections are refused with
        an InvalidValueError, never a TypeError, and mappings are not
        silently read as their keys.
        """
        with pytest.raises(InvalidValueError) as info:
            make()

        bounded(info.value)

    def test_mapping_of_parties_refused(self) -> None:
        """
        A dict where a set of parties belongs is refused, keys or not.
        """
        with pytest.raises(InvalidValueError, match="collection of Source"):
            Claim(text="x", about={SEOUL: "party"})

    @pytest.mark.parametrize(
        "call",
        [
            lambda: dumps(wrong(None)),
            lambda: dumps(wrong([SAID])),
            lambda: dumps(HELD, indent=wrong("  ")),
            lambda: dumps(HELD, indent=wrong(-1)),
            lambda: dumps(HELD, indent=wrong(10**9)),
            lambda: dump(wrong("ledger"), "never-written.json"),
            lambda: dump(HELD, wrong(5)),
            lambda: dump(HELD, wrong(None)),
            lambda: load(wrong(5)),
            lambda: load(wrong(None)),
            lambda: load(wrong(b"{}")),
            lambda: loads(wrong(5)),
            lambda: loads(HELD_TEXT, max_depth=wrong("many")),
            lambda: loads(HELD_TEXT, max_depth=0),
        ],
    )
    def test_wrong_argument_types(self, call: Callable[[], object]) -> None:
        """
        Arguments of the wrong type give a ProvenanceError, never an
        AttributeError or TypeError.
        """
        with pytest.raises(ProvenanceError) as info:
            call()

        bounded(info.value)

    def test_missing_file(self, tmp_path: Path) -> None:
        """
        A missing file is a FileAccessError (an OSError too), with the
        operating system's error as its cause.
        """
        with pytest.raises(FileAccessError) as info:
            load(tmp_path / "missing.json")

        assert isinstance(info.value, OSError)
        assert isinstance(info.value.__cause__, FileNotFoundError)
        bounded(info.value)

    def test_directory(self, tmp_path: Path) -> None:
        """
        Reading or writing a directory is a FileAccessError.
        """
        with pytest.raises(FileAccessError) as read:
            load(tmp_path)
        with pytest.raises(FileAccessError) as write:
            dump(HELD, tmp_path)

        assert isinstance(read.value.__cause__, IsADirectoryError)
        assert isinstance(write.value.__cause__, IsADirectoryError)

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads all"
    )
    def test_permission(self, tmp_path: Path) -> None:
        """
        A file that may not be read is a FileAccessError.
        """
        path = tmp_path / "secret.json"
        path.write_text(HELD_TEXT, "utf-8")
        path.chmod(0)

        with pytest.raises(FileAccessError) as info:
            load(path)

        assert isinstance(info.value.__cause__, PermissionError)

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    def test_full_device(self) -> None:
        """
        A full disk is a FileAccessError.
        """
        with pytest.raises(FileAccessError) as info:
            dump(HELD, "/dev/full")

        assert isinstance(info.value.__cause__, OSError)

    def test_text_file_that_cannot_encode(self, tmp_path: Path) -> None:
        """
        A text file whose encoding cannot write the document is a
        FileAccessError, and so is one that cannot decode it.
        """
        ledger = Ledger.of(
            [attrs.evolve(SAID, source=Source(name="서울", kind=SourceKind.GOVERNMENT))]
        )
        path = tmp_path / "out.json"

        with path.open("w", encoding="ascii") as handle, pytest.raises(FileAccessError):
            dump(ledger, handle)
        path.write_bytes(dumps(ledger).encode("utf-8"))
        with path.open(encoding="ascii") as handle, pytest.raises(FileAccessError):
            load(handle)

    def test_file_error_pickles(self) -> None:
        """
        FileAccessError pickles, so it can come back from worker processes.
        """
        error = FileAccessError("cannot read: No such file", "x.json")

        again = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)

        assert (error.msg, error.path) == (again.msg, again.path)


class Count(enum.IntEnum):
    TEN = 10


class Real(float):
    def __repr__(self) -> str:
        return "Real(0.25)"


class Name(str):
    __slots__ = ()

    def __str__(self) -> str:
        return "forged"


class TestNormalised:
    @pytest.mark.parametrize(
        ("given", "kept"),
        [
            (Count.TEN, 10),
            (Real(0.25), 0.25),
            (Real(4.0), 4),
            (fractions.Fraction(1, 4), 0.25),
            (10.0, 10),
        ],
    )
    def test_numbers_become_plain(self, given: Any, kept: float) -> None:
        """
        Number-like values are kept as plain int or float, so the document
        is valid JSON and equal values write identically.
        """
        quantity = Quantity(value=given, unit="troops")
        ledger = Ledger.of(
            [attrs.evolve(SAID, claim=attrs.evolve(CLAIM, quantity=quantity))]
        )

        text = dumps(ledger)

        assert type(kept) is type(quantity.value)
        assert kept == quantity.value
        assert ledger == loads(text)
        assert json.loads(text)  # Valid JSON.
        assert text == dumps(loads(dumps(ledger, indent=2)))

    @pytest.mark.parametrize("given", [True, False, "1", None, 1j])
    def test_not_numbers_refused(self, given: Any) -> None:
        """
        A bool, string or complex where a number belongs is refused.
        """
        with pytest.raises(InvalidValueError):
            Quantity(value=given, unit="troops")
        with pytest.raises(InvalidValueError):
            Opinion(given, 0, 1)

    def test_opinion_parts_plain(self) -> None:
        """
        Opinion parts given as float subclasses are kept as plain floats.
        """
        opinion = Opinion(Real(0.25), 0, Real(0.75), Count.TEN - 9)

        assert all(type(part) is float for part in attrs.astuple(opinion))

    def test_str_subclass_becomes_plain(self) -> None:
        """
        A str subclass is kept as a plain str, without calling its methods.
        """
        source = Source(name=Name("Seoul"), kind=SourceKind.GOVERNMENT, role=Name("x"))
        claim = Claim(text=Name("t"), key=Name("k"))
        channel = Channel(kind=ChannelKind.OTHER, name=Name("n"), audience=Name("a"))

        values = [
            source.name,
            source.role,
            claim.text,
            claim.key,
            channel.name,
            channel.audience,
        ]

        assert all(type(value) is str for value in values)
        assert "Seoul" == source.name

    @pytest.mark.parametrize(
        "name",
        [
            "\u200b",
            "\x00",
            "\x1b",
            "\u3164",
            "\u0301",
            "\u2028",
            "\u200b \ufeff",
            "\u2800",
        ],
    )
    def test_invisible_names_refused(self, name: str) -> None:
        """
        Names and texts made only of invisible or control characters are
        refused.
        """
        calls: list[Callable[[], object]] = [
            lambda: Source(name=name, kind=SourceKind.PERSON),
            lambda: Source(name="x", kind=SourceKind.PERSON, role=name),
            lambda: Claim(text=name),
            lambda: Channel(kind=ChannelKind.OTHER, name=name),
            lambda: Quantity(value=1, unit=name),
        ]
        for call in calls:
            with pytest.raises(InvalidValueError, match=r"visible|empty"):
                call()

    def test_nfd_and_nfc_are_one_source(self) -> None:
        """
        Names are kept in Unicode normal form NFC: the decomposed and the
        composed spelling are the same source, with the same id.
        """
        composed = Source(name="Seo\u00fcl Caf\u00e9", kind=SourceKind.PERSON)
        decomposed = Source(name="Seou\u0308l Cafe\u0301", kind=SourceKind.PERSON)

        assert composed == decomposed
        assert composed.id == decomposed.id
        assert unicodedata.is_normalized("NFC", decomposed.name)

    def test_golden_document_unchanged(self) -> None:
        """
        The committed version 1 document loads with the same ids and
        writes back the same bytes, but for its version number.
        """
        text = GOLDEN.read_text("utf-8")
        ledger = loads(text)
        written = json.loads(text)
        upgraded = text.replace('\n  "version": 1\n', '\n  "version": 2\n')

        assert sorted(written["entries"]) == sorted(e.id for e in ledger)
        assert upgraded == dumps(ledger, indent=2) + "\n"

    def test_nfd_in_document_refused(self) -> None:
        """
        A document whose text is not in NFC is not canonical: refused, even
        with its ids recomputed over the stored text.
        """
        document = doc()
        key = next(k for k, v in document["sources"].items() if v["name"] == "Yonhap")
        document["sources"][key]["name"] = "Yonhap\u0301"
        document = FUZZ.rehash(document)

        error = refused(json.dumps(document))

        assert isinstance(error, IntegrityError)
        assert "canonical" in error.msg


class TestVerification:
    def _claim(self, document: dict[str, Any]) -> dict[str, Any]:
        return next(iter(document["claims"].values()))

    @pytest.mark.parametrize("rehash", [False, True])
    @pytest.mark.parametrize(
        "alter",
        [
            lambda c: c["about"].reverse(),
            lambda c: c["about"].append(c["about"][0]),
            lambda c: c["about"].insert(0, c["about"][-1]),
            lambda c: c["quantity"].update(value=10_000.0),
            lambda c: c["quantity"].update(value=-0.0),
        ],
    )
    def test_stored_form_is_verified(
        self, alter: Callable[[dict[str, Any]], None], rehash: bool
    ) -> None:
        """
        A value whose stored form differs from the canonical one (a list
        reordered or repeated, a number written otherwise) is refused,
        whether or not its ids were recomputed over the altered form.
        """
        document = doc()
        alter(self._claim(document))
        if rehash:
            document = FUZZ.rehash(document)

        error = refused(json.dumps(document))

        assert isinstance(error, IntegrityError)
        assert error.path.startswith("$.claims[")

    def test_verify_false_still_parses(self) -> None:
        """
        Without verification a reordered list loads (the caller trusts the
        document), and writes back canonical.
        """
        document = doc()
        self._claim(document)["about"].reverse()

        assert HELD_TEXT == dumps(loads(json.dumps(document), verify=False))

    @pytest.mark.parametrize(
        "where",
        ['"format":', '"kind":', '"source":', '"made_on":', '"about":', '"entries":'],
    )
    def test_duplicate_keys_refused(self, where: str) -> None:
        """
        A key written twice in any JSON object is refused, whichever copy
        would have won.
        """
        index = HELD_TEXT.index(where)
        start = index + len(where)
        if HELD_TEXT[start] == "[":
            end = HELD_TEXT.index("]", start) + 1
        else:
            end = min(i for i in (HELD_TEXT.find(c, start) for c in ",}") if i >= 0)
        pair = HELD_TEXT[index:end]
        text = HELD_TEXT[:index] + pair + "," + HELD_TEXT[index:]

        error = refused(text)

        assert "duplicate key" in error.msg

    def test_entries_out_of_order_refused(self) -> None:
        """
        Entries must be sorted, as the format documents.
        """
        document = doc()
        document["entries"].reverse()

        error = refused(json.dumps(document))

        assert "$.entries[1]" == error.path
        assert "sorted" in error.msg


def chain(depth: int, *, base: Statement = SAID) -> Report:
    node: Statement | Report = base
    with depth_limit(max(depth, 1)):
        for i in range(depth):
            node = Report(
                reporter=Source(name=f"relay {i % 3}", kind=SourceKind.PERSON),
                content=node,
                made_on=DAY,
            )
    assert isinstance(node, Report)
    return node


class TestDepthLimit:
    def test_scoped_to_the_block(self) -> None:
        """
        depth_limit() applies inside its block only, and restores the
        limit whatever happens.
        """

        def fail() -> None:
            with depth_limit(5):
                assert 5 == max_depth()
                raise KeyError

        with pytest.raises(KeyError):
            fail()

        assert DEFAULT_MAX_DEPTH == max_depth()

    def test_threads_do_not_share_the_limit(self) -> None:
        """
        One thread lowering its limit never makes another thread's valid
        chains fail.
        """
        lowered = threading.Event()
        built = threading.Event()
        failures: list[BaseException] = []

        def lower() -> None:
            with depth_limit(1):
                lowered.set()
                built.wait(10)

        def build() -> None:
            lowered.wait(10)
            try:
                chain(50)
                loads(dumps(Ledger.of([chain(50)])))
            except BaseException as exc:  # noqa: BLE001  # Reported below.
                failures.append(exc)
            built.set()

        threads = [threading.Thread(target=lower), threading.Thread(target=build)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

        assert [] == failures

    def test_raised_limit_round_trips(self) -> None:
        """
        A ledger built under a raised limit writes, and loads back with the
        matching max_depth, which applies to that call only.
        """
        ledger = Ledger.of([chain(3000)])
        text = dumps(ledger)

        assert ledger == loads(text, max_depth=3000)
        assert DEFAULT_MAX_DEPTH == max_depth()
        refused(text)
        refused(text, max_depth=2999)

    @pytest.mark.parametrize(
        "depth", [1_500, pytest.param(20_000, marks=pytest.mark.slow)]
    )
    def test_deep_chains_pickle_and_copy(self, depth: int) -> None:
        """
        Chains allowed by a raised limit pickle and deep-copy, even where
        the limit is the default, without RecursionError.
        """
        report = chain(depth)

        unpickled = pickle.loads(pickle.dumps(report))  # noqa: S301 (our own bytes)
        copied = copy.deepcopy(report)

        assert report == unpickled == copied
        assert hash(report) == hash(unpickled) == hash(copied)
        assert report.id == unpickled.id
        assert depth == unpickled.depth

    @pytest.mark.slow
    def test_ledger_of_deep_chains_pickles(self) -> None:
        """
        A ledger holding every report of a deep chain pickles, sharing the
        inner reports.
        """
        outer = chain(1_200)
        ledger = Ledger.of(list(outer.chain()))

        again = pickle.loads(pickle.dumps(ledger))  # noqa: S301 (our own bytes)

        assert ledger == again


class TestCollector:
    def test_application_disabled_collector_stays_disabled(self) -> None:
        """
        If the application disabled the collector, library calls leave it
        disabled.
        """
        gc.disable()
        try:
            loads(HELD_TEXT)
            Ledger.of([SAID]).reached  # noqa: B018  # Builds the index.
            with collector_paused():
                pass
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_disable_during_a_pause_is_kept(self) -> None:
        """
        An application's gc.disable() from another thread while a pause is
        in force survives the pause's end.
        """
        started = threading.Event()
        disabled = threading.Event()

        def application() -> None:
            started.wait(10)
            gc.disable()
            disabled.set()

        thread = threading.Thread(target=application)
        thread.start()
        try:
            with collector_paused():
                started.set()
                disabled.wait(10)
            assert not gc.isenabled()
        finally:
            thread.join(10)
            gc.enable()

    def test_thresholds_restored(self) -> None:
        """
        Nested and overlapping pauses restore the thresholds once, at the
        end, unless someone else changed them meanwhile.
        """
        before = gc.get_threshold()
        with collector_paused(), collector_paused():
            assert before != gc.get_threshold()
        assert before == gc.get_threshold()
        try:
            with collector_paused():
                gc.set_threshold(500, 5, 5)
            assert (500, 5, 5) == gc.get_threshold()
        finally:
            gc.set_threshold(*before)

    def test_concurrent_pauses(self) -> None:
        """
        Pauses in many threads at once leave the collector as it was.
        """
        before = gc.get_threshold()

        def work() -> None:
            for _ in range(50):
                with collector_paused():
                    loads(HELD_TEXT)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

        assert before == gc.get_threshold()
        assert gc.isenabled()


SRC = str(Path(__file__).parents[1] / "src")
ARTICLE = Path(SRC) / "provenance" / "data" / "article.json"
FORGED = Source(
    name="Seoul\x1b]0;pwned\x07\nForged: line",
    kind=SourceKind.GOVERNMENT,
    role="adviser\u202e\r\n",
)
FORGED_CLAIM = Claim(
    text="text\n  - forged line\x1b[2J\x9b31m", key="forged", about=[FORGED]
)
FORGED_SAID = Statement(
    source=FORGED,
    claim=FORGED_CLAIM,
    stance=CT_PLUS,
    channel=Channel(kind=ChannelKind.OTHER, name="ch\u2028X", audience="\x00a"),
    made_on=DAY,
)
FORGED_LEDGER = Ledger.of(
    [
        FORGED_SAID,
        Report(
            reporter=Source(name="relay\x9b2J", kind=SourceKind.PERSON),
            content=FORGED_SAID,
            made_on=DAY,
        ),
    ]
)
# Everything a terminal may act on, or that would start a line of its own.
UNSAFE = ["\x1b", "\x07", "\x9b", "\x00", "\r", "\u202e", "\u2028", "Forged: line"]


def command(
    *argv: str, stdin: Any = None, env: dict[str, str] | None = None, **options: Any
) -> Any:
    environment = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "provenance", *argv],
        stdin=stdin,
        env=environment,
        check=False,
        timeout=120,
        **options,
    )


def one_line_error(done: Any) -> str:
    """
    The command failed with one line on standard error and no traceback.
    """
    err: str = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0
    assert "Traceback" not in err
    assert 1 == err.count("\n")
    assert err.startswith("provenance: error: ")
    assert len(err) < 1100
    return err


class TestCommand:
    @pytest.mark.slow
    def test_closed_stdin(self) -> None:
        """
        Reading a closed standard input is one line, not a traceback.
        """
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import os, sys; os.close(0); "
                    "sys.stdin = None; from provenance.cli import main; "
                    "sys.exit(main(['validate', '-']))"
                ),
            ],
            capture_output=True,
            env={**os.environ, "PYTHONPATH": SRC},
            check=False,
            timeout=60,
        )
        one_line_error(done)
        shell = command("validate", "-", stdin=subprocess.DEVNULL)
        one_line_error(shell)

    @pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
    @pytest.mark.parametrize("argv", [["demo"], ["assess", str(ARTICLE)]])
    def test_full_stdout(self, argv: list[str]) -> None:
        """
        A full output device is one line on standard error.
        """
        with Path("/dev/full").open("wb") as full:
            done = command(*argv, stdout=full, stderr=subprocess.PIPE)

        assert "No space" in one_line_error(done)

    def test_closed_stdout(self) -> None:
        """
        A closed standard output is one line on standard error.
        """
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import os, sys; os.close(1); "
                    "from provenance.cli import main; sys.exit(main(['demo']))"
                ),
            ],
            capture_output=False,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": SRC},
            check=False,
            timeout=60,
        )
        one_line_error(done)

    @pytest.mark.slow
    def test_output_encoding(self, tmp_path: Path) -> None:
        """
        An output encoding that cannot write the document's text is one
        line on standard error, and nothing half-written on the output.
        """
        path = tmp_path / "korean.json"
        dump(
            Ledger.of(
                [
                    attrs.evolve(
                        SAID, source=Source(name="국가정보원", kind=SourceKind.AGENCY)
                    )
                ]
            ),
            path,
        )

        for argv in (["explain", str(path), "troops"], ["render", str(path)]):
            done = command(*argv, env={"PYTHONIOENCODING": "ascii"})

            assert "PYTHONIOENCODING" in one_line_error(done)
            assert b"" == done.stdout

    @pytest.mark.slow
    def test_too_large(self, tmp_path: Path) -> None:
        """
        A file larger than the limit is refused before it is read, and an
        endless input within the limit.
        """
        path = tmp_path / "huge.json"
        with path.open("wb") as handle:
            handle.truncate(1 << 40)  # Sparse: a terabyte that takes no room.

        assert "larger than" in one_line_error(command("validate", str(path)))
        if Path("/dev/zero").exists():
            endless = command(
                "validate", "/dev/zero", env={"PROVENANCE_MAX_BYTES": "1000000"}
            )
            assert "larger than" in one_line_error(endless)
        with path.open("rb") as handle:
            piped = command(
                "validate", "-", stdin=handle, env={"PROVENANCE_MAX_BYTES": "1000"}
            )
        assert "larger than" in one_line_error(piped)

    @pytest.mark.parametrize(
        "argv", [["validate", "/"], ["validate", "/nonexistent/x"], ["assess", "-"]]
    )
    def test_unreadable(self, argv: list[str]) -> None:
        """
        Directories, missing files and bad input are one line.
        """
        one_line_error(command(*argv, input=b"\xff" * 100))

    def test_hostile_arguments(self) -> None:
        """
        Usage errors are one line too, with the argument escaped.
        """
        done = command("assess", str(ARTICLE), "--as-of", "x\n\x1b[2J" * 1000)

        assert 2 == done.returncode
        err = one_line_error(done)
        assert "\x1b" not in err

    def test_broken_pipe(self) -> None:
        """
        A reader that goes away early gets no traceback.
        """
        with subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "provenance", "render", str(ARTICLE)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": SRC},
        ) as process:
            assert process.stdout is not None
            process.stdout.close()
            _, err = process.communicate(timeout=60)

        assert b"Traceback" not in err

    @pytest.mark.parametrize(
        "argv",
        [
            ["explain", "{}", "forged"],
            ["assess", "{}"],
            ["assess", "{}", "--format", "json"],
            ["render", "{}"],
            ["render", "{}", "--format", "mermaid"],
            ["validate", "{}"],
        ],
    )
    def test_document_text_escaped(self, tmp_path: Path, argv: list[str]) -> None:
        """
        Control characters, line breaks and escape sequences from the
        document never reach the terminal as such.
        """
        path = tmp_path / "forged.json"
        dump(FORGED_LEDGER, path)

        done = command(*(str(path) if a == "{}" else a for a in argv))
        out = done.stdout.decode("utf-8")

        assert (0, b"") == (done.returncode, done.stderr)
        for unsafe in UNSAFE:
            assert all(not line.startswith(unsafe) for line in out.split("\n"))
            if unsafe != "Forged: line":
                assert unsafe not in out
        if "json" in argv:
            assert json.loads(out)


class TestDrawings:
    def test_node_names_are_whole_ids(self) -> None:
        """
        Node names carry the whole content id, so two sources are never
        drawn as one node.
        """
        found = render.to_dot(HELD) + render.to_mermaid(HELD)

        for source in HELD.sources:
            assert f"s_{source.id}" in found
        for claim in HELD.claims:
            assert f"c_{claim.id}" in found

    def test_distinct_sources_distinct_nodes(self) -> None:
        """
        However many sources, each has its own node.
        """
        sources = [Source(name=f"s{i}", kind=SourceKind.PERSON) for i in range(300)]
        claim = Claim(text="x", about=sources)
        ledger = Ledger.of([attrs.evolve(SAID, claim=claim)])

        dot = render.to_dot(ledger)
        nodes = {line.split()[0] for line in dot.splitlines() if "shape=box" in line}

        assert len(ledger.sources) == len(nodes)

    @pytest.mark.parametrize(
        "explained",
        [render.to_text, lambda a: a.explain(), str],
        ids=["to_text", "explain", "str"],
    )
    def test_explanation_escaped(self, explained: Callable[[Any], str]) -> None:
        """
        to_text(), explain() and str() escape the document's control
        characters and line breaks: every line of the tree is the library's
        own.
        """
        text = explained(assess(FORGED_LEDGER, "forged"))

        assert all(line.isprintable() for line in text.split("\n"))
        assert not any(line.startswith("Forged") for line in text.split("\n"))
        assert "\\x1b" in text

    def test_records_shown_escaped(self) -> None:
        """
        str() of a statement or a report from the forged document is one
        printable line.
        """
        shown = [str(record) for record in FORGED_LEDGER]

        assert 2 == len(shown)
        assert all(text.isprintable() for text in shown)


class TestEvidence:
    @given(
        st.floats(0, 1),
        st.sampled_from([5e-324, 1e-320, 1e-310, 2.2e-308, 1e-300, 1e-200, 1e-17])
        | st.floats(5e-324, 1e-6),
        st.sampled_from([2.0, 1.0, 0.5, 1000.0]),
    )
    def test_round_trip_with_tiny_uncertainty(
        self, share: float, uncertainty: float, prior_weight: float
    ) -> None:
        """
        An opinion with tiny non-zero uncertainty goes to evidence and back
        with its belief and disbelief, and stays uncertain (not dogmatic).
        """
        belief = share * (1 - uncertainty)
        opinion = Opinion(belief, max(1 - belief - uncertainty, 0.0), uncertainty)

        evidence = opinion.to_evidence(prior_weight=prior_weight)
        again = Opinion.from_evidence(*evidence, prior_weight=prior_weight)

        assert all(math.isfinite(e) for e in evidence)
        assert math.isclose(opinion.belief, again.belief, abs_tol=1e-9)
        assert math.isclose(opinion.disbelief, again.disbelief, abs_tol=1e-9)
        assert math.isclose(opinion.uncertainty, again.uncertainty, abs_tol=1e-9)
        assert not again.is_dogmatic

    def test_dogmatic_stays_infinite(self) -> None:
        """
        Dogmatic opinions still stand for infinite evidence.
        """
        assert (math.inf, 0.0) == Opinion.dogmatic(1.0).to_evidence()


@pytest.mark.skipif(
    importlib.util.find_spec("prov") is None,
    reason="the 'prov' extra is not installed",
)
class TestProvImport:
    def document(
        self, *, agents: tuple[str, ...] = ("ex:a",), entity: bool = True
    ) -> Any:
        model = pytest.importorskip("prov.model")
        doc = model.ProvDocument()
        doc.add_namespace("ex", "https://example.org/")
        doc.activity("ex:talk", "2024-01-01T00:00:00")
        for agent in agents:
            doc.agent(agent)
        doc.wasAssociatedWith("ex:talk", "ex:a")
        if entity:
            doc.entity("ex:claim")
        doc.wasGeneratedBy("ex:claim", "ex:talk")
        doc.wasAttributedTo("ex:claim", "ex:a")
        return doc

    def test_declared_loads(self) -> None:
        """
        The document with every element declared loads.
        """
        from provenance.interop.prov import from_prov

        assert 1 == len(from_prov(self.document()))

    @pytest.mark.parametrize(
        ("options", "named"),
        [({"agents": ()}, "ex:a"), ({"entity": False}, "ex:claim")],
    )
    def test_undeclared_identifiers_refused(
        self, options: dict[str, Any], named: str
    ) -> None:
        """
        An identifier a relation names but the document never declares is
        refused, naming it, rather than silently becoming a source or claim.
        """
        from provenance.interop.prov import from_prov

        with pytest.raises(ProvenanceError) as info:
            from_prov(self.document(**options))

        assert named in bounded(info.value)

    def test_undeclared_report_refused(self) -> None:
        """
        A report entity that is never declared is refused too.
        """
        from provenance.interop.prov import from_prov

        doc = self.document()
        doc.agent("ex:b")
        doc.wasAttributedTo("ex:post", "ex:b")
        doc.wasQuotedFrom("ex:post", "ex:claim")
        doc.wasGeneratedBy("ex:post", None, "2024-01-02T00:00:00")

        with pytest.raises(ProvenanceError) as info:
            from_prov(doc)

        assert "ex:post" in bounded(info.value)


class ForgedDay(dt.date):
    def isoformat(self) -> str:
        return '2024-01-01","forged":"x'


class ForgedTime(dt.time):
    def isoformat(self, timespec: str = "auto") -> str:  # noqa: ARG002  # as time.isoformat
        return '09:30:00","forged":"x'


class SubSource(Source):
    @property
    def forged(self) -> str:
        return "x"


class TestNoSubclassReachesTheCanonicalForm:
    def test_date_subclass_becomes_plain(self) -> None:
        """
        A date subclass is kept as a plain date: it cannot decide how the
        day is written into the canonical form.
        """
        said = attrs.evolve(SAID, made_on=ForgedDay(2024, 10, 18))
        relayed = attrs.evolve(RELAYED, content=said, made_on=ForgedDay(2024, 10, 19))
        ledger = Ledger.of([relayed])

        text = dumps(ledger)

        assert type(said.made_on) is dt.date
        assert type(relayed.made_on) is dt.date
        assert "forged" not in text
        assert ledger == loads(text)

    def test_time_subclass_becomes_plain(self) -> None:
        """
        A time subclass is kept as a plain time, as a date subclass is.
        """
        said = attrs.evolve(SAID, made_at=ForgedTime(9, 30))
        relayed = attrs.evolve(RELAYED, content=said, made_at=ForgedTime(10, 0))

        text = dumps(Ledger.of([relayed]))

        assert type(said.made_at) is dt.time
        assert type(relayed.made_at) is dt.time
        assert "forged" not in text
        assert Ledger.of([relayed]) == loads(text)

    def test_integer_subclasses_in_dates_become_plain(self) -> None:
        """
        Years, months and days given as int subclasses are kept as ints.
        """
        day = ApproximateDate(Count.TEN + 2014, Count.TEN, Count.TEN)
        span = TimeSpan.on(Count.TEN + 2014, Count.TEN, Count.TEN)

        assert [int, int, int] == [type(p) for p in (day.year, day.month, day.day)]
        assert "2024-10-10" == str(span)

    @pytest.mark.parametrize(
        "make",
        [
            lambda s: Source(name="x", kind=SourceKind.PERSON, affiliation=s),
            lambda s: Claim(text="x", about=[s]),
            lambda s: attrs.evolve(SAID, source=s),
            lambda s: attrs.evolve(RELAYED, reporter=s),
        ],
    )
    def test_model_subclasses_refused(self, make: Callable[[Any], object]) -> None:
        """
        A subclass of a model class (which could override what ids are
        computed from) is refused where a model value belongs.
        """
        forged = SubSource(name="Seoul", kind=SourceKind.GOVERNMENT)

        with pytest.raises(InvalidValueError) as info:
            make(forged)

        bounded(info.value)


class TestWrongArgumentsEverywhere:
    @pytest.mark.parametrize(
        "value",
        [None, 5, "x", [1], {}, {"a": 1}, object(), 10**400, b"x"],
        ids=["None", "5", "x", "list", "dict", "mapping", "object", "huge", "bytes"],
    )
    def test_public_calls(self, value: Any) -> None:
        """
        Wrong arguments to look-ups, operators and renderers give a
        ProvenanceError, never an AttributeError, TypeError or
        OverflowError.
        """
        opinion = Opinion(0.2, 0.3, 0.5)
        calls: list[Callable[[], object]] = [
            lambda: HELD.get(value),
            lambda: HELD.statements_about(value),
            lambda: HELD.by_source(value),
            lambda: HELD.routes(value),
            lambda: HELD.merge(value),
            lambda: HELD.as_of(value),
            lambda: TimeSpan.on(2024).contains(value),
            lambda: opinion_module.discount(value, opinion),
            lambda: opinion_module.discount(opinion, value),
            lambda: opinion_module.discount_classic(value, opinion),
            lambda: opinion_module.cumulative_fuse(opinion, value),
            lambda: opinion_module.averaging_fuse(opinion, value),
            lambda: opinion_module.weighted_fuse(opinion, value),
            lambda: opinion_module.consensus_compromise_fuse(opinion, value),
            lambda: opinion_module.conflict(opinion, value),
            lambda: render.to_text(value),
            lambda: render.to_data(value),
            lambda: render.summary([value]),
            lambda: render.to_json([value]),
            lambda: render.to_json([], indent=wrong(str(value)[:5])),
            lambda: render.comparison([value], []),
            lambda: render.to_dot(value),
            lambda: render.to_mermaid(HELD, claim=wrong([value])),
            lambda: render.to_dot(HELD, assessments=[value]),
        ]
        for call in calls:
            with pytest.raises(ProvenanceError) as info:
                call()
            bounded(info.value)

    def test_membership_of_anything(self) -> None:
        """
        Asking whether a ledger holds an unhashable value is False, not a
        TypeError.
        """
        assert [SAID] not in HELD
        assert SAID in HELD


class TestFilePaths:
    def test_writing_to_a_symlink_loop(self, tmp_path: Path) -> None:
        """
        Writing by path to a symlink loop is a FileAccessError naming the
        path, as reading it is, never a bare RuntimeError.
        """
        loop = tmp_path / "loop1"
        loop.symlink_to(tmp_path / "loop2")
        (tmp_path / "loop2").symlink_to(loop)
        writes: list[Callable[[], None]] = [
            lambda: dump(HELD, loop),
            lambda: dump_policy(DEFAULT_POLICY, loop),
        ]
        for write in writes:
            with pytest.raises(FileAccessError) as info:
                write()

            assert f"cannot write: Too many levels of symbolic links @ {loop}" == str(
                info.value
            )
        assert {"loop1", "loop2"} == {p.name for p in tmp_path.iterdir()}
