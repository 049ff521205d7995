"""Watcher: inbox/ -> newsflow:files, one message per complete new file, with its bytes.

Files are noticed by file-system events and by a periodic rescan (events do not arrive on some
mounts). A file is sent once its size and mtime have been stable for `settle_seconds`. What was
sent is remembered in Redis by content hash: a restart re-sends nothing, and the same content under
another name is not sent twice.

Run: `python -m services.watcher` or `faststream run services.watcher:app`.
"""

import asyncio
import contextlib
import hashlib
import json
import time
from datetime import UTC, datetime
from pathlib import Path

from redis.asyncio import Redis
from redis.exceptions import RedisError
from watchfiles import awatch

from shared import streams
from shared.files import ignored, walk
from shared.http import run, service_app
from shared.logs import setup_logging
from shared.models import DeadLetter, FileMessage, utcnow
from shared.settings import WatcherSettings
from shared.stage import make_broker

settings = WatcherSettings()
logger = setup_logging("watcher", settings.log_level, settings.log_json)
broker = make_broker(settings, logger)
app = service_app(broker, logger)
files_out = broker.publisher(
    stream=streams.FILES,
    title="watcher:newsflow:files",
    schema=FileMessage,
    description="Complete new files from the inbox, with their bytes.",
)
dead_out = broker.publisher(
    stream=streams.DEAD,
    title="watcher:newsflow:dead",
    schema=DeadLetter,
    description="Files the watcher could not send, with the reason.",
)

RETRY_PAUSE_SECONDS = 5.0


class Inbox:
    """Tracks candidate files until they are stable, then sends each once."""

    def __init__(self, settings: WatcherSettings, redis: Redis) -> None:
        self.settings = settings
        self.root = settings.inbox.resolve()
        self.redis = redis
        self.candidates: dict[Path, tuple[int, int, float]] = {}  # path -> size, mtime_ns, stable since
        self.handled: dict[Path, tuple[int, int]] = {}  # path -> size, mtime_ns when last handled

    def observe(self, path: Path) -> None:
        try:
            stat = path.stat()
        except OSError:  # removed (or a dangling link): forget it
            if self.candidates.pop(path, None) is not None:
                name = path.relative_to(self.root).as_posix()
                logger.warning("removed before it was read, skipped", extra={"file": name})
            return
        if not path.is_file() or ignored(path.relative_to(self.root)):
            return
        key = (stat.st_size, stat.st_mtime_ns)
        if self.handled.get(path) == key:
            return
        previous = self.candidates.get(path)
        if previous is None or previous[:2] != key:
            self.candidates[path] = (*key, time.monotonic())

    def rescan(self) -> None:
        for path in walk(self.root):
            self.observe(path)

    async def send_ready(self) -> None:
        now = time.monotonic()
        ready = [p for p, (_, _, since) in self.candidates.items() if now - since >= self.settings.settle_seconds]
        for path in sorted(ready):
            size, mtime_ns, _ = self.candidates.pop(path)
            self.handled[path] = (size, mtime_ns)
            try:
                await self.send(path, size, mtime_ns)
            except RedisError as exc:  # Redis unreachable: keep the file and try again after a pause
                self.handled.pop(path, None)
                self.candidates[path] = (size, mtime_ns, time.monotonic() + RETRY_PAUSE_SECONDS)
                logger.warning("send failed, will retry", extra={"file": path.name, "error": repr(exc)})
                return
            except Exception as exc:  # a bug must not stop the watcher: report the file and go on
                logger.exception("unexpected error", extra={"file": path.name})
                await self.refuse(path.relative_to(self.root).as_posix(), f"unexpected error: {exc!r}")

    async def send(self, path: Path, size: int, mtime_ns: int) -> None:
        name = path.relative_to(self.root).as_posix()
        if size > self.settings.max_file_bytes:
            return await self.refuse(name, f"file too large: {size} bytes, limit {self.settings.max_file_bytes}")
        if size == 0:
            return await self.refuse(name, "empty file")
        try:
            content = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:  # the user took it back: nothing to report as a failure
            logger.warning("removed before it was read, skipped", extra={"file": name})
            return None
        except OSError as exc:
            return await self.refuse(name, f"unreadable: {exc.strerror or exc}")
        if len(content) != size:  # changed between stat and read: look again after it settles
            self.handled.pop(path, None)
            self.observe(path)
            return None
        sha = hashlib.sha256(content).hexdigest()
        if await self.redis.hexists(streams.WATCHER_SEEN, sha):
            logger.info("already sent, skipped", extra={"file": name, "sha256": sha[:12]})
            return None
        if not self.settings.reingest_changed and await self.redis.hexists(streams.WATCHER_PATHS, name):
            logger.info("changed after it was sent; not sent again (reingest_changed off)", extra={"file": name})
            return None
        modified = datetime.fromtimestamp(mtime_ns / 1e9, UTC)
        await files_out.publish(
            FileMessage(file_name=name, content=content, sha256=sha, size=size, modified_at=modified)
        )
        # Remembered only after the publish succeeded: a crash in between re-sends, never loses.
        sent = json.dumps({"file_name": name, "sent_at": utcnow().isoformat()})
        await self.redis.hset(streams.WATCHER_SEEN, sha, sent)
        await self.redis.hset(streams.WATCHER_PATHS, name, sha)
        logger.info("sent", extra={"file": name, "bytes": size, "sha256": sha[:12]})
        return None

    async def refuse(self, name: str, reason: str) -> None:
        logger.error("file refused", extra={"file": name, "reason": reason})
        await dead_out.publish(
            DeadLetter(
                stage="watcher",
                reason=f"{name}: {reason}",
                error_type="BadFile",
                file_name=name,
                attempts=1,
                stream=streams.FILES,
                payload=json.dumps({"file_name": name}),
            ),
        )

    async def run(self, stop: asyncio.Event) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        logger.info("watching", extra={"inbox": str(self.root)})
        events = asyncio.create_task(self.follow_events(stop))
        next_scan = 0.0
        try:
            while not stop.is_set():
                try:
                    if time.monotonic() >= next_scan:
                        self.rescan()
                        next_scan = time.monotonic() + self.settings.rescan_seconds
                    await self.send_ready()
                except Exception:  # a surprise in one round must not stop the watching
                    logger.exception("watch round failed, going on")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=min(0.25, self.settings.settle_seconds or 0.25))
        finally:
            events.cancel()

    async def follow_events(self, stop: asyncio.Event) -> None:
        async for changes in awatch(self.root, stop_event=stop, debounce=200, recursive=True):
            for _, path in changes:
                self.observe(Path(path))


stop_event = asyncio.Event()
watch_task: asyncio.Task[None] | None = None


@app.after_startup
async def start_watching() -> None:
    global watch_task
    stop_event.clear()
    inbox = Inbox(settings, await broker.connect())
    watch_task = asyncio.create_task(inbox.run(stop_event))


@app.on_shutdown
async def stop_watching() -> None:
    stop_event.set()
    if watch_task is not None:
        await watch_task


if __name__ == "__main__":
    run(app, settings)
