"""Exporting a result set as CSV or NDJSON from the explorer's API: every match once, in the
search's order, streamed page by page through a point in time."""

import csv
import io
import json
from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from shared.index import export
from tests.support.cli import newsflow
from tests.support.explorer import index_documents


def test_csv_export_of_a_search(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    searched = client.get("/api/search", params={"q": "ceasefire", "sort": "newest", "size": 100}).json()
    response = client.get("/api/export", params={"q": "ceasefire", "sort": "newest", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="newsflow-export.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["id"] for row in rows] == [hit["id"] for hit in searched["hits"]]  # the same, in order
    assert int(response.headers["x-total-count"]) == len(rows) == searched["total"] >= 2
    for row in rows:
        doc = docs[row["id"]]
        assert row["title"] == doc["title"]
        assert row["people"] == "; ".join(doc.get("people", []))


def test_ndjson_export_with_typed_filters(client: TestClient, docs: dict[str, dict[str, Any]]) -> None:
    response = client.get("/api/export", params={"q": 'person:"Jake Sullivan"', "format": "ndjson"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["title"] for line in lines] == ["Biden, Trump Security Advisers Meet to Pass Ceremonial Baton"]
    assert "Jake Sullivan" in lines[0]["people"]


def test_a_large_export_is_read_page_by_page_and_has_every_article_once(
    client: TestClient, es_index: tuple[Elasticsearch, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    many = {
        f"synthetic-{i:05d}": {
            "title": f"Synthetic article {i}",
            "body": f"Synthetic body number {i}.",
            "sentiment": 0.0,
        }
        for i in range(3000)
    }
    index_documents(*es_index, many)
    monkeypatch.setattr(export, "PAGE", 250)  # twelve pages
    response = client.get("/api/export", params={"format": "ndjson", "sort": "relevance"})
    ids = [json.loads(line)["id"] for line in response.text.splitlines()]
    assert len(ids) == len(set(ids)) == 3000
    assert set(ids) == set(many)


def test_export_refuses_bad_parameters_clearly(client: TestClient) -> None:
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422
    answer = client.get("/api/export", params={"since": "2025-02-01", "until": "2025-01-01"})
    assert answer.status_code == 400
    assert "is after until" in answer.json()["detail"]


def test_the_command_line_exports_every_match(docs: dict[str, dict[str, Any]], env: dict[str, str]) -> None:
    as_csv = newsflow("search", "--format", "csv", "--sort", "newest", env=env)
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {row["id"] for row in rows} == set(docs)  # every article, not a page of them
    dates = [row["article_date"] for row in rows if row["article_date"]]
    assert dates == sorted(dates, reverse=True)
    as_json = newsflow("search", "ceasefire", "--format", "json", env=env)
    lines = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert len(lines) >= 2
    assert all("ceasefire" in (docs[line["id"]]["body"] + docs[line["id"]]["title"]).lower() for line in lines)
