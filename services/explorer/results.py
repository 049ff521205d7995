"""Elasticsearch answers shaped into the explorer's responses."""

from typing import Any

from services.explorer.schemas import (
    ArticleDetail,
    ArticleSummary,
    DateBucket,
    FacetBucket,
    Facets,
    Interval,
    SearchHit,
    TextPart,
)
from shared.index.queries import FACETS, POST, PRE

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
"""What the lists (search hits, same story, more like this) ask Elasticsearch for: no bodies."""

DAY_MS = 86_400_000


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


def date_interval(span: dict[str, Any]) -> Interval | None:
    """At most about a hundred bars, whatever the span (auto_date_histogram would choose by itself, but
    it is not in the plain server distribution)."""
    if not span.get("count"):
        return None
    days = (span["max"] - span["min"]) / DAY_MS
    return "day" if days <= 90 else "week" if days <= 700 else "month" if days <= 3650 else "year"


def date_buckets(answer: dict[str, Any]) -> list[DateBucket]:
    buckets = answer.get("aggregations", {}).get("dates", {}).get("buckets", [])
    return [DateBucket(date=b["key_as_string"], count=b["doc_count"]) for b in buckets]


def article_date_of(source: dict[str, Any]) -> Any:
    value = source.get("article_date")
    return str(value) if value is not None else None  # epoch millis are valid too; the API says str


def summary(hit: dict[str, Any]) -> ArticleSummary:
    source = hit.get("_source", {})
    return ArticleSummary.model_validate({**source, "id": hit["_id"], "article_date": article_date_of(source)})


def search_hit(hit: dict[str, Any]) -> SearchHit:
    source = hit.get("_source", {})
    highlight = hit.get("highlight", {})
    return SearchHit.model_validate(
        {
            **source,
            "article_date": article_date_of(source),
            "id": hit["_id"],
            "score": hit.get("_score"),
            "title_highlight": join_fragments(highlight.get("title", [])),
            "snippet": join_fragments(highlight.get("body", [])),
        }
    )


def article_detail(article_id: str, source: dict[str, Any]) -> ArticleDetail:
    return ArticleDetail.model_validate({**source, "id": article_id, "article_date": article_date_of(source)})
