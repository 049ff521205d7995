"""Parser: newsflow:files -> newsflow:articles, one message per article found in a file.

Run: `python -m services.parser` or `faststream run --factory services.parser:create_app`.
"""

import asyncio

from faststream.asgi import AsgiFastStream
from prometheus_client import CollectorRegistry

from shared.clients import make_broker
from shared.contracts import Article, FileMessage
from shared.delivery import streams
from shared.delivery.stage import Stage
from shared.logs import setup_logging
from shared.parsing import parse_file
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

    @stage.consumer
    async def parse(file: FileMessage) -> None:
        # In a thread: a large HTML or JSON file must not stall the event loop. A ParseError for the
        # whole file is permanent: the stage dead-letters it.
        result = await asyncio.to_thread(parse_file, file.file_name, file.content, file.sha256)
        await stage.publish_all(articles_out, list(result.articles))
        for error in result.errors:  # parts of the file that gave no article; the rest went on
            await stage.dead_letter(file.model_dump_json().encode(), error, attempts=1)
        for reason in result.skipped:  # not an article by design (a photo item): said, not dead-lettered
            logger.info("skipped part of a file", extra={"file": file.file_name, "reason": reason})
        extra = {"file": file.file_name, "articles": len(result.articles), "errors": len(result.errors)}
        logger.info("parsed", extra=extra)

    stage.attach(app)
    return app


def main() -> None:
    settings = ParserSettings()
    run(create_app(settings), settings, "parser")


if __name__ == "__main__":
    main()
