"""`newsflow ingest` obeys the watcher's rules: it sends through the same FileSender."""

import os
from pathlib import Path

import redis

from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from tests.support.cli import newsflow
from tests.support.servers import REDIS_URL


def test_ingest_refuses_an_empty_or_oversized_file_with_a_dead_letter_and_sends_nothing(
    tmp_path: Path, redis_client: redis.Redis
) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "big.txt").write_text("Title\n\n" + "word " * 100)
    env = {**os.environ, "NEWSFLOW_REDIS_URL": REDIS_URL, "NEWSFLOW_MAX_FILE_BYTES": "100"}
    result = newsflow("ingest", str(tmp_path), "--timeout", "10", env=env)
    assert result.returncode == 1
    assert "failed: empty.txt: empty file" in result.stderr
    assert "failed: big.txt: file too large: 507 bytes, limit 100" in result.stderr
    assert "0 file(s) sent" in result.stderr
    assert redis_client.xlen(streams.FILES) == 0
    letters = {letter.file_name: letter for _, letter in list_dead(redis_client)}
    assert set(letters) == {"empty.txt", "big.txt"}
    assert {letter.error_type for letter in letters.values()} == {"RefusedFileError"}
