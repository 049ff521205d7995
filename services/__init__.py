"""The four Newsflow services, one module each: watcher, parser, enricher, indexer."""
