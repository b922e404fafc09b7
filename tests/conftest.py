from __future__ import annotations

import os

from hypothesis import HealthCheck, settings


# "dev" keeps the edit-test loop quick; CI runs "ci", with the 200 examples
# per property the project promises. Choose one with HYPOTHESIS_PROFILE.
settings.register_profile(
    "dev", max_examples=50, suppress_health_check=[HealthCheck.too_slow]
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
