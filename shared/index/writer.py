"""Writing enriched articles to Elasticsearch: the index template, and bulk writes that merge an
article's sources into its stored document.

An article found in several files is one document whose `sources` and `source_files` list them all:
the stored document is read, the sources merged, and the write is conditional (if_seq_no /
op_type=create), so replicas racing on the same article cannot drop a source.
"""

import logging
import time
from typing import Any

from elastic_transport import TransportError
from elasticsearch import ApiError, AsyncElasticsearch
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_exponential

from shared.contracts import EnrichedArticle, utcnow
from shared.errors import BulkRetryableError, IndexBlockedError
from shared.index.documents import article_date, document, merge_sources
from shared.index.refresh import Refresher
from shared.index.stories import STORY_FIELDS, link_stories
from shared.index.versions import index_analysis

MAX_CONFLICT_ROUNDS = 10
BLOCKED = 403  # a write block (newsflow reindex switching versions, disk flood stage): clears by itself
RETRYABLE = {408, 429}


async def write_batch(
    client: AsyncElasticsearch,
    index: str,
    items: list[EnrichedArticle],
    duplicate_threshold: float = 0.8,
    refresher: Refresher | None = None,
) -> tuple[dict[str, int], dict[str, str]]:
    """Index the batch. Returns (counts per outcome, {article id: reason} for documents Elasticsearch
    rejected for good, e.g. a mapping error). Raises BulkRetryableError if anything must be retried.
    Without a `refresher` every bulk is refreshed: searchable when this returns."""
    rejected: dict[str, str] = {}
    pending: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    # Read for each batch: `newsflow reindex` may have put an index of the other way behind the alias.
    analysis = await index_analysis(client, index)
    for item in items:  # the same article twice in one batch is merged before writing
        doc, sources = pending.get(item.article.id, (document(item, analysis), []))
        pending[item.article.id] = (doc, merge_sources(sources, [item.article.source.model_dump()]))

    counts = {"new": 0, "updated": 0}
    for _ in range(MAX_CONFLICT_ROUNDS):
        stored = await client.mget(
            index=index, ids=list(pending), source_includes=["sources", "first_indexed_at", *STORY_FIELDS]
        )
        found_sources = {d["_id"]: d["_source"] for d in stored["docs"] if d.get("found")}
        recent = refresher.unrefreshed() if refresher else []
        roots = await link_stories(
            client, index, {i: doc for i, (doc, _) in pending.items()}, found_sources, duplicate_threshold, recent
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
        for root in sorted(roots):  # an indexed article just got its first near-duplicate
            # indexed_at too: `newsflow reindex` copies again what changed while it copied.
            mark = {"shared_story": True, "indexed_at": now}
            operations += [{"update": {"_id": root, "retry_on_conflict": 5}}, {"doc": mark}]
        # Searchable with this bulk, or within the refresher's interval (shared/index/refresh.py).
        # Not wait_for: it waited for the next 1 s refresh, up to a second per batch.
        refresh = refresher is None or refresher.due()
        began = time.monotonic()
        response = await client.bulk(index=index, operations=operations, refresh=refresh)
        written: list[str] = []
        conflicts: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
        retryable: list[str] = []
        blocked: list[str] = []
        for entry in response["items"]:
            ((operation, result),) = entry.items()
            status = result.get("status", 500)
            if status == BLOCKED:
                blocked.append(result["_id"])
            elif operation == "update":
                if status >= 500 or status in RETRYABLE:  # 404: the root was deleted, nothing to mark
                    retryable.append(f"{result['_id']}: marking its story shared answered {status}")
                continue
            if status in (200, 201):
                counts["new" if status == 201 else "updated"] += 1
                written.append(result["_id"])
            elif status == 409:  # another replica wrote it meanwhile: merge again
                conflicts[result["_id"]] = pending[result["_id"]]
            else:
                error = result.get("error", {})
                reason = f"{status} {error.get('type')}: {error.get('reason')}"
                if status >= 500 or status in RETRYABLE:
                    retryable.append(f"{result['_id']}: {reason}")
                else:
                    rejected[result["_id"]] = reason
        if refresher:
            refresher.written([near_duplicate_fields(i, pending[i][0]) for i in written], refresh, began)
        if blocked:
            raise IndexBlockedError(f"{index} takes no writes for now (write block): {len(blocked)} item(s)")
        if retryable:
            raise BulkRetryableError("; ".join(retryable))
        if not conflicts:
            return counts, rejected
        pending = conflicts
    raise BulkRetryableError(f"version conflicts persisted after {MAX_CONFLICT_ROUNDS} rounds: {sorted(pending)}")


def near_duplicate_fields(doc_id: str, doc: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc_id, **{f: doc.get(f) for f in ("minhash", "minhash_bands", "story_id")}}


def elasticsearch_unavailable(exc: BaseException) -> bool:
    """Elasticsearch cannot be reached or cannot take writes now: wait for it, however long."""
    if isinstance(exc, ApiError):
        return exc.meta.status in (429, 502, 503, 504)
    return isinstance(exc, (TransportError, IndexBlockedError))


def _retryable(exc: BaseException) -> bool:
    return elasticsearch_unavailable(exc) or isinstance(exc, BulkRetryableError)


def with_backoff(bulk_retries: int, max_backoff_seconds: float, logger: logging.Logger) -> AsyncRetrying:
    """Outages are waited out, however long (nothing is acknowledged meanwhile); refused items get
    `bulk_retries` tries, then the error goes up and the message is left for redelivery (and,
    eventually, the dead letters)."""

    def give_up(state: RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        return exc is not None and not elasticsearch_unavailable(exc) and state.attempt_number >= bulk_retries

    def log_retry(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        wait = state.next_action.sleep if state.next_action else 0
        extra = {"in_s": round(wait, 1), "error": repr(exc)[:300]}
        logger.warning("Elasticsearch write failed, retrying", extra=extra)

    return AsyncRetrying(
        retry=retry_if_exception(_retryable),
        stop=give_up,
        wait=wait_exponential(multiplier=0.5, max=max_backoff_seconds),
        before_sleep=log_retry,
        reraise=True,
    )
