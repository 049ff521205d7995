"""Replicas side by side on one machine, started as the README says (`python -m services.<stage>`
again, no port given): they do not collide on the /health port, `newsflow status` lists each with
its port, and they share the work."""

import re
import signal
import subprocess
import sys
from pathlib import Path

import redis
from elasticsearch import Elasticsearch

from tests.support.paths import BBC, ROOT, SEEDS
from tests.support.servers import documents, wait_for_documents
from tests.support.services import Services, drop

REPLICATED = ("parser", "parser#2", "enricher", "enricher#2", "indexer", "indexer#2")


def test_two_replicas_of_each_stage_start_on_their_own_ports_and_share_the_work(
    services: Services, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    inbox = Path(services.env["NEWSFLOW_INBOX"])
    # Small reads so that one replica cannot take the whole burst in one batch.
    services.start("watcher", *REPLICATED, env={"NEWSFLOW_MAX_RECORDS": "2"}, default_port=True)
    ports = {name: services.ports[name] for name in ("watcher", *REPLICATED)}
    assert len(set(ports.values())) == len(ports), f"two replicas on one port: {ports}"
    # (Which replica gets the service's default port depends on what else runs here: tests/unit/test_runtime.py.)
    listed = services.listed()
    assert sorted(r["service"] for r in listed.values()) == sorted(["watcher", *(n.split("#")[0] for n in REPLICATED)])

    status = subprocess.run(
        [sys.executable, "-m", "services.cli", "status"], cwd=ROOT, env=services.env, capture_output=True, text=True
    )
    assert status.returncode == 0, status.stderr
    for name, port in ports.items():
        line = next(
            (row for row in status.stdout.splitlines() if f":{port}/health" in row),
            None,
        )
        assert line is not None, f"{name} (port {port}) is not in `newsflow status`:\n{status.stdout}"
        assert line.split()[0] == name.split("#")[0]
        assert line.rstrip().endswith("ok"), line
    index = services.env["NEWSFLOW_INDEX"]
    assert f"index {index} ({index}-v1): " in status.stdout, "the name and the version it reads"

    files = sorted(BBC.glob("business/*.txt"))[:20] if BBC.is_dir() else []
    files = files or [*SEEDS]
    for file in files:
        drop(inbox, file, name=f"{file.parent.name}-{file.name}")
    expected = len(files) if BBC.is_dir() else 3
    wait_for_documents(es, index, redis_client, expected, timeout=240)
    assert len(documents(es, index)) == expected

    if BBC.is_dir():  # enough articles for both replicas of each stage to take some
        for stage, event in (("parser", "parsed"), ("enricher", "enriched"), ("indexer", "indexed")):
            replicas = (stage, f"{stage}#2")
            worked = {name: len(re.findall(rf"\b{event}\b", services.log(name))) for name in replicas}
            assert all(worked.values()), f"a {stage} replica did no work: {worked}"

    services.stop_all()
    assert services.listed() == {}, "a replica that stopped is no longer listed"


def test_a_replica_killed_without_warning_is_pruned_when_another_starts(services: Services) -> None:
    services.start("parser", default_port=True)
    (killed,) = services.listed()
    services.stop("parser", signal.SIGKILL)  # no shutdown hook runs
    assert killed in services.listed()
    services.start("parser#2", default_port=True)
    assert killed not in services.listed()
    assert len(services.listed()) == 1
