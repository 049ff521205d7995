"""The explorer's FastAPI app (Elasticsearch client, metrics, security headers, error answers) and
`main`, which serves it."""

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import uvicorn
from elastic_transport import TransportError
from elasticsearch import ApiError
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from services.explorer import watches
from services.explorer.metrics import Metrics
from services.explorer.routes import STATIC, router
from shared.clients import async_elasticsearch, async_redis_client
from shared.logs import setup_logging
from shared.settings import ExplorerSettings

logger = logging.getLogger("newsflow.explorer")

# The page's scripts and styles come from this server only; nothing inline can run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(settings: ExplorerSettings | None = None) -> FastAPI:
    """The app; without settings, they are read from the environment now."""
    settings = settings or ExplorerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Created here, not in create_app, so the client lives on the server's event loop.
        app.state.es = async_elasticsearch(settings, request_timeout=15, max_retries=1, retry_on_timeout=False)
        app.state.redis = async_redis_client(settings)  # watches and the live alerts
        logger.info(
            "explorer started",
            extra={"url": f"http://{settings.explorer_host}:{settings.explorer_port}/", "index": settings.index},
        )
        try:
            yield
        finally:
            await app.state.redis.aclose()
            await app.state.es.close()

    app = FastAPI(
        title="Newsflow explorer",
        version="1.0",
        description="Search the enriched news articles: full text, entity facets, dates, similar articles.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load their scripts from a CDN, which the page's CSP (and offline
        # machines) refuse; the schema itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    install_middleware(app, app.state.metrics)
    install_handlers(app)
    app.include_router(router)
    app.include_router(watches.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def install_middleware(app: FastAPI, metrics: Metrics) -> None:
    @app.middleware("http")
    async def observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Content-Type-Options"] = "nosniff"
            if not request.url.path.startswith(("/api/", "/metrics", "/health", "/openapi")):
                response.headers["Content-Security-Policy"] = CSP
            return response
        finally:
            # The route template, not the path: ids must not become label values.
            route = getattr(request.scope.get("route"), "path", "unmatched")
            elapsed = time.perf_counter() - started
            metrics.requests.labels(request.method, route, str(status)).inc()
            metrics.latency.labels(request.method, route).observe(elapsed)
            logger.debug(
                "request",
                extra={
                    "method": request.method,
                    "path": request.url.path,
                    "status": status,
                    "ms": round(elapsed * 1000),
                },
            )


def install_handlers(app: FastAPI) -> None:
    """Every error is a JSON {"detail": ...}: never a traceback, and Elasticsearch trouble is a 503."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or "request", "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        return JSONResponse(status_code=422, content={"detail": f"invalid request: {detail}", "errors": errors})

    @app.exception_handler(TransportError)
    async def unreachable(request: Request, exc: TransportError) -> JSONResponse:
        logger.warning("Elasticsearch unreachable", extra={"path": request.url.path, "error": repr(exc)[:300]})
        return JSONResponse(
            status_code=503, content={"detail": f"Elasticsearch is unreachable ({type(exc).__name__}); try again later"}
        )

    @app.exception_handler(ApiError)
    async def refused(request: Request, exc: ApiError) -> JSONResponse:
        status = exc.meta.status
        logger.warning(
            "Elasticsearch error", extra={"path": request.url.path, "status": status, "error": str(exc)[:300]}
        )
        if status == 429 or status >= 500:
            return JSONResponse(status_code=503, content={"detail": f"Elasticsearch is unavailable ({status})"})
        return JSONResponse(status_code=400, content={"detail": f"Elasticsearch refused the request: {exc.message}"})

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        logger.error("unexpected error", extra={"path": request.url.path}, exc_info=exc)
        return JSONResponse(status_code=500, content={"detail": "internal error; see the explorer's log"})


class _NoColorMessage(logging.Filter):
    """uvicorn adds an ANSI-coloured copy of some messages as an extra; in our logs it is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)
        return True


def main() -> None:
    settings = ExplorerSettings()
    setup_logging("explorer", settings.log_level, settings.log_json)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).addFilter(_NoColorMessage())
    # log_config=None: uvicorn's own loggers go through setup_logging's handler (text or JSON).
    uvicorn.run(
        create_app(settings),
        host=settings.explorer_host,
        port=settings.explorer_port,
        log_config=None,
        access_log=False,
        server_header=False,
    )
