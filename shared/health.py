"""Health check for a service's dependencies: `python -m shared.health [indexer]`.

Exits 0 when Redis answers (and, for the indexer, Elasticsearch), 1 otherwise, with the reason on
stderr. Used by the compose health checks.
"""

import sys

import redis
from elasticsearch import Elasticsearch

from shared.settings import BaseServiceSettings, IndexerSettings


def check(service: str) -> str | None:
    settings = IndexerSettings() if service == "indexer" else BaseServiceSettings()
    password = settings.redis_password.get_secret_value() if settings.redis_password else None
    try:
        redis.Redis.from_url(settings.redis_url, password=password, socket_timeout=3).ping()
    except redis.RedisError as exc:
        return f"Redis at {settings.redis_url} does not answer: {exc}"
    if isinstance(settings, IndexerSettings):
        api_key = settings.elasticsearch_api_key.get_secret_value() if settings.elasticsearch_api_key else None
        try:
            Elasticsearch(settings.elasticsearch_url, api_key=api_key, request_timeout=3).cluster.health()
        except Exception as exc:
            return f"Elasticsearch at {settings.elasticsearch_url} does not answer: {exc}"
    return None


if __name__ == "__main__":
    problem = check(sys.argv[1] if len(sys.argv) > 1 else "")
    if problem:
        sys.stderr.write(problem + "\n")
    sys.exit(1 if problem else 0)
