"""NEWSFLOW_NLP=false: the pipeline indexes every article without the NLP fields (used by
`make bench-e2e` to measure the pipeline's own cost)."""

from pathlib import Path

import redis
from elasticsearch import Elasticsearch

from tests.support.paths import SEEDS
from tests.support.servers import wait_for_documents
from tests.support.services import Services, drop


def test_without_nlp_articles_are_indexed_with_no_nlp_fields(
    services: Services, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start("watcher", "parser", "indexer")
    services.start("enricher", env={"NEWSFLOW_NLP": "false"})
    assert "none (NEWSFLOW_NLP=false)" in services.log("enricher")
    for seed in SEEDS:
        drop(Path(services.env["NEWSFLOW_INBOX"]), seed)
    docs = wait_for_documents(es, index, redis_client, 3)
    assert len(docs) == 3
    for doc in docs.values():
        assert doc["word_count"] > 100
        assert doc["reading_time_minutes"] >= 1
        for field in ("language", "people", "organisations", "places", "key_phrases", "sentiment", "minhash_bands"):
            assert not doc.get(field), f"{field} is set without NLP: {doc.get(field)!r}"
        assert doc["story_id"] == doc["id"]
        assert doc["warnings"] == []
