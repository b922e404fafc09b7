"""
The store on large generated ledgers: ingest rate, one claim's assessment,
and the time and peak memory of assessing every claim.

    python benchmarks/store.py                  # N = 100k and 1M
    python benchmarks/store.py 100000 --keep /tmp/stores

Each phase of each N runs in a fresh interpreter:

- ingest: `Store.add` of the generated ledger's records in batches of 50,000
  (one transaction each) into a new store; statements a second, counting
  every statement held or relayed (the ledger's *N*).
- SQLite's part of the ingest: the rows the ingest wrote, read back and
  appended again, batch by batch as the ingest appended them, into a new
  store (the same schema and settings) from ready lists, timing only
  SQLite's inserts and commits: what the ingest would cost if the
  interpreter's work per record (a row from each record, its canonical
  text, its entry's chain value) were free.
- assess one: `Store.assess` of 200 claims drawn at random, each from a store
  opened afresh for the first one (cold) and reused for the others; median
  and 95th percentile in milliseconds.
- assess_all: consuming `Store.assess_all()` to the end, timed; then again
  under tracemalloc for its peak (memory allocated by Python above what was
  allocated when it began), and the process's peak resident size.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

from pathlib import Path
from typing import Any


sys.path.insert(0, str(Path(__file__).parent))

from generate import build, make_spec

from provenance.store import Store


BATCH = 50_000


def _remove(path: Path) -> None:
    """
    Remove the store at *path*, with its write-ahead log and index, if any.
    """
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ingest(n: int, path: Path) -> dict[str, Any]:
    ledger = build(make_spec(n))
    records = list(ledger)
    del ledger
    gc.collect()  # The build's garbage is not the store's to collect.
    started = time.perf_counter()
    cpu = time.process_time()
    with Store.open(path) as store:
        for start in range(0, len(records), BATCH):
            store.add(records[start : start + BATCH])
        held = len(store)
    seconds = time.perf_counter() - started
    return {
        "n": n,
        "held": held,
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "per_second": n / seconds,
        "bytes": path.stat().st_size,
    }


def sqlite_part(path: Path) -> dict[str, Any]:
    source = sqlite3.connect(path)
    batches = source.execute(
        "SELECT recorded_at, max(ref), min(seq), max(seq) FROM entries "
        "WHERE kind <> 'relation' GROUP BY recorded_at ORDER BY min(seq)"
    ).fetchall()
    again = path.with_name(path.name + ".again")
    _remove(again)
    cpu = 0.0
    with Store.open(again) as store:
        db = store._db  # noqa: SLF001
        rows = {
            table: source.execute(f"SELECT * FROM {table}").fetchall()  # noqa: S608
            for table in ("sources", "channels")
        }
        records_done = claims_done = 0
        for _, entries_last, first_seq, last_seq in batches:
            last = max(entries_last, records_done)
            records = source.execute(
                "SELECT * FROM records WHERE ref > ? AND ref <= ? ORDER BY ref",
                (records_done, last),
            ).fetchall()
            claims_last = max((row[3] for row in records), default=0)
            claims = source.execute(
                "SELECT * FROM claims WHERE ref > ? AND ref <= ? ORDER BY ref",
                (claims_done, max(claims_last, claims_done)),
            ).fetchall()
            entries = source.execute(
                "SELECT kind, ref, recorded_at, chain FROM entries "
                "WHERE seq >= ? AND seq <= ? ORDER BY seq",
                (first_seq, last_seq),
            ).fetchall()
            records_done, claims_done = last, max(claims_last, claims_done)
            started = time.process_time()
            db.execute("BEGIN IMMEDIATE")
            for table, marks in (("sources", 4), ("channels", 2)):
                db.executemany(
                    f"INSERT INTO {table} VALUES ({','.join('?' * marks)})",  # noqa: S608
                    rows.pop(table, []),
                )
            db.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?)", claims)
            db.executemany("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)", records)
            db.executemany(
                "INSERT INTO entries (kind, ref, recorded_at, chain) "
                "VALUES (?, ?, ?, ?)",
                entries,
            )
            db.execute("COMMIT")
            cpu += time.process_time() - started
    source.close()
    _remove(again)
    return {"batches": len(batches), "cpu": cpu}


def assess_one(path: Path, count: int = 200) -> dict[str, Any]:
    with Store.open(path) as store:
        ids = [row[0] for row in store._db.execute("SELECT id FROM claims")]  # noqa: SLF001
    rng = random.Random(7)
    chosen = rng.sample(ids, min(count, len(ids)))
    started = time.perf_counter()
    with Store.open(path) as store:
        store.assess(chosen[0])
        cold = time.perf_counter() - started
        times = []
        for key in chosen[1:]:
            begin = time.perf_counter()
            store.assess(key)
            times.append(time.perf_counter() - begin)
    times.sort()
    return {
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(len(times) * 0.95)] * 1000,
    }


def assess_every(path: Path, *, traced: bool) -> dict[str, Any]:
    with Store.open(path) as store:
        if traced:
            tracemalloc.start()
            base = tracemalloc.get_traced_memory()[0]
        started = time.perf_counter()
        cpu = time.process_time()
        claims = sum(1 for _ in store.assess_all())
        seconds = time.perf_counter() - started
        found: dict[str, Any] = {
            "claims": claims,
            "seconds": seconds,
            "cpu": time.process_time() - cpu,
        }
        if traced:
            found["peak_bytes"] = tracemalloc.get_traced_memory()[1] - base
            tracemalloc.stop()
        found["max_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return found


def _child(phase: str, n: int, path: Path) -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603  # this script
        [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--n",
            str(n),
            "--path",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--phase")
    parser.add_argument("--n", type=int)
    parser.add_argument("--path", type=Path)
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder")
    args = parser.parse_args()
    if args.phase is not None:
        phases = {
            "ingest": lambda: ingest(args.n, args.path),
            "sqlite": lambda: sqlite_part(args.path),
            "one": lambda: assess_one(args.path),
            "all": lambda: assess_every(args.path, traced=False),
            "memory": lambda: assess_every(args.path, traced=True),
        }
        print(json.dumps(phases[args.phase]()))
        return
    print(
        f"Python {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, sqlite {__import__('sqlite3').sqlite_version}"
    )
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        path = folder / f"store-{n}.db"
        _remove(path)
        got = _child("ingest", n, path)
        print(
            f"N={n:>10,} ingest      {got['seconds']:8.2f} s  "
            f"{got['per_second']:10,.0f} statements/s  "
            f"(CPU {got['cpu']:.2f} s: {n / got['cpu']:,.0f}/s)  "
            f"({got['held']:,} held, file {got['bytes'] / 2**20:,.0f} MiB)",
            flush=True,
        )
        cpu = got["cpu"]
        got = _child("sqlite", n, path)
        print(
            f"N={n:>10,} of which SQLite's inserts and commits {got['cpu']:.2f} s "
            f"of CPU ({got['cpu'] / cpu:.0%}; {got['cpu'] / got['batches']:.2f} s "
            f"a batch of {BATCH:,}), the interpreter's work {cpu - got['cpu']:.2f} s",
            flush=True,
        )
        got = _child("one", n, path)
        print(
            f"N={n:>10,} assess one  median {got['median_ms']:.2f} ms, "
            f"p95 {got['p95_ms']:.2f} ms, first (cold open) {got['cold_ms']:.1f} ms",
            flush=True,
        )
        got = _child("all", n, path)
        print(
            f"N={n:>10,} assess_all  {got['seconds']:8.2f} s  "
            f"{got['seconds'] / n * 1e6:6.1f} us/statement  "
            f"(CPU {got['cpu']:.2f} s)  "
            f"({got['claims']:,} claims, max RSS {got['max_rss_kib'] / 1024:,.0f} MiB)",
            flush=True,
        )
        got = _child("memory", n, path)
        print(
            f"N={n:>10,} assess_all  peak {got['peak_bytes'] / 2**20:,.1f} MiB "
            f"traced = {got['peak_bytes'] / n:,.0f} bytes/statement "
            f"(max RSS {got['max_rss_kib'] / 1024:,.0f} MiB)",
            flush=True,
        )
        if args.keep is None:
            _remove(path)


if __name__ == "__main__":
    main()
