"""`newsflow parse`, run as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SEEDS


def newsflow(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "newsflow"), *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


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
