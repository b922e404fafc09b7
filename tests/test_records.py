from __future__ import annotations

import contextvars
import datetime as dt
import enum
import os
import pickle
import subprocess
import sys

from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from hypothesis import given

from provenance.claims import Claim
from provenance.errors import DepthExceededError, InvalidValueError
from provenance.records import (
    DEFAULT_MAX_DEPTH,
    Report,
    Statement,
    depth_limit,
    max_depth,
    set_max_depth,
)
from provenance.sources import Channel, ChannelKind, Source, SourceKind
from provenance.stances import CT_PLUS
from provenance.testing import reports, statements

from cast import BRIEFING, LAWMAKERS, YONHAP


NIS = Source(name="NIS", kind=SourceKind.AGENCY)
CLAIM = Claim(text="North Korea sent troops to Russia")
STATEMENT = Statement(
    source=NIS,
    claim=CLAIM,
    stance=CT_PLUS,
    channel=BRIEFING,
    made_on=dt.date(2024, 10, 18),
)
RELAYED = Report(reporter=LAWMAKERS, content=STATEMENT, made_on=dt.date(2024, 10, 18))
ARTICLE = Report(
    reporter=YONHAP,
    content=RELAYED,
    channel=Channel(kind=ChannelKind.ARTICLE),
    made_on=dt.date(2024, 10, 19),
)


@pytest.fixture
def deep_limit() -> Iterator[None]:
    """
    Allow chains of 10,000 reports for one test.
    """
    with depth_limit(10_000):
        yield


def relay(content: Statement | Report, times: int) -> Statement | Report:
    """
    *content* relayed *times* more times, all on the same day.
    """
    node = content
    for i in range(times):
        node = Report(
            reporter=Source(name=f"relay {i % 3}", kind=SourceKind.PERSON),
            content=node,
            made_on=content.made_on,
        )
    return node


class TestStatement:
    def test_valid(self) -> None:
        """
        A statement is its own origin at depth 0.
        """
        assert (STATEMENT, 0) == (STATEMENT.origin, STATEMENT.depth)

    def test_str(self) -> None:
        """
        str() reads like prose.
        """
        assert (
            "NIS said 'North Korea sent troops to Russia' in briefing to lawmakers "
            "(closed) on 2024-10-18"
        ) == str(STATEMENT)
        assert str(attrs.evolve(STATEMENT, channel=None)).endswith(
            "Russia' on 2024-10-18"
        )

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("source", "NIS"),
            ("source", None),
            ("claim", "troops"),
            ("stance", "CT+"),
            ("channel", "briefing"),
            ("made_on", "2024-10-18"),
            ("made_on", dt.datetime(2024, 10, 18, tzinfo=dt.timezone.utc)),
            ("made_on", None),
            ("made_at", "09:30"),
            ("made_at", dt.datetime(2024, 10, 18, 9, 30, tzinfo=None)),  # noqa: DTZ001 (naive on purpose)
            ("made_at", dt.time(9, 30, tzinfo=dt.timezone.utc)),
            ("made_at", dt.time(9, 30, 0, 500)),
            ("made_at", 930),
            ("credibility", 0),
            ("credibility", 7),
            ("credibility", "2"),
            ("credibility", 2.0),
            ("credibility", True),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Every field rejects wrong types, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(STATEMENT, **{field: value})

        assert f"Statement.{field}" == info.value.path


