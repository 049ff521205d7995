"""Watches on the real Redis and Elasticsearch: added, refused with the reason, listed and removed
from the command line and the explorer's API; the alerts stream read live as Server-Sent Events;
and the matching rule: an article alerts a watch once, and an article changed so that it now
matches does alert."""

import asyncio
import json
import logging
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis
import redis.asyncio
from elasticsearch import AsyncElasticsearch, Elasticsearch
from fastapi.testclient import TestClient
from faststream.redis import RedisBroker

from shared.alerts.matching import new_alerts, remember
from shared.contracts import Alert, AlertArticle, IndexedArticles, Watch
from shared.delivery import streams
from shared.index.documents import with_search_fields
from shared.index.versions import ensure_index
from tests.support.cli import newsflow
from tests.support.explorer import index_documents, seed_documents
from tests.support.servers import ES_URL, REDIS_URL, free_port
from tests.support.services import Services


@pytest.mark.parametrize(
    ("name", "query", "webhook", "reason"),
    [
        ("typo", 'persn:"Tony Blair"', None, "unknown filter persn:"),
        ("no-words", "   ", None, "query: String should have at least 1 character"),
        ("bad-date", "Iran since:2025-13", None, "not a date: since:2025-13"),
        ("has space", "Iran", None, "name: String should match pattern"),
        ("bad-hook", "Iran", "ftp://example.org/x", "webhook: String should match pattern"),
    ],
)
def test_a_watch_that_cannot_work_is_refused_with_the_reason(
    env: dict[str, str], redis_client: redis.Redis, name: str, query: str, webhook: str | None, reason: str
) -> None:
    result = newsflow("watch", "add", name, query, *(["--webhook", webhook] if webhook else []), env=env)
    assert result.returncode == 1
    assert reason in result.stderr
    assert redis_client.hlen(streams.WATCHES) == 0


def test_watches_are_added_listed_and_removed_from_the_command_line(
    env: dict[str, str], redis_client: redis.Redis
) -> None:
    added = newsflow("watch", "add", "gaza", "ceasefire place:Gaza", "--webhook", "http://127.0.0.1:9/x", env=env)
    assert added.returncode == 0, added.stderr
    assert "watch 'gaza' added" in added.stdout
    again = newsflow("watch", "add", "gaza", "anything", env=env)
    assert again.returncode == 1
    assert "a watch named 'gaza' exists" in again.stderr
    listed = newsflow("watch", "list", env=env)
    assert "gaza" in listed.stdout
    assert "ceasefire place:Gaza" in listed.stdout
    assert "http://127.0.0.1:9/x" in listed.stdout
    status = newsflow("status", env=env)
    assert "gaza" in status.stdout
    assert "newsflow:alerts" in status.stdout
    assert newsflow("watch", "rm", "gaza", env=env).returncode == 0
    gone = newsflow("watch", "rm", "gaza", env=env)
    assert gone.returncode == 1
    assert "no watch named 'gaza'" in gone.stderr
    assert newsflow("watch", "test", "gaza", env=env).returncode == 1


def test_the_explorer_api_adds_lists_and_removes_watches(client: TestClient, redis_client: redis.Redis) -> None:
    created = client.post("/api/watches", json={"name": "iran", "query": "place:Iran", "webhook": None})
    assert created.status_code == 201, created.text
    assert created.json()["query"] == "place:Iran"
    refused = client.post("/api/watches", json={"name": "bad", "query": "persn:Blair"})
    assert refused.status_code == 400
    assert "unknown filter persn:" in refused.json()["detail"]
    taken = client.post("/api/watches", json={"name": "iran", "query": "Iran"})
    assert taken.status_code == 409
    redis_client.hset(streams.ALERTED + "iran", "some-article", "2026-12-05T10:00:00+00:00")
    (listed,) = client.get("/api/watches").json()
    assert listed["name"] == "iran"
    assert listed["alerted"] == 1
    assert listed["latest"] == [{"id": "some-article", "title": None, "alerted_at": "2026-12-05T10:00:00+00:00"}]
    assert client.delete("/api/watches/iran").status_code == 204
    assert client.delete("/api/watches/iran").status_code == 404
    assert client.get("/api/watches").json() == []
    assert not redis_client.exists(streams.ALERTED + "iran"), "its memory goes with it"


async def test_an_article_alerts_a_watch_once_and_again_only_when_it_newly_matches(
    es_index: tuple[Elasticsearch, str], redis_client: redis.Redis
) -> None:
    es, index = es_index
    async_es = AsyncElasticsearch(ES_URL)
    async_redis = redis.asyncio.Redis.from_url(REDIS_URL)
    try:
        await ensure_index(async_es, index)  # as the indexer makes it
        docs = seed_documents()
        index_documents(es, index, docs)
        article = next(i for i, d in docs.items() if "Ben-Gvir" in d["title"])
        watch = Watch(name="zebra", query="zebra crossing")
        written = [IndexedArticles(ids=list(docs), index=index)]
        logger = logging.getLogger("test")
        assert await new_alerts(async_es, async_redis, [watch], written, "http://x", logger) == []
        # The article changes (a correction, a re-enrichment) so that it now matches.
        changed = with_search_fields({**docs[article], "body": docs[article]["body"] + " A zebra crossing."}, "python")
        es.index(index=index, id=article, document=changed)  # not refreshed, as in a burst
        alerts = await new_alerts(async_es, async_redis, [watch], written, "http://x", logger)
        assert [(a.watch, a.article.id) for a in alerts] == [("zebra", article)]
        await remember(async_redis, alerts)
        assert await new_alerts(async_es, async_redis, [watch], written, "http://x", logger) == []
        # A watch made after the article was written does not alert on it.
        later = Watch(name="later", query="zebra crossing")
        assert await new_alerts(async_es, async_redis, [later], written, "http://x", logger) == []
    finally:
        await async_es.close()
        await async_redis.aclose()


def test_the_explorer_streams_alerts_as_server_sent_events(services: Services, redis_client: redis.Redis) -> None:
    port = str(free_port())
    services.start("explorer", env={"NEWSFLOW_EXPLORER_PORT": port, "NEWSFLOW_HTTP_PORT": port})
    before = Alert(watch="old", query="q", article=AlertArticle(id="before"), explorer_url="http://x/?article=before")
    redis_client.xadd(streams.ALERTS, {"x": "not an alert"})  # skipped, not a crash
    events: list[dict[str, Any]] = []
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/alerts/stream", timeout=20) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        assert stream.readline() == b": connected\n"
        _publish(services, before)
        for raw in stream:
            line = raw.decode().rstrip("\n")
            if line.startswith("data: "):
                events.append(json.loads(line.removeprefix("data: ")))
                break
    assert events[0]["watch"] == "old"
    assert events[0]["article"]["id"] == "before"
    assert "webhook" not in events[0]


def _publish(services: Services, alert: Alert) -> None:
    """As the alerter publishes: through FastStream, in its message format."""

    async def send() -> None:
        async with RedisBroker(services.env["NEWSFLOW_REDIS_URL"]) as broker:
            await broker.publish(alert, stream=streams.ALERTS)

    with ThreadPoolExecutor(1) as pool:  # a loop of its own, whatever runs in this thread
        pool.submit(asyncio.run, send()).result()
