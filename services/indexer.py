"""Indexer: newsflow:enriched -> Elasticsearch, in bulk, with the article's deterministic id.

The Elasticsearch client is made in the app's lifespan and kept in FastStream's context ("es");
writing, merging of sources and near-duplicate stories are in shared/index/.

Run: `python -m services.indexer` or `faststream run --factory services.indexer:create_app`.
"""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from elasticsearch import AsyncElasticsearch
from faststream import Context, ContextRepo
from faststream.asgi import AsgiFastStream
from faststream.redis import StreamSub
from prometheus_client import CollectorRegistry, Counter, Histogram
from tenacity import AsyncRetrying

from shared.clients import async_elasticsearch, make_broker
from shared.contracts import EnrichedArticle, IndexedArticles
from shared.delivery import streams
from shared.delivery.stage import Stage
from shared.errors import RejectedDocumentError
from shared.index.refresh import Refresher
from shared.index.template import template_name
from shared.index.versions import ensure_index
from shared.index.writer import with_backoff, write_batch
from shared.logs import setup_logging
from shared.runtime import run, service_app
from shared.settings import IndexerSettings

INDEXED_MAXLEN = 100_000
"""Entries kept in newsflow:indexed at most (one per bulk write)."""


def create_app(settings: IndexerSettings | None = None) -> AsgiFastStream:
    settings = settings or IndexerSettings()
    logger = setup_logging("indexer", settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    broker = make_broker(settings, logger, registry)
    bulk_seconds = Histogram(
        "newsflow_bulk_seconds", "Writing one batch to Elasticsearch, retries included", registry=registry
    )
    batch_articles = Histogram(
        "newsflow_batch_articles",
        "Articles per indexer batch",
        buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
        registry=registry,
    )
    documents = Counter("newsflow_documents", "Documents written to Elasticsearch", ["outcome"], registry=registry)

    def backoff() -> AsyncRetrying:
        return with_backoff(settings.bulk_retries, settings.max_backoff_seconds, logger)

    async def elasticsearch_problem() -> str | None:
        """For /health: None when Elasticsearch answers."""
        es: AsyncElasticsearch | None = broker.context.get("es")
        if es is None:
            return "Elasticsearch client not started yet"
        try:
            await es.options(request_timeout=3).cluster.health()
        except Exception as exc:
            return f"Elasticsearch at {settings.elasticsearch_url} does not answer: {type(exc).__name__}"
        return None

    @asynccontextmanager
    async def lifespan(context: ContextRepo) -> AsyncIterator[None]:
        es = async_elasticsearch(settings, retry_on_timeout=True)
        context.set_global("es", es)
        refresher = Refresher(es, settings.index, settings.refresh_seconds, logger)
        context.set_global("refresher", refresher)
        try:
            async for attempt in backoff():  # Elasticsearch may still be starting
                with attempt:
                    concrete = await ensure_index(es, settings.index, settings.analysis)
            extra = {"template": template_name(settings.index), "index": settings.index, "version": concrete}
            logger.info("index template installed", extra=extra)
            yield
            await refresher.close()
        finally:
            context.reset_global("refresher")
            context.reset_global("es")
            await es.close()

    indexed_out = broker.publisher(
        # Capped, approximately: without an alerter nothing trims it (with one, it trims what it read).
        stream=StreamSub(streams.INDEXED, maxlen=INDEXED_MAXLEN),
        title="indexer:newsflow:indexed",
        schema=IndexedArticles,
        description="The ids of the documents one bulk write wrote, new or changed (for the alerter).",
    )
    app = service_app(broker, logger, registry, checks=[elasticsearch_problem], lifespan=lifespan)
    stage = Stage(
        "indexer",
        broker,
        settings,
        streams.ENRICHED,
        logger,
        description="Write enriched articles to Elasticsearch in bulk, one document per article id.",
    )

    @stage.batch_consumer
    async def index(
        batch: list[Any],
        es: Annotated[AsyncElasticsearch, Context()],
        refresher: Annotated[Refresher, Context()],
    ) -> None:
        items = await stage.validate_batch(batch, EnrichedArticle)
        if not items:
            return
        started = time.perf_counter()
        batch_articles.observe(len(items))
        with bulk_seconds.time():
            async for attempt in backoff():
                with attempt:
                    counts, rejected = await write_batch(
                        es, settings.index, items, settings.duplicate_threshold, refresher
                    )
        written = list(dict.fromkeys(i.article.id for i in items if i.article.id not in rejected))
        if written:  # before the acknowledgement: a crash now writes and announces them again
            unrefreshed = {doc["id"] for doc in refresher.unrefreshed()}
            refreshed = unrefreshed.isdisjoint(written)
            await indexed_out.publish(IndexedArticles(ids=written, index=settings.index, refreshed=refreshed))
        for outcome, count in (*counts.items(), ("rejected", len(rejected))):
            documents.labels(outcome).inc(count)
        for item in items:
            if item.article.id in rejected:
                reason = f"Elasticsearch rejected the document: {rejected[item.article.id]}"
                error = RejectedDocumentError(reason, item.article.source.file_name)
                await stage.dead_letter(item.model_dump_json().encode(), error, attempts=1)
        ms = round((time.perf_counter() - started) * 1000)
        logger.info("indexed", extra={**counts, "rejected": len(rejected), "ms": ms})

    stage.attach(app)
    return app


def main() -> None:
    settings = IndexerSettings()
    run(create_app(settings), settings, "indexer")


if __name__ == "__main__":
    main()
