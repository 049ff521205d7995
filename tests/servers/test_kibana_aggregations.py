"""The aggregations the Kibana dashboard panels run, built from the saved objects themselves, return
the expected buckets from the real Elasticsearch after indexing the seeds and a BBC corpus sample
through the real parser, enrichment and indexer code."""

import asyncio
import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import AsyncElasticsearch, Elasticsearch

from tests.support.kibana import IDENTICAL_PAIR, SAME_BODY_PAIR, lens_layers, map_layers, the
from tests.support.paths import BBC, BBC_MISSING, SEEDS
from tests.support.servers import ES_URL, drop_test_index, open_test_index
from tests.support.skips import require

# ---------------------------------------------------------------- the panels' aggregations on real data


def column_agg(column: dict[str, Any], es: Elasticsearch, index: str, query: dict[str, Any]) -> dict[str, Any] | None:
    """The Elasticsearch aggregation a Lens column stands for (None for count: the bucket's doc_count)."""
    operation, field, params = column["operationType"], column.get("sourceField"), column.get("params", {})
    if operation == "count" and column.get("filter"):
        return {"filter": kql_query(column["filter"])}
    if operation in ("count", "math", "formula"):  # the bucket's doc_count; computed from other columns
        return None
    if operation == "terms":
        order_by = params.get("orderBy", {})
        key = "_key" if order_by.get("type") == "alphabetical" else "_count"
        return {"terms": {"field": field, "size": params["size"], "order": {key: params.get("orderDirection", "desc")}}}
    if operation == "date_histogram":
        interval = params.get("interval", "auto")
        return {"date_histogram": {"field": field, "calendar_interval": "1M" if interval == "auto" else interval}}
    if operation == "range" and params.get("type") == "histogram":
        stats = es.search(index=index, size=0, query=query, aggs={"s": {"stats": {"field": field}}})["aggregations"][
            "s"
        ]
        bars = params["maxBars"] if isinstance(params.get("maxBars"), int) else 100
        span = (stats["max"] or 0) - (stats["min"] or 0)
        return {"histogram": {"field": field, "interval": span / bars if span > 0 else 1}}
    if operation == "unique_count":
        return {"cardinality": {"field": field}}
    if operation == "last_value":
        return {"top_hits": {"size": 1, "sort": [{params["sortField"]: "desc"}], "docvalue_fields": [field]}}
    if operation == "median":
        return {"percentiles": {"field": field, "percents": [50]}}
    simple = {"sum": "sum", "average": "avg", "min": "min", "max": "max"}
    return {simple[operation]: {"field": field}}


def kql_query(kql: dict[str, Any]) -> dict[str, Any]:
    """The Elasticsearch query for the simple KQL our saved objects use: empty, or `field : value`."""
    text = kql["query"].strip()
    if not text:
        return {"match_all": {}}
    field, value = (part.strip().strip('"') for part in text.split(":", 1))
    return {"term": {field: {"true": True, "false": False}.get(value, value)}}


def metric_value(column_id: str, layer: dict[str, Any], values: dict[str, Any], doc_count: int) -> Any:
    """A metric column's value: an aggregation's, the bucket's count, or the formula's arithmetic."""
    column = layer["columns"][column_id]
    operation = column["operationType"]
    if operation == "formula":
        (reference,) = column["references"]
        return metric_value(reference, layer, values, doc_count)
    if operation == "math":
        ast = column["params"]["tinymathAst"]
        assert ast["name"] == "divide", "only the division our tiles use is translated here"
        numerator, denominator = (metric_value(arg, layer, values, doc_count) for arg in ast["args"])
        return numerator / denominator
    if operation == "count":
        return float(values[column_id]["doc_count"]) if column.get("filter") else float(doc_count)
    value = values[column_id]
    if operation == "last_value":
        return value["hits"]["hits"][0]["fields"][column["sourceField"]] if value["hits"]["hits"] else None
    return float(value["values"]["50.0"] if "values" in value else value["value"])


