"""Which watches the documents just indexed match. The plain distribution has no percolator, so
every watch's query runs as a search restricted to those documents (an `ids` filter), many watches
to one multi-search request."""

import logging
from collections import defaultdict
from typing import Any

from elasticsearch import AsyncElasticsearch
from redis.asyncio import Redis

from shared.alerts.watches import watch_query
from shared.contracts import Alert, AlertArticle, IndexedArticles, Watch
from shared.delivery import streams
from shared.index.versions import index_analysis

ALERT_FIELDS = ["title", "published", "article_date", "people", "places", "agency"]
WATCHES_PER_REQUEST = 100
"""Searches in one multi-search request: many watches per round trip, but a bounded request."""


async def make_searchable(es: AsyncElasticsearch, index: str, written: list[IndexedArticles]) -> None:
    """The indexer refreshes at most every NEWSFLOW_REFRESH_SECONDS during a burst, so what it just
    wrote may not be searchable yet, or only in its version before (a changed article must be
    matched as it is now): one refresh for the batch when any write was not refreshed."""
    if not all(item.refreshed for item in written):
        await es.indices.refresh(index=index)


async def find_matches(
    es: AsyncElasticsearch,
    index: str,
    watches: list[Watch],
    ids: list[str],
    logger: logging.Logger,
    analysis: Any = "python",
) -> list[tuple[Watch, dict[str, Any]]]:
    """(watch, hit) for every document among `ids` that a watch's query matches. A watch whose search
    Elasticsearch refuses is logged and skipped, so it cannot hold up the others; an unreachable
    Elasticsearch raises (the batch is retried)."""
    matches: list[tuple[Watch, dict[str, Any]]] = []
    only = {"ids": {"values": ids}}
    for start in range(0, len(watches), WATCHES_PER_REQUEST):
        chunk = watches[start : start + WATCHES_PER_REQUEST]
        searches: list[dict[str, Any]] = []
        for watch in chunk:
            query = {"bool": {"must": [watch_query(watch.query, analysis)], "filter": [only]}}
            searches += [{"index": index}, {"query": query, "size": len(ids), "_source": ALERT_FIELDS}]
        answer = await es.msearch(searches=searches)
        for watch, response in zip(chunk, answer["responses"], strict=True):
            if "error" in response:
                logger.error("watch search failed", extra={"watch": watch.name, "error": str(response["error"])[:300]})
                continue
            matches += [(watch, hit) for hit in response["hits"]["hits"]]
    return matches


def alert_of(watch: Watch, hit: dict[str, Any], explorer_url: str) -> Alert:
    source = hit.get("_source", {})
    article = AlertArticle(
        id=hit["_id"],
        title=source.get("title"),
        published=source.get("published"),
        article_date=source.get("article_date"),
        people=list(source.get("people") or []),
        places=list(source.get("places") or []),  # names: the document keeps places as keywords
        agency=source.get("agency"),
    )
    link = f"{explorer_url.rstrip('/')}/?article={hit['_id']}"
    return Alert(watch=watch.name, query=watch.query, webhook=watch.webhook, article=article, explorer_url=link)


async def new_alerts(
    es: AsyncElasticsearch,
    redis: Redis,
    watches: list[Watch],
    written: list[IndexedArticles],
    explorer_url: str,
    logger: logging.Logger,
) -> list[Alert]:
    """The alerts the documents just written raise: a watch made before they were written matches
    them, and has not alerted on them before (a replay, a re-enrichment or a second file of the same
    article alerts no one twice; an article changed so that it now matches does alert)."""
    groups: dict[tuple[str, tuple[str, ...]], dict[str, None]] = defaultdict(dict)  # ids, in order, once
    for index in {item.index for item in written}:
        await make_searchable(es, index, [item for item in written if item.index == index])
    for item in written:
        # A watch alerts on what is indexed after it was made, not on a backlog from before it.
        names = tuple(w.name for w in watches if w.created_at <= item.indexed_at)
        if names:
            groups[(item.index, names)].update(dict.fromkeys(item.ids))
    by_name = {w.name: w for w in watches}
    found: list[tuple[Watch, dict[str, Any]]] = []
    for (index, names), ids in groups.items():
        current = [by_name[name] for name in names]
        found += await find_matches(es, index, current, list(ids), logger, await index_analysis(es, index))
    # Which of them alerted before: one round trip for the whole batch, not one per match.
    async with redis.pipeline(transaction=False) as pipe:
        for watch, hit in found:
            await pipe.hexists(streams.ALERTED + watch.name, hit["_id"])
        alerted = await pipe.execute() if found else []
    return [alert_of(watch, hit, explorer_url) for (watch, hit), seen in zip(found, alerted, strict=True) if not seen]


async def remember(redis: Redis, alerts: list[Alert]) -> None:
    """Each alert's watch and article, so they never alert again (after the alerts are published)."""
    async with redis.pipeline(transaction=False) as pipe:
        for alert in alerts:
            await pipe.hset(streams.ALERTED + alert.watch, alert.article.id, alert.matched_at.isoformat())
        await pipe.execute()
