"""`newsflow reindex` on the real Elasticsearch: the index rebuilt as its next version behind the
alias, with the indexer writing and users searching meanwhile."""

import asyncio
import logging
import threading
from typing import Any

import pytest
from elasticsearch import AsyncElasticsearch, Elasticsearch

from shared.contracts import EnrichedArticle
from shared.enrichment.enrich import enrich_batch
from shared.index import reindex as reindex_module
from shared.index.reindex import copy_to_next_version
from shared.index.versions import ensure_index
from shared.index.writer import with_backoff, write_batch
from shared.parsing import parse_file
from tests.support.cli import newsflow
from tests.support.servers import ES_URL, wait_until

# Synthetic articles, written for this test.
TEXT = "Synthetic: district {n} report\n\nThe elections in district {n} were held on Sunday.\n"


def articles(numbers: range, file_name: str = "districts.txt") -> list[EnrichedArticle]:
    parsed = [a for n in numbers for a in parse_file(file_name, TEXT.format(n=n).encode()).articles]
    return enrich_batch(parsed, with_nlp=False)


async def write(index: str, items: list[EnrichedArticle]) -> None:
    """As the indexer writes: template and version 1 first, then batches, retried as it retries."""
    client = AsyncElasticsearch(ES_URL, request_timeout=60)
    try:
        await ensure_index(client, index)
        for start in range(0, len(items), 100):
            async for attempt in with_backoff(3, 0.5, logging.getLogger("test")):
                with attempt:
                    await write_batch(client, index, items[start : start + 100])
    finally:
        await client.close()


def behind(es: Elasticsearch, index: str) -> list[str]:
    return sorted(es.indices.get_alias(name=index).body)


def test_an_index_of_an_earlier_version_moves_behind_the_alias_with_its_documents_searchable_in_every_form(
    es_index: tuple[Elasticsearch, str], env: dict[str, str]
) -> None:
    es, index = es_index
    # As Newsflow made it before versions: a concrete index under the name itself, no stemmed copies.
    es.indices.create(index=index, mappings={"properties": {"title": {"type": "text"}, "body": {"type": "text"}}})
    es.index(index=index, id="old", document={"title": "Synthetic: old", "body": "The elections were close."})
    result = newsflow("reindex", env=env)
    assert result.returncode == 0, result.stderr
    assert f"1 document(s) copied from {index} to {index}-v1 (python analysis)" in result.stdout
    assert behind(es, index) == [f"{index}-v1"], "the name is now an alias of version 1"
    assert es.get(index=index, id="old")["_source"]["body_stems"] == "the elect were close"
    meta = es.indices.get_mapping(index=index)[f"{index}-v1"]["mappings"]["_meta"]
    assert meta == {"newsflow": {"analysis": "python"}}


