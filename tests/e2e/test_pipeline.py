"""The whole pipeline, end to end: real Redis, real Elasticsearch, the four real service processes."""

import json
import signal
from pathlib import Path
from typing import Any

import pytest
import redis
from elasticsearch import Elasticsearch

from shared.contracts import ENRICHMENT_VERSION
from shared.delivery import streams
from shared.delivery.deadletters import list_dead
from tests.support.paths import FIXTURES, SEEDS
from tests.support.servers import documents, pending, wait_for_documents, wait_until
from tests.support.services import Services, drop

STAGES = ("watcher", "parser", "enricher", "indexer")


def by_title(docs: dict[str, dict[str, Any]], start: str) -> dict[str, Any]:
    (doc,) = [d for d in docs.values() if d["title"].startswith(start)]
    return doc


def assert_seed_documents(docs: dict[str, dict[str, Any]]) -> None:
    assert len(docs) == 3
    a, b = (seed.name for seed in SEEDS)

    iran = by_title(docs, "Russia Says Iran\u2019s President Will Visit This Week")
    assert iran["source_files"] == [a, b]  # the article in both files: one document listing both
    assert iran["photo_credit"] == "Iranian Presidency/dpa"
    assert iran["credit_parts"] == ["Iranian Presidency", "dpa"]
    assert iran["agency"] == "dpa"
    assert iran["dateline_date"] == "2025-01-08"
    assert iran["dateline_place"] == "Iran, Tehran"
    assert iran["article_date"] == "2025-01-08"
    assert iran["caption"].startswith("08 January 2025, Iran, Tehran: Iranian President Masoud Pezeshkian attends")
    assert len(iran["paragraphs"]) == 11
    assert iran["paragraphs"][0].startswith("Russian President Vladimir Putin will host his Iranian counterpart")
    assert iran["paragraphs"][-1].endswith("for many of the woes Iran had suffered in Syria.")

    gaza = by_title(docs, "Israeli Minister Ben-Gvir Threatens to Quit Netanyahu Cabinet")
    assert gaza["source_files"] == [b]
    assert gaza["photo_credit"] == "Reuters"
    assert gaza["photo_date"] == "2024-10-21"
    assert gaza["dateline_date"] is None
    assert gaza["article_date_source"] == "indexed", "a photo's date is not the article's"
    assert len(gaza["paragraphs"]) == 10

    us = by_title(docs, "Biden, Trump Security Advisers Meet to Pass Ceremonial Baton")
    assert us["source_files"] == [a]
    assert us["photo_credit"] == "AFP"
    assert us["photo_date"] == "2025-01-14"
    assert len(us["paragraphs"]) == 14

    # The real enricher ran: entities, places on the map, and no junk from title-case headlines.
    assert {"Masoud Pezeshkian", "Vladimir Putin", "Donald Trump", "Ali Khamenei"} <= set(iran["people"])
    assert "Kremlin" in iran["organisations"]
    assert {("Moscow", "RU"), ("Tehran", "IR")} <= {(p["name"], p["country_code"]) for p in iran["locations"]}
    assert iran["location"] == {"lat": 35.69439, "lon": 51.42151}  # the dateline place, Tehran
    assert {"Itamar Ben-Gvir", "Benjamin Netanyahu", "Bezalel Smotrich"} <= set(gaza["people"])
    assert {"Gaza", "Qatar", "Egypt"} <= set(gaza["places"])
    assert {"Jake Sullivan", "Mike Waltz", "Joe Biden"} <= set(us["people"])
    assert "Hamas" in us["organisations"]
    junk = {"Will Visit", "Quit Netanyahu Cabinet", "Pass Ceremonial Baton", "X. Smotrich"}
    assert not junk & {name for doc in docs.values() for name in doc["people"] + doc["organisations"]}

    for doc in docs.values():
        assert doc["enrichment_version"] == ENRICHMENT_VERSION
        assert doc["story_id"] == doc["id"]  # three different stories
        assert -1 <= doc["sentiment"] <= 1
        assert doc["key_phrases"]
        # The layout repeats title and caption; the document holds each once, and not in the body.
        assert doc["title"] not in doc["body"]
        assert doc["caption"] not in doc["body"]
        assert "\nTT\n" not in doc["body"]
        assert doc["body"] == "\n\n".join(doc["paragraphs"])
        assert doc["language"] == "en"
        assert doc["word_count"] > 100
        assert doc["enrichment_version"]


