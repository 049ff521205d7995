"""`newsflow watch add/list/rm/test`: saved searches that alert when a new article matches."""

import asyncio
from datetime import timedelta
from typing import Annotated, Any

import typer
from rich.table import Table

from services.cli.output import console
from shared.alerts.matching import ALERT_FIELDS
from shared.alerts.watches import WatchError, check_query, get_watch, load_watches, new_watch, remove_watch, save_watch
from shared.alerts.watches import watch_query as query_of
from shared.clients import async_elasticsearch, async_redis_client
from shared.contracts import Watch, utcnow
from shared.delivery import streams
from shared.index.versions import index_analysis
from shared.settings import CommandLineSettings

app = typer.Typer(help="Watches: saved searches that alert when a new article matches.", no_args_is_help=True)


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(1)


@app.command("add")
def watch_add(
    name: Annotated[str, typer.Argument(help="Letters, digits, '.', '_' and '-'.")],
    query: Annotated[
        str, typer.Argument(help='As in the search box: words, "phrases", person:, org:, place:, lang: ...')
    ],
    webhook: Annotated[str | None, typer.Option(help="POST each match here as JSON (http or https).")] = None,
) -> None:
    """Add a watch; its query is checked first. From now on, every new article it matches alerts."""
    settings = CommandLineSettings()

    async def add() -> Watch:
        watch = new_watch(name, query, webhook)
        es, redis = async_elasticsearch(settings), async_redis_client(settings)
        try:
            await check_query(es, settings.index, watch.query, await index_analysis(es, settings.index))
            await save_watch(redis, watch)
        finally:
            await es.close()
            await redis.aclose()
        return watch

    try:
        watch = asyncio.run(add())
    except WatchError as exc:
        raise fail(str(exc)) from None
    except Exception as exc:
        raise fail(f"cannot add the watch: {type(exc).__name__}: {exc}") from None
    target = f", POSTed to {watch.webhook}" if watch.webhook else " (no webhook: the explorer shows its matches)"
    typer.echo(f"watch {watch.name!r} added: {watch.query}{target}")


@app.command("list")
def watch_list() -> None:
    """Every watch with its query, webhook and how many articles it alerted on."""
    settings = CommandLineSettings()

    async def rows() -> list[tuple[Watch, int, int]]:
        redis = async_redis_client(settings)
        try:
            watches = await load_watches(redis)
            counts = [
                (w, await redis.hlen(streams.ALERTED + w.name), await redis.hlen(streams.DELIVERED + w.name))
                for w in watches
            ]
        finally:
            await redis.aclose()
        return counts

    table = Table("name", "query", "webhook", "since", "alerted", "delivered", box=None)
    listed = asyncio.run(rows())
    for watch, alerted, delivered in listed:
        since = watch.created_at.strftime("%Y-%m-%d %H:%M")
        table.add_row(watch.name, watch.query, watch.webhook or "-", since, str(alerted), str(delivered))
    console().print(table)
    typer.echo(f"{len(listed)} watch(es)", err=True)


@app.command("rm")
def watch_rm(name: Annotated[str, typer.Argument(help="The watch's name.")]) -> None:
    """Remove a watch (and its memory of what it alerted on)."""

    async def remove() -> bool:
        redis = async_redis_client(CommandLineSettings())
        try:
            return await remove_watch(redis, name)
        finally:
            await redis.aclose()

    if not asyncio.run(remove()):
        raise fail(f"no watch named {name!r}")
    typer.echo(f"watch {name!r} removed")


@app.command("test")
def watch_test(
    name: Annotated[str, typer.Argument(help="The watch's name.")],
    days: Annotated[float, typer.Option(min=0.01, help="How far back to look, in days.")] = 1.0,
    size: Annotated[int, typer.Option(min=1, max=100, help="Articles to show.")] = 20,
) -> None:
    """What the watch would have matched among the articles indexed in the last day (or --days)."""
    settings = CommandLineSettings()

    async def matches() -> tuple[Watch | None, dict[str, Any]]:
        es, redis = async_elasticsearch(settings), async_redis_client(settings)
        try:
            watch = await get_watch(redis, name)
            if watch is None:
                return None, {}
            since = (utcnow() - timedelta(days=days)).isoformat()
            query = {
                "bool": {
                    "must": [query_of(watch.query, await index_analysis(es, settings.index))],
                    "filter": [{"range": {"first_indexed_at": {"gte": since}}}],
                }
            }
            answer = await es.search(
                index=settings.index,
                query=query,
                size=size,
                sort=[{"first_indexed_at": "desc"}],
                source_includes=ALERT_FIELDS,
                track_total_hits=True,
                ignore_unavailable=True,
            )
            return watch, dict(answer)
        finally:
            await es.close()
            await redis.aclose()

    try:
        watch, answer = asyncio.run(matches())
    except Exception as exc:
        raise fail(f"cannot run the watch: {type(exc).__name__}: {exc}") from None
    if watch is None:
        raise fail(f"no watch named {name!r}")
    table = Table("date", "title", "id", box=None)
    for hit in answer["hits"]["hits"]:
        source = hit["_source"]
        table.add_row(str(source.get("article_date", ""))[:10], source.get("title") or "-", hit["_id"])
    console().print(table)
    total = answer["hits"]["total"]["value"]
    typer.echo(f"{total} article(s) indexed in the last {days:g} day(s) match {watch.name!r}: {watch.query}", err=True)
