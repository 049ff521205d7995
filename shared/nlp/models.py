"""The NLP result of one article, as the enricher stores it (flat fields, easy to map in Elasticsearch)."""

from typing import Literal

from pydantic import BaseModel, Field

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
