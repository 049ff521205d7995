"""Entity precision and recall against hand labels (`make bench-nlp`): the enricher's people,
organisations and places for 50 labelled BBC articles (benchmarks/nlp/labels.json, which the entity
rules were written on), 25 held out (heldout.json, labelled afterwards; text read from the corpus),
25 fresh ones (fresh.json, labelled after the held-out figures were reported), 25 final ones and 50
unseen ones (final.json, unseen.json: blind sets, whose errors are not listed unless asked), a second
round of 50 (second.json, labelled to have its errors read), the seeds' three articles
(benchmarks/nlp/seeds.json), and 90 Reuters wire stories of 1987 kept in benchmarks/nlp/reuters/ (60 in
wire.json to read, 30 in wire-blind.json, blind).

A found entity is correct when, after the enricher's own normalisation (titles and possessives
dropped; places resolved through the gazetteer, so "US" is "United States"), it equals a labelled
entity of the same type or one of that entity's aliases in the article. Names labelled `optional`
(genuinely ambiguous) count neither way. Prints precision, recall and F1 per type and together, and
the most frequent false positives and misses.

Run: `.venv/bin/python benchmarks/entities.py [--model PACKAGE] [--errors N] [--blind-errors] [--only NAME]`
"""

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus import BBC, require_bbc

import services  # noqa: F401  (first: the process defaults the services run with, one OpenBLAS thread)
from shared.contracts import Article, Category
from shared.enrichment.entities import clean_name
from shared.enrichment.pipeline import DEFAULT_MODEL, NlpPipeline
from shared.enrichment.places import Gazetteer
from shared.parsing import parse_file

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "nlp"
WIRE = LABELS / "reuters"  # Reuters-21578 stories, in the repo (research use; see its README)
TYPES: tuple[Category, ...] = ("people", "organisations", "places")


