"""Enrichment of an article: cheap steps (word count, reading time, language) in `enrich.py`, and
the NLP `Analyzer` in `pipeline.py` (spaCy entities, places with coordinates, key phrases,
sentiment, near-duplicate fingerprints), both run by `enrich.enrich_batch`.

Import the modules themselves: this package imports nothing, so `dedup` can be used without
loading spaCy.
"""

import os

# One OpenBLAS thread, unless the user chose otherwise. It must be set before numpy loads, hence
# here. With the default (a thread per core) spaCy's NER took 15-25 % more CPU for the same
# articles on a 2-core machine (150 BBC articles: 5.0 s against 4.0-4.3 s), and one enricher
# per core already keeps every core busy. threadpoolctl's limit at run time does not have the effect.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
