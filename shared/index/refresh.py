"""When written articles become searchable: at once after a quiet spell, within `interval` in a burst.

A refresh makes Elasticsearch write a new segment, and refreshing with every bulk is what it spent
its CPU on: 400 one-article bulks took it 11-14 CPU-seconds with `refresh=true` against 1.8-3.3
without, on the cores the NLP needs. So the indexer refreshes with a bulk only when the last refresh
is at least `interval` old (a lone file is searchable when its bulk returns) and otherwise asks for
one refresh `interval` after the last, whatever came in meanwhile.

Near-duplicate search sees only refreshed documents, so the ones written since are kept here and
offered to it as candidates until a refresh has made them searchable.
"""

import asyncio
import contextlib
import logging
import time
from typing import Any

from elasticsearch import AsyncElasticsearch


class Refresher:
    def __init__(self, client: AsyncElasticsearch, index: str, interval: float, logger: logging.Logger) -> None:
        self.client, self.index, self.interval, self.logger = client, index, interval, logger
        self._last = float("-inf")  # monotonic time the last refresh began
        self._written = 0  # writes so far; a refresh makes every write before it began searchable
        self._unrefreshed: list[tuple[int, dict[str, Any]]] = []
        self._timer: asyncio.Task[None] | None = None

    def due(self) -> bool:
        """Refresh with this bulk: the last refresh is `interval` old (or there is no interval)."""
        return time.monotonic() - self._last >= self.interval

    def unrefreshed(self) -> list[dict[str, Any]]:
        """Documents written but maybe not searchable yet: id, minhash, minhash_bands, story_id."""
        return [doc for _, doc in self._unrefreshed]

    def written(self, docs: list[dict[str, Any]], refreshed: bool, began: float) -> None:
        """After a bulk that began at `began` (monotonic) and wrote `docs`, with or without refresh."""
        self._written += 1
        if refreshed:
            self._refreshed(began, self._written)
        else:
            self._unrefreshed += [(self._written, doc) for doc in docs]
            if self._timer is None or self._timer.done():
                self._timer = asyncio.create_task(self._refresh_later())

    def _refreshed(self, began: float, through: int) -> None:
        self._last = max(self._last, began)
        self._unrefreshed = [(n, doc) for n, doc in self._unrefreshed if n > through]

    async def _refresh_later(self) -> None:
        await asyncio.sleep(max(0.0, self._last + self.interval - time.monotonic()))
        await self._refresh()

    async def _refresh(self) -> None:
        began, through = time.monotonic(), self._written
        try:
            await self.client.indices.refresh(index=self.index)
        except Exception as exc:  # the index's own refresh_interval makes them searchable anyway
            self.logger.warning("refresh failed", extra={"index": self.index, "error": repr(exc)[:300]})
            return
        self._refreshed(began, through)

    async def close(self) -> None:
        """Everything written is searchable before the client goes, without waiting out the interval."""
        if self._timer is not None and not self._timer.done():
            self._timer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._timer
            await self._refresh()
