"""Watches end to end: the real services with the alerter, watches added with `newsflow watch add`,
files dropped into the inbox, and a real HTTP server as the webhook. Each watch's webhook gets
exactly the new articles its query finds, once each, through an alerter killed mid-burst and a
webhook that is down for 30 s; a webhook that stays down ends in the dead letters, replayable."""

import random
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
import redis
from elasticsearch import Elasticsearch

from shared.alerts.watches import watch_query
from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from shared.parsing import parse_file
from tests.support.cli import newsflow
from tests.support.paths import SEEDS, bbc_files
from tests.support.servers import documents, pending, wait_for_documents, wait_until
from tests.support.services import Services, drop
from tests.support.webhook import Webhook

STAGES = ("watcher", "parser", "enricher", "indexer", "alerter")


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.stop()


def add_watch(services: Services, name: str, query: str, webhook: str | None = None) -> None:
    result = newsflow("watch", "add", name, query, *(["--webhook", webhook] if webhook else []), env=services.env)
    assert result.returncode == 0, result.stderr


def found(es: Elasticsearch, index: str, query: str) -> set[str]:
    """What a search for the watch's query finds among every article indexed: what it must alert on."""
    es.indices.refresh(index=index)
    hits = es.search(index=index, query=watch_query(query), size=10_000, source=False)["hits"]["hits"]
    return {hit["_id"] for hit in hits}


def settled(services: Services, r: redis.Redis, es: Elasticsearch, index: str, count: int) -> None:
    """Every article indexed and every alert delivered or given up: nothing pending in any stage."""
    wait_for_documents(es, index, r, count, timeout=600)
    wait_until(lambda: pending(r) == 0, timeout=120, what="the alerts to drain")


def test_a_watch_webhook_gets_each_matching_article_once_and_a_replay_alerts_no_one_again(
    services: Services, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str], webhook: Webhook
) -> None:
    es, index = es_index
    services.env["NEWSFLOW_EXPLORER_URL"] = "http://news.example:8000"
    services.start(*STAGES)
    webhook.start()
    queries = {"ben-gvir": "Ben-Gvir", "putin": 'Putin "partnership pact"', "nothing": "zzyzx"}
    for name, query in queries.items():
        add_watch(services, name, query, webhook.url)
    add_watch(services, "no-hook", "Trump")  # alerts without a webhook: the explorer shows them

    drop(Path(services.env["NEWSFLOW_INBOX"]), *SEEDS)
    settled(services, redis_client, es, index, 3)
    expected = {name: found(es, index, query) for name, query in queries.items()}
    assert len(expected["ben-gvir"]) == 1
    assert len(expected["putin"]) == 1, "the article both seed files hold is one document"
    assert expected["nothing"] == set()
    wait_until(lambda: len(webhook.received) >= 2, timeout=60, what="two deliveries")
    time.sleep(2)  # nothing more comes
    assert sorted(webhook.articles("ben-gvir")) == sorted(expected["ben-gvir"])
    assert sorted(webhook.articles("putin")) == sorted(expected["putin"])
    assert webhook.articles("nothing") == []
    assert len(webhook.received) == 2

    alert = next(r for r in webhook.received if r["watch"] == "ben-gvir")
    (article_id,) = expected["ben-gvir"]
    stored = documents(es, index)[article_id]
    assert alert["query"] == "Ben-Gvir"
    assert alert["id"] == f"ben-gvir:{article_id}"
    assert alert["article"]["id"] == article_id
    assert alert["article"]["title"] == stored["title"]
    assert "Ben-Gvir" in alert["article"]["title"]
    assert alert["article"]["article_date"] == stored["article_date"]
    assert alert["article"]["people"] == stored["people"]
    assert alert["article"]["places"] == stored["places"]
    assert alert["explorer_url"] == f"http://news.example:8000/?article={article_id}"
    no_hook = cast(dict[bytes, bytes], redis_client.hgetall(streams.ALERTED + "no-hook"))
    assert {k.decode() for k in no_hook} == found(es, index, "Trump") != set()

    # Every indexed batch read again, as after a crash that lost every acknowledgement: no new alert.
    redis_client.xgroup_setid(streams.INDEXED, streams.ALERTER_GROUP, id="0")
    wait_until(lambda: pending(redis_client) == 0, timeout=60, what="the replay to drain")
    time.sleep(2)
    assert len(webhook.received) == 2
    assert newsflow("watch", "test", "ben-gvir", env=services.env).stderr.startswith("1 article(s)")


