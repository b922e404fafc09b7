"""
The benchmark regression guard: a few seconds of CPU time that CI spends to
check that the round trip and ``assess_all`` have not become much slower.

    python benchmarks/guard.py             # measure, compare, exit 1 on a drop
    python benchmarks/guard.py --record    # measure and rewrite guard.json

What it measures, in CPU time (``time.process_time``), for a ledger of
``--size`` statements drawn by ``benchmarks/generate.py`` (5,000 by default):

- the round trip: the ledger built through the public constructors,
  ``Ledger.of`` and its index (as the build phase of ``benchmarks/run.py``),
  then ``dumps`` and ``loads`` with every id verified;
- ``assess_all`` of the built ledger;
- the baseline: ``json.dumps`` of the generator's spec of the same ledger
  (its sources, channels, claims and statements as plain lists, strings and
  numbers) and ``json.loads`` of that text.

The baseline does the same amount of work (it scales with the same
statements, claims and sources), runs in the same process at the same moment,
and depends on nothing in ``provenance``: not on the library's code, nor on
its document format, so no change to the library can move it. Timing
``json`` on the library's own document would shrink the baseline whenever
the document shrinks and report a faster library as a regression. ``json``'s
encoder and decoder are C, so the baseline follows the machine (a busy or
slower machine slows both), and the ratio stays put while only the library
changes.

Each figure is the best (least) of ``--repeat`` runs, interleaved (baseline,
round trip, ``assess_all``, then again), each after a full collection: on a
shared machine other jobs only ever add time, so the least is the closest to
the work itself. The ratio of each guarded phase is the baseline's time
divided by the phase's time, "speed relative to json": higher is faster, and
a slower library lowers it.

The guard fails (exit status 1) only when a ratio has dropped to less than
half the one recorded in ``benchmarks/guard.json``: the phase has become more
than twice as slow relative to the baseline. Measured run to run on the
machine of the record the ratios move by 10 to 25 %, busy or not (see
docs/performance.md), so noise never fails it, and a regression that undoes
the work of the performance issue does. Re-record (``--record``) only
deliberately, in a commit that says why: after a change that makes the
library faster (so that the guard protects the gain), or after one that
accepts a slower library.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import sys
import time

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from provenance import assess_all, dumps, loads


RECORD = Path(__file__).with_name("guard.json")

# A ratio may fall to this fraction of the recorded one before the guard fails.
FLOOR = 0.5

# The phases guarded, each compared with the baseline.
PHASES = ("round trip", "assess_all")

# The baseline is short (about a tenth of the round trip): take the least of
# this many runs of it within each run of the phases.
BASELINE_RUNS = 3


def regressions(
    recorded: Mapping[str, float], current: Mapping[str, float]
) -> list[str]:
    """
    One message for each recorded ratio that *current* has dropped to less
    than ``FLOOR`` times (a drop of more than half); empty if none has.

    A phase measured but not recorded is not compared; a phase recorded but
    not measured is reported.
    """
    failures = []
    for phase, before in recorded.items():
        now = current.get(phase)
        if now is None:
            failures.append(f"{phase}: recorded, but not measured")
        elif now < before * FLOOR:
            failures.append(
                f"{phase}: ratio {now:.4f} is {now / before:.0%} of the recorded "
                f"{before:.4f}, below the floor of {FLOOR:.0%}: more than twice as "
                f"slow relative to the baseline"
            )
    return failures


def _cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    """
    The CPU time *work* takes after a full collection, and what it returns.
    """
    gc.collect()
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def _build(spec: Any) -> Any:
    from generate import build  # noqa: PLC0415  # See _spec.

    ledger = build(spec)
    ledger.reached  # noqa: B018  # A ledger is built with its index.
    return ledger


def _spec(n: int) -> Any:
    """
    The generator's spec of a ledger of *n* statements. benchmarks/ joins the
    path only here, so that the tests can import this module for
    `regressions` without it.
    """
    sys.path.insert(0, str(Path(__file__).parent))
    from generate import make_spec  # noqa: PLC0415

    return make_spec(n)


def _once(spec: Any) -> dict[str, float]:
    """
    The CPU time of the baseline (the least of three) and of each phase.
    """
    baseline = min(
        _cpu(lambda: json.loads(json.dumps(spec)))[0] for _ in range(BASELINE_RUNS)
    )
    built, ledger = _cpu(partial(_build, spec))
    written, text = _cpu(partial(dumps, ledger))
    read, loaded = _cpu(partial(loads, text))
    del loaded, text
    assessed, _ = _cpu(partial(assess_all, ledger))
    return {
        "baseline": baseline,
        "build": built,
        "dumps": written,
        "loads": read,
        "round trip": built + written + read,
        "assess_all": assessed,
    }


def measure(spec: Any, repeat: int) -> dict[str, float]:
    """
    The least CPU time, in seconds, of the baseline, of each phase of the
    round trip and of ``assess_all`` over *repeat* interleaved runs.
    """
    runs = [_once(spec) for _ in range(repeat)]
    return {name: min(run[name] for run in runs) for name in runs[0]}


def ratios(times: Mapping[str, float]) -> dict[str, float]:
    """
    The baseline's time divided by each guarded phase's.
    """
    return {phase: times["baseline"] / times[phase] for phase in PHASES}


def _machine() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        text = ""
    names = [
        line.split(":", 1)[1].strip()
        for line in text.splitlines()
        if line.startswith("model name")
    ]
    cpu = f"{len(names)} x {names[0]}" if names else platform.processor()
    return f"Python {platform.python_version()} on {platform.machine()}, {cpu}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=5_000, help="statements")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the least counts")
    parser.add_argument(
        "--record", action="store_true", help=f"rewrite {RECORD.name} from this run"
    )
    args = parser.parse_args()
    started = time.process_time()
    spec = _spec(args.size)
    times = measure(spec, args.repeat)
    current = ratios(times)
    n = args.size
    print(f"{n:,} statements, least CPU time of {args.repeat} runs ({_machine()}):")
    for name in ("baseline", "build", "dumps", "loads", *PHASES):
        per = times[name] / n * 1e6
        print(f"  {name:<10} {times[name]:8.4f} s  {per:6.2f} us/statement")
    for phase in PHASES:
        print(
            f"ratio {phase}: {current[phase]:.4f} (baseline / {phase}; "
            f"{phase} costs {1 / current[phase]:.1f} baselines)"
        )
    if args.record:
        RECORD.write_text(
            json.dumps(
                {
                    "ratios": {phase: round(current[phase], 4) for phase in PHASES},
                    "measured": dt.datetime.now(dt.timezone.utc).date().isoformat(),
                    "machine": _machine(),
                    "how": (
                        f"python benchmarks/guard.py --record: {n} statements, "
                        f"least CPU time of {args.repeat} interleaved runs; ratio = "
                        f"CPU time of the baseline (json.dumps and json.loads of "
                        f"the generator's spec) / CPU time of the phase"
                    ),
                    "size": n,
                    "repeat": args.repeat,
                },
                indent=2,
            )
            + "\n"
        )
        print(f"recorded in {RECORD}")
        return 0
    if not RECORD.exists():
        print(f"no ratios recorded in {RECORD}: run with --record first")
        return 2
    record = json.loads(RECORD.read_text())
    recorded: dict[str, float] = record["ratios"]
    for phase, before in recorded.items():
        if phase in current:
            print(
                f"{phase}: {current[phase] / before:.0%} of the ratio recorded "
                f"on {record['measured']} ({before:.4f}); fails below {FLOOR:.0%}"
            )
    failures = regressions(recorded, current)
    took = time.process_time() - started
    if failures:
        print("\nbenchmark guard FAILED:", *failures, sep="\n  ")
        print(
            "A phase has become more than twice as slow relative to plain json. "
            "Find the change that slowed it (benchmarks/run.py times each phase); "
            "if the slowdown is deliberate, re-record with --record in a commit "
            "that says why."
        )
        return 1
    print(f"benchmark guard passed ({took:.1f} s of CPU time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
