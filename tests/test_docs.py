"""The README documents every setting the code reads."""

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
