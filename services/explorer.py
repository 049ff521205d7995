"""Explorer: a search page and JSON API over the article index, so the articles can be explored
without Kibana.

- `GET /` the page (static HTML, CSS and JS in services/explorer_static, no build step, no CDN);
- `GET /api/search` full text, entity/agency/language/date filters, facets and a date histogram;
- `GET /api/articles/{id}` one article with its entities, map locations, same-story articles and
  "more like this";
- `GET /health` (200 only while Elasticsearch answers), `GET /metrics` (Prometheus text);
- `GET /openapi.json` the API schema.

Run: `python -m services.explorer` (listens on NEWSFLOW_EXPLORER_HOST:NEWSFLOW_EXPLORER_PORT).
"""

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from elastic_transport import TransportError
from elasticsearch import ApiError, AsyncElasticsearch, NotFoundError
from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.logs import setup_logging
from shared.search import FACET_SIZE, FACETS, POST, PRE, search_body
from shared.settings import ExplorerSettings

logger = logging.getLogger("newsflow.explorer")
STATIC = Path(__file__).with_name("explorer_static")

MAX_SIZE = 100
MAX_WINDOW = 10_000
"""Elasticsearch's default index.max_result_window: from + size beyond it is refused."""
MAX_FACET_SIZE = 100
SUMMARY_FIELDS = [
    "title",
    "agency",
    "article_date",
    "dateline_date",
    "people",
    "places",
    "countries",
    "source_files",
    "story_id",
    "duplicate_of",
]


# ---------------------------------------------------------------- response models


class ErrorResponse(BaseModel):
    detail: str = Field(description="What was wrong, in words.")
    errors: list[dict[str, Any]] = Field(default_factory=list, description="Per-parameter details (422 only).")


class TextPart(BaseModel):
    """A piece of highlighted text: render `text` as text, and mark it when `highlight`."""

    text: str
    highlight: bool = False


class FacetBucket(BaseModel):
    value: str
    count: int


class DateBucket(BaseModel):
    date: str = Field(description="Start of the bucket, yyyy-MM-dd.")
    count: int


class Facets(BaseModel):
    people: list[FacetBucket] = Field(default_factory=list)
    organisations: list[FacetBucket] = Field(default_factory=list)
    places: list[FacetBucket] = Field(default_factory=list)
    countries: list[FacetBucket] = Field(default_factory=list, description="ISO 3166-1 alpha-2 codes.")
    agency: list[FacetBucket] = Field(default_factory=list)
    language: list[FacetBucket] = Field(default_factory=list)
    dates: list[DateBucket] = Field(default_factory=list, description="Articles per article_date bucket.")
    date_interval: Literal["day", "week", "month", "year"] | None = Field(
        None, description="Bucket width, chosen from the span of the matching articles' dates."
    )


