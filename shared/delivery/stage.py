"""What every consuming stage shares: consumer groups from the stream's start, the pair of
subscribers (new entries + reclaim of entries a dead replica left pending), acknowledgement after
the work is done, and the delivery cap that sends a message that keeps failing to the dead letters.
The errors that steer this are drawn in shared/errors.py.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from faststream import AckPolicy, BaseMiddleware
from faststream.asgi import AsgiFastStream
from faststream.redis import RedisBroker, RedisRouter, StreamSub
from faststream.redis.message import RedisBatchStreamMessage, RedisStreamMessage
from faststream.redis.publisher.usecase import StreamPublisher
from pydantic import BaseModel, ValidationError
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.contracts import DeadLetter, utcnow
from shared.delivery import streams
from shared.delivery.deadletters import dead_letter
from shared.delivery.trimming import trim_acknowledged
from shared.errors import GaveUpError, PermanentError
from shared.runtime import replica_name
from shared.settings import StageSettings


async def ensure_group(redis: Redis, stream: str, group: str) -> None:
    """Create the group at the stream's start ("0"), not at "$": files published before this stage
    ever ran are still processed. FastStream would create it at "$" if it did not exist yet."""
    try:
        await redis.xgroup_create(stream, group, id="0", mkstream=True)
    except ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


M = TypeVar("M", bound=BaseModel)
H = TypeVar("H", bound=Callable[..., Awaitable[None]])


def _payloads(msg: Any) -> list[bytes]:
    """The entries of a message as bytes, for dead letters: one, or each of a batch."""
    body = msg.body if isinstance(msg.body, bytes) else bytes(msg.body)
    if not isinstance(msg, RedisBatchStreamMessage):
        return [body]
    return [(item if isinstance(item, str) else json.dumps(item)).encode() for item in json.loads(body)]


class Stage:
    """One consuming stage: reads `stream` in its group, runs the handler, acknowledges on success.

    Handlers are FastStream's own (typed bodies, `Context()` for what the app's lifespan built), with
    the stage's `Delivery` middleware around them. A handler publishes its output before returning;
    the acknowledgement comes only after it. A PermanentError (or a body that does not match its
    type) goes to dead letters at once; any other exception leaves the message pending, to be
    reclaimed after `claim_idle_ms` and retried, up to `max_deliveries` times.
    """

    def __init__(
        self,
        name: str,
        broker: RedisBroker,
        settings: StageSettings,
        stream: str,
        logger: logging.Logger,
        description: str,
    ) -> None:
        self.name = name
        self.broker = broker
        self.settings = settings
        self.stream = stream
        self.group = streams.GROUPS[stream]
        self.logger = logger
        self.description = description
        self.consumer_name = replica_name()  # the hostname and pid, or NEWSFLOW_CONSUMER_NAME
        self._trimmer: asyncio.Task[None] | None = None
        # New entries, and reclaimed ones; each router wraps its handlers in the stage's delivery.
        self._routers = {reclaimed: RedisRouter(middlewares=[self._delivery(reclaimed)]) for reclaimed in (False, True)}
        self.dead = broker.publisher(
            stream=streams.DEAD,
            title=f"{name}:newsflow:dead",
            schema=DeadLetter,
            description="Messages a stage gave up on.",
        )

    def attach(self, app: AsgiFastStream) -> None:
        """Add the stage's subscribers to the broker; create the consumer group before they start; trim
        the input stream meanwhile. Call it after registering the handlers."""
        for router in self._routers.values():
            self.broker.include_router(router)
        app.on_startup(self.create_group)
        app.after_startup(self._start_trimming)
        app.on_shutdown(self._stop_trimming)

    async def create_group(self) -> None:
        await ensure_group(await self.broker.connect(), self.stream, self.group)

    async def trim(self) -> int:
        return await trim_acknowledged(await self.broker.connect(), self.stream, self.settings.retain_seconds)

    async def _trim_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.trim_interval_seconds)
            try:
                if removed := await self.trim():
                    self.logger.info("trimmed input stream", extra={"stream": self.stream, "entries": removed})
            except Exception as exc:  # housekeeping must never stop the stage
                self.logger.warning("trimming failed", extra={"stream": self.stream, "error": repr(exc)})

    async def _start_trimming(self) -> None:
        self._trimmer = asyncio.create_task(self._trim_forever())

    async def _stop_trimming(self) -> None:
        if self._trimmer is not None:
            self._trimmer.cancel()

    def consumer(self, handler: H) -> H:
        """Register a FastStream handler of one entry at a time (typed body, `Context()` dependencies),
        on new entries and on entries reclaimed from stopped replicas."""
        self._register(handler, batch=False)
        return handler

    def batch_consumer(self, handler: H) -> H:
        """Register a handler of up to max_records entries at once (e.g. one bulk request), given as
        decoded JSON: validate them with `validate_batch`, item by item. The batch is acknowledged as
        a whole; reclaimed entries come back one at a time, which isolates an entry that keeps failing."""
        self._register(handler, batch=True)
        return handler

    def _register(self, handler: Callable[..., Awaitable[None]], batch: bool) -> None:
        for reclaimed, router in self._routers.items():
            suffix = ":reclaim" if reclaimed else ""
            why = " (reclaims entries left pending by a stopped replica)" if reclaimed else ""
            sub = StreamSub(
                self.stream,
                group=self.group,
                consumer=self.consumer_name,
                max_records=self.settings.max_records,
                batch=batch,
                min_idle_time=self.settings.claim_idle_ms if reclaimed else None,
            )
            router.subscriber(
                stream=sub,
                ack_policy=AckPolicy.MANUAL,
                title=f"{self.name}:{self.stream}{suffix}",
                description=f"{self.description}{why}",
            )(handler)

    def _delivery(self, reclaimed: bool) -> type[BaseMiddleware]:
        """What the stage adds around every handler, in one place: the delivery cap before it runs,
        the acknowledgement after it returned (so after it published), dead letters when it fails for
        good. A handler's own exception, or a body that does not match its type, arrives here."""
        stage = self

        class Delivery(BaseMiddleware):
            async def consume_scope(self, call_next: Callable[[Any], Awaitable[Any]], msg: Any) -> Any:
                await stage._run(msg, lambda: _payloads(msg), lambda: call_next(msg), reclaimed)

        return Delivery

    async def delivery_count(self, msg: RedisStreamMessage | RedisBatchStreamMessage) -> int:
        """How often the (first) entry has been delivered, from the group's pending list."""
        ids = msg.raw_message["message_ids"]
        redis = await self.broker.connect()
        entries = await redis.xpending_range(self.stream, self.group, min=ids[0], max=ids[0], count=1)
        return int(entries[0]["times_delivered"]) if entries else 1

    def _failure_key(self, msg: RedisStreamMessage | RedisBatchStreamMessage) -> str:
        first_id = msg.raw_message["message_ids"][0]
        return f"{self.stream}|{self.group}|{first_id.decode() if isinstance(first_id, bytes) else first_id}"

    async def _run(
        self,
        msg: RedisStreamMessage | RedisBatchStreamMessage,
        payloads: Callable[[], list[bytes]],
        work: Callable[[], Awaitable[None]],
        reclaimed: bool,
    ) -> None:
        redis = await self.broker.connect()
        key = self._failure_key(msg)
        if reclaimed and (attempts := await self.delivery_count(msg)) > self.settings.max_deliveries:
            # Delivered that often without an answer: it may crash every replica that takes it.
            error = GaveUpError(f"no result after {attempts - 1} deliveries; a replica may have crashed on it")
            first = await self._first_failure(key)
            for payload in payloads():
                await self.dead_letter(payload, error, attempts - 1, first)
            await msg.ack()
            await redis.hdel(streams.FAILURES, key)
            return
        try:
            await work()
        except (PermanentError, ValidationError) as exc:  # bad input: retrying cannot help
            first = await self._first_failure(key)
            for payload in payloads():
                await self.dead_letter(payload, exc, await self.delivery_count(msg), first)
            await msg.ack()
        except Exception as exc:
            attempts = await self.delivery_count(msg)
            first = await self._first_failure(key)
            if attempts >= self.settings.max_deliveries:
                for payload in payloads():
                    await self.dead_letter(payload, exc, attempts, first)
                await msg.ack()
            else:
                # Left pending: the reclaiming subscriber retries it after claim_idle_ms.
                self.logger.warning(
                    "processing failed, will retry",
                    extra={"attempt": attempts, "of": self.settings.max_deliveries, "error": repr(exc)},
                )
                return
        else:
            await msg.ack()
            if not reclaimed:
                return  # a first delivery that succeeded has no failure record to drop: a round trip saved
        await redis.hdel(streams.FAILURES, key)

    async def _first_failure(self, key: str) -> datetime:
        """When this message first failed (kept in Redis, so it survives the replica that saw it)."""
        redis = await self.broker.connect()
        now = utcnow()
        await redis.hsetnx(streams.FAILURES, key, now.isoformat())
        first = await redis.hget(streams.FAILURES, key)
        if isinstance(first, bytes):
            first = first.decode()
        return datetime.fromisoformat(first) if first else now

    async def publish_all(self, publisher: StreamPublisher, messages: list[BaseModel]) -> None:
        """Publish the messages in one round trip (a Redis pipeline, not a transaction). The input is
        acknowledged only after this returns, so a crash halfway re-delivers, as before."""
        redis = await self.broker.connect()
        async with redis.pipeline(transaction=False) as pipe:
            for message in messages:
                await publisher.publish(message, pipeline=pipe)
            await pipe.execute()

    async def validate_batch(self, batch: list[Any], model: type[M]) -> list[M]:
        """The batch's items as `model`; an item that does not match goes to dead letters alone, so
        one malformed message does not hold up the rest."""
        valid: list[M] = []
        for raw in batch:
            try:
                valid.append(model.model_validate(raw))
            except ValidationError as exc:
                await self.dead_letter(json.dumps(raw).encode(), exc, attempts=1)
        return valid

    async def dead_letter(
        self, payload: bytes, exc: BaseException, attempts: int, first_failed_at: datetime | None = None
    ) -> None:
        letter = dead_letter(self.name, exc, payload, self.stream, attempts, first_failed_at)
        extra = {"file": letter.file_name, "reason": letter.reason, "attempts": attempts}
        self.logger.error("dead-lettered", extra=extra)
        await self.dead.publish(letter)
