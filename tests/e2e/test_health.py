"""Each service's /health and /metrics, on the real servers."""

import json
from pathlib import Path

import redis
from elasticsearch import Elasticsearch

from shared.delivery import streams
from tests.support.paths import SEEDS
from tests.support.servers import free_port, get, wait_for_documents, wait_until
from tests.support.services import Services, drop


def test_health_and_metrics_of_every_service(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    ports = {name: free_port() for name in ("watcher", "parser", "enricher", "indexer")}
    for name, port in ports.items():
        services.start(name, env={"NEWSFLOW_HTTP_PORT": str(port)})
    for name, port in ports.items():
        status, body = get(f"http://127.0.0.1:{port}/health")
        assert (status, json.loads(body)) == (200, {"status": "ok", "problems": []}), name

    drop(tmp_path / "inbox", *SEEDS)
    wait_for_documents(es, index, redis_client, 3)
    _, indexer_metrics = get(f"http://127.0.0.1:{ports['indexer']}/metrics")
    assert 'newsflow_documents_total{outcome="new"} 3.0' in indexer_metrics
    assert 'newsflow_documents_total{outcome="updated"} 1.0' in indexer_metrics  # the article in both files
    assert "newsflow_bulk_seconds_count" in indexer_metrics
    _, parser_metrics = get(f"http://127.0.0.1:{ports['parser']}/metrics")
    received = [line for line in parser_metrics.splitlines() if line.startswith("faststream_received_messages_total")]
    assert any('handler="newsflow:files"' in line and line.endswith(" 2.0") for line in received), received


def test_json_logs_carry_the_service_and_the_file(
    services: Services, tmp_path: Path, redis_client: redis.Redis
) -> None:
    services.env["NEWSFLOW_LOG_JSON"] = "true"
    services.start("watcher", "parser")
    drop(tmp_path / "inbox", SEEDS[0])
    wait_until(lambda: redis_client.xlen(streams.ARTICLES) == 2, what="the file to be parsed")
    lines = [json.loads(line) for line in services.log("parser").splitlines() if line.startswith("{")]
    assert lines
    assert all(line["service"] == "parser" for line in lines)
    (parsed,) = [line for line in lines if line["message"] == "parsed"]
    assert (parsed["file"], parsed["articles"]) == (SEEDS[0].name, 2)
