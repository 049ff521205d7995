"""Bad input, one test each: a clear error naming the file and the reason, and nothing else affected.

Real Redis, real service processes; Elasticsearch where the input gets that far.
"""

import hashlib
import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from elasticsearch import Elasticsearch
from faststream.redis import RedisBroker

from shared.contracts import FileMessage
from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from shared.parsing import parse_file
from tests.support.paths import FIXTURES, SEEDS
from tests.support.servers import REDIS_URL, wait_for_documents, wait_until
from tests.support.services import Services, drop


def dead_letters(r: redis.Redis, count: int) -> list[tuple[str, str | None, str]]:
    wait_until(lambda: r.xlen(streams.DEAD) >= count, what=f"{count} dead letter(s)")
    return [(letter.stage, letter.file_name, letter.reason) for _, letter in list_dead(r)]


def parsed_files(r: redis.Redis) -> int:
    return r.xlen(streams.FILES)


@pytest.mark.parametrize(
    ("name", "content", "stage", "reason"),
    [
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01",
            "parser",
            "photo.png: unsupported file type .png",
        ),
        ("disguised.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "parser", "disguised.txt: binary file"),
        ("empty.txt", b"", "watcher", "empty.txt: empty file"),
        ("blank.txt", b"  \n\t\n  \r\n", "parser", "blank.txt: no text, only whitespace"),
        ("garbage.txt", bytes(range(0x80, 0x100)) * 20, "parser", "garbage.txt: undecodable bytes"),
        ("stats.json", b'{"visits": 12, "status": "ok"}', "parser", "stats.json: record 1 has no title and body"),
        (
            "bomb.xml",
            (FIXTURES / "hostile" / "billion-laughs.xml").read_bytes().replace(b"ROOT", b"nitf"),
            "parser",
            "bomb.xml: XML declares entities",
        ),
        (
            "feed.rss",
            (FIXTURES / "hostile" / "external-entity.xml").read_bytes().replace(b"ROOT", b"rss"),
            "parser",
            "feed.rss: XML declares entities",
        ),
    ],
)
def test_unusable_file_is_dead_lettered_and_the_next_file_still_flows(
    services: Services, tmp_path: Path, redis_client: redis.Redis, name: str, content: bytes, stage: str, reason: str
) -> None:
    services.start("watcher", "parser")
    (tmp_path / "inbox" / name).write_bytes(content)
    ((stage_, file_, reason_),) = dead_letters(redis_client, 1)
    assert (stage_, file_) == (stage, name)
    assert reason_.startswith(reason)
    drop(tmp_path / "inbox", SEEDS[0])
    wait_until(lambda: redis_client.xlen(streams.ARTICLES) == 2, what="the next file's 2 articles")
    assert redis_client.xlen(streams.DEAD) == 1


def test_file_over_the_size_limit_is_refused_unread(
    services: Services, tmp_path: Path, redis_client: redis.Redis
) -> None:
    services.env["NEWSFLOW_MAX_FILE_BYTES"] = "1000"
    services.start("watcher")
    (tmp_path / "inbox" / "big.txt").write_bytes(b"Title\n\n" + b"word " * 1000)
    drop(tmp_path / "inbox", SEEDS[1])  # 6,328 bytes: also over this limit
    (tmp_path / "inbox" / "small.txt").write_bytes(b"Title\n\nA short body.\n")
    letters = dead_letters(redis_client, 2)
    assert sorted(letters) == [
        ("watcher", SEEDS[1].name, f"{SEEDS[1].name}: file too large: 6328 bytes, limit 1000"),
        ("watcher", "big.txt", "big.txt: file too large: 5007 bytes, limit 1000"),
    ]
    wait_until(lambda: parsed_files(redis_client) == 1, what="the small file")


def test_file_still_being_written_is_read_once_complete(
    services: Services, tmp_path: Path, redis_client: redis.Redis
) -> None:
    services.env["NEWSFLOW_SETTLE_SECONDS"] = "1.5"
    services.start("watcher")
    path = tmp_path / "inbox" / "growing.txt"
    text = SEEDS[0].read_bytes()
    with path.open("wb") as out:  # written in pieces, each well within the settle time
        for start in range(0, len(text), 300):
            out.write(text[start : start + 300])
            out.flush()
            time.sleep(0.3)
    wait_until(lambda: parsed_files(redis_client) == 1, what="the complete file")
    time.sleep(2)
    assert parsed_files(redis_client) == 1
    services.start("parser")  # the one message holds the whole file: both of its articles
    wait_until(lambda: redis_client.xlen(streams.ARTICLES) == 2, what="both articles of the complete file")


def test_file_removed_before_it_is_read_is_reported_and_nothing_else_changes(
    services: Services, tmp_path: Path, redis_client: redis.Redis
) -> None:
    services.env["NEWSFLOW_SETTLE_SECONDS"] = "2"
    services.start("watcher")
    path = tmp_path / "inbox" / "fleeting.txt"
    with path.open("w") as out:  # still open: no close-write event, so the file waits to settle
        out.write("Title\n\nBody that will be gone.\n")
        out.flush()
        time.sleep(0.8)
        path.unlink()
    wait_until(lambda: "fleeting.txt" in services.log("watcher"), what="the watcher to report the file")
    assert "removed before it was read" in services.log("watcher")
    drop(tmp_path / "inbox", SEEDS[0])
    wait_until(lambda: parsed_files(redis_client) == 1, what="the next file")
    assert redis_client.xlen(streams.DEAD) == 0


WRITE_ONLY_KERNEL_FILE = Path("/sys/bus/pci/rescan")  # not readable, even by root


