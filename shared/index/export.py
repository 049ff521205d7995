"""Exporting a whole result set, streamed: a point in time keeps the view still while pages are read
one after another with `search_after`, so 50,000 results cost one page of memory, not 50,000.
Rows come out as CSV or NDJSON; the explorer and `newsflow search --format` share this."""

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any, Literal

from elasticsearch import AsyncElasticsearch

Format = Literal["csv", "ndjson"]
PAGE = 1000
"""Hits per request while exporting."""
KEEP_ALIVE = "2m"
"""How long the point in time lives between two pages (renewed at each page)."""
FIELDS = [
    "title",
    "article_date",
    "agency",
    "dateline_place",
    "people",
    "organisations",
    "places",
    "countries",
    "language",
    "sentiment",
    "word_count",
    "url",
    "story_id",
    "source_files",
]
"""Columns of an export, after the article's id."""


async def pit_pages(
    es: AsyncElasticsearch, index: str, page: int, sort: list[Any], **search: Any
) -> AsyncIterator[list[dict[str, Any]]]:
    """The hits of a search, page after page, through a point in time (`search`: query, source...).
    Also used by `newsflow reindex` (shared/index/reindex.py)."""
    pit = (await es.open_point_in_time(index=index, keep_alive=KEEP_ALIVE, ignore_unavailable=True))["id"]
    try:
        # _shard_doc breaks ties, so search_after never skips or repeats a document.
        sort = [*sort, {"_shard_doc": "asc"}]
        after: list[Any] | None = None
        while True:
            answer = await es.search(
                pit={"id": pit, "keep_alive": KEEP_ALIVE},
                sort=sort,
                size=page,
                track_total_hits=False,
                search_after=after,
                **search,
            )
            pit = answer.get("pit_id", pit)
            hits: list[dict[str, Any]] = answer["hits"]["hits"]
            if hits:
                yield hits
            if len(hits) < page:
                return
            after = hits[-1]["sort"]
    finally:
        await es.close_point_in_time(id=pit)


async def export_hits(
    es: AsyncElasticsearch, index: str, body: dict[str, Any], page: int | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Every document the search body matches, in its sort order, as {"id": ..., field: value}."""
    pages = pit_pages(es, index, page or PAGE, body.get("sort", []), query=body["query"], source_includes=FIELDS)
    async for hits in pages:
        for hit in hits:
            yield {"id": hit["_id"], **hit["_source"]}


def _csv(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


def csv_header() -> str:
    return _csv(["id", *FIELDS])


def csv_row(doc: dict[str, Any]) -> str:
    """One document as a CSV line; lists are joined with "; "."""
    cells = [doc.get(name) for name in ["id", *FIELDS]]
    return _csv(["; ".join(map(str, c)) if isinstance(c, list) else ("" if c is None else c) for c in cells])


def ndjson_line(doc: dict[str, Any]) -> str:
    return json.dumps({name: doc.get(name) for name in ["id", *FIELDS]}, ensure_ascii=False) + "\n"


async def export_lines(
    es: AsyncElasticsearch, index: str, body: dict[str, Any], fmt: Format, page: int | None = None
) -> AsyncIterator[str]:
    """The export as text lines, header first for CSV."""
    if fmt == "csv":
        yield csv_header()
    async for doc in export_hits(es, index, body, page):
        yield csv_row(doc) if fmt == "csv" else ndjson_line(doc)