def time_filter(view: dict[str, Any], dashboard: dict[str, Any]) -> dict[str, Any]:
    attributes = dashboard["attributes"]
    return {
        "range": {view["attributes"]["timeFieldName"]: {"gte": attributes["timeFrom"], "lte": attributes["timeTo"]}}
    }


def lens_query(obj: dict[str, Any]) -> dict[str, Any]:
    state = obj["attributes"]["state"]
    assert not state["filters"], "only unfiltered panels are translated here"
    return {"bool": {"filter": [time_filter(the("index-pattern"), the("dashboard")), kql_query(state["query"])]}}


def run_lens(es: Elasticsearch, index: str, object_id: str) -> list[dict[str, Any]]:
    """Rows (one per bucket path) of the Lens panel's table, as Kibana would request them."""
    obj = the("lens", object_id)
    ((layer,),) = [list(lens_layers(obj).values())]
    query = lens_query(obj)
    columns = [(cid, layer["columns"][cid]) for cid in layer["columnOrder"]]
    buckets = [(cid, c) for cid, c in columns if c["isBucketed"]]
    metrics = {cid: agg for cid, c in columns if not c["isBucketed"] if (agg := column_agg(c, es, index, query))}
    aggs: dict[str, Any] = metrics
    for cid, column in reversed(buckets):
        agg = column_agg(column, es, index, query)
        assert agg is not None
        aggs = {cid: {**agg, **({"aggs": aggs} if aggs else {})}}
    response = es.search(index=index, size=0, query=query, aggs=aggs)

    def rows(level: dict[str, Any], depth: int, prefix: dict[str, Any]) -> list[dict[str, Any]]:
        if depth == len(buckets):
            row = {**prefix, "doc_count": level["doc_count"]}
            row |= {
                cid: metric_value(cid, layer, level, level["doc_count"]) for cid, c in columns if not c["isBucketed"]
            }
            return [row]
        cid = buckets[depth][0]
        found = []
        for bucket in level[cid]["buckets"]:
            key = bucket.get("key_as_string", bucket["key"])
            found += rows(bucket, depth + 1, {**prefix, cid: key})
        return found

    return rows({**response.body.get("aggregations", {}), "doc_count": response["hits"]["total"]["value"]}, 0, {})


def keys(rows: list[dict[str, Any]], object_id: str) -> dict[Any, int]:
    """{bucket key: doc count} of a one-bucket-column panel."""
    layer = next(iter(lens_layers(the("lens", object_id)).values()))
    (bucket_column,) = [cid for cid in layer["columnOrder"] if layer["columns"][cid]["isBucketed"]]
    return {row[bucket_column]: row["doc_count"] for row in rows}


def corpus_files() -> list[tuple[str, bytes]]:
    """About 100 BBC files: the first 20 of each category plus known duplicate pairs."""
    chosen: set[Path] = set()
    for category in sorted(p for p in BBC.iterdir() if p.is_dir()):
        chosen.update(sorted(category.glob("*.txt"))[:20])
    chosen.update(BBC / name for name in IDENTICAL_PAIR + SAME_BODY_PAIR)
    return [(f"bbc/{p.relative_to(BBC).as_posix()}", p.read_bytes()) for p in sorted(chosen)]


async def index_files(index: str, files: list[tuple[str, bytes]]) -> None:
    """Through the real parser, enrichment and indexer code (template, ids, merged sources)."""
    from shared.enrichment.enrich import enrich
    from shared.index.versions import ensure_index
    from shared.index.writer import write_batch
    from shared.parsing import parse_file

    items = [enrich(article) for name, content in files for article in parse_file(name, content).articles]
    client = AsyncElasticsearch(ES_URL, request_timeout=60)
    try:
        await ensure_index(client, index)
        for start in range(0, len(items), 50):
            _counts, rejected = await write_batch(client, index, items[start : start + 50])
            assert not rejected, rejected
        await client.indices.refresh(index=index)
    finally:
        await client.close()


