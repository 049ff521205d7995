"""The search query behind the explorer and `newsflow search`: full text, entity and date filters,
highlighting and facet counts, in Elasticsearch's query DSL (user text only ever goes into
`simple_query_string` and `term` values, so it is never executed)."""

from datetime import date
from typing import Any

FACET_SIZE = 15
# Private-use characters as highlight tags: they never occur in news text, so after the text is
# split on them nothing in the article can pass for markup (ES's default <em> could).
PRE, POST = "\ue000", "\ue001"
FACETS = {
    "people": "people",
    "organisations": "organisations",
    "places": "places",
    "countries": "countries",
    "agency": "agency",
    "language": "language",
}


def search_body(
    q: str | None,
    terms_all: dict[str, list[str]],
    terms_any: dict[str, list[str]],
    since: date | None,
    until: date | None,
    sort: str,
    facet_size: int = FACET_SIZE,
) -> dict[str, Any]:
    filters: list[dict[str, Any]] = []
    for field, values in terms_all.items():  # an article must mention every chosen entity
        filters += [{"term": {field: value}} for value in values]
    for field, values in terms_any.items():  # an article has one agency and one language: any of them
        if values:
            filters.append({"terms": {field: values}})
    if since or until:
        # Date math rounding makes both ends whole days, whatever time article_date carries.
        bounds = {"gte": f"{since.isoformat()}||/d"} if since else {}
        if until:
            bounds["lte"] = f"{until.isoformat()}||/d"
        filters.append({"range": {"article_date": bounds}})
    must: dict[str, Any] = (
        {
            # simple_query_string: user syntax (quotes, +, -, *) works and bad syntax never errors.
            "simple_query_string": {
                "query": q,
                "fields": ["title^3", "caption", "body"],
                "default_operator": "and",
                "lenient": True,
            }
        }
        if q
        else {"match_all": {}}
    )
    if sort == "relevance" and not q:
        sort = "newest"
    order: list[Any] = (
        ["_score"]
        if sort == "relevance"
        else [{"article_date": {"order": "desc" if sort == "newest" else "asc", "missing": "_last"}}]
    )
    return {
        "query": {"bool": {"must": [must], "filter": filters}},
        "sort": [*order, {"title.keyword": "asc"}],  # a stable order for paging
        "highlight": {
            "pre_tags": [PRE],
            "post_tags": [POST],
            "encoder": "default",
            "fields": {
                "title": {"number_of_fragments": 0},
                # no_match_size: the start of the body when the query did not match it (or no query).
                "body": {"fragment_size": 180, "number_of_fragments": 2, "no_match_size": 180},
            },
        },
        "aggs": {
            **{name: {"terms": {"field": field, "size": facet_size}} for name, field in FACETS.items()},
            # The histogram's interval depends on this span; see date_histogram().
            "date_span": {"stats": {"field": "article_date"}},
        },
    }
