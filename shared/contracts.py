"""The message contracts: every pydantic model that crosses a stream, and the document fields they
carry. Every service imports this module; it imports nothing else of ours, so any code (and any
test) can use the messages without loading a parser, spaCy or a client.

    watcher  --FileMessage-->  parser  --Article-->  enricher  --EnrichedArticle-->  indexer
    indexer  --IndexedArticles-->  alerter  --Alert-->  its webhook delivery, the explorer's live list
    any stage --DeadLetter--> newsflow:dead

A Watch (a saved search) is kept in Redis, not sent on a stream.
"""

import base64
import binascii
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, Field, PlainSerializer

ENRICHMENT_VERSION = "12"
"""Bumped whenever the enricher's output changes, so older documents can be found and re-enriched
(1: word count and language; 2: NLP: entities, places, key phrases, sentiment, near-duplicates;
3: no English NER on other languages, no entity across a paragraph break, group-tagged surnames folded;
4: known parties and countries, lone names folded or dropped, honours, codes, laws and title-case
common nouns dropped, events apart; the language told from the first 1,000 characters; 5: works,
products, facilities and teams told by their context, people in apposition to a role, awards,
religions and laws not names, nationalities and initials kept in names, airport codes not places;
6: players in team line-ups are people, occupations before a full name dropped, awards and runs
events, organisation names cut at a comma or an unclosed bracket, Tory and the devolved
governments known organisations; 7: spaCy's en_core_web_md by default instead of en_core_web_sm,
lower-case words dropped from either end of names, radio stations keep their number; 8: match
reports read as such (rugby line-ups, fixture and score lines, clubs named after towns, national
sides), works known by their context, units, technologies and model numbers not names, peers named
with their title; 9: countries are sides in any story of a team game, lone names of an administration
or a report kept, the Six Nations, trade shows and elections events, "the Budget" no name; 10: known
products and software not names, technologies spelt out not names, trade shows by abbreviation events,
a few bands known organisations; 11: titles of works known by what is said of them, "starred in",
"nominated for", "films including", "the film version of", "won best film"; an abbreviation folded into
the organisation it spells; 12: wire copy: companies keep their legal form and inner commas, tickers
no names, state and province abbreviations their places, legislatures organisations, the dateline's
places among the story's places, names in angle brackets and names whose price moves companies, groups
of nations organisations, one name after a title of office a person)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def _from_base64(value: object) -> object:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except binascii.Error as exc:
            raise ValueError(f"content is not valid base64: {exc}") from exc
    return value


Base64Content = Annotated[
    bytes,
    BeforeValidator(_from_base64),
    PlainSerializer(lambda b: base64.b64encode(b).decode("ascii"), return_type=str),
]
"""Raw bytes in Python, base64 text on the wire (any file, any encoding, survives JSON)."""


class FileMessage(BaseModel):
    """Watcher -> parser: a complete file found in the inbox, with its bytes."""

    file_name: str = Field(description="Path relative to the inbox.")
    content: Base64Content
    sha256: str
    size: int
    modified_at: AwareDatetime
    detected_at: AwareDatetime = Field(default_factory=utcnow)


class Source(BaseModel):
    """Where an article was found."""

    file_name: str
    position: int = Field(description="1-based position of the article in its file.")
    file_sha256: str


class Article(BaseModel):
    """Parser -> enricher: one article with its extracted fields."""

    id: str
    title: str
    caption: str | None = None
    photo_credit: str | None = Field(None, description='As printed, e.g. "Iranian Presidency/dpa".')
    credit_parts: list[str] = Field(default_factory=list, description='e.g. ["Iranian Presidency", "dpa"].')
    dateline_date: date | None = None
    dateline_place: str | None = Field(None, description='e.g. "Iran, Tehran".')
    photo_date: date | None = None
    agency: str | None = Field(None, description="News or photo agency: the last credit part, or a wire sign-off.")
    dateline: str | None = Field(None, description='A wire dateline as printed, e.g. "NEW YORK, Feb 26".')
    published: date | None = Field(None, description="Publication date, when the file states one (HTML, JSON).")
    authors: list[str] = Field(default_factory=list)
    url: str | None = None
    keywords: list[str] = Field(
        default_factory=list, description="Subjects and keywords the file states (NITF key-list, NewsML-G2 subjects)."
    )
    slugline: str | None = Field(None, description="The agency's short story label (NewsML-G2, NITF).")
    source_id: str | None = Field(
        None, description="The provider's own id of the story (NITF doc-id, NewsML-G2 guid); not the article id."
    )
    paragraphs: list[str]
    body: str
    layout: str = Field(
        description='"seed", "title-body", "wire", "markdown", "html", "json", "nitf", "newsml-g2", "rss" or "atom".'
    )
    encoding: str
    source: Source


# ---------------------------------------------------------------- NLP results (enricher)

Category = Literal["people", "organisations", "places", "groups", "events"]
CATEGORIES: tuple[Category, ...] = ("people", "organisations", "places", "groups", "events")
PlaceKind = Literal["country", "admin", "city", "region", "site"]
"""admin: a state or nation within a country; site: a landmark standing for an institution (White House)."""


class GeoPoint(BaseModel):
    """Elasticsearch geo_point as an object."""

    lat: float
    lon: float


class Entity(BaseModel):
    name: str = Field(description='Normalised name, e.g. "Benjamin Netanyahu" for "Netanyahu\'s".')
    category: Category
    mentions: int = Field(description="Mentions in headline, caption and body.")


class Place(BaseModel):
    name: str = Field(description='Canonical name, e.g. "United States" for "U.S.".')
    mentions: int = 0
    country_code: str | None = Field(None, description="ISO 3166-1 alpha-2; None for regions such as the Middle East.")
    country: str | None = None
    kind: PlaceKind | None = Field(None, description="None when the name could not be resolved.")
    location: GeoPoint | None = Field(None, description="For a country, its capital: a map pin, not a centroid.")


class NlpResult(BaseModel):
    article_id: str
    model: str = Field(description="spaCy pipeline name and version that produced the entities.")
    people: list[str] = Field(default_factory=list, description="Most mentioned first.")
    organisations: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list, description="Canonical place names.")
    groups: list[str] = Field(default_factory=list, description="Nationalities, religious and political groups.")
    events: list[str] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    entity_counts: dict[str, int] = Field(default_factory=dict, description="Mentions per category.")
    locations: list[Place] = Field(default_factory=list, description="Place entities, resolved where possible.")
    countries: list[str] = Field(default_factory=list, description="ISO alpha-2 codes of dateline and places.")
    dateline_location: Place | None = None
    location: GeoPoint | None = Field(None, description="Dateline place if resolved, else the most mentioned place.")
    key_phrases: list[str] = Field(default_factory=list)
    sentiment: float | None = Field(None, description="Mean VADER compound score of the body sentences, -1..1.")
    negative_share: float | None = Field(None, description="Share of body sentences with compound <= -0.05.")
    sentence_count: int = 0
    body_hash: str | None = Field(None, description="sha256 of the normalised body: exact duplicates.")
    minhash: list[int] = Field(default_factory=list, description="MinHash signature of the body's word 5-shingles.")
    minhash_bands: list[str] = Field(default_factory=list, description="LSH band keys: near-duplicates share one.")
    warnings: list[str] = Field(default_factory=list, description="Steps that failed for this article.")


class Enrichment(BaseModel):
    word_count: int
    reading_time_minutes: float
    language: str | None = Field(None, description="ISO 639-1 code.")
    language_confidence: float | None = None
    enrichment_version: str = ENRICHMENT_VERSION
    warnings: list[str] = Field(default_factory=list, description="Enrichment steps that failed.")
    nlp: NlpResult | None = Field(None, description="Entities, places, key phrases, sentiment, fingerprints.")


class EnrichedArticle(BaseModel):
    """Enricher -> indexer."""

    article: Article
    enrichment: Enrichment


class DeadLetter(BaseModel):
    """A message a stage gave up on, with why, so a user can see and replay it."""

    stage: str
    reason: str
    error_type: str
    traceback: str | None = Field(None, description="Summary of where it failed.")
    file_name: str | None = None
    attempts: int
    stream: str = Field(description="Stream the message came from (replay target).")
    payload: str = Field(description="The original message body.")
    first_failed_at: AwareDatetime = Field(default_factory=utcnow)
    last_failed_at: AwareDatetime = Field(default_factory=utcnow)


class IndexedArticles(BaseModel):
    """Indexer -> alerter: the documents one bulk write wrote, new or changed."""

    ids: list[str] = Field(description="Document ids (article ids).")
    index: str = Field(description="The name they are searched under (the alias).")
    refreshed: bool = Field(False, description="Searchable already: the write refreshed the index.")
    indexed_at: AwareDatetime = Field(default_factory=utcnow)


WATCH_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


class Watch(BaseModel):
    """A saved search that alerts when a newly indexed article matches it."""

    name: str = Field(pattern=WATCH_NAME, description="Letters, digits, '.', '_' and '-', at most 64.")
    query: str = Field(min_length=1, max_length=500, description="A search box query: words, phrases, person: ...")
    webhook: str | None = Field(
        None, pattern=r"^https?://\S+$", description="Where each match is POSTed as JSON (http or https)."
    )
    created_at: AwareDatetime = Field(default_factory=utcnow)


class AlertArticle(BaseModel):
    """What an alert says of the article: enough to decide whether to open it."""

    id: str
    title: str | None = None
    published: str | None = Field(None, description="Publication date, when the article gives one.")
    article_date: str | None = Field(None, description="Its date: published, else dateline, else first indexed.")
    people: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    agency: str | None = None


class Alert(BaseModel):
    """Alerter -> webhook delivery and the explorer: an article that matched a watch, once per pair."""

    watch: str = Field(description="The watch's name.")
    query: str
    webhook: str | None = None
    article: AlertArticle
    explorer_url: str = Field(description="The article's page in the explorer.")
    matched_at: AwareDatetime = Field(default_factory=utcnow)
