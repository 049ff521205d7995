"""Enrichment of an article: cheap steps (word count, reading time, language) in `enrich.py`, and
the NLP `NlpPipeline` in `pipeline.py` (spaCy entities, places with coordinates, key phrases,
sentiment, near-duplicate fingerprints from `shared/fingerprints.py`), both run by `enrich.enrich_batch`.

Import the modules themselves: this package imports nothing, so a cheap step can be used without
loading spaCy. The processes that run it set one OpenBLAS thread where they start (`services`).
"""
