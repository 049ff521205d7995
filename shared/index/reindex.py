"""Bringing stored documents up to the current search fields in place: the stemmed, folded copies
(shared/index/analysis.py) are computed again from each document's title, caption and body. The
fields are only added to the mapping, never changed, so no new index is needed and searches go on
meanwhile. Documents are read through a point in time, page by page, and each update is
conditional (if_seq_no): a document the indexer rewrote meanwhile already has the new fields."""

from collections.abc import Callable
from typing import Any

from elasticsearch import AsyncElasticsearch

from shared.index.analysis import STEM_FIELDS, stems
from shared.index.export import pit_pages

PAGE = 500


async def refresh_search_fields(
    es: AsyncElasticsearch, index: str, progress: Callable[[int, int], None] = lambda done, total: None
) -> dict[str, int]:
    """Recompute the search fields of every document; returns counts of updated, changed-meanwhile
    (skipped: already rewritten) and failed documents. `progress(done, total)` after each page."""
    total = int((await es.count(index=index))["count"])
    counts = {"updated": 0, "changed meanwhile": 0, "failed": 0}
    done = 0
    pages = pit_pages(es, index, PAGE, [], source_includes=list(STEM_FIELDS), seq_no_primary_term=True)
    async for hits in pages:
        operations: list[dict[str, Any]] = []
        for hit in hits:
            fields = {target: stems(hit["_source"].get(source)) for source, target in STEM_FIELDS.items()}
            update = {"_id": hit["_id"], "if_seq_no": hit["_seq_no"], "if_primary_term": hit["_primary_term"]}
            operations += [{"update": update}, {"doc": fields}]
        response = await es.bulk(index=index, operations=operations)
        for entry in response["items"]:
            status = entry["update"].get("status", 500)
            key = "updated" if status == 200 else "changed meanwhile" if status == 409 else "failed"
            counts[key] += 1
        done += len(hits)
        progress(done, total)
    await es.indices.refresh(index=index)
    return counts
