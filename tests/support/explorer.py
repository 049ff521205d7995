"""Seed articles (and a few BBC articles when the corpus is there) as the pipeline indexes them, for
the explorer's API and browser tests."""

from functools import cache
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch

from shared.enrichment.enrich import enrich
from shared.ids import article_id
from shared.index.documents import document
from shared.parsing import parse_file
from tests.support.paths import BBC, SEEDS
from tests.support.servers import create_test_index

BBC_FILES = [BBC / "politics" / "001.txt", BBC / "business" / "001.txt", BBC / "tech" / "001.txt"]


def build_documents(paths: list[Path]) -> dict[str, dict[str, Any]]:
    """Parse, enrich and build the indexed body as the indexer does, merging the sources of
    an article found in several files."""
    docs: dict[str, dict[str, Any]] = {}
    for path in paths:
        for article in parse_file(path.name, path.read_bytes()).articles:
            body = document(enrich(article))
            if "article_date" not in body:  # the indexer sets it; here the first date the article states
                body["article_date"] = body.get("dateline_date") or body.get("published") or body.get("photo_date")
            source = article.source.model_dump()
            if article.id in docs:
                docs[article.id]["sources"].append(source)
            else:
                docs[article.id] = {**body, "sources": [source]}
    for body in docs.values():
        body["source_files"] = sorted({s["file_name"] for s in body["sources"]})
    return docs


@cache
def _seed_documents(with_bbc: bool) -> dict[str, dict[str, Any]]:
    docs = build_documents(list(SEEDS) + (BBC_FILES if with_bbc else []))
    # A second outlet's version of the Ben-Gvir story, as near-duplicate detection links it: another
    # id, the same story_id, duplicate_of the first.
    original_id, original = next((i, d) for i, d in docs.items() if "Ben-Gvir Threatens" in d["title"])
    title = "Ben-Gvir Says He Will Quit Netanyahu Government Over Gaza Ceasefire"
    body = original["body"] + "\n\nHis party holds six seats in the coalition."
    copy_id = article_id(title, body)
    docs[copy_id] = {
        **original,
        "title": title,
        "body": body,
        "paragraphs": [*original["paragraphs"], "His party holds six seats in the coalition."],
        "source_files": ["outlet-b/ben-gvir.txt"],
        "sources": [{"file_name": "outlet-b/ben-gvir.txt", "position": 1, "file_sha256": "0" * 64}],
        "story_id": original_id,
        "duplicate_of": original_id,
    }
    docs[original_id] = {**original, "story_id": original_id}
    return docs


def seed_documents() -> dict[str, dict[str, Any]]:
    return _seed_documents(all(f.exists() for f in BBC_FILES))


def index_documents(es: Elasticsearch, index: str, docs: dict[str, dict[str, Any]]) -> None:
    if not es.indices.exists(index=index):
        create_test_index(index)
    operations: list[dict[str, Any]] = []
    for doc_id, body in docs.items():
        operations += [{"index": {"_id": doc_id}}, body]
    response = es.bulk(index=index, operations=operations, refresh=True)
    assert not response["errors"], response