class TestCredibility:
    def test_default_none(self) -> None:
        """
        A statement's information is not graded unless the analyst says so.
        """
        assert STATEMENT.credibility is None

    @pytest.mark.parametrize("grade", range(1, 7))
    def test_grades(self, grade: int) -> None:
        """
        Every Admiralty grade 1 to 6 is taken, and is part of the id.
        """
        graded = attrs.evolve(STATEMENT, credibility=grade)

        assert grade == graded.credibility
        assert graded.id != STATEMENT.id
        assert graded != STATEMENT

    def test_int_subclass_becomes_int(self) -> None:
        """
        An int subclass (an IntEnum member) is stored as a plain int.
        """

        class Grade(enum.IntEnum):
            DOUBTFUL = 4

        graded = attrs.evolve(STATEMENT, credibility=Grade.DOUBTFUL)

        assert type(graded.credibility) is int
        assert graded == attrs.evolve(STATEMENT, credibility=4)

    def test_pickles(self) -> None:
        """
        A graded statement pickles, grade and id intact.
        """
        graded = attrs.evolve(STATEMENT, credibility=3)

        assert graded == pickle.loads(pickle.dumps(graded))  # noqa: S301 (our own)
        assert graded.id == pickle.loads(pickle.dumps(graded)).id  # noqa: S301

    def test_pickle_carries_no_hash(self) -> None:
        """
        A statement's pickle holds its fields only: the hash it caches
        depends on the process's string hashing, so a statement (and a
        report of it) read in another process hashes, and compares, as one
        built there.
        """
        graded = attrs.evolve(STATEMENT, credibility=3)
        graded.id  # noqa: B018 (the id known before pickling)

        state = graded.__getstate__()

        assert set(state) == {
            field.name for field in attrs.fields(Statement) if field.init
        }
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        dumped = subprocess.run(  # noqa: S603 (our own code)
            [sys.executable, "-c", _PICKLE_IN_CHILD, "dump"],
            env={**env, "PYTHONHASHSEED": "1"},
            capture_output=True,
            check=True,
        ).stdout
        checked = subprocess.run(  # noqa: S603 (our own code)
            [sys.executable, "-c", _PICKLE_IN_CHILD, "load"],
            env={**env, "PYTHONHASHSEED": "2"},
            input=dumped,
            capture_output=True,
            check=True,
        ).stdout
        assert checked.split() == [b"True"] * 4

    def test_unpickles_a_state_without_hash(self) -> None:
        """
        A statement pickled before its hash and id had slots (its fields by
        name, or as a tuple) reads back equal, with the same hash and id.
        """
        fields = [field.name for field in attrs.fields(Statement) if field.init]
        for state in (
            {name: getattr(STATEMENT, name) for name in fields},
            tuple(getattr(STATEMENT, name) for name in fields),
        ):
            loaded = Statement.__new__(Statement)
            loaded.__setstate__(state)

            assert loaded == STATEMENT
            assert hash(loaded) == hash(STATEMENT)
            assert loaded.id == STATEMENT.id


_PICKLE_IN_CHILD = """
import datetime as dt, pickle, sys
from provenance.claims import Claim
from provenance.records import Report, Statement
from provenance.sources import Source, SourceKind
from provenance.stances import CT_PLUS
nis = Source(name="NIS", kind=SourceKind.AGENCY)
said = Statement(source=nis, claim=Claim(text="troops"), stance=CT_PLUS,
    made_on=dt.date(2024, 10, 18))
told = Report(reporter=nis, content=said, made_on=dt.date(2024, 10, 19))
if sys.argv[1] == "dump":
    sys.stdout.buffer.write(pickle.dumps((said, told)))
else:
    said2, told2 = pickle.loads(sys.stdin.buffer.read())
    print(said2 == said, hash(said2) == hash(said), told2 == told, said in {said2})
"""


