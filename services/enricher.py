"""Enricher: newsflow:articles -> newsflow:enriched, the article plus its enrichment.

Articles are read in batches (up to NEWSFLOW_MAX_RECORDS) and enriched together: spaCy is much
faster on a batch than article by article. The models load once, at startup, into the app's
context, where the handler finds them.

Run: `python -m services.enricher` or `faststream run --factory services.enricher:create_app`.
"""

import asyncio
import resource
import time
from typing import Annotated, Any

from faststream import Context
from faststream.asgi import AsgiFastStream
from prometheus_client import CollectorRegistry, Histogram

from shared.clients import make_broker
from shared.contracts import Article, EnrichedArticle
from shared.delivery import streams
from shared.delivery.stage import Stage
from shared.enrichment.enrich import Enricher
from shared.logs import setup_logging
from shared.runtime import run, service_app
from shared.settings import EnricherSettings


def create_app(settings: EnricherSettings | None = None) -> AsgiFastStream:
    settings = settings or EnricherSettings()
    logger = setup_logging("enricher", settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    broker = make_broker(settings, logger, registry)
    app = service_app(broker, logger, registry)
    batch_seconds = Histogram("newsflow_enrich_batch_seconds", "Enriching one batch of articles", registry=registry)
    stage = Stage(
        "enricher",
        broker,
        settings,
        streams.ARTICLES,
        logger,
        description="Add entities, places, key phrases, sentiment, language, reading time and fingerprints.",
    )
    enriched_out = broker.publisher(
        stream=streams.ENRICHED,
        title="enricher:newsflow:enriched",
        schema=EnrichedArticle,
        description="Articles with their enrichment.",
    )
    # One batch at a time: a spaCy pipeline is not made for concurrent use.
    nlp_lock = asyncio.Lock()

    @app.on_startup
    async def load_models() -> None:
        """The models, loaded once, before the subscribers start; handlers get them from the context."""
        started = time.perf_counter()
        enricher = await asyncio.to_thread(
            Enricher, settings.nlp_model, settings.nlp_tagger, settings.nlp, settings.words_per_minute
        )
        broker.context.set_global("enricher", enricher)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        extra = {"model": enricher.model, "seconds": round(time.perf_counter() - started, 1), "peak_mb": round(peak_mb)}
        logger.info("models loaded", extra=extra)

    @stage.batch_consumer
    async def enrich(batch: list[Any], enricher: Annotated[Enricher, Context()]) -> None:
        articles = await stage.validate_batch(batch, Article)
        if not articles:
            return
        started = time.perf_counter()
        # In a thread, so the event loop stays free (health checks, the other subscriber, Redis).
        async with nlp_lock:
            with batch_seconds.time():
                results = await asyncio.to_thread(enricher.enrich_batch, articles)
        await stage.publish_all(enriched_out, list(results))
        seconds = time.perf_counter() - started
        logger.info("enriched", extra={"articles": len(results), "per_s": round(len(results) / seconds, 1)})

    stage.attach(app)
    return app


def main() -> None:
    settings = EnricherSettings()
    run(create_app(settings), settings, "enricher")


if __name__ == "__main__":
    main()
