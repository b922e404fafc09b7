from __future__ import annotations

import os

from collections.abc import Iterator
from pathlib import Path

import pytest

from hypothesis import HealthCheck, settings

from provenance.store import Store


# "dev", the default, keeps the edit-test loop quick: 10 examples per property,
# so that `python -m pytest` (which also leaves out the tests marked slow)
# runs in well under a minute. CI runs "ci", with the 200 examples per
# property the project promises, and every test. Choose one with
# HYPOTHESIS_PROFILE.
settings.register_profile(
    # No deadline: speed is measured in benchmarks/, never by timing tests,
    # and a busy machine must not fail a property.
    "dev",
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# "soak" hunts rare counterexamples before a release; too slow for CI.
settings.register_profile(
    "soak",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)


# The store the store tests share (tests/test_store.py and
# tests/test_store_defects.py): a fresh file in the test's own folder.
@pytest.fixture
def path(tmp_path: Path) -> Path:
    """
    Where the test's store lives: ``desk.db`` in its temporary folder.
    """
    return tmp_path / "desk.db"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    """
    A new store at `path`, open for the test and closed after it.
    """
    with Store.open(path) as opened:
        yield opened
