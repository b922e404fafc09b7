"""
The Dask path of provenance.distributed on generated ledgers: writing the
shards, then assessing them with one worker process and with two, with the
peak memory of each worker.

    python benchmarks/distributed.py 100000 1000000
    python benchmarks/distributed.py 10000000 --workers 2

The ledger is generated in blocks of at most a million statements, each
drawn by `generate.make_spec` with its own seed and its own claims, and
streamed into `write_shards`: no process ever holds the whole ledger. Every
shard holds about *per-shard* statements (50,000 by default), so the work of
one task, and a worker's memory, stay the same as *N* grows; only the
number of tasks grows.

Each worker is a process of Dask's local "processes" scheduler. Each task
returns how many claims it assessed, its process's peak resident memory
(VmHWM from /proc/self/status: ``ru_maxrss`` survives exec, so a spawned
worker would report its parent's size) and CPU time, so the figures printed
for a worker are the largest any of its tasks saw. At *N* up to --check (100,000 by
default) the distributed figures are compared with `assess_all` on the
whole ledger.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import sys
import tempfile
import time

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


sys.path.insert(0, str(Path(__file__).parent))

from generate import make_spec, records

from provenance import (
    Ledger,
    Report,
    Statement,
    assess_all,
)
from provenance.assessment import Assessment
from provenance.distributed import MANIFEST, assessment_bag, write_shards


BLOCK = 1_000_000


def generated(n: int) -> Iterator[Statement | Report]:
    """
    *n* statements (some relayed), in blocks of at most `BLOCK`.
    """
    done = 0
    block = 0
    while done < n:
        size = min(BLOCK, n - done)
        spec = make_spec(size, seed=20241018 + block)
        yield from records(spec, block)
        del spec
        done += size
        block += 1


def _task(
    pairs: Iterable[tuple[str, Assessment]],
) -> list[tuple[int, int, int, float]]:
    """
    A task's summary: its process, the claims assessed, the process's peak
    resident memory in KiB, and the CPU time the process has used so far
    (start-up included).
    """
    count = sum(1 for _ in pairs)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    return [(os.getpid(), count, _peak_kib(usage.ru_maxrss), cpu)]


def _peak_kib(maxrss: int) -> int:
    """
    The process's own peak resident memory in KiB: VmHWM, where Linux has
    it. ``ru_maxrss`` survives exec, so in a worker spawned by a large
    parent it is the parent's size at the fork, not the worker's.
    """
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:  # pragma: no cover  # not Linux
        return maxrss
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return maxrss  # pragma: no cover


def _probabilities(
    pairs: Iterable[tuple[str, Assessment]],
) -> list[tuple[str, float, str]]:
    return [(claim, found.probability, found.words) for claim, found in pairs]


def run(  # noqa: PLR0917  # the command's arguments
    n: int, workers: list[int], per_shard: int, folder: Path, check: int, reuse: bool
) -> None:
    shards = max(1, n // per_shard)
    started = time.perf_counter()
    if reuse and (folder / MANIFEST).exists():
        print(f"N={n:,} reusing the shards in {folder}", flush=True)
    else:
        write_shards(generated(n), folder, shards=shards, batch=5_000)
    written = time.perf_counter() - started
    size = sum(p.stat().st_size for p in folder.iterdir())
    peak = _peak_kib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(
        f"N={n:,} write_shards: {written:.1f} s "
        f"({written / n * 1e6:.1f} us/statement), {shards} shards, "
        f"{size / 2**20:.0f} MiB, writer peak RSS {peak / 1024:.0f} MiB",
        flush=True,
    )
    times: dict[int, float] = {}
    for count in workers:
        bag: Any = assessment_bag(folder).map_partitions(_task)
        started = time.perf_counter()
        load = os.getloadavg()[0]
        summaries = bag.compute(scheduler="processes", num_workers=count, chunksize=1)
        took = times[count] = time.perf_counter() - started
        claims = sum(c for _, c, _, _ in summaries)
        per_worker: dict[int, int] = {}
        cpu: dict[int, float] = {}
        for pid, _, kib, seconds in summaries:
            per_worker[pid] = max(per_worker.get(pid, 0), kib)
            cpu[pid] = max(cpu.get(pid, 0.0), seconds)
        peaks = ", ".join(f"{kib / 1024:.0f}" for kib in sorted(per_worker.values()))
        used = ", ".join(f"{seconds:.1f}" for seconds in sorted(cpu.values()))
        print(
            f"N={n:,} workers={count}: {took:.1f} s "
            f"({took / n * 1e6:.1f} us/statement), {claims:,} claims, "
            f"{len(summaries)} tasks, peak RSS per worker MiB: {peaks}, "
            f"CPU s per worker: {used}; "
            f"load average before {load:.1f}",
            flush=True,
        )
    if 1 in times and 2 in times:
        print(
            f"N={n:,} speed-up 1 -> 2 workers: {times[1] / times[2]:.2f}x", flush=True
        )
    if n <= check:
        bag = assessment_bag(folder).map_partitions(_probabilities)
        found = sorted(bag.compute(scheduler="processes", num_workers=2, chunksize=1))
        whole = assess_all(Ledger.of(generated(n)))
        expected = sorted((c.id, a.probability, a.words) for c, a in whole.items())
        print(f"N={n:,} equal to assess_all: {found == expected}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--per-shard", type=int, default=50_000)
    parser.add_argument("--check", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument(
        "--reuse", action="store_true", help="assess the shards already in --folder"
    )
    args = parser.parse_args()
    now = dt.datetime.now(dt.timezone.utc)
    print(
        f"Python {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs; {now:%Y-%m-%d %H:%M} UTC",
        flush=True,
    )
    for n in args.sizes:
        folder = args.folder or Path(tempfile.mkdtemp(prefix="provenance-shards-"))
        try:
            run(n, args.workers, args.per_shard, folder, args.check, args.reuse)
        finally:
            if args.folder is None:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
