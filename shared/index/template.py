"""The composable index template behind the article index: an explicit mapping Kibana can explore.

The "python" way of search (shared/index/analysis.py) uses only features of the plain server
distribution (standard analyzer, lowercase normaliser): no language analyzers, ingest pipelines or
scripts. The "elasticsearch" way adds Elasticsearch's own analysis (`english` sub-fields), for a
server that has it. The way is recorded in the index's mapping (`_meta`), so every reader of the
index queries it the way it was built.
"""

import copy
from typing import Any

from shared.index.analysis import ANALYZER, ENGLISH, STEM_FIELDS, Analysis, elasticsearch_analysis

TEXT_WITH_KEYWORD: dict[str, Any] = {
    "type": "text",
    "fields": {"keyword": {"type": "keyword", "ignore_above": 512}},
}
KEYWORD: dict[str, Any] = {"type": "keyword", "ignore_above": 512}

PLACE: dict[str, Any] = {
    "name": KEYWORD,
    "mentions": {"type": "integer"},
    "country_code": KEYWORD,
    "country": KEYWORD,
    "kind": KEYWORD,
    "location": {"type": "geo_point"},
}

MAPPING: dict[str, Any] = {
    # Unknown fields are kept in _source but not indexed, so they cannot explode the mapping.
    "dynamic": False,
    "properties": {
        "title": TEXT_WITH_KEYWORD,
        "caption": {"type": "text"},
        "photo_credit": KEYWORD,
        "credit_parts": KEYWORD,
        "dateline_date": {"type": "date", "format": "strict_date"},
        "dateline_place": KEYWORD,
        "photo_date": {"type": "date", "format": "strict_date"},
        "agency": KEYWORD,
        "dateline": KEYWORD,
        "published": {"type": "date", "format": "strict_date"},
        "authors": KEYWORD,
        "url": KEYWORD,
        "keywords": KEYWORD,
        "slugline": KEYWORD,
        "source_id": KEYWORD,
        "paragraphs": {"type": "text"},
        "body": {"type": "text"},
        # Stemmed, folded copies with synonyms as one token (shared/index/analysis.py), for search.
        "title_stems": {"type": "text"},
        "caption_stems": {"type": "text"},
        "body_stems": {"type": "text"},
        "layout": KEYWORD,
        "encoding": KEYWORD,
        "source_files": KEYWORD,
        "sources": {
            "type": "object",
            "properties": {
                "file_name": KEYWORD,
                "position": {"type": "integer"},
                "file_sha256": KEYWORD,
            },
        },
        "article_date": {"type": "date"},
        "article_date_source": KEYWORD,
        # NLP enrichment (shared/nlp): facets for people, organisations, places and a map.
        "people": KEYWORD,
        "organisations": KEYWORD,
        "places": KEYWORD,
        "groups": KEYWORD,
        "events": KEYWORD,
        "entity_counts": {
            "properties": {
                name: {"type": "integer"} for name in ("people", "organisations", "places", "groups", "events")
            }
        },
        "entities": {"type": "object", "enabled": False},
        "locations": {"properties": PLACE},
        "dateline_location": {"properties": PLACE},
        "countries": KEYWORD,
        "location": {"type": "geo_point"},
        "key_phrases": KEYWORD,
        "sentiment": {"type": "float"},
        "negative_share": {"type": "float"},
        "sentence_count": {"type": "integer"},
        "nlp_model": KEYWORD,
        "body_hash": KEYWORD,
        "minhash": {"type": "long", "index": False, "doc_values": False},
        "minhash_bands": KEYWORD,
        "duplicate_of": KEYWORD,
        "story_id": KEYWORD,
        "shared_story": {"type": "boolean"},
        "duplicate_similarity": {"type": "float"},
        "word_count": {"type": "integer"},
        "reading_time_minutes": {"type": "float"},
        "language": KEYWORD,
        "language_confidence": {"type": "float"},
        "enrichment_version": KEYWORD,
        "warnings": KEYWORD,
        "first_indexed_at": {"type": "date"},
        "indexed_at": {"type": "date"},
    },
}


def mapping(analysis: Analysis) -> dict[str, Any]:
    """The mapping of an index searched the given way, with the way in its `_meta`."""
    result = copy.deepcopy(MAPPING)
    result["_meta"] = {"newsflow": {"analysis": analysis}}
    if analysis == "elasticsearch":
        properties = result["properties"]
        for source, stemmed in STEM_FIELDS.items():
            del properties[stemmed]  # Elasticsearch analyses the text itself: no copies to store
            fields = properties[source].setdefault("fields", {})
            fields[ENGLISH] = {"type": "text", "analyzer": ANALYZER}
    return result


def template_name(index: str) -> str:
    return f"{index}-template"


def versions_pattern(index: str) -> str:
    """The names of the index's versions: the index name users query is an alias of one of them."""
    return f"{index}-v*"


def index_template(index: str, analysis: Analysis = "python") -> dict[str, Any]:
    """Body of PUT _index_template/<template_name(index)>: matches the versions of `index`."""
    settings: dict[str, Any] = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"}
    if analysis == "elasticsearch":
        settings["analysis"] = elasticsearch_analysis()
    return {
        "index_patterns": [versions_pattern(index)],
        "priority": 200,
        "template": {"settings": settings, "mappings": mapping(analysis)},
        "_meta": {"managed_by": "newsflow"},
    }
