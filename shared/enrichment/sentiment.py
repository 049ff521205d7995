"""Sentence-level VADER sentiment (Hutto & Gilbert, 2014): a lexicon and rules, no model to load."""

from collections.abc import Iterable

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

NEGATIVE = -0.05
"""VADER's own threshold for a negative sentence."""


class Sentiment:
    def __init__(self) -> None:
        self._vader = SentimentIntensityAnalyzer()

    def compound(self, sentence: str) -> float:
        return float(self._vader.polarity_scores(sentence)["compound"])

    def score(self, sentences: Iterable[str]) -> tuple[float | None, float | None, int]:
        """(mean compound score, share of negative sentences, number of sentences); None without sentences."""
        scores = [self.compound(s) for s in sentences if any(c.isalpha() for c in s)]
        if not scores:
            return None, None, 0
        mean = round(sum(scores) / len(scores), 4)
        return mean, round(sum(s <= NEGATIVE for s in scores) / len(scores), 4), len(scores)
