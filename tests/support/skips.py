"""A test that cannot run here: skipped on a workstation, a failure in CI.

Some tests need what a checkout may lack: the BBC corpus beside it, or servers that
scripts/servers.sh started (so that the fault suite may stop and restart them). Without it they
skip, with the reason. In CI (`CI=true`, which `.ci/run` sets) or with `NEWSFLOW_STRICT_SKIPS=1`
the same reason fails the test instead, so that a green CI run means every such test ran.

Deliberate deselections are not this: the compose tests are left out without --compose
(tests/conftest.py), whatever the environment.
"""

import os
from typing import NoReturn

import pytest

STRICT_VARIABLES = ("CI", "NEWSFLOW_STRICT_SKIPS")
OFF = ("", "0", "false", "no")


def strict() -> bool:
    """True when CI or NEWSFLOW_STRICT_SKIPS is set to anything but 0/false/no (CI services set CI=true,
    some CI=1 or their own name)."""
    return any(os.environ.get(name, "").strip().lower() not in OFF for name in STRICT_VARIABLES)


def cannot_run(reason: str) -> NoReturn:
    """Skip the calling test with `reason`; fail it with the same reason when skips are strict."""
    if strict():
        pytest.fail(f"{reason} (a skip is a failure with CI or NEWSFLOW_STRICT_SKIPS set)", pytrace=False)
    pytest.skip(reason)


def require(condition: object, reason: str) -> None:
    """Go on if `condition` holds; else the calling test cannot run here (see cannot_run)."""
    if not condition:
        cannot_run(reason)
