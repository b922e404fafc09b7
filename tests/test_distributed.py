"""
Assessment partitioned by claim: partition keys, shards, the neutral entry
point, and the Dask and Spark paths, each equal to assess_all on the whole
ledger.
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
import sys
import tempfile

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs
import pytest

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import provenance.distributed as distributed_module

from provenance import (
    DEFAULT_POLICY,
    Claim,
    Ledger,
    Policy,
    Quantity,
    Report,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess_all,
    dumps,
)
from provenance.assessment import Assessment
from provenance.claims import Bound
from provenance.distributed import (
    MANIFEST,
    ROW_FIELDS,
    SPARK_SCHEMA,
    Partitioning,
    assess_distributed,
    assess_documents,
    assess_records,
    assessment_bag,
    partition_key,
    read_shards,
    write_shards,
)
from provenance.errors import DocumentError, InvalidValueError, RelationError
from provenance.records import Record
from provenance.relations import Entails, Equivalent, Exclusive, Relation
from provenance.testing import ledgers

from cast import NIS, PYONGYANG, SEOUL, YONHAP


DAY = dt.date(2024, 10, 18)
OFFICIALS = Source(name="officials", kind=SourceKind.ANONYMOUS_GROUP)
SOURCES = (NIS, PYONGYANG, SEOUL, YONHAP, OFFICIALS)
VERBS = ("said", "confirmed", "denied", "doubted", "reported", "suggested")
# Claims 0-4 for entailment, 5-7 for an exclusive set, 8-9 equivalent.
CLAIMS = tuple(Claim(text=f"claim {i}", key=f"c{i}") for i in range(10))
# Quantities of one subject and unit, which relate_quantities relates.
AMOUNTS = tuple(
    Claim(
        text=f"{bound.value} {value} troops",
        quantity=Quantity(value=value, unit="troops", bound=bound, subject="sent"),
    )
    for value, bound in (
        (10_000, Bound.MORE_THAN),
        (12_000, Bound.EXACTLY),
        (150, Bound.ABOUT),
        (11_000, Bound.AT_MOST),
    )
)
OTHER_AMOUNT = Claim(
    text="about 300 shells",
    quantity=Quantity(value=300, unit="shells", bound=Bound.ABOUT, subject="fired"),
)


def said(source: Source, claim: Claim, verb: str, day: dt.date = DAY) -> Statement:
    return Statement(
        source=source, claim=claim, stance=Stance.from_verb(verb), made_on=day
    )


@st.composite
def related_ledgers(draw: st.DrawFn) -> Ledger:
    """
    A generated ledger, plus statements (some relayed) on claims that
    relate: entailment from a lower to a higher index, an exclusive set, an
    equivalence, maybe a link between them, and quantities of one subject.
    """
    base = draw(ledgers(max_records=6))
    pool = (*CLAIMS, *AMOUNTS, OTHER_AMOUNT)
    records: list[Record | Relation] = list(base.held)
    for _ in range(draw(st.integers(0, 12))):
        statement = said(
            draw(st.sampled_from(SOURCES)),
            draw(st.sampled_from(pool)),
            draw(st.sampled_from(VERBS)),
            DAY + dt.timedelta(days=draw(st.integers(0, 5))),
        )
        if draw(st.booleans()):
            records.append(statement)
        else:
            records.append(
                Report(
                    reporter=draw(st.sampled_from(SOURCES)),
                    content=statement,
                    made_on=statement.made_on,
                )
            )
    pairs = [(i, j) for i in range(5) for j in range(i + 1, 5)]
    for i, j in draw(st.lists(st.sampled_from(pairs), max_size=4)):
        records.append(Entails(specific=CLAIMS[i], general=CLAIMS[j]))
    if draw(st.booleans()):
        records.append(
            Exclusive(key="set", claims=CLAIMS[5:8], exhaustive=draw(st.booleans()))
        )
    if draw(st.booleans()):
        records.append(Equivalent(claims=CLAIMS[8:10]))
    if draw(st.booleans()):
        records.append(Entails(specific=CLAIMS[8], general=CLAIMS[4]))
    if draw(st.booleans()):
        records.append(Entails(specific=CLAIMS[9], general=AMOUNTS[0]))
    try:
        return Ledger.of(records)
    except RelationError:  # pragma: no cover  # the choices above always hold
        assume(False)
        raise


policies = st.sampled_from(
    [
        DEFAULT_POLICY,
        attrs.evolve(DEFAULT_POLICY, relate_quantities=True),
        DEFAULT_POLICY.with_base_rate(CLAIMS[0], 0.2),
    ]
)
as_of_days = st.none() | st.just(DAY + dt.timedelta(days=2))


def whole(
    ledger: Ledger, policy: Policy = DEFAULT_POLICY, as_of: dt.date | None = None
) -> dict[str, Assessment]:
    """
    What assess_all gives for the whole ledger, by claim id.
    """
    return {
        claim.id: found
        for claim, found in assess_all(ledger, policy=policy, as_of=as_of).items()
    }


def items_of(ledger: Ledger) -> list[Record | Relation]:
    return [*ledger.held, *ledger.relations]


def by_shard(
    items: Iterable[Record | Relation], shards: int
) -> dict[int, list[Record | Relation]]:
    found = list(items)
    parts = Partitioning(
        frozenset(r for r in found if not isinstance(r, (Statement, Report)))
    )
    groups: dict[int, list[Record | Relation]] = {}
    for item in found:
        groups.setdefault(parts.shard(item, shards), []).append(item)
    return groups


def quick_raising(ledger: Ledger, policy: Policy) -> bool:
    """
    Whether the whole ledger refuses *policy* (quantities that contradict
    its relations): then every partitioned path must refuse it too.
    """
    try:
        assess_all(ledger, policy=policy)
    except RelationError:
        return True
    return False


class TestPartitioning:
    def test_unrelated_claim_is_its_own_key(self) -> None:
        """
        A claim no relation names, without a quantity, is keyed by its id.
        """
        record = said(NIS, CLAIMS[0], "said")

        assert CLAIMS[0].id == partition_key(record)

    def test_related_claims_share_the_least_id(self) -> None:
        """
        Claims connected through several relations share one key, the least
        claim id among them; a report is keyed by its origin's claim.
        """
        relations: list[Relation] = [
            Entails(specific=CLAIMS[0], general=CLAIMS[1]),
            Equivalent(claims=CLAIMS[1:3]),
        ]
        parts = Partitioning(frozenset(relations))
        report = Report(
            reporter=YONHAP, content=said(NIS, CLAIMS[2], "said"), made_on=DAY
        )

        expected = min(c.id for c in CLAIMS[:3])
        assert {expected} == {parts.key(c) for c in CLAIMS[:3]}
        assert expected == parts.key(report)
        assert expected == parts.key(relations[1])

    def test_quantities_of_one_subject_share_a_key(self) -> None:
        """
        Claims with quantities of one subject and unit share a key (whatever
        the policy), and a relation to one of them brings its claims along.
        """
        plain = Partitioning()

        assert len({plain.key(c) for c in AMOUNTS}) == 1
        assert plain.key(OTHER_AMOUNT) != plain.key(AMOUNTS[0])
        assert plain.key(AMOUNTS[0]).startswith("quantity:")
        linked = Partitioning(
            frozenset({Entails(specific=CLAIMS[0], general=AMOUNTS[1])})
        )
        assert {linked.key(CLAIMS[0])} == {linked.key(c) for c in AMOUNTS}

    def test_shard_is_stable(self) -> None:
        """
        A key's shard is the same in every process: SHA-256, not hash().
        """
        parts = Partitioning()

        assert 0 <= parts.shard(CLAIMS[0], 7) < 7
        assert parts.shard(CLAIMS[0], 7) == parts.shard(CLAIMS[0], 7)

    def test_relations_of(self) -> None:
        """
        relations_of gives the relations of the groups named.
        """
        relation = Entails(specific=CLAIMS[0], general=CLAIMS[1])
        parts = Partitioning(frozenset({relation}))

        assert frozenset({relation}) == parts.relations_of([parts.key(CLAIMS[1])])
        assert frozenset() == parts.relations_of([CLAIMS[3].id])

    def test_refuses_other_values(self) -> None:
        """
        Only relations make a partitioning, and only records, relations and
        claims have keys.
        """
        with pytest.raises(InvalidValueError):
            Partitioning(frozenset({"entails"}))  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError):
            Partitioning().key("claim")  # type: ignore[arg-type]


class TestAssessRecords:
    @given(related_ledgers(), policies, as_of_days, st.integers(1, 5))
    @settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
    def test_partitions_equal_whole(
        self, ledger: Ledger, policy: Policy, as_of: dt.date | None, shards: int
    ) -> None:
        """
        Assessing each partition on its own gives, claim for claim, what
        assess_all gives for the whole ledger.
        """
        assume(not quick_raising(ledger, policy))
        found: dict[str, Assessment] = {}
        for group in by_shard(items_of(ledger), shards).values():
            found.update(assess_records(group, policy=policy, as_of=as_of))

        assert whole(ledger, policy, as_of) == dict(sorted(found.items()))

    @given(ledgers())
    @settings(deadline=None)
    def test_generated_ledgers(self, ledger: Ledger) -> None:
        """
        Any generated ledger, cut into three partitions, assesses as whole.
        """
        found: dict[str, Assessment] = {}
        for group in by_shard(ledger, 3).values():
            found.update(assess_records(group))

        assert whole(ledger) == dict(sorted(found.items()))


class TestShards:
    @given(ledgers(max_records=20), st.integers(1, 4), st.integers(1, 5))
    @settings(deadline=None)
    def test_round_trip(self, ledger: Ledger, shards: int, batch: int) -> None:
        """
        The shards of a ledger, read back, hold its records, each exactly
        once and on the shard its key names.
        """
        with tempfile.TemporaryDirectory() as folder:
            paths = write_shards(ledger, folder, shards=shards, batch=batch)
            loaders = read_shards(folder)
            found = [loader() for loader in loaders]

        assert shards == len(paths) == len(loaders)
        assert sorted(r.id for part in found for r in part) == sorted(
            r.id for r in ledger.held
        )
        parts = Partitioning()
        for index, part in enumerate(found):
            assert all(parts.shard(r, shards) == index for r in part)

    def test_stream_of_records(self, tmp_path: Path) -> None:
        """
        Any iterable of records, read once, can be written; relations come
        through relations=.
        """
        relation = Entails(specific=CLAIMS[0], general=CLAIMS[1])
        records = [said(NIS, CLAIMS[0], "said"), said(SEOUL, CLAIMS[1], "denied")]
        write_shards(iter(records), tmp_path, shards=3, relations=[relation])
        got = [item for loader in read_shards(tmp_path) for item in loader()]
        assert {*records, relation} == set(got)

    def test_manifest(self, tmp_path: Path) -> None:
        """
        The manifest names the format, its version and the number of shards.
        """
        write_shards(Ledger(), tmp_path, shards=2)

        assert {"format": "provenance-shards", "version": 1, "shards": 2} == (
            json.loads((tmp_path / MANIFEST).read_text())
        )
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "shard-00000.jsonl",
            "shard-00001.jsonl",
            MANIFEST,
        ]

    def test_rewrite(self, tmp_path: Path) -> None:
        """
        Writing again replaces the shards, fewer of them included.
        """
        write_shards([said(NIS, c, "said") for c in CLAIMS], tmp_path, shards=3)
        write_shards([said(NIS, CLAIMS[0], "said")], tmp_path, shards=1)

        assert ["shard-00000.jsonl", MANIFEST] == sorted(
            p.name for p in tmp_path.iterdir()
        )
        assert [said(NIS, CLAIMS[0], "said")] == read_shards(tmp_path)[0]()

    @pytest.mark.parametrize(
        ("manifest", "match"),
        [
            (None, "not a folder of shards"),
            ("{", "not a manifest of shards .not valid JSON"),
            (
                '{"format": "provenance-shards", "version": 1, "shards": 1, "shards": 2}',  # noqa: E501
                "duplicate key 'shards'",
            ),
            ('["provenance-shards"]', "not a manifest"),
            (
                '{"format": "provenance-shards", "version": 9}',
                "unsupported shards version 9",
            ),
            ('{"format": "provenance-shards", "version": 1, "shards": 0}', "positive"),
        ],
    )
    def test_bad_manifest(
        self, tmp_path: Path, manifest: str | None, match: str
    ) -> None:
        """
        A folder without a readable manifest of this version is refused.
        """
        if manifest is not None:
            (tmp_path / MANIFEST).write_text(manifest)

        with pytest.raises(DocumentError, match=match):
            read_shards(tmp_path)

    def test_record_on_the_wrong_shard(self, tmp_path: Path) -> None:
        """
        A record appended to a shard its key does not name is refused when
        the shard is read, so that no claim is assessed from part of its
        evidence.
        """
        records = [said(NIS, claim, "said") for claim in CLAIMS]
        write_shards(records, tmp_path, shards=2)
        stray = next(r for r in records if Partitioning().shard(r, 2) == 1)
        with (tmp_path / "shard-00000.jsonl").open("a") as file:
            file.write(dumps(Ledger.of([stray])) + "\n")

        with pytest.raises(DocumentError, match="wrong shard"):
            read_shards(tmp_path)[0]()

    def test_malformed_line(self, tmp_path: Path) -> None:
        """
        A malformed line is refused with its shard and line number.
        """
        write_shards([said(NIS, CLAIMS[0], "said")], tmp_path, shards=1)
        with (tmp_path / "shard-00000.jsonl").open("a") as file:
            file.write("\n{}\n")

        with pytest.raises(DocumentError, match=r"\(line 3\)") as info:
            read_shards(tmp_path)[0]()
        assert "shard-00000.jsonl:3:" in info.value.path

    @pytest.mark.parametrize("name", ["shards", "batch"])
    def test_positive_counts(self, tmp_path: Path, name: str) -> None:
        """
        The numbers of shards and of records a line are positive integers.
        """
        with pytest.raises(InvalidValueError, match="positive integer"):
            write_shards(Ledger(), tmp_path, **{name: 0})  # type: ignore[arg-type]  # an int, by name

    def test_relations_not_in_records(self, tmp_path: Path) -> None:
        """
        A relation among the records of a stream is refused: it could
        change the keys of records already written.
        """
        relation = Entails(specific=CLAIMS[0], general=CLAIMS[1])

        with pytest.raises(InvalidValueError, match="relations="):
            write_shards([relation], tmp_path)  # type: ignore[list-item]


class TestDocuments:
    @pytest.mark.parametrize("documents", [None, 5, "{}", b"{}"])
    def test_not_documents(self, documents: object) -> None:
        """
        Anything but an iterable of documents (a string is one document, not
        many) is an InvalidValueError naming the argument.
        """
        with pytest.raises(InvalidValueError) as exc:
            assess_documents(documents)  # type: ignore[arg-type]  # on purpose

        assert "assess_documents.documents" == exc.value.path

    def test_bad_document_named_by_index(self) -> None:
        """
        A malformed document is named by its place among them.
        """
        good = dumps(Ledger())
        with pytest.raises(DocumentError) as exc:
            assess_documents([good, "{bad"])

        assert exc.value.path.startswith("documents[1]:")

    @given(ledgers())
    @settings(deadline=None)
    def test_rows(self, ledger: Ledger) -> None:
        """
        A partition's documents give one row per claim with the numbers of
        assess_all, in claim id order.
        """
        rows = assess_documents([dumps(ledger)])

        expected = whole(ledger)
        assert list(expected) == [row["claim"] for row in rows]
        for row in rows:
            assert tuple(row) == ROW_FIELDS
            found = expected[str(row["claim"])]
            assert (found.opinion.probability, found.words, found.credibility) == (
                row["probability"],
                row["words"],
                row["credibility"],
            )

    def test_schema_names_every_field(self) -> None:
        """
        The Spark schema lists the row fields, in order.
        """
        assert ROW_FIELDS == tuple(part.split()[0] for part in SPARK_SCHEMA.split(", "))


@pytest.fixture
def _dask() -> None:
    pytest.importorskip("dask.bag")


@pytest.mark.usefixtures("_dask")
class TestDask:
    @pytest.mark.slow
    @given(related_ledgers(), policies, st.integers(1, 4))
    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
        ],
    )
    def test_iterable_equals_whole(
        self, ledger: Ledger, policy: Policy, partitions: int
    ) -> None:
        """
        A ledger given as an iterable (records and relations), grouped with
        a shuffle, assesses as assess_all does.
        """
        assume(not quick_raising(ledger, policy))

        found = assess_distributed(
            ledger, policy=policy, scheduler="synchronous", partitions=partitions
        )

        assert whole(ledger, policy) == found
        assert list(whole(ledger, policy)) == list(found)

    @given(ledgers(max_records=20), st.integers(1, 4), as_of_days)
    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
        ],
    )
    def test_shards_equal_whole(
        self, ledger: Ledger, shards: int, as_of: dt.date | None
    ) -> None:
        """
        A folder of shards, each shard one partition, assesses as
        assess_all does.
        """
        with tempfile.TemporaryDirectory() as folder:
            write_shards(ledger, folder, shards=shards)
            found = assess_distributed(folder, scheduler="synchronous", as_of=as_of)

        assert whole(ledger, as_of=as_of) == found

    @given(
        st.one_of(related_ledgers(), ledgers(relations=True)),
        policies,
        st.integers(1, 4),
    )
    @settings(max_examples=10, deadline=None)
    def test_related_ledgers_through_shards(
        self, ledger: Ledger, policy: Policy, shards: int
    ) -> None:
        """
        Ledgers with relations and quantities, written as shards (relations
        with their groups), assess as assess_all does.
        """
        assume(not quick_raising(ledger, policy))
        with tempfile.TemporaryDirectory() as folder:
            write_shards(ledger, folder, shards=shards)
            found = assess_distributed(folder, policy=policy, scheduler="synchronous")

        assert whole(ledger, policy) == found

    @given(ledgers(relations=True), st.integers(1, 5))
    @settings(deadline=None)
    def test_generated_relations_partition(self, ledger: Ledger, shards: int) -> None:
        """
        Generated ledgers with relations, cut by partition key, assess as
        the whole ledger does.
        """
        found: dict[str, Assessment] = {}
        for group in by_shard(items_of(ledger), shards).values():
            found.update(assess_records(group))

        assert whole(ledger) == dict(sorted(found.items()))

    def test_related_shards(self, tmp_path: Path) -> None:
        """
        Shards hold relations with their groups.
        """
        ledger = Ledger.of(
            [
                said(NIS, CLAIMS[0], "said"),
                said(SEOUL, CLAIMS[1], "denied"),
                Entails(specific=CLAIMS[0], general=CLAIMS[1]),
                Exclusive(key="set", claims=CLAIMS[5:8]),
            ]
        )
        write_shards(ledger, tmp_path, shards=3)

        assert whole(ledger) == assess_distributed(tmp_path, scheduler="synchronous")

    def test_bag(self) -> None:
        """
        A Dask bag of records and relations is grouped by key and assessed.
        """
        ledger = Ledger.of(
            [
                said(NIS, CLAIMS[0], "said"),
                said(SEOUL, CLAIMS[1], "denied"),
                said(YONHAP, CLAIMS[3], "reported"),
                said(NIS, AMOUNTS[0], "said"),
                said(NIS, AMOUNTS[1], "denied"),
                Entails(specific=CLAIMS[0], general=CLAIMS[1]),
                Exclusive(key="set", claims=CLAIMS[5:8]),
            ]
        )
        dask_bag = pytest.importorskip("dask.bag")
        bag = dask_bag.from_sequence(items_of(ledger), npartitions=3)
        policy = attrs.evolve(DEFAULT_POLICY, relate_quantities=True)

        found = assess_distributed(bag, policy=policy, scheduler="synchronous")

        assert whole(ledger, policy) == found
        assert {c.id for c in CLAIMS[5:8]} <= set(found)
        listed = assess_distributed(
            items_of(ledger), policy=policy, scheduler="synchronous", partitions=2
        )
        assert found == listed

    def test_partitions_see_only_their_records(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """
        Each partition is assessed from its own records only: no call sees
        all of them, and together the calls see each record once.
        """
        records = [said(s, c, "said") for s in SOURCES for c in CLAIMS]
        write_shards(records, tmp_path, shards=4)
        seen: list[list[Record | Relation]] = []
        original = distributed_module.assess_records

        def spy(
            items: Iterable[Record | Relation], **kwargs: Any
        ) -> dict[str, Assessment]:
            found = list(items)
            seen.append(found)
            return original(found, **kwargs)

        monkeypatch.setattr(distributed_module, "assess_records", spy)

        assess_distributed(tmp_path, scheduler="synchronous")

        assert len(seen) == 4
        assert all(len(part) < len(records) for part in seen)
        assert sorted(r.id for part in seen for r in part) == sorted(
            r.id for r in records
        )
        for part in seen:
            assert len({Partitioning().shard(r, 4) for r in part}) <= 1

    def test_lazy_bag(self, tmp_path: Path) -> None:
        """
        assessment_bag gives the pairs lazily, one bag partition per shard.
        """
        records = [said(NIS, c, "said") for c in CLAIMS]
        write_shards(records, tmp_path, shards=3)

        bag: Any = assessment_bag(tmp_path)  # Bag.compute is untyped.

        assert bag.npartitions == 3
        pairs = bag.compute(scheduler="synchronous")
        assert sorted(claim_id for claim_id, _ in pairs) == sorted(c.id for c in CLAIMS)

    def test_loaders(self, tmp_path: Path) -> None:
        """
        A sequence of loaders (what another store of records would give) is
        one task per loader.
        """
        ledger = Ledger.of(said(s, c, "said") for s in SOURCES[:2] for c in CLAIMS)
        write_shards(ledger, tmp_path, shards=3)
        loaders = read_shards(tmp_path)

        assert whole(ledger) == assess_distributed(loaders, scheduler="synchronous")
        assert assessment_bag(loaders).npartitions == 3

    def test_empty(self, tmp_path: Path) -> None:
        """
        An empty ledger has no assessments, as a ledger or as shards.
        """
        write_shards(Ledger(), tmp_path, shards=2)

        assert {} == assess_distributed(Ledger(), scheduler="synchronous")
        assert {} == assess_distributed(tmp_path, scheduler="synchronous")

    @pytest.mark.slow
    def test_processes(self, tmp_path: Path) -> None:
        """
        The default local scheduler for bags, processes, gives the same.
        """
        ledger = Ledger.of(
            said(s, c, v) for s in SOURCES for c in CLAIMS for v in VERBS[:2]
        )
        write_shards(ledger, tmp_path, shards=2)

        assert whole(ledger) == assess_distributed(tmp_path)

    @pytest.mark.slow
    @pytest.mark.filterwarnings("ignore::DeprecationWarning")
    def test_client(self, tmp_path: Path) -> None:
        """
        A dask.distributed client runs the same partitions.
        """
        distributed = pytest.importorskip("distributed")
        ledger = Ledger.of(said(s, c, "said") for s in SOURCES for c in CLAIMS)
        write_shards(ledger, tmp_path, shards=3)

        with distributed.Client(
            processes=False, n_workers=2, threads_per_worker=1, dashboard_address=None
        ) as client:
            found = assess_distributed(tmp_path, client=client)
            from_bag = assess_distributed(ledger, client=client, partitions=2)

        assert whole(ledger) == found == from_bag


class TestWithoutDask:
    def test_needs_dask(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """
        Without Dask, the Dask functions say which extra to install.
        """
        monkeypatch.setitem(sys.modules, "dask", None)
        monkeypatch.setitem(sys.modules, "dask.bag", None)

        with pytest.raises(ImportError, match=r"provenance-ledger\[dask\]"):
            assess_distributed([], scheduler="synchronous")


class TestDocstrings:
    def test_examples_run(self) -> None:
        """
        The examples in the module's docstrings run.
        """
        got = doctest.testmod(distributed_module, optionflags=doctest.ELLIPSIS)

        assert got.failed == 0
        assert got.attempted > 0


def spark_assess(spark: Any, folder: Path) -> list[Any]:
    """
    The recipe of docs/howto/distributed.md: each shard file is one group.
    """
    import pandas as pd

    from pyspark.sql import functions as F  # noqa: N812

    def assess_group(frame: Any) -> Any:
        rows = assess_documents(frame["value"])
        return pd.DataFrame(rows, columns=list(ROW_FIELDS))

    lines = spark.read.text(str(folder / "shard-*.jsonl"))
    rows: list[Any] = (
        lines.withColumn("partition", F.input_file_name())
        .groupBy("partition")
        .applyInPandas(assess_group, schema=SPARK_SCHEMA)
        .collect()
    )
    return rows


class TestSpark:
    @pytest.mark.slow
    def test_recipe(self, tmp_path: Path) -> None:
        """
        The Spark recipe gives assess_all's numbers (skipped without
        pyspark, pandas and pyarrow).
        """
        pyspark = pytest.importorskip("pyspark.sql")
        pytest.importorskip("pandas")
        pytest.importorskip("pyarrow")
        ledger = Ledger.of(said(s, c, "said") for s in SOURCES for c in CLAIMS)
        write_shards(ledger, tmp_path, shards=3)
        spark = pyspark.SparkSession.builder.master("local[2]").getOrCreate()
        try:
            rows = spark_assess(spark, tmp_path)
        finally:
            spark.stop()

        expected = whole(ledger)
        assert sorted(expected) == sorted(row["claim"] for row in rows)
        for row in rows:
            assert expected[row["claim"]].words == row["words"]
