"""Indexer: newsflow:enriched -> Elasticsearch, in bulk, with the article's deterministic id.

An article found in several files is one document whose `sources` and `source_files` list them all:
the indexer reads the stored document, merges the sources, and writes with optimistic concurrency
(if_seq_no / op_type=create), so replicas racing on the same article cannot drop a source.

Run: `python -m services.indexer` or `faststream run services.indexer:app`.
"""

import time
from typing import Any

import prometheus_client
from elastic_transport import TransportError
from elasticsearch import ApiError, AsyncElasticsearch
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential

from shared import streams
from shared.documents import article_date, document, merge_sources
from shared.http import run, service_app
from shared.index_template import index_template, template_name
from shared.logs import setup_logging
from shared.models import EnrichedArticle, utcnow
from shared.nlp.dedup import similarity
from shared.settings import IndexerSettings
from shared.stage import PermanentError, Stage, make_broker

settings = IndexerSettings()
logger = setup_logging("indexer", settings.log_level, settings.log_json)
broker = make_broker(settings, logger)
stage = Stage(
    "indexer",
    broker,
    settings,
    streams.ENRICHED,
    logger,
    description="Write enriched articles to Elasticsearch in bulk, one document per article id.",
)

MAX_CONFLICT_ROUNDS = 10
es: AsyncElasticsearch | None = None

BULK_SECONDS = prometheus_client.Histogram(
    "newsflow_bulk_seconds", "Writing one batch to Elasticsearch, retries included"
)
BATCH_ARTICLES = prometheus_client.Histogram(
    "newsflow_batch_articles", "Articles per indexer batch", buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500)
)
DOCUMENTS = prometheus_client.Counter("newsflow_documents", "Documents written to Elasticsearch", ["outcome"])


async def elasticsearch_problem() -> str | None:
    """For /health: None when Elasticsearch answers."""
    if es is None:
        return "Elasticsearch client not started yet"
    try:
        await es.options(request_timeout=3).cluster.health()
    except Exception as exc:
        return f"Elasticsearch at {settings.elasticsearch_url} does not answer: {type(exc).__name__}"
    return None


app = service_app(broker, logger, checks=[elasticsearch_problem])


class BulkRetryableError(Exception):
    """Elasticsearch refused some items for a passing reason (overload, blocked index, 5xx)."""


def connect_elasticsearch(settings: IndexerSettings) -> AsyncElasticsearch:
    api_key = settings.elasticsearch_api_key.get_secret_value() if settings.elasticsearch_api_key else None
    return AsyncElasticsearch(settings.elasticsearch_url, api_key=api_key, request_timeout=30, retry_on_timeout=True)


async def install_template(client: AsyncElasticsearch, index: str) -> None:
    """Idempotent: PUT replaces the template with the same body; the index is created if missing."""
    await client.indices.put_index_template(name=template_name(index), **index_template(index))
    if not await client.indices.exists(index=index):
        await client.options(ignore_status=400).indices.create(index=index)  # 400: a replica created it first


RETRYABLE = {403, 408, 429}  # 403: index blocked (e.g. disk flood stage), which clears by itself


STORY_FIELDS = ("story_id", "duplicate_of", "duplicate_similarity")


async def link_stories(
    client: AsyncElasticsearch, index: str, docs: dict[str, dict[str, Any]], stored: dict[str, dict[str, Any]],
    threshold: float,
) -> None:  # fmt: skip
    """Link each new article to the earliest indexed one whose body it nearly repeats (estimated by
    MinHash; candidates share a band): `duplicate_of`, and the `story_id` they share. An article
    keeps the links it got when first indexed, so replays do not move it between stories."""
    new = [i for i in docs if not stored.get(i, {}).get("story_id") and docs[i].get("minhash_bands")]
    candidates: dict[str, list[dict[str, Any]]] = {i: [] for i in new}
    if new:
        searches: list[dict[str, Any]] = []
        for doc_id in new:
            searches += [{}, {
                "query": {"bool": {
                    "filter": [{"terms": {"minhash_bands": docs[doc_id]["minhash_bands"]}}],
                    "must_not": [{"ids": {"values": [doc_id]}}],
                }},
                "sort": [{"first_indexed_at": "asc"}],
                "size": 50,
                "_source": ["minhash", "story_id", "first_indexed_at"],
            }]  # fmt: skip
        responses = await client.msearch(index=index, searches=searches)
        for doc_id, response in zip(new, responses["responses"], strict=True):
            candidates[doc_id] = [
                {"id": hit["_id"], **hit["_source"]} for hit in response.get("hits", {}).get("hits", [])
            ]
    earlier_in_batch: list[dict[str, Any]] = []
    for doc_id, doc in docs.items():
        if stored.get(doc_id, {}).get("story_id"):
            doc.update({field: stored[doc_id].get(field) for field in STORY_FIELDS})
        else:
            doc.update({"story_id": doc_id, "duplicate_of": None, "duplicate_similarity": None})
            for candidate in [*candidates.get(doc_id, []), *earlier_in_batch]:
                score = similarity(doc.get("minhash") or [], candidate.get("minhash") or [])
                if score >= threshold:
                    story = candidate.get("story_id") or candidate["id"]
                    doc.update(
                        {"story_id": story, "duplicate_of": candidate["id"], "duplicate_similarity": round(score, 3)}
                    )
                    break
        earlier_in_batch.append({"id": doc_id, "minhash": doc.get("minhash"), "story_id": doc["story_id"]})


