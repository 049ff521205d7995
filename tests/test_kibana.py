"""Kibana saved objects (kibana/saved_objects.ndjson) and the one-shot import script (kibana/setup.py).

No Kibana runs here, so this checks what can be checked without it:
- every field a saved object uses exists in the index mapping with a type that fits its use;
- every reference between objects resolves, and every reference name used inside an object is listed;
- the aggregations the dashboard panels run, built from the saved objects themselves, return the
  expected buckets from the real Elasticsearch after indexing the seeds and a BBC corpus sample
  through the real parser, enrichment and indexer code;
- kibana/setup.py's wait/retry/import logic, against a tiny local fake HTTP server (not Kibana).
"""

import asyncio
import fnmatch
import importlib.util
import json
import os
import re
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

import pytest
from elasticsearch import AsyncElasticsearch, Elasticsearch

from shared.index_template import MAPPING, index_template, template_name
from shared.settings import IndexerSettings
from tests.conftest import ES_URL, ROOT, SEEDS, open_test_index

OBJECTS_FILE = ROOT / "kibana" / "saved_objects.ndjson"
SETUP_FILE = ROOT / "kibana" / "setup.py"
CORPUS = Path(os.environ.get("NEWSFLOW_CORPUS", ROOT.parent / "shared" / "corpus")) / "bbc"
IDENTICAL_PAIR = ("business/007.txt", "business/253.txt")  # byte-identical files: one document, two sources
SAME_BODY_PAIR = ("business/286.txt", "business/493.txt")  # same body, reworded headline: one story

NUMERIC = {"integer", "long", "short", "byte", "float", "double", "half_float", "scaled_float", "unsigned_long"}
AGGREGATABLE = {"keyword", "date", "boolean", "ip", *NUMERIC}
ALLOWED: dict[str, set[str]] = {
    "terms": {"keyword"},
    "date_histogram": {"date"},
    "time": {"date"},
    "range": NUMERIC,
    "histogram": NUMERIC,
    "sum": NUMERIC,
    "average": NUMERIC,
    "median": NUMERIC,
    "min": NUMERIC | {"date"},
    "max": NUMERIC | {"date"},
    "unique_count": AGGREGATABLE,
    "last_value": AGGREGATABLE,
    "sort": AGGREGATABLE,
    "geo": {"geo_point"},
    "column": AGGREGATABLE | {"text", "geo_point"},
    "query": AGGREGATABLE | {"text", "geo_point"},
}
LENS_DATA_TYPES = {"string": {"keyword"}, "number": NUMERIC, "date": {"date"}}


# ---------------------------------------------------------------- loading and walking the objects


