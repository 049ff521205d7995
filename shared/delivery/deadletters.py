"""Dead letters: the one place a DeadLetter is built, and reading, listing and replaying the
newsflow:dead stream (its entries are in FastStream's binary message format)."""

import json
import logging
import traceback
from datetime import datetime
from typing import Any, cast

from faststream.redis.parser import BinaryMessageFormatV1
from redis import Redis

from shared.clients import make_broker
from shared.contracts import DeadLetter, utcnow
from shared.delivery import streams
from shared.settings import RedisSettings


def dead_letter(
    stage: str,
    exc: BaseException,
    payload: bytes,
    stream: str,
    attempts: int,
    first_failed_at: datetime | None = None,
) -> DeadLetter:
    """Why `stage` gave up on a message of `stream`, with the message itself for a later replay."""
    now = utcnow()
    return DeadLetter(
        stage=stage,
        reason=str(exc) or type(exc).__name__,
        error_type=type(exc).__name__,
        traceback=traceback_summary(exc) if exc.__traceback__ else None,
        file_name=getattr(exc, "file_name", None) or file_name_of(payload),
        attempts=attempts,
        stream=stream,
        payload=payload.decode("utf-8", "replace"),
        first_failed_at=first_failed_at or now,
        last_failed_at=now,
    )


def traceback_summary(exc: BaseException, frames: int = 5) -> str:
    """The last few frames and the error: enough to find the cause, short enough to list."""
    lines = traceback.format_exception(exc, limit=-frames)
    return "".join(lines).strip()[-4000:]


def file_name_of(payload: bytes) -> str | None:
    """The file a message came from, if its payload says so (file messages and articles do)."""
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    for candidate in (data, data.get("source"), data.get("article"), (data.get("article") or {}).get("source")):
        if isinstance(candidate, dict) and isinstance(candidate.get("file_name"), str):
            return str(candidate["file_name"])
    return None


def decode_entry(fields: dict[bytes, bytes]) -> DeadLetter:
    body, _headers = BinaryMessageFormatV1.parse(fields[b"__data__"])
    return DeadLetter.model_validate_json(body)


def list_dead(redis: Redis, count: int = 1000, start: str = "-") -> list[tuple[str, DeadLetter]]:
    """(entry id, dead letter), oldest first, from entry id `start` on."""
    # redis-py types every reply loosely; a client without decode_responses returns bytes.
    entries = cast(list[tuple[bytes, dict[bytes, bytes]]], redis.xrange(streams.DEAD, min=start, count=count))
    return [(entry_id.decode(), decode_entry(fields)) for entry_id, fields in entries]


def get_dead(redis: Redis, entry_id: str) -> DeadLetter | None:
    entries = cast(list[tuple[bytes, dict[bytes, bytes]]], redis.xrange(streams.DEAD, entry_id, entry_id))
    return decode_entry(entries[0][1]) if entries else None


def _as_published(payload: str) -> Any:
    """A JSON payload goes back as JSON (content type application/json), so the stage's typed handler
    reads it as it read the original; anything else as the text it was."""
    try:
        return json.loads(payload)
    except ValueError:
        return payload


async def replay(settings: RedisSettings, letters: list[tuple[str, DeadLetter]]) -> set[str]:
    """Publish each letter's payload to the stream it came from, then delete the letter. Letters of
    the watcher (files it refused) carry no content and are left alone. Returns the replayed ids."""
    replayed: set[str] = set()
    async with make_broker(settings, logging.getLogger("newsflow.cli")) as broker:
        redis = await broker.connect()
        for entry_id, letter in letters:
            if letter.stage == "watcher":
                continue
            await broker.publish(_as_published(letter.payload), stream=letter.stream)
            await redis.xdel(streams.DEAD, entry_id)
            replayed.add(entry_id)
    return replayed
