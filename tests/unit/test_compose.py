"""docker-compose.yml, checked with a real compose-file parser (Debian's docker-compose; no engine needed)."""

import re
import shutil
import subprocess
from importlib.metadata import version
from typing import Any

import pytest
import yaml

from tests.support.paths import ROOT

WORKERS = ("watcher", "parser", "enricher", "indexer", "alerter")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    tool = shutil.which("docker-compose")
    if tool is None:
        pytest.fail("docker-compose is not installed: `make test` installs it from Debian's packages")
    result = subprocess.run(
        [tool, "-f", "docker-compose.yml", "config"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"docker-compose rejects the file:\n{result.stderr}"
    parsed: dict[str, Any] = yaml.safe_load(result.stdout)
    return parsed


def test_all_services_are_there_with_health_checks_and_restart_policies(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"redis", "elasticsearch", "kibana", "kibana-setup", "explorer", *WORKERS}
    for name, service in services.items():
        if name == "kibana-setup":  # a one-shot job: runs once, then exits
            assert service["restart"] == "no"
            continue
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name


def test_workers_are_health_checked_on_their_health_endpoint(compose: dict[str, Any]) -> None:
    for name in WORKERS:
        service = compose["services"][name]
        assert service["environment"]["NEWSFLOW_HTTP_PORT"] == "8080"
        assert "http://127.0.0.1:8080/health" in " ".join(service["healthcheck"]["test"])


def test_workers_can_be_scaled(compose: dict[str, Any]) -> None:
    for name in WORKERS:
        service = compose["services"][name]
        assert "container_name" not in service, f"{name}: a fixed name prevents --scale"
        assert "ports" not in service, f"{name}: a host port prevents --scale"
        assert "build" in service
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert compose["services"]["indexer"]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"


def test_redis_persists_and_never_evicts(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command
    assert "--maxmemory-policy noeviction" in command
    assert any(v.endswith(":/data:rw") for v in redis["volumes"])


def test_published_ports_are_local_only(compose: dict[str, Any]) -> None:
    for name in ("redis", "elasticsearch", "kibana", "explorer"):
        for port in compose["services"][name]["ports"]:
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def test_watcher_watches_the_mounted_inbox(compose: dict[str, Any]) -> None:
    watcher = compose["services"]["watcher"]
    assert watcher["environment"]["NEWSFLOW_INBOX"] == "/inbox"
    assert any(v.endswith(":/inbox:rw") and v.startswith(str(ROOT / "inbox")) for v in watcher["volumes"])


def test_elasticsearch_kibana_client_and_local_server_share_a_version(compose: dict[str, Any]) -> None:
    es_image = compose["services"]["elasticsearch"]["image"]
    kibana_image = compose["services"]["kibana"]["image"]
    es_version = es_image.rsplit(":", 1)[1]
    assert kibana_image.rsplit(":", 1)[1] == es_version
    assert compose["services"]["elasticsearch"]["environment"]["xpack.security.enabled"] == "false"
    # The server `make run` / `make test` install is the same version, and the client the same major.
    script = (ROOT / "scripts" / "servers.sh").read_text()
    match = re.search(r'ES_VERSION="\$\{NEWSFLOW_ES_VERSION:-([\d.]+)\}"', script)
    assert match
    assert match.group(1) == es_version
    assert version("elasticsearch").split(".")[0] == es_version.split(".")[0]


def test_kibana_setup_imports_the_saved_objects_once_kibana_runs(compose: dict[str, Any]) -> None:
    setup = compose["services"]["kibana-setup"]
    assert setup["command"] == ["python", "/kibana/setup.py"]
    assert any(v.startswith(str(ROOT / "kibana")) and ":/kibana:ro" in v for v in setup["volumes"])
    assert "kibana" in setup["depends_on"]
    assert (ROOT / "kibana" / "saved_objects.ndjson").is_file()


def test_two_enrichers_by_default_and_no_published_worker_ports(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert services["enricher"]["deploy"]["replicas"] == 2  # the NLP takes the time: a core each
    for name in WORKERS:  # replicas would collide on a published port
        assert not services[name].get("ports"), name
