"""
The benchmark regression guard's verdict (benchmarks/guard.py): it fails
only on a drop of more than half against the recorded ratios. Nothing here
is timed; speed is measured by the guard itself, in CI's ``bench`` session.
"""

from __future__ import annotations

import importlib.util
import json

from pathlib import Path
from typing import Any

import pytest


GUARD = Path(__file__).parents[1] / "benchmarks" / "guard.py"


def _load_guard() -> Any:
    spec = importlib.util.spec_from_file_location("benchmark_guard", GUARD)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


guard = _load_guard()
RECORDED = {"round trip": 0.04, "assess_all": 0.1}


@pytest.mark.parametrize(
    "current",
    [
        RECORDED,
        {"round trip": 0.08, "assess_all": 0.3},  # faster
        {"round trip": 0.03, "assess_all": 0.07},  # noise: 75 and 70 %
        {"round trip": 0.02, "assess_all": 0.05},  # exactly half
        {"round trip": 0.04, "assess_all": 0.1, "new phase": 0.001},  # not recorded
    ],
)
def test_passes_unless_a_ratio_drops_by_more_than_half(
    current: dict[str, float],
) -> None:
    assert guard.regressions(RECORDED, current) == []


@pytest.mark.parametrize(
    ("current", "failed"),
    [
        ({"round trip": 0.0199, "assess_all": 0.1}, ["round trip"]),
        ({"round trip": 0.04, "assess_all": 0.049}, ["assess_all"]),
        ({"round trip": 0.001, "assess_all": 0.01}, ["round trip", "assess_all"]),
        ({"round trip": 0.04}, ["assess_all"]),  # recorded, not measured
    ],
)
def test_fails_on_a_drop_of_more_than_half(
    current: dict[str, float], failed: list[str]
) -> None:
    failures = guard.regressions(RECORDED, current)
    assert [message.split(":")[0] for message in failures] == failed


def test_the_message_says_how_far_it_fell() -> None:
    (message,) = guard.regressions({"round trip": 0.04}, {"round trip": 0.01})
    assert message.startswith("round trip: ratio 0.0100 is 25% of the recorded 0.0400")


def test_the_recorded_file_holds_every_guarded_ratio() -> None:
    record = json.loads(GUARD.with_name("guard.json").read_text())
    assert set(record["ratios"]) == set(guard.PHASES)
    assert all(ratio > 0 for ratio in record["ratios"].values())
    assert {"measured", "machine", "how"} <= set(record)
