"""Search that finds what people mean, in one of two ways chosen when an index is created:

- "elasticsearch", on a server with the analysis module (the full distribution `make up` runs):
  `title`, `caption` and `body` get an `english` sub-field analysed by Elasticsearch itself
  (possessives, aliases, lowercase, accent folding, Porter2 stemming), and queries go to it as typed.
- "python", on the plain distribution `make run` and the tests use (only the `standard` analyzer):
  the indexer stores stemmed, folded copies of title, caption and body (`*_stems`, made here with
  PyStemmer's Porter2), and the query builder turns the query's words into the same forms.

Either way "elections", "election" and "elected" all become "elect", "cafe" finds "café", and "US",
"U.S.", "America" and "United States" all become one token. The synonym groups come from the alias
tables the enricher uses (shared/lexicon/data/*_aliases.csv), so a new alias there is a new synonym in
both ways; Elasticsearch's rules are generated from the same groups (`elasticsearch_analysis`)."""

import re
import unicodedata
from collections import defaultdict
from functools import cache
from typing import Any, Literal

import Stemmer

from shared.lexicon.vocabulary import ORGANISATION_ALIASES, PLACE_ALIASES

Analysis = Literal["python", "elasticsearch"]
ANALYSES: tuple[Analysis, ...] = ("python", "elasticsearch")
STEM_FIELDS = {"title": "title_stems", "caption": "caption_stems", "body": "body_stems"}
"""Source field -> the field holding its stemmed, folded copy (the "python" way)."""
ENGLISH = "english"
"""The sub-field of title, caption and body that Elasticsearch analyses (the "elasticsearch" way)."""
ANALYZER = "newsflow_english"
SEARCH_FIELDS: dict[Analysis, list[str]] = {
    "python": [f"{STEM_FIELDS['title']}^3", STEM_FIELDS["caption"], STEM_FIELDS["body"]],
    "elasticsearch": [f"title.{ENGLISH}^3", f"caption.{ENGLISH}", f"body.{ENGLISH}"],
}
"""Where the words of a query are looked for, in each way (a title match counts three times)."""
_WORD = re.compile(r"\w+")
_QUERY_WORD = re.compile(r"\w+\*?")  # `word*` is a prefix the user typed: left unstemmed


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def fold_accents(text: str) -> str:
    """Accents off and case folded: "Café" -> "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def synonym_groups() -> dict[str, list[str]]:
    """Canonical name -> the surface forms that mean it ("United States": US, USA, America, ...)."""
    groups: defaultdict[str, set[str]] = defaultdict(set)
    for key, (canonical, *_rest) in PLACE_ALIASES.items():
        groups[canonical].add(key)
    for key, canonical in ORGANISATION_ALIASES.items():
        groups[canonical].add(key)
    for canonical, forms in groups.items():
        forms.add(canonical.casefold())
    return {canonical: sorted(forms) for canonical, forms in groups.items() if len(forms) > 1}


def _token(canonical: str) -> str:
    return "syn" + re.sub(r"\W+", "", fold_accents(canonical))


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
                token_of[fold_accents(form)] = _token(canonical)
            alternatives.append((len(form), pattern))
    alternatives.sort(key=lambda item: -item[0])
    joined = "|".join(p for _, p in alternatives)
    return re.compile(rf"(?<!\w)(?:{joined})(?!\w)"), token_of


def _synonyms(text: str) -> str:
    pattern, token_of = _synonym_pattern()

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        letters = found.replace(".", "")
        key = letters.upper() if len(letters) <= 3 else fold_accents(" ".join(found.split()))
        return f" {token_of.get(key, found)} "

    return pattern.sub(replace, text)


def stems(text: str | None) -> str:
    """The stemmed, folded form of a text, as stored in the `*_stems` fields."""
    if not text:
        return ""
    words = _WORD.findall(fold_accents(_synonyms(text)))
    return " ".join(w if w.startswith("syn") else _stemmer().stemWord(w) for w in words)


def stem_query(query: str) -> str:
    """A simple_query_string with its words in the stored forms; quotes, `-`, `|` and `word*` kept."""
    folded = fold_accents(_synonyms(query))

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.endswith("*") or word.startswith("syn"):
            return word
        return str(_stemmer().stemWord(word))

    return _QUERY_WORD.sub(replace, folded)


def _rule_form(form: str) -> str:
    # As Elasticsearch's standard tokenizer splits it: "washington, dc" -> "washington dc".
    return " ".join(_WORD.findall(fold_accents(form)))


def synonym_rules() -> tuple[list[str], list[str]]:
    """Elasticsearch synonym rules with the same groups and the same replacement token as `stems`:
    (case-sensitive rules for forms of up to three letters, applied before lowercasing, so "US" is
    the country and "us" is not; rules for the longer forms, applied after lowercasing and folding)."""
    short: list[str] = []
    long: list[str] = []
    for canonical, forms in synonym_groups().items():
        capitals = sorted({f.replace(".", "").upper() for f in forms if len(f.replace(".", "")) <= 3})
        # The standard tokenizer keeps inner dots and drops the last one: "U.S." -> "U.S".
        short_forms = [variant for letters in capitals for variant in (letters, ".".join(letters))]
        long_forms = sorted({_rule_form(f) for f in forms if len(f.replace(".", "")) > 3})
        if short_forms:
            short.append(f"{', '.join(dict.fromkeys(short_forms))} => {_token(canonical)}")
        if long_forms:
            long.append(f"{', '.join(long_forms)} => {_token(canonical)}")
    return short, long


def elasticsearch_analysis() -> dict[str, Any]:
    """The index's `analysis` settings for the "elasticsearch" way (needs the analysis module).
    No stop words: queries require every word (default_operator and) and phrases keep their
    small words, as the plain distribution's `standard` analyzer does."""
    short, long = synonym_rules()
    return {
        "filter": {
            "newsflow_possessive": {"type": "stemmer", "language": "possessive_english"},
            "newsflow_short_aliases": {"type": "synonym", "synonyms": short, "lenient": True},
            "newsflow_aliases": {"type": "synonym", "synonyms": long, "lenient": True},
            "newsflow_stemmer": {"type": "stemmer", "language": "porter2"},  # PyStemmer's "english"
        },
        "analyzer": {
            ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "newsflow_possessive",
                    "newsflow_short_aliases",
                    "lowercase",
                    "asciifolding",
                    "newsflow_aliases",
                    "newsflow_stemmer",
                ],
            }
        },
    }
