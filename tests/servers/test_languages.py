"""Articles in other languages: their language is recorded, English NER is not run on them (its
output would be junk), a warning says why, and their text is searchable on the real Elasticsearch.
The German and Arabic articles are synthetic (tests/fixtures/languages, first line says so)."""

from elasticsearch import AsyncElasticsearch, Elasticsearch

from shared.enrichment.enrich import enrich_batch
from shared.index.documents import document
from shared.index.versions import ensure_index
from shared.index.writer import write_batch
from shared.parsing import parse_file
from tests.support.paths import FIXTURES, SEEDS
from tests.support.servers import ES_URL


async def test_other_languages_get_no_english_entities_but_a_warning_and_stay_searchable(
    es_index: tuple[Elasticsearch, str],
) -> None:
    items = [a for f in ("de.txt", "ar.txt") for a in parse_file(f, (FIXTURES / "languages" / f).read_bytes()).articles]
    english = parse_file(SEEDS[1].name, SEEDS[1].read_bytes()).articles
    enriched = enrich_batch([*items, *english])  # one batch: each article is judged on its own
    german, arabic, *seeds = enriched
    for item, language in ((german, "de"), (arabic, "ar")):
        doc = document(item)
        assert doc["language"] == language
        assert doc["people"] == doc["organisations"] == doc["places"] == doc["key_phrases"] == []
        assert doc["sentiment"] is None
        assert doc["warnings"] == [
            f"nlp: no entities, key phrases or sentiment: the article is in {language!r}, the model reads English"
        ]
        assert len(doc["minhash"]) == 128, "near-duplicates are found in any language"
    for item in seeds:  # the English articles of the same batch still get their entities
        assert item.enrichment.language == "en"
        assert item.enrichment.nlp is not None
        assert item.enrichment.nlp.people

    sync_es, index = es_index
    client = AsyncElasticsearch(ES_URL)
    try:
        await ensure_index(client, index)
        counts, rejected = await write_batch(client, index, enriched)
    finally:
        await client.close()
    assert rejected == {}
    assert counts["new"] == len(enriched)
    sync_es.indices.refresh(index=index)

    def found(words: str) -> set[str]:
        hits = sync_es.search(index=index, query={"match": {"body": words}})["hits"]["hits"]
        return {hit["_source"]["language"] for hit in hits}

    assert found("Radwegen") == {"de"}
    assert found("حدائق") == {"ar"}
    assert sync_es.count(index=index, query={"term": {"language": "ar"}})["count"] == 1
