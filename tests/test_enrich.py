"""Enrichment as a user meets it: `newsflow enrich`, near-duplicate stories in the index,
and `newsflow reenrich` of documents an older enricher wrote."""

import json
import os
import random
from collections import defaultdict
from pathlib import Path

import pytest
import redis
from elasticsearch import AsyncElasticsearch, Elasticsearch

from services.indexer import install_template, write_batch
from shared.enrichment import enrich_batch
from shared.models import ENRICHMENT_VERSION
from shared.parsing import parse_file
from shared.text import normalise
from tests.conftest import ES_URL, ROOT, SEEDS, Services, drop, wait_for_documents, wait_until
from tests.test_cli import newsflow

CORPUS = Path(os.environ.get("NEWSFLOW_CORPUS", ROOT.parent / "shared" / "corpus")) / "bbc"


def test_enrich_prints_each_article_as_it_would_be_indexed() -> None:
    result = newsflow("enrich", *map(str, SEEDS))
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == 4
    iran = docs[0]
    assert iran["id"] == parse_file(SEEDS[0].name, SEEDS[0].read_bytes()).articles[0].id
    assert {"Masoud Pezeshkian", "Vladimir Putin"} <= set(iran["people"])
    assert iran["dateline_location"]["country_code"] == "IR"
    assert iran["article_date"] == "2025-01-08"
    assert iran["source_files"] == [SEEDS[0].name]
    assert iran["enrichment_version"] == ENRICHMENT_VERSION
    assert len(iran["minhash_bands"]) == 16


def article_of(path: Path) -> str:
    return parse_file(path.name, path.read_bytes()).articles[0].id


def bbc_duplicates() -> tuple[list[list[Path]], list[list[Path]]]:
    """(groups of files that are the same article, groups with the same body under other titles)."""
    by_body: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(CORPUS.glob("*/*.txt")):
        body = path.read_bytes().split(b"\n", 1)[1]
        by_body[normalise(body.decode("utf-8", "replace"))].append(path)
    groups = [files for files in by_body.values() if len(files) > 1]
    # Byte-identical files, and files differing only in whitespace, are the same article (one id).
    identical = [g for g in groups if len({article_of(f) for f in g}) == 1]
    retitled = [g for g in groups if len({article_of(f) for f in g}) > 1]
    return identical, retitled


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"needs the BBC corpus in {CORPUS} (NEWSFLOW_CORPUS)")
async def test_bbc_duplicates_become_one_document_or_one_story(es_index: tuple[Elasticsearch, str]) -> None:
    sync_es, index = es_index
    identical, retitled = bbc_duplicates()
    assert len(identical) >= 98
    assert len(retitled) >= 35
    others = random.Random(3).sample(sorted(CORPUS.glob("*/*.txt")), 60)
    files = sorted({f for group in identical + retitled for f in group} | set(others))
    random.Random(5).shuffle(files)  # twins land in the same batch or in different ones
    articles = [a for f in files for a in parse_file(f.relative_to(CORPUS).as_posix(), f.read_bytes()).articles]
    es = AsyncElasticsearch(ES_URL)
    try:
        await install_template(es, index)
        for start in range(0, len(articles), 50):
            await write_batch(es, index, enrich_batch(articles[start : start + 50]))
    finally:
        await es.close()
    sync_es.indices.refresh(index=index)
    docs = {h["_id"]: h["_source"] for h in sync_es.search(index=index, size=1000)["hits"]["hits"]}
    by_file = {name: doc for doc in docs.values() for name in doc["source_files"]}

    for group in identical:  # the same article: one document listing every file
        names = {f.relative_to(CORPUS).as_posix() for f in group}
        assert names <= set(by_file[next(iter(names))]["source_files"])
    for group in retitled:  # a new headline on the same body: linked into one story
        stories = {by_file[f.relative_to(CORPUS).as_posix()]["story_id"] for f in group}
        assert len(stories) == 1, group
        linked = [by_file[f.relative_to(CORPUS).as_posix()] for f in group]
        assert sum(doc["duplicate_of"] is not None for doc in linked) == len(group) - 1
        assert all(doc["duplicate_similarity"] >= 0.8 for doc in linked if doc["duplicate_of"])
    linked_ids = {f.relative_to(CORPUS).as_posix() for g in retitled for f in g}
    alone = [d for d in docs.values() if not set(d["source_files"]) & linked_ids]
    assert sum(d["story_id"] == d["id"] for d in alone) >= len(alone) - 2  # unrelated articles stand alone


def test_reenrich_sends_documents_of_an_older_enricher_through_it_again(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start("watcher", "parser", "enricher", "indexer")
    drop(tmp_path / "inbox", *SEEDS)
    docs = wait_for_documents(es, index, redis_client, 3)
    old_id = next(i for i, d in docs.items() if d["title"].startswith("Iran's President"))
    es.update(index=index, id=old_id, doc={"enrichment_version": "1", "people": []}, refresh=True)

    result = newsflow("reenrich", env=services.env)
    assert result.returncode == 0, result.stderr
    assert "sent 1 article(s) older than enrichment version" in result.stderr

    def reenriched() -> bool:
        es.indices.refresh(index=index)
        return es.get(index=index, id=old_id)["_source"]["enrichment_version"] == ENRICHMENT_VERSION

    wait_until(reenriched, what="the document to be enriched again")
    doc = es.get(index=index, id=old_id)["_source"]
    assert "Vladimir Putin" in doc["people"]
    assert doc["source_files"] == [seed.name for seed in SEEDS]  # both files still listed
    assert es.count(index=index)["count"] == 3
