"""The `newsflow` commands that need no server: parse and enrich files locally."""

import json
from pathlib import Path

from shared.contracts import ENRICHMENT_VERSION
from shared.parsing import parse_file
from tests.support.cli import newsflow
from tests.support.paths import SEEDS


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


def test_enrich_prints_each_article_as_it_would_be_indexed() -> None:
    result = newsflow("enrich", *map(str, SEEDS))
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(docs) == 4
    iran = docs[0]
    assert iran["id"] == parse_file(SEEDS[0].name, SEEDS[0].read_bytes()).articles[0].id
    assert {"Masoud Pezeshkian", "Vladimir Putin"} <= set(iran["people"])
    assert iran["dateline_location"]["country_code"] == "IR"
    assert iran["article_date"] == "2025-01-08"
    assert iran["source_files"] == [SEEDS[0].name]
    assert iran["enrichment_version"] == ENRICHMENT_VERSION
    assert len(iran["minhash_bands"]) == 16
