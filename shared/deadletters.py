"""Reading the dead-letter stream (entries are written by FastStream in its binary message format)."""

from typing import cast

from faststream.redis.parser import BinaryMessageFormatV1
from redis import Redis

from shared import streams
from shared.models import DeadLetter


def decode_entry(fields: dict[bytes, bytes]) -> DeadLetter:
    body, _headers = BinaryMessageFormatV1.parse(fields[b"__data__"])
    return DeadLetter.model_validate_json(body)


def list_dead(redis: Redis, count: int = 1000) -> list[tuple[str, DeadLetter]]:
    """(entry id, dead letter), oldest first."""
    # redis-py types every reply loosely; a client without decode_responses returns bytes.
    entries = cast(list[tuple[bytes, dict[bytes, bytes]]], redis.xrange(streams.DEAD, count=count))
    return [(entry_id.decode(), decode_entry(fields)) for entry_id, fields in entries]
