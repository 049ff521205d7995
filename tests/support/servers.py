"""The real Redis and Elasticsearch that `make test` starts, and waiting on them."""

import os
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import redis
from elasticsearch import Elasticsearch

from shared.delivery import streams
from shared.index.versions import drop_index, ensure_index, on_index

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


def get(url: str) -> tuple[int, str]:
    """(status, body) of a GET; a refused connection is status 0."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def open_test_index() -> tuple[Elasticsearch, str]:
    """A client of the test server, and a fresh index name for one test (or module)."""
    client = Elasticsearch(ES_URL, request_timeout=30)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="30s")
    except Exception as exc:
        pytest.fail(f"Elasticsearch is not reachable at {ES_URL} ({exc}): run the tests with `make test`")
    return client, f"newsflow-test-{uuid.uuid4().hex[:8]}"


def create_test_index(index: str) -> str:
    """The index as the indexer makes it (template, version 1 behind the alias `index`); its version's name."""
    return on_index(ES_URL, ensure_index, index)


def drop_test_index(index: str) -> None:
    """Every version of the test index, and its template."""
    on_index(ES_URL, drop_index, index)


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
