"""Word forms, accents and aliases on the plain Elasticsearch the tests run (it has no stemmer, no
accent folding and no synonyms): the indexer's stemmed copies and the query builder find them."""

from typing import Any

import pytest
from elasticsearch import Elasticsearch
from fastapi.testclient import TestClient

from shared.enrichment.enrich import enrich_batch
from shared.index.analysis import STEM_FIELDS
from shared.index.documents import document
from shared.index.queries import search_body
from shared.index.template import index_template
from shared.parsing import parse_file
from tests.support.cli import newsflow
from tests.support.explorer import index_documents

# Synthetic articles, written for this test.
ARTICLES = {
    "elections": "Synthetic: polls open\n\nVoters go to the polls today in the general elections.\n",
    "election": "Synthetic: a campaign\n\nThe election campaign began on Monday in the north.\n",
    "elected": "Synthetic: a new leader\n\nShe was elected leader of the party on Friday.\n",
    "cafe": "Synthetic: the high street\n\nA new café opened on the high street this week.\n",
    "united-states": "Synthetic: growth\n\nThe United States economy grew by three percent.\n",
    "us-dots": "Synthetic: rates\n\nThe U.S. central bank raised its rates again.\n",
    "pronoun": "Synthetic: a letter\n\nThey wrote to us about the football results.\n",
}


@pytest.fixture
def client(client: TestClient, es_index: tuple[Elasticsearch, str]) -> TestClient:
    """The explorer of tests/servers/conftest.py, over the synthetic articles above (not the seeds)."""
    docs: dict[str, dict[str, Any]] = {}
    for name, text in ARTICLES.items():
        (article,) = parse_file(f"{name}.txt", text.encode()).articles
        (enriched,) = enrich_batch([article], with_nlp=False)
        docs[name] = document(enriched)
    index_documents(*es_index, docs)
    return client


def found(client: TestClient, q: str) -> list[str]:
    answer = client.get("/api/search", params={"q": q, "size": 100})
    assert answer.status_code == 200, answer.text
    return [hit["id"] for hit in answer.json()["hits"]]


def test_word_forms_find_the_same_articles_and_the_form_typed_ranks_first(client: TestClient) -> None:
    expected = {"elections", "election", "elected"}
    for q in ("elections", "election", "elected"):
        hits = found(client, q)
        assert set(hits) == expected, q
        assert hits[0] == q, f"the article with the very word {q!r} first: {hits}"


def test_an_unaccented_word_finds_the_accented_one(client: TestClient) -> None:
    assert found(client, "cafe") == ["cafe"]
    assert found(client, "café") == ["cafe"]


def test_an_alias_finds_every_name_of_the_country_but_the_pronoun_is_not_the_country(client: TestClient) -> None:
    for q in ("US", "U.S.", "United States", "America", "USA"):
        assert set(found(client, q)) == {"united-states", "us-dots"}, q
    assert found(client, "us") == ["pronoun"]


def test_query_syntax_still_works_with_the_stemmed_copies(client: TestClient) -> None:
    assert found(client, '"general elections"') == ["elections"]
    assert set(found(client, "elect*")) == {"elections", "election", "elected"}
    assert set(found(client, "election -campaign")) == {"elections", "elected"}
    assert found(client, "elections -polls") == ["election", "elected"] or set(found(client, "elections -polls")) == {
        "election",
        "elected",
    }


def test_the_query_sent_searches_the_words_as_typed_and_their_stems() -> None:
    query = search_body("Elections in the US", {}, {}, None, None, "relevance")["query"]["bool"]
    stemmed, older = query["must"][0]["bool"]["should"]
    assert stemmed["simple_query_string"]["query"].split() == ["elect", "in", "the", "synunitedstates"]
    assert stemmed["simple_query_string"]["fields"] == ["title_stems^3", "caption_stems", "body_stems"]
    assert older["bool"]["must_not"] == [{"exists": {"field": "body_stems"}}]  # documents without the copies
    (typed,) = query["should"]  # scoring only: the words as typed
    assert typed["simple_query_string"]["query"] == "Elections in the US"
    assert typed["simple_query_string"]["fields"] == ["title^3", "caption", "body"]


def test_documents_of_an_earlier_version_are_found_as_typed_then_in_every_form_after_reindex(
    client: TestClient, es_index: tuple[Elasticsearch, str], env: dict[str, str]
) -> None:
    es, index = es_index
    older = {
        "older": {
            "title": "Synthetic: an older document",
            "body": "Turnout in the elections was high.",
            "sentiment": 0.0,
        }
    }  # indexed before the stemmed copies existed: none of the *_stems fields
    index_documents(es, index, older)
    assert "older" in found(client, "elections"), "found by the words as typed"
    assert "older" not in found(client, "elected")
    result = newsflow("reindex", env=env)
    assert result.returncode == 0, result.stderr
    assert f"{len(ARTICLES) + 1} document(s) copied from {index}-v1 to {index}-v2 (python analysis)" in result.stdout
    assert "older" in found(client, "elected"), "in every form once reindexed"
    assert es.get(index=index, id="older")["_source"]["body_stems"] == "turnout in the elect was high"


def test_kibana_s_free_text_reaches_the_english_sub_fields_of_the_full_distribution_s_mapping(
    es_index: tuple[Elasticsearch, str],
) -> None:
    es, index = es_index
    # The "elasticsearch" mapping, with the standard analyzer standing in for ours (this server lacks
    # the analysis module): which fields a KQL free-text query searches does not depend on it.
    mapping = index_template(index, "elasticsearch")["template"]["mappings"]
    for field in STEM_FIELDS:
        mapping["properties"][field]["fields"]["english"]["analyzer"] = "standard"
    es.indices.create(index=f"{index}-v1", mappings=mapping)
    es.index(index=f"{index}-v1", document={"title": "T", "caption": "C", "body": "B"}, refresh=True)
    # What KQL sends for free text such as `elections` (no field): multi_match over the default fields.
    kql = {"multi_match": {"query": "elections", "type": "best_fields", "lenient": True}}
    explanation = es.indices.validate_query(index=f"{index}-v1", query=kql, explain=True)["explanations"][0]
    for field in ("title.english", "caption.english", "body.english"):
        assert f"{field}:elections" in explanation["explanation"], explanation


def test_a_title_match_outranks_a_newer_passing_mention(
    client: TestClient, es_index: tuple[Elasticsearch, str]
) -> None:
    es, index = es_index
    texts = {  # synthetic
        "about": "Synthetic: ceasefire talks resume\n\nNegotiators met again on Tuesday in the capital.\n",
        "passing": "Synthetic: league results\n\n"
        + "The home side won again on Saturday. " * 30
        + "Fans observed a ceasefire of chants for one minute.\n",
    }
    docs: dict[str, dict[str, Any]] = {}
    for name, text in texts.items():
        (article,) = parse_file(f"{name}.txt", text.encode()).articles
        (enriched,) = enrich_batch([article], with_nlp=False)
        docs[name] = document(enriched)
    docs["about"]["article_date"] = "2004-03-01"
    docs["passing"]["article_date"] = "2025-01-15"  # much newer
    index_documents(es, index, docs)
    assert found(client, "ceasefire")[:2] == ["about", "passing"]
    assert found(client, "ceasefires")[:2] == ["about", "passing"], "in another form too"
