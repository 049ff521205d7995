"""The explorer's page, JSON API, /health and /metrics."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from elastic_transport import TransportError
from elasticsearch import ApiError, NotFoundError
from fastapi import APIRouter, Depends, HTTPException, Query, Response
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from services.explorer.deps import ElasticsearchDep, IndexDep, MetricsDep, timed
from services.explorer.results import (
    SUMMARY_FIELDS,
    article_detail,
    date_buckets,
    date_interval,
    facets_from,
    search_hit,
    summary,
)
from services.explorer.schemas import ArticleResponse, ErrorResponse, HealthResponse, SearchResponse
from shared.index.analysis import Analysis
from shared.index.export import export_lines
from shared.index.queries import (
    FACET_SIZE,
    FEW_HITS,
    date_histogram_body,
    did_you_mean,
    more_like_this_body,
    same_story_body,
    search_body,
)
from shared.index.versions import index_analysis

STATIC = Path(__file__).with_name("static")

MAX_SIZE = 100
MAX_WINDOW = 10_000
"""Elasticsearch's default index.max_result_window: from + size beyond it is refused."""
MAX_FACET_SIZE = 100

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (400, "Bad request"),
        (404, "Not found"),
        (422, "Invalid parameter"),
        (503, "Elasticsearch unavailable"),
    )
}

router = APIRouter()


@router.get("/", include_in_schema=False)
async def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
async def health(es: ElasticsearchDep, metrics: MetricsDep) -> JSONResponse:
    # Cluster health, not GET /: the integ-test distribution answers / with 405.
    try:
        answer = await timed(metrics, "health", es.options(request_timeout=5).cluster.health(timeout="3s"))
    except (ApiError, TransportError) as exc:
        body = HealthResponse(status="unavailable", elasticsearch=type(exc).__name__)
        return JSONResponse(status_code=503, content=body.model_dump())
    cluster = str(answer.get("status", "unknown"))
    ok = cluster in ("green", "yellow")
    body = HealthResponse(status="ok" if ok else "unavailable", elasticsearch=cluster)
    return JSONResponse(status_code=200 if ok else 503, content=body.model_dump())


@router.get("/metrics", include_in_schema=False)
async def metrics_text(metrics: MetricsDep) -> Response:
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)


@dataclass
class Filters:
    """What a search asks for, from the query string: shared by the search and its export."""

    q: str | None
    terms_all: dict[str, list[str]]
    terms_any: dict[str, list[str]]
    since: date | None
    until: date | None
    sort: Literal["relevance", "newest", "oldest"]
    analysis: Analysis = "python"

    def body(self, facet_size: int = FACET_SIZE) -> dict[str, Any]:
        return search_body(
            self.q, self.terms_all, self.terms_any, self.since, self.until, self.sort, facet_size, self.analysis
        )


async def get_filters(
    es: ElasticsearchDep,
    index: IndexDep,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description='Words; simple_query_string syntax: "phrase", -not, a|b, word*. Typed filters: '
            'person:"Tony Blair", org:, place:, country: (name or code), agency:, lang:, since:, until:, '
            "date:2025-01 or date:2004..2005; an unknown prefix is searched as text.",
        ),
    ] = None,
    person: Annotated[list[str], Query(description="Mentions this person (repeat: all of them).")] = [],  # noqa: B006
    organisation: Annotated[list[str], Query(description="Mentions this organisation (all of them).")] = [],  # noqa: B006
    place: Annotated[list[str], Query(description="Mentions this place (all of them).")] = [],  # noqa: B006
    country: Annotated[list[str], Query(description="ISO alpha-2 country code (all of them).")] = [],  # noqa: B006
    agency: Annotated[list[str], Query(description="Agency (any of them).")] = [],  # noqa: B006
    language: Annotated[list[str], Query(description="ISO 639-1 language (any of them).")] = [],  # noqa: B006
    since: Annotated[date | None, Query(description="article_date on or after, YYYY-MM-DD.")] = None,
    until: Annotated[date | None, Query(description="article_date on or before, YYYY-MM-DD.")] = None,
    sort: Annotated[Literal["relevance", "newest", "oldest"], Query()] = "relevance",
) -> Filters:
    if since and until and since > until:
        raise HTTPException(400, f"since ({since}) is after until ({until})")
    try:  # asked each time: `newsflow reindex` may have put an index built the other way behind the alias
        analysis = await index_analysis(es, index)
    except (ApiError, TransportError):
        analysis = "python"  # the search that follows fails the same way, and reports it
    return Filters(
        q.strip() if q else None,
        {"people": person, "organisations": organisation, "places": place, "countries": country},
        {"agency": agency, "language": language},
        since,
        until,
        sort,
        analysis,
    )


