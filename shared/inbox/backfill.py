"""`newsflow ingest`: a one-shot backfill through the running pipeline, followed to the end.

Files are sent through the watcher's FileSender (same size rules, same content-hash memory, so a
file already sent is not sent twice). The command parses each file locally too, to know which
article ids to expect, then follows Elasticsearch and the dead letters until every article is
indexed or dead-lettered.
"""

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch
from redis import Redis

from shared.clients import make_broker
from shared.contracts import DeadLetter, FileMessage, utcnow
from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from shared.errors import ParseError, RefusedFileError
from shared.inbox.sender import FileSender, Sent
from shared.parsing import parse_file
from shared.settings import CommandLineSettings


@dataclass
class Backfill:
    files: list[tuple[Path, str]]
    sent: int = 0
    skipped: list[str] = field(default_factory=list)
    expected: set[str] = field(default_factory=set)
    """Article ids the parser will make of the sent files."""
    broken_files: set[str] = field(default_factory=set)
    """Sent files the parser will refuse, or refuse in part."""
    indexed: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)
    """File or article -> reason, from the dead letters."""
    started: datetime = field(default_factory=utcnow)

    @property
    def done(self) -> bool:
        failed_files = {key for key in self.failed if key in self.broken_files}
        failed_articles = {key for key in self.failed if key in self.expected}
        return self.indexed | failed_articles >= self.expected and failed_files >= self.broken_files


async def publish(backfill: Backfill, settings: CommandLineSettings, force: bool) -> None:
    """Send the files as the watcher does (through the same FileSender) and note what to expect."""
    logger = logging.getLogger("newsflow.ingest")
    async with make_broker(settings, logger) as broker:

        async def to_files(message: FileMessage) -> None:
            await broker.publish(message, stream=streams.FILES)

        async def to_dead(letter: DeadLetter) -> None:
            await broker.publish(letter, stream=streams.DEAD)

        sender = FileSender(settings, await broker.connect(), to_files, to_dead, logger)
        for path, name in backfill.files:
            try:
                content = path.read_bytes()
                modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                sent = await sender.send(name, content, modified, force)
            except OSError as exc:
                await refuse(sender, backfill, RefusedFileError(name, f"unreadable: {exc.strerror or exc}"))
                continue
            except RefusedFileError as exc:
                await refuse(sender, backfill, exc)
                continue
            if sent is not Sent.SENT:
                backfill.skipped.append(name)
                continue
            backfill.sent += 1
            try:  # parsed here too, to know which article ids to wait for
                result = parse_file(name, content)
            except ParseError:
                backfill.broken_files.add(name)
                continue
            backfill.expected |= {a.id for a in result.articles}
            if result.errors:
                backfill.broken_files.add(name)


async def refuse(sender: FileSender, backfill: Backfill, error: RefusedFileError) -> None:
    """A file that will not be sent: a dead letter, like the watcher's, and a failure to report."""
    await sender.refuse(error)
    backfill.failed[str(error.file_name)] = str(error)


def _article_id(payload: str) -> str | None:
    try:
        data: Any = json.loads(payload)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("article"), dict):
        data = data["article"]
    return data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None


def poll(backfill: Backfill, es: Elasticsearch, index: str, redis: Redis) -> None:
    """Update what is indexed and what failed."""
    missing = sorted(backfill.expected - backfill.indexed)
    for start in range(0, len(missing), 1000):
        found = es.mget(index=index, ids=missing[start : start + 1000], source=False)["docs"]
        backfill.indexed |= {d["_id"] for d in found if d.get("found")}
    since = int(backfill.started.timestamp() * 1000)
    for _, letter in list_dead(redis, count=100_000, start=f"{since}-0"):
        article = _article_id(letter.payload) if letter.stage in ("enricher", "indexer") else None
        if article in backfill.expected:
            backfill.failed[article] = letter.reason
        elif letter.file_name in backfill.broken_files:
            backfill.failed[letter.file_name] = letter.reason


def wait(backfill: Backfill, es: Elasticsearch, index: str, redis: Redis, timeout: float, on_poll: Any) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        poll(backfill, es, index, redis)
        on_poll()
        if backfill.done:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
