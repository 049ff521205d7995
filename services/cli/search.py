"""`newsflow search`: the explorer's query, as a table in the terminal, or every match as CSV or
NDJSON on standard output (streamed, so a large result set needs no memory)."""

import asyncio
import sys
from datetime import datetime
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape
from rich.table import Table

from services.cli.output import console, marked
from shared.clients import async_elasticsearch, elasticsearch
from shared.index.analysis import Analysis
from shared.index.export import export_lines
from shared.index.queries import FACETS, FEW_HITS, did_you_mean, search_body
from shared.index.versions import index_analysis
from shared.settings import CommandLineSettings


def search(
    query: Annotated[
        str,
        typer.Argument(
            help='Words to find in title, caption and body; empty for all. Typed filters work too: person:"Tony '
            'Blair", org:, place:, country:, agency:, lang:, since:, until:, date:2025-01.'
        ),
    ] = "",
    person: Annotated[list[str] | None, typer.Option(help="Only articles mentioning this person (repeatable).")] = None,
    organisation: Annotated[list[str] | None, typer.Option(help="... this organisation (repeatable).")] = None,
    place: Annotated[list[str] | None, typer.Option(help="... this place (repeatable).")] = None,
    country: Annotated[list[str] | None, typer.Option(help="... this ISO country code (repeatable).")] = None,
    agency: Annotated[list[str] | None, typer.Option(help="Only from this agency (repeatable: any of them).")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Only in this language code (repeatable).")] = None,
    since: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="From this day on.")] = None,
    until: Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Up to this day.")] = None,
    size: Annotated[int, typer.Option(min=1, max=100, help="Articles to show in the table.")] = 10,
    sort: Annotated[Literal["relevance", "newest", "oldest"], typer.Option(help="Order of the matches.")] = "relevance",
    format: Annotated[
        Literal["table", "csv", "json"],
        typer.Option(help="table; or csv / json (NDJSON, one article a line): every match, on standard output."),
    ] = "table",
) -> None:
    """Search the articles: a table of matches with highlighted snippets, then facet counts; or
    export every match as CSV or NDJSON (`--format csv > articles.csv`)."""
    settings = CommandLineSettings()
    filters_all = {"people": person, "organisations": organisation, "places": place, "countries": country}
    try:
        analysis = asyncio.run(_analysis(settings))
    except Exception as exc:
        typer.echo(f"error: search failed: Elasticsearch at {settings.elasticsearch_url}: {exc}", err=True)
        raise typer.Exit(1) from exc
    body = search_body(
        query or None,
        {field: values or [] for field, values in filters_all.items()},
        {"agency": agency or [], "language": language or []},
        since.date() if since else None,
        until.date() if until else None,
        sort,
        analysis=analysis,
    )
    if format != "table":
        try:
            asyncio.run(_export(settings, body, "csv" if format == "csv" else "ndjson"))
        except Exception as exc:
            typer.echo(f"error: export failed: {exc}", err=True)
            raise typer.Exit(1) from exc
        return
    try:
        result = elasticsearch(settings).search(index=settings.index, size=size, **body)
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
            marked(hit.get("highlight", {}).get("title", [doc.get("title", "")])[0]),
            escape(doc.get("agency") or ""),
            escape(", ".join(doc.get("people", [])[:3])),
            marked(snippet),
        )
    out.print(table)
    total = result["hits"]["total"]["value"]
    out.print(f"{total} article(s)")
    if total <= FEW_HITS and (suggestion := did_you_mean(query, result.get("suggest", {}))):
        out.print(f"Did you mean: [bold]{escape(suggestion)}[/bold]")
    for name in FACETS:
        buckets = result.get("aggregations", {}).get(name, {}).get("buckets", [])
        if buckets:
            counts = ", ".join(f"{escape(str(b['key']))} ({b['doc_count']})" for b in buckets[:8])
            out.print(f"[bold]{name}[/bold]: {counts}")


async def _analysis(settings: CommandLineSettings) -> Analysis:
    es = async_elasticsearch(settings)
    try:
        return await index_analysis(es, settings.index)
    finally:
        await es.close()


async def _export(settings: CommandLineSettings, body: dict[str, Any], fmt: Literal["csv", "ndjson"]) -> None:
    es = async_elasticsearch(settings)
    try:
        async for line in export_lines(es, settings.index, body, fmt):
            sys.stdout.write(line)
    finally:
        await es.close()
