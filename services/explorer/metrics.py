"""The explorer's Prometheus metrics: HTTP requests, and the Elasticsearch requests behind them."""

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    """One registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "explorer_requests",
            "HTTP requests by route and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "explorer_request_seconds", "HTTP request latency by route.", ["method", "route"], registry=self.registry
        )
        self.es_latency = Histogram(
            "explorer_elasticsearch_seconds",
            "Elasticsearch request latency by operation.",
            ["operation"],
            registry=self.registry,
        )
        self.es_errors = Counter(
            "explorer_elasticsearch_errors",
            "Elasticsearch requests that failed, by operation.",
            ["operation"],
            registry=self.registry,
        )
