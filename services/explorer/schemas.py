"""The explorer's JSON responses. Named apart from the message contracts (shared.contracts): these
are what the API shows, not what the pipeline sends. (A class docstring is published in
/openapi.json as the schema's description.)"""

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Interval = Literal["day", "week", "month", "year"]


class ErrorResponse(BaseModel):
    detail: str = Field(description="What was wrong, in words.")
    errors: list[dict[str, Any]] = Field(default_factory=list, description="Per-parameter details (422 only).")


class TextPart(BaseModel):
    """A piece of highlighted text: render `text` as text, and mark it when `highlight`."""

    text: str
    highlight: bool = False


class FacetBucket(BaseModel):
    value: str
    count: int


class DateBucket(BaseModel):
    date: str = Field(description="Start of the bucket, yyyy-MM-dd.")
    count: int


class Facets(BaseModel):
    people: list[FacetBucket] = Field(default_factory=list)
    organisations: list[FacetBucket] = Field(default_factory=list)
    places: list[FacetBucket] = Field(default_factory=list)
    countries: list[FacetBucket] = Field(default_factory=list, description="ISO 3166-1 alpha-2 codes.")
    agency: list[FacetBucket] = Field(default_factory=list)
    language: list[FacetBucket] = Field(default_factory=list)
    dates: list[DateBucket] = Field(default_factory=list, description="Articles per article_date bucket.")
    date_interval: Interval | None = Field(
        None, description="Bucket width, chosen from the span of the matching articles' dates."
    )


class ArticleSummary(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    title: str = ""
    agency: str | None = None
    article_date: str | None = None
    people: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    source_files: list[str] = Field(default_factory=list)
    story_id: str | None = None
    duplicate_of: str | None = None


class SearchHit(ArticleSummary):
    score: float | None = None
    title_highlight: list[TextPart] = Field(
        default_factory=list, description="The title split into parts; empty when the query did not match it."
    )
    snippet: list[TextPart] = Field(default_factory=list, description="Best body passages, matches marked.")


class SearchResponse(BaseModel):
    total: int
    page: int
    size: int
    hits: list[SearchHit]
    facets: Facets
    suggestion: str | None = Field(
        None, description="With few or no hits: the query with misspelt words corrected (did you mean ...?)."
    )


class GeoPoint(BaseModel):
    lat: float
    lon: float


def _geo_point(value: Any) -> Any:
    """geo_point as stored may be an object, "lat,lon" or [lon, lat]; the API always says {lat, lon}."""
    if isinstance(value, str) and "," in value:
        lat, lon = value.split(",", 1)
        return {"lat": float(lat), "lon": float(lon)}
    if isinstance(value, list | tuple) and len(value) == 2:
        return {"lat": value[1], "lon": value[0]}
    return value


class MapLocation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    mentions: int = 0
    country_code: str | None = None
    country: str | None = None
    kind: str | None = None
    location: GeoPoint | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _point(cls, value: Any) -> Any:
        return _geo_point(value)


class EntityMention(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str
    category: str
    mentions: int = 0


class ArticleDetail(ArticleSummary):
    caption: str | None = None
    photo_credit: str | None = None
    credit_parts: list[str] = Field(default_factory=list)
    dateline: str | None = None
    dateline_date: str | None = None
    dateline_place: str | None = None
    published: str | None = None
    authors: list[str] = Field(default_factory=list)
    url: str | None = None
    paragraphs: list[str] = Field(default_factory=list)
    body: str = ""
    language: str | None = None
    word_count: int | None = None
    reading_time_minutes: float | None = None
    organisations: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    events: list[str] = Field(default_factory=list)
    entities: list[EntityMention] = Field(default_factory=list)
    key_phrases: list[str] = Field(default_factory=list)
    sentiment: float | None = None
    locations: list[MapLocation] = Field(default_factory=list)
    dateline_location: MapLocation | None = None
    location: GeoPoint | None = None
    indexed_at: str | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _point(cls, value: Any) -> Any:
        return _geo_point(value)


class ArticleResponse(BaseModel):
    article: ArticleDetail
    same_story: list[ArticleSummary] = Field(
        description="Articles of the same story: the same story_id, or linked by duplicate_of."
    )
    more_like_this: list[ArticleSummary] = Field(description="Similar articles by title and body terms.")


class HealthResponse(BaseModel):
    status: Literal["ok", "unavailable"]
    elasticsearch: str = Field(description="Cluster status (green, yellow, red) or why it did not answer.")
