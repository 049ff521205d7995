"""Enrichment steps. Each step fills some fields; a step that fails leaves its fields empty and adds
a warning, it never loses the article. The NLP stage (entities, places, key phrases, sentiment,
near-duplicates) plugs in here as further steps.
"""

import logging
import math
import re
from collections.abc import Callable
from functools import cache

from lingua import LanguageDetector, LanguageDetectorBuilder

from shared.models import Article, EnrichedArticle, Enrichment

logger = logging.getLogger(__name__)
WORD = re.compile(r"\w+(?:[-'\u2019]\w+)*")  # hyphens and apostrophes (straight or curly) join


@cache
def language_detector() -> LanguageDetector:
    """Built once per process; low-accuracy mode is accurate on article-length text and loads fast."""
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def count_words(article: Article) -> dict[str, object]:
    words = len(WORD.findall(article.title)) + len(WORD.findall(article.body))
    return {"word_count": words}


def detect_language(article: Article) -> dict[str, object]:
    values = language_detector().compute_language_confidence_values(f"{article.title}\n{article.body[:5000]}")
    if not values:
        return {}
    best = values[0]
    return {"language": best.language.iso_code_639_1.name.lower(), "language_confidence": round(best.value, 3)}


Step = Callable[[Article], dict[str, object]]
STEPS: list[Step] = [count_words, detect_language]


def enrich(article: Article, words_per_minute: int = 230) -> EnrichedArticle:
    fields: dict[str, object] = {}
    warnings: list[str] = []
    for step in STEPS:
        try:
            fields.update(step(article))
        except Exception as exc:  # one failed step degrades its fields, not the article
            logger.warning("enrichment step failed", extra={"step": step.__name__, "article": article.id}, exc_info=exc)
            warnings.append(f"{step.__name__}: {exc!r}")
    words = int(fields.get("word_count", 0))  # type: ignore[call-overload]
    fields["reading_time_minutes"] = max(1.0, math.ceil(words / words_per_minute * 2) / 2) if words else 0.0
    return EnrichedArticle(article=article, enrichment=Enrichment.model_validate({**fields, "warnings": warnings}))
