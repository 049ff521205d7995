"""The queries behind the explorer and `newsflow search`, in Elasticsearch's query DSL: the search
(full text, entity and date filters, highlighting, facet counts), its date histogram, and an
article's same-story and more-like-this lists. User text only ever goes into `simple_query_string`,
`term` and `ids` values, so it is never executed.

Each function returns a request body without paging (`size`, `from`) or source filtering: the
caller adds those."""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pycountry

from shared.index.analysis import SEARCH_FIELDS, STEM_FIELDS, Analysis, stem_query
from shared.lexicon.vocabulary import PLACE_ALIASES

FACET_SIZE = 15
# Private-use characters as highlight tags: they never occur in news text, so after the text is
# split on them nothing in the article can pass for markup (ES's default <em> could).
PRE, POST = "\ue000", "\ue001"
FACETS = {
    "people": "people",
    "organisations": "organisations",
    "places": "places",
    "countries": "countries",
    "agency": "agency",
    "language": "language",
}


PREFIXES = {  # what users type before a colon -> the field it filters
    "person": "people",
    "people": "people",
    "org": "organisations",
    "organisation": "organisations",
    "organization": "organisations",
    "place": "places",
    "country": "countries",
    "agency": "agency",
    "lang": "language",
    "language": "language",
}
PREFIXED = re.compile(r'(?<![\w"])([A-Za-z]+):(?:"([^"]*)"|(\S+))')
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass
class ParsedQuery:
    """A search box's text: `person:"Tony Blair"`, `org:`, `place:`, `country:`, `agency:`, `lang:`,
    `since:`, `until:` and `date:` become filters; everything else stays full text."""

    text: str | None
    terms: dict[str, list[str]] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None
    typed_filters: list[str] = field(default_factory=list, compare=False)
    """The filters as typed, to put back around a corrected text."""


def _day_range(value: str) -> tuple[date, date] | None:
    """ "2025", "2025-01" or "2025-01-08" as the first and last day it covers; None if not a date."""
    match = _DAY.match(value)
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    try:
        if match[3]:
            return date(year, month, day), date(year, month, day)
        if match[2]:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def country_code(value: str) -> str | None:
    """ "GB", "UK", "Britain" or "United Kingdom" -> "GB"; None when no country has that name."""
    alias = PLACE_ALIASES.get(value.strip().casefold().replace(".", ""))
    if alias is not None and alias[4] == "country":
        return alias[1]
    try:
        return str(pycountry.countries.lookup(value.strip()).alpha_2)
    except LookupError:
        return None


def parse_query(q: str | None) -> ParsedQuery:
    """Prefixed filters out of the text. A prefix we do not know, or a value that is not a date or a
    country, stays in the text: typing never causes an error."""
    if not q:
        return ParsedQuery(None)
    parsed = ParsedQuery(None)
    kept: list[str] = []
    position = 0
    for match in PREFIXED.finditer(q):
        prefix, value = match[1].casefold(), (match[2] if match[2] is not None else match[3]).strip()
        understood = False
        if prefix in PREFIXES and value:
            target = PREFIXES[prefix]
            if target == "countries":
                value = country_code(value) or ""
            elif target == "language":
                value = value.casefold()
            if value:
                parsed.terms.setdefault(target, []).append(value)
                understood = True
        elif prefix in ("since", "until", "date") and (days := _day_range(value.split("..")[0])):
            if prefix == "date" and ".." in value and (end := _day_range(value.split("..", 1)[1])):
                days = (days[0], end[1])
            if prefix in ("since", "date"):
                parsed.since = days[0]
            if prefix in ("until", "date"):
                parsed.until = days[1]
            understood = True
        if understood:
            kept.append(q[position : match.start()])
            parsed.typed_filters.append(match[0])
            position = match.end()
    kept.append(q[position:])
    parsed.text = re.sub(r"\s+", " ", "".join(kept)).strip() or None
    return parsed


TEXT_FIELDS = ["title^3", "caption", "body"]
FEW_HITS = 2
"""At most this many hits and the explorer and `newsflow search` offer a corrected query."""


def suggest_section(text: str) -> dict[str, Any]:
    """Elasticsearch's term suggester over the body: for each word, a more frequent word one or two
    edits away ("ceasfire" -> "ceasefire"). Part of the search request."""
    return {"text": text, "words": {"term": {"field": "body", "suggest_mode": "popular", "min_word_length": 4}}}


def did_you_mean(q: str | None, suggest: dict[str, Any]) -> str | None:
    """The query with each word the suggester knows better replaced, filters kept; None if nothing changes."""
    parsed = parse_query(q)
    if not parsed.text:
        return None
    corrected = parsed.text
    for entry in sorted(suggest.get("words", []), key=lambda e: -int(e["offset"])):
        if entry.get("options"):
            start, end = int(entry["offset"]), int(entry["offset"]) + int(entry["length"])
            corrected = corrected[:start] + str(entry["options"][0]["text"]) + corrected[end:]
    if corrected.casefold() == parsed.text.casefold():
        return None
    return " ".join([corrected, *parsed.typed_filters])