class TestMadeAt:
    def test_default_none(self) -> None:
        """
        A record made without a time of day has made_at None.
        """
        assert (None, None) == (STATEMENT.made_at, ARTICLE.made_at)

    def test_moment(self) -> None:
        """
        moment sorts by day, then time; an untimed record first on its day.
        """
        timed = attrs.evolve(STATEMENT, made_at=dt.time(9, 30))

        assert (dt.date(2024, 10, 18), dt.time.min) == STATEMENT.moment
        assert (dt.date(2024, 10, 18), dt.time(9, 30)) == timed.moment
        assert (dt.date(2024, 10, 19), dt.time.min) == ARTICLE.moment
        assert STATEMENT.moment < timed.moment < ARTICLE.moment

    def test_str(self) -> None:
        """
        str() shows the time of day when known, to the minute or second.
        """
        timed = attrs.evolve(STATEMENT, channel=None, made_at=dt.time(9, 30))
        relayed = attrs.evolve(RELAYED, made_at=dt.time(14, 5, 7))

        assert str(timed).endswith("Russia' on 2024-10-18 at 09:30")
        assert "lawmakers reported on 2024-10-18 at 14:05:07" == str(relayed)

    def test_changes_identity(self) -> None:
        """
        The time of day is part of a record's content: id, equality, hash.
        """
        timed = attrs.evolve(STATEMENT, made_at=dt.time(9, 30))
        relayed = attrs.evolve(RELAYED, made_at=dt.time(9, 30))

        assert timed != STATEMENT
        assert timed.id != STATEMENT.id
        assert relayed != RELAYED
        assert relayed.id != RELAYED.id
        assert hash(relayed) != hash(RELAYED)
        assert relayed == attrs.evolve(RELAYED, made_at=dt.time(9, 30))

    def test_report_not_before_content_time(self) -> None:
        """
        On the same day, a timed report cannot precede its timed content.
        """
        timed = attrs.evolve(STATEMENT, made_at=dt.time(9, 30))

        with pytest.raises(InvalidValueError) as info:
            Report(
                reporter=LAWMAKERS,
                content=timed,
                made_on=timed.made_on,
                made_at=dt.time(9, 29, 59),
            )

        assert "Report.made_at" == info.value.path
        assert "09:29:59 < 09:30:00" == info.value.value

    def test_report_times_that_are_allowed(self) -> None:
        """
        The same minute, a later day, or a time on one side only is allowed.
        """
        timed = attrs.evolve(STATEMENT, made_at=dt.time(9, 30))
        same = Report(
            reporter=LAWMAKERS,
            content=timed,
            made_on=timed.made_on,
            made_at=dt.time(9, 30),
        )
        next_day = Report(
            reporter=LAWMAKERS,
            content=timed,
            made_on=dt.date(2024, 10, 19),
            made_at=dt.time(0, 0),
        )
        untimed = Report(reporter=LAWMAKERS, content=timed, made_on=timed.made_on)
        of_untimed = Report(
            reporter=LAWMAKERS,
            content=STATEMENT,
            made_on=STATEMENT.made_on,
            made_at=dt.time(0, 0),
        )

        assert [timed, timed, timed, STATEMENT] == [
            same.content,
            next_day.content,
            untimed.content,
            of_untimed.content,
        ]

    def test_report_rejects(self) -> None:
        """
        Report.made_at rejects what Statement.made_at rejects.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(ARTICLE, made_at="12:00")  # A str, on purpose.

        assert "Report.made_at" == info.value.path

    def test_repr_and_pickle(self) -> None:
        """
        A timed report shows its time in repr() and keeps it in a pickle.
        """
        relayed = attrs.evolve(RELAYED, made_at=dt.time(9, 30))
        loaded = pickle.loads(pickle.dumps(relayed))  # noqa: S301 (our own bytes)

        assert "made_at=datetime.time(9, 30)" in repr(relayed)
        assert relayed == loaded
        assert (hash(relayed), relayed.id) == (hash(loaded), loaded.id)

    @given(statements())
    def test_equal_ids(self, statement: Statement) -> None:
        """
        Equal statements have equal ids and hashes.
        """
        copy = attrs.evolve(statement)

        assert (statement.id, hash(statement)) == (copy.id, hash(copy))


class TestReport:
    def test_chain_and_origin(self) -> None:
        """
        A report knows its depth, its chain outermost first, and its origin.
        """
        assert 2 == ARTICLE.depth
        assert [ARTICLE, RELAYED] == list(ARTICLE.chain())
        assert STATEMENT == ARTICLE.origin

    def test_str(self) -> None:
        """
        str() names the reporter, channel and day.
        """
        assert "Yonhap reported in article on 2024-10-19" == str(ARTICLE)
        assert "lawmakers reported on 2024-10-18" == str(RELAYED)

    def test_before_content(self) -> None:
        """
        A report cannot be made before what it relays.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(RELAYED, made_on=dt.date(2024, 10, 17))

        assert "Report.made_on" == info.value.path

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("reporter", "Yonhap"),
            ("content", CLAIM),
            ("content", None),
            ("channel", ChannelKind.ARTICLE),
            ("made_on", dt.datetime(2024, 10, 20, tzinfo=dt.timezone.utc)),
            ("made_on", "2024-10-20"),
        ],
    )
    def test_rejects(self, field: str, value: Any) -> None:
        """
        Every field rejects wrong types, naming the field.
        """
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(ARTICLE, **{field: value})

        assert f"Report.{field}" == info.value.path

    def test_equality(self) -> None:
        """
        Reports are equal by content, never equal to other types.
        """
        copy = attrs.evolve(ARTICLE, content=attrs.evolve(RELAYED))
        other_day = attrs.evolve(ARTICLE, made_on=dt.date(2024, 10, 20))

        assert copy == ARTICLE
        assert hash(copy) == hash(ARTICLE)
        assert not copy != ARTICLE  # noqa: SIM202 (testing __ne__)
        assert other_day != ARTICLE
        assert ARTICLE != RELAYED
        assert ARTICLE != STATEMENT
        assert STATEMENT != ARTICLE
        assert ARTICLE != "report"
        assert ARTICLE.__ne__("report") is NotImplemented

    def test_equal_up_to_origin(self) -> None:
        """
        Chains that differ only in the origin statement are unequal.
        """
        other = attrs.evolve(STATEMENT, stance=attrs.evolve(CT_PLUS, act="stated"))
        mine, theirs = relay(STATEMENT, 3), relay(other, 3)

        assert mine != theirs

    def test_repr(self) -> None:
        """
        repr() reads like the constructor call.
        """
        text = repr(RELAYED)

        assert text.startswith("Report(reporter=Source(name='lawmakers'")
        assert text.endswith(f"content={STATEMENT!r})")

    def test_golden_id(self) -> None:
        """
        A report's id is the same in every process.
        """
        assert (
            "33de28584d90dcd927b7fe35c836a12fa93e76f6671a4cd6347231e4584406f3"
            == ARTICLE.id
        )

    def test_pickle(self) -> None:
        """
        A report pickles and unpickles to an equal value with the same hash.
        """
        loaded = pickle.loads(pickle.dumps(ARTICLE))  # noqa: S301 (our own bytes)

        assert ARTICLE == loaded
        assert (hash(ARTICLE), ARTICLE.id) == (hash(loaded), loaded.id)

    @given(reports())
    def test_equal_ids(self, report: Report) -> None:
        """
        Equal reports have equal ids and hashes.
        """
        copy = attrs.evolve(report)

        assert report == copy
        assert (report.id, hash(report)) == (copy.id, hash(copy))


