"""The one place that builds Redis and Elasticsearch clients from settings, secrets included.

Nothing here connects: a client connects on first use. Services build theirs at startup (in their
FastStream or FastAPI lifespan), never at import.
"""

import logging
from typing import Any

import redis
import redis.asyncio
from elasticsearch import AsyncElasticsearch, Elasticsearch
from faststream.redis import RedisBroker
from faststream.redis.prometheus import RedisPrometheusMiddleware
from faststream.security import SASLPlaintext
from prometheus_client import CollectorRegistry

from shared.settings import ElasticsearchSettings, RedisSettings


def make_broker(
    settings: RedisSettings, logger: logging.Logger, registry: CollectorRegistry | None = None
) -> RedisBroker:
    """A FastStream Redis broker; with a registry, per-stream message metrics are recorded in it."""
    security = None
    if settings.redis_password:
        security = SASLPlaintext(username="default", password=settings.redis_password.get_secret_value())
    middlewares = [RedisPrometheusMiddleware(registry=registry, app_name="newsflow")] if registry else []
    # Per-message Received/Processed lines go to DEBUG; the stages log what they did at INFO.
    return RedisBroker(
        settings.redis_url,
        security=security,
        logger=logger,
        log_level=logging.DEBUG,
        graceful_timeout=30.0,
        middlewares=middlewares,
    )


def redis_client(settings: RedisSettings) -> redis.Redis:
    """A blocking client, for the command line."""
    password = settings.redis_password.get_secret_value() if settings.redis_password else None
    return redis.Redis.from_url(settings.redis_url, password=password)


def async_redis_client(settings: RedisSettings) -> redis.asyncio.Redis:
    """An asyncio client, for the explorer and the watch commands."""
    password = settings.redis_password.get_secret_value() if settings.redis_password else None
    return redis.asyncio.Redis.from_url(settings.redis_url, password=password)


def _es_options(settings: ElasticsearchSettings, options: dict[str, Any]) -> dict[str, Any]:
    api_key = settings.elasticsearch_api_key.get_secret_value() if settings.elasticsearch_api_key else None
    return {"api_key": api_key, "request_timeout": 30, **options}


def elasticsearch(settings: ElasticsearchSettings, **options: Any) -> Elasticsearch:
    """A blocking client, for the command line. `options` go to the client (timeouts, retries)."""
    return Elasticsearch(settings.elasticsearch_url, **_es_options(settings, options))


def async_elasticsearch(settings: ElasticsearchSettings, **options: Any) -> AsyncElasticsearch:
    """An asyncio client, for the indexer and the explorer."""
    return AsyncElasticsearch(settings.elasticsearch_url, **_es_options(settings, options))