FiltersDep = Annotated[Filters, Depends(get_filters)]


@router.get("/api/search", response_model=SearchResponse, responses=ERRORS)
async def search(
    es: ElasticsearchDep,
    index: IndexDep,
    metrics: MetricsDep,
    filters: FiltersDep,
    page: Annotated[int, Query(ge=1, le=MAX_WINDOW)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_SIZE)] = 20,
    facet_size: Annotated[int, Query(ge=1, le=MAX_FACET_SIZE, description="Values per facet.")] = FACET_SIZE,
) -> SearchResponse:
    if page * size > MAX_WINDOW:
        raise HTTPException(400, f"page {page} of size {size} is too deep: at most {MAX_WINDOW} results are reachable")
    q = filters.q
    body = filters.body(facet_size)
    answer = await timed(
        metrics,
        "search",
        es.search(
            index=index,
            from_=(page - 1) * size,
            size=size,
            track_total_hits=True,
            source_includes=SUMMARY_FIELDS,
            ignore_unavailable=True,  # nothing indexed yet is an empty result, not an error
            **body,
        ),
    )
    hits = [search_hit(hit) for hit in answer["hits"]["hits"]]
    aggs = answer.get("aggregations", {})
    facets = facets_from(aggs)
    # A second request: the histogram's interval depends on the span of dates the first one found.
    facets.date_interval = date_interval(aggs.get("date_span", {}))
    if facets.date_interval is not None:
        dates = await timed(
            metrics,
            "date_histogram",
            es.search(
                index=index,
                size=0,
                ignore_unavailable=True,
                **date_histogram_body(body["query"], facets.date_interval),
            ),
        )
        facets.dates = date_buckets(dates.body)
    total = answer["hits"]["total"]["value"]
    suggestion = did_you_mean(q, answer.get("suggest", {})) if total <= FEW_HITS else None
    return SearchResponse(total=total, page=page, size=size, hits=hits, facets=facets, suggestion=suggestion)


@router.get(
    "/api/export",
    responses={**ERRORS, 200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
    response_class=StreamingResponse,
)
async def export(
    es: ElasticsearchDep,
    index: IndexDep,
    metrics: MetricsDep,
    filters: FiltersDep,
    format: Annotated[Literal["csv", "ndjson"], Query(description="csv (lists joined with '; ') or ndjson.")] = "csv",
) -> StreamingResponse:
    """Every article the search matches, in its order, streamed: no limit of pages or window."""
    body = filters.body()
    # Counted first: Elasticsearch being down is a 503 here, not a stream cut short.
    total = await timed(metrics, "count", es.count(index=index, query=body["query"], ignore_unavailable=True))
    media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson"
    headers = {
        "Content-Disposition": f'attachment; filename="newsflow-export.{format}"',
        "X-Total-Count": str(total["count"]),
    }
    return StreamingResponse(export_lines(es, index, body, format), media_type=media, headers=headers)


@router.get("/api/articles/{article_id}", response_model=ArticleResponse, responses=ERRORS)
async def article(
    es: ElasticsearchDep,
    index: IndexDep,
    metrics: MetricsDep,
    article_id: Annotated[str, PathParam(min_length=1, max_length=512)],
) -> ArticleResponse:
    try:
        found = await timed(
            metrics, "get", es.get(index=index, id=article_id, source_excludes=["minhash", "minhash_bands"])
        )
    except NotFoundError as exc:  # unknown id, or no index yet
        raise HTTPException(404, f"no article with id {article_id!r}") from exc
    doc = article_detail(article_id, found["_source"])
    same = await timed(
        metrics,
        "same_story",
        es.search(
            index=index,
            size=20,
            source_includes=SUMMARY_FIELDS,
            **same_story_body(article_id, doc.story_id, doc.duplicate_of),
        ),
    )
    same_story = [summary(hit) for hit in same["hits"]["hits"]]
    similar = await timed(
        metrics,
        "more_like_this",
        es.search(
            index=index,
            size=5,
            source_includes=SUMMARY_FIELDS,
            # Same-story copies are listed above; here only other stories.
            **more_like_this_body(index, article_id, exclude=[s.id for s in same_story]),
        ),
    )
    return ArticleResponse(
        article=doc, same_story=same_story, more_like_this=[summary(hit) for hit in similar["hits"]["hits"]]
    )
