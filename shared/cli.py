"""The `newsflow` command line."""

import asyncio
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import redis
import typer
from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from shared import streams
from shared.deadletters import get_dead, list_dead, replay
from shared.documents import article_date, document, merge_sources
from shared.files import walk
from shared.ingest import Backfill, publish, wait
from shared.models import ENRICHMENT_VERSION, Article, utcnow
from shared.parsing import ParseError, parse_file
from shared.search import FACETS, POST, PRE, search_body
from shared.settings import BaseServiceSettings, ElasticsearchSettings, EnricherSettings, IndexerSettings
from shared.stage import make_broker

app = typer.Typer(help="Newsflow: news files in, enriched searchable documents out.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Newsflow command line."""


def _files(paths: list[Path]) -> list[tuple[Path, str]]:
    """(path, name to report) for every file named or found in a named folder."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found += [(f, f.relative_to(path).as_posix()) for f in walk(path)]
        else:
            found.append((path, path.name))
    return found


@app.command()
def parse(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to parse.")],
) -> None:
    """Print the articles the parser makes, one JSON object per line, without any server.

    Errors for files it cannot use go to standard error. Exit status 0 when every file gave at
    least one article, 1 otherwise.
    """
    failed = 0
    for path, name in _files(paths):
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
    raise typer.Exit(1 if failed else 0)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    force: Annotated[bool, typer.Option(help="Send files again even if their content was sent before.")] = False,
    timeout: Annotated[float, typer.Option(help="Give up waiting after this many seconds.")] = 3600,
) -> None:
    """Backfill files through the running pipeline and follow them until every article is indexed
    or dead-lettered. Exit status 0 when everything was indexed, 1 otherwise."""
    settings = IndexerSettings()
    client = _redis()
    backfill = Backfill(files=_files(paths))
    asyncio.run(publish(backfill, settings, client, force))
    for name in backfill.skipped:
        typer.echo(f"skipped {name}: sent before (--force to send again)", err=True)
    es = _elasticsearch(settings)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as progress:  # fmt: skip
        files = progress.add_task("files published", total=len(backfill.files), completed=backfill.sent)
        articles = progress.add_task("articles indexed", total=len(backfill.expected))
        failures = progress.add_task("failures", total=None)

        def update() -> None:
            progress.update(files, completed=backfill.sent + len(backfill.skipped))
            progress.update(articles, completed=len(backfill.indexed))
            progress.update(failures, completed=len(backfill.failed))

        finished = wait(backfill, es, settings.index, client, timeout, update)
    for key, reason in sorted(backfill.failed.items()):
        typer.echo(f"failed: {reason}" if reason.startswith(key) else f"failed: {key}: {reason}", err=True)
    summary = (
        f"{backfill.sent} file(s) sent, {len(backfill.indexed)} article(s) indexed, {len(backfill.failed)} failure(s)"
    )
    typer.echo(summary if finished else f"{summary}; gave up waiting after {timeout:.0f}s", err=True)
    raise typer.Exit(0 if finished and not backfill.failed else 1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find in title, caption and body; empty for all.")] = "",
    person: Annotated[list[str] | None, typer.Option(help="Only articles mentioning this person (repeatable).")] = None,
    organisation: Annotated[list[str] | None, typer.Option(help="... this organisation (repeatable).")] = None,
    place: Annotated[list[str] | None, typer.Option(help="... this place (repeatable).")] = None,
    country: Annotated[list[str] | None, typer.Option(help="... this ISO country code (repeatable).")] = None,
    agency: Annotated[list[str] | None, typer.Option(help="Only from this agency (repeatable: any of them).")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Only in this language code (repeatable).")] = None,
    since: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="From this day on.")] = None,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Up to this day.")] = None,
    size: Annotated[int, typer.Option(min=1, max=100, help="Articles to show.")] = 10,
) -> None:
    """Search the articles: a table of matches with highlighted snippets, then facet counts."""
    settings = ElasticsearchSettings()
    filters_all = {"people": person, "organisations": organisation, "places": place, "countries": country}
    body = search_body(
        query or None,
        {field: values or [] for field, values in filters_all.items()},
        {"agency": agency or [], "language": language or []},
        since.date() if since else None,
        until.date() if until else None,
        "relevance",
    )
    try:
        result = _elasticsearch(settings).search(index=settings.index, size=size, **body)
    except Exception as exc:
        typer.echo(f"error: search failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    out = console()
    hits = result["hits"]["hits"]
    table = Table("date", "title", "agency", "people", "snippet", box=None, show_lines=True)
    for hit in hits:
        doc = hit["_source"]
        snippet = " … ".join(hit.get("highlight", {}).get("body", []))
        table.add_row(
            str(doc.get("article_date", ""))[:10],
            _marked(hit.get("highlight", {}).get("title", [doc.get("title", "")])[0]),
            escape(doc.get("agency") or ""),
            escape(", ".join(doc.get("people", [])[:3])),
            _marked(snippet),
        )
    out.print(table)
    out.print(f"{result['hits']['total']['value']} article(s)")
    for name in FACETS:
        buckets = result.get("aggregations", {}).get(name, {}).get("buckets", [])
        if buckets:
            counts = ", ".join(f"{escape(str(b['key']))} ({b['doc_count']})" for b in buckets[:8])
            out.print(f"[bold]{name}[/bold]: {counts}")


def _marked(fragment: str) -> str:
    """Highlight marks to rich markup; everything else escaped (it is article text, not markup)."""
    return escape(fragment).replace(PRE, "[bold yellow]").replace(POST, "[/bold yellow]")


def _elasticsearch(settings: ElasticsearchSettings) -> Elasticsearch:
    api_key = settings.elasticsearch_api_key.get_secret_value() if settings.elasticsearch_api_key else None
    return Elasticsearch(settings.elasticsearch_url, api_key=api_key, request_timeout=30)


@app.command()
def enrich(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to parse and enrich.")],
) -> None:
    """Parse and enrich files without any server; print each article as the indexer would write it
    (one JSON object per line), minus what only the index knows (near-duplicate links)."""
    from shared.enrichment import enrich_batch  # loads spaCy: only for this command

    settings = EnricherSettings()
    failed = 0
    now = utcnow().isoformat()
    for path, name in _files(paths):
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


@app.command()
def reenrich(
    before: Annotated[
        str, typer.Option(help="Re-enrich documents whose enrichment_version is older than this.")
    ] = ENRICHMENT_VERSION,
) -> None:
    """Send stored articles that an older enricher produced through the enricher again."""
    settings = IndexerSettings()
    es = _elasticsearch(settings)
    query = {"bool": {"must_not": [{"term": {"enrichment_version": ENRICHMENT_VERSION}}]}}
    articles = [
        stored_article(hit["_source"])
        for hit in scan(es, index=settings.index, query={"query": query})
        if older(str(hit["_source"].get("enrichment_version", "0")), before)
    ]
    asyncio.run(publish_articles(settings, articles))
    typer.echo(f"sent {len(articles)} article(s) older than enrichment version {before} to the enricher", err=True)


def older(version: str, than: str) -> bool:
    if version.isdigit() and than.isdigit():
        return int(version) < int(than)
    return version < than


def stored_article(doc: dict[str, Any]) -> Article:
    """The article as the parser made it, from its stored document (its first source stands for all:
    the indexer keeps the others when it writes the document again)."""
    fields = {name: doc[name] for name in Article.model_fields if name in doc and name != "source"}
    return Article.model_validate({**fields, "source": doc["sources"][0]})


async def publish_articles(settings: BaseServiceSettings, articles: list[Article]) -> None:
    async with make_broker(settings, logging.getLogger("newsflow.cli")) as broker:
        for article in articles:
            await broker.publish(article, stream=streams.ARTICLES)


dead = typer.Typer(help="Messages a stage gave up on (the newsflow:dead stream).", no_args_is_help=True)
app.add_typer(dead, name="dead")


def console() -> Console:
    # Piped output (grep, files) is not wrapped at 80 columns.
    return Console() if sys.stdout.isatty() else Console(width=300)


def _redis() -> redis.Redis:
    settings = BaseServiceSettings()
    password = settings.redis_password.get_secret_value() if settings.redis_password else None
    return redis.Redis.from_url(settings.redis_url, password=password)


@dead.command("list")
def dead_list(limit: Annotated[int, typer.Option(help="Show at most this many, oldest first.")] = 100) -> None:
    """List dead letters: id, time, stage, attempts, file and reason."""
    letters = list_dead(_redis(), count=limit)
    table = Table("id", "last failed", "stage", "tries", "file", "reason", box=None)
    for entry_id, letter in letters:
        when = letter.last_failed_at.strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(entry_id, when, letter.stage, str(letter.attempts), letter.file_name or "-", letter.reason)
    console().print(table)
    typer.echo(f"{len(letters)} dead letter(s)", err=True)


@dead.command("show")
def dead_show(
    entry_id: Annotated[str, typer.Argument(help="Dead letter id, from `newsflow dead list`.")],
    full: Annotated[bool, typer.Option(help="Print the whole payload, however long.")] = False,
) -> None:
    """Everything about one dead letter, as JSON."""
    letter = get_dead(_redis(), entry_id)
    if letter is None:
        typer.echo(f"error: no dead letter {entry_id}", err=True)
        raise typer.Exit(1)
    data = letter.model_dump(mode="json")
    if not full and len(letter.payload) > 2000:
        data["payload"] = letter.payload[:2000] + f"... ({len(letter.payload)} characters; --full for all)"
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@dead.command("replay")
def dead_replay(
    entry_ids: Annotated[list[str] | None, typer.Argument(help="Dead letter ids; all of them if none.")] = None,
    stage: Annotated[str | None, typer.Option(help="Only dead letters of this stage.")] = None,
) -> None:
    """Send dead letters back to the stream they came from (after fixing the cause), and remove them."""
    client = _redis()
    letters = [(i, d) for i, d in list_dead(client, count=1_000_000) if (not entry_ids or i in entry_ids)]
    letters = [(i, d) for i, d in letters if stage is None or d.stage == stage]
    missing = set(entry_ids or ()) - {i for i, _ in letters}
    for entry_id in sorted(missing):
        typer.echo(f"error: no dead letter {entry_id}" + (f" of stage {stage}" if stage else ""), err=True)
    replayed = asyncio.run(replay(BaseServiceSettings(), letters))
    for entry_id, letter in letters:
        if entry_id not in replayed:
            typer.echo(
                f"skipped {entry_id}: {letter.file_name} was refused by the watcher; copy the file again", err=True
            )
    typer.echo(f"replayed {len(replayed)} dead letter(s)", err=True)
    raise typer.Exit(1 if missing else 0)


@dead.command("purge")
def dead_purge(yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False) -> None:
    """Delete every dead letter."""
    client = _redis()
    count = client.xlen(streams.DEAD)
    if count and not yes:
        typer.confirm(f"Delete {count} dead letter(s)?", abort=True)
    client.delete(streams.DEAD)
    typer.echo(f"deleted {count} dead letter(s)", err=True)


@app.command()
def status() -> None:
    """Per stream its length, per consumer group pending and lag, dead letters, documents indexed."""
    client = _redis()
    table = Table("stream", "length", "group", "consumers", "pending", "lag", box=None)
    for stream in (streams.FILES, streams.ARTICLES, streams.ENRICHED, streams.DEAD):
        length = client.xlen(stream)
        groups = client.xinfo_groups(stream) if client.exists(stream) else []
        if not groups:
            table.add_row(stream, str(length), "-", "-", "-", "-")
        for info in groups:
            lag = "?" if info.get("lag") is None else str(info["lag"])
            table.add_row(stream, str(length), info["name"].decode(), str(info["consumers"]), str(info["pending"]), lag)
    console().print(table)
    settings = IndexerSettings()
    try:
        count = _elasticsearch(settings).count(index=settings.index)["count"]
        typer.echo(f"Elasticsearch {settings.elasticsearch_url}, index {settings.index}: {count} document(s)")
    except Exception as exc:
        typer.echo(f"Elasticsearch {settings.elasticsearch_url}, index {settings.index}: unavailable ({exc})")


if __name__ == "__main__":
    app()
