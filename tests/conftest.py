"""Fixtures on the real Redis and Elasticsearch that `make test` starts, and markers by folder.

Tests use one Redis database (9, or NEWSFLOW_TEST_REDIS_URL), flushed before and after each test
that takes `redis_client`, so tests that touch Redis run one at a time. Each test that takes
`es_index` gets its own index and template, deleted afterwards.

    tests/unit/     no server                         marker `unit`
    tests/servers/  real Redis and/or Elasticsearch   marker `servers`
    tests/e2e/      the real service processes        marker `e2e` (and `faults` for tests/e2e/test_faults.py)
    tests/browser/  the explorer in Chromium          marker `browser`
    tests/compose/  the Docker stack (`make test-compose`, which passes --compose)  marker `compose`
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from elasticsearch import Elasticsearch

from tests.support.servers import ES_URL, REDIS_URL, drop_test_index, open_test_index
from tests.support.services import Services

TESTS = Path(__file__).parent
FOLDER_MARKERS = {"unit": "unit", "servers": "servers", "e2e": "e2e", "browser": "browser", "compose": "compose"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--compose",
        action="store_true",
        help="also run tests/compose, the Docker stack (needs the engine and images of tests/compose/images.sh)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(item.fspath).relative_to(TESTS).parts[0]
        if folder in FOLDER_MARKERS:
            item.add_marker(FOLDER_MARKERS[folder])
    if not config.getoption("--compose"):
        # Deselected, not skipped: `make test` runs them in their own step, `make test-compose`.
        kept = [item for item in items if "compose" not in item.keywords]
        config.hook.pytest_deselected(items=[item for item in items if "compose" in item.keywords])
        items[:] = kept


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


@pytest.fixture
def es_index() -> Iterator[tuple[Elasticsearch, str]]:
    client, index = open_test_index()
    yield client, index
    drop_test_index(index)
    client.close()


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
    }
    running = Services(env, tmp_path / "logs")
    yield running
    running.stop_all()
    for log in sorted((tmp_path / "logs").glob("*.log")):
        print(f"----- {log.stem} log -----\n{log.read_text(errors='replace')[-4000:]}")