class ArticleSummary(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    title: str = ""
    agency: str | None = None
    article_date: str | None = None
    people: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    source_files: list[str] = Field(default_factory=list)
    story_id: str | None = None
    duplicate_of: str | None = None


class SearchHit(ArticleSummary):
    score: float | None = None
    title_highlight: list[TextPart] = Field(
        default_factory=list, description="The title split into parts; empty when the query did not match it."
    )
    snippet: list[TextPart] = Field(default_factory=list, description="Best body passages, matches marked.")


class SearchResponse(BaseModel):
    total: int
    page: int
    size: int
    hits: list[SearchHit]
    facets: Facets


class GeoPoint(BaseModel):
    lat: float
    lon: float


def _geo_point(value: Any) -> Any:
    """geo_point as stored may be an object, "lat,lon" or [lon, lat]; the API always says {lat, lon}."""
    if isinstance(value, str) and "," in value:
        lat, lon = value.split(",", 1)
        return {"lat": float(lat), "lon": float(lon)}
    if isinstance(value, list | tuple) and len(value) == 2:
        return {"lat": value[1], "lon": value[0]}
    return value


class Location(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    mentions: int = 0
    country_code: str | None = None
    country: str | None = None
    kind: str | None = None
    location: GeoPoint | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _point(cls, value: Any) -> Any:
        return _geo_point(value)


class Entity(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    category: str
    mentions: int = 0


class Article(ArticleSummary):
    caption: str | None = None
    photo_credit: str | None = None
    credit_parts: list[str] = Field(default_factory=list)
    dateline: str | None = None
    dateline_date: str | None = None
    dateline_place: str | None = None
    published: str | None = None
    authors: list[str] = Field(default_factory=list)
    url: str | None = None
    paragraphs: list[str] = Field(default_factory=list)
    body: str = ""
    language: str | None = None
    word_count: int | None = None
    reading_time_minutes: float | None = None
    organisations: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    events: list[str] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    key_phrases: list[str] = Field(default_factory=list)
    sentiment: float | None = None
    locations: list[Location] = Field(default_factory=list)
    dateline_location: Location | None = None
    location: GeoPoint | None = None
    indexed_at: str | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _point(cls, value: Any) -> Any:
        return _geo_point(value)


class ArticleResponse(BaseModel):
    article: Article
    same_story: list[ArticleSummary] = Field(
        description="Articles of the same story: the same story_id, or linked by duplicate_of."
    )
    more_like_this: list[ArticleSummary] = Field(description="Similar articles by title and body terms.")


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    elasticsearch: str = Field(description="Cluster status (green, yellow, red) or why it did not answer.")


# ---------------------------------------------------------------- metrics


class Metrics:
    """One registry per app, so several apps in one process (tests) do not collide."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "explorer_requests",
            "HTTP requests by route and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "explorer_request_seconds", "HTTP request latency by route.", ["method", "route"], registry=self.registry
        )
        self.es_latency = Histogram(
            "explorer_elasticsearch_seconds",
            "Elasticsearch request latency by operation.",
            ["operation"],
            registry=self.registry,
        )
        self.es_errors = Counter(
            "explorer_elasticsearch_errors",
            "Elasticsearch requests that failed, by operation.",
            ["operation"],
            registry=self.registry,
        )


T = TypeVar("T")


async def timed(request: Request, operation: str, call: Awaitable[T]) -> T:
    metrics: Metrics = request.app.state.metrics
    started = time.perf_counter()
    try:
        return await call
    except NotFoundError:
        raise  # an unknown id is an answer, not an Elasticsearch failure
    except (ApiError, TransportError):
        metrics.es_errors.labels(operation).inc()
        raise
    finally:
        metrics.es_latency.labels(operation).observe(time.perf_counter() - started)


def es_client(request: Request) -> AsyncElasticsearch:
    client: AsyncElasticsearch = request.app.state.es
    return client


def index_name(request: Request) -> str:
    settings: ExplorerSettings = request.app.state.settings
    return settings.index


# ---------------------------------------------------------------- Elasticsearch queries


def split_highlight(fragment: str) -> list[TextPart]:
    """Turn "a \ue000b\ue001 c" into parts; unbalanced markers cannot produce markup, only text."""
    parts: list[TextPart] = []
    for i, chunk in enumerate(fragment.split(PRE)):
        text, _, rest = chunk.partition(POST) if i else ("", "", chunk)
        if text:
            parts.append(TextPart(text=text.replace(PRE, ""), highlight=True))
        if rest:
            parts.append(TextPart(text=rest.replace(POST, "")))
    return parts


def join_fragments(fragments: list[str]) -> list[TextPart]:
    parts: list[TextPart] = []
    for i, fragment in enumerate(fragments):
        if i:
            parts.append(TextPart(text=" … "))
        parts += split_highlight(fragment)
    return parts


def facets_from(aggs: dict[str, Any]) -> Facets:
    facets = Facets()
    for name in FACETS:
        buckets = aggs.get(name, {}).get("buckets", [])
        setattr(facets, name, [FacetBucket(value=str(b["key"]), count=b["doc_count"]) for b in buckets])
    return facets


DAY_MS = 86_400_000


def date_interval(span: dict[str, Any]) -> Literal["day", "week", "month", "year"] | None:
    """At most about a hundred bars, whatever the span (auto_date_histogram would choose by itself, but
    it is not in the plain server distribution)."""
    if not span.get("count"):
        return None
    days = (span["max"] - span["min"]) / DAY_MS
    return "day" if days <= 90 else "week" if days <= 700 else "month" if days <= 3650 else "year"


async def date_histogram(request: Request, query: dict[str, Any], span: dict[str, Any]) -> Facets:
    interval = date_interval(span)
    if interval is None:
        return Facets()
    answer = await timed(
        request,
        "date_histogram",
        es_client(request).search(
            index=index_name(request),
            size=0,
            query=query,
            ignore_unavailable=True,
            aggs={
                "dates": {
                    "date_histogram": {"field": "article_date", "calendar_interval": interval, "format": "yyyy-MM-dd"}
                }
            },
        ),
    )
    buckets = answer.get("aggregations", {}).get("dates", {}).get("buckets", [])
    return Facets(
        dates=[DateBucket(date=b["key_as_string"], count=b["doc_count"]) for b in buckets], date_interval=interval
    )


def summary(hit: dict[str, Any]) -> ArticleSummary:
    source = hit.get("_source", {})
    return ArticleSummary.model_validate({**source, "id": hit["_id"], "article_date": article_date_of(source)})


def article_date_of(source: dict[str, Any]) -> Any:
    value = source.get("article_date")
    return str(value) if value is not None else None  # epoch millis are valid too; the API says str


# ---------------------------------------------------------------- the app


def create_app(settings: ExplorerSettings | None = None) -> FastAPI:
    settings = settings or ExplorerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Created here, not at import, so the client lives on the server's event loop.
        api_key = settings.elasticsearch_api_key.get_secret_value() if settings.elasticsearch_api_key else None
        app.state.es = AsyncElasticsearch(
            settings.elasticsearch_url, api_key=api_key, request_timeout=15, max_retries=1, retry_on_timeout=False
        )
        logger.info(
            "explorer started",
            extra={"url": f"http://{settings.explorer_host}:{settings.explorer_port}/", "index": settings.index},
        )
        try:
            yield
        finally:
            await app.state.es.close()

    app = FastAPI(
        title="Newsflow explorer",
        version="1.0",
        description="Search the enriched news articles: full text, entity facets, dates, similar articles.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load their scripts from a CDN, which the page's CSP (and offline
        # machines) refuse; the schema itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    install_handlers(app)
    install_routes(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorResponse, "description": text}
    for code, text in (
        (400, "Bad request"),
        (404, "Not found"),
        (422, "Invalid parameter"),
        (503, "Elasticsearch unavailable"),
    )
}

# The page's scripts and styles come from this server only; nothing inline can run.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def install_handlers(app: FastAPI) -> None:
    metrics: Metrics = app.state.metrics

    @app.middleware("http")
    async def observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Content-Type-Options"] = "nosniff"
            if not request.url.path.startswith(("/api/", "/metrics", "/health", "/openapi")):
                response.headers["Content-Security-Policy"] = CSP
            return response
        finally:
            # The route template, not the path: ids must not become label values.
            route = getattr(request.scope.get("route"), "path", "unmatched")
            elapsed = time.perf_counter() - started
            metrics.requests.labels(request.method, route, str(status)).inc()
            metrics.latency.labels(request.method, route).observe(elapsed)
            logger.debug(
                "request",
                extra={
                    "method": request.method,
                    "path": request.url.path,
                    "status": status,
                    "ms": round(elapsed * 1000),
                },
            )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"parameter": ".".join(str(p) for p in e.get("loc", ())[1:]) or "request", "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
        return JSONResponse(status_code=422, content={"detail": f"invalid request: {detail}", "errors": errors})

    @app.exception_handler(TransportError)
    async def unreachable(request: Request, exc: TransportError) -> JSONResponse:
        logger.warning("Elasticsearch unreachable", extra={"path": request.url.path, "error": repr(exc)[:300]})
        return JSONResponse(
            status_code=503, content={"detail": f"Elasticsearch is unreachable ({type(exc).__name__}); try again later"}
        )

    @app.exception_handler(ApiError)
    async def refused(request: Request, exc: ApiError) -> JSONResponse:
        status = exc.meta.status
        logger.warning(
            "Elasticsearch error", extra={"path": request.url.path, "status": status, "error": str(exc)[:300]}
        )
        if status == 429 or status >= 500:
            return JSONResponse(status_code=503, content={"detail": f"Elasticsearch is unavailable ({status})"})
        return JSONResponse(status_code=400, content={"detail": f"Elasticsearch refused the request: {exc.message}"})

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        logger.error("unexpected error", extra={"path": request.url.path}, exc_info=exc)
        return JSONResponse(status_code=500, content={"detail": "internal error; see the explorer's log"})


def install_routes(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/health", response_model=HealthResponse, responses={503: {"model": HealthResponse}})
    async def health(request: Request) -> JSONResponse:
        # Cluster health, not GET /: the integ-test distribution answers / with 405.
        try:
            answer = await timed(
                request, "health", es_client(request).options(request_timeout=5).cluster.health(timeout="3s")
            )
        except (ApiError, TransportError) as exc:
            body = HealthResponse(status="unavailable", elasticsearch=type(exc).__name__)
            return JSONResponse(status_code=503, content=body.model_dump())
        cluster = str(answer.get("status", "unknown"))
        ok = cluster in ("green", "yellow")
        body = HealthResponse(status="ok" if ok else "unavailable", elasticsearch=cluster)
        return JSONResponse(status_code=200 if ok else 503, content=body.model_dump())

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        registry = request.app.state.metrics.registry
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/api/search", response_model=SearchResponse, responses=ERRORS)
    async def search(
        request: Request,
        q: Annotated[
            str | None, Query(max_length=500, description='Words; simple_query_string syntax: "phrase", -not, a|b.')
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
        page: Annotated[int, Query(ge=1, le=MAX_WINDOW)] = 1,
        size: Annotated[int, Query(ge=1, le=MAX_SIZE)] = 20,
        facet_size: Annotated[int, Query(ge=1, le=MAX_FACET_SIZE, description="Values per facet.")] = FACET_SIZE,
    ) -> SearchResponse:
        if since and until and since > until:
            raise HTTPException(400, f"since ({since}) is after until ({until})")
        if page * size > MAX_WINDOW:
            raise HTTPException(
                400, f"page {page} of size {size} is too deep: at most {MAX_WINDOW} results are reachable"
            )
        q = q.strip() if q else None
        body = search_body(
            q,
            {"people": person, "organisations": organisation, "places": place, "countries": country},
            {"agency": agency, "language": language},
            since,
            until,
            sort,
            facet_size,
        )
        answer = await timed(
            request,
            "search",
            es_client(request).search(
                index=index_name(request),
                from_=(page - 1) * size,
                size=size,
                track_total_hits=True,
                source_includes=SUMMARY_FIELDS,
                ignore_unavailable=True,  # nothing indexed yet is an empty result, not an error
                **body,
            ),
        )
        hits = []
        for hit in answer["hits"]["hits"]:
            source = hit.get("_source", {})
            highlight = hit.get("highlight", {})
            hits.append(
                SearchHit.model_validate(
                    {
                        **source,
                        "article_date": article_date_of(source),
                        "id": hit["_id"],
                        "score": hit.get("_score"),
                        "title_highlight": join_fragments(highlight.get("title", [])),
                        "snippet": join_fragments(highlight.get("body", [])),
                    }
                )
            )
        aggs = answer.get("aggregations", {})
        facets = facets_from(aggs)
        dates = await date_histogram(request, body["query"], aggs.get("date_span", {}))
        facets.dates, facets.date_interval = dates.dates, dates.date_interval
        return SearchResponse(total=answer["hits"]["total"]["value"], page=page, size=size, hits=hits, facets=facets)

    @app.get("/api/articles/{article_id}", response_model=ArticleResponse, responses=ERRORS)
    async def article(
        request: Request, article_id: Annotated[str, PathParam(min_length=1, max_length=512)]
    ) -> ArticleResponse:
        es = es_client(request)
        index = index_name(request)
        try:
            found = await timed(
                request, "get", es.get(index=index, id=article_id, source_excludes=["minhash", "minhash_bands"])
            )
        except NotFoundError as exc:  # unknown id, or no index yet
            raise HTTPException(404, f"no article with id {article_id!r}") from exc
        source = found["_source"]
        doc = Article.model_validate({**source, "id": article_id, "article_date": article_date_of(source)})

        # Same story: either side of a duplicate_of link, or a shared story_id.
        links: list[dict[str, Any]] = [{"term": {"duplicate_of": article_id}}, {"term": {"story_id": article_id}}]
        if doc.story_id:
            links += [{"term": {"story_id": doc.story_id}}, {"ids": {"values": [doc.story_id]}}]
        if doc.duplicate_of:
            links += [{"ids": {"values": [doc.duplicate_of]}}, {"term": {"duplicate_of": doc.duplicate_of}}]
        same = await timed(
            request,
            "same_story",
            es.search(
                index=index,
                size=20,
                source_includes=SUMMARY_FIELDS,
                query={
                    "bool": {
                        "should": links,
                        "minimum_should_match": 1,
                        "must_not": [{"ids": {"values": [article_id]}}],
                    }
                },
                sort=[{"article_date": {"order": "asc", "missing": "_last"}}, {"title.keyword": "asc"}],
            ),
        )
        same_story = [summary(h) for h in same["hits"]["hits"]]

        similar = await timed(
            request,
            "more_like_this",
            es.search(
                index=index,
                size=5,
                source_includes=SUMMARY_FIELDS,
                query={
                    "bool": {
                        "must": [
                            {
                                "more_like_this": {
                                    "fields": ["title", "body"],
                                    "like": [{"_index": index, "_id": article_id}],
                                    # A small index has few repeated terms: keep any that occur.
                                    "min_term_freq": 1,
                                    "min_doc_freq": 1,
                                    "max_query_terms": 30,
                                    "minimum_should_match": "20%",
                                }
                            }
                        ],
                        # Same-story copies are listed above; here only other stories.
                        "must_not": [{"ids": {"values": [s.id for s in same_story]}}],
                    }
                },
            ),
        )
        return ArticleResponse(
            article=doc, same_story=same_story, more_like_this=[summary(h) for h in similar["hits"]["hits"]]
        )


app = create_app()


class _NoColorMessage(logging.Filter):
    """uvicorn adds an ANSI-coloured copy of some messages as an extra; in our logs it is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.pop("color_message", None)
        return True


def main() -> None:
    import uvicorn

    settings: ExplorerSettings = app.state.settings
    setup_logging("explorer", settings.log_level, settings.log_json)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).addFilter(_NoColorMessage())
    # log_config=None: uvicorn's own loggers go through setup_logging's handler (text or JSON).
    uvicorn.run(
        app,
        host=settings.explorer_host,
        port=settings.explorer_port,
        log_config=None,
        access_log=False,
        server_header=False,
    )


if __name__ == "__main__":
    main()
