"""Sending a file into the pipeline: once per content, remembered in Redis. The watcher and
`newsflow ingest` both send through FileSender, so both obey the same rules (size limit, empty
files, content-hash memory, changed files) and leave the same memory behind."""

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum

from redis.asyncio import Redis

from shared.contracts import DeadLetter, FileMessage, utcnow
from shared.delivery import streams
from shared.delivery.deadletters import dead_letter
from shared.errors import RefusedFileError
from shared.settings import InboxSettings


class Sent(Enum):
    SENT = "sent"
    ALREADY_SENT = "already sent, skipped"
    CHANGED_NOT_RESENT = "changed after it was sent; not sent again (reingest_changed off)"


class FileSender:
    """Publishes FileMessages and refusals; remembers each sent content by its sha256."""

    def __init__(
        self,
        settings: InboxSettings,
        redis: Redis,
        publish: Callable[[FileMessage], Awaitable[object]],
        publish_dead: Callable[[DeadLetter], Awaitable[object]],
        logger: logging.Logger,
    ) -> None:
        self.settings = settings
        self.redis = redis
        self.publish = publish
        self.publish_dead = publish_dead
        self.logger = logger

    def check_size(self, name: str, size: int) -> None:
        """Raises RefusedFileError for a file that must not be read at all."""
        if size > self.settings.max_file_bytes:
            raise RefusedFileError(name, f"file too large: {size} bytes, limit {self.settings.max_file_bytes}")
        if size == 0:
            raise RefusedFileError(name, "empty file")

    async def send(self, name: str, content: bytes, modified_at: datetime, force: bool = False) -> Sent:
        """Publish the file unless its content was sent before (or `force`)."""
        self.check_size(name, len(content))
        sha = hashlib.sha256(content).hexdigest()
        if not force and await self.redis.hexists(streams.WATCHER_SEEN, sha):
            self.logger.info(Sent.ALREADY_SENT.value, extra={"file": name, "sha256": sha[:12]})
            return Sent.ALREADY_SENT
        if not force and not self.settings.reingest_changed and await self.redis.hexists(streams.WATCHER_PATHS, name):
            self.logger.info(Sent.CHANGED_NOT_RESENT.value, extra={"file": name})
            return Sent.CHANGED_NOT_RESENT
        message = FileMessage(file_name=name, content=content, sha256=sha, size=len(content), modified_at=modified_at)
        await self.publish(message)
        # Remembered only after the publish succeeded: a crash in between re-sends, never loses.
        sent = json.dumps({"file_name": name, "sent_at": utcnow().isoformat()})
        await self.redis.hset(streams.WATCHER_SEEN, sha, sent)
        await self.redis.hset(streams.WATCHER_PATHS, name, sha)
        self.logger.info("sent", extra={"file": name, "bytes": len(content), "sha256": sha[:12]})
        return Sent.SENT

    async def refuse(self, error: RefusedFileError) -> None:
        """A dead letter for a file that will not be sent; it holds the name, not the content."""
        self.logger.error("file refused", extra={"file": error.file_name, "reason": error.reason})
        payload = json.dumps({"file_name": error.file_name}).encode()
        await self.publish_dead(dead_letter("watcher", error, payload, streams.FILES, attempts=1))
