"""The `newsflow` commands that drive the running pipeline: dead letters, status, ingest, reenrich."""

import json
from pathlib import Path

import redis
from elasticsearch import Elasticsearch

from shared.contracts import ENRICHMENT_VERSION
from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from tests.support.cli import newsflow
from tests.support.paths import FIXTURES, SEEDS
from tests.support.servers import wait_for_documents, wait_until
from tests.support.services import Services, drop


def test_dead_letter_commands_and_status(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    services.start("watcher", "parser")
    (tmp_path / "inbox" / "empty.txt").write_bytes(b"")
    (tmp_path / "inbox" / "notes.json").write_text('{"id": 1}')
    wait_until(lambda: redis_client.xlen(streams.DEAD) == 2, what="2 dead letters")
    env = services.env

    listed = newsflow("dead", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "empty.txt: empty file" in listed.stdout
    assert "notes.json: record 1 has no title and body" in listed.stdout
    ids = [entry_id for entry_id, _ in list_dead(redis_client)]

    shown = newsflow("dead", "show", ids[1], env=env)
    letter = json.loads(shown.stdout)
    assert (letter["stage"], letter["file_name"], letter["stream"]) == ("parser", "notes.json", streams.FILES)
    assert newsflow("dead", "show", "1-1", env=env).returncode == 1

    status = newsflow("status", env=env)
    assert status.returncode == 0, status.stderr
    assert "newsflow:files" in status.stdout
    assert "parser" in status.stdout
    assert f"index {es_index[1]}: none yet" in status.stdout, "no indexer ran"

    # Replaying the parser's letter sends it through the parser again (and it fails again, for the same reason);
    # the watcher's letter is skipped: it holds no content.
    replayed = newsflow("dead", "replay", "--stage", "parser", env=env)
    assert replayed.returncode == 0, replayed.stderr
    assert "replayed 1 dead letter(s)" in replayed.stderr
    wait_until(lambda: redis_client.xlen(streams.DEAD) == 2, what="the replayed letter to fail again")
    assert [letter.file_name for _, letter in list_dead(redis_client)] == ["empty.txt", "notes.json"]

    purged = newsflow("dead", "purge", "--yes", env=env)
    assert "deleted 2 dead letter(s)" in purged.stderr
    assert redis_client.xlen(streams.DEAD) == 0


def test_ingest_backfills_through_the_pipeline_and_waits_for_the_end(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start("parser", "enricher", "indexer")
    folder = tmp_path / "backfill"
    folder.mkdir()
    for seed in SEEDS:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "wire.txt").write_bytes((FIXTURES / "wire" / "reuter-caps.txt").read_bytes())
    (folder / "broken.json").write_text('{"id": 1}')

    result = newsflow("ingest", str(folder), env=services.env)
    assert result.returncode == 1, result.stderr  # one file could not be used
    assert "4 file(s) sent, 4 article(s) indexed, 1 failure(s)" in result.stderr
    assert "failed: broken.json: record 1 has no title and body" in result.stderr
    es.indices.refresh(index=index)
    assert es.count(index=index)["count"] == 4

    again = newsflow("ingest", str(folder / "wire.txt"), env=services.env)
    assert again.returncode == 0, again.stderr
    assert "skipped wire.txt: sent before" in again.stderr


def test_reenrich_sends_documents_of_an_older_enricher_through_it_again(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start("watcher", "parser", "enricher", "indexer")
    drop(tmp_path / "inbox", *SEEDS)
    docs = wait_for_documents(es, index, redis_client, 3)
    old_id = next(i for i, d in docs.items() if d["title"].startswith("Russia Says Iran"))
    es.update(index=index, id=old_id, doc={"enrichment_version": "1", "people": []}, refresh=True)

    result = newsflow("reenrich", env=services.env)
    assert result.returncode == 0, result.stderr
    assert "sent 1 article(s) older than enrichment version" in result.stderr

    def reenriched() -> bool:
        es.indices.refresh(index=index)
        return bool(es.get(index=index, id=old_id)["_source"]["enrichment_version"] == ENRICHMENT_VERSION)

    wait_until(reenriched, what="the document to be enriched again")
    doc = es.get(index=index, id=old_id)["_source"]
    assert "Vladimir Putin" in doc["people"]
    assert doc["source_files"] == [seed.name for seed in SEEDS]  # both files still listed
    assert es.count(index=index)["count"] == 3
