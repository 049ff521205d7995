"""The `newsflow` command, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

import redis
from elasticsearch import Elasticsearch

from shared import streams
from shared.deadletters import list_dead
from tests.conftest import ROOT, SEEDS, Services, wait_until


def newsflow(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "newsflow"), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False, env=env)


def test_parse_prints_every_article_as_json_lines() -> None:
    result = newsflow("parse", *map(str, SEEDS))
    assert result.returncode == 0, result.stderr
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["source"]["file_name"] for a in articles] == [SEEDS[0].name] * 2 + [SEEDS[1].name] * 2
    assert len({a["id"] for a in articles}) == 3
    assert {"title", "caption", "photo_credit", "dateline_date", "paragraphs", "body", "layout", "encoding"} <= set(
        articles[0]
    )


def test_parse_reports_unusable_files_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "ok.txt").write_text("Title\n\nBody paragraph.\n")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNot read.\n")
    result = newsflow("parse", str(tmp_path))
    assert result.returncode == 1
    assert [json.loads(line)["title"] for line in result.stdout.splitlines()] == ["Title"]
    assert "error: empty.txt: empty file (0 bytes)" in result.stderr
    assert "error: pic.png: unsupported file type .png" in result.stderr
    assert "hidden" not in result.stderr + result.stdout


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
    assert f"index {es_index[1]}" in status.stdout

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
    (folder / "wire.txt").write_bytes((ROOT / "tests" / "fixtures" / "wire.txt").read_bytes())
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
