"""Alerter: newsflow:indexed -> every watch run against the documents just written -> newsflow:alerts,
and each alert POSTed to its watch's webhook.

Two stages in one service, each with its consumer group: `alerter` matches (an article alerts a
watch once: a key per watch and article in Redis, set after the alert is published) and `webhook`
delivers (an alert is POSTed until its webhook takes it; a failure leaves it pending, to be tried
again after NEWSFLOW_CLAIM_IDLE_MS, and after NEWSFLOW_MAX_DELIVERIES it goes to the dead letters,
replayable with `newsflow dead replay`). Both scale with the service's replicas.

Run: `python -m services.alerter` or `faststream run --factory services.alerter:create_app`.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import aiohttp
from elasticsearch import AsyncElasticsearch
from faststream import Context, ContextRepo
from faststream.asgi import AsgiFastStream
from prometheus_client import CollectorRegistry, Counter

from shared.alerts.matching import new_alerts, remember
from shared.alerts.watches import load_watches
from shared.alerts.webhooks import deliver
from shared.clients import async_elasticsearch, make_broker
from shared.contracts import Alert, IndexedArticles, utcnow
from shared.delivery import streams
from shared.delivery.stage import Stage
from shared.logs import setup_logging
from shared.runtime import run, service_app
from shared.settings import AlerterSettings


def create_app(settings: AlerterSettings | None = None) -> AsgiFastStream:
    settings = settings or AlerterSettings()
    logger = setup_logging("alerter", settings.log_level, settings.log_json)
    registry = CollectorRegistry()
    broker = make_broker(settings, logger, registry)
    alerts_total = Counter("newsflow_alerts", "Alerts raised (a watch matched a new article)", registry=registry)
    deliveries = Counter("newsflow_webhook_deliveries", "Webhook deliveries", ["outcome"], registry=registry)
    alerts_out = broker.publisher(
        stream=streams.ALERTS,
        title="alerter:newsflow:alerts",
        schema=Alert,
        description="An article that matched a watch: once per watch and article.",
    )

    @asynccontextmanager
    async def lifespan(context: ContextRepo) -> AsyncIterator[None]:
        es = async_elasticsearch(settings, retry_on_timeout=True)
        session = aiohttp.ClientSession(headers={"User-Agent": "newsflow-alerter"})
        context.set_global("es", es)
        context.set_global("http", session)
        try:
            yield
        finally:
            context.reset_global("http")
            context.reset_global("es")
            await session.close()
            await es.close()

    app = service_app(broker, logger, registry, lifespan=lifespan)
    matcher = Stage(
        "alerter",
        broker,
        settings,
        streams.INDEXED,
        logger,
        description="Run every watch against the documents just indexed; publish each new match once.",
    )
    webhook = Stage(
        "webhook",
        broker,
        settings,
        streams.ALERTS,
        logger,
        description="POST each alert to its watch's webhook; retried while it fails, then dead-lettered.",
    )

    @matcher.batch_consumer
    async def match(batch: list[Any], es: Annotated[AsyncElasticsearch, Context()]) -> None:
        redis = await broker.connect()
        written = await matcher.validate_batch(batch, IndexedArticles)
        watches = await load_watches(redis)
        if not written or not watches:
            return
        alerts = await new_alerts(es, redis, watches, written, settings.explorer_url, logger)
        if not alerts:
            return
        # Published first, remembered second: a crash in between publishes again (the webhook
        # stage then finds it delivered), never loses the alert.
        await matcher.publish_all(alerts_out, list(alerts))
        await remember(redis, alerts)
        alerts_total.inc(len(alerts))
        logger.info("alerted", extra={"alerts": len(alerts), "watches": len({a.watch for a in alerts})})

    @webhook.consumer
    async def post(alert: Alert, http: Annotated[aiohttp.ClientSession, Context()]) -> None:
        if alert.webhook is None:
            return
        redis = await broker.connect()
        key = streams.DELIVERED + alert.watch
        if await redis.hexists(key, alert.article.id):
            return  # a repeat of an alert its webhook already took
        if not await redis.hexists(streams.WATCHES, alert.watch):
            return  # the watch was removed since: its user wants no more

        try:
            await deliver(http, alert, settings.webhook_timeout_seconds)
        except Exception:
            deliveries.labels("failed").inc()
            raise
        await redis.hset(key, alert.article.id, utcnow().isoformat())
        deliveries.labels("delivered").inc()
        logger.info("delivered", extra={"watch": alert.watch, "article": alert.article.id})

    matcher.attach(app)
    webhook.attach(app)
    return app


def main() -> None:
    settings = AlerterSettings()
    run(create_app(settings), settings, "alerter")


if __name__ == "__main__":
    main()
