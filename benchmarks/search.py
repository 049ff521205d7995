"""Search relevance against judged queries (`make bench-search`, not a test): the whole BBC corpus
indexed through the real parser, enricher and indexer code into a scratch index on the local
Elasticsearch, then every query of benchmarks/search/judgments.json run two ways:

- before: the query as Newsflow sent it before search learnt word forms, accents, aliases and typed
  filters (simple_query_string over title^3, caption and body, nothing else);
- now: the explorer's query (shared/index/queries.py).

Prints recall@10 (share of a query's relevant articles in the first ten) and nDCG@10 (graded: 2 = about
the subject, 1 = partly) per kind of query and overall.

Run: `.venv/bin/python benchmarks/search.py [--reuse]` (--reuse keeps and reuses the scratch index).
"""

import argparse
import asyncio
import json
import math
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from corpus import BBC, require_bbc
from elasticsearch import AsyncElasticsearch, Elasticsearch

import services  # noqa: F401  (first: the process defaults the services run with, one OpenBLAS thread)
from shared.enrichment.enrich import enrich_batch
from shared.index.queries import search_body
from shared.index.versions import drop_index, ensure_index, on_index
from shared.index.writer import write_batch
from shared.parsing import parse_file

ROOT = Path(__file__).resolve().parents[1]
ES_URL = os.environ.get("NEWSFLOW_ELASTICSEARCH_URL", "http://localhost:9200")
INDEX = "newsflow-bench-search"
JUDGMENTS = ROOT / "benchmarks" / "search" / "judgments.json"
K = 10


async def build_index(files: list[Path]) -> None:
    es = AsyncElasticsearch(ES_URL, request_timeout=120)
    try:
        await drop_index(es, INDEX)
        await ensure_index(es, INDEX)
        articles = [a for f in files for a in parse_file(f.relative_to(BBC).as_posix(), f.read_bytes()).articles]
        started = time.perf_counter()
        for start in range(0, len(articles), 64):
            await write_batch(es, INDEX, enrich_batch(articles[start : start + 64]))
            done = min(start + 64, len(articles))
            print(f"\rbench-search: indexed {done}/{len(articles)} ({time.perf_counter() - started:.0f}s)", end="")
        print()
        await es.indices.refresh(index=INDEX)
    finally:
        await es.close()


def before_body(q: str) -> dict[str, Any]:
    fields = ["title^3", "caption", "body"]
    options = {"default_operator": "and", "lenient": True}
    return {"query": {"simple_query_string": {"query": q, "fields": fields, **options}}}


def ndcg(ranked: list[str], grades: dict[str, int]) -> float:
    gain = sum((2 ** grades.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:K]))
    ideal = sorted(grades.values(), reverse=True)[:K]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="reuse the scratch index of an earlier run")
    args = parser.parse_args()
    files = require_bbc()
    es = Elasticsearch(ES_URL, request_timeout=60)
    if not (args.reuse and es.indices.exists(index=INDEX)):
        print(f"bench-search: indexing {len(files)} BBC files with the enricher (a few minutes)")
        asyncio.run(build_index(files))
    article_of = {
        f.relative_to(BBC).as_posix(): parse_file(f.name, f.read_bytes()).articles[0].id
        for f in files
        if parse_file(f.name, f.read_bytes()).articles
    }
    judged = json.loads(JUDGMENTS.read_text(encoding="utf-8"))["queries"]
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    print(f"\n  {'query':<38}{'relevant':>9}{'recall@10 before':>18}{'now':>6}{'nDCG@10 before':>16}{'now':>6}")
    for item in judged:
        grades: dict[str, int] = {}
        for name, grade in item["relevant"].items():  # identical files are one document: best grade
            grades[article_of[name]] = max(grades.get(article_of[name], 0), int(grade))
        row = []
        now = search_body(item["query"], {}, {}, None, None, "relevance")
        for label, body in (("before", before_body(item["query"])), ("now", now)):
            body = {k: v for k, v in body.items() if k in ("query", "sort")}
            hits = es.search(index=INDEX, size=K, **body)["hits"]["hits"]
            ranked = [hit["_id"] for hit in hits]
            recall = len(set(ranked) & set(grades)) / len(grades)
            quality = ndcg(ranked, grades)
            for kind in (item["kind"], "all"):
                scores[kind][f"recall {label}"].append(recall)
                scores[kind][f"ndcg {label}"].append(quality)
            row += [recall, quality]
        print(f"  {item['query'][:37]:<38}{len(grades):>9}{row[0]:>18.2f}{row[2]:>6.2f}{row[1]:>16.2f}{row[3]:>6.2f}")
    print(f"\n  {'kind':<14}{'queries':>8}{'recall@10 before':>18}{'now':>6}{'nDCG@10 before':>16}{'now':>6}")
    for kind, values in sorted(scores.items(), key=lambda kv: (kv[0] == "all", kv[0])):
        n = len(values["recall now"])

        def mean(key: str, v: dict[str, list[float]] = values, n: int = n) -> float:
            return sum(v[key]) / n

        print(
            f"  {kind:<14}{n:>8}{mean('recall before'):>18.3f}{mean('recall now'):>6.3f}"
            f"{mean('ndcg before'):>16.3f}{mean('ndcg now'):>6.3f}"
        )
    if not args.reuse:
        on_index(ES_URL, drop_index, INDEX)


if __name__ == "__main__":
    main()
