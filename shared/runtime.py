"""How a worker service runs: its FastStream app with a small HTTP side, `/health` (ready only when
its connections work) and `/metrics` (Prometheus: FastStream's per-stream message metrics plus the
service's own, in the app's own registry), served with the broker by one uvicorn server."""

import asyncio
import json
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import cast

import prometheus_client
from faststream.asgi import AsgiFastStream, AsgiResponse, get
from faststream.asgi.types import Scope
from faststream.redis import RedisBroker

from shared.delivery import streams
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


def listen(settings: HttpSettings) -> socket.socket:
    """The listening socket of /health and /metrics: on the configured port; else on the service's
    default, or on any free port when another replica on this machine holds the default (0 also
    means any free port). It is held from here on, so replicas starting at the same moment cannot
    pick the same port."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart need not wait for TIME_WAIT
    wanted = settings.default_http_port if settings.http_port is None else settings.http_port
    try:
        sock.bind((settings.http_host, wanted))
    except OSError as exc:
        if settings.http_port is not None:  # the user chose this port: say so rather than move
            sock.close()
            raise OSError(f"port {wanted} on {settings.http_host} is taken ({exc}): set NEWSFLOW_HTTP_PORT "
                          "to another port, or to 0 for any free one") from exc  # fmt: skip
        sock.bind((settings.http_host, 0))  # a second replica of this service on this machine
    sock.listen(128)
    return sock


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def replica_name() -> str:
    """How this process is known in Redis, and its consumer name in its stream's group: unique per
    replica, the hostname (the container id under compose) plus the process id, unless
    NEWSFLOW_CONSUMER_NAME fixes it (each replica must then have its own)."""
    return os.environ.get("NEWSFLOW_CONSUMER_NAME") or f"{socket.gethostname()}-{os.getpid()}"


def run(app: AsgiFastStream, settings: HttpSettings, service: str) -> None:
    """`python -m services.<name>`: the broker and the HTTP side in one uvicorn server, on a port no
    other replica on this machine uses; the replica is listed in Redis while it runs."""
    sock = listen(settings)
    port = int(sock.getsockname()[1])
    # Bound to every address (in a container): others reach it by this host's name, as compose's
    # network resolves it; "0.0.0.0" in the listed URL would point each reader at itself.
    host = socket.gethostname() if settings.http_host in ("0.0.0.0", "::", "") else settings.http_host
    url = f"http://{host}:{port}"
    name = replica_name()
    logger = logging.getLogger(service)
    record = json.dumps({"service": service, "health": f"{url}/health", "pid": os.getpid(), "started": time.time()})

    broker = cast(RedisBroker, app.broker)

    async def listed() -> None:
        redis = await broker.connect()
        await redis.hset(streams.REPLICAS, name, record)
        # Entries of replicas on this machine that died without saying so (kill -9): their pid is gone.
        here = f"{socket.gethostname()}-"
        for other in await redis.hkeys(streams.REPLICAS):
            other = other.decode() if isinstance(other, bytes) else other
            pid = other.removeprefix(here)
            if other != name and other.startswith(here) and pid.isdigit() and not _alive(int(pid)):
                await redis.hdel(streams.REPLICAS, other)
        logger.info("ready: /health and /metrics at %s", url, extra={"replica": name, "port": port})

    async def unlisted() -> None:
        await (await broker.connect()).hdel(streams.REPLICAS, name)

    app.after_startup(listed)
    app.on_shutdown(unlisted)
    options: dict[str, str | int] = {"fd": sock.fileno()}
    # uvicorn's own log at WARNING: no access line per health check.
    with sock:
        asyncio.run(app.run(log_level=logging.WARNING, run_extra_options=options))  # type: ignore[arg-type]
