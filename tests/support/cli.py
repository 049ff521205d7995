"""Running the `newsflow` command as a user runs it."""

import subprocess
import sys

from tests.support.paths import ROOT


def newsflow(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "services.cli", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False, env=env)
