"""Commands about the running pipeline and its index: `newsflow ingest`, `reenrich`, `status` and `reindex`."""

import asyncio
import json
import logging
import urllib.error
import urllib.request
from pathlib import Path
from typing import Annotated, Any

import typer
from elasticsearch import NotFoundError
from elasticsearch.helpers import scan
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from services.cli.output import console, input_files
from shared.clients import async_elasticsearch, elasticsearch, make_broker, redis_client
from shared.contracts import ENRICHMENT_VERSION, Article, Watch
from shared.delivery import streams
from shared.inbox.backfill import Backfill, publish, wait
from shared.index.reindex import Reindexed, copy_to_next_version
from shared.settings import CommandLineSettings, RedisSettings


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to ingest.")],
    force: Annotated[bool, typer.Option(help="Send files again even if their content was sent before.")] = False,
    timeout: Annotated[float, typer.Option(help="Give up waiting after this many seconds.")] = 3600,
) -> None:
    """Backfill files through the running pipeline and follow them until every article is indexed
    or dead-lettered. Exit status 0 when everything was indexed, 1 otherwise."""
    settings = CommandLineSettings()
    backfill = Backfill(files=input_files(paths))
    # The sender logs each refusal; here the summary below reports them, once, in words.
    logging.getLogger("newsflow.ingest").setLevel(logging.CRITICAL)
    asyncio.run(publish(backfill, settings, force))
    refused = len(backfill.failed)  # files the sender would not send (too large, empty, unreadable)
    for name in backfill.skipped:
        typer.echo(f"skipped {name}: sent before (--force to send again)", err=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True),
    ) as progress:  # fmt: skip
        files = progress.add_task("files published", total=len(backfill.files), completed=backfill.sent)
        articles = progress.add_task("articles indexed", total=len(backfill.expected))
        failures = progress.add_task("failures", total=None)

        def update() -> None:
            progress.update(files, completed=backfill.sent + len(backfill.skipped) + refused)
            progress.update(articles, completed=len(backfill.indexed))
            progress.update(failures, completed=len(backfill.failed))

        finished = wait(backfill, elasticsearch(settings), settings.index, redis_client(settings), timeout, update)
    for key, reason in sorted(backfill.failed.items()):
        typer.echo(f"failed: {reason}" if reason.startswith(key) else f"failed: {key}: {reason}", err=True)
    summary = (
        f"{backfill.sent} file(s) sent, {len(backfill.indexed)} article(s) indexed, {len(backfill.failed)} failure(s)"
    )
    typer.echo(summary if finished else f"{summary}; gave up waiting after {timeout:.0f}s", err=True)
    raise typer.Exit(0 if finished and not backfill.failed else 1)


def reenrich(
    before: Annotated[
        str, typer.Option(help="Re-enrich documents whose enrichment_version is older than this.")
    ] = ENRICHMENT_VERSION,
) -> None:
    """Send stored articles that an older enricher produced through the enricher again."""
    settings = CommandLineSettings()
    es = elasticsearch(settings)
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


async def publish_articles(settings: RedisSettings, articles: list[Article]) -> None:
    async with make_broker(settings, logging.getLogger("newsflow.cli")) as broker:
        for article in articles:
            await broker.publish(article, stream=streams.ARTICLES)


