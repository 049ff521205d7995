"""How a worker service runs: its FastStream app with a small HTTP side, `/health` (ready only when
its connections work) and `/metrics` (Prometheus: FastStream's per-stream message metrics plus the
service's own, in the app's own registry), served with the broker by one uvicorn server."""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager

import prometheus_client
from faststream.asgi import AsgiFastStream, AsgiResponse, get
from faststream.asgi.types import Scope
from faststream.redis import RedisBroker

from shared.settings import HttpSettings

Lifespan = Callable[..., AbstractAsyncContextManager[None]]
"""An async context manager factory; FastStream injects `context: ContextRepo` by annotation."""
Check = Callable[[], Awaitable[str | None]]
"""Returns a problem ("Elasticsearch does not answer: ...") or None when healthy."""


def service_app(
    broker: RedisBroker,
    logger: logging.Logger,
    registry: prometheus_client.CollectorRegistry,
    checks: Sequence[Check] = (),
    lifespan: Lifespan | None = None,
) -> AsgiFastStream:
    """The app of one worker service; `lifespan` makes its clients and puts them in the app's context."""

    @get(description="200 when Redis (and the service's other dependencies) answer, else 503 with the problems.")
    async def health(scope: Scope) -> AsgiResponse:
        problems = [] if await broker.ping(timeout=3) else ["Redis does not answer"]
        for check in checks:
            if problem := await check():
                problems.append(problem)
        body = {"status": "unavailable" if problems else "ok", "problems": problems}
        headers = {"content-type": "application/json"}
        return AsgiResponse(json.dumps(body).encode(), 503 if problems else 200, headers=headers)

    metrics = prometheus_client.make_asgi_app(registry)
    return AsgiFastStream(
        broker, asgi_routes=[("/health", health), ("/metrics", metrics)], logger=logger, lifespan=lifespan
    )


def run(app: AsgiFastStream, settings: HttpSettings) -> None:
    """`python -m services.<name>`: the broker and the HTTP side in one uvicorn server."""
    options: dict[str, str | int] = {"host": settings.http_host, "port": settings.port}
    # uvicorn's own log at WARNING: no access line per health check.
    asyncio.run(app.run(log_level=logging.WARNING, run_extra_options=options))  # type: ignore[arg-type]
