"""Near-duplicate stories on the real Elasticsearch: the BBC corpus's duplicate groups, indexed in
shuffled batches through the indexer's own code, become one document or one story."""

import logging
import random
from collections import defaultdict
from pathlib import Path

import pytest
from elasticsearch import AsyncElasticsearch, Elasticsearch

from shared.enrichment.enrich import enrich_batch
from shared.ids import normalise
from shared.index.refresh import Refresher
from shared.index.versions import ensure_index
from shared.index.writer import write_batch
from shared.parsing import parse_file
from tests.support.paths import BBC, bbc_files
from tests.support.servers import ES_URL


def article_of(path: Path) -> str:
    return parse_file(path.name, path.read_bytes()).articles[0].id


def bbc_duplicates() -> tuple[list[list[Path]], list[list[Path]]]:
    """(groups of files that are the same article, groups with the same body under other titles)."""
    by_body: dict[str, list[Path]] = defaultdict(list)
    for path in bbc_files():
        body = path.read_bytes().split(b"\n", 1)[1]
        by_body[normalise(body.decode("utf-8", "replace"))].append(path)
    groups = [files for files in by_body.values() if len(files) > 1]
    # Byte-identical files, and files differing only in whitespace, are the same article (one id).
    identical = [g for g in groups if len({article_of(f) for f in g}) == 1]
    retitled = [g for g in groups if len({article_of(f) for f in g}) > 1]
    return identical, retitled


@pytest.mark.parametrize("refreshing", ["every batch", "once an hour"])
async def test_bbc_duplicates_become_one_document_or_one_story(
    es_index: tuple[Elasticsearch, str], refreshing: str
) -> None:
    """Also when the batches are written faster than refreshes make them searchable: the indexer's
    refresher offers what it wrote since the last refresh to the near-duplicate search."""
    sync_es, index = es_index
    identical, retitled = bbc_duplicates()
    assert len(identical) >= 98
    assert len(retitled) >= 35
    others = random.Random(3).sample(bbc_files(), 60)
    files = sorted({f for group in identical + retitled for f in group} | set(others))
    random.Random(5).shuffle(files)  # twins land in the same batch or in different ones
    articles = [a for f in files for a in parse_file(f.relative_to(BBC).as_posix(), f.read_bytes()).articles]
    es = AsyncElasticsearch(ES_URL)
    refresher = Refresher(es, index, 3600, logging.getLogger("test")) if refreshing == "once an hour" else None
    try:
        await ensure_index(es, index)
        # Only the indexer's refreshes make documents searchable: none of Elasticsearch's own each second.
        await es.indices.put_settings(index=index, settings={"refresh_interval": "-1"})
        for start in range(0, len(articles), 50):
            await write_batch(es, index, enrich_batch(articles[start : start + 50]), refresher=refresher)
        if refresher:  # only the first batch was refreshed with its bulk
            assert {a.id for a in articles[50:]} <= {d["id"] for d in refresher.unrefreshed()}
            await refresher.close()
            assert refresher.unrefreshed() == []
    finally:
        await es.close()
    sync_es.indices.refresh(index=index)
    docs = {h["_id"]: h["_source"] for h in sync_es.search(index=index, size=1000)["hits"]["hits"]}
    by_file = {name: doc for doc in docs.values() for name in doc["source_files"]}

    for group in identical:  # the same article: one document listing every file
        names = {f.relative_to(BBC).as_posix() for f in group}
        assert names <= set(by_file[next(iter(names))]["source_files"])
    for group in retitled:  # a new headline on the same body: linked into one story
        stories = {by_file[f.relative_to(BBC).as_posix()]["story_id"] for f in group}
        assert len(stories) == 1, group
        linked = [by_file[f.relative_to(BBC).as_posix()] for f in group]
        assert sum(doc["duplicate_of"] is not None for doc in linked) == len(group) - 1
        assert all(doc["duplicate_similarity"] >= 0.8 for doc in linked if doc["duplicate_of"])
        assert all(doc["shared_story"] for doc in linked), group  # the story's first article too
    linked_ids = {f.relative_to(BBC).as_posix() for g in retitled for f in g}
    alone = [d for d in docs.values() if not set(d["source_files"]) & linked_ids]
    assert sum(d["story_id"] == d["id"] for d in alone) >= len(alone) - 2  # unrelated articles stand alone
    assert sum(not d["shared_story"] for d in alone) >= len(alone) - 2
