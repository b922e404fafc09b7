"""
Time and peak memory of building, assessing, writing and reading large
ledgers, and of the same work with the W3C PROV package, if installed.

    python benchmarks/run.py                   # N = 10k, 100k, 1M
    python benchmarks/run.py 10000 100000 --repeat 5
    python benchmarks/run.py 100000 --profile 8  # where each phase's time goes
    python benchmarks/run.py 100000 --own-claims # a claim for every statement

Each N runs in a fresh interpreter, *repeat* times for the times (the median
is printed) and once more under tracemalloc for the memory: the peak of
memory allocated by Python during the phase above what was allocated when it
began, so that each phase is charged for what it adds. "live ledger" is what
the built ledger keeps (records, index, ids).

Every phase is timed in wall time and in the process's CPU time
(``time.process_time``), side by side: on a shared machine the wall time
includes whatever other jobs took, the CPU time much less of it. The ratios
printed at the end (the round trip against prov's, incremental against a
full ``assess_all``) are of CPU times.

``--profile TOP`` instead runs each phase once under cProfile and prints the
TOP functions by the time spent in their own code, with their share of the
phase.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import json
import platform
import pstats
import statistics
import subprocess
import sys
import time
import tracemalloc

from collections.abc import Callable
from pathlib import Path
from typing import Any


sys.path.insert(0, str(Path(__file__).parent))

from generate import Spec, build, make_spec, own_claims

from provenance import Ledger, Opinion, Report, Statement, assess_all, dumps, loads
from provenance.assessment import Assessments
from provenance.policy import DEFAULT_POLICY


PROV_LIMIT = 100_000


def _phases(spec: Spec, n: int) -> list[tuple[str, Callable[[], Any]]]:
    """
    The phases, in order; each takes what the earlier ones left in *state*.
    """
    state: dict[str, Any] = {}

    def build_ledger() -> None:
        ledger = build(spec)
        ledger.reached  # noqa: B018  # A ledger is built with its index.
        state["ledger"] = ledger

    def assess() -> None:
        assess_all(state["ledger"])

    def write() -> None:
        state["text"] = dumps(state["ledger"])

    def read() -> None:
        state["loaded"] = loads(state["text"])

    def prepare_incremental() -> None:
        ledger: Ledger = state["ledger"]
        # A busy source: the speaker of the most statements.
        counts: dict[Any, int] = {}
        for statement in ledger.statements:
            counts[statement.source] = counts.get(statement.source, 0) + 1
        busiest = sorted(counts, key=counts.__getitem__, reverse=True)
        state["source"] = busiest[0]
        # The first change of policy builds the index of which claims each
        # source reaches; the timed phase is a later change, as an analyst
        # trying one grade after another makes.
        first = DEFAULT_POLICY.with_trust(busiest[-1], Opinion(0.8, 0.1, 0.1))
        state["assessor"] = Assessments(ledger).with_policy(first)
        del state["loaded"]

    def incremental() -> None:
        assessor: Assessments = state["assessor"]
        policy = assessor.policy.with_trust(state["source"], Opinion(0.9, 0.05, 0.05))
        new = assessor.with_policy(policy)
        for claim in new._reach.get(state["source"], ()):  # noqa: SLF001
            new[claim]  # Read what changed.

    phases: list[tuple[str, Callable[[], Any]]] = [
        ("build", build_ledger),
        ("assess_all", assess),
        ("dumps", write),
        ("loads", read),
        ("(assessor)", prepare_incremental),
        ("incremental", incremental),
    ]
    if n <= PROV_LIMIT and _has_prov():
        phases += _prov_phases(state)
    return phases


def _has_prov() -> bool:
    try:
        import prov.model  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def _prov_phases(state: dict[str, Any]) -> list[tuple[str, Callable[[], Any]]]:
    from prov.model import ProvDocument  # noqa: PLC0415

    def prov_build() -> None:
        state["prov"] = _prov_document(state["ledger"])

    def prov_write() -> None:
        state["prov_text"] = state["prov"].serialize(format="json")

    def prov_read() -> None:
        ProvDocument.deserialize(content=state["prov_text"], format="json")

    return [
        ("prov build", prov_build),
        ("prov write", prov_write),
        ("prov read", prov_read),
    ]


def _prov_document(ledger: Ledger) -> Any:
    """
    The ledger as a W3C PROV document: sources are agents acting on behalf of
    their affiliations, claims and records are entities, records are
    attributed to their speakers, and reports quote what they relay.
    """
    from prov.model import ProvDocument  # noqa: PLC0415

    doc = ProvDocument()
    doc.add_namespace("pv", "https://example.org/provenance#")
    for source in ledger.sources:
        doc.agent(
            f"pv:source-{source.id}",
            {"pv:name": source.name, "pv:kind": source.kind.value},
        )
        if source.affiliation is not None:
            doc.actedOnBehalfOf(
                f"pv:source-{source.id}", f"pv:source-{source.affiliation.id}"
            )
    for claim in ledger.claims:
        doc.entity(f"pv:claim-{claim.id}", {"pv:text": claim.text})
    for record in ledger.reached:
        name = f"pv:record-{record.id}"
        made_on = dt.datetime.combine(record.made_on, dt.time())
        if isinstance(record, Statement):
            doc.entity(
                name,
                {
                    "pv:stance": record.stance.value,
                    "pv:act": record.stance.act,
                    "pv:claim": f"pv:claim-{record.claim.id}",
                    "pv:made_on": made_on,
                },
            )
            doc.wasAttributedTo(name, f"pv:source-{record.source.id}")
        else:
            assert isinstance(record, Report)  # noqa: S101  # for mypy
            doc.entity(name, {"pv:made_on": made_on})
            doc.wasAttributedTo(name, f"pv:source-{record.reporter.id}")
            doc.wasQuotedFrom(name, f"pv:record-{record.content.id}")
    return doc


def _spec(n: int, *, own: bool = False) -> Spec:
    spec = make_spec(n)
    return own_claims(spec) if own else spec


def measure(n: int, repeat: int, *, own: bool = False) -> dict[str, Any]:
    """
    Run every phase for *n* statements (each with a claim of its own if
    *own*); called in a fresh interpreter.
    """
    spec = _spec(n, own=own)
    times: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name, phase in _phases(spec, n):
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            phase()
            times.setdefault(name, []).append(time.perf_counter() - start)
            cpu.setdefault(name, []).append(time.process_time() - start_cpu)
    peaks: dict[str, int] = {}
    tracemalloc.start()
    for name, phase in _phases(spec, n):
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        phase()
        peaks[name] = tracemalloc.get_traced_memory()[1] - before
        if name == "build":
            peaks["live ledger"] = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return {
        "n": n,
        "times": {name: statistics.median(ts) for name, ts in times.items()},
        "cpu": {name: statistics.median(ts) for name, ts in cpu.items()},
        "all_times": times,
        "all_cpu": cpu,
        "peaks": peaks,
    }


def profile(n: int, top: int, *, own_each: bool = False) -> str:
    """
    Each of provenance's phases for *n* statements once under cProfile: the
    files and the functions that spend the most time in their own code, with
    their share of the phase's time.
    """
    spec = _spec(n, own=own_each)
    lines = [f"N = {n:,}, each phase once under cProfile", ""]
    for name, phase in _phases(spec, n):
        if name.startswith("prov "):
            continue
        gc.collect()
        profiler = cProfile.Profile()
        profiler.runcall(phase)
        entries: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined,unused-ignore]
        total = sum(entry[2] for entry in entries.values())
        files: dict[str, float] = {}
        for (path, _, function), entry in entries.items():
            where = _file(path, function)
            files[where] = files.get(where, 0.0) + entry[2]
        lines += [
            f"{name}: {total:.3f} s profiled",
            "",
            "| share | s | file |",
            "| ---: | ---: | --- |",
        ]
        for where, own in sorted(files.items(), key=lambda item: -item[1])[:top]:
            lines.append(f"| {own / total:.0%} | {own:.3f} | {where} |")
        lines += [
            "",
            "| share | s | calls | function |",
            "| ---: | ---: | ---: | --- |",
        ]
        ranked = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)
        for (path, line, function), (_, calls, own, *_rest) in ranked[:top]:
            where = f"{Path(path).name}:{line}" if line else path
            lines.append(
                f"| {own / total:.0%} | {own:.3f} | {calls:,} | {function} ({where}) |"
            )
        lines.append("")
    return "\n".join(lines)


def _file(path: str, function: str) -> str:
    """
    Where a profiled function's code is: a file's name, the class whose
    methods attrs generated, or the built-in's name.
    """
    if path == "~":
        return f"built-in: {function}"
    if path.startswith("<attrs generated"):
        return "attrs-generated methods of " + path.rstrip(">").rsplit(" ", 1)[-1]
    return Path(path).name


def _row(
    n: int, phase: str, seconds: tuple[float, float] | None, peak: int | None
) -> str:
    """
    One line of the table: *seconds* is (wall, CPU).
    """
    times = ["", "", "", ""]
    if seconds is not None:
        wall, cpu = seconds
        times = [f"{wall:.3f}", f"{cpu:.3f}", f"{wall / n * 1e6:.2f}"]
        times.append(f"{cpu / n * 1e6:.2f}")
    mib = "" if peak is None else f"{peak / 2**20:.1f}"
    kib = "" if peak is None else f"{peak / n / 1024:.2f}"
    return f"| {n:,} | {phase} | {' | '.join(times)} | {mib} | {kib} |"


def _cpu() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or platform.system()
    names = [
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith("model name")
    ]
    return f"{len(names)} x {names[0]}" if names else platform.system()


ROUND_TRIP = ("build", "dumps", "loads")
PROV_ROUND_TRIP = ("prov build", "prov write", "prov read")


def report(results: list[dict[str, Any]]) -> str:
    lines = [
        f"Python {platform.python_version()} on {platform.machine()}, {_cpu()}",
        "",
        (
            "| N | phase | wall s | CPU s | wall us/statement | CPU us/statement "
            "| peak MiB | KiB/statement |"
        ),
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        n, times, cpu, peaks = (
            result["n"],
            result["times"],
            result["cpu"],
            result["peaks"],
        )
        lines.extend(
            _row(n, name, (times[name], cpu[name]), peaks.get(name)) for name in times
        )
        lines.append(_row(n, "live ledger", None, peaks["live ledger"]))
        total = (_sum(times, ROUND_TRIP), _sum(cpu, ROUND_TRIP))
        lines.append(_row(n, "build + dumps + loads", total, None))
    lines.append("")
    for result in results:
        n, times, cpu = result["n"], result["times"], result["cpu"]
        speedup = cpu["assess_all"] / cpu["incremental"]
        lines.append(
            f"N = {n:,}: incremental is {speedup:,.0f}x a full assess_all (CPU time)"
        )
        if "prov build" in times:
            ours = _sum(cpu, ROUND_TRIP)
            theirs = _sum(cpu, PROV_ROUND_TRIP)
            wall = _sum(times, PROV_ROUND_TRIP) / _sum(times, ROUND_TRIP)
            lines.append(
                f"N = {n:,}: prov build + write + read {theirs / n * 1e6:.1f} "
                f"CPU us/statement, {theirs / ours:.1f}x provenance's "
                f"build + dumps + loads in CPU time ({wall:.1f}x in wall time)"
            )
    return "\n".join(lines)


def _sum(times: dict[str, float], names: tuple[str, ...]) -> float:
    return sum(times[name] for name in names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000, 10**6])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also save the raw results")
    parser.add_argument(
        "--own-claims",
        action="store_true",
        help="give every statement a claim of its own (the generated ledgers "
        "have about five statements a claim)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        metavar="TOP",
        help="instead, run each phase once under cProfile and print its TOP "
        "functions by their own time",
    )
    args = parser.parse_args()
    if args.profile:
        for n in args.sizes:
            print(profile(n, args.profile, own_each=args.own_claims))
        return
    if args.one:
        print(json.dumps(measure(args.sizes[0], args.repeat, own=args.own_claims)))
        return
    results = []
    for n in args.sizes:
        done = subprocess.run(  # noqa: S603  # Our own script, fixed arguments.
            [
                sys.executable,
                __file__,
                str(n),
                "--repeat",
                str(args.repeat),
                "--one",
                *(["--own-claims"] if args.own_claims else []),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(done.stdout))
        print(f"N = {n:,} done", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    print(report(results))


if __name__ == "__main__":
    main()
