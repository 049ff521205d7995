"""Fault injection on the real servers and the real service processes (`make test-faults`).

500 BBC corpus files flow through two replicas of every stage while replicas are killed with
SIGKILL, Elasticsearch is stopped for 30 s, or Redis restarts. In the end every article is in
Elasticsearch exactly once, nothing is pending and nothing is in dead letters.
"""

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import redis
from elasticsearch import Elasticsearch

from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from shared.parsing import parse_file
from tests.support.paths import ROOT, bbc_files
from tests.support.servers import documents, free_port, get, pending, wait_for_documents, wait_until
from tests.support.services import Services
from tests.support.skips import require

pytestmark = pytest.mark.faults

DATA = Path(os.environ.get("NEWSFLOW_DATA", ROOT / ".data"))
WORKERS = ("parser", "enricher", "indexer")
REPLICAS = [f"{stage}#{n}" for stage in WORKERS for n in (1, 2)]


def corpus_sample(count: int = 500) -> list[Path]:
    return random.Random(7).sample(bbc_files(), count)


def expected_ids(files: list[Path]) -> set[str]:
    """What the parser alone makes of the files: the ids Elasticsearch must hold, once each."""
    return {a.id for f in files for a in parse_file(f.name, f.read_bytes()).articles}


def drop_all(inbox: Path, files: list[Path]) -> None:
    for f in files:  # unique names: every category numbers its files from 001
        shutil.copyfile(f, inbox / f"{f.parent.name}-{f.name}")


def servers(command: str) -> None:
    subprocess.run(["bash", "scripts/servers.sh", command], cwd=ROOT, check=True, timeout=300)


def assert_exactly_once(es: Elasticsearch, index: str, r: redis.Redis, ids: set[str]) -> None:
    docs = wait_for_documents(es, index, r, len(ids), timeout=600)
    assert set(docs) == ids
    assert es.count(index=index)["count"] == len(ids)
    assert pending(r) == 0
    assert list_dead(r) == []


@pytest.fixture
def pipeline(services: Services) -> Services:
    services.env.update({"NEWSFLOW_CLAIM_IDLE_MS": "2000", "NEWSFLOW_MAX_BACKOFF_SECONDS": "2"})
    services.start("watcher", *REPLICAS)
    return services


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_replicas_killed_while_files_flow(
    pipeline: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str], sig: int
) -> None:
    es, index = es_index
    files = corpus_sample()
    ids = expected_ids(files)
    drop_all(tmp_path / "inbox", files)
    rng = random.Random(11)
    for _ in range(6):
        time.sleep(rng.uniform(1.0, 3.0))
        victim = rng.choice(REPLICAS)
        pipeline.stop(victim, sig)
        pipeline.start(victim)
    assert_exactly_once(es, index, redis_client, ids)


def test_elasticsearch_down_for_30_seconds(
    pipeline: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    require(
        any(DATA.glob("elasticsearch-*/es.pid")),
        "Elasticsearch was not started by scripts/servers.sh: cannot stop and start it here",
    )
    es, index = es_index
    port = free_port()
    pipeline.stop("indexer#1")
    pipeline.start("indexer#1", env={"NEWSFLOW_HTTP_PORT": str(port)})
    files = corpus_sample()
    ids = expected_ids(files)
    drop_all(tmp_path / "inbox", files)
    wait_until(lambda: len(documents(es, index)) > 0, what="indexing to begin")
    servers("stop-es")
    status, body = get(f"http://127.0.0.1:{port}/health")
    assert status == 503
    assert "Elasticsearch" in body
    time.sleep(30)
    servers("ensure")
    assert_exactly_once(es, index, redis_client, ids)
    assert get(f"http://127.0.0.1:{port}/health")[0] == 200
    assert "Elasticsearch write failed, retrying" in pipeline.log("indexer#1") + pipeline.log("indexer#2")


def test_redis_restarts_while_files_flow(
    pipeline: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    require(
        (DATA / "redis" / "redis.pid").exists(),
        "Redis was not started by scripts/servers.sh: cannot restart it here",
    )
    es, index = es_index
    files = corpus_sample()
    ids = expected_ids(files)
    drop_all(tmp_path / "inbox", files)
    wait_until(lambda: redis_client.xlen(streams.ENRICHED) > 0, what="messages to flow")
    servers("stop-redis")
    time.sleep(3)
    servers("ensure")
    assert_exactly_once(es, index, redis_client, ids)
