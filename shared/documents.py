"""The Elasticsearch document of an enriched article: one flat object, as the index template maps it."""

from typing import Any

from shared.models import EnrichedArticle


def document(item: EnrichedArticle) -> dict[str, Any]:
    """Article fields and enrichment, flattened. Where the article came from (`sources`,
    `source_files`) and its dates of indexing are added by the indexer, which merges them."""
    doc = {
        **item.article.model_dump(mode="json", exclude={"source"}),
        **item.enrichment.model_dump(mode="json", exclude={"nlp"}),
    }
    nlp = item.enrichment.nlp
    if nlp is not None:
        doc.update(nlp.model_dump(mode="json", exclude={"article_id", "model", "warnings"}))
        doc["nlp_model"] = nlp.model
        doc["warnings"] = [*doc["warnings"], *nlp.warnings]
    return doc
