"""`newsflow parse` and `newsflow enrich`: what the pipeline would make of files, without any server."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from services.cli.output import input_files
from shared.contracts import utcnow
from shared.errors import ParseError
from shared.index.documents import article_date, document, merge_sources
from shared.parsing import parse_file
from shared.settings import EnricherSettings


def parse(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to parse.")],
) -> None:
    """Print the articles the parser makes, one JSON object per line, without any server.

    Errors for files it cannot use go to standard error. Exit status 0 when every file gave at
    least one article, 1 otherwise.
    """
    failed = 0
    for path, name in input_files(paths):
        try:
            result = parse_file(name, path.read_bytes())
        except OSError as exc:
            failed += 1
            typer.echo(f"error: {name}: unreadable: {exc.strerror or exc}", err=True)
            continue
        except ParseError as exc:
            failed += 1
            typer.echo(f"error: {exc}", err=True)
            continue
        for article in result.articles:
            sys.stdout.write(article.model_dump_json() + "\n")
        for error in result.errors:
            typer.echo(f"warning: {error}", err=True)
        for reason in result.skipped:
            typer.echo(f"skipped: {name}: {reason}", err=True)
    raise typer.Exit(1 if failed else 0)


def enrich(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to parse and enrich.")],
) -> None:
    """Parse and enrich files without any server; print each article as the indexer would write it
    (one JSON object per line), minus what only the index knows (near-duplicate links)."""
    from shared.enrichment.enrich import enrich_batch  # loads spaCy: only for this command

    settings = EnricherSettings()
    failed = 0
    now = utcnow().isoformat()
    for path, name in input_files(paths):
        try:
            result = parse_file(name, path.read_bytes())
        except (OSError, ParseError) as exc:
            failed += 1
            typer.echo(f"error: {exc}" if isinstance(exc, ParseError) else f"error: {name}: {exc}", err=True)
            continue
        for item in enrich_batch(result.articles, settings.words_per_minute, settings.nlp_model, settings.nlp_tagger):
            doc = document(item)
            sources = merge_sources([], [item.article.source.model_dump()])
            doc |= article_date(doc, now) | {"sources": sources, "source_files": [s["file_name"] for s in sources]}
            sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)
