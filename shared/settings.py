"""Settings of every service, read from the environment (prefix NEWSFLOW_) or a .env file.

Composed from parts, so each field is declared once: RedisSettings, ElasticsearchSettings,
HttpSettings, LoggingSettings and StageSettings (what every consuming stage shares). A service's
class lists the parts it uses plus its own fields. Secrets are SecretStr: they never appear in
logs or reprs.
"""

from pathlib import Path
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class _Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSFLOW_", env_file=".env", extra="ignore")


class LoggingSettings(_Settings):
    log_level: str = Field("INFO", description="DEBUG, INFO, WARNING or ERROR.")
    log_json: bool = Field(False, description="Log one JSON object per line instead of text.")

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError(f"unknown log level {value!r}")
        return level


class RedisSettings(_Settings):
    redis_url: str = Field("redis://localhost:6379/0", description="Redis holding the streams.")
    redis_password: SecretStr | None = Field(None, description="Redis password (secret).")

    @field_validator("redis_url")
    @classmethod
    def _redis_url_has_no_password(cls, value: str) -> str:
        # Keep the secret out of a value that is logged; it goes in NEWSFLOW_REDIS_PASSWORD.
        if urlsplit(value).password:
            raise ValueError("put the Redis password in NEWSFLOW_REDIS_PASSWORD, not in NEWSFLOW_REDIS_URL")
        return value


AnalysisSetting = Literal["auto", "python", "elasticsearch"]


class ElasticsearchSettings(_Settings):
    elasticsearch_url: str = Field("http://localhost:9200", description="Elasticsearch URL.")
    elasticsearch_api_key: SecretStr | None = Field(None, description="Elasticsearch API key (secret).")
    index: str = Field(
        "newsflow-articles",
        description="Name the articles are searched under: an alias of the index version in use (`<name>-v<N>`).",
    )
    analysis: AnalysisSetting = Field(
        "auto",
        description="How a new index version analyses text for search: `elasticsearch` (its own stemmer, "
        "folding and synonyms; needs the full distribution), `python` (stemmed copies made by the indexer; "
        "any distribution) or `auto` (`elasticsearch` when the server has the analysis module).",
    )


class HttpSettings(_Settings):
    """The /health and /metrics side of a worker service."""

    default_http_port: ClassVar[int] = 8100
    """Each service sets its own, so the four can run side by side on one machine."""

    http_host: str = Field("127.0.0.1", description="Address of the service's /health and /metrics.")
    http_port: int | None = Field(
        None,
        ge=0,
        le=65535,
        description="Port of /health and /metrics (0: any free port; default: watcher 8101, parser 8102, "
        "enricher 8103, indexer 8104, or any free port when another replica on this machine has it).",
    )

    @property
    def port(self) -> int:
        return self.default_http_port if self.http_port is None else self.http_port


class StageSettings(RedisSettings, HttpSettings, LoggingSettings):
    """What every consuming stage (parser, enricher, indexer) shares: delivery and trimming."""

    max_records: int = Field(50, ge=1, description="Most stream entries read at once per subscriber.")
    max_deliveries: int = Field(5, ge=1, description="Deliveries of a failing message before it is dead-lettered.")
    retain_seconds: float = Field(
        3600.0, ge=0, description="Acknowledged stream entries are kept this long, then trimmed."
    )
    trim_interval_seconds: float = Field(60.0, gt=0, description="How often a stage trims its input stream.")
    claim_idle_ms: int = Field(
        60_000, ge=100, description="Idle time after which a pending message of a dead replica is reclaimed."
    )


class InboxSettings(_Settings):
    """What decides whether a file is sent: shared by the watcher and `newsflow ingest`."""

    inbox: Path = Field(Path("./inbox"), description="Folder watched for new article files.")
    max_file_bytes: int = Field(20_000_000, gt=0, description="Larger files are refused with an error.")
    reingest_changed: bool = Field(True, description="A file changed after it was sent is sent again as a new version.")


class WatcherSettings(RedisSettings, HttpSettings, LoggingSettings, InboxSettings):
    default_http_port: ClassVar[int] = 8101

    settle_seconds: float = Field(
        1.0,
        ge=0,
        description="A file not yet closed by its writer (or on a mount without inotify) is read once its size "
        "and mtime are unchanged this long; a closed or moved-in file is read at once.",
    )
    rescan_seconds: float = Field(
        5.0, gt=0, description="Full rescan period (file events are not delivered on some mounts)."
    )


class ParserSettings(StageSettings):
    default_http_port: ClassVar[int] = 8102


class EnricherSettings(StageSettings):
    default_http_port: ClassVar[int] = 8103

    nlp_model: str = Field(
        "en_core_web_md",
        description="spaCy English pipeline: en_core_web_md or en_core_web_sm (both installed), another "
        "package such as en_core_web_lg where installed, or a model folder.",
    )
    nlp_tagger: bool = Field(
        False,
        description="Run spaCy's part-of-speech tagger: better key phrases, about 1.6 times slower.",
    )
    nlp: bool = Field(
        True,
        description="Run the NLP (language, entities, places, key phrases, sentiment, near-duplicate "
        "fingerprints); off, articles get only word count and reading time (to measure the pipeline itself).",
    )
    words_per_minute: int = Field(230, gt=0, description="Reading speed used for reading time.")


class IndexerSettings(StageSettings, ElasticsearchSettings):
    default_http_port: ClassVar[int] = 8104

    duplicate_threshold: float = Field(
        0.8,
        ge=0,
        le=1,
        description="Estimated similarity of bodies above which an article is linked to an earlier one.",
    )
    refresh_seconds: float = Field(
        0.5,
        ge=0,
        description="During a burst, longest wait before written articles are searchable (one refresh per "
        "interval); after a quiet spell a batch is searchable at once. 0: a refresh with every batch, which "
        "costs Elasticsearch more CPU.",
    )
    bulk_retries: int = Field(
        5,
        ge=1,
        description="Tries of a bulk item Elasticsearch refuses (429, 5xx) before the message is left for redelivery.",
    )
    max_backoff_seconds: float = Field(
        30.0, gt=0, description="Longest wait between retries while Elasticsearch is unreachable."
    )


class AlerterSettings(StageSettings, ElasticsearchSettings):
    default_http_port: ClassVar[int] = 8105

    explorer_url: str = Field(
        "http://localhost:8000", description="The explorer's address as users reach it: alerts link to articles there."
    )
    webhook_timeout_seconds: float = Field(
        10.0, gt=0, description="Longest wait for a webhook's answer; no answer is a failed delivery, retried."
    )


class ExplorerSettings(ElasticsearchSettings, RedisSettings, LoggingSettings):
    explorer_host: str = Field("127.0.0.1", description="Address the explorer (search page and API) listens on.")
    explorer_port: int = Field(8000, ge=1, le=65535, description="Port of the explorer.")


class CommandLineSettings(RedisSettings, ElasticsearchSettings, InboxSettings):
    """`newsflow`: it talks to Redis and Elasticsearch and sends files as the watcher does."""