@pytest.fixture(scope="module")
def indexed() -> Iterator[tuple[Elasticsearch, str, bool]]:
    """A test index with the seeds and, when the corpus is present, ~100 BBC files. Yields (es, index, has_corpus)."""
    es, index = open_test_index()
    has_corpus = BBC.is_dir()
    files = [(p.name, p.read_bytes()) for p in SEEDS] + (corpus_files() if has_corpus else [])
    try:
        asyncio.run(index_files(index, files))
        yield es, index, has_corpus
    finally:
        drop_test_index(index)
        es.close()


def needs_corpus(has_corpus: bool) -> None:
    require(has_corpus, BBC_MISSING)


def test_documents_are_inside_the_dashboard_time_range(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    total = es.count(index=index)["count"]
    query = {"bool": {"filter": [time_filter(the("index-pattern"), the("dashboard"))]}}
    assert es.count(index=index, query=query)["count"] == total, "documents without article_date are not shown"


def test_articles_over_time_has_january_2025(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    months = keys(run_lens(es, index, "newsflow-articles-over-time"), "newsflow-articles-over-time")
    january = sum(count for key, count in months.items() if str(key).startswith("2025-01"))
    # The dpa article's dateline (8 January). The AFP and Reuters captions' photo dates are not articles' dates.
    assert january >= 1, months


def test_agencies_and_photo_credits(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    agencies = keys(run_lens(es, index, "newsflow-agencies"), "newsflow-agencies")
    assert {"dpa", "AFP", "Reuters"} <= set(agencies), agencies
    credits = keys(run_lens(es, index, "newsflow-photo-credits"), "newsflow-photo-credits")
    assert "Iranian Presidency/dpa" in credits, credits


def test_top_people_organisations_and_places(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    docs = [h["_source"] for h in es.search(index=index, size=1000, query={"match_all": {}})["hits"]["hits"]]
    for panel, field in (
        ("newsflow-top-people", "people"),
        ("newsflow-top-organisations", "organisations"),
        ("newsflow-top-places", "places"),
    ):
        shown = keys(run_lens(es, index, panel), panel)
        counts = Counter(name for doc in docs for name in set(doc.get(field, [])))
        assert shown, f"{panel}: no buckets"
        # Each bar counts the articles naming that entity, and the most named one comes first.
        assert all(counts[name] == count for name, count in shown.items()), (panel, shown)
        assert next(iter(shown.values())) == max(counts.values()), (panel, counts.most_common(3))
    seeds = [doc for doc in docs if doc.get("agency") in {"dpa", "AFP", "Reuters"}]
    assert "Benjamin Netanyahu" in {name for doc in seeds for name in doc["people"]}
    assert "Iran" in {name for doc in seeds for name in doc["places"]}


def test_languages_and_sentiment(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    languages = keys(run_lens(es, index, "newsflow-languages"), "newsflow-languages")
    assert "en" in languages, languages
    histogram = keys(run_lens(es, index, "newsflow-sentiment"), "newsflow-sentiment")
    with_sentiment = es.count(index=index, query={"exists": {"field": "sentiment"}})["count"]
    assert with_sentiment > 0
    assert sum(histogram.values()) == with_sentiment, histogram
    assert all(-1 <= float(key) <= 1 for key in histogram)


def test_map_layers_find_documents(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    base = time_filter(the("index-pattern"), the("dashboard"))
    for layer in map_layers(the("map")):
        descriptor = layer["sourceDescriptor"]
        if descriptor["type"] == "ES_GEO_GRID":
            grid = {"geotile_grid": {"field": descriptor["geoField"], "precision": 3}}
            response = es.search(index=index, size=0, query={"bool": {"filter": [base]}}, aggs={"grid": grid})
            assert response["aggregations"]["grid"]["buckets"], f"no clusters for layer {layer['id']}"
        elif descriptor["type"] == "ES_SEARCH":
            query = {"bool": {"filter": [base, {"exists": {"field": descriptor["geoField"]}}]}}
            hits = es.search(
                index=index, size=descriptor["limit"], query=query, source=descriptor["tooltipProperties"]
            )["hits"]["hits"]
            assert hits, f"no documents with {descriptor['geoField']} for layer {layer['id']}"
            assert any(hit["_source"].get("title") for hit in hits)


def test_saved_search_lists_articles_newest_first(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    search = the("search")
    sort = [{field: direction} for field, direction in search["attributes"]["sort"]]
    query = {"bool": {"filter": [time_filter(the("index-pattern"), the("dashboard"))]}}
    hits = es.search(index=index, size=1000, query=query, sort=sort, source=search["attributes"]["columns"])["hits"]
    assert hits["hits"]
    seeds = [h["_source"] for h in hits["hits"] if h["_source"].get("agency") == "dpa"]
    assert seeds
    assert seeds[0]["source_files"] == [seed.name for seed in SEEDS]
    assert seeds[0].get("people")
    assert seeds[0].get("places")


def test_identical_files_are_one_article_with_both_files(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, has_corpus = indexed
    needs_corpus(has_corpus)
    names = [f"bbc/{name}" for name in IDENTICAL_PAIR]
    hits = es.search(index=index, query={"terms": {"source_files": names}})["hits"]["hits"]
    assert len(hits) == 1
    assert set(names) <= set(hits[0]["_source"]["source_files"])


def test_near_duplicate_stories_table(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, has_corpus = indexed
    needs_corpus(has_corpus)
    rows = run_lens(es, index, "newsflow-duplicate-stories")
    layer = next(iter(lens_layers(the("lens", "newsflow-duplicate-stories")).values()))
    files_column = next(cid for cid, c in layer["columns"].items() if c["operationType"] == "unique_count")
    assert rows
    assert rows[0]["doc_count"] >= 2, f"no story with two articles: {rows[:3]}"
    names = [f"bbc/{name}" for name in SAME_BODY_PAIR]
    pair = es.search(index=index, query={"terms": {"source_files": names}})["hits"]["hits"]
    assert len(pair) == 2
    assert pair[0]["_source"]["story_id"] == pair[1]["_source"]["story_id"]
    story = next(row for row in rows if row[layer["columnOrder"][0]] == pair[0]["_source"]["story_id"])
    assert story["doc_count"] == 2
    assert story[files_column] == 2
    assert all(row["doc_count"] >= 2 for row in rows), "a story told once is not a near-duplicate story"


def test_metric_tiles(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, has_corpus = indexed
    docs = [h["_source"] for h in es.search(index=index, size=1000, query={"match_all": {}})["hits"]["hits"]]

    def tile(object_id: str) -> dict[str, float]:
        """{column label: value} of a metric tile's one row."""
        (row,) = run_lens(es, index, object_id)
        layer = next(iter(lens_layers(the("lens", object_id)).values()))
        visualization = the("lens", object_id)["attributes"]["state"]["visualization"]
        shown = [visualization["metricAccessor"], visualization.get("secondaryMetricAccessor")]
        return {layer["columns"][cid]["label"]: row[cid] for cid in shown if cid}

    assert tile("newsflow-metric-articles") == {"Articles": len(docs)}
    sources = tile("newsflow-metric-sources")
    assert sources["Source files"] == len({name for doc in docs for name in doc["source_files"]})
    assert sources["agencies"] == len({doc["agency"] for doc in docs if doc.get("agency")})
    (median,) = tile("newsflow-metric-sentiment").values()
    assert median == pytest.approx(statistics.median(d["sentiment"] for d in docs if "sentiment" in d), abs=0.02)
    (share,) = tile("newsflow-metric-shared-stories").values()
    assert share == sum(bool(doc.get("shared_story")) for doc in docs) / len(docs)
    if has_corpus:  # the BBC sample holds a near-duplicate pair
        assert 0 < share < 0.5
