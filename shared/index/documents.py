"""The Elasticsearch document of an enriched article: one flat object, as the index template maps it."""

from typing import Any

from shared.contracts import EnrichedArticle
from shared.index.analysis import STEM_FIELDS, Analysis, stems


def document(item: EnrichedArticle, analysis: Analysis = "python") -> dict[str, Any]:
    """Article fields and enrichment, flattened, with the stemmed copies an index searched the
    "python" way needs. Where the article came from (`sources`, `source_files`) and its dates of
    indexing are added by the indexer, which merges them."""
    doc = {
        **item.article.model_dump(mode="json", exclude={"source"}),
        **item.enrichment.model_dump(mode="json", exclude={"nlp"}),
    }
    nlp = item.enrichment.nlp
    if nlp is not None:
        doc.update(nlp.model_dump(mode="json", exclude={"article_id", "model", "warnings"}))
        doc["nlp_model"] = nlp.model
        doc["warnings"] = [*doc["warnings"], *nlp.warnings]
    return with_search_fields(doc, analysis)


def with_search_fields(doc: dict[str, Any], analysis: Analysis) -> dict[str, Any]:
    """The document with the stemmed copies computed again ("python"), or without them
    ("elasticsearch": Elasticsearch analyses the text itself)."""
    for source, target in STEM_FIELDS.items():
        if analysis == "python":
            doc[target] = stems(doc.get(source))
        else:
            doc.pop(target, None)
    return doc


def article_date(doc: dict[str, Any], first_indexed_at: str) -> dict[str, str]:
    """One date per article for time axes: its publication date, else its dateline's date, else the
    day Newsflow first saw it. (A photo date is not the article's date.)"""
    for field, source in (("published", "published"), ("dateline_date", "dateline")):
        if doc.get(field):
            return {"article_date": doc[field], "article_date_source": source}
    return {"article_date": first_indexed_at, "article_date_source": "indexed"}


def merge_sources(stored: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = {(s["file_name"], s["position"]): s for s in stored}
    for s in new:
        merged.setdefault((s["file_name"], s["position"]), s)
    return sorted(merged.values(), key=lambda s: (s["file_name"], s["position"]))