def load_objects() -> list[dict[str, Any]]:
    return [json.loads(line) for line in OBJECTS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


OBJECTS = load_objects()
BY_ID = {(o["type"], o["id"]): o for o in OBJECTS}


def of_type(kind: str) -> list[dict[str, Any]]:
    return [o for o in OBJECTS if o["type"] == kind]


def the(kind: str, object_id: str | None = None) -> dict[str, Any]:
    found = [o for o in of_type(kind) if object_id is None or o["id"] == object_id]
    assert len(found) == 1, f"expected one {kind} {object_id or ''}, found {len(found)}"
    return found[0]


def mapped_fields(properties: dict[str, Any] = MAPPING["properties"], prefix: str = "") -> dict[str, str]:
    """Dotted field path -> mapping type, including multi-fields (title.keyword) and object properties."""
    fields: dict[str, str] = {}
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        if "properties" in spec:
            fields[path] = "object"
            fields.update(mapped_fields(spec["properties"], f"{path}."))
        else:
            fields[path] = spec.get("type", "object")
        for sub, sub_spec in spec.get("fields", {}).items():
            fields[f"{path}.{sub}"] = sub_spec["type"]
    return fields


FIELDS = mapped_fields()


def searchsource(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj["attributes"].get("kibanaSavedObjectMeta", {})
    result: dict[str, Any] = json.loads(meta.get("searchSourceJSON") or "{}")
    return result


def kql_fields(query: dict[str, Any] | None) -> list[str]:
    """Field names in a KQL or Lucene query string ("field : value", "field:*")."""
    text = (query or {}).get("query") or ""
    return re.findall(r"([A-Za-z_][\w.]*)\s*:", text) if isinstance(text, str) else []


def filter_fields(filters: list[dict[str, Any]]) -> list[str]:
    fields = []
    for item in filters:
        if key := item.get("meta", {}).get("key"):
            fields.append(key)
        query = item.get("query", {})
        for clause in ("match_phrase", "match", "term", "terms", "range"):
            fields += list(query.get(clause, {}))
        if "exists" in query:
            fields.append(query["exists"]["field"])
    return fields


def lens_layers(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    layers: dict[str, dict[str, Any]] = obj["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
    return layers


def map_layers(obj: dict[str, Any]) -> list[dict[str, Any]]:
    layers: list[dict[str, Any]] = json.loads(obj["attributes"]["layerListJSON"])
    return layers


def field_uses() -> list[tuple[str, str, str]]:
    """(field, use, where) for every field any saved object uses."""
    uses: list[tuple[str, str, str]] = []
    for obj in OBJECTS:
        where = f"{obj['type']} {obj['id']}"
        attributes = obj["attributes"]
        source = searchsource(obj)
        uses += [(f, "query", where) for f in kql_fields(source.get("query")) + filter_fields(source.get("filter", []))]
        if obj["type"] == "index-pattern":
            uses.append((attributes["timeFieldName"], "time", where))
        elif obj["type"] == "search":
            uses += [(f, "column", where) for f in attributes["columns"]]
            uses += [(f, "sort", where) for f, _ in attributes.get("sort", [])]
        elif obj["type"] == "lens":
            state = attributes["state"]
            uses += [(f, "query", where) for f in kql_fields(state["query"]) + filter_fields(state["filters"])]
            for layer in lens_layers(obj).values():
                for column_id, column in layer["columns"].items():
                    operation = column["operationType"]
                    if column.get("sourceField") not in (None, "___records___"):
                        uses.append((column["sourceField"], operation, f"{where} column {column_id}"))
                    if sort_field := column.get("params", {}).get("sortField"):
                        uses.append((sort_field, "sort", f"{where} column {column_id}"))
                    uses += [(f, "query", where) for f in kql_fields(column.get("filter"))]
        elif obj["type"] == "map":
            map_state = json.loads(attributes.get("mapStateJSON") or "{}")
            uses += [(f, "query", where) for f in kql_fields(map_state.get("query"))]
            uses += [(f, "query", where) for f in filter_fields(map_state.get("filters", []))]
            for layer in map_layers(obj):
                descriptor = layer["sourceDescriptor"]
                if "geoField" in descriptor:
                    uses.append((descriptor["geoField"], "geo", f"{where} layer {layer['id']}"))
                uses += [(f, "column", f"{where} layer {layer['id']}") for f in descriptor.get("tooltipProperties", [])]
                uses += [(m["field"], m["type"], where) for m in descriptor.get("metrics", []) if "field" in m]
                if "sortField" in descriptor:
                    uses.append((descriptor["sortField"], "sort", where))
                for style in layer.get("style", {}).get("properties", {}).values():
                    field = style.get("options", {}).get("field") or {}
                    if field.get("origin") == "source" and field.get("name") != "doc_count":
                        uses.append((field["name"], "column", where))
    return uses


# ---------------------------------------------------------------- the file's structure


def test_objects_have_unique_ids_and_the_expected_types() -> None:
    assert len(BY_ID) == len(OBJECTS), "duplicate (type, id) pairs"
    kinds = {o["type"] for o in OBJECTS}
    assert {"index-pattern", "dashboard", "search", "lens", "map"} <= kinds
    for obj in OBJECTS:
        assert obj["attributes"]["title"], f"{obj['id']} has no title"
        assert obj.get("coreMigrationVersion"), obj["id"]
        assert obj.get("typeMigrationVersion"), obj["id"]


def test_every_field_used_exists_with_a_type_that_fits() -> None:
    uses = field_uses()
    assert len(uses) > 20
    problems = []
    for field, use, where in uses:
        kind = FIELDS.get(field)
        if kind is None:
            problems.append(f"{where}: {field} ({use}) is not in the mapping")
        elif kind not in ALLOWED.get(use, set()):
            problems.append(f"{where}: {field} is {kind}, which does not fit {use}")
    assert not problems, "\n".join(problems)


def test_lens_columns_declare_the_mapped_data_type() -> None:
    for obj in of_type("lens"):
        for layer in lens_layers(obj).values():
            assert set(layer["columnOrder"]) == set(layer["columns"]), obj["id"]
            for column in layer["columns"].values():
                field = column.get("sourceField")
                if field in (None, "___records___") or column["operationType"] in ("unique_count", "count"):
                    continue
                assert FIELDS[field] in LENS_DATA_TYPES[column["dataType"]], f"{obj['id']}: {field}"


def test_lens_visualizations_only_show_columns_of_their_layer() -> None:
    for obj in of_type("lens"):
        layers = lens_layers(obj)
        visualization = obj["attributes"]["state"]["visualization"]
        vis_layers = visualization.get("layers", [visualization])
        for vis_layer in vis_layers:
            columns = layers[vis_layer["layerId"]]["columns"]
            shown = [vis_layer.get("xAccessor"), *vis_layer.get("accessors", [])]
            shown += vis_layer.get("primaryGroups", []) + vis_layer.get("metrics", [])
            shown += [c["columnId"] for c in vis_layer.get("columns", [])]
            shown = [c for c in shown if c]
            assert shown, f"{obj['id']} shows nothing"
            assert set(shown) <= set(columns), f"{obj['id']}: {set(shown) - set(columns)}"


def test_references_resolve() -> None:
    for obj in OBJECTS:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in BY_ID, f"{obj['id']} refers to missing {ref['type']} {ref['id']}"
        names = [ref["name"] for ref in obj["references"]]
        assert len(names) == len(set(names)), f"{obj['id']}: duplicate reference names"


def test_every_reference_name_used_inside_an_object_is_listed() -> None:
    for obj in OBJECTS:
        refs = {ref["name"]: ref for ref in obj["references"]}
        needed: dict[str, str] = {}  # reference name -> type it must have
        if index_ref := searchsource(obj).get("indexRefName"):
            needed[index_ref] = "index-pattern"
        if obj["type"] == "lens":
            needed |= {f"indexpattern-datasource-layer-{layer}": "index-pattern" for layer in lens_layers(obj)}
        if obj["type"] == "map":
            for layer in map_layers(obj):
                if name := layer["sourceDescriptor"].get("indexPatternRefName"):
                    needed[name] = "index-pattern"
                for join in layer.get("joins", []):
                    needed[join["right"]["indexPatternRefName"]] = "index-pattern"
        if obj["type"] == "dashboard":
            for panel in json.loads(obj["attributes"]["panelsJSON"]):
                assert panel["panelRefName"] == f"panel_{panel['panelIndex']}", panel
                needed[f"{panel['panelIndex']}:{panel['panelRefName']}"] = panel["type"]
        for name, kind in needed.items():
            assert name in refs, f"{obj['type']} {obj['id']} uses reference {name!r} but does not list it"
            assert refs[name]["type"] == kind, f"{obj['id']}: reference {name} should be a {kind}"
        assert set(refs) == set(needed), f"{obj['id']}: unused references {set(refs) - set(needed)}"


def test_dashboard_shows_every_visualization_the_map_and_the_search() -> None:
    dashboard = the("dashboard")
    shown = {(ref["type"], ref["id"]) for ref in dashboard["references"]}
    wanted = {(o["type"], o["id"]) for o in OBJECTS if o["type"] in ("lens", "map", "search")}
    assert shown == wanted
    panels = json.loads(dashboard["attributes"]["panelsJSON"])
    assert len({p["panelIndex"] for p in panels}) == len(panels)
    for panel in panels:
        grid = panel["gridData"]
        assert grid["i"] == panel["panelIndex"], panel
        assert 0 <= grid["x"] <= grid["x"] + grid["w"] <= 48, panel
    cells = [
        (p["gridData"]["x"] + dx, p["gridData"]["y"] + dy)
        for p in panels
        for dx in range(p["gridData"]["w"])
        for dy in range(p["gridData"]["h"])
    ]
    assert len(cells) == len(set(cells)), "panels overlap"


def test_data_view_matches_the_index_and_its_time_field_is_a_date() -> None:
    view = the("index-pattern")
    default_index = IndexerSettings.model_fields["index"].default
    assert default_index == "newsflow-articles"
    assert fnmatch.fnmatch(default_index, view["attributes"]["title"])
    assert view["attributes"]["title"] in index_template(default_index)["index_patterns"]
    assert FIELDS[view["attributes"]["timeFieldName"]] == "date"
    assert view["attributes"]["timeFieldName"] == "article_date"


def test_saved_search_shows_the_main_columns() -> None:
    search = the("search")
    assert search["attributes"]["columns"] == ["title", "agency", "dateline_place", "people", "places", "source_files"]
    assert search["attributes"]["sort"] == [["article_date", "desc"]]


# ---------------------------------------------------------------- the panels' aggregations on real data


def column_agg(column: dict[str, Any], es: Elasticsearch, index: str, query: dict[str, Any]) -> dict[str, Any] | None:
    """The Elasticsearch aggregation a Lens column stands for (None for count: the bucket's doc_count)."""
    operation, field, params = column["operationType"], column.get("sourceField"), column.get("params", {})
    if operation == "count":
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
    simple = {"sum": "sum", "average": "avg", "min": "min", "max": "max", "median": "median_absolute_deviation"}
    return {simple[operation]: {"field": field}}


def time_filter(view: dict[str, Any], dashboard: dict[str, Any]) -> dict[str, Any]:
    attributes = dashboard["attributes"]
    return {
        "range": {view["attributes"]["timeFieldName"]: {"gte": attributes["timeFrom"], "lte": attributes["timeTo"]}}
    }


def lens_query(obj: dict[str, Any]) -> dict[str, Any]:
    state = obj["attributes"]["state"]
    assert not state["filters"], "only unfiltered panels are translated here"
    assert not state["query"]["query"], "only panels without a query are translated here"
    return {"bool": {"filter": [time_filter(the("index-pattern"), the("dashboard"))]}}


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
            row |= {cid: level[cid].get("value", level[cid]) for cid in metrics}
            return [row]
        cid = buckets[depth][0]
        found = []
        for bucket in level[cid]["buckets"]:
            key = bucket.get("key_as_string", bucket["key"])
            found += rows(bucket, depth + 1, {**prefix, cid: key})
        return found

    return rows({**response["aggregations"], "doc_count": response["hits"]["total"]["value"]}, 0, {})


def keys(rows: list[dict[str, Any]], object_id: str) -> dict[Any, int]:
    """{bucket key: doc count} of a one-bucket-column panel."""
    layer = next(iter(lens_layers(the("lens", object_id)).values()))
    (bucket_column,) = [cid for cid in layer["columnOrder"] if layer["columns"][cid]["isBucketed"]]
    return {row[bucket_column]: row["doc_count"] for row in rows}


def corpus_files() -> list[tuple[str, bytes]]:
    """About 100 BBC files: the first 20 of each category plus known duplicate pairs."""
    chosen: set[Path] = set()
    for category in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        chosen.update(sorted(category.glob("*.txt"))[:20])
    chosen.update(CORPUS / name for name in IDENTICAL_PAIR + SAME_BODY_PAIR)
    return [(f"bbc/{p.relative_to(CORPUS).as_posix()}", p.read_bytes()) for p in sorted(chosen)]


async def index_files(index: str, files: list[tuple[str, bytes]]) -> None:
    """Through the real parser, enrichment and indexer code (template, ids, merged sources)."""
    from services.indexer import install_template, write_batch
    from shared.enrichment import enrich
    from shared.parsing import parse_file

    items = [enrich(article) for name, content in files for article in parse_file(name, content).articles]
    client = AsyncElasticsearch(ES_URL, request_timeout=60)
    try:
        await install_template(client, index)
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
    has_corpus = CORPUS.is_dir()
    files = [(p.name, p.read_bytes()) for p in SEEDS] + (corpus_files() if has_corpus else [])
    try:
        asyncio.run(index_files(index, files))
        yield es, index, has_corpus
    finally:
        es.options(ignore_status=404).indices.delete(index=index)
        es.options(ignore_status=404).indices.delete_index_template(name=template_name(index))
        es.close()


def needs_corpus(has_corpus: bool) -> None:
    if not has_corpus:
        pytest.skip(f"needs the BBC corpus in {CORPUS} (NEWSFLOW_CORPUS: the folder holding bbc/)")


def test_documents_are_inside_the_dashboard_time_range(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    total = es.count(index=index)["count"]
    query = {"bool": {"filter": [time_filter(the("index-pattern"), the("dashboard"))]}}
    assert es.count(index=index, query=query)["count"] == total, "documents without article_date are not shown"


def test_articles_over_time_has_january_2025(indexed: tuple[Elasticsearch, str, bool]) -> None:
    es, index, _ = indexed
    months = keys(run_lens(es, index, "newsflow-articles-over-time"), "newsflow-articles-over-time")
    january = sum(count for key, count in months.items() if str(key).startswith("2025-01"))
    # The dpa article's dateline (8 January). The AFP caption's photo date is not the article's date.
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
    assert seeds[0]["source_files"] == ["mideast-2025-01-a.txt", "mideast-2025-01-b.txt"]
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


# ---------------------------------------------------------------- kibana/setup.py against a fake server


def load_setup() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kibana_setup", SETUP_FILE)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FakeKibana(BaseHTTPRequestHandler):
    """Answers /api/status with 503 for the first `starting` calls, then "available"; records imports."""

    starting: ClassVar[int] = 0
    status_calls: ClassVar[int] = 0
    imports: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []
    import_answer: ClassVar[dict[str, Any]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        type(self).status_calls += 1
        if type(self).status_calls <= type(self).starting:
            self._send(503, {"status": {"overall": {"level": "unavailable"}}})
        else:
            self._send(200, {"status": {"overall": {"level": "available"}}})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).imports.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self._send(200, type(self).import_answer)


@pytest.fixture
def fake_kibana() -> Iterator[tuple[str, type[FakeKibana]]]:
    handler: type[FakeKibana] = type("Handler", (FakeKibana,), {"starting": 2, "status_calls": 0, "imports": []})
    handler.import_answer = {
        "success": True,
        "successCount": len(OBJECTS),
        "successResults": [{"type": o["type"], "id": o["id"]} for o in OBJECTS],
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_setup_waits_for_kibana_then_imports_with_overwrite(
    fake_kibana: tuple[str, type[FakeKibana]], caplog: pytest.LogCaptureFixture
) -> None:
    url, handler = fake_kibana
    setup = load_setup()
    caplog.set_level("INFO", logger="kibana-setup")
    env = {"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_WAIT_SECONDS": "20"}
    assert setup.main(env, first_backoff=0.01) == 0
    assert handler.status_calls == 3
    assert sum("not available yet" in r.getMessage() for r in caplog.records) == 2
    ((path, headers, body),) = handler.imports
    assert path == "/api/saved_objects/_import?overwrite=true"
    assert headers["kbn-xsrf"] == "true"
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    assert OBJECTS_FILE.read_bytes() in body
    assert b'name="file"; filename="saved_objects.ndjson"' in body
    assert setup.main(env, first_backoff=0.01) == 0  # again: same objects overwritten
    assert len(handler.imports) == 2


def test_setup_fails_on_import_errors_and_on_timeout(fake_kibana: tuple[str, type[FakeKibana]]) -> None:
    url, handler = fake_kibana
    setup = load_setup()
    handler.import_answer = {
        "success": False,
        "successCount": 0,
        "errors": [{"id": "x", "type": "lens", "meta": {"title": "X"}, "error": {"type": "missing_references"}}],
    }
    assert setup.main({"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_WAIT_SECONDS": "20"}, first_backoff=0.01) == 1
    handler.starting = 10**6
    assert setup.main({"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_WAIT_SECONDS": "0.3"}, first_backoff=0.05) == 2
    missing = {"NEWSFLOW_KIBANA_URL": url, "NEWSFLOW_KIBANA_OBJECTS": str(ROOT / "nothing.ndjson")}
    assert setup.main(missing) == 3