def test_an_alerter_killed_mid_burst_loses_and_repeats_no_alert(
    services: Services, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str], webhook: Webhook
) -> None:
    es, index = es_index
    files = random.Random(11).sample(bbc_files(), 150)
    query = "government"
    services.start(*STAGES)
    webhook.start()
    add_watch(services, "government", query, webhook.url)
    inbox = Path(services.env["NEWSFLOW_INBOX"])
    for file in files:
        drop(inbox, file, name=f"{file.parent.name}-{file.name}")
    wait_until(lambda: len(webhook.received) >= 5, timeout=300, what="the first deliveries")
    services.stop("alerter", signal.SIGKILL)
    assert len(documents(es, index)) < len(files), "the burst was over before the kill: make it larger"
    time.sleep(2)
    services.start("alerter")

    settled(
        services,
        redis_client,
        es,
        index,
        len({a.id for f in files for a in parse_file(f.name, f.read_bytes()).articles}),
    )
    expected = found(es, index, query)
    wait_until(lambda: len(set(webhook.articles())) >= len(expected), timeout=120, what=f"{len(expected)} alerts")
    time.sleep(2)
    assert sorted(webhook.articles()) == sorted(expected), "each match delivered once"
    assert list_dead(redis_client) == []


def test_a_webhook_down_for_30_seconds_gets_every_match_after_and_holds_up_no_other_watch(
    services: Services, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str], webhook: Webhook
) -> None:
    es, index = es_index
    healthy = Webhook()
    healthy.start()
    try:
        # Retried every second here (NEWSFLOW_CLAIM_IDLE_MS): enough tries to outlast the outage.
        services.start(*STAGES[:-1])
        services.start("alerter", env={"NEWSFLOW_MAX_DELIVERIES": "100"})
        add_watch(services, "down", "Iran", webhook.url)  # nothing listens there yet
        add_watch(services, "up", "Iran", healthy.url)
        went_down = time.monotonic()
        drop(Path(services.env["NEWSFLOW_INBOX"]), *SEEDS)
        wait_until(lambda: len(documents(es, index)) == 3, timeout=120, what="3 documents")  # alerts stay pending
        expected = found(es, index, "Iran")
        assert expected
        wait_until(lambda: set(healthy.articles()) == expected, timeout=60, what="the healthy webhook")
        assert webhook.received == []
        time.sleep(max(0.0, 30 - (time.monotonic() - went_down)))
        webhook.start()
        wait_until(lambda: set(webhook.articles()) == expected, timeout=60, what="delivery after the outage")
        settled(services, redis_client, es, index, 3)
        assert sorted(webhook.articles()) == sorted(expected)
        assert sorted(healthy.articles()) == sorted(expected)
        assert services.log("alerter").count("processing failed, will retry") >= 10
    finally:
        healthy.stop()


def test_a_webhook_that_stays_down_ends_in_the_dead_letters_and_replays(
    services: Services, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str], webhook: Webhook
) -> None:
    es, index = es_index
    services.start(*STAGES[:-1])
    services.start("alerter", env={"NEWSFLOW_MAX_DELIVERIES": "2"})
    add_watch(services, "down", "Iran", webhook.url)
    drop(Path(services.env["NEWSFLOW_INBOX"]), *SEEDS)
    settled(services, redis_client, es, index, 3)
    expected = found(es, index, "Iran")
    dead = wait_until(lambda: list_dead(redis_client), timeout=60, what="a dead letter")
    assert {letter.stage for _, letter in dead} == {"webhook"}
    assert len(dead) == len(expected)
    assert all(webhook.url in letter.reason for _, letter in dead)
    listed = newsflow("dead", "list", env=services.env)
    assert "webhook" in listed.stdout

    webhook.start()
    replay = newsflow("dead", "replay", "--stage", "webhook", env=services.env)
    assert replay.returncode == 0, replay.stderr
    wait_until(lambda: set(webhook.articles()) == expected, timeout=60, what="the replayed alerts")
    assert list_dead(redis_client) == []
    assert {r["watch"] for r in webhook.received} == {"down"}
