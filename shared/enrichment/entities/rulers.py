"""The pipeline components that set names before and after NER, with their patterns in
`shared/lexicon/data/patterns/` (see the README there)."""

import json
from typing import Any

from spacy.language import Language
from spacy.pipeline import EntityRuler

from shared import lexicon
from shared.contracts import Category

PATTERNS = lexicon.DATA / "patterns"


def patterns(name: str) -> list[dict[str, Any]]:
    """The patterns of `data/patterns/<name>.jsonl`."""
    with (PATTERNS / f"{name}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def add_rulers(nlp: Language, known: dict[str, Category]) -> None:
    """Known organisations and the organisation patterns are set before NER, which keeps them
    ("Liberal Democrats", not the group "Liberal" and a stray "Democrats"). Known places are added
    after NER only where it found nothing: "United States" must not cut "United States Institute of
    Peace" short. NER's exact mistypes of known names are corrected in `mentions`."""
    organisations = nlp.add_pipe("entity_ruler", name="known_organisations", before="ner")
    places = nlp.add_pipe("entity_ruler", name="known_places", after="ner")
    assert isinstance(organisations, EntityRuler)
    assert isinstance(places, EntityRuler)
    organisations.add_patterns([{"label": "ORG", "pattern": n} for n, c in known.items() if c == "organisations"])
    organisations.add_patterns(patterns("organisations"))
    places.add_patterns([{"label": "GPE", "pattern": n} for n, c in known.items() if c == "places"])
