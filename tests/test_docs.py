"""The README documents every setting the code reads."""

import subprocess
import sys
from pathlib import Path

import yaml

from shared import settings
from tests.conftest import ROOT


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    readme = (ROOT / "README.md").read_text()
    classes = [
        settings.WatcherSettings,
        settings.ParserSettings,
        settings.EnricherSettings,
        settings.IndexerSettings,
        settings.ExplorerSettings,
    ]
    names = {f"NEWSFLOW_{field.upper()}" for cls in classes for field in cls.model_fields}
    missing = sorted(name for name in names if f"| `{name}` |" not in readme)
    assert not missing, f"settings missing from README's configuration table: {missing}"


def test_committed_asyncapi_description_matches_the_services(tmp_path: Path) -> None:
    # A fresh process, as `make docs` runs it: the services read their settings at import.
    fresh = tmp_path / "asyncapi.yaml"
    subprocess.run([sys.executable, "-m", "shared.asyncapi", str(fresh)], cwd=ROOT, check=True, capture_output=True)
    committed = (ROOT / "docs" / "asyncapi.yaml").read_text()
    # Compared as data: FastStream does not keep the order of channels stable between runs.
    assert yaml.safe_load(committed) == yaml.safe_load(fresh.read_text()), (
        "docs/asyncapi.yaml is out of date: run `make docs`"
    )
    for stream in ("newsflow:files", "newsflow:articles", "newsflow:enriched", "newsflow:dead"):
        assert f"address: {stream}" in committed
