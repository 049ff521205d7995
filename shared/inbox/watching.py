"""Watching the inbox: files are noticed by file-system events and by a periodic rescan (events do
not arrive on some mounts). A file the writer closed, or one moved in, is sent at once (Linux
inotify's close-write and moved-to events); any other file once its size and mtime have been stable
for `settle_seconds` (a file still growing, or a mount without those events). Sending, and the
memory of what was sent, is FileSender's job."""

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime
from pathlib import Path

from asyncinotify import Inotify, Mask
from redis.exceptions import RedisError
from watchfiles import awatch

from shared.errors import RefusedFileError
from shared.inbox.files import ignored, walk
from shared.inbox.sender import FileSender
from shared.settings import WatcherSettings

RETRY_PAUSE_SECONDS = 5.0


class Inbox:
    """Tracks candidate files until they are stable, then sends each once."""

    def __init__(self, settings: WatcherSettings, sender: FileSender, logger: logging.Logger) -> None:
        self.settings = settings
        self.root = settings.inbox.resolve()
        self.sender = sender
        self.logger = logger
        self.candidates: dict[Path, tuple[int, int, float]] = {}  # path -> size, mtime_ns, stable since
        self.handled: dict[Path, tuple[int, int]] = {}  # path -> size, mtime_ns when last handled
        self.wake = asyncio.Event()  # a file is ready now: no need to wait for the next round

    def observe(self, path: Path) -> None:
        try:
            stat = path.stat()
        except OSError:  # removed (or a dangling link): forget it
            if self.candidates.pop(path, None) is not None:
                name = path.relative_to(self.root).as_posix()
                self.logger.warning("removed before it was read, skipped", extra={"file": name})
            return
        if not path.is_file() or ignored(path.relative_to(self.root)):
            return
        key = (stat.st_size, stat.st_mtime_ns)
        if self.handled.get(path) == key:
            return
        previous = self.candidates.get(path)
        if previous is None or previous[:2] != key:
            self.candidates[path] = (*key, time.monotonic())

    def closed(self, path: Path) -> None:
        """The writer closed the file, or it was moved in whole: ready without waiting to settle."""
        self.observe(path)
        if path in self.candidates:
            size, mtime_ns, _ = self.candidates[path]
            self.candidates[path] = (size, mtime_ns, time.monotonic() - self.settings.settle_seconds)
            self.wake.set()

    def rescan(self) -> None:
        for path in walk(self.root):
            self.observe(path)

    async def send_ready(self) -> None:
        now = time.monotonic()
        ready = [p for p, (_, _, since) in self.candidates.items() if now - since >= self.settings.settle_seconds]
        for path in sorted(ready):
            size, mtime_ns, _ = self.candidates.pop(path)
            self.handled[path] = (size, mtime_ns)
            name = path.relative_to(self.root).as_posix()
            try:
                await self.send_or_refuse(path, name, size, mtime_ns)
            except RedisError as exc:  # Redis unreachable: keep the file and try again after a pause
                self.handled.pop(path, None)
                self.candidates[path] = (size, mtime_ns, time.monotonic() + RETRY_PAUSE_SECONDS)
                self.logger.warning("send failed, will retry", extra={"file": name, "error": repr(exc)})
                return
            except Exception as exc:  # a bug must not stop the watcher: report the file and go on
                self.logger.exception("unexpected error", extra={"file": name})
                await self.sender.refuse(RefusedFileError(name, f"unexpected error: {exc!r}"))

    async def send_or_refuse(self, path: Path, name: str, size: int, mtime_ns: int) -> None:
        try:
            await self.send(path, name, size, mtime_ns)
        except RefusedFileError as exc:
            await self.sender.refuse(exc)

    async def send(self, path: Path, name: str, size: int, mtime_ns: int) -> None:
        self.sender.check_size(name, size)  # before reading: a huge file is never loaded
        try:
            content = await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError:  # the user took it back: nothing to report as a failure
            self.logger.warning("removed before it was read, skipped", extra={"file": name})
            return
        except OSError as exc:
            raise RefusedFileError(name, f"unreadable: {exc.strerror or exc}") from exc
        if len(content) != size:  # changed between stat and read: look again after it settles
            self.handled.pop(path, None)
            self.observe(path)
            return
        await self.sender.send(name, content, datetime.fromtimestamp(mtime_ns / 1e9, UTC))

    async def run(self, stop: asyncio.Event) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.logger.info("watching", extra={"inbox": str(self.root)})
        events = asyncio.create_task(self.follow_events(stop))
        closes = asyncio.create_task(self.follow_closes())
        next_scan = 0.0
        try:
            while not stop.is_set():
                try:
                    if time.monotonic() >= next_scan:
                        self.rescan()
                        next_scan = time.monotonic() + self.settings.rescan_seconds
                    await self.send_ready()
                except Exception:  # a surprise in one round must not stop the watching
                    self.logger.exception("watch round failed, going on")
                self.wake.clear()
                waiting = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self.wake.wait())]
                timeout = min(0.25, self.settings.settle_seconds or 0.25)
                _, pending = await asyncio.wait(waiting, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
        finally:
            events.cancel()
            closes.cancel()

    async def follow_closes(self) -> None:
        """Close-write and moved-to events of every folder in the inbox (new folders included)."""
        try:
            inotify = Inotify()
        except OSError as exc:  # not Linux, or out of inotify instances: the settle rule still works
            self.logger.warning("no close-write events, files wait to settle", extra={"error": repr(exc)})
            return
        events = Mask.CLOSE_WRITE | Mask.MOVED_TO | Mask.CREATE
        with inotify:
            for folder in [self.root, *(p for p in self.root.rglob("*") if p.is_dir())]:
                inotify.add_watch(folder, events)
            async for event in inotify:
                if event.path is None:
                    continue
                if Mask.ISDIR in event.mask:
                    if Mask.CREATE in event.mask or Mask.MOVED_TO in event.mask:
                        with contextlib.suppress(OSError):  # gone again already
                            inotify.add_watch(event.path, events)
                        for path in walk(event.path):  # files moved in with their folder
                            self.closed(path)
                elif Mask.CLOSE_WRITE in event.mask or Mask.MOVED_TO in event.mask:
                    self.closed(event.path)

    async def follow_events(self, stop: asyncio.Event) -> None:
        async for changes in awatch(self.root, stop_event=stop, debounce=200, recursive=True):
            for _, path in changes:
                self.observe(Path(path))
