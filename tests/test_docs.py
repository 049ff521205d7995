"""The README documents every setting the code reads."""

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


def test_committed_asyncapi_description_matches_the_services() -> None:
    from shared.asyncapi import specification

    committed = (ROOT / "docs" / "asyncapi.yaml").read_text()
    # Compared as data: FastStream does not keep the order of channels stable between runs.
    assert yaml.safe_load(committed) == yaml.safe_load(specification()), (
        "docs/asyncapi.yaml is out of date: run `make docs`"
    )
    for stream in ("newsflow:files", "newsflow:articles", "newsflow:enriched", "newsflow:dead"):
        assert f"address: {stream}" in committed
