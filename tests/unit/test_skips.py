"""A test that cannot run here (tests/support/skips.py) skips on a workstation and fails in CI: pytest
run on one corpus test with an empty corpus folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import ROOT
from tests.support.skips import STRICT_VARIABLES

CORPUS_TEST = (
    "tests/unit/test_formats.py::test_every_bbc_file_gives_one_article_with_its_first_line_as_title_and_every_paragraph"
)


def pytest_without_corpus(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in STRICT_VARIABLES}
    env |= {"NEWSFLOW_CORPUS": str(tmp_path), **variables}
    command = [sys.executable, "-m", "pytest", CORPUS_TEST, "-q", "-rfEs", "-p", "no:cacheprovider"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_without_ci_a_missing_corpus_skips_with_the_reason(tmp_path: Path) -> None:
    result = pytest_without_corpus(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert f"needs the BBC corpus in {tmp_path / 'bbc'}" in result.stdout


@pytest.mark.parametrize(
    "variables", [{"CI": "true"}, {"CI": "1"}, {"NEWSFLOW_STRICT_SKIPS": "1"}], ids=["CI=true", "CI=1", "strict"]
)
def test_in_ci_a_missing_corpus_fails_with_the_reason(tmp_path: Path, variables: dict[str, str]) -> None:
    result = pytest_without_corpus(tmp_path, **variables)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 failed" in result.stdout
    assert "skipped" not in result.stdout
    assert f"needs the BBC corpus in {tmp_path / 'bbc'}" in result.stdout  # the reason, as a failure


def test_ci_set_to_false_keeps_the_skip(tmp_path: Path) -> None:
    result = pytest_without_corpus(tmp_path, CI="false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