def reindex() -> None:
    """Rebuild the index as its next version (`<index>-v<N+1>`): every document copied with its
    search fields made again, the way this Elasticsearch can do (NEWSFLOW_ANALYSIS), then the
    alias moved to it in one step. Searches and the pipeline go on meanwhile (writes wait a few
    seconds at the switch). Exit status 1 if anything failed; the alias then stays where it was."""
    settings = CommandLineSettings()

    async def run() -> Reindexed:
        es = async_elasticsearch(settings, request_timeout=120)
        try:
            with Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True),
            ) as progress:  # fmt: skip
                task = progress.add_task(f"documents of {settings.index} copied", total=None)
                return await copy_to_next_version(
                    es,
                    settings.index,
                    settings.analysis,
                    lambda done, total: progress.update(task, completed=done, total=total),
                )
        finally:
            await es.close()

    try:
        result = asyncio.run(run())
    except Exception as exc:
        typer.echo(f"error: reindex failed, {settings.index} is unchanged: {exc}", err=True)
        raise typer.Exit(1) from exc
    if result.source == result.target:
        typer.echo(f"{settings.index} had no index yet: created {result.target} ({result.analysis} analysis), empty")
        return
    typer.echo(
        f"{result.copied} document(s) copied from {result.source} to {result.target} ({result.analysis} analysis), "
        f"{result.copied_again} written meanwhile copied again; {settings.index} now reads {result.target}"
    )
    if result.source != settings.index:
        typer.echo(
            f"{result.source} is kept, read-only and out of the alias: delete it when you no longer need it "
            f"(curl -X DELETE {settings.elasticsearch_url}/{result.source})"
        )


def answers(url: str) -> str:
    """ "ok", or why a replica's /health does not say so."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return "ok" if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except OSError as exc:
        return f"no answer ({getattr(exc, 'reason', exc)})"


def status() -> None:
    """Per stream its length, per consumer group pending and lag; the running replicas and their
    /health; dead letters; documents indexed."""
    settings = CommandLineSettings()
    client = redis_client(settings)
    replicas = Table("service", "replica", "health", "answers", box=None)
    listed = {
        name.decode() if isinstance(name, bytes) else name: json.loads(raw)
        for name, raw in client.hgetall(streams.REPLICAS).items()
    }
    for name, replica in sorted(listed.items(), key=lambda item: (item[1]["service"], item[0])):
        replicas.add_row(replica["service"], name, replica["health"], answers(replica["health"]))
    table = Table("stream", "length", "group", "consumers", "pending", "lag", box=None)
    for stream in (streams.FILES, streams.ARTICLES, streams.ENRICHED, streams.INDEXED, streams.ALERTS, streams.DEAD):
        length = client.xlen(stream)
        groups = client.xinfo_groups(stream) if client.exists(stream) else []
        if not groups:
            table.add_row(stream, str(length), "-", "-", "-", "-")
        for info in groups:
            lag = "?" if info.get("lag") is None else str(info["lag"])
            table.add_row(stream, str(length), info["name"].decode(), str(info["consumers"]), str(info["pending"]), lag)
    console().print(table)
    watches = client.hgetall(streams.WATCHES)
    if watches:
        listed_watches = Table("watch", "query", "webhook", "alerted", "delivered", box=None)
        for _key, raw in sorted(watches.items()):
            watch = Watch.model_validate_json(raw)
            alerted, delivered = client.hlen(streams.ALERTED + watch.name), client.hlen(streams.DELIVERED + watch.name)
            listed_watches.add_row(watch.name, watch.query, watch.webhook or "-", str(alerted), str(delivered))
        console().print(listed_watches)
    else:
        typer.echo("No watch (newsflow watch add NAME QUERY).")
    if replicas.row_count:
        console().print(replicas)
    else:
        typer.echo("No replica is running (none listed in Redis).")
    try:
        es = elasticsearch(settings)
        count = es.count(index=settings.index)["count"]
        behind = sorted(es.indices.get(index=settings.index))  # the version the alias reads
        typer.echo(
            f"Elasticsearch {settings.elasticsearch_url}, index {settings.index} ({', '.join(behind)}): "
            f"{count} document(s)"
        )
    except NotFoundError:
        typer.echo(
            f"Elasticsearch {settings.elasticsearch_url}, index {settings.index}: none yet (the indexer makes it)"
        )
    except Exception as exc:
        typer.echo(f"Elasticsearch {settings.elasticsearch_url}, index {settings.index}: unavailable ({exc})")
