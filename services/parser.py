"""Parser: newsflow:files -> newsflow:articles, one message per article found in a file.

Files are read in batches (up to NEWSFLOW_MAX_RECORDS, whatever has arrived: a lone file does not
wait) and their articles published in one round trip, acknowledged together.

Run: `python -m services.parser` or `faststream run --factory services.parser:create_app`.
"""

import asyncio
from typing import Any

from faststream.asgi import AsgiFastStream
from prometheus_client import CollectorRegistry

from shared.clients import make_broker
from shared.contracts import Article, FileMessage
from shared.delivery import streams
from shared.delivery.stage import Stage
from shared.errors import ParseError
from shared.logs import setup_logging
from shared.parsing import ParseResult, parse_file
from shared.runtime import run, service_app
from shared.settings import ParserSettings


def create_app(settings: ParserSettings | None = None) -> AsgiFastStream:
    settings = settings or ParserSettings()
    logger = setup_logging("parser", settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    broker = make_broker(settings, logger, registry)
    app = service_app(broker, logger, registry)
    stage = Stage(
        "parser",
        broker,
        settings,
        streams.FILES,
        logger,
        description="Split each file from the inbox into articles and extract their fields.",
    )
    articles_out = broker.publisher(
        stream=streams.ARTICLES,
        title="parser:newsflow:articles",
        schema=Article,
        description="One message per parsed article.",
    )

    @stage.batch_consumer
    async def parse(batch: list[Any]) -> None:
        files = await stage.validate_batch(batch, FileMessage)
        # In a thread: a large HTML or JSON file must not stall the event loop. Any error but a
        # ParseError is raised before anything is published: the batch is retried, one entry at a time.
        results = await asyncio.to_thread(_parse_all, files)
        await stage.publish_all(articles_out, [a for r in results if isinstance(r, ParseResult) for a in r.articles])
        for file, result in zip(files, results, strict=True):
            if isinstance(result, ParseError):  # the whole file gave no article: permanent
                await stage.dead_letter(file.model_dump_json().encode(), result, attempts=1)
                continue
            for error in result.errors:  # parts of the file that gave no article; the rest went on
                await stage.dead_letter(file.model_dump_json().encode(), error, attempts=1)
            for reason in result.skipped:  # not an article by design (a photo item): said, not dead-lettered
                logger.info("skipped part of a file", extra={"file": file.file_name, "reason": reason})
            extra = {"file": file.file_name, "articles": len(result.articles), "errors": len(result.errors)}
            logger.info("parsed", extra=extra)

    stage.attach(app)
    return app


def _parse_all(files: list[FileMessage]) -> list[ParseResult | ParseError]:
    results: list[ParseResult | ParseError] = []
    for file in files:
        try:
            results.append(parse_file(file.file_name, file.content, file.sha256))
        except ParseError as exc:
            results.append(exc)
    return results


def main() -> None:
    settings = ParserSettings()
    run(create_app(settings), settings, "parser")


if __name__ == "__main__":
    main()