def test_writes_during_the_copy_reach_the_new_version_and_searches_never_stop(
    es_index: tuple[Elasticsearch, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    es, index = es_index
    asyncio.run(write(index, articles(range(600))))
    monkeypatch.setattr(reindex_module, "PAGE", 50)  # twelve pages: time for writes in between
    counts: list[int] = []
    errors: list[str] = []
    stop = threading.Event()

    def search() -> None:  # a user searching all along
        while not stop.is_set():
            try:
                counts.append(int(es.count(index=index, query={"match": {"body_stems": "elect"}})["count"]))
            except Exception as exc:
                errors.append(repr(exc))

    async def reindex_while_writing() -> Any:
        copying = asyncio.Event()

        def progress(done: int, total: int) -> None:
            copying.set()

        async def indexer() -> None:
            await copying.wait()
            # Ten new articles, and article 0 found again in another file.
            await write(index, articles(range(600, 610)) + articles(range(1), "again.txt"))

        client = AsyncElasticsearch(ES_URL, request_timeout=60)
        try:
            result, _ = await asyncio.gather(copy_to_next_version(client, index, progress=progress), indexer())
        finally:
            await client.close()
        return result

    searcher = threading.Thread(target=search)
    searcher.start()
    try:
        result = asyncio.run(reindex_while_writing())
    finally:
        stop.set()
        searcher.join()
    assert (result.source, result.target) == (f"{index}-v1", f"{index}-v2")
    assert behind(es, index) == [f"{index}-v2"]
    es.indices.refresh(index=index)
    assert es.count(index=index)["count"] == 610, "every article once, the ten written meanwhile included"
    (again,) = articles(range(1), "again.txt")
    assert es.get(index=index, id=again.article.id)["_source"]["source_files"] == ["again.txt", "districts.txt"]
    assert not errors, errors[:3]
    assert len(counts) > 5, "searches ran during the reindex"
    assert all(600 <= c <= 610 for c in counts), f"never fewer, never counted twice: {sorted(set(counts))}"
    settings = es.indices.get_settings(index=f"{index}-v1")[f"{index}-v1"]["settings"]["index"]
    assert settings["blocks"]["write"] == "true", "the old version is kept, read-only"


def test_a_write_refused_by_the_write_block_waits_and_lands_once_the_block_goes(
    es_index: tuple[Elasticsearch, str],
) -> None:
    es, index = es_index
    asyncio.run(write(index, articles(range(1))))
    es.indices.add_block(index=index, block="write")
    (late,) = articles(range(1, 2))
    done = threading.Event()

    def indexer() -> None:
        asyncio.run(write(index, [late]))  # bulk_retries 3: a block is not counted against them
        done.set()

    thread = threading.Thread(target=indexer)
    thread.start()
    try:
        assert not done.wait(4), "the write waits while the index is blocked"
        assert not es.exists(index=index, id=late.article.id)
    finally:
        es.indices.put_settings(index=f"{index}-v1", settings={"index.blocks.write": None})
        thread.join(60)
    assert done.is_set()
    wait_until(lambda: es.exists(index=index, id=late.article.id), what="the late article")


def test_a_document_the_new_version_refuses_leaves_the_alias_and_the_index_as_they_were(
    es_index: tuple[Elasticsearch, str], env: dict[str, str]
) -> None:
    es, index = es_index
    # An index of an earlier version, with dynamic mapping: "sentiment" is text there, a float now.
    es.index(index=index, id="odd", document={"title": "Synthetic: odd", "body": "Text.", "sentiment": "very"})
    es.index(index=index, id="fine", document={"title": "Synthetic: fine", "body": "Text."}, refresh=True)
    result = newsflow("reindex", env=env)
    assert result.returncode == 1
    assert f"reindex failed, {index} is unchanged" in result.stderr
    assert f"{index}-v1 refused 1 document(s), e.g. odd" in result.stderr
    assert list(es.indices.get(index=index)) == [index], "still the concrete index, no alias"
    assert not es.indices.exists(index=f"{index}-v1"), "the half-made version is gone"
    es.index(index=index, id="later", document={"title": "Synthetic: later"}, refresh=True)  # not blocked
    assert es.count(index=index)["count"] == 3


def test_elasticsearch_analysis_asked_of_the_plain_distribution_is_a_clear_error(
    es_index: tuple[Elasticsearch, str], env: dict[str, str]
) -> None:
    es, index = es_index
    asyncio.run(write(index, articles(range(2))))
    result = newsflow("reindex", env={**env, "NEWSFLOW_ANALYSIS": "elasticsearch"})
    assert result.returncode == 1
    assert "NEWSFLOW_ANALYSIS=elasticsearch, but this Elasticsearch has no analysis-common module" in result.stderr
    assert behind(es, index) == [f"{index}-v1"]


def test_reindex_with_no_index_yet_creates_the_first_version(
    es_index: tuple[Elasticsearch, str], env: dict[str, str]
) -> None:
    es, index = es_index
    result = newsflow("reindex", env=env)
    assert result.returncode == 0, result.stderr
    assert f"created {index}-v1 (python analysis), empty" in result.stdout
    assert behind(es, index) == [f"{index}-v1"]
