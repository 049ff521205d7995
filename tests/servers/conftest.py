"""Fixtures the tests of tests/servers share: the environment of a command run on the test servers,
the explorer's API in-process, and the seed documents indexed. Each builds on `es_index` (and the
test's own `redis_client` where it touches Redis), which tests/conftest.py deletes or flushes
afterwards."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from services.explorer import create_app
from shared.settings import ExplorerSettings
from tests.support.explorer import index_documents, seed_documents
from tests.support.servers import ES_URL, REDIS_URL

SERVER_VARIABLES = ("NEWSFLOW_REDIS_URL", "NEWSFLOW_ELASTICSEARCH_URL", "NEWSFLOW_INDEX")


@pytest.fixture
def env(es_index: tuple[Elasticsearch, str]) -> dict[str, str]:
    """The environment for a `newsflow` command or a service on the test servers and this test's index.
    (It points at the tests' Redis database; a test that uses Redis takes `redis_client`, which flushes it.)"""
    return {
        **os.environ,
        "NEWSFLOW_REDIS_URL": REDIS_URL,
        "NEWSFLOW_ELASTICSEARCH_URL": ES_URL,
        "NEWSFLOW_INDEX": es_index[1],
    }


@pytest.fixture
def client(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The explorer's app on the test servers and this test's index, its lifespan run (`with`) and closed."""
    for name in SERVER_VARIABLES:
        monkeypatch.setenv(name, env[name])
    with TestClient(create_app(ExplorerSettings())) as test_client:
        yield test_client


@pytest.fixture
def docs(es_index: tuple[Elasticsearch, str]) -> dict[str, dict[str, Any]]:
    """The seed documents (and three BBC ones with the corpus), indexed into this test's index; id -> body."""
    documents = dict(seed_documents())
    index_documents(*es_index, documents)
    return documents
