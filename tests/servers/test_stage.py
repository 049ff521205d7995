"""The stage machinery on real Redis, with a handler defined here: retries, the delivery cap,
dead letters with their history, replay, and trimming."""

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
import redis
from faststream.asgi import AsgiFastStream
from faststream.redis import RedisBroker

from shared.clients import make_broker
from shared.delivery import streams
from shared.delivery.deadletters import list_dead, replay
from shared.delivery.stage import Stage
from shared.settings import ParserSettings
from tests.support.servers import REDIS_URL


class Poisonable:
    """A handler that fails on poisoned messages until `fixed`."""

    def __init__(self) -> None:
        self.fixed = False
        self.done: list[bytes] = []

    async def __call__(self, body: bytes) -> None:
        if b"poison" in body and not self.fixed:
            raise RuntimeError("cannot digest this")
        self.done.append(body)


@pytest.fixture
async def stage(redis_client: redis.Redis) -> AsyncIterator[tuple[Stage, Poisonable, RedisBroker]]:
    settings = ParserSettings(redis_url=REDIS_URL, claim_idle_ms=200, max_deliveries=3, retain_seconds=0)
    broker = make_broker(settings, logging.getLogger("test.stage"))
    stage = Stage("parser", broker, settings, streams.FILES, logging.getLogger("test.stage"), "test stage")
    handler = Poisonable()
    stage.consumer(handler.__call__)
    stage.attach(AsgiFastStream(broker))
    await stage.create_group()
    await broker.start()
    yield stage, handler, broker
    await broker.stop()


async def wait_for(check) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(20):
        while not check():  # noqa: ASYNC110  (polls Redis state, no event to wait on)
            await asyncio.sleep(0.05)


async def test_a_message_that_always_fails_is_dead_lettered_after_the_cap_while_the_rest_flows(
    stage: tuple[Stage, Poisonable, RedisBroker], redis_client: redis.Redis
) -> None:
    _, handler, broker = stage
    await broker.publish("poison pill", stream=streams.FILES)
    for n in range(5):
        await broker.publish(f"good {n}", stream=streams.FILES)
    await wait_for(lambda: redis_client.xlen(streams.DEAD) == 1)
    assert sorted(handler.done) == [f"good {n}".encode() for n in range(5)]

    ((entry_id, letter),) = list_dead(redis_client)
    assert (letter.stage, letter.error_type, letter.reason) == ("parser", "RuntimeError", "cannot digest this")
    assert letter.attempts == 3
    assert letter.payload == "poison pill"
    assert letter.first_failed_at < letter.last_failed_at
    assert letter.traceback
    assert "in __call__" in letter.traceback
    # Acknowledged, and its failure record dropped, just after the dead letter is written.
    await wait_for(lambda: redis_client.xpending(streams.FILES, streams.PARSER_GROUP)["pending"] == 0)
    await wait_for(lambda: redis_client.hlen(streams.FAILURES) == 0)

    handler.fixed = True  # the cause is fixed: replay brings it back through the stage
    replayed = await replay(ParserSettings(redis_url=REDIS_URL), list_dead(redis_client))
    assert replayed == {entry_id}
    await wait_for(lambda: b"poison pill" in handler.done)
    assert list_dead(redis_client) == []


async def test_a_message_that_fails_once_is_retried_and_leaves_no_failure_record(
    stage: tuple[Stage, Poisonable, RedisBroker], redis_client: redis.Redis
) -> None:
    _, handler, broker = stage
    await broker.publish("poison, briefly", stream=streams.FILES)
    await wait_for(lambda: redis_client.hlen(streams.FAILURES) == 1)  # its first failure, remembered
    handler.fixed = True  # a transient cause, gone by the retry
    await wait_for(lambda: handler.done == [b"poison, briefly"])
    await wait_for(lambda: redis_client.xpending(streams.FILES, streams.PARSER_GROUP)["pending"] == 0)
    await wait_for(lambda: redis_client.hlen(streams.FAILURES) == 0)
    assert redis_client.xlen(streams.DEAD) == 0


async def test_trimming_keeps_every_entry_some_group_still_needs(
    stage: tuple[Stage, Poisonable, RedisBroker], redis_client: redis.Redis
) -> None:
    stage_, handler, broker = stage
    for n in range(10):
        await broker.publish(f"good {n}", stream=streams.FILES)
    await wait_for(lambda: len(handler.done) == 10)
    # A second group that has read nothing yet (as a stage that never ran): all 10 entries stay.
    redis_client.xgroup_create(streams.FILES, "late-reader", id="0")
    assert await stage_.trim() == 0
    assert redis_client.xlen(streams.FILES) == 10
    redis_client.xgroup_destroy(streams.FILES, "late-reader")
    # Only the stage's own group, which acknowledged everything: all of it can go.
    assert await stage_.trim() == 10
    assert redis_client.xlen(streams.FILES) == 0
    await broker.publish("good 10", stream=streams.FILES)
    await wait_for(lambda: len(handler.done) == 11)
