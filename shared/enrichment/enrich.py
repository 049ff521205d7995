"""Enrichment: word count, reading time and language here, then the NLP of shared/enrichment/pipeline.py (entities,
places, key phrases, sentiment, near-duplicate fingerprints). A step that fails leaves its fields
empty and adds a warning; it never loses the article. The same code serves the enricher service
and `newsflow enrich`.
"""

import logging
import math
import re
from collections.abc import Callable
from functools import cache

from lingua import LanguageDetector, LanguageDetectorBuilder

from shared.contracts import Article, EnrichedArticle, Enrichment, NlpResult
from shared.enrichment.pipeline import DEFAULT_MODEL, Analyzer

logger = logging.getLogger(__name__)
WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")  # hyphens and apostrophes (straight or curly) join


@cache
def language_detector() -> LanguageDetector:
    """Built once per process; low-accuracy mode is accurate on article-length text and loads fast."""
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def count_words(article: Article) -> dict[str, object]:
    words = len(WORD.findall(article.title)) + len(WORD.findall(article.body))
    return {"word_count": words}


LANGUAGE_SAMPLE_CHARS = 500
"""Text the language is told from, after the title: about eighty words, where lingua is reliable. On
200 BBC articles as sure as 1,000 characters (all English at confidence 1.0) in half the time (1.8 ms
an article instead of 3.9); 5,000 characters took 7.3 ms. It was a tenth of the enricher's time."""


def detect_language(article: Article) -> dict[str, object]:
    text = f"{article.title}\n{article.body[:LANGUAGE_SAMPLE_CHARS]}"
    values = language_detector().compute_language_confidence_values(text)
    if not values:
        return {}
    best = values[0]
    return {"language": best.language.iso_code_639_1.name.lower(), "language_confidence": round(best.value, 3)}


Step = Callable[[Article], dict[str, object]]
STEPS: list[Step] = [count_words, detect_language]


@cache
def analyzer(model: str = DEFAULT_MODEL, tagger: bool = False) -> Analyzer:
    """The NLP models, loaded once per process, model name and mode."""
    return Analyzer(model, tagger=tagger)


MODEL_LANGUAGE = "en"
"""The language the spaCy pipelines read; an article detected in another gets no entities."""


def enrich_batch(
    articles: list[Article],
    words_per_minute: int = 230,
    model: str = DEFAULT_MODEL,
    tagger: bool = False,
    with_nlp: bool = True,
) -> list[EnrichedArticle]:
    """Enrich articles together (spaCy batches them). A failing step degrades its fields only.
    Without NLP, only the word count and reading time are added."""
    steps = [_run_steps(article, STEPS if with_nlp else [count_words]) for article in articles]
    readable = [i for i, (fields, _) in enumerate(steps) if fields.get("language") in (None, MODEL_LANGUAGE)]
    nlp: list[NlpResult | None] = [None] * len(articles)
    nlp_failure = None
    try:
        if not with_nlp:
            return [_enriched(a, words_per_minute, f, w, None) for a, (f, w) in zip(articles, steps, strict=True)]
        models = analyzer(model, tagger)
        for i, result in zip(readable, models.analyse([articles[i] for i in readable]), strict=True):
            nlp[i] = result
        for i in set(range(len(articles))) - set(readable):
            language = steps[i][0]["language"]
            reason = (
                f"nlp: no entities, key phrases or sentiment: the article is in {language!r}, the model reads English"
            )
            nlp[i] = models.without_language_model(articles[i], reason)
    except Exception as exc:  # the models themselves failed: keep the rest of the enrichment
        logger.warning("NLP failed for a batch", extra={"articles": len(articles)}, exc_info=exc)
        nlp, nlp_failure = [None] * len(articles), f"nlp: {exc!r}"
    return [
        _enriched(article, words_per_minute, fields, [*warnings, *([nlp_failure] if nlp_failure else [])], result)
        for article, (fields, warnings), result in zip(articles, steps, nlp, strict=True)
    ]


def enrich(
    article: Article, words_per_minute: int = 230, model: str = DEFAULT_MODEL, tagger: bool = False
) -> EnrichedArticle:
    return enrich_batch([article], words_per_minute, model, tagger)[0]


def _run_steps(article: Article, steps: list[Step]) -> tuple[dict[str, object], list[str]]:
    fields: dict[str, object] = {}
    warnings: list[str] = []
    for step in steps:
        try:
            fields.update(step(article))
        except Exception as exc:  # one failed step degrades its fields, not the article
            logger.warning("enrichment step failed", extra={"step": step.__name__, "article": article.id}, exc_info=exc)
            warnings.append(f"{step.__name__}: {exc!r}")
    return fields, warnings


def _enriched(
    article: Article, words_per_minute: int, fields: dict[str, object], warnings: list[str], nlp: NlpResult | None
) -> EnrichedArticle:
    words = int(fields.get("word_count", 0))  # type: ignore[call-overload]
    reading_time = max(1.0, math.ceil(words / words_per_minute * 2) / 2) if words else 0.0
    enrichment = Enrichment.model_validate(
        {**fields, "reading_time_minutes": reading_time, "warnings": warnings, "nlp": nlp}
    )
    return EnrichedArticle(article=article, enrichment=enrichment)
