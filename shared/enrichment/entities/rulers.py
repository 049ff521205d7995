"""The pipeline components that set names before and after NER, with their patterns in
`shared/lexicon/data/patterns/` (see the README there)."""

import json
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler

from shared import lexicon
from shared.contracts import Category
from shared.enrichment.entities import wire  # noqa: F401  (registers the wire components by name)

PATTERNS = lexicon.DATA / "patterns"


def patterns(name: str) -> list[dict[str, Any]]:
    """The patterns of `data/patterns/<name>.jsonl`."""
    with (PATTERNS / f"{name}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def add_rulers(nlp: Language, known: dict[str, Category]) -> None:
    """The components around NER, in the order a doc meets them.

    Before NER, which keeps what they set: known organisations and the organisation patterns
    ("Liberal Democrats", not the group "Liberal" and a stray "Democrats"), tickers blocked ("<USX>"),
    comma runs of companies with their legal form whole (`wire`). After NER: names before a
    legal form extended to it, "City, State" as two places with
    abbreviations resolved (`wire`), then known places and the after-NER patterns (legislatures) only
    where NER found nothing, since "United States" must not cut "United States Institute of Peace"
    short. NER's exact mistypes of known names are corrected in `mentions`."""
    organisations = nlp.add_pipe("entity_ruler", name="known_organisations", before="ner")
    assert isinstance(organisations, EntityRuler)
    organisations.add_patterns([{"label": "ORG", "pattern": n} for n, c in known.items() if c == "organisations"])
    organisations.add_patterns(patterns("organisations"))
    nlp.add_pipe("newsflow_tickers", before="ner")
    nlp.add_pipe("newsflow_company_names", before="ner")
    nlp.add_pipe("newsflow_legal_forms", after="ner")
    nlp.add_pipe("newsflow_region_abbreviations", after="newsflow_legal_forms")
    places = nlp.add_pipe("entity_ruler", name="known_places", after="newsflow_region_abbreviations")
    assert isinstance(places, EntityRuler)
    places.add_patterns([{"label": "GPE", "pattern": n} for n, c in known.items() if c == "places"])
    places.add_patterns(patterns("after_ner"))