class TestMaxDepth:
    def test_default(self) -> None:
        """
        The default limit is DEFAULT_MAX_DEPTH.
        """
        assert DEFAULT_MAX_DEPTH == max_depth()

    @pytest.mark.parametrize("depth", ["x", 0, 100_001, 2.5, True])
    def test_depth_limit_checked_when_called(self, depth: Any) -> None:
        """
        depth_limit checks its argument when called, before any block is
        entered.
        """
        with pytest.raises(InvalidValueError):
            depth_limit(depth)

    def test_limit_reached(self) -> None:
        """
        A chain of exactly max_depth() reports is allowed, one more is not.
        """
        deepest = relay(STATEMENT, max_depth())

        with pytest.raises(DepthExceededError) as info:
            relay(deepest, 1)

        assert max_depth() == deepest.depth
        assert "Report.content" == info.value.path
        assert max_depth() == info.value.limit

    def test_lowered(self) -> None:
        """
        Lowering the limit refuses deeper chains inside the block; the
        previous limit comes back after it.
        """
        with depth_limit(2) as limit:
            relay(STATEMENT, 2)
            with pytest.raises(DepthExceededError):
                relay(STATEMENT, 3)

        assert (2, DEFAULT_MAX_DEPTH) == (limit, max_depth())

    def test_set_max_depth_deprecated(self) -> None:
        """
        set_max_depth() warns, changes the limit of the current context
        only, and returns the previous limit.
        """
        context = contextvars.copy_context()

        with pytest.warns(DeprecationWarning, match="depth_limit"):
            previous = context.run(set_max_depth, 2)

        assert (DEFAULT_MAX_DEPTH, 2) == (previous, context.run(max_depth))
        assert DEFAULT_MAX_DEPTH == max_depth()

    @pytest.mark.parametrize("depth", [0, -1, 100_001, 2.0, True, "10"])
    def test_rejects(self, depth: Any) -> None:
        """
        Limits must be integers from 1 to 100,000.
        """
        with pytest.raises(InvalidValueError) as info, depth_limit(depth):
            pass

        assert "max_depth" == info.value.path
        assert DEFAULT_MAX_DEPTH == max_depth()

    @pytest.mark.usefixtures("deep_limit")
    def test_ten_thousand_deep(self) -> None:
        """
        A 10,000-deep chain compares, hashes, prints and gets an id without
        recursion.
        """
        deep = relay(STATEMENT, 10_000)
        twin = relay(STATEMENT, 10_000)
        different = relay(
            attrs.evolve(STATEMENT, made_on=dt.date(2024, 10, 17)), 10_000
        )

        assert deep == twin
        assert hash(deep) == hash(twin)
        assert deep != different
        assert deep.id == twin.id
        assert deep.id != different.id
        assert 10_000 == deep.depth
        assert repr(deep).endswith(")" * 10_000)
        assert STATEMENT == deep.origin