@dataclass
class Score:
    labelled: int = 0
    found: int = 0
    correct_found: int = 0  # found entities that match a label
    recalled: int = 0  # labels matched by a found entity
    false_positives: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    wrong_type: int = 0  # found as another type than labelled

    def add(self, other: "Score") -> None:
        self.labelled += other.labelled
        self.found += other.found
        self.correct_found += other.correct_found
        self.recalled += other.recalled
        self.false_positives.update(other.false_positives)
        self.misses.update(other.misses)
        self.wrong_type += other.wrong_type

    @property
    def precision(self) -> float:
        return self.correct_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Normaliser:
    """The enricher's normalisation, applied to labels and found names alike."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def key(self, name: str, category: Category) -> str:
        if category == "places":
            return self.gazetteer.resolve(name, 1).name.casefold()
        return (clean_name(name, category) or name).casefold()


def score_article(label: dict[str, Any], found: dict[Category, list[str]], norm: Normaliser) -> dict[Category, Score]:
    aliases: dict[str, list[str]] = label.get("aliases", {})
    ignored = {norm.key(name, t) for name in label.get("optional", []) for t in TYPES}
    gold: dict[Category, dict[str, set[str]]] = {}  # type -> labelled name -> its keys (name and aliases)
    for category in TYPES:
        gold[category] = {
            name: {norm.key(form, category) for form in [name, *aliases.get(name, [])]} for name in label[category]
        }
    scores = {}
    for category in TYPES:
        score = Score(labelled=len(gold[category]))
        keys_of_type = set().union(*gold[category].values()) if gold[category] else set()
        other_keys = set().union(*(k for t in TYPES if t != category for k in gold[t].values()))
        found_keys = {norm.key(name, category): name for name in found[category]}
        for key, name in found_keys.items():
            if key in ignored and key not in keys_of_type:
                continue
            score.found += 1
            if key in keys_of_type:
                score.correct_found += 1
            else:
                score.false_positives[name] += 1
                score.wrong_type += key in other_keys
        for name, keys in gold[category].items():
            if keys & found_keys.keys():
                score.recalled += 1
            else:
                score.misses[name] += 1
        scores[category] = score
    return scores


def load_articles(spec: dict[str, Any], root: Path) -> list[tuple[dict[str, Any], Article]]:
    """(label, parsed article) pairs, files read from `root` (the seeds' from the repo)."""
    pairs = []
    for label in spec["articles"]:
        path = ROOT / label["file"] if label["file"].startswith("seeds/") else root / label["file"]
        articles = parse_file(label["file"], path.read_bytes()).articles
        if "title" in label:  # a seed file holds several articles
            articles = [a for a in articles if a.title == label["title"]][:1]
        if len(articles) != 1:
            sys.exit(f"{label['file']}: expected one article, the parser found {len(articles)}")
        pairs.append((label, articles[0]))
    return pairs


def evaluate(analyzer: NlpPipeline, pairs: list[tuple[dict[str, Any], Article]]) -> dict[Category, Score]:
    norm = Normaliser(analyzer.gazetteer)
    totals = {category: Score() for category in TYPES}
    results = analyzer.analyse([article for _, article in pairs])
    for (label, _), result in zip(pairs, results, strict=True):
        found: dict[Category, list[str]] = {c: list(getattr(result, c)) for c in TYPES}
        for category, score in score_article(label, found, norm).items():
            totals[category].add(score)
    return totals


def report(name: str, totals: dict[Category, Score], errors: int) -> None:
    overall = Score()
    for score in totals.values():
        overall.add(score)
    print(f"\n{name}")
    print(f"  {'type':<14}{'labelled':>9}{'found':>7}{'precision':>11}{'recall':>8}{'F1':>7}{'wrong type':>12}")
    for label, score in [*totals.items(), ("all three", overall)]:
        print(
            f"  {label:<14}{score.labelled:>9}{score.found:>7}{score.precision:>11.3f}{score.recall:>8.3f}"
            f"{score.f1:>7.3f}{score.wrong_type:>12}"
        )
    if errors:
        for title, attr in (("false positives", "false_positives"), ("misses", "misses")):
            ranked = Counter({f"{c}: {n}": k for c, s in totals.items() for n, k in getattr(s, attr).items()})
            print(f"  most frequent {title}: " + "; ".join(f"{n} ({k})" for n, k in ranked.most_common(errors)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline package")
    parser.add_argument("--errors", type=int, default=10, help="how many of the most frequent errors to list")
    parser.add_argument("--only", default="", help="run only the sets whose label file name contains this")
    parser.add_argument(
        "--blind-errors", action="store_true", help="list the blind sets' errors too (then they are no longer blind)"
    )
    args = parser.parse_args()
    require_bbc()
    started = time.perf_counter()
    analyzer = NlpPipeline(args.model, tagger=False)  # as the enricher runs by default (NEWSFLOW_NLP_TAGGER)
    print(f"bench-nlp: model {analyzer.model}, loaded in {time.perf_counter() - started:.1f}s")
    sets = (  # name, labels, blind (its errors listed only with --blind-errors); BBC files from the corpus
        ("BBC, 50 labelled articles", "labels.json", False),
        ("BBC, 25 held-out articles, labelled after the rules were written", "heldout.json", False),
        ("BBC, 25 fresh articles, labelled after the held-out figures were reported", "fresh.json", False),
        (
            "BBC, 25 final articles, their errors not listed (--blind-errors), so that it stays blind",
            "final.json",
            True,
        ),
        ("BBC, 50 unseen articles, labelled in one go, blind like the final set", "unseen.json", True),
        ("BBC, 50 second-round articles, labelled in stop 22 to read their errors", "second.json", False),
        ("seeds, 3 articles", "seeds.json", False),
        ("Reuters wire, 60 stories of 1987 (NEWID > 10,000), to read their errors", "wire.json", False),
        ("Reuters wire, 30 blind stories, their errors not listed", "wire-blind.json", True),
    )
    for name, spec_file, blind in sets:
        if args.only not in spec_file:
            continue
        root = WIRE if spec_file.startswith("wire") else BBC
        pairs = load_articles(json.loads((LABELS / spec_file).read_text(encoding="utf-8")), root)
        errors = 0 if blind and not args.blind_errors else args.errors
        report(f"{name} ({spec_file})", evaluate(analyzer, pairs), errors)


if __name__ == "__main__":
    main()
