"""NLP enrichment of articles: entities, places, key phrases, sentiment and near-duplicate fingerprints.

    analyzer = Analyzer()                 # loads spaCy, GeoNames and VADER once (a few seconds)
    results = analyzer.analyse(articles)  # list[NlpResult], same order

Names are imported on first use: shared.models imports shared.nlp.models, and the pipeline imports
shared.models, so an eager import here would be circular (and would load spaCy for a message model).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shared.nlp.dedup import bands, body_hash, minhash, similarity
    from shared.nlp.models import CATEGORIES, Entity, GeoPoint, NlpResult, Place
    from shared.nlp.pipeline import DEFAULT_MODEL, Analyzer, load_pipeline
    from shared.nlp.places import Gazetteer

_HOMES = {
    "bands": "dedup",
    "body_hash": "dedup",
    "minhash": "dedup",
    "similarity": "dedup",
    "CATEGORIES": "models",
    "Entity": "models",
    "GeoPoint": "models",
    "NlpResult": "models",
    "Place": "models",
    "DEFAULT_MODEL": "pipeline",
    "Analyzer": "pipeline",
    "load_pipeline": "pipeline",
    "Gazetteer": "places",
}

__all__ = [
    "CATEGORIES",
    "DEFAULT_MODEL",
    "Analyzer",
    "Entity",
    "Gazetteer",
    "GeoPoint",
    "NlpResult",
    "Place",
    "bands",
    "body_hash",
    "load_pipeline",
    "minhash",
    "similarity",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"shared.nlp.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
