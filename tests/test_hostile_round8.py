"""
Hostile input, round eight: the distributed path's defects the fourth
adversarial review found (D2: a relation appended to a shard that moves a
claim's group, and a claim two partitions assess; D9: arguments of the
wrong type or out of range), tried with the reported inputs and with
inputs of our own.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from provenance import (
    Claim,
    Ledger,
    Source,
    SourceKind,
    Stance,
    Statement,
    assess_all,
    dumps,
)
from provenance.assessment import Assessment
from provenance.distributed import (
    Loader,
    Partitioning,
    assess_distributed,
    assess_records,
    assessment_bag,
    partition_key,
    read_shards,
    write_shards,
)
from provenance.errors import (
    DocumentError,
    InvalidValueError,
    RelationError,
)
from provenance.records import Record
from provenance.relations import Entails, Exclusive, Relation
from provenance.testing import ledgers


SOURCES = tuple(Source(name=f"S{i}", kind=SourceKind.PERSON) for i in range(3))
CLAIMS = tuple(Claim(text=f"claim {i}", key=f"k{i}") for i in range(6))
RECORDS = tuple(
    Statement(
        source=SOURCES[j % 3],
        claim=claim,
        stance=Stance.from_verb("said" if j % 2 else "denied"),
        made_on=dt.date(2024, 1, 1 + j),
    )
    for i, claim in enumerate(CLAIMS)
    for j in range(i % 3 + 1)
)
# A folder that cannot be made: a call that wrongly writes fails, unwritten.
NEVER = "/proc/provenance-never"
SLOW = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def whole(ledger: Ledger) -> dict[str, Assessment]:
    """
    What assess_all gives for the whole ledger, by claim id.
    """
    return {claim.id: found for claim, found in assess_all(ledger).items()}


def append(folder: Path, index: int, items: Iterable[Record | Relation]) -> Path:
    """
    Append *items*, one document on one line, to shard *index* of *folder*.
    """
    path = folder / f"shard-{index:05d}.jsonl"
    with path.open("a", encoding="utf-8") as file:
        file.write(dumps(Ledger.of(items)) + "\n")
    return path


def moving_relation(shards: int) -> tuple[Entails, int, int]:
    """
    An entailment between two of `CLAIMS` on different shards, with the
    shard its group then belongs on (where write_shards would place it)
    and the other claim's shard, whose records it leaves behind.
    """
    home = {claim: Partitioning().shard(claim, shards) for claim in CLAIMS}
    for a in CLAIMS:
        for b in CLAIMS:
            if home[a] != home[b]:
                relation = Entails(specific=a, general=b)
                there = Partitioning([relation]).shard(relation, shards)
                left = home[b] if there == home[a] else home[a]
                return relation, there, left
    raise AssertionError  # pragma: no cover  # six claims spread over shards


def assess_plainly(loaders: Iterable[Loader]) -> dict[str, Assessment]:
    """
    Every loader called here and its records assessed: the path without
    Dask, which refuses a claim assessed twice, as assess_distributed does.
    """
    found: dict[str, Assessment] = {}
    for loader in loaders:
        for claim_id, assessment in assess_records(loader()).items():
            assert claim_id not in found
            found[claim_id] = assessment
    return dict(sorted(found.items()))


class TestRelationAppendedAcrossShards:
    """
    D2: a relation appended to the shard it belongs on, joining a claim
    whose records are on another shard, is refused when that shard is read:
    no claim is assessed from part of its evidence, on any path.
    """

    def test_reported(self, tmp_path: Path) -> None:
        """
        The reported case: the records left on their shard are refused,
        naming the shard file, the line, the claim, the shard the group
        belongs on and the relation that moved it.
        """
        write_shards(Ledger.of(RECORDS), tmp_path, shards=3)
        relation, there, left = moving_relation(3)
        append(tmp_path, there, [relation])
        loaders = read_shards(tmp_path)

        with pytest.raises(DocumentError, match="wrong shard") as info:
            loaders[left]()

        assert info.value.path == f"{tmp_path / f'shard-{left:05d}.jsonl'}:1"
        assert f"belongs on shard-{there:05d}.jsonl" in info.value.msg
        assert relation.id in info.value.msg
        moved = relation.specific if left != there else relation.general
        assert any(f"'{c.key}'" in info.value.msg for c in (moved, relation.general))
        with pytest.raises(DocumentError, match="wrong shard"):
            assess_distributed(tmp_path, scheduler="synchronous")

    def test_relation_kept_within_a_shard(self, tmp_path: Path) -> None:
        """
        A relation between claims already on one shard, appended there, is
        taken: the result equals assess_all's with the relation.
        """
        write_shards(Ledger.of(RECORDS), tmp_path, shards=2)
        home = {claim: Partitioning().shard(claim, 2) for claim in CLAIMS}
        a, b = [c for c in CLAIMS if home[c] == home[CLAIMS[0]]][:2]
        relation = Entails(specific=a, general=b)
        append(tmp_path, home[a], [relation])
        want = whole(Ledger.of([*RECORDS, relation]))

        assert want == assess_distributed(tmp_path, scheduler="synchronous")
        assert want == assess_plainly(read_shards(tmp_path))

    def test_relation_appended_after_listing(self, tmp_path: Path) -> None:
        """
        A relation appended after read_shards listed the shards is refused
        by its loader: the other loaders were checked without it.
        """
        write_shards(Ledger.of(RECORDS), tmp_path, shards=3)
        relation, there, _ = moving_relation(3)
        loaders = read_shards(tmp_path)
        path = append(tmp_path, there, [relation])

        with pytest.raises(DocumentError, match="added since") as info:
            loaders[there]()

        lines = len(path.read_bytes().splitlines())
        assert f"{path}:{lines}" == info.value.path

    def test_escaped_relations_key_is_seen(self, tmp_path: Path) -> None:
        """
        A line whose relations key has an escaped letter (valid JSON) is
        still read in the first pass, so the records it moves are refused.
        """
        write_shards(Ledger.of(RECORDS), tmp_path, shards=3)
        relation, there, left = moving_relation(3)
        line = dumps(Ledger.of([relation])).replace('"relations"', '"r\\u0065lations"')
        path = tmp_path / f"shard-{there:05d}.jsonl"
        with path.open("a", encoding="utf-8") as file:
            file.write(line + "\n")
        loaders = read_shards(tmp_path)

        assert [relation] == [x for x in loaders[there]() if x == relation]
        with pytest.raises(DocumentError, match="wrong shard"):
            loaders[left]()

    @pytest.mark.parametrize("how", ["dask", "plain"])
    @given(
        ledger=ledgers(relations=True).filter(lambda found: len(found.claims) > 1),
        shards=st.integers(1, 4),
        data=st.data(),
    )
    @SLOW
    def test_appended_relation_equals_whole_or_is_refused(
        self, how: str, ledger: Ledger, shards: int, data: st.DataObject
    ) -> None:
        """
        Any entailment between two claims of a written ledger, appended to
        the shard it belongs on as the docs allow, either gives what
        assess_all gives with it, or is refused: exactly when it moves a
        record or relation to another shard, or cannot hold with the rest.
        """
        claims = sorted(ledger.claims, key=lambda c: c.id)
        pair = st.lists(st.sampled_from(claims), min_size=2, max_size=2, unique=True)
        a, b = data.draw(pair)
        relation = Entails(specific=a, general=b)
        before = Partitioning(ledger.relations)
        after = Partitioning(ledger.relations | {relation})
        items = [*ledger.held, *ledger.relations]
        moved = any(before.shard(x, shards) != after.shard(x, shards) for x in items)
        event(f"moved: {moved}")
        try:
            want: dict[str, Assessment] | None = whole(Ledger.of([*items, relation]))
        except RelationError:
            want = None
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            write_shards(ledger, folder, shards=shards)
            append(folder, after.shard(relation, shards), [relation])
            run: Callable[[], dict[str, Assessment]] = (
                (lambda: assess_distributed(folder, scheduler="synchronous"))
                if how == "dask"
                else (lambda: assess_plainly(read_shards(folder)))
            )
            if moved or want is None:
                with pytest.raises(DocumentError):
                    run()
            else:
                assert want == run()


class TestRelationsAcrossShards:
    """
    Relations of different groups, on different shards, that cannot hold
    together (two exclusive sets with one key) are refused, as assess_all
    refuses them on the whole ledger.
    """

    def test_one_key_on_two_shards(self, tmp_path: Path) -> None:
        first = Exclusive(key="s", claims=frozenset(CLAIMS[:2]))
        shard = Partitioning([first]).shard(first, 2)
        second = next(
            relation
            for i in range(2, 6)
            for j in range(i + 1, 6)
            if Partitioning(
                [relation := Exclusive(key="s", claims=frozenset(CLAIMS[i : j + 1]))]
            ).shard(relation, 2)
            != shard
        )
        write_shards(Ledger.of([*RECORDS, first]), tmp_path, shards=2)
        append(tmp_path, 1 - shard, [second])
        with pytest.raises(RelationError):
            Ledger.of([first, second])

        with pytest.raises(DocumentError, match="cannot all hold"):
            assess_distributed(tmp_path, scheduler="synchronous")
        with pytest.raises(DocumentError, match="another shard"):
            read_shards(tmp_path)[shard]()


class TestClaimAssessedTwice:
    """
    D2: a claim that two partitions assess (loaders that split its records)
    is refused, naming it, never merged by keeping one result.
    """

    def test_split_loaders(self) -> None:
        """
        Two user loaders that each hold some of a claim's records.
        """
        claim = CLAIMS[2]
        mine = [r for r in RECORDS if r.claim == claim]
        first: Loader = lambda: mine[:1]  # noqa: E731  # a loader is a function
        second: Loader = lambda: mine[1:]  # noqa: E731

        with pytest.raises(DocumentError, match="two partitions") as info:
            assess_distributed([first, second], scheduler="synchronous")

        assert claim.id in info.value.msg
        assert "'k2'" in info.value.msg
        assert "assess_distributed.source" == info.value.path

    def test_whole_groups_still_pass(self) -> None:
        """
        Loaders that each hold whole groups give assess_all's result.
        """
        halves = [list(RECORDS[:3]), list(RECORDS[3:])]
        assert {r.claim for r in halves[0]}.isdisjoint(r.claim for r in halves[1])
        loaders: list[Loader] = [lambda h=h: h for h in halves]  # type: ignore[misc]  # a default binds each half

        assert whole(Ledger.of(RECORDS)) == assess_distributed(
            loaders, scheduler="synchronous"
        )


def _distributed(**named: Any) -> Any:
    return assess_distributed(list(RECORDS), scheduler="synchronous", **named)


def _bag(**named: Any) -> Any:
    return assessment_bag(list(RECORDS), **named)


class TestArguments:
    """
    D9: every argument of the distributed functions is checked, and one of
    the wrong type or out of range is an InvalidValueError naming it: never
    silently no assessment, never a bare traceback.
    """

    @pytest.mark.parametrize("value", [-1, 0, True, 2.0, "2", [2]])
    @pytest.mark.parametrize(
        ("call", "name"),
        [(_distributed, "assess_distributed"), (_bag, "assessment_bag")],
    )
    def test_partitions(
        self, call: Callable[..., Any], name: str, value: object
    ) -> None:
        with pytest.raises(InvalidValueError, match="positive integer") as info:
            call(partitions=value)

        assert f"{name}.partitions" == info.value.path

    @pytest.mark.parametrize(
        ("named", "path"),
        [
            ({"source": 5}, "source"),
            ({"source": b"folder"}, "source"),
            ({"source": [RECORDS[0], 5]}, "source[1]"),
            ({"source": [CLAIMS[0]]}, "source[0]"),
            ({"policy": 5}, "policy"),
            ({"as_of": "2024-01-01"}, "as_of"),
        ],
    )
    @pytest.mark.parametrize("name", ["assess_distributed", "assessment_bag"])
    def test_other_arguments(self, name: str, named: dict[str, Any], path: str) -> None:
        call = assess_distributed if name == "assess_distributed" else assessment_bag
        arguments = {"source": list(RECORDS), **named}
        source = arguments.pop("source")

        with pytest.raises(InvalidValueError) as info:
            call(source, **arguments)

        assert f"{name}.{path}" == info.value.path

    def test_scheduler_and_compute(self) -> None:
        with pytest.raises(InvalidValueError) as info:
            assess_distributed(list(RECORDS), scheduler=5)  # type: ignore[arg-type]  # the point
        assert "assess_distributed.scheduler" == info.value.path
        with pytest.raises(InvalidValueError) as info:
            assessment_bag(list(RECORDS), compute=5)  # type: ignore[arg-type]  # the point
        assert "assessment_bag.compute" == info.value.path

    def test_empty_source_still_checks(self) -> None:
        """
        An empty source runs no partition, and still refuses a bad policy.
        """
        with pytest.raises(InvalidValueError, match="Policy"):
            assess_distributed([], scheduler="synchronous", policy=None)  # type: ignore[arg-type]  # the point

    @pytest.mark.parametrize("shards", [0, -3, True, 2.0, "2"])
    def test_shard_count(self, shards: object) -> None:
        """
        Partitioning.shard refuses a count that is not a positive integer:
        -3 gave shard -1, and 0 a ZeroDivisionError.
        """
        with pytest.raises(InvalidValueError, match="positive integer") as info:
            Partitioning().shard(CLAIMS[0], shards)  # type: ignore[arg-type]  # the point

        assert "Partitioning.shard.shards" == info.value.path

    @pytest.mark.parametrize(
        ("call", "path"),
        [
            (lambda: Partitioning(5), "Partitioning.relations"),  # type: ignore[arg-type]  # the point
            (lambda: Partitioning([5]), "Partitioning.relations"),  # type: ignore[list-item]  # the point
            (lambda: Partitioning("ab"), "Partitioning.relations"),  # type: ignore[arg-type]  # the point
            (lambda: Partitioning().relations_of(5), "Partitioning.relations_of.keys"),  # type: ignore[arg-type]  # the point
            (lambda: partition_key(CLAIMS[0], 5), "partition_key.relations"),  # type: ignore[arg-type]  # the point
            (
                lambda: write_shards(RECORDS, NEVER, relations=5),  # type: ignore[arg-type]  # the point
                "write_shards.relations",
            ),
            (
                lambda: write_shards(5, NEVER),  # type: ignore[arg-type]  # the point
                "write_shards.records",
            ),
        ],
    )
    def test_named(self, call: Callable[[], object], path: str) -> None:
        with pytest.raises(InvalidValueError) as info:
            call()

        assert path == info.value.path

    def test_good_counts_still_work(self) -> None:
        """
        A positive count is taken as before.
        """
        assert whole(Ledger.of(RECORDS)) == _distributed(partitions=3)
        assert 0 <= Partitioning().shard(CLAIMS[0], 3) < 3
