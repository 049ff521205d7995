"""Watches kept in Redis (one hash, name -> Watch as JSON), and the check of a watch's query before
it is saved: a watch runs on every article from now on, so a query that cannot work is refused
when it is added, with the reason, instead of never alerting."""

from typing import Any, cast

from elasticsearch import AsyncElasticsearch
from pydantic import ValidationError
from redis.asyncio import Redis

from shared.contracts import Watch
from shared.delivery import streams
from shared.index.queries import PREFIXED, PREFIXES, parse_query, search_body

DATE_PREFIXES = ("since", "until", "date")


class WatchError(ValueError):
    """A watch that cannot be saved, and why (shown to the user as it is)."""


def new_watch(name: str, query: str, webhook: str | None) -> Watch:
    """The watch, or a WatchError that says which part is wrong."""
    try:
        return Watch(name=name, query=query.strip(), webhook=webhook or None)
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'watch'}: {e['msg']}" for e in exc.errors())
        raise WatchError(f"invalid watch: {reasons}") from None


def query_problem(query: str) -> str | None:
    """What is wrong with a watch's query that the search box would let pass: a filter it does not
    know (a typo such as `persn:` would silently become words) or a filter with no value."""
    for match in PREFIXED.finditer(query):
        prefix = match[1].casefold()
        if prefix not in PREFIXES and prefix not in DATE_PREFIXES:
            known = ", ".join(sorted({*PREFIXES, *DATE_PREFIXES}))
            return f"unknown filter {match[1]}: (known: {known})"
    parsed = parse_query(query)
    if not parsed.text and not parsed.terms and not parsed.since and not parsed.until:
        return "the query has no words and no filter"
    leftover = [m[0] for m in PREFIXED.finditer(parsed.text or "") if m[1].casefold() in DATE_PREFIXES]
    if leftover:
        return f"not a date: {leftover[0]} (use YYYY, YYYY-MM or YYYY-MM-DD)"
    return None


def watch_query(query: str, analysis: Any = "python") -> dict[str, Any]:
    """The query part of the search the explorer runs for the same text (no paging, no facets)."""
    return cast(dict[str, Any], search_body(query, {}, {}, None, None, "relevance", analysis=analysis)["query"])


async def check_query(es: AsyncElasticsearch, index: str, query: str, analysis: Any = "python") -> None:
    """Raise WatchError when the query is wrong, or Elasticsearch finds it invalid."""
    if problem := query_problem(query):
        raise WatchError(f"invalid query {query!r}: {problem}")
    answer = await es.indices.validate_query(
        index=index, query=watch_query(query, analysis), explain=True, ignore_unavailable=True
    )
    if not answer.get("valid", False):
        explanations = [e.get("error", "") for e in answer.get("explanations", []) if e.get("error")]
        raise WatchError(f"invalid query {query!r}: {'; '.join(explanations) or 'Elasticsearch refuses it'}")


async def save_watch(redis: Redis, watch: Watch, replace: bool = False) -> None:
    if replace:
        await redis.hset(streams.WATCHES, watch.name, watch.model_dump_json())
    elif not await redis.hsetnx(streams.WATCHES, watch.name, watch.model_dump_json()):
        raise WatchError(f"a watch named {watch.name!r} exists: remove it first, or choose another name")


async def load_watches(redis: Redis) -> list[Watch]:
    """Every watch, by name."""
    stored = await redis.hgetall(streams.WATCHES)
    return sorted((Watch.model_validate_json(raw) for raw in stored.values()), key=lambda w: w.name)


async def get_watch(redis: Redis, name: str) -> Watch | None:
    raw = await redis.hget(streams.WATCHES, name)
    return Watch.model_validate_json(raw) if raw else None


async def remove_watch(redis: Redis, name: str) -> bool:
    """Remove the watch and its memory of what it alerted; False if there was none."""
    removed = int(await redis.hdel(streams.WATCHES, name))
    await redis.delete(streams.ALERTED + name, streams.DELIVERED + name)
    return removed > 0
