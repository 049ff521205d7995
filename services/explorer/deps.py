"""What the routes get from the app, as FastAPI dependencies, and `timed`, which measures an
Elasticsearch request."""

import time
from collections.abc import Awaitable
from typing import Annotated, TypeVar

from elastic_transport import TransportError
from elasticsearch import ApiError, AsyncElasticsearch, NotFoundError
from fastapi import Depends, Request

from services.explorer.metrics import Metrics
from shared.settings import ExplorerSettings

T = TypeVar("T")

# The dependencies are async though they never wait: FastAPI runs plain functions in a thread pool.


async def get_settings(request: Request) -> ExplorerSettings:
    settings: ExplorerSettings = request.app.state.settings
    return settings


SettingsDep = Annotated[ExplorerSettings, Depends(get_settings)]


async def get_index(settings: SettingsDep) -> str:
    return settings.index


async def get_elasticsearch(request: Request) -> AsyncElasticsearch:
    client: AsyncElasticsearch = request.app.state.es  # built by the lifespan
    return client


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


IndexDep = Annotated[str, Depends(get_index)]
ElasticsearchDep = Annotated[AsyncElasticsearch, Depends(get_elasticsearch)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]


async def timed(metrics: Metrics, operation: str, call: Awaitable[T]) -> T:
    """Await an Elasticsearch request, recording its latency, and its failure if it fails."""
    started = time.perf_counter()
    try:
        return await call
    except NotFoundError:
        raise  # an unknown id is an answer, not an Elasticsearch failure
    except (ApiError, TransportError):
        metrics.es_errors.labels(operation).inc()
        raise
    finally:
        metrics.es_latency.labels(operation).observe(time.perf_counter() - started)
