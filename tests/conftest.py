"""Fixtures on the real Redis and Elasticsearch that `make test` starts.

Each test gets its own Redis database and its own index (and template), wiped before and after.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from elasticsearch import Elasticsearch

from shared import streams
from shared.index_template import template_name

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://localhost:6379/9")
ES_URL = os.environ.get("NEWSFLOW_TEST_ELASTICSEARCH_URL", "http://localhost:9200")


def wait_until(check: Callable[[], Any], timeout: float = 30.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: run the tests with `make test`, which starts it")
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


def open_test_index() -> tuple[Elasticsearch, str]:
    """A client of the test server, and a fresh index name for one test (or module)."""
    client = Elasticsearch(ES_URL, request_timeout=30)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="30s")
    except Exception as exc:
        pytest.fail(f"Elasticsearch is not reachable at {ES_URL} ({exc}): run the tests with `make test`")
    return client, f"newsflow-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def es_index() -> Iterator[tuple[Elasticsearch, str]]:
    client, index = open_test_index()
    yield client, index
    client.options(ignore_status=404).indices.delete(index=index)
    client.options(ignore_status=404).indices.delete_index_template(name=template_name(index))
    client.close()


def documents(es: Elasticsearch, index: str) -> dict[str, dict[str, Any]]:
    if not es.indices.exists(index=index):
        return {}
    es.indices.refresh(index=index)
    hits = es.search(index=index, size=10_000, query={"match_all": {}})["hits"]["hits"]
    return {hit["_id"]: hit["_source"] for hit in hits}


def pending(r: redis.Redis) -> int:
    """Entries some stage has not finished: delivered but not acknowledged, or not delivered yet."""
    total = 0
    for stream, group in streams.GROUPS.items():
        if not r.exists(stream):
            continue
        last_id = r.xinfo_stream(stream)["last-generated-id"]
        for info in r.xinfo_groups(stream):
            if info["name"].decode() == group:
                total += info["pending"] + (info["last-delivered-id"] != last_id)
    return total


def wait_for_documents(
    es: Elasticsearch, index: str, r: redis.Redis, count: int, timeout: float = 60
) -> dict[str, dict[str, Any]]:
    wait_until(lambda: len(documents(es, index)) >= count and pending(r) == 0, timeout=timeout, what=f"{count} docs")
    return documents(es, index)


class Services:
    """The real service processes, started as a user would (`python -m services.<name>`)."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.starts: dict[str, int] = {}

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, *names: str, env: dict[str, str] | None = None) -> None:
        """Start services; a name like "parser#2" starts a second replica of the parser."""
        for name in names:
            assert name not in self.procs, f"{name} already running"
            self.starts[name] = self.starts.get(name, 0) + 1
            out = (self.logs / f"{name}.log").open("ab")
            module = f"services.{name.split('#')[0]}"
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", module],
                env={**self.env, **(env or {})},
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        for name in names:
            expected = self.starts[name]
            wait_until(
                lambda n=name, e=expected: self.log(n).count("started successfully") >= e or self._died(n),
                timeout=120,
                what=f"{name} to start",
            )
            assert not self._died(name), f"{name} exited at start:\n{self.log(name)[-3000:]}"

    def running(self) -> list[str]:
        return list(self.procs)

    def _died(self, name: str) -> bool:
        return self.procs[name].poll() is not None

    def stop(self, name: str, sig: int = signal.SIGTERM) -> int:
        proc = self.procs.pop(name)
        proc.send_signal(sig)
        return proc.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.procs):
            try:
                self.stop(name)
            except subprocess.TimeoutExpired:
                self.stop(name, signal.SIGKILL)


@pytest.fixture
def services(tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]) -> Iterator[Services]:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "logs").mkdir()
    env = {
        **os.environ,
        "NEWSFLOW_REDIS_URL": REDIS_URL,
        "NEWSFLOW_ELASTICSEARCH_URL": ES_URL,
        "NEWSFLOW_INDEX": es_index[1],
        "NEWSFLOW_INBOX": str(tmp_path / "inbox"),
        "NEWSFLOW_SETTLE_SECONDS": "0.3",
        "NEWSFLOW_RESCAN_SECONDS": "0.5",
        "NEWSFLOW_CLAIM_IDLE_MS": "1000",
        "NEWSFLOW_HTTP_PORT": "0",  # any free port: replicas on one machine must not collide
    }
    running = Services(env, tmp_path / "logs")
    yield running
    running.stop_all()
    for log in sorted((tmp_path / "logs").glob("*.log")):
        print(f"----- {log.stem} log -----\n{log.read_text(errors='replace')[-4000:]}")


def drop(inbox: Path, *files: Path, name: str | None = None) -> None:
    """Copy files into the inbox as a user does with `cp`."""
    for file in files:
        shutil.copyfile(file, inbox / (name or file.name))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
