"""Parser: newsflow:files -> newsflow:articles, one message per article found in a file.

Run: `python -m services.parser` or `faststream run services.parser:app`.
"""

import asyncio

from shared import streams
from shared.http import run, service_app
from shared.logs import setup_logging
from shared.models import Article, FileMessage
from shared.parsing import ParseError, parse_file
from shared.settings import ParserSettings
from shared.stage import PermanentError, Stage, make_broker

settings = ParserSettings()
logger = setup_logging("parser", settings.log_level, settings.log_json)
broker = make_broker(settings, logger)
app = service_app(broker, logger)

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


async def process(body: bytes) -> None:
    file = FileMessage.model_validate_json(body)
    try:
        # In a thread: a large HTML or JSON file must not stall the event loop.
        result = await asyncio.to_thread(parse_file, file.file_name, file.content, file.sha256)
    except ParseError as exc:
        raise PermanentError(str(exc), file.file_name) from exc
    for article in result.articles:
        await articles_out.publish(article)
    for error in result.errors:  # parts of the file that gave no article; the rest went on
        await stage.dead_letter(body, PermanentError(str(error), file.file_name), attempts=1)
    extra = {"file": file.file_name, "articles": len(result.articles), "errors": len(result.errors)}
    logger.info("parsed", extra=extra)


stage.subscribe(process)
stage.attach(app)

if __name__ == "__main__":
    run(app, settings)
