"""`newsflow reindex`: the article index rebuilt as a new version behind the alias, while searches
and the indexer go on. The plain distribution has no `_reindex`, so documents are copied by our own
code, which also makes their search fields again the new version's way:

1. the next version (`<name>-v<N+1>`) is created from the current template: the mapping and the way
   of search this server can do (shared/index/versions.py);
2. every document of the current version is copied into it, page by page through a point in time;
3. the current version gets a write block, so the indexer's writes wait (IndexBlockedError, retried
   however long) instead of going to an index about to leave the alias;
4. documents written while step 2 ran (`indexed_at` since it began, less a margin for clocks) are
   copied again;
5. the new version is refreshed and takes the alias in one atomic alias update. The old version
   stays, read-only, out of the alias (an index of an earlier version, named like the alias
   itself, is deleted in that same update: a name cannot be both).

Searches read the old version until step 5 and the complete new one after it. If anything fails
before step 5 (a document the new version refuses, say: then the copy stops before the block),
the write block is lifted, the new version deleted and the alias left as it was."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from elasticsearch import AsyncElasticsearch

from shared.contracts import utcnow
from shared.index.analysis import Analysis
from shared.index.documents import with_search_fields
from shared.index.export import pit_pages
from shared.index.versions import (
    current_index,
    detect_analysis,
    ensure_index,
    index_analysis,
    install_template,
    version_name,
    version_of,
)
from shared.settings import AnalysisSetting

PAGE = 500
CLOCK_MARGIN = timedelta(minutes=1)
"""Documents indexed this long before the copy began are copied again too: the indexer's clock
(which sets `indexed_at`) may be behind this one's."""


class ReindexRefusedError(Exception):
    """The new version refused documents: it is deleted and the alias stays where it was."""


@dataclass
class Reindexed:
    source: str
    target: str
    analysis: Analysis
    copied: int = 0
    copied_again: int = 0
    failed: dict[str, str] = field(default_factory=dict)
    """Document id -> why the new version refused it; the alias is not moved when there are any."""


def _refuse_if_failed(result: Reindexed) -> None:
    if result.failed:
        examples = ", ".join(f"{i} ({why})" for i, why in sorted(result.failed.items())[:3])
        raise ReindexRefusedError(f"{result.target} refused {len(result.failed)} document(s), e.g. {examples}")


async def _copy(
    es: AsyncElasticsearch,
    source: str,
    target: str,
    analysis: Analysis,
    query: dict[str, Any],
    failed: dict[str, str],
    progress: Callable[[int], None] = lambda done: None,
) -> int:
    done = 0
    await es.indices.refresh(index=source)  # a point in time sees only what a refresh has made visible
    async for hits in pit_pages(es, source, PAGE, [], query=query):
        operations: list[dict[str, Any]] = []
        for hit in hits:
            operations += [{"index": {"_id": hit["_id"]}}, with_search_fields(hit["_source"], analysis)]
        response = await es.bulk(index=target, operations=operations)
        for entry in response["items"]:
            result = entry["index"]
            if result.get("status", 500) >= 300:
                error = result.get("error", {})
                failed[result["_id"]] = f"{result.get('status')} {error.get('type')}: {error.get('reason')}"
        done += len(hits)
        progress(done)
    return done


async def copy_to_next_version(
    es: AsyncElasticsearch,
    index: str,
    setting: AnalysisSetting = "auto",
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> Reindexed:
    """Copy the index behind the name `index` into its next version and move the alias there.
    `progress(done, total)` after each page of the main copy."""
    source = await current_index(es, index)
    if source is None:  # nothing to copy: the first version, empty
        first = await ensure_index(es, index, setting)
        return Reindexed(first, first, await index_analysis(es, index))
    analysis = await detect_analysis(es, setting)
    await install_template(es, index, analysis)
    target = version_name(index, version_of(index, source) + 1)
    result = Reindexed(source, target, analysis)
    # A version of that name is the leftover of an interrupted run: never behind the alias (the
    # alias points at `source`, the newest version reindex moved it to).
    await es.options(ignore_status=404).indices.delete(index=target)
    await es.indices.create(index=target)  # settings and mapping from the template
    began = utcnow() - CLOCK_MARGIN
    total = int((await es.count(index=source))["count"])
    copy = (es, source, target, analysis)
    try:
        result.copied = await _copy(*copy, {"match_all": {}}, result.failed, lambda done: progress(done, total))
        _refuse_if_failed(result)  # before the block: no write waits for a copy that will not be used
        await es.indices.add_block(index=source, block="write")
        since = {"range": {"indexed_at": {"gte": began.isoformat()}}}
        result.copied_again = await _copy(*copy, since, result.failed)
        _refuse_if_failed(result)
        await es.indices.refresh(index=target)
        leave: dict[str, Any] = (
            {"remove_index": {"index": source}} if source == index else {"remove": {"index": source, "alias": index}}
        )
        await es.indices.update_aliases(
            actions=[{"add": {"index": target, "alias": index, "is_write_index": True}}, leave]
        )
    except BaseException:  # the index in use takes writes (again); the half-made version goes
        await es.options(ignore_status=404).indices.put_settings(index=source, settings={"index.blocks.write": None})
        await es.options(ignore_status=404).indices.delete(index=target)
        raise
    return result
