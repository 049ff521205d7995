"""Every Redis key Newsflow uses, in one place."""

FILES = "newsflow:files"
"""Watcher -> parser: one message per new file, with its bytes."""
ARTICLES = "newsflow:articles"
"""Parser -> enricher: one message per article."""
ENRICHED = "newsflow:enriched"
"""Enricher -> indexer: article plus enrichment."""
DEAD = "newsflow:dead"
"""Dead letters from any stage, with stage, reason and payload."""

PARSER_GROUP = "parser"
ENRICHER_GROUP = "enricher"
INDEXER_GROUP = "indexer"

GROUPS: dict[str, str] = {FILES: PARSER_GROUP, ARTICLES: ENRICHER_GROUP, ENRICHED: INDEXER_GROUP}
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