def search_body(
    q: str | None,
    terms_all: dict[str, list[str]],
    terms_any: dict[str, list[str]],
    since: date | None,
    until: date | None,
    sort: str,
    facet_size: int = FACET_SIZE,
    analysis: Analysis = "python",
) -> dict[str, Any]:
    """The search request for an index searched the `analysis` way (shared/index/analysis.py).
    Prefixed filters typed in `q` (see ParsedQuery) add to the given ones."""
    parsed = parse_query(q)
    q = parsed.text
    since = max(filter(None, (since, parsed.since)), default=None)
    until = min(filter(None, (until, parsed.until)), default=None)
    filters: list[dict[str, Any]] = []
    for name, values in terms_all.items():  # an article must mention every chosen entity
        filters += [{"term": {name: value}} for value in values]
    for name, values in terms_any.items():  # an article has one agency and one language: any of them
        if values:
            filters.append({"terms": {name: values}})
    for name, values in parsed.terms.items():  # typed by hand: the case need not match
        named = [{"term": {name: {"value": value, "case_insensitive": True}}} for value in values]
        # As with the facets: every entity named, but any of the agencies or languages named.
        filters += [{"bool": {"should": named, "minimum_should_match": 1}}] if name in terms_any else named
    if since or until:
        # Date math rounding makes both ends whole days, whatever time article_date carries.
        bounds = {"gte": f"{since.isoformat()}||/d"} if since else {}
        if until:
            bounds["lte"] = f"{until.isoformat()}||/d"
        filters.append({"range": {"article_date": bounds}})
    typed: list[dict[str, Any]] = []
    must: dict[str, Any] = {"match_all": {}}
    if q:
        # simple_query_string: quotes, -, |, * work, and bad syntax never errors.
        def words(query: str, fields: list[str], boost: float = 1.0) -> dict[str, Any]:
            options = {"default_operator": "and", "lenient": True, "boost": boost}
            return {"simple_query_string": {"query": query, "fields": fields, **options}}

        if analysis == "elasticsearch":  # the `english` sub-fields analyse the query themselves
            must = words(q, SEARCH_FIELDS["elasticsearch"])
        else:
            must = {
                "bool": {
                    "should": [
                        # What matches: the stemmed, folded copies ("elected" for "elections", "café" for "cafe").
                        words(stem_query(q), SEARCH_FIELDS["python"]),
                        # A document indexed before those copies existed: the words as typed.
                        {
                            "bool": {
                                "must": [words(q, TEXT_FIELDS)],
                                "must_not": [{"exists": {"field": STEM_FIELDS["body"]}}],
                            }
                        },
                    ],
                    "minimum_should_match": 1,
                }
            }
        typed = [words(q, TEXT_FIELDS, boost=2)]  # ranks the form typed first; matches nothing alone
    if sort == "relevance" and not q:
        sort = "newest"
    order: list[Any] = (
        ["_score"]
        if sort == "relevance"
        else [{"article_date": {"order": "desc" if sort == "newest" else "asc", "missing": "_last"}}]
    )
    suggest = {"suggest": suggest_section(q)} if q else {}
    return {
        **suggest,
        "query": {"bool": {"must": [must], "should": typed, "filter": filters}},
        "sort": [*order, {"title.keyword": "asc"}],  # a stable order for paging
        "highlight": {
            "pre_tags": [PRE],
            "post_tags": [POST],
            "encoder": "default",
            "fields": {
                "title": {"number_of_fragments": 0},
                # no_match_size: the start of the body when the query did not match it (or no query).
                "body": {"fragment_size": 180, "number_of_fragments": 2, "no_match_size": 180},
            },
        },
        "aggs": {
            **{name: {"terms": {"field": field, "size": facet_size}} for name, field in FACETS.items()},
            # The histogram's interval is chosen from this span, before date_histogram_body() counts.
            "date_span": {"stats": {"field": "article_date"}},
        },
    }


def date_histogram_body(query: dict[str, Any], interval: str) -> dict[str, Any]:
    """Articles per `interval` (day, week, month or year) of article_date, among those `query` matches."""
    return {
        "query": query,
        "aggs": {
            "dates": {
                "date_histogram": {"field": "article_date", "calendar_interval": interval, "format": "yyyy-MM-dd"}
            }
        },
    }


def same_story_body(article_id: str, story_id: str | None, duplicate_of: str | None) -> dict[str, Any]:
    """The other articles of an article's story, oldest first: either side of a duplicate_of link, or
    a shared story_id."""
    links: list[dict[str, Any]] = [{"term": {"duplicate_of": article_id}}, {"term": {"story_id": article_id}}]
    if story_id:
        links += [{"term": {"story_id": story_id}}, {"ids": {"values": [story_id]}}]
    if duplicate_of:
        links += [{"ids": {"values": [duplicate_of]}}, {"term": {"duplicate_of": duplicate_of}}]
    return {
        "query": {
            "bool": {"should": links, "minimum_should_match": 1, "must_not": [{"ids": {"values": [article_id]}}]}
        },
        "sort": [{"article_date": {"order": "asc", "missing": "_last"}}, {"title.keyword": "asc"}],
    }


def more_like_this_body(index: str, article_id: str, exclude: list[str]) -> dict[str, Any]:
    """Articles sharing title and body terms with the article in `index`, except the `exclude` ids
    (its same-story copies, listed apart)."""
    return {
        "query": {
            "bool": {
                "must": [
                    {
                        "more_like_this": {
                            "fields": ["title", "body"],
                            "like": [{"_index": index, "_id": article_id}],
                            # A small index has few repeated terms: keep any that occur.
                            "min_term_freq": 1,
                            "min_doc_freq": 1,
                            "max_query_terms": 30,
                            "minimum_should_match": "20%",
                        }
                    }
                ],
                "must_not": [{"ids": {"values": exclude}}],
            }
        }
    }
