"""Every Redis key Newsflow uses, in one place."""

FILES = "newsflow:files"
"""Watcher -> parser: one message per new file, with its bytes."""
ARTICLES = "newsflow:articles"
"""Parser -> enricher: one message per article."""
ENRICHED = "newsflow:enriched"
"""Enricher -> indexer: article plus enrichment."""
DEAD = "newsflow:dead"
"""Dead letters from any stage, with stage, reason and payload."""
INDEXED = "newsflow:indexed"
"""Indexer -> alerter: the ids of the documents one bulk write wrote (new or changed)."""
ALERTS = "newsflow:alerts"
"""Alerter -> its webhook delivery and the explorer's live list: one message per watch and article."""

PARSER_GROUP = "parser"
ENRICHER_GROUP = "enricher"
INDEXER_GROUP = "indexer"
ALERTER_GROUP = "alerter"
WEBHOOK_GROUP = "webhook"

GROUPS: dict[str, str] = {
    FILES: PARSER_GROUP,
    ARTICLES: ENRICHER_GROUP,
    ENRICHED: INDEXER_GROUP,
    INDEXED: ALERTER_GROUP,
    ALERTS: WEBHOOK_GROUP,
}
"""Input stream of each consuming stage -> its consumer group."""

WATCHER_SEEN = "newsflow:watcher:seen"
"""Hash: sha256 of a published file's content -> JSON with its name and time (restart memory)."""
WATCHER_PATHS = "newsflow:watcher:paths"
"""Hash: file name in the inbox -> sha256 of the version last sent."""

REPLICAS = "newsflow:replicas"
"""Hash: replica (hostname-pid) -> JSON with its service, /health URL and start time; a replica adds
itself when it starts and removes itself when it stops (`newsflow status` lists them)."""

FAILURES = "newsflow:failures"
"""Hash: "<stream>|<group>|<entry id>" -> time of the first failed delivery (for dead letters)."""

WATCHES = "newsflow:watches"
"""Hash: watch name -> the Watch as JSON (its query, webhook and creation time)."""
ALERTED = "newsflow:alerted:"
"""Hash per watch (prefix + name): article id -> when it was alerted; an article alerts a watch once."""
DELIVERED = "newsflow:delivered:"
"""Hash per watch (prefix + name): article id -> when its webhook accepted the alert."""