def test_unreadable_file_is_reported_with_the_reason(
    services: Services, tmp_path: Path, redis_client: redis.Redis
) -> None:
    inbox = tmp_path / "inbox"
    secret = inbox / "secret.txt"
    if os.geteuid() != 0:
        secret.write_text("Title\n\nNobody may read this.\n")
        secret.chmod(0o000)
    elif WRITE_ONLY_KERNEL_FILE.exists():  # root reads every ordinary file; this one it cannot
        secret.symlink_to(WRITE_ONLY_KERNEL_FILE)
    else:
        pytest.skip(f"running as root and {WRITE_ONLY_KERNEL_FILE} is absent: no file here is unreadable")
    services.start("watcher")
    ((stage, file_name, reason),) = dead_letters(redis_client, 1)
    assert (stage, file_name, reason) == ("watcher", "secret.txt", "secret.txt: unreadable: Permission denied")
    drop(inbox, SEEDS[0])
    wait_until(lambda: parsed_files(redis_client) == 1, what="the next file")


def test_folders_and_a_symlink_loop_in_the_inbox(services: Services, tmp_path: Path, redis_client: redis.Redis) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2025" / "january").mkdir(parents=True)
    (inbox / "2025" / "loop").symlink_to(inbox, target_is_directory=True)
    (inbox / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    services.start("watcher", "parser")
    shutil.copy(SEEDS[0], inbox / "2025" / "january" / "a.txt")
    wait_until(lambda: redis_client.xlen(streams.ARTICLES) == 2, what="the file in a subfolder")
    time.sleep(1.5)  # several rescans over the loop
    assert parsed_files(redis_client) == 1
    assert services.procs["watcher"].poll() is None
    assert "2025/january/a.txt" in services.log("parser")


def test_a_10000_line_article_and_a_file_of_2000_articles(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start("watcher", "parser", "enricher", "indexer")
    long_article = "A very long report\n\n" + "\n".join(f"Line {n} of the report goes on." for n in range(10_000))
    (tmp_path / "inbox" / "long.txt").write_text(long_article)
    records = [{"title": f"Brief {n}", "body": f"Short news item number {n}."} for n in range(2000)]
    (tmp_path / "inbox" / "briefs.ndjson").write_text("\n".join(json.dumps(r) for r in records))
    docs = wait_for_documents(es, index, redis_client, 2001, timeout=600)
    assert len(docs) == 2001
    (long_doc,) = [d for d in docs.values() if d["title"] == "A very long report"]
    assert long_doc["word_count"] >= 70_000
    assert redis_client.xlen(streams.DEAD) == 0


async def test_message_that_does_not_match_the_schema_is_dead_lettered(
    services: Services, tmp_path: Path, redis_client: redis.Redis
) -> None:
    services.start("parser", "enricher")
    async with RedisBroker(REDIS_URL) as broker:
        await broker.publish({"hello": "world"}, stream=streams.FILES)
        await broker.publish("not json at all", stream=streams.ARTICLES)
    letters = sorted(dead_letters(redis_client, 2))
    assert [(stage, file_name) for stage, file_name, _ in letters] == [("enricher", None), ("parser", None)]
    assert all("validation error" in reason for _, _, reason in letters)
    services.start("watcher")
    drop(tmp_path / "inbox", SEEDS[0])
    wait_until(lambda: redis_client.xlen(streams.ENRICHED) == 2, what="the next file to flow")


async def test_article_that_would_break_the_mapping_is_dead_lettered_with_the_reason(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start("indexer")
    (article,) = parse_file("huge-count.txt", b"Counting\n\nA story with an impossible word count.\n").articles
    message = {
        "article": article.model_dump(mode="json"),
        "enrichment": {"word_count": 10**12, "reading_time_minutes": 1.0, "language": "en"},
    }
    async with RedisBroker(REDIS_URL) as broker:
        await broker.publish(message, stream=streams.ENRICHED)
    ((stage, file_name, reason),) = dead_letters(redis_client, 1)
    assert (stage, file_name) == ("indexer", "huge-count.txt")
    assert "Elasticsearch rejected the document: 400 document_parsing_exception" in reason
    assert "word_count" in reason
    services.start("watcher", "parser", "enricher")
    drop(tmp_path / "inbox", SEEDS[0])
    assert len(wait_for_documents(es, index, redis_client, 2)) == 2


async def test_a_bad_file_among_good_ones_in_one_batch_is_dead_lettered_alone(
    services: Services, redis_client: redis.Redis
) -> None:
    # Published before the parser starts, so that it reads the three files as one batch.
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01"
    files = [(SEEDS[0].name, SEEDS[0].read_bytes()), ("photo.png", png), (SEEDS[1].name, SEEDS[1].read_bytes())]
    async with RedisBroker(REDIS_URL) as broker:
        for name, content in files:
            message = FileMessage(
                file_name=name, content=content, sha256=hashlib.sha256(content).hexdigest(), size=len(content),
                modified_at=datetime.now(UTC),
            )  # fmt: skip
            await broker.publish(message, stream=streams.FILES)
    services.start("parser")
    ((stage, file_name, reason),) = dead_letters(redis_client, 1)
    assert (stage, file_name) == ("parser", "photo.png")
    assert reason.startswith("photo.png: unsupported file type .png")
    expected = sum(len(parse_file(name, content).articles) for name, content in files if name != "photo.png")
    wait_until(lambda: redis_client.xlen(streams.ARTICLES) == expected, what=f"the good files' {expected} articles")
    wait_until(lambda: redis_client.xpending(streams.FILES, streams.GROUPS[streams.FILES])["pending"] == 0, what="acks")
    assert redis_client.xlen(streams.DEAD) == 1
