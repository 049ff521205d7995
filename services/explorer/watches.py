"""The explorer's watches: list, add and remove them (`/api/watches`), and the alerts as they are
raised, live (`/api/alerts/stream`, Server-Sent Events read from the newsflow:alerts stream)."""

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, cast

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse
from faststream.redis.parser import BinaryMessageFormatV1
from pydantic import BaseModel, Field
from redis.asyncio import Redis

from services.explorer import routes
from services.explorer.deps import ElasticsearchDep, IndexDep
from services.explorer.schemas import ErrorResponse
from shared.alerts.watches import WatchError, check_query, load_watches, new_watch, remove_watch, save_watch
from shared.contracts import WATCH_NAME, Alert, Watch
from shared.delivery import streams
from shared.index.versions import index_analysis

LATEST = 5
"""Latest matches listed per watch."""
KEEPALIVE_MS = 15_000

router = APIRouter()


async def get_redis(request: Request) -> Redis:
    client: Redis = request.app.state.redis  # built by the lifespan
    return client


RedisDep = Annotated[Redis, Depends(get_redis)]


class NewWatch(BaseModel):
    name: str = Field(description="Letters, digits, '.', '_' and '-', at most 64.")
    query: str = Field(description="As in the search box: words, phrases, person:, org:, place:, lang: ...")
    webhook: str | None = Field(None, description="Where each match is POSTed as JSON (http or https).")


class Match(BaseModel):
    id: str
    title: str | None = None
    alerted_at: str


class WatchResponse(Watch):
    alerted: int = Field(0, description="Articles it alerted on so far.")
    latest: list[Match] = Field(default_factory=list, description=f"Its latest {LATEST} matches, newest first.")


ERRORS: dict[int | str, dict[str, Any]] = {**routes.ERRORS, 409: {"model": ErrorResponse, "description": "Name taken"}}


@router.get("/api/watches", response_model=list[WatchResponse])
async def list_watches(redis: RedisDep, es: ElasticsearchDep, index: IndexDep) -> list[WatchResponse]:
    """Every watch, with how many articles it alerted on and its latest matches."""
    listed = []
    for watch in await load_watches(redis):
        alerted = cast(dict[bytes, bytes], await redis.hgetall(streams.ALERTED + watch.name))
        latest = sorted(((k.decode(), v.decode()) for k, v in alerted.items()), key=lambda kv: kv[1], reverse=True)
        titles: dict[str, str | None] = {}
        if latest:
            found = await es.mget(index=index, ids=[k for k, _ in latest[:LATEST]], source_includes=["title"])
            titles = {d["_id"]: d.get("_source", {}).get("title") for d in found["docs"] if d.get("found")}
        matches = [Match(id=k, title=titles.get(k), alerted_at=v) for k, v in latest[:LATEST]]
        listed.append(WatchResponse(**watch.model_dump(), alerted=len(alerted), latest=matches))
    return listed


@router.post("/api/watches", response_model=Watch, status_code=201, responses=ERRORS)
async def add_watch(body: NewWatch, redis: RedisDep, es: ElasticsearchDep, index: IndexDep) -> Watch:
    """Add a watch. Its query is checked first: a filter the search box does not know, or a query
    Elasticsearch refuses, is a 400 with the reason; a name in use is a 409."""
    try:
        watch = new_watch(body.name, body.query, body.webhook)
        await check_query(es, index, watch.query, await index_analysis(es, index))
    except WatchError as exc:
        raise HTTPException(400, str(exc)) from None
    try:
        await save_watch(redis, watch)
    except WatchError as exc:
        raise HTTPException(409, str(exc)) from None
    return watch


@router.delete("/api/watches/{name}", status_code=204, responses=ERRORS)
async def delete_watch(redis: RedisDep, name: Annotated[str, PathParam(pattern=WATCH_NAME)]) -> Response:
    if not await remove_watch(redis, name):
        raise HTTPException(404, f"no watch named {name!r}")
    return Response(status_code=204)


def _event(entry_id: bytes, fields: dict[bytes, bytes]) -> str:
    body, _headers = BinaryMessageFormatV1.parse(fields[b"__data__"])
    alert = Alert.model_validate_json(body)
    data = json.dumps(alert.model_dump(mode="json", exclude={"webhook"}), ensure_ascii=False)
    return f"id: {entry_id.decode()}\nevent: alert\ndata: {data}\n\n"


@router.get(
    "/api/alerts/stream", response_class=StreamingResponse, responses={200: {"content": {"text/event-stream": {}}}}
)
async def alert_stream(
    request: Request,
    redis: RedisDep,
    last_event_id: Annotated[str | None, Header(description="Resume after this alert (sent by browsers).")] = None,
) -> StreamingResponse:
    """Server-Sent Events: one `alert` event per alert raised from now on (or after Last-Event-ID)."""
    start = last_event_id if last_event_id and last_event_id.replace("-", "").isdigit() else "$"
    if start == "$":  # "$" would skip what is added between two reads: take the id of now once
        info = await redis.xinfo_stream(streams.ALERTS) if await redis.exists(streams.ALERTS) else None
        start = info["last-generated-id"].decode() if info else "0-0"

    async def events() -> AsyncIterator[str]:
        position = start
        yield ": connected\n\n"
        while not await request.is_disconnected():
            read = cast(
                list[tuple[bytes, list[tuple[bytes, dict[bytes, bytes]]]]],
                await redis.xread({streams.ALERTS: position}, count=100, block=KEEPALIVE_MS),
            )
            if not read:
                yield ": keep-alive\n\n"
                continue
            for entry_id, fields in read[0][1]:
                position = entry_id.decode()
                try:
                    yield _event(entry_id, fields)
                except ValueError:
                    continue  # not an alert: nothing to show

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)
