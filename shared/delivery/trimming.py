"""Trimming: a stream keeps what some consumer group still needs, and drops the rest once it is older
than NEWSFLOW_RETAIN_SECONDS (publishing with maxlen could drop entries not yet acknowledged)."""

import time

from redis.asyncio import Redis


async def trim_acknowledged(redis: Redis, stream: str, retain_seconds: float) -> int:
    """Drop entries of `stream` that every group has acknowledged and that are older than
    `retain_seconds`. Never an entry still pending or not yet delivered to some group."""
    keep_from = (int(time.time() * 1000) - int(retain_seconds * 1000), 0)
    for group in await redis.xinfo_groups(stream):
        summary = await redis.xpending(stream, group["name"])
        if summary["pending"]:
            oldest_needed = _entry_id(summary["min"])
        else:  # everything up to last-delivered-id is done; the next entry is still needed
            ms, seq = _entry_id(group["last-delivered-id"])
            oldest_needed = (ms, seq + 1)
        keep_from = min(keep_from, oldest_needed)
    return int(await redis.xtrim(stream, minid=f"{keep_from[0]}-{keep_from[1]}", approximate=False))


def _entry_id(value: bytes | str) -> tuple[int, int]:
    ms, seq = (value.decode() if isinstance(value, bytes) else value).split("-")
    return int(ms), int(seq)
