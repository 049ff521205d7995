"""When the indexer's writes become searchable, on the real Elasticsearch: a batch after a quiet spell
at once, batches in a burst within the refresh interval (one refresh for many bulks)."""

import asyncio
import logging

from elasticsearch import AsyncElasticsearch, Elasticsearch

from shared.enrichment.enrich import enrich_batch
from shared.index.refresh import Refresher
from shared.index.versions import ensure_index
from shared.index.writer import write_batch
from shared.parsing import parse_file
from tests.support.paths import SEEDS
from tests.support.servers import ES_URL


def searchable(es: Elasticsearch, index: str) -> int:
    return int(es.count(index=index)["count"])  # no refresh here: what a user's search sees


async def test_a_quiet_batch_is_searchable_at_once_and_a_burst_within_the_interval(
    es_index: tuple[Elasticsearch, str],
) -> None:
    sync_es, index = es_index
    articles = {a.id: a for seed in SEEDS for a in parse_file(seed.name, seed.read_bytes()).articles}
    first, second, third = (enrich_batch([a]) for a in list(articles.values())[:3])  # the seeds' three articles
    client = AsyncElasticsearch(ES_URL)
    refresher = Refresher(client, index, 0.3, logging.getLogger("test"))
    try:
        await ensure_index(client, index)
        await write_batch(client, index, first, refresher=refresher)
        assert searchable(sync_es, index) == 1  # refreshed with its bulk
        assert refresher.unrefreshed() == []

        await write_batch(client, index, second, refresher=refresher)  # right after: no refresh of its own
        assert [d["id"] for d in refresher.unrefreshed()] == [second[0].article.id]
        for _ in range(100):  # the refresher's own refresh, with no other write coming
            if not refresher.unrefreshed():
                break
            await asyncio.sleep(0.1)
        assert refresher.unrefreshed() == []
        assert searchable(sync_es, index) == 2

        await asyncio.sleep(0.3)  # a quiet spell
        await write_batch(client, index, third, refresher=refresher)
        assert searchable(sync_es, index) == 3
    finally:
        await refresher.close()
        await client.close()