def test_seed_files_become_three_documents(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start(*STAGES)
    drop(tmp_path / "inbox", *SEEDS)
    docs = wait_for_documents(es, index, redis_client, 3)
    assert_seed_documents(docs)
    # Searchable as a user would search.
    hits = es.search(index=index, query={"match": {"body": "ceasefire Hamas"}})["hits"]["hits"]
    assert {h["_source"]["title"] for h in hits} >= {
        "Israeli Minister Ben-Gvir Threatens to Quit Netanyahu Cabinet over Gaza Deal"
    }

    # A restarted watcher re-sends nothing, and the same content under a new name is not ingested again.
    files_sent = redis_client.xlen(streams.FILES)
    assert files_sent == 2
    services.stop("watcher")
    services.start("watcher")
    drop(tmp_path / "inbox", SEEDS[0], name="copy-of-first-seed.txt")
    wait_until(lambda: "already sent, skipped" in services.log("watcher"), what="the watcher to skip the copy")
    assert redis_client.xlen(streams.FILES) == files_sent
    assert documents(es, index) == docs


def test_files_published_before_any_consumer_started_are_processed(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start("watcher")
    drop(tmp_path / "inbox", *SEEDS)
    wait_until(lambda: redis_client.xlen(streams.FILES) == 2, what="the watcher to publish both files")
    services.start("parser", "enricher", "indexer")
    assert_seed_documents(wait_for_documents(es, index, redis_client, 3))


def test_indexer_killed_before_acknowledging_loses_and_duplicates_nothing(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start(*STAGES)
    # Elasticsearch refuses writes (as when a disk fills up): the indexer cannot index, so it must not ack.
    wait_until(lambda: es.indices.exists(index=index), what="the indexer to create the index")
    es.indices.put_settings(index=index, settings={"index.blocks.write": True})
    drop(tmp_path / "inbox", *SEEDS)

    def indexer_pending() -> int:
        groups = {g["name"].decode(): g for g in redis_client.xinfo_groups(streams.ENRICHED)}
        return int(groups[streams.INDEXER_GROUP]["pending"]) if streams.INDEXER_GROUP in groups else 0

    # The indexer waits the block out, holding what it read: pending, not acknowledged.
    wait_until(lambda: redis_client.exists(streams.ENRICHED) and indexer_pending() > 0, what="pending entries")
    wait_until(lambda: "takes no writes for now" in services.log("indexer"), what="the indexer to meet the block")
    assert services.stop("indexer", signal.SIGKILL) == -signal.SIGKILL
    assert documents(es, index) == {}

    es.indices.put_settings(index=index, settings={"index.blocks.write": False})
    services.start("indexer")  # a new consumer: it reclaims what the killed one left pending
    docs = wait_for_documents(es, index, redis_client, 3)
    assert_seed_documents(docs)
    assert indexer_pending() == 0


def test_replaying_every_message_overwrites_instead_of_duplicating(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start(*STAGES)
    drop(tmp_path / "inbox", *SEEDS)
    before = wait_for_documents(es, index, redis_client, 3)
    indexed_before = services.log("indexer").count(" indexed ")
    # Re-deliver the whole history of every stage, as after a crash that lost every acknowledgement.
    for stream, group in streams.GROUPS.items():
        if redis_client.exists(stream) and any(g["name"].decode() == group for g in redis_client.xinfo_groups(stream)):
            redis_client.xgroup_setid(stream, group, id="0")  # (no alerter runs here: no group of its own)
    assert pending(redis_client) > 0
    wait_until(lambda: pending(redis_client) == 0, what="the replay to drain")
    assert services.log("indexer").count(" indexed ") > indexed_before
    after = documents(es, index)
    assert after.keys() == before.keys()
    assert_seed_documents(after)
    assert all(after[i]["first_indexed_at"] == before[i]["first_indexed_at"] for i in after)
    assert all(after[i]["indexed_at"] > before[i]["indexed_at"] for i in after)


def test_unusable_files_end_in_dead_letters_with_their_reason_and_the_rest_flows(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start(*STAGES)
    inbox = tmp_path / "inbox"
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    records = [{"title": "Harbour reopens after storm", "body": "The harbour reopened on Friday."}, {"id": 3}]
    (inbox / "feed.ndjson").write_text("\n".join(json.dumps(r) for r in records))
    drop(inbox, *SEEDS)

    docs = wait_for_documents(es, index, redis_client, 4)
    assert "Harbour reopens after storm" in {d["title"] for d in docs.values()}
    assert {d["layout"] for d in docs.values()} == {"seed", "json"}
    wait_until(lambda: redis_client.xlen(streams.DEAD) == 3, what="3 dead letters")
    letters = {(letter.stage, letter.file_name, letter.reason) for _, letter in list_dead(redis_client)}
    assert letters == {
        ("watcher", "empty.txt", "empty.txt: empty file"),
        ("parser", "photo.png", "photo.png: unsupported file type .png"),
        ("parser", "feed.ndjson", "feed.ndjson: record 2 has no title and body (fields: id)"),
    }
    assert len(documents(es, index)) == 4


@pytest.mark.parametrize("reingest", [True, False], ids=["reingest-changed", "keep-first-version"])
def test_a_file_changed_after_it_was_sent(
    services: Services, tmp_path: Path, redis_client: redis.Redis, reingest: bool
) -> None:
    services.env["NEWSFLOW_REINGEST_CHANGED"] = str(reingest).lower()
    services.start("watcher")
    path = tmp_path / "inbox" / "story.txt"
    path.write_text("Storm warning\n\nA storm is expected on Tuesday.\n")
    wait_until(lambda: redis_client.xlen(streams.FILES) == 1, what="the first version")
    path.write_text("Storm warning\n\nA storm is expected on Tuesday. Schools will close.\n")
    if reingest:
        wait_until(lambda: redis_client.xlen(streams.FILES) == 2, what="the second version")
    else:
        wait_until(lambda: "not sent again" in services.log("watcher"), what="the watcher to skip the change")
        assert redis_client.xlen(streams.FILES) == 1


def test_article_date_is_publication_then_dateline_then_first_seen(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start(*STAGES)
    drop(tmp_path / "inbox", *SEEDS)
    record = {"title": "Dated story", "body": "Published on a known day.", "date": "2025-02-03T09:00:00Z"}
    (tmp_path / "inbox" / "dated.json").write_text(json.dumps(record))
    docs = wait_for_documents(es, index, redis_client, 4)
    dates = {d["title"][:20]: (d["article_date"][:10], d["article_date_source"]) for d in docs.values()}
    today = docs[next(iter(docs))]["first_indexed_at"][:10]
    assert dates == {
        "Dated story": ("2025-02-03", "published"),
        "Russia Says Iran\u2019s P": ("2025-01-08", "dateline"),
        "Israeli Minister Ben": (today, "indexed"),  # its caption's photo date is not the article's date
        "Biden, Trump Securit": (today, "indexed"),  # nor is this one's
    }


def test_agency_and_feed_files_flow_through_and_a_skipped_photo_is_no_dead_letter(
    services: Services, tmp_path: Path, redis_client: redis.Redis, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    services.start(*STAGES)
    message = FIXTURES / "iptc" / "newsml-g2-message-synthetic.xml"  # 2 text items, a photo, a package
    feed = FIXTURES / "feeds" / "medium-content-encoded.rss"  # 7 items
    drop(tmp_path / "inbox", message, feed)
    docs = wait_for_documents(es, index, redis_client, 9)
    assert len(docs) == 9
    layouts = {d["source_files"][0]: d["layout"] for d in docs.values()}
    assert set(layouts.items()) == {(message.name, "newsml-g2"), (feed.name, "rss")}
    floods = next(d for d in docs.values() if d["title"] == "Floods close schools in Riverton")
    assert (floods["agency"], floods["slugline"], floods["keywords"]) == (
        "Example Wire",
        "SPAIN-FLOODS",
        ["environment"],
    )
    assert list_dead(redis_client) == []
    assert "picture item urn:newsml:example.org:20240304:floods-photo has no text, skipped" in services.log("parser")
