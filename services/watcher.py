"""Watcher: inbox/ -> newsflow:files, one message per complete new file, with its bytes.

How files are noticed and when they count as complete: shared/inbox/watching.py. What is sent and
remembered (by content hash, so a restart re-sends nothing): shared/inbox/sender.py.

Run: `python -m services.watcher` or `faststream run --factory services.watcher:create_app`.
"""

import asyncio

from faststream import ContextRepo
from faststream.asgi import AsgiFastStream
from prometheus_client import CollectorRegistry

from shared.clients import make_broker
from shared.contracts import DeadLetter, FileMessage
from shared.delivery import streams
from shared.inbox.sender import FileSender
from shared.inbox.watching import Inbox
from shared.logs import setup_logging
from shared.runtime import run, service_app
from shared.settings import WatcherSettings


def create_app(settings: WatcherSettings | None = None) -> AsgiFastStream:
    settings = settings or WatcherSettings()
    logger = setup_logging("watcher", settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    broker = make_broker(settings, logger, registry)
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

    app = service_app(broker, logger, registry)

    @app.after_startup
    async def start_watching(context: ContextRepo) -> None:
        # After the broker started: publishing works, and the Redis connection is open.
        sender = FileSender(settings, await broker.connect(), files_out.publish, dead_out.publish, logger)
        stop = asyncio.Event()
        context.set_global("stop_watching", stop)
        context.set_global("watching", asyncio.create_task(Inbox(settings, sender, logger).run(stop)))

    @app.on_shutdown
    async def stop_watching(context: ContextRepo) -> None:
        # Before the broker stops, so a file being sent is sent completely.
        if (stop := context.get("stop_watching")) is not None:
            stop.set()
            await context.get("watching")

    return app


def main() -> None:
    settings = WatcherSettings()
    run(create_app(settings), settings, "watcher")


if __name__ == "__main__":
    main()