async def write_batch(
    client: AsyncElasticsearch,
    index: str,
    items: list[EnrichedArticle],
    duplicate_threshold: float = 0.8,
) -> tuple[dict[str, int], dict[str, str]]:
    """Index the batch. Returns (counts per outcome, {article id: reason} for documents Elasticsearch
    rejected for good, e.g. a mapping error). Raises BulkRetryableError if anything must be retried."""
    rejected: dict[str, str] = {}
    pending: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for item in items:  # the same article twice in one batch is merged before writing
        doc, sources = pending.get(item.article.id, (document(item), []))
        pending[item.article.id] = (doc, merge_sources(sources, [item.article.source.model_dump()]))

    counts = {"new": 0, "updated": 0}
    for _ in range(MAX_CONFLICT_ROUNDS):
        stored = await client.mget(
            index=index, ids=list(pending), source_includes=["sources", "first_indexed_at", *STORY_FIELDS]
        )
        found_sources = {d["_id"]: d["_source"] for d in stored["docs"] if d.get("found")}
        await link_stories(
            client, index, {i: doc for i, (doc, _) in pending.items()}, found_sources, duplicate_threshold
        )
        now = utcnow().isoformat()
        operations: list[dict[str, Any]] = []
        for found in stored["docs"]:
            doc, sources = pending[found["_id"]]
            source = found.get("_source", {}) if found.get("found") else {}
            all_sources = merge_sources(source.get("sources", []), sources)
            first_indexed_at = source.get("first_indexed_at", now)
            body = {
                **doc,
                **article_date(doc, first_indexed_at),
                "sources": all_sources,
                "source_files": sorted({s["file_name"] for s in all_sources}),
                "first_indexed_at": first_indexed_at,
                "indexed_at": now,
            }
            if found.get("found"):
                action = {
                    "index": {
                        "_id": found["_id"],
                        "if_seq_no": found["_seq_no"],
                        "if_primary_term": found["_primary_term"],
                    }
                }
            else:
                action = {"create": {"_id": found["_id"]}}
            operations += [action, body]
        # wait_for: the next batch's near-duplicate search must see these documents.
        response = await client.bulk(index=index, operations=operations, refresh="wait_for")
        conflicts: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        retryable: list[str] = []
        for entry in response["items"]:
            ((_, result),) = entry.items()
            status = result.get("status", 500)
            if status in (200, 201):
                counts["new" if status == 201 else "updated"] += 1
            elif status == 409:  # another replica wrote it meanwhile: merge again
                conflicts[result["_id"]] = pending[result["_id"]]
            else:
                error = result.get("error", {})
                reason = f"{status} {error.get('type')}: {error.get('reason')}"
                if status >= 500 or status in RETRYABLE:
                    retryable.append(f"{result['_id']}: {reason}")
                else:
                    rejected[result["_id"]] = reason
        if retryable:
            raise BulkRetryableError("; ".join(retryable))
        if not conflicts:
            return counts, rejected
        pending = conflicts
    raise BulkRetryableError(f"version conflicts persisted after {MAX_CONFLICT_ROUNDS} rounds: {sorted(pending)}")


def elasticsearch_unavailable(exc: BaseException) -> bool:
    """Elasticsearch cannot be reached or cannot take writes now: wait for it, however long."""
    if isinstance(exc, ApiError):
        return exc.meta.status in (429, 502, 503, 504)
    return isinstance(exc, TransportError)


def _retryable(exc: BaseException) -> bool:
    return elasticsearch_unavailable(exc) or isinstance(exc, BulkRetryableError)


def _give_up(state: RetryCallState) -> bool:
    # Outages are waited out (nothing is acknowledged meanwhile); refused items get a few tries,
    # then the message is left pending for redelivery and, eventually, the dead letters.
    exc = state.outcome.exception() if state.outcome else None
    return exc is not None and not elasticsearch_unavailable(exc) and state.attempt_number >= settings.bulk_retries


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0
    logger.warning("Elasticsearch write failed, retrying", extra={"in_s": round(wait, 1), "error": repr(exc)[:300]})


def with_backoff() -> AsyncRetrying:
    return AsyncRetrying(
        retry=retry_if_exception(_retryable),
        stop=_give_up,
        wait=wait_exponential(multiplier=0.5, max=settings.max_backoff_seconds),
        before_sleep=_log_retry,
        reraise=True,
    )


@app.on_startup
async def startup() -> None:
    global es
    es = connect_elasticsearch(settings)
    async for attempt in with_backoff():  # Elasticsearch may still be starting
        with attempt:
            await install_template(es, settings.index)
    logger.info("index template installed", extra={"template": template_name(settings.index), "index": settings.index})


@app.after_shutdown
async def shutdown() -> None:
    if es is not None:
        await es.close()


async def process(batch: list[Any]) -> None:
    assert es is not None, "Elasticsearch client is created at startup"
    items = await stage.validate_batch(batch, EnrichedArticle)
    if not items:
        return
    started = time.perf_counter()
    BATCH_ARTICLES.observe(len(items))
    with BULK_SECONDS.time():
        async for attempt in with_backoff():
            with attempt:
                counts, rejected = await write_batch(es, settings.index, items, settings.duplicate_threshold)
    for outcome, count in (*counts.items(), ("rejected", len(rejected))):
        DOCUMENTS.labels(outcome).inc(count)
    for item in items:
        if item.article.id in rejected:
            reason = f"Elasticsearch rejected the document: {rejected[item.article.id]}"
            error = PermanentError(reason, item.article.source.file_name)
            await stage.dead_letter(item.model_dump_json().encode(), error, attempts=1)
    logger.info(
        "indexed", extra={**counts, "rejected": len(rejected), "ms": round((time.perf_counter() - started) * 1000)}
    )


stage.attach(app)
stage.subscribe_batch(process)

if __name__ == "__main__":
    run(app, settings)
