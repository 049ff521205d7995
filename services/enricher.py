"""Enricher: newsflow:articles -> newsflow:enriched, the article plus its enrichment.

Run: `python -m services.enricher` or `faststream run services.enricher:app`.
"""

import time

from shared import streams
from shared.enrichment import enrich, language_detector
from shared.http import run, service_app
from shared.logs import setup_logging
from shared.models import Article, EnrichedArticle
from shared.settings import EnricherSettings
from shared.stage import Stage, make_broker

settings = EnricherSettings()
logger = setup_logging("enricher", settings.log_level, settings.log_json)
broker = make_broker(settings, logger)
app = service_app(broker, logger)

stage = Stage(
    "enricher",
    broker,
    settings,
    streams.ARTICLES,
    logger,
    description="Add word count, reading time and language to each article.",
)
enriched_out = broker.publisher(
    stream=streams.ENRICHED,
    title="enricher:newsflow:enriched",
    schema=EnrichedArticle,
    description="Articles with their enrichment.",
)


@app.on_startup
async def load_models() -> None:
    started = time.perf_counter()
    language_detector().detect_language_of("Loading the language models now.")
    logger.info("models loaded", extra={"seconds": round(time.perf_counter() - started, 2)})


async def process(body: bytes) -> None:
    article = Article.model_validate_json(body)
    result = enrich(article, settings.words_per_minute)
    await enriched_out.publish(result)
    logger.info("enriched", extra={"article": article.id, "file": article.source.file_name})


stage.attach(app)
stage.subscribe(process)

if __name__ == "__main__":
    run(app, settings)
