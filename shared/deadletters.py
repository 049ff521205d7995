"""Reading the dead-letter stream (entries are written by FastStream in its binary message format)."""

import logging
from typing import cast

from faststream.redis.parser import BinaryMessageFormatV1
from redis import Redis

from shared import streams
from shared.models import DeadLetter
from shared.settings import BaseServiceSettings
from shared.stage import make_broker


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


async def replay(settings: BaseServiceSettings, letters: list[tuple[str, DeadLetter]]) -> set[str]:
    """Publish each letter's payload to the stream it came from, then delete the letter. Letters of
    the watcher (files it refused) carry no content and are left alone. Returns the replayed ids."""
    replayed: set[str] = set()
    async with make_broker(settings, logging.getLogger("newsflow.cli")) as broker:
        redis = await broker.connect()
        for entry_id, letter in letters:
            if letter.stage == "watcher":
                continue
            await broker.publish(letter.payload, stream=letter.stream)
            await redis.xdel(streams.DEAD, entry_id)
            replayed.add(entry_id)
    return replayed
