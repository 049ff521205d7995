"""The committed docs match the code."""

import subprocess
import sys
from pathlib import Path

import yaml

from tests.support.paths import ROOT


def test_committed_asyncapi_description_matches_the_services(tmp_path: Path) -> None:
    # A fresh process, as `make docs` runs it.
    fresh = tmp_path / "asyncapi.yaml"
    subprocess.run([sys.executable, "-m", "services.asyncapi", str(fresh)], cwd=ROOT, check=True, capture_output=True)
    committed = (ROOT / "docs" / "asyncapi.yaml").read_text()
    # Compared as data: FastStream does not keep the order of channels stable between runs.
    assert yaml.safe_load(committed) == yaml.safe_load(fresh.read_text()), (
        "docs/asyncapi.yaml is out of date: run `make docs`"
    )
    for stream in (
        "newsflow:files",
        "newsflow:articles",
        "newsflow:enriched",
        "newsflow:indexed",
        "newsflow:alerts",
        "newsflow:dead",
    ):
        assert f"address: {stream}" in committed
