"""Search that finds what people mean on any Elasticsearch, the plain distribution included (it has
only the `standard` analyzer: no stemming, no accent folding, no synonyms): the indexer stores
stemmed, folded copies of title, caption and body (`*_stems`), and the query builder turns the
query's words into the same forms. So "elections", "election" and "elected" all become "elect",
"cafe" finds "café", and "US", "U.S.", "America" and "United States" all become one token.

The synonym groups come from the alias tables the enricher uses (shared/enrichment/aliases.py), so
a new alias there is a new synonym here."""

import re
import unicodedata
from collections import defaultdict
from functools import cache

import Stemmer

from shared.enrichment.aliases import ALIASES, ORGANISATION_ALIASES

STEM_FIELDS = {"title": "title_stems", "caption": "caption_stems", "body": "body_stems"}
"""Source field -> the field holding its stemmed, folded copy."""
_WORD = re.compile(r"\w+")
_QUERY_WORD = re.compile(r"\w+\*?")  # `word*` is a prefix the user typed: left unstemmed


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def fold(text: str) -> str:
    """Accents off and case folded: "Café" -> "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def synonym_groups() -> dict[str, list[str]]:
    """Canonical name -> the surface forms that mean it ("United States": US, USA, America, ...)."""
    groups: defaultdict[str, set[str]] = defaultdict(set)
    for key, (canonical, *_rest) in ALIASES.items():
        groups[canonical].add(key)
    for key, canonical in ORGANISATION_ALIASES.items():
        groups[canonical].add(key)
    for canonical, forms in groups.items():
        forms.add(canonical.casefold())
    return {canonical: sorted(forms) for canonical, forms in groups.items() if len(forms) > 1}


def _token(canonical: str) -> str:
    return "syn" + re.sub(r"\W+", "", fold(canonical))


@cache
def _synonym_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex for every surface form, longest first. Forms of up to three letters match only in
    capitals ("US", "UK", not the pronoun "us"); dots may be written or not ("U.S.")."""
    token_of: dict[str, str] = {}
    alternatives: list[tuple[int, str]] = []
    for canonical, forms in synonym_groups().items():
        for form in forms:
            letters = form.replace(".", "")
            if len(letters) <= 3:
                pattern = r"\.?".join(re.escape(c.upper()) for c in letters) + r"\.?"
                token_of[letters.upper()] = _token(canonical)
            else:
                pattern = "(?i:" + r"\s+".join(re.escape(word) for word in form.split()) + ")"
                token_of[fold(form)] = _token(canonical)
            alternatives.append((len(form), pattern))
    alternatives.sort(key=lambda item: -item[0])
    joined = "|".join(p for _, p in alternatives)
    return re.compile(rf"(?<!\w)(?:{joined})(?!\w)"), token_of


def _synonyms(text: str) -> str:
    pattern, token_of = _synonym_pattern()

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        letters = found.replace(".", "")
        return f" {token_of.get(letters.upper() if len(letters) <= 3 else fold(' '.join(found.split())), found)} "

    return pattern.sub(replace, text)


def stems(text: str | None) -> str:
    """The stemmed, folded form of a text, as stored in the `*_stems` fields."""
    if not text:
        return ""
    words = _WORD.findall(fold(_synonyms(text)))
    return " ".join(w if w.startswith("syn") else _stemmer().stemWord(w) for w in words)


def stem_query(query: str) -> str:
    """A simple_query_string with its words in the stored forms; quotes, `-`, `|` and `word*` kept."""
    folded = fold(_synonyms(query))

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.endswith("*") or word.startswith("syn"):
            return word
        return str(_stemmer().stemWord(word))

    return _QUERY_WORD.sub(replace, folded)
