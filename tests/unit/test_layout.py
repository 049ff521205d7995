"""The house rules a newcomer relies on: the settings of every service agree, importing a module
has no side effects, and the library never depends on its apps."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared import settings
from tests.support.paths import ROOT

SERVICE_SETTINGS = [
    settings.WatcherSettings,
    settings.ParserSettings,
    settings.EnricherSettings,
    settings.IndexerSettings,
    settings.ExplorerSettings,
    settings.CommandLineSettings,
]
LOGGING = [cls for cls in SERVICE_SETTINGS if issubclass(cls, settings.LoggingSettings)]


@pytest.mark.parametrize("cls", LOGGING, ids=lambda cls: cls.__name__)
def test_every_service_reads_the_log_level_the_same_way(
    cls: type[settings.LoggingSettings], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The explorer once re-declared log_level without the check: with "info" the workers started and
    # the explorer crashed in logging.setLevel("info").
    monkeypatch.setenv("NEWSFLOW_LOG_LEVEL", "info")
    assert cls().log_level == "INFO"
    monkeypatch.setenv("NEWSFLOW_LOG_LEVEL", "chatty")
    with pytest.raises(ValidationError, match="unknown log level 'chatty'"):
        cls()


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    readme = (ROOT / "README.md").read_text()
    names = {f"NEWSFLOW_{field.upper()}" for cls in SERVICE_SETTINGS for field in cls.model_fields}
    missing = sorted(name for name in names if f"| `{name}` |" not in readme)
    assert not missing, f"settings missing from README's configuration table: {missing}"


def test_each_worker_has_its_own_default_port_and_zero_means_any() -> None:
    ports = [cls().port for cls in (settings.WatcherSettings, settings.ParserSettings, settings.EnricherSettings)]
    assert [*ports, settings.IndexerSettings().port] == [8101, 8102, 8103, 8104]
    assert settings.ParserSettings(http_port=0).port == 0


def test_a_password_in_the_redis_url_is_refused_everywhere() -> None:
    for cls in SERVICE_SETTINGS:
        if issubclass(cls, settings.RedisSettings):
            with pytest.raises(ValidationError, match="NEWSFLOW_REDIS_PASSWORD"):
                cls(redis_url="redis://:secret@localhost:6379/0")


IMPORT_EVERYTHING = """
import importlib, logging, pkgutil, prometheus_client
import services, shared
names = [m.name for pkg in (shared, services) for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]
names = [n for n in names if not n.endswith("__main__")]
for name in names:
    importlib.import_module(name)
assert logging.getLogger().handlers == [], logging.getLogger().handlers
ours = [m for m in prometheus_client.REGISTRY._names_to_collectors if "newsflow" in m or "explorer" in m]
assert not ours, ours
print(len(names))
"""


def test_importing_any_module_reads_no_settings_and_touches_no_logging_or_metrics() -> None:
    # A log level no settings class accepts: reading settings at import would fail here.
    env = {"NEWSFLOW_LOG_LEVEL": "not-a-level", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 30


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_library_never_imports_the_apps() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imports_of(path) if m.split(".")[0] == "services")
        for path in (ROOT / "shared").rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_the_message_contracts_import_nothing_of_ours() -> None:
    ours = {m for m in imports_of(ROOT / "shared" / "contracts.py") if m.split(".")[0] in ("shared", "services")}
    assert ours == set()


def test_the_index_does_not_import_the_enrichment() -> None:
    # Both read the shared vocabulary (shared/lexicon) and fingerprints; neither depends on the other's code.
    offenders = {
        str(path.relative_to(ROOT)): sorted(m for m in imports_of(path) if m.startswith("shared.enrichment"))
        for path in (ROOT / "shared" / "index").rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_no_module_is_longer_than_a_reader_can_hold() -> None:
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text().splitlines())
        for folder in ("services", "shared", "benchmarks")
        for path in (ROOT / folder).rglob("*.py")
    }
    assert {path: n for path, n in lengths.items() if n > 360} == {}
